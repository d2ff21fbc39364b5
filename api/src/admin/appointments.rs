//! Handling appointments at the counter: check-in (which puts the citizen in the office's call
//! queue), completion, no-show, cancelling by the office (which gives the capacity back and
//! notifies the citizen), and booking on behalf of a citizen through the staff channel. One
//! use-case function per request, returning the finished answer.

use super::audit::{self, Change};
use super::day_plan;
use crate::domain::audit::{AuditAction, AuditEntity};
use crate::domain::schedule::Channel;
use crate::domain::staff::{Capability, StaffIdentity};
use crate::domain::state::{AppointmentState, Canceller};
use crate::mail::templates::Notice;
use crate::portal::events::{self, Happening};
use crate::scheduling::links::Links;
use crate::scheduling::plan::BookingInput;
use crate::scheduling::setup::OfficeSetup;
use crate::scheduling::{
    Context, Error, Result, booking, call_queue, field, manage, notifications,
};
use crate::store::staff_appointments::{self, PlannedRow};
use crate::store::{Tx, bookings};
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::admin::{StaffAppointment, StaffBookingRequest, StaffStatus, StatusChange};
use shared::bookings::{AppointmentRequest, Booking, CreateBooking};
use shared::ids::{AppointmentId, OfficeId};
use shared::locale::Locale;
use shared::portal::WebhookEventType;

/// Longest reason for a cancellation by the office.
pub const MAX_REASON_CHARS: usize = 500;

/// What a status change does to a stored appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Set this state; the capacity stays claimed.
    Set(AppointmentState),
    /// Cancel by the office: release the capacity and notify the citizen.
    CancelByOffice,
}

/// The allowed status changes: a booked appointment may be checked in, completed, marked a
/// no-show once it has begun, or cancelled by the office before it begins; a checked-in one
/// completed; a no-show checked in after all (the citizen came late).
pub fn transition(
    current: AppointmentState,
    target: StaffStatus,
    started: bool,
) -> Result<Transition> {
    use AppointmentState::{Booked, CheckedIn, NoShow, PendingActivation};
    let refused = || {
        Error::Conflict(
            "invalid_transition",
            format!(
                "an appointment that is {} cannot become {target:?}",
                current.as_str()
            ),
        )
    };
    match (target, current) {
        (StaffStatus::CheckedIn, Booked | NoShow) => Ok(Transition::Set(CheckedIn)),
        (StaffStatus::Completed, Booked | CheckedIn) => {
            Ok(Transition::Set(AppointmentState::Completed))
        }
        (StaffStatus::NoShow, Booked) if started => Ok(Transition::Set(NoShow)),
        (StaffStatus::NoShow, Booked) => Err(Error::Conflict(
            "not_yet_started",
            "an appointment can only be marked a no-show once it has begun".into(),
        )),
        (StaffStatus::CancelledByOffice, Booked | PendingActivation) => {
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

/// `POST /admin/appointments/{id}/status`: applies a staff status change and answers with the
/// appointment as the day plan shows it. An appointment of an office the account may not
/// handle is not found, exactly like one that does not exist.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, appointment_id = appointment_id.0, status = ?change.status))]
pub async fn change_status(
    tx: &mut Tx,
    context: &Context<'_>,
    actor: &StaffIdentity,
    appointment_id: AppointmentId,
    change: &StatusChange,
    locale: Locale,
) -> Result<StaffAppointment> {
    let row = staff_appointments::by_id_for_update(tx, appointment_id.0)
        .await?
        .filter(|row| actor.may(Capability::HandleAppointments, row.office_id))
        .ok_or(Error::NotFound)?;
    apply(tx, actor, context.now, context.links, &row, change).await?;
    let setup = OfficeSetup::existing(tx, row.office_id).await?;
    let row = staff_appointments::by_id(tx, row.id)
        .await?
        .ok_or(Error::NotFound)?;
    tracing::info!("appointment status changed by staff");
    day_plan::appointment(tx, &row, setup.time_zone, locale, context.now).await
}

/// Applies a staff status change to an appointment (locked by the caller).
async fn apply(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    links: &Links,
    row: &PlannedRow,
    change: &StatusChange,
) -> Result<()> {
    let current = if row.expires_at.is_some_and(|at| at <= now) {
        AppointmentState::Expired
    } else {
        row.status
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
            if !staff_appointments::set_status(tx, row.id, row.status, status).await? {
                return Err(Error::Conflict(
                    "changed_meanwhile",
                    "the appointment was changed meanwhile; reload the day plan".into(),
                ));
            }
            announce_status_change(
                tx,
                actor,
                now,
                row,
                AuditAction::AppointmentStatusChanged,
                status,
                change.reason.as_deref(),
            )
            .await?;
            if status == AppointmentState::CheckedIn {
                call_queue::enqueue_checked_in(tx, now, row).await?;
            }
            Ok(())
        }
    }
}

/// The call queue settles a checked-in appointment: its entry was finished (`Completed`) or
/// its citizen did not come when called (`NoShow`). Audited and told to the portal like a
/// change in the day plan; nothing when the appointment is no longer checked in (staff
/// changed it meanwhile).
pub async fn settle_checked_in(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    appointment_id: i64,
    outcome: AppointmentState,
) -> Result<()> {
    let Some(row) = staff_appointments::by_id_for_update(tx, appointment_id).await? else {
        return Ok(());
    };
    if row.status != AppointmentState::CheckedIn
        || !staff_appointments::set_status(tx, row.id, row.status, outcome).await?
    {
        return Ok(());
    }
    let action = AuditAction::AppointmentStatusChanged;
    announce_status_change(tx, actor, now, &row, action, outcome, None).await
}

/// Audits a staff change of an appointment's state and tells the portal that booked it.
async fn announce_status_change(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    row: &PlannedRow,
    action: AuditAction,
    status: AppointmentState,
    reason: Option<&str>,
) -> Result<()> {
    let snapshot = |status: AppointmentState, reason| StatusSnapshot {
        status: status.as_str(),
        reason,
    };
    let change = Change::of(action, AuditEntity::Appointment, row.id)
        .at_office(row.office_id)
        .before(&snapshot(row.status, None))
        .after(&snapshot(status, reason));
    audit::record(tx, actor, now, change).await?;
    let happening = Happening {
        event_type: WebhookEventType::AppointmentStatusChanged,
        appointment_ids: &[row.id],
        status: Some(status.shown(false)),
    };
    events::queue(tx, happening, row.booking_id, now).await?;
    Ok(())
}

/// Cancels one appointment by the office: its capacity is bookable again at once, the
/// change is audited, and the citizen is notified.
#[tracing::instrument(skip_all, fields(actor_id = actor.id))]
pub async fn cancel_by_office(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    links: &Links,
    row: &PlannedRow,
    reason: &str,
) -> Result<()> {
    let booking_row = bookings::booking_by_id(tx, row.booking_id).await?;
    let cancelled = manage::cancel_appointments(
        tx,
        now,
        &booking_row,
        Some(&[AppointmentId(row.id)]),
        Canceller::Office,
        Some(reason),
    )
    .await?;
    if cancelled.is_empty() {
        return Ok(());
    }
    announce_status_change(
        tx,
        actor,
        now,
        row,
        AuditAction::AppointmentCancelledByOffice,
        AppointmentState::CancelledByOffice,
        Some(reason),
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
    .await?;
    let context = crate::scheduling::Context { now, links };
    crate::scheduling::waitlist::matching::offer_freed_safely(tx, &context, &[row.office_id]).await
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

/// `POST /admin/offices/{office_id}/bookings`: books one appointment for a citizen on the
/// phone or at the counter. The staff channel may use the counters kept off the online
/// channel, has no email limit and needs no activation; the citizen gets the same
/// confirmation as online. Returns the booking with its manage token.
#[tracing::instrument(skip_all, fields(office_id = office_id.0))]
pub async fn book_on_behalf(
    tx: &mut Tx,
    context: &Context<'_>,
    actor: &StaffIdentity,
    office_id: OfficeId,
    request: &StaffBookingRequest,
) -> Result<Booking> {
    OfficeSetup::existing(tx, office_id.0).await?;
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
    let written = booking::write(tx, context.now, &input, Channel::Staff).await?;
    let view = &written.view;
    audit::record(
        tx,
        actor,
        context.now,
        Change {
            action: AuditAction::BookingCreatedByStaff,
            entity: AuditEntity::Booking,
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
    booking::confirm_by_email(tx, context, Notice::Confirmation, &written).await?;
    tracing::info!(reference = %view.reference, "booking created by staff");
    Ok(written.answer())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_booked_appointment_can_be_checked_in_completed_or_cancelled() {
        assert_eq!(
            transition(AppointmentState::Booked, StaffStatus::CheckedIn, false).unwrap(),
            Transition::Set(AppointmentState::CheckedIn)
        );
        assert_eq!(
            transition(AppointmentState::CheckedIn, StaffStatus::Completed, true).unwrap(),
            Transition::Set(AppointmentState::Completed)
        );
        assert_eq!(
            transition(
                AppointmentState::Booked,
                StaffStatus::CancelledByOffice,
                false
            )
            .unwrap(),
            Transition::CancelByOffice
        );
    }

    #[test]
    fn a_no_show_needs_the_appointment_to_have_begun() {
        assert!(matches!(
            transition(AppointmentState::Booked, StaffStatus::NoShow, false),
            Err(Error::Conflict("not_yet_started", _))
        ));
        assert_eq!(
            transition(AppointmentState::Booked, StaffStatus::NoShow, true).unwrap(),
            Transition::Set(AppointmentState::NoShow)
        );
    }

    #[test]
    fn finished_or_cancelled_appointments_stay_as_they_are() {
        for (current, target) in [
            (AppointmentState::Completed, StaffStatus::CheckedIn),
            (AppointmentState::CancelledByCitizen, StaffStatus::CheckedIn),
            (AppointmentState::CheckedIn, StaffStatus::CancelledByOffice),
            (AppointmentState::NoShow, StaffStatus::Completed),
            (AppointmentState::Expired, StaffStatus::CancelledByOffice),
        ] {
            assert!(
                matches!(
                    transition(current, target, true),
                    Err(Error::Conflict("invalid_transition", _))
                ),
                "{current:?} → {target:?}"
            );
        }
    }
}
