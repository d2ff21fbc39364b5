//! The webhook outbox: rendered events waiting for delivery to a client's webhook URL, taken
//! by workers with a lease (`store::queue`, like the email outbox).

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};

/// Queues one event for a client; delivered after the transaction commits.
pub async fn enqueue(
    tx: &mut Tx,
    client_id: i64,
    event_id: &str,
    event_type: &str,
    body: &str,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    tx.effects().webhook_events_queued = true;
    let sql = "INSERT INTO webhook_deliveries (api_client_id, event_id, event_type, body, \
               next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(client_id).bind(event_id).bind(event_type).bind(body).bind(now)
        .fetch_one(c).await?))
}

/// A due event with where it goes (the client's current URL and secret, if it still has them).
#[derive(Clone, sqlx::FromRow)]
pub struct QueuedEvent {
    pub id: i64,
    pub event_id: String,
    pub event_type: String,
    pub body: String,
    pub attempts: i64,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    pub revoked: bool,
}

impl std::fmt::Debug for QueuedEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueuedEvent")
            .field("id", &self.id)
            .field("event_id", &self.event_id)
            .field("event_type", &self.event_type)
            .field("body", &crate::domain::Redacted)
            .field("attempts", &self.attempts)
            .field("webhook_url", &self.webhook_url)
            .field(
                "webhook_secret",
                &crate::domain::redacted(&self.webhook_secret),
            )
            .field("revoked", &self.revoked)
            .finish()
    }
}

/// The events with these ids (just taken from the queue), with where they go.
pub async fn events(tx: &mut Tx, ids: &[i64]) -> StoreResult<Vec<QueuedEvent>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(with_tx!(tx, c => {
        let mut select = sqlx::QueryBuilder::new(
            "SELECT d.id, d.event_id, d.event_type, d.body, d.attempts, c.webhook_url, \
             c.webhook_secret, (c.revoked_at IS NOT NULL) AS revoked \
             FROM webhook_deliveries d JOIN api_clients c ON c.id = d.api_client_id \
             WHERE d.id IN ",
        );
        select.push_tuples(ids, |mut row, id| {
            row.push_bind(*id);
        });
        select.push(" ORDER BY d.id");
        select.build_query_as().fetch_all(c).await?
    }))
}

/// Forgets delivered and failed events created before `cutoff`, with their bodies.
pub async fn purge_finished_before(tx: &mut Tx, cutoff: DateTime<Utc>) -> StoreResult<u64> {
    let sql = "DELETE FROM webhook_deliveries \
               WHERE status IN ('delivered', 'failed') AND created_at < $1";
    Ok(with_tx!(tx, c => sqlx::query(sql).bind(cutoff).execute(c).await?.rows_affected()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_of_a_queued_event_hides_the_secret_and_the_body() {
        let event = super::QueuedEvent {
            id: 1,
            event_id: "evt_1".into(),
            event_type: "booking.created".into(),
            body: "{\"reference\":\"PW-1\"}".into(),
            attempts: 0,
            webhook_url: Some("https://portal.example/hook".into()),
            webhook_secret: Some("whsec_secret".into()),
            revoked: false,
        };
        let shown = format!("{event:?}");
        assert!(
            !shown.contains("whsec_secret") && !shown.contains("PW-1"),
            "{shown}"
        );
    }
}
