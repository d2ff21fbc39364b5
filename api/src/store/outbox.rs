//! The outbox: rendered messages waiting for delivery, taken by workers with a lease
//! (`store::queue`).

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

/// The messages with these ids (just taken from the queue).
pub async fn messages(tx: &mut Tx, ids: &[i64]) -> StoreResult<Vec<QueuedMessage>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(with_tx!(tx, c => {
        let mut select = sqlx::QueryBuilder::new(
            "SELECT id, kind, recipient, subject, body_text, body_html, ics, ics_method, \
             message_id, attempts FROM outbox WHERE id IN ",
        );
        select.push_tuples(ids, |mut row, id| {
            row.push_bind(*id);
        });
        select.push(" ORDER BY id");
        select.build_query_as().fetch_all(c).await?
    }))
}

/// Drops the personal content of failed messages that still have it (those that failed
/// before failing messages were redacted at once).
pub async fn redact_failed(tx: &mut Tx) -> StoreResult<u64> {
    let sql = "UPDATE outbox SET recipient = '', body_text = '', body_html = '', ics = NULL \
               WHERE status = 'failed' AND (recipient <> '' OR body_text <> '')";
    Ok(with_tx!(tx, c => sqlx::query(sql).execute(c).await?.rows_affected()))
}
