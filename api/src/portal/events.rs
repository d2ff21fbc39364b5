//! Which webhook event a change causes. Events go to the portal that made the booking (and
//! only to it: a portal never learns about bookings it did not make), rendered and queued in
//! the caller's transaction, so they are delivered if and only if the change is committed.

use crate::scheduling::Result;
use crate::scheduling::booking::booking_view;
use crate::store::{Tx, api_clients, bookings, webhooks};
use chrono::{DateTime, Utc};
use shared::bookings::AppointmentStatus;
use shared::ids::AppointmentId;
use shared::portal::{WebhookData, WebhookEvent, WebhookEventType};

/// Queues `event_type` about a booking for the portal that made it, if that portal has a
/// webhook. Returns whether an event was queued (so the caller can wake the worker).
pub async fn queue(
    tx: &mut Tx,
    event_type: WebhookEventType,
    booking_id: i64,
    appointment_ids: &[i64],
    status: Option<AppointmentStatus>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let Some(client_id) = api_clients::webhook_of_booking(tx, booking_id).await? else {
        return Ok(false);
    };
    let row = bookings::booking_by_id(tx, booking_id).await?;
    let booking = booking_view(tx, &row, now).await?;
    let appointment_ids = if appointment_ids.is_empty() {
        booking.appointments.iter().map(|a| a.id).collect()
    } else {
        appointment_ids.iter().copied().map(AppointmentId).collect()
    };
    let event = WebhookEvent {
        id: format!("evt_{}", uuid::Uuid::new_v4().simple()),
        event_type,
        created_at: now,
        data: WebhookData {
            reference: row.reference.clone(),
            appointment_ids,
            status,
            booking,
        },
    };
    let body = serde_json::to_string(&event)
        .map_err(|error| crate::store::StoreError::Corrupt(error.to_string()))?;
    webhooks::enqueue(tx, client_id, &event.id, event_type.as_str(), &body, now).await?;
    Ok(true)
}
