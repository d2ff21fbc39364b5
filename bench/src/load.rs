//! A closed-loop load generator: `concurrency` connections, each sending its next request as
//! soon as the previous answer arrived, for a fixed time. Requests go through the typed
//! `client` crate, so the published wire types are decoded on every answer.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use client::Client;
use shared::ids::{OfficeId, ServiceId};
use shared::selection::ServiceQuantity;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Barrier;

/// One connection's clients (each has its own connection pool, so one connection each).
#[derive(Debug)]
pub struct Worker {
    pub api: Client,
    http: reqwest::Client,
    live_url: String,
}

impl Worker {
    pub fn new(base_url: &str) -> Worker {
        Worker {
            api: Client::new(base_url),
            http: reqwest::Client::new(),
            live_url: format!("{base_url}/health/live"),
        }
    }
}

/// What a probe asks for.
#[derive(Debug, Clone)]
pub enum Probe {
    /// `/health/live`: the HTTP floor of this server on this machine.
    Live,
    /// Free days of one office for two services over the whole horizon.
    Days {
        office: OfficeId,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// Free days of one office for two services, a different range on every request (from
    /// one of 90 days, 30 to 89 days long): answers computed, not served from the server's
    /// one-second answer cache, which only helps when many ask the same.
    DaysEachDifferent { office: OfficeId, first: NaiveDate },
    /// Free times of one office for two services, cycling through its open days.
    Times {
        office: OfficeId,
        days: Arc<Vec<NaiveDate>>,
    },
    /// The next free appointment for one service across every office of the city.
    NextInCity,
}

pub fn two_services() -> Vec<ServiceQuantity> {
    [crate::seed::ID_CARD, crate::seed::REGISTRATION]
        .map(|id| ServiceQuantity {
            service_id: ServiceId(id),
            quantity: 1,
        })
        .to_vec()
}

impl Probe {
    pub fn name(&self) -> &'static str {
        match self {
            Probe::Live => "GET /health/live",
            Probe::Days { .. } => "free days, 90 days, 2 services",
            Probe::DaysEachDifferent { .. } => "free days, every range new",
            Probe::Times { .. } => "free times on a day, 2 services",
            Probe::NextInCity => "next free in 20 offices",
        }
    }

    async fn call(&self, worker: &Worker, iteration: u64) -> Result<()> {
        match self {
            Probe::Live => {
                let response = worker.http.get(&worker.live_url).send().await?;
                if !response.status().is_success() {
                    bail!("/health/live answered {}", response.status());
                }
                response.bytes().await?;
            }
            Probe::Days { office, from, to } => {
                let days = worker
                    .api
                    .days(&[*office], &two_services(), *from, *to)
                    .await?;
                if days.days.is_empty() {
                    bail!("no days in the answer");
                }
            }
            Probe::DaysEachDifferent { office, first } => {
                let from = *first + chrono::Days::new(iteration % 90);
                let to = from + chrono::Days::new(30 + (iteration / 90) % 60);
                let days = worker
                    .api
                    .days(&[*office], &two_services(), from, to)
                    .await?;
                if days.days.is_empty() {
                    bail!("no days in the answer");
                }
            }
            Probe::Times { office, days } => {
                let day = days[usize::try_from(iteration)? % days.len()];
                worker.api.times(*office, &two_services(), day).await?;
            }
            Probe::NextInCity => {
                let services = &two_services()[..1];
                if worker.api.next_free(services, None).await?.is_empty() {
                    bail!("nothing free in the city");
                }
            }
        }
        Ok(())
    }
}

/// The outcome of one round.
#[derive(Debug, Clone)]
pub struct Round {
    pub requests: u64,
    pub errors: u64,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

impl Round {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    pub fn percentile(&self, share: f64) -> Duration {
        percentile(&self.latencies, share)
    }
}

/// The latency below which `share` (0..1) of the samples lie; sorts in place.
pub fn percentile(latencies: &[Duration], share: f64) -> Duration {
    if latencies.is_empty() {
        return Duration::ZERO;
    }
    let mut sorted = latencies.to_vec();
    sorted.sort_unstable();
    let rank = ((sorted.len() as f64 * share).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Runs `probe` on `concurrency` connections for `length` (after one untimed warm-up request
/// per connection, so connection set-up is not measured).
pub async fn round(
    base_url: &str,
    probe: &Probe,
    concurrency: usize,
    length: Duration,
) -> Result<Round> {
    let barrier = Arc::new(Barrier::new(concurrency + 1));
    let mut tasks = Vec::new();
    for worker_number in 0..concurrency {
        let worker = Worker::new(base_url);
        let probe = probe.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            let offset = worker_number as u64 * 7919;
            let warm_up = probe.call(&worker, offset).await;
            let deadline = barrier_then_deadline(&barrier, length).await;
            let mut latencies = Vec::new();
            let (mut errors, mut first_error) = (0, warm_up.err().map(|e| e.to_string()));
            let mut iteration = offset;
            while Instant::now() < deadline {
                iteration += 1;
                let started = Instant::now();
                let outcome = probe.call(&worker, iteration).await;
                latencies.push(started.elapsed());
                if let Err(error) = outcome {
                    errors += 1;
                    first_error.get_or_insert_with(|| error.to_string());
                }
            }
            (latencies, errors, first_error)
        }));
    }
    barrier.wait().await;
    let started = Instant::now();
    let mut result = Round {
        requests: 0,
        errors: 0,
        first_error: None,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for task in tasks {
        let (latencies, errors, first_error) = task.await?;
        result.requests += latencies.len() as u64;
        result.errors += errors;
        result.first_error = result.first_error.or(first_error);
        result.latencies.extend(latencies);
    }
    result.elapsed = started.elapsed();
    Ok(result)
}

async fn barrier_then_deadline(barrier: &Barrier, length: Duration) -> Instant {
    barrier.wait().await;
    Instant::now() + length
}

/// The median of some measurements (the upper one of an even count).
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
