//! Which email a change causes. Messages are rendered and queued in the outbox inside the
//! caller's transaction, so they are sent if and only if the change is committed.

use super::Result;
use super::booking::booking_view;
use super::catalog;
use crate::domain::tokens::{hash_token, new_secret_token};
use crate::mail::templates::{self, MailContext, Notice};
use crate::store::outbox::{self, NewMessage};
use crate::store::{Tx, bookings};
use chrono::{DateTime, Utc};
use shared::ids::AppointmentId;
use std::collections::HashMap;
use url::Url;

/// The public addresses that emails link to.
#[derive(Debug, Clone)]
pub struct Links {
    public_url: Url,
}

impl Links {
    pub fn new(public_url: Url) -> Links {
        Links { public_url }
    }

    fn page(&self, path: &str) -> String {
        self.public_url.join(path).map_or_else(
            |_| format!("{}{path}", self.public_url),
            |url| url.to_string(),
        )
    }

    /// The SPA's manage page; the token rides in the fragment, which browsers never send.
    pub fn manage(&self, reference: &str, token: &str) -> String {
        format!(
            "{}#token={token}",
            self.page(&format!("booking/{reference}"))
        )
    }

    pub fn activation(&self, reference: &str, token: &str) -> String {
        format!(
            "{}#activate={token}",
            self.page(&format!("booking/{reference}"))
        )
    }

    pub fn help(&self) -> String {
        self.page("help")
    }

    pub fn domain(&self) -> &str {
        self.public_url
            .host_str()
            .unwrap_or("terminvergabe.invalid")
    }
}

/// Queues the email for `notice` about a booking. `manage_token` is the token to link to when
/// the caller has it in plain text (right after booking); otherwise a fresh one is issued.
/// A booking whose personal data is already deleted gets no email.
pub async fn queue(
    tx: &mut Tx,
    notice: Notice,
    booking_id: i64,
    manage_token: Option<&str>,
    links: &Links,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = bookings::booking_by_id(tx, booking_id).await?;
    let view = booking_view(tx, &row, now).await?;
    queue_for(tx, notice, &row, &view, manage_token, links, now).await
}

/// Like [`queue`], for a caller that has read the booking and its view in this transaction.
pub async fn queue_for(
    tx: &mut Tx,
    notice: Notice,
    row: &bookings::BookingRow,
    view: &shared::bookings::Booking,
    manage_token: Option<&str>,
    links: &Links,
    now: DateTime<Utc>,
) -> Result<()> {
    let booking_id = row.id;
    let (Some(recipient), Some(name)) = (row.citizen_email.clone(), row.citizen_name.clone())
    else {
        tracing::info!(reference = %row.reference, kind = notice.kind(), "no email: personal data already deleted");
        return Ok(());
    };
    let offices = catalog::offices(tx, view.locale).await?;
    let sequences: HashMap<AppointmentId, u32> = bookings::sequences_of_booking(tx, booking_id)
        .await?
        .into_iter()
        .map(|(id, sequence)| (AppointmentId(id), u32::try_from(sequence).unwrap_or(0)))
        .collect();
    let manage_link = match (&notice, manage_token) {
        (Notice::Activation { .. }, _) => None,
        (_, Some(token)) => Some(links.manage(&row.reference, token)),
        (_, None) => {
            let token = new_secret_token();
            bookings::add_manage_token(tx, booking_id, &hash_token(&token), now).await?;
            Some(links.manage(&row.reference, &token))
        }
    };
    let context = MailContext {
        booking: view,
        citizen_name: &name,
        offices: &offices,
        manage_link,
        help_link: links.help(),
        uid_domain: links.domain(),
        sequences: &sequences,
        now,
    };
    let rendered = templates::render(&notice, &context);
    let message_id = format!(
        "<{}.{}@{}>",
        notice.kind(),
        uuid::Uuid::new_v4().simple(),
        links.domain()
    );
    let (ics_method, ics) = match &rendered.ics {
        Some((method, ics)) => (Some(method.as_str()), Some(ics.as_str())),
        None => (None, None),
    };
    outbox::enqueue(
        tx,
        &NewMessage {
            kind: notice.kind(),
            booking_id: Some(booking_id),
            recipient: &recipient,
            subject: &rendered.subject,
            body_text: &rendered.text,
            body_html: &rendered.html,
            ics,
            ics_method,
            message_id: &message_id,
        },
        now,
    )
    .await?;
    Ok(())
}
