//! An offer from the waitlist (made by `matching`): seen, accepted (one click: it becomes a
//! booking through the hold that keeps it) or declined (it goes to the next in line).

use super::super::ledger;
use super::super::plan::BookingInput;
use super::super::setup::OfficeSetup;
use super::super::{Context, Error, Result};
use super::super::{booking, manage};
use super::{authorized_offer, matching, view};
use crate::domain::state::AppointmentState;
use crate::domain::waitlist::{EntryState, OfferState};
use crate::store::Tx;
use crate::store::bookings;
use crate::store::bookings::AppointmentRow;
use crate::store::waitlist::{self, EntryRow, OfferRow};
use shared::bookings::{AppointmentRequest, Booking, Citizen, CreateBooking};
use shared::ids::{HoldId, OfficeId};
use shared::locale::Locale;
use shared::waitlist::{OfferStatus, WaitlistOffer, WaitlistOfferId};

/// `GET /waitlist/offers/{id}`
#[tracing::instrument(skip_all)]
pub async fn show(
    tx: &mut Tx,
    context: &Context<'_>,
    offer_id: WaitlistOfferId,
    token: &str,
) -> Result<WaitlistOffer> {
    let offer = authorized_offer(tx, offer_id, token, false).await?;
    view::offer(tx, context.now, &offer).await
}

/// `POST /waitlist/offers/{id}/accept`: books the offered appointment for the entry's citizen
/// — the booking's usual confirmation email with its manage link follows — and ends the entry.
#[tracing::instrument(skip_all)]
pub async fn accept(
    tx: &mut Tx,
    context: &Context<'_>,
    offer_id: WaitlistOfferId,
    token: &str,
) -> Result<Booking> {
    let now = context.now;
    let offer = authorized_offer(tx, offer_id, token, true).await?;
    match offer.status.shown(offer.expires_at, now) {
        OfferStatus::Open => {}
        OfferStatus::Lapsed => {
            return Err(Error::Gone(
                "offer_lapsed",
                "this offer has lapsed and the appointment went to the next in line; you stay on the waitlist".into(),
                None,
            ));
        }
        OfferStatus::Declined => {
            return Err(Error::Conflict(
                "offer_declined",
                "this offer was declined".into(),
            ));
        }
        OfferStatus::Accepted => {
            return Err(Error::Conflict(
                "offer_accepted",
                "this offer is booked already; the confirmation email has the booking's link"
                    .into(),
            ));
        }
    }
    let entry = waitlist::entry_by_id(tx, offer.entry_id, true).await?;
    let hold = bookings::appointment_by_id(tx, offer.appointment_id, true)
        .await?
        .ok_or(Error::NotFound)?;
    if let Some(moving) = entry.moves_appointment_id {
        return move_earlier(tx, context, &offer, &entry, &hold, moving).await;
    }
    let hold_id = hold
        .hold_id
        .as_deref()
        .and_then(|id| uuid::Uuid::parse_str(id).ok())
        .ok_or(Error::NotFound)?;
    let services = super::super::plan::services_of_appointment(tx, hold.id).await?;
    let zone = OfficeSetup::existing(tx, hold.office_id).await?.time_zone;
    let request = CreateBooking {
        appointments: vec![AppointmentRequest {
            office_id: OfficeId(hold.office_id),
            services: super::super::plan::quantities_of(&services),
            start: hold.start_at.with_timezone(&zone).fixed_offset(),
            hold_id: Some(HoldId(hold_id)),
        }],
        citizen: Citizen {
            name: entry.citizen_name.clone(),
            email: entry.citizen_email.clone(),
            phone: entry.citizen_phone.clone(),
        },
        locale: Locale::from_tag(&entry.locale).unwrap_or_default(),
    };
    let input = BookingInput::parse(request)?.for_confirmed_address();
    let booked = booking::book(tx, context, &input, None).await?;
    waitlist::decide(tx, offer.id, OfferState::Accepted, now).await?;
    waitlist::end(tx, entry.id, EntryState::Booked, now).await?;
    let waited = (now - offer.offered_at).num_seconds();
    tx.effects().waitlist.accepted_after_seconds = Some(u32::try_from(waited).unwrap_or(0));
    tracing::info!(reference = %booked.reference, "waitlist offer accepted");
    Ok(booked)
}

/// Accepting an earlier appointment: the offer's hold is given back and the citizen's
/// appointment moved onto its time in the same transaction (like a reschedule: the email, the
/// portal's event, the old time offered to the next in line).
async fn move_earlier(
    tx: &mut Tx,
    context: &Context<'_>,
    offer: &OfferRow,
    entry: &EntryRow,
    hold: &AppointmentRow,
    moving: i64,
) -> Result<Booking> {
    let now = context.now;
    let appointment = bookings::appointment_by_id(tx, moving, true)
        .await?
        .ok_or(Error::NotFound)?;
    manage::ensure_ahead(&appointment, now, "not_reschedulable", "moved")?;
    let booking =
        bookings::booking_by_id(tx, appointment.booking_id.ok_or(Error::NotFound)?).await?;
    give_back(tx, offer, OfferState::Accepted, now).await?;
    let moved = manage::move_and_tell(tx, context, &booking, &appointment, hold.start_at).await?;
    waitlist::end(tx, entry.id, EntryState::Booked, now).await?;
    let waited = (now - offer.offered_at).num_seconds();
    tx.effects().waitlist.accepted_after_seconds = Some(u32::try_from(waited).unwrap_or(0));
    tracing::info!(reference = %moved.reference, "earlier appointment accepted");
    Ok(moved)
}

/// `POST /waitlist/offers/{id}/decline`: gives the appointment back — the next in line is
/// offered it at once — and puts the entry back in line. Declining again changes nothing.
#[tracing::instrument(skip_all)]
pub async fn decline(
    tx: &mut Tx,
    context: &Context<'_>,
    offer_id: WaitlistOfferId,
    token: &str,
) -> Result<WaitlistOffer> {
    let now = context.now;
    let offer = authorized_offer(tx, offer_id, token, true).await?;
    if offer.status.shown(offer.expires_at, now) == OfferStatus::Open
        && give_back(tx, &offer, OfferState::Declined, now).await?
    {
        waitlist::back_in_line(tx, offer.entry_id, now).await?;
        tx.effects().waitlist.offers_declined += 1;
        matching::offer_freed_safely(tx, context, &[offer.office_id]).await?;
    }
    let offer = waitlist::offer_by_public_id(tx, &offer_id.to_string(), false)
        .await?
        .ok_or(Error::NotFound)?;
    view::offer(tx, now, &offer).await
}

/// Decides an open offer as `state` and gives its capacity back; false if it was decided
/// already.
pub(super) async fn give_back(
    tx: &mut Tx,
    offer: &OfferRow,
    state: OfferState,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool> {
    if !waitlist::decide(tx, offer.id, state, now).await? {
        return Ok(false);
    }
    if let Some(hold) = bookings::appointment_by_id(tx, offer.appointment_id, true).await?
        && hold.booking_id.is_none()
        && bookings::mark_released(tx, hold.id, AppointmentState::Held, now, None).await?
    {
        ledger::release(tx, &hold).await?;
    }
    Ok(true)
}
