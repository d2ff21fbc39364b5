//! Which webhook event a change causes. Events go to the portal that made the booking (and
//! only to it: a portal never learns about bookings it did not make), rendered and queued in
//! the caller's transaction, so they are delivered if and only if the change is committed
//! (the commit wakes the webhook worker).

use crate::scheduling::{Result, view};
use crate::store::bookings::{self, BookingRow};
use crate::store::{Tx, api_clients, webhooks};
use chrono::{DateTime, Utc};
use shared::bookings::{AppointmentStatus, Booking};
use shared::ids::AppointmentId;
use shared::portal::{WebhookData, WebhookEvent, WebhookEventType};

/// What happened to a booking.
#[derive(Debug, Clone, Copy)]
pub struct Happening<'a> {
    pub event_type: WebhookEventType,
    /// The appointments concerned (empty: all of the booking's).
    pub appointment_ids: &'a [i64],
    /// For status changes: the new status.
    pub status: Option<AppointmentStatus>,
}

impl Happening<'_> {
    pub fn of(event_type: WebhookEventType) -> Happening<'static> {
        Happening {
            event_type,
            appointment_ids: &[],
            status: None,
        }
    }
}

/// Queues the event about a booking for the portal that made it, if that portal has a
/// webhook.
pub async fn queue(
    tx: &mut Tx,
    happening: Happening<'_>,
    booking_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(client_id) = api_clients::webhook_of_booking(tx, booking_id).await? else {
        return Ok(());
    };
    let row = bookings::booking_by_id(tx, booking_id).await?;
    let booking = view::load(tx, &row, now).await?;
    enqueue(tx, client_id, happening, &row, booking, now).await
}

/// Like [`queue`], for a caller that has the booking and its view (one just written).
pub async fn queue_for(
    tx: &mut Tx,
    happening: Happening<'_>,
    row: &BookingRow,
    booking: &Booking,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(client_id) = api_clients::webhook_of_booking(tx, row.id).await? else {
        return Ok(());
    };
    enqueue(tx, client_id, happening, row, booking.clone(), now).await
}

async fn enqueue(
    tx: &mut Tx,
    client_id: i64,
    happening: Happening<'_>,
    row: &BookingRow,
    booking: Booking,
    now: DateTime<Utc>,
) -> Result<()> {
    let appointment_ids = if happening.appointment_ids.is_empty() {
        booking.appointments.iter().map(|a| a.id).collect()
    } else {
        happening
            .appointment_ids
            .iter()
            .copied()
            .map(AppointmentId)
            .collect()
    };
    let event = WebhookEvent {
        id: format!("evt_{}", uuid::Uuid::new_v4().simple()),
        event_type: happening.event_type,
        created_at: now,
        data: WebhookData {
            reference: row.reference.clone(),
            appointment_ids,
            status: happening.status,
            booking,
        },
    };
    let body = serde_json::to_string(&event)
        .map_err(|error| crate::store::StoreError::Corrupt(error.to_string()))?;
    let event_type = happening.event_type.as_str();
    webhooks::enqueue(tx, client_id, &event.id, event_type, &body, now).await?;
    Ok(())
}
