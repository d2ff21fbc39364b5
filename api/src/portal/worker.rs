//! The webhook courier: checks where an event may go (`portal::targets`) and POSTs it (signed)
//! to exactly the checked addresses of its client's webhook URL with a short timeout. Any 2xx
//! answer counts as delivered. `delivery` runs the loop (leases, retries, giving up); delivery
//! is at least once, so receivers deduplicate on the event `id`.

use crate::delivery::{Courier, Failure};
use crate::domain::network::WebhookTargets;
use crate::domain::portal::sign;
use crate::portal::targets::{self, CheckedTarget};
use crate::store::queue::Queue;
use crate::store::webhooks::{self, QueuedEvent};
use crate::store::{StoreResult, Tx};
use chrono::{DateTime, Utc};
use shared::portal::{WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER};

/// Delivers webhook events to where each client's URL points, if it may go there.
#[derive(Debug)]
pub struct WebhookCourier {
    /// How long one delivery may take.
    pub timeout: std::time::Duration,
    /// Where deliveries may go (public https, and the operator's intranet networks).
    pub targets: WebhookTargets,
}

impl Courier for WebhookCourier {
    type Parcel = QueuedEvent;

    const QUEUE: Queue = Queue::Webhooks;

    async fn parcels(tx: &mut Tx, ids: &[i64]) -> StoreResult<Vec<QueuedEvent>> {
        webhooks::events(tx, ids).await
    }

    fn id(event: &QueuedEvent) -> i64 {
        event.id
    }

    fn attempts(event: &QueuedEvent) -> i64 {
        event.attempts
    }

    fn label(event: &QueuedEvent) -> impl std::fmt::Display {
        format!("{} {}", event.event_type, event.event_id)
    }

    async fn deliver(&self, event: &QueuedEvent, now: DateTime<Utc>) -> Result<(), Failure> {
        post(self, event, now.timestamp()).await
    }
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

async fn post(courier: &WebhookCourier, event: &QueuedEvent, now_unix: i64) -> Result<(), Failure> {
    let (Some(url), Some(secret), false) =
        (&event.webhook_url, &event.webhook_secret, event.revoked)
    else {
        return Err(Failure::permanent(
            "the client's webhook was removed or its key revoked",
        ));
    };
    let parsed = url::Url::parse(url).map_err(|error| {
        Failure::permanent(format!("the stored webhook URL is not a URL: {error}"))
    })?;
    let target = targets::check(&parsed, &courier.targets)
        .await
        .map_err(|error| Failure::temporary(error.to_string()))?;
    let http = delivery_client(courier.timeout, &target)
        .map_err(|error| Failure::temporary(format!("no HTTP client: {error}")))?;
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
        .map_err(|error| Failure::temporary(format!("request failed: {error}")))?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(Failure::temporary(format!(
            "receiver answered HTTP {}",
            status.as_u16()
        )))
    }
}
