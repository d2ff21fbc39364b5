//! What the counter needs: the appointments of a day or week with services and citizen,
//! finding an appointment by reference or name, and the capacity used per hour.

use crate::domain::call_queue::TicketNumber;
use crate::domain::schedule::Channel;
use crate::domain::tokens::normalize_reference;
use crate::scheduling::availability::{Ledger, OfficeAvailability, local_days_in_utc};
use crate::scheduling::catalog::pick;
use crate::scheduling::setup::OfficeSetup;
use crate::scheduling::{Error, Result, field};
use crate::store::staff_appointments::{self, PlannedRow};
use crate::store::{Tx, bookings, catalog, count};
use chrono::{DateTime, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use shared::admin::{BookingChannel, DayCapacity, HourCapacity, PlannedService, StaffAppointment};
use shared::ids::{AppointmentId, OfficeId, ServiceId};
use shared::locale::Locale;
use std::collections::{BTreeMap, HashMap};

/// Longest range of days one plan or capacity request may cover.
pub const MAX_PLAN_DAYS: i64 = 31;
/// Most search results.
pub const MAX_SEARCH_RESULTS: i64 = 50;

/// Service names in one language, by id.
pub async fn service_names(tx: &mut Tx, locale: Locale) -> Result<HashMap<i64, String>> {
    Ok(catalog::services(tx)
        .await?
        .into_iter()
        .map(|s| (s.id, pick(locale, &s.name_de, &s.name_en).to_owned()))
        .collect())
}

/// One appointment for the staff views.
pub fn view(
    row: &PlannedRow,
    services: &[(i64, i64)],
    names: &HashMap<i64, String>,
    time_zone: Tz,
    now: DateTime<Utc>,
) -> Result<StaffAppointment> {
    Ok(StaffAppointment {
        id: AppointmentId(row.id),
        reference: row.reference.clone(),
        office_id: OfficeId(row.office_id),
        start: row.start_at.with_timezone(&time_zone).fixed_offset(),
        end: row.end_at.with_timezone(&time_zone).fixed_offset(),
        status: row.status.shown(row.expires_at.is_some_and(|at| at <= now)),
        channel: match row.channel {
            Channel::Staff => BookingChannel::Staff,
            Channel::Online => BookingChannel::Online,
        },
        services: services
            .iter()
            .map(|&(service_id, quantity)| {
                Ok(PlannedService {
                    service_id: ServiceId(service_id),
                    name: names.get(&service_id).cloned().unwrap_or_default(),
                    quantity: count(quantity, "appointment_services.quantity")?,
                })
            })
            .collect::<Result<_>>()?,
        citizen_name: row.citizen_name.clone(),
        citizen_email: row.citizen_email.clone(),
        citizen_phone: row.citizen_phone.clone(),
        cancel_reason: row.cancel_reason.clone(),
        booked_via: row.booked_via.clone(),
        queue_number: row
            .queue_prefix
            .zip(row.queue_number)
            .map(|(prefix, number)| TicketNumber { prefix, number }.to_string()),
    })
}

/// Checks a requested range of local days.
pub fn checked_range(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(Error::Invalid(vec![field(
            "to",
            "range_reversed",
            "`to` must not be before `from`",
        )]));
    }
    if (to - from).num_days() >= MAX_PLAN_DAYS {
        return Err(Error::Invalid(vec![field(
            "to",
            "range_too_long",
            format!("ask for at most {MAX_PLAN_DAYS} days at once"),
        )]));
    }
    Ok(())
}

/// The appointments of the local days `from..=to`, by start (cancelled ones included, so the
/// counter sees why a time is free).
#[tracing::instrument(skip_all, fields(office_id = setup.office.id))]
pub async fn plan(
    tx: &mut Tx,
    setup: &OfficeSetup,
    from: NaiveDate,
    to: NaiveDate,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Vec<StaffAppointment>> {
    checked_range(from, to)?;
    let (start, end) = local_days_in_utc(setup, from, to);
    let rows = staff_appointments::in_range(tx, setup.id(), start, end).await?;
    let mut services: BTreeMap<i64, Vec<(i64, i64)>> = BTreeMap::new();
    for (appointment, service, quantity) in
        staff_appointments::services_in_range(tx, setup.id(), start, end).await?
    {
        services
            .entry(appointment)
            .or_default()
            .push((service, quantity));
    }
    let names = service_names(tx, locale).await?;
    rows.iter()
        .map(|row| {
            let booked = services.get(&row.id).map_or(&[][..], Vec::as_slice);
            view(row, booked, &names, setup.time_zone, now)
        })
        .collect()
}

/// One appointment with its services.
#[tracing::instrument(skip_all)]
pub async fn appointment(
    tx: &mut Tx,
    row: &PlannedRow,
    time_zone: Tz,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<StaffAppointment> {
    let services = bookings::services_of_appointment(tx, row.id).await?;
    let names = service_names(tx, locale).await?;
    view(row, &services, &names, time_zone, now)
}

/// Appointments at the office whose booking reference is `query` (typed sloppily or not) or
/// whose citizen's name contains it; latest first.
#[tracing::instrument(skip_all, fields(office_id = setup.office.id))]
pub async fn search(
    tx: &mut Tx,
    setup: &OfficeSetup,
    query: &str,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Vec<StaffAppointment>> {
    let query = query.trim();
    if !(2..=100).contains(&query.chars().count()) {
        return Err(Error::Invalid(vec![field(
            "q",
            "query_length",
            "search for 2 to 100 characters",
        )]));
    }
    let reference = normalize_reference(query);
    let cleaned: String = query
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '%' | '_' | '\\'))
        .collect();
    let pattern = format!("%{cleaned}%");
    let rows = staff_appointments::search(
        tx,
        setup.id(),
        reference.as_deref(),
        &pattern,
        MAX_SEARCH_RESULTS,
    )
    .await?;
    let names = service_names(tx, locale).await?;
    let mut found = Vec::with_capacity(rows.len());
    for row in &rows {
        let services = bookings::services_of_appointment(tx, row.id).await?;
        found.push(view(row, &services, &names, setup.time_zone, now)?);
    }
    Ok(found)
}

/// Per local day and hour: the counter-units the opening rules offer (online and in total)
/// and how many of them are claimed.
#[tracing::instrument(skip_all, fields(office_id = setup.office.id))]
pub async fn capacity(
    tx: &mut Tx,
    setup: &OfficeSetup,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<DayCapacity>> {
    checked_range(from, to)?;
    let availability = OfficeAvailability::load(
        tx,
        setup,
        from,
        to,
        now,
        Channel::Staff,
        Ledger::MayCountLapsedClaims,
    )
    .await?;
    Ok(from
        .iter_days()
        .take_while(|day| *day <= to)
        .map(|date| {
            let mut hours: BTreeMap<DateTime<Utc>, HourCapacity> = BTreeMap::new();
            for unit in availability.plan(date).windows.iter().flatten() {
                let local = unit.start.with_timezone(&setup.time_zone);
                let hour_start = local
                    .with_minute(0)
                    .and_then(|t| t.with_second(0))
                    .unwrap_or(local);
                let usage = availability.usage_at(unit.start);
                let entry = hours
                    .entry(hour_start.with_timezone(&Utc))
                    .or_insert_with(|| HourCapacity {
                        start: hour_start.fixed_offset(),
                        online_capacity: 0,
                        online_used: 0,
                        total_capacity: 0,
                        total_used: 0,
                    });
                entry.online_capacity += unit.online_capacity;
                entry.total_capacity += unit.total_capacity;
                entry.online_used += usage.online_used;
                entry.total_used += usage.online_used + usage.staff_used;
            }
            DayCapacity {
                date,
                hours: hours.into_values().collect(),
            }
        })
        .collect())
}
