//! What the holder of a booking's manage token may do — view it, download its calendar, cancel
//! appointments, move one — and confirming a booking with its activation token. A wrong token
//! and an unknown reference get the same `NotFound`, never a hint which part was wrong.

use super::availability::OfficeAvailability;
use super::ledger::{self, RELEASED};
use super::plan::{quantities_of, services_of_appointment};
use super::setup::OfficeSetup;
use super::{Context, Error, Result, catalog, ensure_valid, field, notifications, view, waitlist};
use crate::domain::state::{BookingState, Canceller};
use crate::domain::tokens::{hash_token, normalize_reference};
use crate::mail::ics;
use crate::mail::templates::Notice;
use crate::portal::events::{self, Happening};
use crate::store::Tx;
use crate::store::bookings::{self, AppointmentRow, BookingRow};
use chrono::{DateTime, Utc};
use shared::bookings::{Booking, CancelRequest, RescheduleRequest};
use shared::ids::AppointmentId;
use shared::portal::WebhookEventType;

/// The booking behind a reference, if the manage token fits.
pub async fn authorize(
    tx: &mut Tx,
    reference: &str,
    manage_token: &str,
    for_update: bool,
) -> Result<BookingRow> {
    let reference = normalize_reference(reference).ok_or(Error::NotFound)?;
    let booking = if for_update {
        bookings::booking_by_reference_for_update(tx, &reference).await?
    } else {
        bookings::booking_by_reference(tx, &reference).await?
    };
    let booking = booking.ok_or(Error::NotFound)?;
    let hash = hash_token(manage_token);
    if booking.manage_token_hash == hash
        || bookings::has_manage_token(tx, booking.id, &hash).await?
    {
        Ok(booking)
    } else {
        Err(Error::NotFound)
    }
}

/// `GET /bookings/{reference}`
#[tracing::instrument(skip_all, fields(reference))]
pub async fn show(
    tx: &mut Tx,
    now: DateTime<Utc>,
    reference: &str,
    manage_token: &str,
) -> Result<Booking> {
    let row = authorize(tx, reference, manage_token, false).await?;
    tracing::Span::current().record("reference", row.reference.as_str());
    view::load(tx, &row, now).await
}

/// A calendar file to download.
#[derive(Debug)]
pub struct CalendarFile {
    pub file_name: String,
    pub body: String,
}

/// `GET /bookings/{reference}/calendar.ics`: the active appointments as an iCalendar file.
#[tracing::instrument(skip_all, fields(reference))]
pub async fn calendar(
    tx: &mut Tx,
    context: &Context<'_>,
    reference: &str,
    manage_token: &str,
) -> Result<CalendarFile> {
    let row = authorize(tx, reference, manage_token, false).await?;
    tracing::Span::current().record("reference", row.reference.as_str());
    let booking = view::load(tx, &row, context.now).await?;
    let offices = catalog::offices(tx, booking.locale).await?;
    let sequences = notifications::sequences(tx, row.id).await?;
    let body = ics::booking_calendar(
        &ics::BookingCalendar {
            booking: &booking,
            offices: &offices,
            uid_domain: context.links.domain(),
            sequences: &sequences,
        },
        ics::Method::Publish,
        |appointment| !appointment.status.is_cancelled(),
        context.now,
    );
    Ok(CalendarFile {
        file_name: format!("{}.ics", booking.reference),
        body,
    })
}

/// `POST /bookings/{reference}/cancel`: cancels some appointments (all without ids); their
/// capacity goes to the waitlist first, then is bookable again at once. The citizen gets the cancellation email, the portal
/// that made the booking its webhook event; once nothing is left, the citizen's personal data
/// is deleted (the email is rendered already).
#[tracing::instrument(skip_all, fields(reference))]
pub async fn cancel(
    tx: &mut Tx,
    context: &Context<'_>,
    reference: &str,
    manage_token: &str,
    request: &CancelRequest,
) -> Result<Booking> {
    let now = context.now;
    let row = authorize(tx, reference, manage_token, true).await?;
    tracing::Span::current().record("reference", row.reference.as_str());
    let ids = request.appointment_ids.as_deref();
    let cancelled = cancel_appointments(tx, now, &row, ids, Canceller::Citizen, None).await?;
    if !cancelled.is_empty() {
        let notice = Notice::Cancellation {
            appointments: cancelled.iter().copied().map(AppointmentId).collect(),
            office_reason: None,
        };
        notifications::queue(tx, notice, row.id, None, context.links, now).await?;
        let happening = Happening {
            event_type: WebhookEventType::BookingCancelled,
            appointment_ids: &cancelled,
            status: None,
        };
        events::queue(tx, happening, row.id, now).await?;
    }
    let row = bookings::booking_by_id(tx, row.id).await?;
    if row.status == BookingState::Cancelled {
        bookings::forget_citizen(tx, row.id, now).await?;
    }
    tracing::info!(cancelled = cancelled.len(), "appointments cancelled");
    let booking = view::load(tx, &row, now).await?;
    let freed_at: Vec<i64> = booking
        .appointments
        .iter()
        .filter(|a| cancelled.contains(&a.id.0))
        .map(|a| a.office_id.0)
        .collect();
    waitlist::matching::offer_freed_safely(tx, context, &freed_at).await?;
    Ok(booking)
}

/// Cancels the given appointments of a booking (all active ones when `None`), by the citizen
/// or the office, and gives their capacity back. Cancelling a cancelled appointment again
/// changes nothing. Returns the ids cancelled now; the booking is cancelled once none is left.
pub async fn cancel_appointments(
    tx: &mut Tx,
    now: DateTime<Utc>,
    booking: &BookingRow,
    appointment_ids: Option<&[AppointmentId]>,
    canceller: Canceller,
    reason: Option<&str>,
) -> Result<Vec<i64>> {
    let appointments = bookings::appointments_of_booking(tx, booking.id).await?;
    let targets = targets(&appointments, appointment_ids)?;
    let mut cancelled = Vec::new();
    for appointment in targets {
        if appointment.released_at.is_some() {
            continue;
        }
        ensure_ahead(appointment, now, "not_cancellable", "cancelled")?;
        if bookings::mark_released(tx, appointment.id, canceller.state(), now, reason).await? {
            ledger::release(tx, appointment).await?;
            cancelled.push(appointment.id);
        }
    }
    let all_released = appointments
        .iter()
        .all(|a| a.released_at.is_some() || cancelled.contains(&a.id));
    if all_released && booking.status != BookingState::Cancelled {
        bookings::set_booking_status(tx, booking.id, BookingState::Cancelled).await?;
    }
    let count = cancelled.len() as u64;
    match canceller {
        Canceller::Citizen => tx.effects().cancelled_by_citizen += count,
        Canceller::Office => tx.effects().cancelled_by_office += count,
    }
    Ok(cancelled)
}

/// The appointments a cancellation names (all active ones without ids).
fn targets<'a>(
    appointments: &'a [AppointmentRow],
    ids: Option<&[AppointmentId]>,
) -> Result<Vec<&'a AppointmentRow>> {
    let Some(ids) = ids else {
        return Ok(appointments
            .iter()
            .filter(|a| a.status.is_active())
            .collect());
    };
    let mut errors = Vec::new();
    let mut targets = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match appointments.iter().find(|a| a.id == id.0) {
            Some(found) => targets.push(found),
            None => errors.push(field(
                format!("appointment_ids[{i}]"),
                "unknown_appointment",
                "this appointment is not part of the booking",
            )),
        }
    }
    ensure_valid(errors)?;
    Ok(targets)
}

/// Refuses to change an appointment that is not active or has begun.
pub(crate) fn ensure_ahead(
    appointment: &AppointmentRow,
    now: DateTime<Utc>,
    code: &'static str,
    verb: &str,
) -> Result<()> {
    if !appointment.status.is_active() {
        return Err(Error::Conflict(
            code,
            format!(
                "an appointment that is {} cannot be {verb}",
                appointment.status.as_str()
            ),
        ));
    }
    if appointment.start_at <= now {
        return Err(Error::Conflict(
            "appointment_started",
            "this appointment has already begun; please contact the office".into(),
        ));
    }
    Ok(())
}

/// `POST /bookings/{reference}/appointments/{id}/reschedule`: moves one appointment to a new
/// start at the same office with the same services. The old units are given back and the new
/// ones claimed in one transaction: either both happen or neither, and nobody can take the old
/// time before the change is committed. The calendar entry's SEQUENCE goes up; the citizen
/// gets the email, the portal its event.
#[tracing::instrument(skip_all, fields(reference, appointment_id = appointment_id.0))]
pub async fn reschedule(
    tx: &mut Tx,
    context: &Context<'_>,
    reference: &str,
    manage_token: &str,
    appointment_id: AppointmentId,
    request: &RescheduleRequest,
) -> Result<Booking> {
    let now = context.now;
    let row = authorize(tx, reference, manage_token, true).await?;
    tracing::Span::current().record("reference", row.reference.as_str());
    let appointments = bookings::appointments_of_booking(tx, row.id).await?;
    let appointment = appointments
        .iter()
        .find(|a| a.id == appointment_id.0)
        .ok_or(Error::NotFound)?;
    if appointment.released_at.is_some() {
        return Err(Error::Conflict(
            "not_reschedulable",
            "a cancelled appointment cannot be moved".into(),
        ));
    }
    ensure_ahead(appointment, now, "not_reschedulable", "moved")?;
    let booking = move_and_tell(tx, context, &row, appointment, request.start.to_utc()).await?;
    tracing::info!("appointment rescheduled");
    Ok(booking)
}

/// Moves an active appointment of `row` to `new_start` with all that follows: the time given
/// back is offered to the waitlist, the citizen gets the email, the portal its event. The
/// citizen's reschedule, and an accepted offer of an earlier appointment (whose hold the
/// caller has given back in the same transaction, so the time is claimed only once).
pub(crate) async fn move_and_tell(
    tx: &mut Tx,
    context: &Context<'_>,
    row: &BookingRow,
    appointment: &AppointmentRow,
    new_start: DateTime<Utc>,
) -> Result<Booking> {
    let now = context.now;
    move_appointment(tx, now, appointment, new_start).await?;
    waitlist::matching::offer_freed_safely(tx, context, &[appointment.office_id]).await?;
    let notice = Notice::Rescheduled {
        appointment: AppointmentId(appointment.id),
    };
    notifications::queue(tx, notice, row.id, None, context.links, now).await?;
    let happening = Happening {
        event_type: WebhookEventType::BookingRescheduled,
        appointment_ids: &[appointment.id],
        status: None,
    };
    events::queue(tx, happening, row.id, now).await?;
    view::load(tx, row, now).await
}

/// Gives back an appointment's units and claims those of `new_start`.
async fn move_appointment(
    tx: &mut Tx,
    now: DateTime<Utc>,
    appointment: &AppointmentRow,
    new_start: DateTime<Utc>,
) -> Result<()> {
    let setup = OfficeSetup::existing(tx, appointment.office_id).await?;
    let channel = appointment.channel;
    let services = quantities_of(&services_of_appointment(tx, appointment.id).await?);
    let units = setup
        .units_needed(&services, channel, "services")
        .map_err(Error::Invalid)?;
    ledger::release_lapsed_claims(tx, setup.id(), now).await?;
    ledger::release(tx, appointment).await?;
    let date = new_start.with_timezone(&setup.time_zone).date_naive();
    let availability =
        OfficeAvailability::load(tx, &setup, date, date, now, channel, RELEASED).await?;
    let (slot_units, _free) = availability
        .check_start(new_start, units)
        .map_err(|refusal| refusal.into_error("start"))?;
    ledger::claim(tx, setup.id(), channel, &slot_units).await?;
    let starts: Vec<_> = slot_units.iter().map(|unit| unit.start).collect();
    let end = slot_units.last().map_or(new_start, |unit| unit.end);
    bookings::move_appointment(tx, appointment.id, new_start, end, &starts).await?;
    bookings::bump_sequence(tx, appointment.id).await?;
    Ok(())
}

/// `POST /bookings/{reference}/activate`: confirms a booking with the activation token from
/// the email; the confirmation (documents, manage link, calendar) follows.
#[tracing::instrument(skip_all, fields(reference))]
pub async fn activate(
    tx: &mut Tx,
    context: &Context<'_>,
    reference: &str,
    activation_token: &str,
) -> Result<Booking> {
    let now = context.now;
    let reference = normalize_reference(reference).ok_or(Error::NotFound)?;
    let booking = bookings::booking_by_reference_for_update(tx, &reference)
        .await?
        .filter(|b| {
            b.activation_token_hash.as_deref() == Some(hash_token(activation_token).as_str())
        })
        .ok_or(Error::NotFound)?;
    tracing::Span::current().record("reference", booking.reference.as_str());
    let expired = booking.status == BookingState::Expired
        || booking.activation_deadline.is_some_and(|at| at <= now);
    if expired {
        return Err(Error::Gone(
            "activation_expired",
            "the time to confirm this booking is over and the appointments were released; please book again".into(),
            None,
        ));
    }
    bookings::confirm_booking(tx, booking.id).await?;
    let row = bookings::booking_by_id(tx, booking.id).await?;
    let booking = view::load(tx, &row, now).await?;
    notifications::queue_for(
        tx,
        Notice::Confirmation,
        &row,
        &booking,
        None,
        context.links,
        now,
    )
    .await?;
    tracing::info!("booking activated");
    Ok(booking)
}
