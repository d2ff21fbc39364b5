//! The outbox worker: takes due messages, sends them, retries with exponential backoff, and
//! gives up after the configured attempts (the message is then `failed`, logged, and shown to
//! staff). Runs inside `terminvergabe serve`; several processes on one PostgreSQL database
//! each take disjoint messages.

use super::transport::{Mailer, SendError};
use crate::background::{backoff, pause};
use crate::clock::Clock;
use crate::store::{Db, outbox};
use chrono::Duration;
use lettre::message::Mailbox;
use std::sync::Arc;
use tokio::sync::{Notify, watch};

/// How the worker behaves.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    pub from: Mailbox,
    pub max_attempts: u32,
    /// Upper bound of the wait between attempts.
    pub retry_cap: Duration,
    /// How long a taken message is reserved for its sender.
    pub lease: Duration,
    pub poll_interval: std::time::Duration,
}

/// Delivers until `shutdown` turns true. `wake` shortens the wait after new messages.
pub async fn run(
    db: Db,
    mailer: Mailer,
    clock: Arc<dyn Clock>,
    settings: WorkerSettings,
    wake: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    tracing::info!(transport = mailer.describe(), "mail worker started");
    loop {
        match deliver_due(&db, &mailer, clock.as_ref(), &settings).await {
            Ok(0) => {}
            Ok(sent) => tracing::debug!(sent, "mail batch delivered"),
            Err(error) => tracing::warn!(error = %error, "mail worker could not read the outbox"),
        }
        if !pause(settings.poll_interval, Some(&wake), &mut shutdown).await {
            break;
        }
    }
    tracing::info!("mail worker stopped");
}

/// One round: take a batch, send each message, record the outcome. Returns how many were sent.
pub async fn deliver_due(
    db: &Db,
    mailer: &Mailer,
    clock: &dyn Clock,
    settings: &WorkerSettings,
) -> anyhow::Result<usize> {
    let now = clock.now();
    let mut tx = db.begin().await?;
    let batch = outbox::take_due(&mut tx, now, now + settings.lease, 20).await?;
    tx.commit().await?;
    let mut sent = 0;
    for message in batch {
        let outcome = mailer.send(&settings.from, &message).await;
        let attempts = u32::try_from(message.attempts).unwrap_or(u32::MAX);
        let mut tx = db.begin().await?;
        match outcome {
            Ok(()) => {
                outbox::mark_sent(&mut tx, message.id, clock.now()).await?;
                tracing::info!(outbox_id = message.id, kind = %message.kind, "mail sent");
                sent += 1;
            }
            Err(error) => {
                let give_up =
                    matches!(error, SendError::Permanent(_)) || attempts >= settings.max_attempts;
                let retry_at =
                    (!give_up).then(|| clock.now() + backoff(attempts, settings.retry_cap));
                outbox::mark_attempt_failed(&mut tx, message.id, &error.to_string(), retry_at)
                    .await?;
                if give_up {
                    tracing::error!(outbox_id = message.id, kind = %message.kind, attempts, error = %error, "mail failed for good");
                } else {
                    tracing::warn!(outbox_id = message.id, kind = %message.kind, attempts, error = %error, "mail attempt failed; will retry");
                }
            }
        }
        tx.commit().await?;
    }
    Ok(sent)
}
