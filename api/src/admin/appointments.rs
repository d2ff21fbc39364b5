//! Handling appointments at the counter: check-in, completion, no-show, cancelling by the
//! office (which gives the capacity back and notifies the citizen), and booking on behalf of
//! a citizen through the staff channel.

use super::audit::{self, Change};
use crate::domain::schedule::Channel;
use crate::domain::staff::StaffIdentity;
use crate::mail::templates::Notice;
use crate::portal::events;
use crate::scheduling::booking::{self, BookingInput};
use crate::scheduling::notifications::{self, Links};
use crate::scheduling::{Error, Result, field};
use crate::store::staff_appointments::{self, PlannedRow};
use crate::store::{Tx, bookings};
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::admin::{StaffBookingRequest, StaffStatus, StatusChange};
use shared::bookings::{AppointmentRequest, AppointmentStatus, Booking, CreateBooking};
use shared::ids::{AppointmentId, OfficeId};
use shared::portal::WebhookEventType;

/// Longest reason for a cancellation by the office.
pub const MAX_REASON_CHARS: usize = 500;

/// What a status change does to a stored appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Set this status; the capacity stays claimed.
    Set(&'static str),
    /// Cancel by the office: release the capacity and notify the citizen.
    CancelByOffice,
}

/// The allowed status changes: a booked appointment may be checked in, completed, marked a
/// no-show once it has begun, or cancelled by the office before it begins; a checked-in one
/// completed; a no-show checked in after all (the citizen came late).
pub fn transition(current: &str, target: StaffStatus, started: bool) -> Result<Transition> {
    let refused = || {
        Error::Conflict(
            "invalid_transition",
            format!("an appointment that is {current} cannot become {target:?}"),
        )
    };
    match (target, current) {
        (StaffStatus::CheckedIn, "booked" | "no_show") => Ok(Transition::Set("checked_in")),
        (StaffStatus::Completed, "booked" | "checked_in") => Ok(Transition::Set("completed")),
        (StaffStatus::NoShow, "booked") if started => Ok(Transition::Set("no_show")),
        (StaffStatus::NoShow, "booked") => Err(Error::Conflict(
            "not_yet_started",
            "an appointment can only be marked a no-show once it has begun".into(),
        )),
        (StaffStatus::CancelledByOffice, "booked" | "pending_activation") => {
            Ok(Transition::CancelByOffice)
        }
        _ => Err(refused()),
    }
}

#[derive(Debug, Serialize)]
struct StatusSnapshot<'a> {
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// Applies a staff status change to an appointment (locked by the caller).
pub async fn change_status(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    links: &Links,
    row: &PlannedRow,
    change: &StatusChange,
) -> Result<()> {
    let current = if row.expires_at.is_some_and(|at| at <= now) {
        "expired"
    } else {
        row.status.as_str()
    };
    match transition(current, change.status, row.start_at <= now)? {
        Transition::CancelByOffice => {
            let reason = change
                .reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty() && r.chars().count() <= MAX_REASON_CHARS)
                .ok_or_else(|| {
                    Error::Invalid(vec![field(
                        "reason",
                        "reason_required",
                        format!(
                            "say why the office cancels (1 to {MAX_REASON_CHARS} characters); the citizen is told"
                        ),
                    )])
                })?;
            cancel_by_office(tx, actor, now, links, row, reason).await
        }
        Transition::Set(status) => {
            if !staff_appointments::set_status(tx, row.id, &row.status, status).await? {
                return Err(Error::Conflict(
                    "changed_meanwhile",
                    "the appointment was changed meanwhile; reload the day plan".into(),
                ));
            }
            audit::record(
                tx,
                actor,
                now,
                Change {
                    action: "appointment.status_changed",
                    entity: "appointment",
                    entity_id: Some(row.id.to_string()),
                    office_id: Some(row.office_id),
                    before: audit::json(&StatusSnapshot {
                        status: &row.status,
                        reason: None,
                    }),
                    after: audit::json(&StatusSnapshot {
                        status,
                        reason: change.reason.as_deref(),
                    }),
                },
            )
            .await?;
            events::queue(
                tx,
                WebhookEventType::AppointmentStatusChanged,
                row.booking_id,
                &[row.id],
                Some(booking::appointment_status(status, false)),
                now,
            )
            .await?;
            Ok(())
        }
    }
}

/// Cancels one appointment by the office: its capacity is bookable again at once, the
/// change is audited, and the citizen is notified.
pub async fn cancel_by_office(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    links: &Links,
    row: &PlannedRow,
    reason: &str,
) -> Result<()> {
    let booking_row = bookings::booking_by_id(tx, row.booking_id).await?;
    let cancelled = booking::cancel(
        tx,
        now,
        &booking_row,
        Some(&[AppointmentId(row.id)]),
        "cancelled_by_office",
        Some(reason),
    )
    .await?;
    if cancelled.is_empty() {
        return Ok(());
    }
    audit::record(
        tx,
        actor,
        now,
        Change {
            action: "appointment.cancelled_by_office",
            entity: "appointment",
            entity_id: Some(row.id.to_string()),
            office_id: Some(row.office_id),
            before: audit::json(&StatusSnapshot {
                status: &row.status,
                reason: None,
            }),
            after: audit::json(&StatusSnapshot {
                status: "cancelled_by_office",
                reason: Some(reason),
            }),
        },
    )
    .await?;
    events::queue(
        tx,
        WebhookEventType::AppointmentStatusChanged,
        row.booking_id,
        &[row.id],
        Some(AppointmentStatus::CancelledByOffice),
        now,
    )
    .await?;
    notify_office_cancellation(
        tx,
        &OfficeCancellation {
            booking_id: row.booking_id,
            appointment_id: row.id,
            reference: &row.reference,
            reason,
        },
        links,
        now,
    )
    .await
}

/// An appointment the office cancelled, as the citizen's notification needs it.
#[derive(Debug)]
pub struct OfficeCancellation<'a> {
    pub booking_id: i64,
    pub appointment_id: i64,
    pub reference: &'a str,
    pub reason: &'a str,
}

/// THE place where a citizen is told that the office cancelled their appointment; every
/// cancellation by the office (status change or configuration change) comes through here,
/// inside the cancelling transaction: the email (with the reason and a calendar that removes
/// the event) is queued in the outbox and sent once the change is committed.
pub async fn notify_office_cancellation(
    tx: &mut Tx,
    cancellation: &OfficeCancellation<'_>,
    links: &Links,
    now: DateTime<Utc>,
) -> Result<()> {
    let notice = Notice::Cancellation {
        appointments: vec![AppointmentId(cancellation.appointment_id)],
        office_reason: Some(cancellation.reason.to_owned()),
    };
    notifications::queue(tx, notice, cancellation.booking_id, None, links, now).await?;
    tracing::info!(
        reference = cancellation.reference,
        appointment_id = cancellation.appointment_id,
        "appointment cancelled by the office; citizen notified"
    );
    Ok(())
}

#[derive(Debug, Serialize)]
struct StaffBookingSnapshot<'a> {
    reference: &'a str,
    appointments: Vec<i64>,
    start: String,
}

/// Books one appointment at `office_id` for a citizen on the phone or at the counter: the
/// staff channel may use the counters kept off the online channel, has no email limit and
/// needs no activation. Returns the booking with its manage token.
pub async fn book_on_behalf(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    links: &Links,
    office_id: OfficeId,
    request: &StaffBookingRequest,
) -> Result<Booking> {
    let input = BookingInput::parse(CreateBooking {
        appointments: vec![AppointmentRequest {
            office_id,
            services: request.services.clone(),
            start: request.start,
            hold_id: None,
        }],
        citizen: request.citizen.clone(),
        locale: request.locale,
    })?;
    let created = booking::create_booking(tx, now, &input, Channel::Staff).await?;
    let row = &created.booking;
    let mut view = booking::booking_view(tx, row, now).await?;
    audit::record(
        tx,
        actor,
        now,
        Change {
            action: "booking.created_by_staff",
            entity: "booking",
            entity_id: Some(view.reference.clone()),
            office_id: Some(office_id.0),
            before: None,
            after: audit::json(&StaffBookingSnapshot {
                reference: &view.reference,
                appointments: view.appointments.iter().map(|a| a.id.0).collect(),
                start: request.start.to_rfc3339(),
            }),
        },
    )
    .await?;
    // The citizen gets the same confirmation (documents, manage link, calendar) as online.
    notifications::queue_for(
        tx,
        Notice::Confirmation,
        row,
        &view,
        Some(&created.manage_token),
        links,
        now,
    )
    .await?;
    view.manage_token = Some(created.manage_token);
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_booked_appointment_can_be_checked_in_completed_or_cancelled() {
        assert_eq!(
            transition("booked", StaffStatus::CheckedIn, false).unwrap(),
            Transition::Set("checked_in")
        );
        assert_eq!(
            transition("checked_in", StaffStatus::Completed, true).unwrap(),
            Transition::Set("completed")
        );
        assert_eq!(
            transition("booked", StaffStatus::CancelledByOffice, false).unwrap(),
            Transition::CancelByOffice
        );
    }

    #[test]
    fn a_no_show_needs_the_appointment_to_have_begun() {
        assert!(matches!(
            transition("booked", StaffStatus::NoShow, false),
            Err(Error::Conflict("not_yet_started", _))
        ));
        assert_eq!(
            transition("booked", StaffStatus::NoShow, true).unwrap(),
            Transition::Set("no_show")
        );
    }

    #[test]
    fn finished_or_cancelled_appointments_stay_as_they_are() {
        for (current, target) in [
            ("completed", StaffStatus::CheckedIn),
            ("cancelled_by_citizen", StaffStatus::CheckedIn),
            ("checked_in", StaffStatus::CancelledByOffice),
            ("no_show", StaffStatus::Completed),
            ("expired", StaffStatus::CancelledByOffice),
        ] {
            assert!(
                matches!(
                    transition(current, target, true),
                    Err(Error::Conflict("invalid_transition", _))
                ),
                "{current} → {target:?}"
            );
        }
    }
}
