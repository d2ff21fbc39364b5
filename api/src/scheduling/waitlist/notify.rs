//! The emails of the waitlist and of fair release, rendered and queued in the outbox inside
//! the caller's transaction (sent if and only if it commits).

use super::super::setup::OfficeSetup;
use super::super::view::ServiceTexts;
use super::super::{Context, Result, catalog};
use crate::domain::release::Round;
use crate::mail::waitlist::{self as mail, WaitlistNotice};
use crate::store::Tx;
use crate::store::outbox::{self, NewMessage};
use crate::store::waitlist::EntryRow;
use chrono::{DateTime, Utc};
use shared::locale::Locale;

/// Whom a waitlist email goes to.
pub(in crate::scheduling) struct Recipient<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub locale: Locale,
}

/// An offer just made, as its email tells it.
pub(super) struct Offered<'a> {
    pub link: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// (service id, quantity).
    pub services: &'a [(i64, u32)],
}

/// Asks to confirm a new entry, linking to it.
pub(super) async fn confirmation(
    tx: &mut Tx,
    context: &Context<'_>,
    to: &Recipient<'_>,
    office: &OfficeSetup,
    services: &[(i64, u32)],
    link: String,
    confirm_by: DateTime<Utc>,
) -> Result<()> {
    let notice = WaitlistNotice::Confirm {
        link,
        confirm_by: confirm_by.with_timezone(&office.time_zone).fixed_offset(),
        services: service_lines(tx, to.locale, services).await?,
    };
    queue(tx, context, to, None, &notice).await
}

/// Asks to confirm an entry in the draw of `round` before it closes, linking to the entry.
pub(in crate::scheduling) async fn draw_confirmation(
    tx: &mut Tx,
    context: &Context<'_>,
    to: &Recipient<'_>,
    office: &OfficeSetup,
    services: &[(i64, u32)],
    link: String,
    round: &Round,
) -> Result<()> {
    let notice = WaitlistNotice::DrawConfirm {
        link,
        day: round.day,
        draws_at: round
            .closes_at
            .with_timezone(&office.time_zone)
            .fixed_offset(),
        services: service_lines(tx, to.locale, services).await?,
    };
    queue(tx, context, to, Some(office.id()), &notice).await
}

/// Tells an entrant that the draw of `day` left nothing for them.
pub(in crate::scheduling) async fn not_drawn(
    tx: &mut Tx,
    context: &Context<'_>,
    to: &Recipient<'_>,
    office: &OfficeSetup,
    day: chrono::NaiveDate,
) -> Result<()> {
    let notice = WaitlistNotice::NotDrawn {
        day,
        start_link: context.links.start(),
    };
    queue(tx, context, to, Some(office.id()), &notice).await
}

/// "2 × Personalausweis" for each (service id, quantity), in `locale`.
async fn service_lines(
    tx: &mut Tx,
    locale: Locale,
    services: &[(i64, u32)],
) -> Result<Vec<String>> {
    let texts = ServiceTexts::load(tx, locale).await?;
    Ok(services
        .iter()
        .map(|&(service_id, quantity)| format!("{quantity} × {}", texts.name(service_id)))
        .collect())
}

/// Tells a citizen who waits for an earlier time of the appointment at `current` where to see
/// or leave the entry.
pub(super) async fn earlier(
    tx: &mut Tx,
    context: &Context<'_>,
    to: &Recipient<'_>,
    office: &OfficeSetup,
    current: DateTime<Utc>,
    link: String,
) -> Result<()> {
    let notice = WaitlistNotice::Earlier {
        link,
        current: current.with_timezone(&office.time_zone).fixed_offset(),
    };
    queue(tx, context, to, Some(office.id()), &notice).await
}

/// Tells the entry's citizen of an offer.
pub(super) async fn offer(
    tx: &mut Tx,
    context: &Context<'_>,
    entry: &EntryRow,
    office: &OfficeSetup,
    offered: &Offered<'_>,
) -> Result<()> {
    let locale = Locale::from_tag(&entry.locale).unwrap_or_default();
    let texts = ServiceTexts::load(tx, locale).await?;
    let zone = office.time_zone;
    let notice = WaitlistNotice::Offer {
        link: offered.link.clone(),
        start: offered.start.with_timezone(&zone).fixed_offset(),
        end: offered.end.with_timezone(&zone).fixed_offset(),
        expires_at: offered.expires_at.with_timezone(&zone).fixed_offset(),
        services: offered
            .services
            .iter()
            .map(|&(service_id, quantity)| texts.booked(service_id, quantity))
            .collect(),
    };
    let to = Recipient {
        name: &entry.citizen_name,
        email: &entry.citizen_email,
        locale,
    };
    queue(tx, context, &to, Some(office.id()), &notice).await
}

async fn queue(
    tx: &mut Tx,
    context: &Context<'_>,
    to: &Recipient<'_>,
    office_id: Option<i64>,
    notice: &WaitlistNotice,
) -> Result<()> {
    let offices = catalog::offices(tx, to.locale).await?;
    let office = office_id.and_then(|id| offices.iter().find(|o| o.id.0 == id));
    let help = context.links.help();
    let rendered = mail::render(notice, to.locale, to.name, office, &help);
    let message_id = format!(
        "<{}.{}@{}>",
        notice.kind(),
        uuid::Uuid::new_v4().simple(),
        context.links.domain()
    );
    outbox::enqueue(
        tx,
        &NewMessage {
            kind: notice.kind(),
            booking_id: None,
            recipient: to.email,
            subject: &rendered.subject,
            body_text: &rendered.text,
            body_html: &rendered.html,
            ics: None,
            ics_method: None,
            message_id: &message_id,
        },
        context.now,
    )
    .await?;
    Ok(())
}
