//! The webhook worker: takes due events, checks where each may go (`portal::targets`), POSTs
//! it (signed) to exactly the checked addresses of its client's webhook URL with a short
//! timeout, retries with exponential backoff, and gives up after the configured
//! attempts (the event is then `failed` and logged). Any 2xx answer counts as delivered.
//! Runs inside `terminvergabe serve`; several processes on one PostgreSQL database each take
//! disjoint events. Delivery is at least once: receivers deduplicate on the event `id`.

use crate::background::{backoff, pause};
use crate::clock::Clock;
use crate::domain::network::WebhookTargets;
use crate::domain::portal::sign;
use crate::portal::targets::{self, CheckedTarget};
use crate::store::{Db, webhooks};
use chrono::Duration;
use shared::portal::{WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER};
use std::sync::Arc;
use tokio::sync::{Notify, watch};

/// How the worker behaves.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    pub max_attempts: u32,
    /// Upper bound of the wait between attempts.
    pub retry_cap: Duration,
    /// How long a taken event is reserved for its sender (longer than the request timeout).
    pub lease: Duration,
    /// How long one delivery may take.
    pub timeout: std::time::Duration,
    pub poll_interval: std::time::Duration,
    /// Where deliveries may go (public https, and the operator's intranet networks).
    pub targets: WebhookTargets,
}

/// The HTTP client of one delivery: it connects only to the addresses that were checked
/// (pinned for the host name, so no second DNS answer is used), with short timeouts, no
/// redirects (a receiver that moved must be registered again), rustls for https.
fn delivery_client(
    timeout: std::time::Duration,
    target: &CheckedTarget,
) -> reqwest::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .user_agent(concat!(
            "Terminvergabe-Webhooks/",
            env!("CARGO_PKG_VERSION")
        ));
    if let Some(domain) = &target.domain {
        builder = builder.resolve_to_addrs(domain, &target.addresses);
    }
    builder.build()
}

/// Delivers until `shutdown` turns true. `wake` shortens the wait after new events.
pub async fn run(
    db: Db,
    clock: Arc<dyn Clock>,
    settings: WebhookSettings,
    wake: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    tracing::info!("webhook worker started");
    loop {
        match deliver_due(&db, clock.as_ref(), &settings).await {
            Ok(0) => {}
            Ok(delivered) => tracing::debug!(delivered, "webhook batch delivered"),
            Err(error) => {
                tracing::warn!(error = %error, "webhook worker could not read its queue");
            }
        }
        if !pause(settings.poll_interval, Some(&wake), &mut shutdown).await {
            break;
        }
    }
    tracing::info!("webhook worker stopped");
}

/// Why one delivery attempt failed; `permanent` ones are not retried.
struct Failure {
    message: String,
    permanent: bool,
}

async fn post(
    settings: &WebhookSettings,
    event: &webhooks::QueuedEvent,
    now_unix: i64,
) -> Result<(), Failure> {
    let (Some(url), Some(secret), false) =
        (&event.webhook_url, &event.webhook_secret, event.revoked)
    else {
        return Err(Failure {
            message: "the client's webhook was removed or its key revoked".into(),
            permanent: true,
        });
    };
    let parsed = url::Url::parse(url).map_err(|error| Failure {
        message: format!("the stored webhook URL is not a URL: {error}"),
        permanent: true,
    })?;
    let target = targets::check(&parsed, &settings.targets)
        .await
        .map_err(|error| Failure {
            message: error.to_string(),
            permanent: false,
        })?;
    let http = delivery_client(settings.timeout, &target).map_err(|error| Failure {
        message: format!("no HTTP client: {error}"),
        permanent: false,
    })?;
    let response = http
        .post(parsed)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(WEBHOOK_TIMESTAMP_HEADER, now_unix.to_string())
        .header(
            WEBHOOK_SIGNATURE_HEADER,
            sign(secret, now_unix, &event.body),
        )
        .body(event.body.clone())
        .send()
        .await
        .map_err(|error| Failure {
            message: format!("request failed: {error}"),
            permanent: false,
        })?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(Failure {
            message: format!("receiver answered HTTP {}", status.as_u16()),
            permanent: false,
        })
    }
}

/// One round: take a batch, deliver each event, record the outcome. Returns how many were
/// delivered.
pub async fn deliver_due(
    db: &Db,
    clock: &dyn Clock,
    settings: &WebhookSettings,
) -> anyhow::Result<usize> {
    let now = clock.now();
    let mut tx = db.begin().await?;
    let batch = webhooks::take_due(&mut tx, now, now + settings.lease, 20).await?;
    tx.commit().await?;
    let mut delivered = 0;
    for event in batch {
        let outcome = post(settings, &event, clock.now().timestamp()).await;
        let attempts = u32::try_from(event.attempts).unwrap_or(u32::MAX);
        let mut tx = db.begin().await?;
        match outcome {
            Ok(()) => {
                webhooks::mark_delivered(&mut tx, event.id, clock.now()).await?;
                tracing::info!(event_id = %event.event_id, event_type = %event.event_type, attempts, "webhook delivered");
                delivered += 1;
            }
            Err(failure) => {
                let give_up = failure.permanent || attempts >= settings.max_attempts;
                let retry_at =
                    (!give_up).then(|| clock.now() + backoff(attempts, settings.retry_cap));
                webhooks::mark_attempt_failed(&mut tx, event.id, &failure.message, retry_at)
                    .await?;
                if give_up {
                    tracing::error!(event_id = %event.event_id, event_type = %event.event_type, attempts, error = %failure.message, "webhook failed for good");
                } else {
                    tracing::warn!(event_id = %event.event_id, event_type = %event.event_type, attempts, error = %failure.message, "webhook attempt failed; will retry");
                }
            }
        }
        tx.commit().await?;
    }
    Ok(delivered)
}
