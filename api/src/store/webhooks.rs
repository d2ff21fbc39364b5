//! The webhook outbox: rendered events waiting for delivery to a client's webhook URL, taken
//! by workers with a lease (like the email outbox).

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

/// Takes up to `limit` due events: counts the attempt and pushes `next_attempt_at` to
/// `lease_until`, so no other worker takes them meanwhile. On PostgreSQL, `FOR UPDATE SKIP
/// LOCKED` lets concurrent workers take disjoint batches.
pub async fn take_due(
    tx: &mut Tx,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<QueuedEvent>> {
    let skip_locked = if tx.is_postgres() {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let take = format!(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $2 \
         WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' \
                      AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $3{skip_locked}) \
         RETURNING id"
    );
    let ids: Vec<i64> = with_tx!(tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(take.clone()))
        .bind(now).bind(lease_until).bind(limit)
        .fetch_all(c).await?);
    let mut events = Vec::with_capacity(ids.len());
    for id in ids {
        let sql = "SELECT d.id, d.event_id, d.event_type, d.body, d.attempts, c.webhook_url, \
                   c.webhook_secret, (c.revoked_at IS NOT NULL) AS revoked \
                   FROM webhook_deliveries d JOIN api_clients c ON c.id = d.api_client_id \
                   WHERE d.id = $1";
        events.push(with_tx!(tx, c => sqlx::query_as(sql).bind(id).fetch_one(c).await?));
    }
    events.sort_by_key(|event: &QueuedEvent| event.id);
    Ok(events)
}

/// Forgets delivered and failed events created before `cutoff`, with their bodies.
pub async fn purge_finished_before(tx: &mut Tx, cutoff: DateTime<Utc>) -> StoreResult<u64> {
    let sql = "DELETE FROM webhook_deliveries \
               WHERE status IN ('delivered', 'failed') AND created_at < $1";
    Ok(with_tx!(tx, c => sqlx::query(sql).bind(cutoff).execute(c).await?.rows_affected()))
}

pub async fn mark_delivered(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let sql = "UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $2, \
               last_error = NULL WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(id).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

/// Records a failed attempt: try again at `retry_at`, or give up (`failed`) when it is `None`.
pub async fn mark_attempt_failed(
    tx: &mut Tx,
    id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    match retry_at {
        Some(at) => {
            let sql =
                "UPDATE webhook_deliveries SET last_error = $2, next_attempt_at = $3 WHERE id = $1";
            with_tx!(tx, c => sqlx::query(sql).bind(id).bind(error).bind(at).execute(c).await?.rows_affected());
        }
        None => {
            let sql =
                "UPDATE webhook_deliveries SET last_error = $2, status = 'failed' WHERE id = $1";
            with_tx!(tx, c => sqlx::query(sql).bind(id).bind(error).execute(c).await?.rows_affected());
        }
    }
    Ok(())
}

/// How many events are pending and how many failed for good (for metrics).
pub async fn counts(tx: &mut Tx) -> StoreResult<(i64, i64)> {
    let sql = "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), \
                      COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) \
               FROM webhook_deliveries";
    let (pending, failed): (i64, i64) = with_tx!(tx, c => sqlx::query_as(sql).fetch_one(c).await?);
    Ok((pending, failed))
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
