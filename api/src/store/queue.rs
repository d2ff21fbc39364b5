//! The two outboxes — `outbox` (emails) and `webhook_deliveries` (webhook events) — are one
//! kind of queue: rows written in the transaction of the change they report, with a status
//! (pending, then done or failed), the attempts so far, `next_attempt_at` (which is also the
//! lease a worker takes) and the last error. This is their one implementation of taking due
//! rows, recording each attempt and counting the backlog; what a row carries is read by its
//! own module (`outbox`, `webhooks`).

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;

/// Which outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    Mail,
    Webhooks,
}

impl Queue {
    /// What logs and metrics call it.
    pub fn name(self) -> &'static str {
        match self {
            Queue::Mail => "mail",
            Queue::Webhooks => "webhooks",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Queue::Mail => "outbox",
            Queue::Webhooks => "webhook_deliveries",
        }
    }

    /// The status and the time column of a row that was delivered.
    fn done(self) -> (&'static str, &'static str) {
        match self {
            Queue::Mail => ("sent", "sent_at"),
            Queue::Webhooks => ("delivered", "delivered_at"),
        }
    }

    /// What a row must not keep once nothing more will be sent: an email's address and
    /// bodies (a webhook event's body goes with the retention).
    fn forgotten_when_finished(self) -> &'static str {
        match self {
            Queue::Mail => ", recipient = '', body_text = '', body_html = '', ics = NULL",
            Queue::Webhooks => "",
        }
    }
}

/// Takes up to `limit` due rows for this worker: counts the attempt and pushes
/// `next_attempt_at` to `lease_until`, so no other worker takes them while they are being
/// delivered. On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets concurrent workers take disjoint
/// batches. Returns the ids, oldest due first.
pub async fn take_due(
    tx: &mut Tx,
    queue: Queue,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<i64>> {
    let skip_locked = if tx.is_postgres() {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let table = queue.table();
    let sql = format!(
        "UPDATE {table} SET attempts = attempts + 1, next_attempt_at = $2 \
         WHERE id IN (SELECT id FROM {table} WHERE status = 'pending' AND next_attempt_at <= $1 \
                      ORDER BY next_attempt_at, id LIMIT $3{skip_locked}) \
         RETURNING id"
    );
    let mut ids: Vec<i64> = with_tx!(tx, c => sqlx::query_scalar(AssertSqlSafe(sql.clone()))
        .bind(now).bind(lease_until).bind(limit)
        .fetch_all(c).await?);
    ids.sort_unstable();
    Ok(ids)
}

/// Marks a row delivered (an email also drops its address and bodies).
pub async fn mark_done(tx: &mut Tx, queue: Queue, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let (status, at) = queue.done();
    let sql = format!(
        "UPDATE {} SET status = '{status}', {at} = $2, last_error = NULL{} WHERE id = $1",
        queue.table(),
        queue.forgotten_when_finished()
    );
    with_tx!(tx, c => sqlx::query(AssertSqlSafe(sql.clone())).bind(id).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

/// Records a failed attempt: try again at `retry_at`, or give up (`failed`) when it is `None`.
pub async fn mark_attempt_failed(
    tx: &mut Tx,
    queue: Queue,
    id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    let table = queue.table();
    match retry_at {
        Some(at) => {
            let sql =
                format!("UPDATE {table} SET last_error = $2, next_attempt_at = $3 WHERE id = $1");
            with_tx!(tx, c => sqlx::query(AssertSqlSafe(sql.clone())).bind(id).bind(error).bind(at).execute(c).await?.rows_affected());
        }
        None => {
            let sql = format!(
                "UPDATE {table} SET last_error = $2, status = 'failed'{} WHERE id = $1",
                queue.forgotten_when_finished()
            );
            with_tx!(tx, c => sqlx::query(AssertSqlSafe(sql.clone())).bind(id).bind(error).execute(c).await?.rows_affected());
        }
    }
    Ok(())
}

/// How many rows are pending and how many failed for good (for metrics and staff).
pub async fn counts(tx: &mut Tx, queue: Queue) -> StoreResult<(i64, i64)> {
    let sql = format!(
        "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), \
                COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) FROM {}",
        queue.table()
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).fetch_one(c).await?))
}
