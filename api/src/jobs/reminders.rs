//! Reminders: an email a configurable time before each booked appointment, with the link to
//! cancel ("can't come? please cancel so that someone else gets the slot"). Each appointment
//! gets at most one; cancelled appointments none.

use super::Jobs;
use crate::mail::templates::Notice;
use crate::scheduling::notifications;
use crate::store::bookings;
use shared::ids::AppointmentId;

/// Queues the reminders that are due now; returns how many.
pub async fn queue_due(jobs: &Jobs) -> anyhow::Result<usize> {
    let now = jobs.clock.now();
    let mut tx = jobs.db.begin_read().await?;
    let due = bookings::due_reminders(&mut tx, now, now + jobs.reminder_lead).await?;
    drop(tx);
    let mut queued = 0;
    for (appointment_id, booking_id) in due {
        let mut tx = jobs.db.begin().await?;
        if bookings::mark_reminder_queued(&mut tx, appointment_id, now).await? {
            let notice = Notice::Reminder {
                appointment: AppointmentId(appointment_id),
            };
            notifications::queue(&mut tx, notice, booking_id, None, &jobs.links, now).await?;
            tx.commit().await?;
            queued += 1;
        }
    }
    Ok(queued)
}
