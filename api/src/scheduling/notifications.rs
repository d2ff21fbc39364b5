//! Which email a change causes. Messages are rendered and queued in the outbox inside the
//! caller's transaction, so they are sent if and only if the change is committed.

use super::Result;
use super::catalog;
use super::links::Links;
use crate::domain::tokens::{hash_token, new_secret_token};
use crate::mail::templates::{self, MailContext, Notice};
use crate::store::outbox::{self, NewMessage};
use crate::store::{Tx, bookings};
use chrono::{DateTime, Utc};
use shared::ids::AppointmentId;
use std::collections::HashMap;

/// How often each appointment of a booking was moved: the SEQUENCE of its calendar event.
pub async fn sequences(tx: &mut Tx, booking_id: i64) -> Result<HashMap<AppointmentId, u32>> {
    Ok(bookings::sequences_of_booking(tx, booking_id)
        .await?
        .into_iter()
        .map(|(id, sequence)| (AppointmentId(id), u32::try_from(sequence).unwrap_or(0)))
        .collect())
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
    if row.citizen_email.is_none() {
        tracing::info!(reference = %row.reference, kind = notice.kind(), "no email: personal data already deleted");
        return Ok(());
    }
    let view = super::view::load(tx, &row, now).await?;
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
    let sequences = sequences(tx, booking_id).await?;
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
