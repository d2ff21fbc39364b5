//! The one delivery loop of both outboxes (emails, webhook events): take due rows with a lease
//! (`store::queue`), hand each to its [`Courier`], record the outcome, retry with exponential
//! backoff, give up after the configured attempts or at a permanent failure (the row is then
//! `failed`, logged, and counted in the metrics). Runs inside `terminvergabe serve`; several
//! processes on one PostgreSQL database each take disjoint rows. Delivery is at least once.

use crate::background::{backoff, pause};
use crate::clock::Clock;
use crate::store::queue::{self, Queue};
use crate::store::{Db, StoreResult, Tx};
use chrono::{DateTime, Duration, Utc};
use std::fmt::Display;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::{Notify, watch};

/// How many rows one round takes.
const BATCH: i64 = 20;

/// When to try again and when to stop.
#[derive(Debug, Clone)]
pub struct Retries {
    pub max_attempts: u32,
    /// Upper bound of the wait between attempts.
    pub retry_cap: Duration,
    /// How long a taken row is reserved for its sender (longer than one delivery may take).
    pub lease: Duration,
    pub poll_interval: std::time::Duration,
}

/// Why one delivery attempt failed; `permanent` ones are not retried.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub permanent: bool,
}

impl Failure {
    pub fn temporary(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            permanent: false,
        }
    }

    pub fn permanent(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            permanent: true,
        }
    }
}

/// One kind of delivery: which queue it serves, what a row of it carries, and how that is
/// delivered.
pub trait Courier: Send + Sync + 'static {
    type Parcel: Send + Sync;

    const QUEUE: Queue;

    /// The parcels with these ids, just taken from the queue.
    fn parcels(
        tx: &mut Tx,
        ids: &[i64],
    ) -> impl Future<Output = StoreResult<Vec<Self::Parcel>>> + Send;

    /// The row id of a parcel.
    fn id(parcel: &Self::Parcel) -> i64;

    /// The attempts counted so far, this one included.
    fn attempts(parcel: &Self::Parcel) -> i64;

    /// What the logs call a parcel (never personal data).
    fn label(parcel: &Self::Parcel) -> impl Display;

    fn deliver(
        &self,
        parcel: &Self::Parcel,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), Failure>> + Send;
}

/// Delivers until `shutdown` turns true. `wake` shortens the wait after new rows.
pub async fn run<C: Courier>(
    db: Db,
    courier: C,
    clock: Arc<dyn Clock>,
    retries: Retries,
    wake: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    let queue = C::QUEUE.name();
    tracing::info!(queue, "delivery worker started");
    loop {
        match deliver_due(&db, &courier, clock.as_ref(), &retries).await {
            Ok(0) => {}
            Ok(delivered) => tracing::debug!(queue, delivered, "batch delivered"),
            Err(error) => tracing::warn!(queue, error = %error, "could not read the queue"),
        }
        if !pause(retries.poll_interval, Some(&wake), &mut shutdown).await {
            break;
        }
    }
    tracing::info!(queue, "delivery worker stopped");
}

/// One round: take a batch, deliver each parcel, record the outcome. Returns how many were
/// delivered.
pub async fn deliver_due<C: Courier>(
    db: &Db,
    courier: &C,
    clock: &dyn Clock,
    retries: &Retries,
) -> anyhow::Result<usize> {
    let queue = C::QUEUE;
    let now = clock.now();
    let mut tx = db.begin().await?;
    let ids = queue::take_due(&mut tx, queue, now, now + retries.lease, BATCH).await?;
    let batch = C::parcels(&mut tx, &ids).await?;
    tx.commit().await?;
    let mut delivered = 0;
    for parcel in batch {
        let outcome = courier.deliver(&parcel, clock.now()).await;
        let (id, label) = (C::id(&parcel), C::label(&parcel));
        let attempts = u32::try_from(C::attempts(&parcel)).unwrap_or(u32::MAX);
        let mut tx = db.begin().await?;
        match outcome {
            Ok(()) => {
                queue::mark_done(&mut tx, queue, id, clock.now()).await?;
                tracing::info!(queue = queue.name(), id, %label, attempts, "delivered");
                delivered += 1;
            }
            Err(failure) => {
                let give_up = failure.permanent || attempts >= retries.max_attempts;
                let retry_at =
                    (!give_up).then(|| clock.now() + backoff(attempts, retries.retry_cap));
                queue::mark_attempt_failed(&mut tx, queue, id, &failure.message, retry_at).await?;
                let error = &failure.message;
                if give_up {
                    tracing::error!(queue = queue.name(), id, %label, attempts, error, "delivery failed for good");
                } else {
                    tracing::warn!(queue = queue.name(), id, %label, attempts, error, "delivery attempt failed; will retry");
                }
            }
        }
        tx.commit().await?;
    }
    Ok(delivered)
}
