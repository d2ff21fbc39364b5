//! A booking request, checked: the citizen's details parsed, and every appointment planned at
//! its office — from a hold that already claims its capacity, or from free units to claim now
//! — with all problems collected as field errors (`appointments[1].start`), and the per-address
//! limit applied.

use super::availability::OfficeAvailability;
use super::ledger::{self, RELEASED};
use super::setup::OfficeSetup;
use super::{Error, Result, ensure_valid, field, field_error};
use crate::domain::schedule::{Channel, SlotUnit};
use crate::store::bookings::{self, AppointmentRow};
use crate::store::{Tx, count};
use chrono::{DateTime, Utc};
use shared::bookings::{AppointmentRequest, Citizen, CreateBooking};
use shared::citizen::{CitizenName, EmailAddress, PhoneNumber};
use shared::problem::FieldError;
use shared::selection::ServiceQuantity;
use std::collections::BTreeMap;

/// Most appointments one booking may hold.
pub const MAX_APPOINTMENTS_PER_BOOKING: usize = 10;

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
    /// The citizen's address is known to be theirs (a confirmed waitlist or draw entry): the
    /// office's double opt-in would ask again what is proven.
    pub address_confirmed: bool,
}

impl ValidCitizen {
    /// Parses what the citizen typed; field errors name `citizen.name`, `citizen.email`,
    /// `citizen.phone`.
    pub fn parse(citizen: &Citizen) -> Result<ValidCitizen, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = CitizenName::parse(&citizen.name)
            .map_err(|e| errors.push(field_error("citizen.name", e)))
            .ok();
        let email = EmailAddress::parse(&citizen.email)
            .map_err(|e| errors.push(field_error("citizen.email", e)))
            .ok();
        let phone = PhoneNumber::parse_optional(citizen.phone.as_deref())
            .map_err(|e| errors.push(field_error("citizen.phone", e)))
            .ok();
        match (name, email, phone) {
            (Some(name), Some(email), Some(phone)) => Ok(ValidCitizen { name, email, phone }),
            _ => Err(errors),
        }
    }
}

impl BookingInput {
    /// The same booking for an address confirmed by the citizen's entry.
    pub fn for_confirmed_address(self) -> Self {
        BookingInput {
            address_confirmed: true,
            ..self
        }
    }

    pub fn parse(request: CreateBooking) -> Result<Self> {
        let citizen = ValidCitizen::parse(&request.citizen);
        let mut errors = citizen.as_ref().err().cloned().unwrap_or_default();
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
        match citizen {
            Ok(citizen) if errors.is_empty() => Ok(BookingInput {
                request,
                citizen,
                address_confirmed: false,
            }),
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// One appointment of a booking request, checked against its office.
#[derive(Debug)]
pub struct PlannedAppointment {
    pub office_id: i64,
    /// (service id, quantity), sorted.
    pub services: Vec<(i64, u32)>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// An existing hold that already claims the capacity, or the units to claim now.
    pub source: Source,
}

#[derive(Debug)]
pub enum Source {
    Hold(i64),
    Claim(Vec<SlotUnit>),
}

/// The offices of a request, their lapsed claims released (every claim that follows sees
/// the ledger as it is).
pub async fn offices_of(
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
                ledger::release_lapsed_claims(tx, office_id, now).await?;
                setups.insert(office_id, setup);
            }
            None => errors.push(unknown_office(&format!("appointments[{i}].office_id"))),
        }
    }
    ensure_valid(errors)?;
    Ok(setups)
}

/// Plans every appointment of the request; all field errors together, or the plans.
pub async fn appointments(
    tx: &mut Tx,
    setups: &BTreeMap<i64, OfficeSetup>,
    request: &CreateBooking,
    now: DateTime<Utc>,
    channel: Channel,
) -> Result<Vec<PlannedAppointment>> {
    let mut errors = Vec::new();
    let mut planned = Vec::new();
    for (i, appointment) in request.appointments.iter().enumerate() {
        let setup = &setups[&appointment.office_id.0];
        let prefix = format!("appointments[{i}]");
        match plan_one(tx, setup, appointment, &prefix, now, channel).await {
            Ok(plan) => planned.push(plan),
            Err(Error::Invalid(mut invalid)) => errors.append(&mut invalid),
            Err(other) => return Err(other),
        }
    }
    ensure_valid(errors)?;
    Ok(planned)
}

async fn plan_one(
    tx: &mut Tx,
    setup: &OfficeSetup,
    appointment: &AppointmentRequest,
    prefix: &str,
    now: DateTime<Utc>,
    channel: Channel,
) -> Result<PlannedAppointment> {
    let units = setup
        .units_needed(
            &appointment.services,
            channel,
            &format!("{prefix}.services"),
        )
        .map_err(Error::Invalid)?;
    let start = appointment.start.with_timezone(&Utc);
    let services = services_of(&appointment.services);
    if let Some(hold_id) = appointment.hold_id {
        return plan_held(
            tx,
            setup,
            &hold_id.to_string(),
            start,
            services,
            prefix,
            now,
        )
        .await;
    }
    let date = start.with_timezone(&setup.time_zone).date_naive();
    let availability =
        OfficeAvailability::load(tx, setup, date, date, now, channel, RELEASED).await?;
    let (slot_units, _free) = availability
        .check_start(start, units)
        .map_err(|refusal| refusal.into_error(&format!("{prefix}.start")))?;
    Ok(PlannedAppointment {
        office_id: setup.id(),
        services,
        start,
        end: slot_units.last().map_or(start, |unit| unit.end),
        source: Source::Claim(slot_units),
    })
}

/// An appointment from a hold, which must be for this office, start and services.
async fn plan_held(
    tx: &mut Tx,
    setup: &OfficeSetup,
    hold_id: &str,
    start: DateTime<Utc>,
    services: Vec<(i64, u32)>,
    prefix: &str,
    now: DateTime<Utc>,
) -> Result<PlannedAppointment> {
    let field_name = format!("{prefix}.hold_id");
    let hold = usable_hold(tx, hold_id, now, &field_name).await?;
    if hold.office_id != setup.id()
        || hold.start_at != start
        || services_of_appointment(tx, hold.id).await? != services
    {
        return Err(Error::Invalid(vec![field(
            field_name,
            "hold_mismatch",
            "the hold is for another office, time or services",
        )]));
    }
    Ok(PlannedAppointment {
        office_id: setup.id(),
        services,
        start,
        end: hold.end_at,
        source: Source::Hold(hold.id),
    })
}

/// Refuses a booking that would give its email address more open appointments at an office
/// than the office allows.
pub async fn check_email_limits(
    tx: &mut Tx,
    setups: &BTreeMap<i64, OfficeSetup>,
    planned: &[PlannedAppointment],
    email_key: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    for setup in setups.values() {
        let new = planned.iter().filter(|a| a.office_id == setup.id()).count();
        let open = bookings::open_appointments_of_email(tx, setup.id(), email_key, now).await?;
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

/// (service id, quantity) of one stored appointment, sorted.
pub async fn services_of_appointment(tx: &mut Tx, appointment_id: i64) -> Result<Vec<(i64, u32)>> {
    bookings::services_of_appointment(tx, appointment_id)
        .await?
        .into_iter()
        .map(|(service, quantity)| Ok((service, count(quantity, "quantity")?)))
        .collect()
}

/// The services of (service id, quantity) pairs, as a request lists them: the inverse of
/// [`services_of`].
pub fn quantities_of(services: &[(i64, u32)]) -> Vec<ServiceQuantity> {
    services
        .iter()
        .map(|&(service_id, quantity)| ServiceQuantity {
            service_id: shared::ids::ServiceId(service_id),
            quantity,
        })
        .collect()
}

/// (service id, quantity) of a request, sorted.
pub fn services_of(services: &[ServiceQuantity]) -> Vec<(i64, u32)> {
    let mut list: Vec<_> = services
        .iter()
        .map(|s| (s.service_id.0, s.quantity))
        .collect();
    list.sort_unstable();
    list
}

pub fn unknown_office(field_name: &str) -> FieldError {
    field(
        field_name,
        "unknown_office",
        "there is no office with this id",
    )
}
