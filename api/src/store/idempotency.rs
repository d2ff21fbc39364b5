//! Answers to requests sent with an `Idempotency-Key`, stored sealed (`domain::sealed`):
//! found by a value derived from the key, opened only with the key.

use super::{Db, StoreResult, Tx, with_tx};
use crate::domain::sealed::IdempotencySeal;
use chrono::{DateTime, Utc};

/// A stored answer to an idempotent request, still sealed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SealedAnswer {
    pub request_mac: String,
    pub response_status: i64,
    pub sealed_response: String,
}

pub async fn find(tx: &mut Tx, scope: &str, key_hash: &str) -> StoreResult<Option<SealedAnswer>> {
    let sql = "SELECT request_mac, response_status, sealed_response FROM idempotency_keys \
               WHERE scope = $1 AND key_hash = $2 AND sealed";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(scope).bind(key_hash).fetch_optional(c).await?))
}

/// Records the answer; a concurrent request with the same key makes this fail with
/// `StoreError::Duplicate`, and that request's transaction rolls back.
pub async fn save(
    tx: &mut Tx,
    scope: &str,
    key_hash: &str,
    answer: &SealedAnswer,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let sql = "INSERT INTO idempotency_keys \
               (scope, key_hash, request_mac, response_status, sealed_response, created_at, sealed) \
               VALUES ($1, $2, $3, $4, $5, $6, TRUE)";
    with_tx!(tx, c => sqlx::query(sql).bind(scope).bind(key_hash).bind(&answer.request_mac)
        .bind(answer.response_status).bind(&answer.sealed_response).bind(now)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// Forgets answers older than `cutoff`.
pub async fn purge_before(tx: &mut Tx, cutoff: DateTime<Utc>) -> StoreResult<u64> {
    let sql = "DELETE FROM idempotency_keys WHERE created_at < $1";
    Ok(with_tx!(tx, c => sqlx::query(sql).bind(cutoff).execute(c).await?.rows_affected()))
}

/// A record written before answers were sealed: key, body hash and answer in clear.
#[derive(Debug, sqlx::FromRow)]
struct EarlierRecord {
    scope: String,
    key_hash: String,
    request_mac: String,
    sealed_response: String,
}

/// Seals the records written before this release (migration 0009), which still hold the
/// Idempotency-Key, the body's hash and the answer in clear. Run once at startup; returns how
/// many it sealed.
pub async fn seal_earlier_records(db: &Db) -> StoreResult<usize> {
    let mut tx = db.begin().await?;
    let sql = "SELECT scope, key_hash, request_mac, sealed_response FROM idempotency_keys \
               WHERE NOT sealed";
    let earlier: Vec<EarlierRecord> = with_tx!(tx, c => sqlx::query_as(sql).fetch_all(c).await?);
    for record in &earlier {
        let seal = IdempotencySeal::derive(&record.scope, &record.key_hash);
        let sql = "UPDATE idempotency_keys SET key_hash = $3, request_mac = $4, \
                   sealed_response = $5, sealed = TRUE \
                   WHERE scope = $1 AND key_hash = $2 AND NOT sealed";
        with_tx!(tx, c => sqlx::query(sql)
            .bind(&record.scope).bind(&record.key_hash)
            .bind(seal.lookup_hash()).bind(seal.request_mac_of_hash(&record.request_mac))
            .bind(seal.seal(&record.sealed_response))
            .execute(c).await?.rows_affected());
    }
    tx.commit().await?;
    Ok(earlier.len())
}
