//! The data set: a city with 20 offices and 10 services, office 1 a large Bürgeramt with 12
//! counters, a 90-day horizon, and about 60 % of every office's capacity already booked.
//!
//! Written straight through the server's store (one SQL text for both backends), with the
//! server's own calendar cutting days into slot units, so the rows are exactly what bookings
//! through the API would have left: bookings, appointments with their services and units, and
//! the capacity ledger. One day of office 1 (the storm day) is booked full except for the
//! last few free slots that the booking storm competes for.

use crate::plan::Plan;
use anyhow::{Context, Result};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use futures::{StreamExt, TryStreamExt};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use terminvergabe::domain::schedule::SlotUnit;
use terminvergabe::scheduling::setup::OfficeSetup;
use terminvergabe::store::{Db, Tx, with_tx};

/// The share of each office's capacity that is booked before the benchmark starts.
const BOOKED_SHARE: f64 = 0.6;
pub const HORIZON_DAYS: i64 = 90;
pub const MAIN_OFFICE: i64 = 1;

/// (German name, English name, slot units it takes).
const SERVICES: [(&str, &str, i64); 10] = [
    ("Personalausweis beantragen", "Apply for an ID card", 2),
    ("Reisepass beantragen", "Apply for a passport", 2),
    (
        "Kinderreisepass beantragen",
        "Apply for a children's passport",
        1,
    ),
    ("Anmeldung einer Wohnung", "Register an address", 1),
    ("Meldebescheinigung", "Certificate of registration", 1),
    (
        "Führungszeugnis beantragen",
        "Certificate of good conduct",
        1,
    ),
    ("Beglaubigung", "Certification of copies", 1),
    ("Fundsache abholen", "Collect lost property", 1),
    ("Bewohnerparkausweis", "Resident parking permit", 1),
    ("Führerschein umtauschen", "Exchange a driving licence", 2),
];
/// "Personalausweis" and "Anmeldung": the two services the availability probes ask for.
pub const ID_CARD: i64 = 1;
pub const REGISTRATION: i64 = 4;
/// One unit: what the storm competes for.
pub const CERTIFICATE: i64 = 5;

/// (weekdays, opens, closes, counters, offline counters); 15-minute slots.
type Rule = (&'static str, (u32, u32), (u32, u32), i64, i64);
const MAIN_RULES: [Rule; 2] = [
    ("mon,tue,wed,thu,fri", (7, 30), (12, 30), 12, 2),
    ("tue,thu", (14, 0), (18, 0), 12, 2),
];
const BRANCH_RULES: [Rule; 2] = [
    ("mon,tue,wed,thu,fri", (8, 0), (12, 0), 4, 1),
    ("thu", (14, 0), (18, 0), 4, 1),
];

/// What was seeded, for the probes and the report.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub offices: usize,
    pub appointments: u64,
    /// Booked share of all capacity (online and staff counters) of office 1.
    pub main_booked_share: f64,
    /// Days of office 1 with opening hours, except the storm day.
    pub main_open_days: Vec<NaiveDate>,
    pub storm_day: NaiveDate,
}

/// Writes the configuration and the bookings into an empty, migrated database.
pub async fn seed(db: &Db, plan: &Plan, now: DateTime<Utc>) -> Result<Seeded> {
    let office_ids = configure(db, plan.offices).await?;
    // SQLite has one writer; PostgreSQL takes the offices in parallel.
    let parallel = if db.is_sqlite() { 1 } else { 3 };
    let filled: Vec<Filled> = futures::stream::iter(office_ids)
        .map(|office_id| fill_office(db, office_id, now, plan.storm_slots))
        .buffer_unordered(parallel)
        .try_collect()
        .await?;
    gather_statistics(db).await?;
    let main = filled
        .iter()
        .find(|office| office.office_id == MAIN_OFFICE)
        .context("office 1 was not seeded")?;
    Ok(Seeded {
        offices: filled.len(),
        appointments: filled.iter().map(|office| office.appointments).sum(),
        main_booked_share: main.claimed as f64 / main.capacity.max(1) as f64,
        main_open_days: main.open_days.clone(),
        storm_day: main
            .storm_day
            .context("office 1 has no open day for the storm")?,
    })
}

/// Planner statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) keep them for
/// a database that grew over months rather than in the seconds of the seed.
async fn gather_statistics(db: &Db) -> Result<()> {
    let mut tx = db.begin().await?;
    with_tx!(&mut tx, c => sqlx::query("ANALYZE").execute(c).await?.rows_affected());
    tx.commit().await?;
    Ok(())
}

async fn configure(db: &Db, offices: usize) -> Result<Vec<i64>> {
    let mut tx = db.begin().await?;
    let mut office_ids = Vec::new();
    for number in 1..=offices {
        let (code, name, rules) = if number == 1 {
            ("BM".to_owned(), "Bürgeramt Mitte".to_owned(), &MAIN_RULES)
        } else {
            (
                format!("B{number:02}"),
                format!("Bürgerbüro {number}"),
                &BRANCH_RULES,
            )
        };
        let sql = "INSERT INTO offices (code, name, address, phone, email, horizon_days) \
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let id: i64 = with_tx!(&mut tx, c => sqlx::query_scalar(sql)
            .bind(&code).bind(&name).bind(format!("Rathausplatz {number}, 10115 Berlin"))
            .bind("030 115").bind("buergeramt@bench.example").bind(HORIZON_DAYS)
            .fetch_one(c).await?);
        for &(weekdays, opens, closes, counters, offline) in rules {
            let sql = "INSERT INTO opening_rules \
                       (office_id, weekdays, opens, closes, slot_minutes, counters, offline_counters) \
                       VALUES ($1, $2, $3, $4, 15, $5, $6)";
            with_tx!(&mut tx, c => sqlx::query(sql).bind(id).bind(weekdays)
                .bind(time(opens)).bind(time(closes)).bind(counters).bind(offline)
                .execute(c).await?.rows_affected());
        }
        office_ids.push(id);
    }
    for (position, (name_de, name_en, units)) in (0_i64..).zip(SERVICES) {
        let sql = "INSERT INTO services (name_de, name_en, description_de, description_en, \
                   max_quantity, position) VALUES ($1, $2, $3, $4, 3, $5) RETURNING id";
        let service_id: i64 = with_tx!(&mut tx, c => sqlx::query_scalar(sql)
            .bind(name_de).bind(name_en)
            .bind("Bitte bringen Sie Ihren Ausweis mit.").bind("Please bring your ID.")
            .bind(position).fetch_one(c).await?);
        for office_id in &office_ids {
            let sql =
                "INSERT INTO office_services (office_id, service_id, units) VALUES ($1, $2, $3)";
            with_tx!(&mut tx, c => sqlx::query(sql).bind(office_id).bind(service_id).bind(units)
                .execute(c).await?.rows_affected());
        }
    }
    tx.commit().await?;
    Ok(office_ids)
}

/// One office's bookings.
#[derive(Debug)]
struct Filled {
    office_id: i64,
    appointments: u64,
    claimed: u64,
    capacity: u64,
    open_days: Vec<NaiveDate>,
    storm_day: Option<NaiveDate>,
}

/// Claims per unit: (online used, staff used, online capacity, total capacity).
type Ledger = BTreeMap<DateTime<Utc>, (i64, i64, u32, u32)>;

async fn fill_office(
    db: &Db,
    office_id: i64,
    now: DateTime<Utc>,
    storm_slots: u32,
) -> Result<Filled> {
    let mut rng = StdRng::seed_from_u64(office_id.unsigned_abs());
    let mut tx = db.begin().await?;
    let setup = OfficeSetup::load(&mut tx, office_id)
        .await?
        .context("the office just written")?;
    let calendar = setup.calendar(&[]);
    let today = setup.today(now);
    let earliest_storm_day = today + Duration::days(14);
    let mut filled = Filled {
        office_id,
        appointments: 0,
        claimed: 0,
        capacity: 0,
        open_days: Vec::new(),
        storm_day: None,
    };
    let mut ledger = Ledger::new();
    for offset in 1..=HORIZON_DAYS {
        let date = today + Duration::days(offset);
        let day = calendar.day(date);
        if day.windows.is_empty() {
            continue;
        }
        let storm =
            office_id == MAIN_OFFICE && filled.storm_day.is_none() && date >= earliest_storm_day;
        if storm {
            filled.storm_day = Some(date);
        } else {
            filled.open_days.push(date);
        }
        for (index, window) in day.windows.iter().enumerate() {
            // The storm day's free slots are the first units of its first window.
            let free_slots = if storm && index == 0 { storm_slots } else { 0 };
            let placed =
                fill_window(&mut tx, &mut rng, office_id, window, storm, free_slots, now).await?;
            filled.appointments += placed.appointments;
            for (unit, (online, staff)) in window.iter().zip(placed.used) {
                filled.capacity += u64::from(unit.total_capacity);
                filled.claimed += (online + staff).unsigned_abs();
                ledger.insert(
                    unit.start,
                    (online, staff, unit.online_capacity, unit.total_capacity),
                );
            }
        }
    }
    write_ledger(&mut tx, office_id, &ledger).await?;
    tx.commit().await?;
    Ok(filled)
}

/// What one window got: appointments written and claims per unit (online, staff).
struct Placed {
    appointments: u64,
    used: Vec<(i64, i64)>,
}

/// Books each counter of the window like a day of citizens would: appointments of random
/// services with gaps, about [`BOOKED_SHARE`] of the time in total. On the storm day every
/// counter is booked full with one-unit appointments except `free_slots` online slots.
async fn fill_window(
    tx: &mut Tx,
    rng: &mut StdRng,
    office_id: i64,
    window: &[SlotUnit],
    storm: bool,
    free_slots: u32,
    now: DateTime<Utc>,
) -> Result<Placed> {
    let online = window[0].online_capacity;
    let total = window[0].total_capacity;
    // Free online slots per unit on the storm day: the first units, up to `online` each.
    let mut left = free_slots;
    let free_at: Vec<u32> = window
        .iter()
        .map(|_| {
            let free = left.min(online);
            left -= free;
            free
        })
        .collect();
    // The chance to start an appointment at a free position so that about BOOKED_SHARE of
    // the units end up booked, given the average units per service.
    let average_units = SERVICES.iter().map(|s| s.2 as f64).sum::<f64>() / SERVICES.len() as f64;
    let start_chance = BOOKED_SHARE / ((1.0 - BOOKED_SHARE) * average_units + BOOKED_SHARE);
    let mut used = vec![(0_i64, 0_i64); window.len()];
    let mut appointments = 0;
    for lane in 0..total {
        let channel = if lane < online { "online" } else { "staff" };
        let mut position = 0;
        while position < window.len() {
            let (service_id, units) = if storm {
                if lane < online && lane >= online - free_at[position] {
                    position += 1;
                    continue;
                }
                (CERTIFICATE, 1)
            } else {
                if !rng.random_bool(start_chance) {
                    position += 1;
                    continue;
                }
                let service = rng.random_range(0..SERVICES.len());
                (service as i64 + 1, SERVICES[service].2 as usize)
            };
            if position + units > window.len() {
                position += 1;
                continue;
            }
            let claimed = &window[position..position + units];
            insert_appointment(tx, office_id, service_id, (channel, lane), claimed, now).await?;
            for slot in &mut used[position..position + units] {
                if channel == "online" {
                    slot.0 += 1;
                } else {
                    slot.1 += 1;
                }
            }
            appointments += 1;
            position += units;
        }
    }
    Ok(Placed { appointments, used })
}

async fn insert_appointment(
    tx: &mut Tx,
    office_id: i64,
    service_id: i64,
    (channel, lane): (&str, u32),
    units: &[SlotUnit],
    now: DateTime<Utc>,
) -> Result<()> {
    let start = units[0].start;
    let end = units[units.len() - 1].end;
    // Unique: one counter lane cannot start two appointments at the same unit.
    let reference = format!("S{office_id}-{channel}-{}-{lane}", start.timestamp());
    let sql = "INSERT INTO bookings (reference, manage_token_hash, status, locale, citizen_name, \
               citizen_email, created_at) VALUES ($1, $2, 'confirmed', 'de', $3, $4, $5) RETURNING id";
    let booking_id: i64 = with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(&reference).bind("0".repeat(64)).bind("Erika Mustermann")
        .bind("seeded@bench.example").bind(now - Duration::days(3))
        .fetch_one(c).await?);
    let sql = "INSERT INTO appointments (booking_id, office_id, start_at, end_at, channel, status) \
               VALUES ($1, $2, $3, $4, $5, 'booked') RETURNING id";
    let appointment_id: i64 = with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(booking_id).bind(office_id).bind(start).bind(end).bind(channel)
        .fetch_one(c).await?);
    let sql = "INSERT INTO appointment_services (appointment_id, service_id, quantity) \
               VALUES ($1, $2, 1)";
    with_tx!(tx, c => sqlx::query(sql).bind(appointment_id).bind(service_id).execute(c).await?.rows_affected());
    let sql = "INSERT INTO appointment_units (appointment_id, unit_start) VALUES ($1, $2)";
    for unit in units {
        with_tx!(tx, c => sqlx::query(sql).bind(appointment_id).bind(unit.start).execute(c).await?.rows_affected());
    }
    Ok(())
}

async fn write_ledger(tx: &mut Tx, office_id: i64, ledger: &Ledger) -> Result<()> {
    let sql = "INSERT INTO slot_usage \
               (office_id, unit_start, online_used, staff_used, online_capacity, total_capacity) \
               VALUES ($1, $2, $3, $4, $5, $6)";
    for (unit_start, &(online, staff, online_capacity, total_capacity)) in ledger {
        if online + staff == 0 {
            continue;
        }
        with_tx!(tx, c => sqlx::query(sql).bind(office_id).bind(unit_start).bind(online)
            .bind(staff).bind(i64::from(online_capacity)).bind(i64::from(total_capacity))
            .execute(c).await?.rows_affected());
    }
    Ok(())
}

fn time((hour, minute): (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).expect("opening hours are valid times")
}
