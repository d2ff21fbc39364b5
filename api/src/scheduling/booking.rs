//! Holds, bookings, cancellation, rescheduling and activation.
//!
//! Capacity is claimed in the ledger (`store::usage`) inside the caller's transaction; the
//! ledger's CHECK constraint is the last word, so a request that loses a race fails with
//! `Error::SlotTaken` and its transaction rolls back — no partial bookings.

use super::availability::{Ledger, OfficeAvailability};
use super::catalog::pick;
use super::setup::OfficeSetup;
use super::{Error, Result, ensure_valid, field, field_error};
use crate::domain::citizen::{CitizenName, EmailAddress, PhoneNumber};
use crate::domain::schedule::{Channel, SlotUnit};
use crate::domain::tokens::{hash_token, new_reference, new_secret_token, normalize_reference};
use crate::store::bookings::{self, AppointmentRow, BookingRow, NewAppointment, NewBooking};
use crate::store::usage::{self, ClaimChannel, UnitClaim};
use crate::store::{Tx, catalog, count};
use chrono::{DateTime, Duration, Utc};
use shared::bookings::{
    Appointment, AppointmentStatus, BookedService, Booking, BookingStatus, CreateBooking,
};
use shared::ids::{AppointmentId, OfficeId, ServiceId};
use shared::locale::Locale;
use shared::selection::ServiceQuantity;
use std::collections::{BTreeMap, HashMap};

/// Most appointments one booking may hold.
pub const MAX_APPOINTMENTS_PER_BOOKING: usize = 10;

/// Every claim releases the office's lapsed claims first (`release_lapsed_claims`), so the
/// availability it checks needs no correction for them.
const RELEASED: Ledger = Ledger::LapsedClaimsReleased;

/// Citizen details, validated.
#[derive(Debug, Clone)]
pub struct ValidCitizen {
    pub name: CitizenName,
    pub email: EmailAddress,
    pub phone: Option<PhoneNumber>,
}

/// A booking request whose form is valid (office-specific rules are checked when booking).
#[derive(Debug, Clone)]
pub struct BookingInput {
    pub request: CreateBooking,
    pub citizen: ValidCitizen,
}

impl BookingInput {
    pub fn parse(request: CreateBooking) -> Result<Self> {
        let mut errors = Vec::new();
        let name = CitizenName::parse(&request.citizen.name)
            .map_err(|e| errors.push(field_error("citizen.name", &e)))
            .ok();
        let email = EmailAddress::parse(&request.citizen.email)
            .map_err(|e| errors.push(field_error("citizen.email", &e)))
            .ok();
        let phone = PhoneNumber::parse_optional(request.citizen.phone.as_deref())
            .map_err(|e| errors.push(field_error("citizen.phone", &e)))
            .ok();
        if request.appointments.is_empty() {
            errors.push(field(
                "appointments",
                "required",
                "choose at least one appointment",
            ));
        }
        if request.appointments.len() > MAX_APPOINTMENTS_PER_BOOKING {
            errors.push(field(
                "appointments",
                "too_many",
                format!("book at most {MAX_APPOINTMENTS_PER_BOOKING} appointments at once"),
            ));
        }
        match (name, email, phone) {
            (Some(name), Some(email), Some(phone)) if errors.is_empty() => Ok(BookingInput {
                request,
                citizen: ValidCitizen { name, email, phone },
            }),
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// A new booking and the secrets to hand out exactly once.
pub struct CreatedBooking {
    /// The booking as stored.
    pub booking: BookingRow,
    pub manage_token: String,
    pub activation_token: Option<String>,
}

impl std::fmt::Debug for CreatedBooking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedBooking")
            .field("booking", &self.booking)
            .field("manage_token", &crate::domain::Redacted)
            .field(
                "activation_token",
                &crate::domain::redacted(&self.activation_token),
            )
            .finish()
    }
}

/// One appointment of a booking request, checked against its office.
#[derive(Debug)]
struct PlannedAppointment {
    office_id: i64,
    services: Vec<(i64, u32)>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// An existing hold that already claims the capacity, or the units to claim now.
    source: Source,
}

#[derive(Debug)]
enum Source {
    Hold(i64),
    Claim(Vec<SlotUnit>),
}

/// Books every appointment of the request or none.
pub async fn create_booking(
    tx: &mut Tx,
    now: DateTime<Utc>,
    input: &BookingInput,
    channel: Channel,
) -> Result<CreatedBooking> {
    let setups = load_setups(tx, &input.request, now).await?;
    let planned = plan_appointments(tx, &setups, &input.request, now, channel).await?;
    let email_key = input.citizen.email.limit_key();
    if channel == Channel::Online {
        check_email_limits(tx, &setups, &planned, &email_key, now).await?;
    }

    let activation_minutes = setups
        .values()
        .filter(|setup| setup.office.activation_required && channel == Channel::Online)
        .map(|setup| setup.office.activation_deadline_minutes)
        .min();
    let activation_deadline = activation_minutes.map(|minutes| now + Duration::minutes(minutes));
    let (booking_status, appointment_status) = if activation_deadline.is_some() {
        ("pending_activation", "pending_activation")
    } else {
        ("confirmed", "booked")
    };

    let first_office = &setups[&planned[0].office_id];
    let manage_token = new_secret_token();
    let activation_token = activation_deadline.map(|_| new_secret_token());
    let manage_token_hash = hash_token(&manage_token);
    let activation_token_hash = activation_token.as_deref().map(hash_token);
    let booking = loop {
        // A reference already taken (rare: 23^6 of them per office code) is drawn again.
        let new_booking = NewBooking {
            reference: &new_reference(&first_office.office.code),
            manage_token_hash: &manage_token_hash,
            activation_token_hash: activation_token_hash.as_deref(),
            status: booking_status,
            locale: input.request.locale.code(),
            citizen_name: input.citizen.name.as_str(),
            citizen_email: input.citizen.email.as_str(),
            citizen_email_key: &email_key,
            citizen_phone: input.citizen.phone.as_ref().map(PhoneNumber::as_str),
            created_at: now,
            activation_deadline,
        };
        if let Some(booking) = bookings::insert_booking(tx, &new_booking).await? {
            break booking;
        }
    };
    let booking_id = booking.id;

    let claim_channel = claim_channel(channel);
    let mut claims = Vec::new();
    for appointment in &planned {
        match &appointment.source {
            Source::Hold(id) => {
                bookings::attach_hold(tx, *id, booking_id, appointment_status, activation_deadline)
                    .await?;
            }
            Source::Claim(units) => {
                let starts: Vec<_> = units.iter().map(|unit| unit.start).collect();
                bookings::insert_appointment(
                    tx,
                    &NewAppointment {
                        booking_id: Some(booking_id),
                        hold_id: None,
                        office_id: appointment.office_id,
                        start_at: appointment.start,
                        end_at: appointment.end,
                        channel: claim_channel.as_str(),
                        status: appointment_status,
                        expires_at: activation_deadline,
                    },
                    &appointment.services,
                    &starts,
                )
                .await?;
                claims.extend(units_to_claims(appointment.office_id, claim_channel, units));
            }
        }
    }
    usage::claim(tx, &merge_claims(claims)).await?;
    Ok(CreatedBooking {
        booking,
        manage_token,
        activation_token,
    })
}

async fn load_setups(
    tx: &mut Tx,
    request: &CreateBooking,
    now: DateTime<Utc>,
) -> Result<BTreeMap<i64, OfficeSetup>> {
    let mut setups = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, appointment) in request.appointments.iter().enumerate() {
        let office_id = appointment.office_id.0;
        if setups.contains_key(&office_id) {
            continue;
        }
        match OfficeSetup::load(tx, office_id).await? {
            Some(setup) => {
                release_lapsed_claims(tx, office_id, now).await?;
                setups.insert(office_id, setup);
            }
            None => errors.push(unknown_office(&format!("appointments[{i}].office_id"))),
        }
    }
    ensure_valid(errors)?;
    Ok(setups)
}

async fn plan_appointments(
    tx: &mut Tx,
    setups: &BTreeMap<i64, OfficeSetup>,
    request: &CreateBooking,
    now: DateTime<Utc>,
    channel: Channel,
) -> Result<Vec<PlannedAppointment>> {
    let mut errors = Vec::new();
    let mut planned = Vec::new();
    for (i, appointment) in request.appointments.iter().enumerate() {
        let prefix = format!("appointments[{i}]");
        let setup = &setups[&appointment.office_id.0];
        let units = match setup.units_needed(
            &appointment.services,
            channel,
            &format!("{prefix}.services"),
        ) {
            Ok(units) => units,
            Err(mut service_errors) => {
                errors.append(&mut service_errors);
                continue;
            }
        };
        let start = appointment.start.with_timezone(&Utc);
        let services = services_of(&appointment.services);
        let source = match appointment.hold_id {
            Some(hold_id) => {
                let hold = usable_hold(tx, &hold_id.to_string(), now, &format!("{prefix}.hold_id"))
                    .await?;
                let held_services = held_services(tx, hold.id).await?;
                if hold.office_id != setup.id()
                    || hold.start_at != start
                    || held_services != services
                {
                    errors.push(field(
                        format!("{prefix}.hold_id"),
                        "hold_mismatch",
                        "the hold is for another office, time or services",
                    ));
                    continue;
                }
                planned.push(PlannedAppointment {
                    office_id: setup.id(),
                    services,
                    start,
                    end: hold.end_at,
                    source: Source::Hold(hold.id),
                });
                continue;
            }
            None => {
                let date = start.with_timezone(&setup.time_zone).date_naive();
                let availability =
                    OfficeAvailability::load(tx, setup, date, date, now, channel, RELEASED).await?;
                match availability.check_start(start, units) {
                    Ok((slot_units, _free)) => Source::Claim(slot_units),
                    Err(refusal) => match refusal.into_error(&format!("{prefix}.start")) {
                        Error::Invalid(mut invalid) => {
                            errors.append(&mut invalid);
                            continue;
                        }
                        other => return Err(other),
                    },
                }
            }
        };
        let Source::Claim(slot_units) = &source else {
            unreachable!("holds continue above")
        };
        let end = slot_units.last().map_or(start, |unit| unit.end);
        planned.push(PlannedAppointment {
            office_id: setup.id(),
            services,
            start,
            end,
            source,
        });
    }
    ensure_valid(errors)?;
    Ok(planned)
}

async fn check_email_limits(
    tx: &mut Tx,
    setups: &BTreeMap<i64, OfficeSetup>,
    planned: &[PlannedAppointment],
    email: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    for setup in setups.values() {
        let new = planned.iter().filter(|a| a.office_id == setup.id()).count();
        let open = bookings::open_appointments_of_email(tx, setup.id(), email, now).await?;
        let open = usize::try_from(open).unwrap_or(usize::MAX);
        let limit = usize::try_from(setup.office.max_open_appointments_per_email).unwrap_or(0);
        if open.saturating_add(new) > limit {
            return Err(Error::Conflict(
                "email_limit_reached",
                format!(
                    "an email address may have at most {limit} open appointments at {}; cancel one first",
                    setup.office.name
                ),
            ));
        }
    }
    Ok(())
}

/// A hold that can still become an appointment.
async fn usable_hold(
    tx: &mut Tx,
    hold_id: &str,
    now: DateTime<Utc>,
    field_name: &str,
) -> Result<AppointmentRow> {
    let hold = bookings::hold_for_update(tx, hold_id)
        .await?
        .filter(|hold| hold.booking_id.is_none())
        .ok_or_else(|| {
            Error::Invalid(vec![field(
                field_name,
                "unknown_hold",
                "this hold does not exist (any more)",
            )])
        })?;
    let lapsed = hold.released_at.is_some() || hold.expires_at.is_some_and(|at| at <= now);
    if lapsed {
        return Err(Error::Gone(
            "hold_expired",
            "the reserved time expired; please choose a time again".into(),
            Some(field_name.to_owned()),
        ));
    }
    Ok(hold)
}

async fn held_services(tx: &mut Tx, appointment_id: i64) -> Result<Vec<(i64, u32)>> {
    bookings::services_of_appointment(tx, appointment_id)
        .await?
        .into_iter()
        .map(|(service, quantity)| Ok((service, count(quantity, "quantity")?)))
        .collect()
}

fn services_of(services: &[ServiceQuantity]) -> Vec<(i64, u32)> {
    let mut list: Vec<_> = services
        .iter()
        .map(|s| (s.service_id.0, s.quantity))
        .collect();
    list.sort_unstable();
    list
}

fn unknown_office(field_name: &str) -> shared::problem::FieldError {
    field(
        field_name,
        "unknown_office",
        "there is no office with this id",
    )
}

fn claim_channel(channel: Channel) -> ClaimChannel {
    match channel {
        Channel::Online => ClaimChannel::Online,
        Channel::Staff => ClaimChannel::Staff,
    }
}

fn units_to_claims(office_id: i64, channel: ClaimChannel, units: &[SlotUnit]) -> Vec<UnitClaim> {
    units
        .iter()
        .map(|unit| UnitClaim {
            office_id,
            unit_start: unit.start,
            channel,
            claims: 1,
            online_capacity: unit.online_capacity,
            total_capacity: unit.total_capacity,
        })
        .collect()
}

/// Sorts claims by (office, unit) — the lock order — and adds up claims on the same unit.
fn merge_claims(mut claims: Vec<UnitClaim>) -> Vec<UnitClaim> {
    claims.sort_by_key(|c| (c.office_id, c.unit_start, c.channel));
    let mut merged: Vec<UnitClaim> = Vec::with_capacity(claims.len());
    for claim in claims {
        match merged.last_mut() {
            Some(last)
                if (last.office_id, last.unit_start, last.channel)
                    == (claim.office_id, claim.unit_start, claim.channel) =>
            {
                last.claims += claim.claims;
            }
            _ => merged.push(claim),
        }
    }
    merged
}

/// Gives back the ledger units of one appointment.
async fn release_units(tx: &mut Tx, appointment: &AppointmentRow) -> Result<()> {
    release_units_of(
        tx,
        appointment.office_id,
        appointment.id,
        &appointment.channel,
    )
    .await
}

async fn release_units_of(
    tx: &mut Tx,
    office_id: i64,
    appointment_id: i64,
    channel: &str,
) -> Result<()> {
    let channel = ClaimChannel::parse(channel).unwrap_or(ClaimChannel::Online);
    let claims: Vec<_> = bookings::units_of_appointment(tx, appointment_id)
        .await?
        .into_iter()
        .map(|unit_start| UnitClaim {
            office_id,
            unit_start,
            channel,
            claims: 1,
            // A release only decrements; the capacity columns are left as they are.
            online_capacity: 0,
            total_capacity: 0,
        })
        .collect();
    usage::release(tx, &claims).await?;
    Ok(())
}

/// Releases the capacity of holds and unconfirmed bookings at an office whose time is up.
/// Availability already ignores them; this makes the ledger agree before it is written.
pub async fn release_lapsed_claims(
    tx: &mut Tx,
    office_id: i64,
    now: DateTime<Utc>,
) -> Result<usize> {
    let lapsed = bookings::take_lapsed_claims(tx, office_id, now).await?;
    for (id, channel) in &lapsed {
        release_units_of(tx, office_id, *id, channel).await?;
    }
    if !lapsed.is_empty() {
        bookings::expire_unconfirmed_bookings(tx, now).await?;
    }
    Ok(lapsed.len())
}

/// A new hold, ready to be shown to the citizen.
#[derive(Debug)]
pub struct CreatedHold {
    pub hold_id: uuid::Uuid,
    pub office_id: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub time_zone: chrono_tz::Tz,
}

/// Keeps one appointment's capacity for the office's hold duration.
pub async fn create_hold(
    tx: &mut Tx,
    now: DateTime<Utc>,
    office_id: OfficeId,
    services: &[ServiceQuantity],
    start: DateTime<Utc>,
) -> Result<CreatedHold> {
    let setup = OfficeSetup::load(tx, office_id.0)
        .await?
        .ok_or_else(|| Error::Invalid(vec![unknown_office("office_id")]))?;
    let units = setup
        .units_needed(services, Channel::Online, "services")
        .map_err(Error::Invalid)?;
    release_lapsed_claims(tx, setup.id(), now).await?;
    let date = start.with_timezone(&setup.time_zone).date_naive();
    let availability =
        OfficeAvailability::load(tx, &setup, date, date, now, Channel::Online, RELEASED).await?;
    let (slot_units, _free) = availability
        .check_start(start, units)
        .map_err(|refusal| refusal.into_error("start"))?;
    let hold_id = uuid::Uuid::new_v4();
    let expires_at = now + Duration::minutes(setup.office.hold_minutes);
    let end = slot_units.last().map_or(start, |unit| unit.end);
    let starts: Vec<_> = slot_units.iter().map(|unit| unit.start).collect();
    bookings::insert_appointment(
        tx,
        &NewAppointment {
            booking_id: None,
            hold_id: Some(&hold_id.to_string()),
            office_id: setup.id(),
            start_at: start,
            end_at: end,
            channel: ClaimChannel::Online.as_str(),
            status: "held",
            expires_at: Some(expires_at),
        },
        &services_of(services),
        &starts,
    )
    .await?;
    usage::claim(
        tx,
        &units_to_claims(setup.id(), ClaimChannel::Online, &slot_units),
    )
    .await?;
    Ok(CreatedHold {
        hold_id,
        office_id: setup.id(),
        start,
        end,
        expires_at,
        time_zone: setup.time_zone,
    })
}

/// Gives a hold's capacity back at once. Releasing a released hold again is fine.
pub async fn release_hold(tx: &mut Tx, now: DateTime<Utc>, hold_id: &str) -> Result<()> {
    let hold = bookings::hold_for_update(tx, hold_id)
        .await?
        .filter(|hold| hold.booking_id.is_none())
        .ok_or(Error::NotFound)?;
    if bookings::mark_released(tx, hold.id, "held", now, None).await? {
        release_units(tx, &hold).await?;
    }
    Ok(())
}

/// The booking behind a reference, if the manage token fits. Any mismatch is `NotFound`,
/// never a hint which part was wrong.
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

const ACTIVE: [&str; 2] = ["pending_activation", "booked"];

/// Cancels the given appointments of a booking (all when `None`). Cancelling a cancelled
/// appointment again changes nothing. Returns the ids that were cancelled now.
pub async fn cancel(
    tx: &mut Tx,
    now: DateTime<Utc>,
    booking: &BookingRow,
    appointment_ids: Option<&[AppointmentId]>,
    status: &str,
    reason: Option<&str>,
) -> Result<Vec<i64>> {
    let appointments = bookings::appointments_of_booking(tx, booking.id).await?;
    let targets: Vec<&AppointmentRow> = match appointment_ids {
        None => appointments
            .iter()
            .filter(|a| ACTIVE.contains(&a.status.as_str()))
            .collect(),
        Some(ids) => {
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
            targets
        }
    };
    let mut cancelled = Vec::new();
    for appointment in targets {
        if appointment.released_at.is_some() {
            continue;
        }
        if !ACTIVE.contains(&appointment.status.as_str()) {
            return Err(Error::Conflict(
                "not_cancellable",
                format!(
                    "an appointment that is {} cannot be cancelled",
                    appointment.status
                ),
            ));
        }
        if appointment.start_at <= now {
            return Err(Error::Conflict(
                "appointment_started",
                "this appointment has already begun; please contact the office".into(),
            ));
        }
        if bookings::mark_released(tx, appointment.id, status, now, reason).await? {
            release_units(tx, appointment).await?;
            cancelled.push(appointment.id);
        }
    }
    let all_released = bookings::appointments_of_booking(tx, booking.id)
        .await?
        .iter()
        .all(|a| a.released_at.is_some());
    if all_released && booking.status != "cancelled" {
        bookings::set_booking_status(tx, booking.id, "cancelled").await?;
    }
    Ok(cancelled)
}

/// Moves one appointment to a new start at the same office with the same services. The old
/// units are given back and the new ones claimed in one transaction: either both happen or
/// neither, and nobody else can take the old time before the change is committed.
pub async fn reschedule(
    tx: &mut Tx,
    now: DateTime<Utc>,
    booking: &BookingRow,
    appointment_id: AppointmentId,
    new_start: DateTime<Utc>,
) -> Result<()> {
    let appointments = bookings::appointments_of_booking(tx, booking.id).await?;
    let appointment = appointments
        .iter()
        .find(|a| a.id == appointment_id.0)
        .ok_or(Error::NotFound)?;
    if appointment.released_at.is_some() || !ACTIVE.contains(&appointment.status.as_str()) {
        return Err(Error::Conflict(
            "not_reschedulable",
            format!(
                "an appointment that is {} cannot be moved",
                appointment.status
            ),
        ));
    }
    if appointment.start_at <= now {
        return Err(Error::Conflict(
            "appointment_started",
            "this appointment has already begun; please contact the office".into(),
        ));
    }
    let setup = OfficeSetup::load(tx, appointment.office_id)
        .await?
        .ok_or(Error::NotFound)?;
    let channel = match ClaimChannel::parse(&appointment.channel) {
        Some(ClaimChannel::Staff) => Channel::Staff,
        _ => Channel::Online,
    };
    let services: Vec<ServiceQuantity> = held_services(tx, appointment.id)
        .await?
        .into_iter()
        .map(|(service, quantity)| ServiceQuantity {
            service_id: ServiceId(service),
            quantity,
        })
        .collect();
    let units = setup
        .units_needed(&services, channel, "services")
        .map_err(Error::Invalid)?;
    release_lapsed_claims(tx, setup.id(), now).await?;
    release_units(tx, appointment).await?;
    let date = new_start.with_timezone(&setup.time_zone).date_naive();
    let availability =
        OfficeAvailability::load(tx, &setup, date, date, now, channel, RELEASED).await?;
    let (slot_units, _free) = availability
        .check_start(new_start, units)
        .map_err(|refusal| refusal.into_error("start"))?;
    usage::claim(
        tx,
        &units_to_claims(setup.id(), claim_channel(channel), &slot_units),
    )
    .await?;
    let starts: Vec<_> = slot_units.iter().map(|unit| unit.start).collect();
    let end = slot_units.last().map_or(new_start, |unit| unit.end);
    bookings::move_appointment(tx, appointment.id, new_start, end, &starts).await?;
    bookings::bump_sequence(tx, appointment.id).await?;
    Ok(())
}

/// Confirms a booking with the activation token from the email.
pub async fn activate(
    tx: &mut Tx,
    now: DateTime<Utc>,
    reference: &str,
    token: &str,
) -> Result<BookingRow> {
    let reference = normalize_reference(reference).ok_or(Error::NotFound)?;
    let booking = bookings::booking_by_reference_for_update(tx, &reference)
        .await?
        .filter(|b| b.activation_token_hash.as_deref() == Some(hash_token(token).as_str()))
        .ok_or(Error::NotFound)?;
    let expired =
        booking.status == "expired" || booking.activation_deadline.is_some_and(|at| at <= now);
    if expired {
        return Err(Error::Gone(
            "activation_expired",
            "the time to confirm this booking is over and the appointments were released; please book again".into(),
            None,
        ));
    }
    bookings::confirm_booking(tx, booking.id).await?;
    Ok(bookings::booking_by_id(tx, booking.id).await?)
}

/// The booking as its owner sees it, with service names and documents in its language.
pub async fn booking_view(
    tx: &mut Tx,
    booking: &BookingRow,
    now: DateTime<Utc>,
) -> Result<Booking> {
    let locale = Locale::from_tag(&booking.locale).unwrap_or_default();
    let appointments = bookings::appointments_of_booking(tx, booking.id).await?;
    let services = bookings::services_of_booking(tx, booking.id).await?;
    let names: HashMap<i64, catalog::ServiceRow> = catalog::services(tx)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let documents = catalog::service_documents(tx).await?;
    let zones: HashMap<i64, chrono_tz::Tz> = catalog::offices(tx)
        .await?
        .into_iter()
        .map(|office| {
            (
                office.id,
                office
                    .time_zone
                    .parse()
                    .unwrap_or(chrono_tz::Europe::Berlin),
            )
        })
        .collect();
    let pending_expired = booking.activation_deadline.is_some_and(|at| at <= now);
    let status = match booking.status.as_str() {
        "pending_activation" if pending_expired => BookingStatus::Expired,
        "pending_activation" => BookingStatus::PendingActivation,
        "cancelled" => BookingStatus::Cancelled,
        "expired" => BookingStatus::Expired,
        _ => BookingStatus::Confirmed,
    };
    let appointments = appointments
        .iter()
        .map(|a| {
            let tz = zones
                .get(&a.office_id)
                .copied()
                .unwrap_or(chrono_tz::Europe::Berlin);
            let booked = services
                .iter()
                .filter(|(appointment, _, _)| *appointment == a.id)
                .map(|&(_, service_id, quantity)| {
                    let (name, docs) =
                        names
                            .get(&service_id)
                            .map_or((String::new(), Vec::new()), |s| {
                                let docs = documents
                                    .iter()
                                    .filter(|d| d.service_id == service_id)
                                    .map(|d| pick(locale, &d.text_de, &d.text_en).to_owned())
                                    .collect();
                                (pick(locale, &s.name_de, &s.name_en).to_owned(), docs)
                            });
                    Ok(BookedService {
                        service_id: ServiceId(service_id),
                        quantity: count(quantity, "quantity")?,
                        name,
                        documents: docs,
                    })
                })
                .collect::<Result<_>>()?;
            Ok(Appointment {
                id: AppointmentId(a.id),
                office_id: OfficeId(a.office_id),
                start: a.start_at.with_timezone(&tz).fixed_offset(),
                end: a.end_at.with_timezone(&tz).fixed_offset(),
                status: appointment_status(&a.status, a.expires_at.is_some_and(|at| at <= now)),
                services: booked,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Booking {
        reference: booking.reference.clone(),
        manage_token: None,
        status,
        locale,
        created_at: booking.created_at,
        activation_deadline: booking.activation_deadline,
        appointments,
    })
}

/// The wire status of a stored appointment status; `lapsed`: its `expires_at` has passed.
pub fn appointment_status(stored: &str, lapsed: bool) -> AppointmentStatus {
    match stored {
        "pending_activation" if lapsed => AppointmentStatus::Expired,
        "pending_activation" => AppointmentStatus::PendingActivation,
        "checked_in" => AppointmentStatus::CheckedIn,
        "completed" => AppointmentStatus::Completed,
        "no_show" => AppointmentStatus::NoShow,
        "cancelled_by_citizen" => AppointmentStatus::CancelledByCitizen,
        "cancelled_by_office" => AppointmentStatus::CancelledByOffice,
        "expired" => AppointmentStatus::Expired,
        _ => AppointmentStatus::Booked,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_of_a_created_booking_hides_its_tokens_and_citizen() {
        let created = super::CreatedBooking {
            booking: crate::store::bookings::tests::row(),
            manage_token: "manage-secret".into(),
            activation_token: Some("activation-secret".into()),
        };
        let shown = format!("{created:?}");
        for hidden in ["manage-secret", "activation-secret", "Mustermann"] {
            assert!(!shown.contains(hidden), "{shown}");
        }
    }

    use super::*;
    use chrono::TimeZone;

    fn claim(office_id: i64, minute: u32) -> UnitClaim {
        UnitClaim {
            office_id,
            unit_start: Utc.with_ymd_and_hms(2026, 12, 1, 8, minute, 0).unwrap(),
            channel: ClaimChannel::Online,
            claims: 1,
            online_capacity: 3,
            total_capacity: 4,
        }
    }

    #[test]
    fn claims_on_the_same_unit_are_added_up_and_sorted_in_lock_order() {
        let merged = merge_claims(vec![claim(2, 0), claim(1, 15), claim(1, 0), claim(1, 15)]);
        let keys: Vec<_> = merged
            .iter()
            .map(|c| (c.office_id, c.unit_start.format("%M").to_string(), c.claims))
            .collect();
        assert_eq!(
            keys,
            vec![
                (1, "00".into(), 1),
                (1, "15".into(), 2),
                (2, "00".into(), 1)
            ]
        );
    }

    #[test]
    fn an_invalid_citizen_is_reported_field_by_field() {
        let request = CreateBooking {
            appointments: Vec::new(),
            citizen: shared::bookings::Citizen {
                name: " ".into(),
                email: "not-an-email".into(),
                phone: None,
            },
            locale: Locale::De,
        };
        let Err(Error::Invalid(errors)) = BookingInput::parse(request) else {
            panic!("expected validation errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["citizen.name", "citizen.email", "appointments"]
        );
    }
}
