//! The outbox: rendered messages waiting for delivery, taken by workers with a lease.

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub kind: &'a str,
    pub booking_id: Option<i64>,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    pub ics: Option<&'a str>,
    pub ics_method: Option<&'a str>,
    pub message_id: &'a str,
}

pub async fn enqueue(
    tx: &mut Tx,
    message: &NewMessage<'_>,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    tx.effects().mail_queued = true;
    let sql = "INSERT INTO outbox (kind, booking_id, recipient, subject, body_text, body_html, ics, \
               ics_method, message_id, next_attempt_at, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(message.kind).bind(message.booking_id).bind(message.recipient).bind(message.subject)
        .bind(message.body_text).bind(message.body_html).bind(message.ics).bind(message.ics_method)
        .bind(message.message_id).bind(now)
        .fetch_one(c).await?))
}

/// A queued message as the worker sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueuedMessage {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub ics: Option<String>,
    pub ics_method: Option<String>,
    pub message_id: String,
    pub attempts: i64,
}

/// Takes up to `limit` due messages for this worker: counts the attempt and pushes
/// `next_attempt_at` to `lease_until`, so no other worker takes them while they are being
/// sent. On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets concurrent workers take disjoint batches.
pub async fn take_due(
    tx: &mut Tx,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<QueuedMessage>> {
    let skip_locked = if tx.is_postgres() {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2 \
         WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 \
                      ORDER BY next_attempt_at, id LIMIT $3{skip_locked}) \
         RETURNING id, kind, recipient, subject, body_text, body_html, ics, ics_method, message_id, attempts"
    );
    Ok(
        with_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(now).bind(lease_until).bind(limit)
        .fetch_all(c).await?),
    )
}

/// Marks a message sent and drops its personal content (address, bodies); the record of what
/// was sent when stays.
pub async fn mark_sent(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let sql = "UPDATE outbox SET status = 'sent', sent_at = $2, last_error = NULL, recipient = '', \
               body_text = '', body_html = '', ics = NULL WHERE id = $1";
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
            let sql = "UPDATE outbox SET last_error = $2, next_attempt_at = $3 WHERE id = $1";
            with_tx!(tx, c => sqlx::query(sql).bind(id).bind(error).bind(at).execute(c).await?.rows_affected());
        }
        None => {
            // Given up: nothing will be sent, so address and bodies go as with a sent message.
            let sql = "UPDATE outbox SET last_error = $2, status = 'failed', recipient = '', \
                       body_text = '', body_html = '', ics = NULL WHERE id = $1";
            with_tx!(tx, c => sqlx::query(sql).bind(id).bind(error).execute(c).await?.rows_affected());
        }
    }
    Ok(())
}

/// Drops the personal content of failed messages that still have it (those that failed
/// before failing messages were redacted at once).
pub async fn redact_failed(tx: &mut Tx) -> StoreResult<u64> {
    let sql = "UPDATE outbox SET recipient = '', body_text = '', body_html = '', ics = NULL \
               WHERE status = 'failed' AND (recipient <> '' OR body_text <> '')";
    Ok(with_tx!(tx, c => sqlx::query(sql).execute(c).await?.rows_affected()))
}

/// How many messages are pending and how many failed for good (for metrics and staff).
pub async fn counts(tx: &mut Tx) -> StoreResult<(i64, i64)> {
    let sql = "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), \
                      COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) FROM outbox";
    let (pending, failed): (i64, i64) = with_tx!(tx, c => sqlx::query_as(sql).fetch_one(c).await?);
    Ok((pending, failed))
}
