//! The call queue under load: clerks in every server process (three on PostgreSQL sharing the
//! database, one on SQLite) call the next citizen of one office as fast as they can until
//! nobody waits, while a display on every process times each call from the moment its
//! call-next was sent until its event arrives. Every number must be called exactly once.

use crate::load::{median, percentile};
use crate::seed::MAIN_OFFICE;
use anyhow::{Context, Result, bail};
use chrono::Utc;
use shared::call_queue::{CallNext, NewTicket};
use shared::ids::{OfficeId, ServiceId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use terminvergabe::scheduling::call_queue::walk_in;
use terminvergabe::scheduling::setup::OfficeSetup;
use terminvergabe::store::{Db, with_tx};

/// Clerks calling at the same time in each server process.
pub const CLERKS_PER_PROCESS: usize = 4;

const CLERK: (&str, &str) = ("bench-clerk", "Bench-Clerk-Passwort-2026");

/// Medians over the rounds.
#[derive(Debug, Clone)]
pub struct CallsReport {
    pub processes: usize,
    pub clerks: usize,
    pub waiting_per_round: usize,
    pub per_second: f64,
    pub call_p99_ms: f64,
    pub display_p50_ms: f64,
    pub display_p99_ms: f64,
    /// Calls some display never heard, over all rounds and displays.
    pub missed: usize,
    /// Numbers called more than once (must be 0), over all rounds.
    pub called_twice: usize,
}

/// One round: what the clerks called (number → when the call was sent) and what each display
/// heard (number → when).
struct Round {
    sent: HashMap<String, Instant>,
    called_twice: usize,
    call_latencies: Vec<Duration>,
    elapsed: Duration,
    heard: Vec<HashMap<String, Instant>>,
}

pub async fn measure(
    db: &Db,
    servers: &[String],
    waiting: usize,
    rounds: usize,
) -> Result<CallsReport> {
    create_clerk(db).await?;
    let mut clerks = Vec::new();
    for server in servers {
        // One login per process (the login throttle counts attempts per account and address).
        let mut clerk = client::Client::new(server.clone());
        clerk
            .login(CLERK.0, CLERK.1)
            .await
            .context("the bench clerk logs in")?;
        clerks.extend(std::iter::repeat_n(clerk, CLERKS_PER_PROCESS));
    }
    let mut measured = Vec::new();
    for round in 0..rounds {
        eprintln!(
            "    call queue round {}/{rounds}: {waiting} waiting, {} clerks",
            round + 1,
            clerks.len()
        );
        queue_walk_ins(db, waiting).await?;
        measured.push(one_round(servers, &clerks).await?);
    }
    let display: Vec<Duration> = measured
        .iter()
        .flat_map(|round| {
            round.heard.iter().flat_map(|heard| {
                heard.iter().filter_map(|(number, at)| {
                    round
                        .sent
                        .get(number)
                        .map(|sent| at.saturating_duration_since(*sent))
                })
            })
        })
        .collect();
    Ok(CallsReport {
        processes: servers.len(),
        clerks: clerks.len(),
        waiting_per_round: waiting,
        per_second: median(
            measured
                .iter()
                .map(|r| r.sent.len() as f64 / r.elapsed.as_secs_f64())
                .collect(),
        ),
        call_p99_ms: median(
            measured
                .iter()
                .map(|r| ms(percentile(&r.call_latencies, 0.99)))
                .collect(),
        ),
        display_p50_ms: ms(percentile(&display, 0.50)),
        display_p99_ms: ms(percentile(&display, 0.99)),
        missed: measured
            .iter()
            .map(|r| {
                r.heard
                    .iter()
                    .map(|heard| r.sent.len().saturating_sub(heard.len()))
                    .sum::<usize>()
            })
            .sum(),
        called_twice: measured.iter().map(|r| r.called_twice).sum(),
    })
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

async fn create_clerk(db: &Db) -> Result<()> {
    let hash = terminvergabe::domain::password::hash(CLERK.1)?;
    let mut tx = db.begin().await?;
    terminvergabe::store::staff::create_account(&mut tx, CLERK.0, &hash, "admin", &[], Utc::now())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Empties the queues and puts `waiting` walk-ins in line at the main office (the numbers of a
/// day end at 999).
async fn queue_walk_ins(db: &Db, waiting: usize) -> Result<()> {
    let mut tx = db.begin().await?;
    for table in ["queue_entry_services", "queue_entries", "ticket_numbers"] {
        let sql = format!("DELETE FROM {table}");
        with_tx!(&mut tx, c => sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(c).await?.rows_affected());
    }
    let setup = OfficeSetup::load(&mut tx, MAIN_OFFICE)
        .await?
        .context("the main office exists")?;
    let service = *setup
        .offers
        .keys()
        .next()
        .context("the main office offers a service")?;
    let request = NewTicket::one_of_each(&[ServiceId(service)]);
    let now = Utc::now();
    for _ in 0..waiting {
        walk_in(&mut tx, &setup, now, &request).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn one_round(servers: &[String], clerks: &[client::Client]) -> Result<Round> {
    let mut displays = Vec::new();
    for server in servers {
        displays.push(Display::open(server).await?);
    }
    let sent = Arc::new(Mutex::new((HashMap::new(), 0_usize, Vec::new())));
    let started = Instant::now();
    let calling = clerks.iter().enumerate().map(|(n, clerk)| {
        let (clerk, sent) = (clerk.clone(), sent.clone());
        tokio::spawn(async move {
            let call = CallNext {
                counter: format!("Schalter {}", n + 1),
                services: Vec::new(),
            };
            loop {
                let at = Instant::now();
                let Some(called) = clerk.call_next(OfficeId(MAIN_OFFICE), &call).await? else {
                    return anyhow::Ok(());
                };
                let mut sent = sent.lock().expect("not poisoned");
                sent.2.push(at.elapsed());
                if sent.0.insert(called.number, at).is_some() {
                    sent.1 += 1;
                }
            }
        })
    });
    for clerk in futures::future::join_all(calling).await {
        clerk??;
    }
    let elapsed = started.elapsed();
    let (sent, called_twice, call_latencies) = Arc::try_unwrap(sent)
        .map_err(|_| anyhow::anyhow!("clerks still running"))?
        .into_inner()
        .expect("not poisoned");
    let mut heard = Vec::new();
    for display in displays {
        heard.push(display.close(sent.len()).await);
    }
    Ok(Round {
        sent,
        called_twice,
        call_latencies,
        elapsed,
        heard,
    })
}

/// A display's event stream, read by a task of its own.
struct Display {
    heard: Arc<Mutex<HashMap<String, Instant>>>,
    reader: tokio::task::JoinHandle<()>,
}

impl Display {
    /// Connects and waits for the board, so no call of the round is missed by starting late.
    async fn open(server: &str) -> Result<Display> {
        let url = format!("{server}/api/v1/offices/{MAIN_OFFICE}/calls");
        let mut response = reqwest::get(&url).await?;
        if !response.status().is_success() {
            bail!("the display stream answered {}", response.status());
        }
        let mut buffer = String::new();
        while !buffer.contains("event: calls") {
            let chunk = tokio::time::timeout(Duration::from_secs(10), response.chunk())
                .await
                .context("the board within 10 s")??
                .context("the stream ended before the board")?;
            buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
        let heard = Arc::new(Mutex::new(HashMap::new()));
        let reader = tokio::spawn(read_calls(response, heard.clone()));
        Ok(Display { heard, reader })
    }

    /// What it heard once `expected` calls arrived, or after a second of silence.
    async fn close(self, expected: usize) -> HashMap<String, Instant> {
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.heard.lock().expect("not poisoned").len() < expected && Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.reader.abort();
        std::mem::take(&mut *self.heard.lock().expect("not poisoned"))
    }
}

async fn read_calls(mut response: reqwest::Response, heard: Arc<Mutex<HashMap<String, Instant>>>) {
    let mut buffer = String::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let arrived = Instant::now();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if !event.contains("event: call\n") {
                continue;
            }
            let number = event
                .lines()
                .find_map(|line| line.strip_prefix("data: "))
                .and_then(|data| serde_json::from_str::<shared::call_queue::DisplayCall>(data).ok())
                .map(|call| call.number);
            if let Some(number) = number {
                heard
                    .lock()
                    .expect("not poisoned")
                    .entry(number)
                    .or_insert(arrived);
            }
        }
    }
}
