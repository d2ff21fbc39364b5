//! Bookings under load: the storm (many clients, the last few slots) and steady throughput on
//! uncontended slots; and the database check that capacity held.

use crate::load::{Worker, percentile};
use crate::seed::{CERTIFICATE, ID_CARD, MAIN_OFFICE};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use shared::availability::FreeTime;
use shared::bookings::{AppointmentRequest, Citizen, CreateBooking};
use shared::ids::{OfficeId, ServiceId};
use shared::locale::Locale;
use shared::selection::ServiceQuantity;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use terminvergabe::store::{Db, with_tx};
use tokio::sync::Barrier;

const STORM_DEADLINE: Duration = Duration::from_secs(120);

fn one_of(service: i64) -> Vec<ServiceQuantity> {
    vec![ServiceQuantity {
        service_id: ServiceId(service),
        quantity: 1,
    }]
}

fn booking_request(time: &FreeTime, service: i64, citizen: &str) -> CreateBooking {
    CreateBooking {
        appointments: vec![AppointmentRequest {
            office_id: time.office_id,
            services: one_of(service),
            start: time.start,
            hold_id: None,
        }],
        citizen: Citizen {
            name: "Erika Mustermann".to_owned(),
            email: format!("{citizen}@bench.example"),
            phone: None,
        },
        locale: Locale::De,
    }
}

/// What the storm did.
#[derive(Debug, Clone)]
pub struct Storm {
    pub clients: usize,
    pub free_before: u32,
    pub succeeded: u64,
    pub conflicts: u64,
    pub errors: u64,
    pub first_error: Option<String>,
    /// From the start signal to the last successful booking.
    pub elapsed: Duration,
    /// Of every booking attempt (successes and 409s).
    pub p99: Duration,
}

/// `clients` citizens at once, each looking up the free times of the storm day and booking one
/// of them, again after a `409 slot_taken`, until nothing is free.
pub async fn storm(base_url: &str, day: NaiveDate, clients: usize) -> Result<Storm> {
    let probe = Worker::new(base_url);
    let office = OfficeId(MAIN_OFFICE);
    let free_before = probe
        .api
        .times(office, &one_of(CERTIFICATE), day)
        .await?
        .iter()
        .map(|time| time.free)
        .sum();
    let barrier = Arc::new(Barrier::new(clients + 1));
    let mut tasks = Vec::new();
    for number in 0..clients {
        let worker = Worker::new(base_url);
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(number as u64);
            let mut outcome = StormClient::default();
            barrier.wait().await;
            let deadline = Instant::now() + STORM_DEADLINE;
            while Instant::now() < deadline {
                let times = match worker.api.times(office, &one_of(CERTIFICATE), day).await {
                    Ok(times) if times.is_empty() => break,
                    Ok(times) => times,
                    Err(error) => {
                        outcome.error = Some(error.to_string());
                        break;
                    }
                };
                let time = &times[rng.random_range(0..times.len())];
                let request = booking_request(time, CERTIFICATE, &format!("storm-{number}"));
                let started = Instant::now();
                let booked = worker.api.book(&request, None).await;
                outcome.latencies.push(started.elapsed());
                match booked {
                    Ok(_) => {
                        outcome.booked_at = Some(Instant::now());
                        break;
                    }
                    Err(error) if error.code() == Some("slot_taken") => outcome.conflicts += 1,
                    Err(error) => {
                        outcome.error = Some(error.to_string());
                        break;
                    }
                }
            }
            outcome
        }));
    }
    barrier.wait().await;
    let started = Instant::now();
    let mut result = Storm {
        clients,
        free_before,
        succeeded: 0,
        conflicts: 0,
        errors: 0,
        first_error: None,
        elapsed: Duration::ZERO,
        p99: Duration::ZERO,
    };
    let mut latencies = Vec::new();
    for task in tasks {
        let client = task.await?;
        if let Some(at) = client.booked_at {
            result.succeeded += 1;
            result.elapsed = result.elapsed.max(at - started);
        }
        result.conflicts += client.conflicts;
        if let Some(error) = client.error {
            result.errors += 1;
            result.first_error.get_or_insert(error);
        }
        latencies.extend(client.latencies);
    }
    result.p99 = percentile(&latencies, 0.99);
    Ok(result)
}

#[derive(Debug, Default)]
struct StormClient {
    latencies: Vec<Duration>,
    conflicts: u64,
    booked_at: Option<Instant>,
    error: Option<String>,
}

/// Start times for the steady test: free starts of a two-unit service on every open day of
/// office 1 that share no unit with each other, interleaved across days.
pub async fn uncontended_starts(base_url: &str, days: &[NaiveDate]) -> Result<Vec<FreeTime>> {
    let worker = Worker::new(base_url);
    let mut per_day = Vec::new();
    for day in days {
        let times = worker
            .api
            .times(OfficeId(MAIN_OFFICE), &one_of(ID_CARD), *day)
            .await?;
        let mut disjoint: Vec<FreeTime> = Vec::new();
        for time in times {
            if disjoint.last().is_none_or(|last| time.start >= last.end) {
                disjoint.push(time);
            }
        }
        disjoint.reverse();
        per_day.push(disjoint);
    }
    let mut starts = Vec::new();
    while per_day.iter().any(|day| !day.is_empty()) {
        starts.extend(per_day.iter_mut().filter_map(Vec::pop));
    }
    Ok(starts)
}

/// One round of steady booking.
#[derive(Debug, Clone)]
pub struct Steady {
    pub booked: u64,
    pub failed: u64,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

impl Steady {
    pub fn per_second(&self) -> f64 {
        self.booked as f64 / self.elapsed.as_secs_f64()
    }
}

/// Books each of `starts` once, on `concurrency` connections.
pub async fn steady(
    base_url: &str,
    starts: Vec<FreeTime>,
    concurrency: usize,
    round: usize,
) -> Result<Steady> {
    let starts = Arc::new(starts);
    let next = Arc::new(AtomicUsize::new(0));
    let barrier = Arc::new(Barrier::new(concurrency + 1));
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (worker, starts, next, barrier) = (
            Worker::new(base_url),
            starts.clone(),
            next.clone(),
            barrier.clone(),
        );
        tasks.push(tokio::spawn(async move {
            // One untimed request opens the connection.
            let _ = worker.api.offices().await;
            barrier.wait().await;
            let (mut latencies, mut failed, mut first_error) = (Vec::new(), 0, None);
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(time) = starts.get(index) else { break };
                let request = booking_request(time, ID_CARD, &format!("steady-{round}-{index}"));
                let started = Instant::now();
                let booked = worker.api.book(&request, None).await;
                latencies.push(started.elapsed());
                if let Err(error) = booked {
                    failed += 1;
                    first_error.get_or_insert_with(|| error.to_string());
                }
            }
            (latencies, failed, first_error)
        }));
    }
    barrier.wait().await;
    let started = Instant::now();
    let mut result = Steady {
        booked: 0,
        failed: 0,
        first_error: None,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for task in tasks {
        let (latencies, failed, first_error) = task.await?;
        result.booked += latencies.len() as u64 - failed;
        result.failed += failed;
        result.first_error = result.first_error.or(first_error);
        result.latencies.extend(latencies);
    }
    result.elapsed = started.elapsed();
    Ok(result)
}

/// The database's view after the storm.
#[derive(Debug, Clone, Copy)]
pub struct LedgerCheck {
    /// `slot_usage` rows over their capacity (the CHECK constraint should make this 0).
    pub over_capacity: i64,
    /// Units whose ledger count differs from the active appointments claiming them.
    pub mismatched_units: i64,
    /// Active appointments booked by the storm's clients.
    pub storm_appointments: i64,
}

pub async fn check_ledger(db: &Db) -> Result<LedgerCheck> {
    let mut tx = db.begin_read().await?;
    let over = "SELECT COUNT(*) FROM slot_usage WHERE online_used > online_capacity \
                OR online_used + staff_used > total_capacity";
    let over_capacity: i64 = with_tx!(&mut tx, c => sqlx::query_scalar(over).fetch_one(c).await?);
    let mismatched = "SELECT COUNT(*) FROM slot_usage s LEFT JOIN ( \
                          SELECT a.office_id, u.unit_start, COUNT(*) AS claims \
                          FROM appointments a JOIN appointment_units u ON u.appointment_id = a.id \
                          WHERE a.released_at IS NULL GROUP BY a.office_id, u.unit_start) c \
                      ON c.office_id = s.office_id AND c.unit_start = s.unit_start \
                      WHERE s.online_used + s.staff_used <> COALESCE(c.claims, 0)";
    let mismatched_units: i64 =
        with_tx!(&mut tx, c => sqlx::query_scalar(mismatched).fetch_one(c).await?);
    let storm = "SELECT COUNT(*) FROM appointments a JOIN bookings b ON b.id = a.booking_id \
                 WHERE b.citizen_email LIKE 'storm-%' AND a.released_at IS NULL";
    let storm_appointments: i64 =
        with_tx!(&mut tx, c => sqlx::query_scalar(storm).fetch_one(c).await?);
    Ok(LedgerCheck {
        over_capacity,
        mismatched_units,
        storm_appointments,
    })
}

/// Average size in bytes of the emails the server delivered to its mail folder (`.eml` files),
/// so that the pgbench transaction writes outbox rows of the same size (the worker blanks the
/// bodies in the database once a message is sent).
pub fn average_email_size(mail_dir: &std::path::Path) -> Result<u64> {
    let mut sizes = Vec::new();
    for entry in std::fs::read_dir(mail_dir)? {
        let entry = entry?;
        if entry.path().extension().is_some_and(|ext| ext == "eml") {
            sizes.push(entry.metadata()?.len());
        }
    }
    if sizes.is_empty() {
        bail!("no email in {}", mail_dir.display());
    }
    Ok(sizes.iter().sum::<u64>() / sizes.len() as u64)
}
