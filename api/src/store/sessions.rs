//! Staff sessions: one row per login, holding the hash of the current refresh token.

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub staff_id: i64,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub async fn insert(
    tx: &mut Tx,
    staff_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoreResult<i64> {
    let sql = "INSERT INTO staff_sessions (staff_id, token_hash, created_at, refreshed_at, expires_at) \
               VALUES ($1, $2, $3, $3, $4) RETURNING id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(staff_id).bind(token_hash).bind(now).bind(expires_at)
        .fetch_one(c).await?))
}

/// The session whose current refresh token has this hash; locked on PostgreSQL so that two
/// refreshes with the same token cannot both succeed.
pub async fn by_token_hash_for_update(
    tx: &mut Tx,
    token_hash: &str,
) -> StoreResult<Option<SessionRow>> {
    let lock = tx.row_lock(true);
    let sql = format!(
        "SELECT id, staff_id, expires_at, revoked_at FROM staff_sessions WHERE token_hash = $1{lock}"
    );
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(token_hash).fetch_optional(c).await?),
    )
}

/// The session whose *previous* refresh token has this hash: a rotated token used again.
pub async fn by_previous_token_hash(tx: &mut Tx, token_hash: &str) -> StoreResult<Option<i64>> {
    let sql = "SELECT id FROM staff_sessions WHERE previous_token_hash = $1";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(token_hash).fetch_optional(c).await?))
}

/// Replaces the refresh token of a session, remembering the old one.
pub async fn rotate(
    tx: &mut Tx,
    session_id: i64,
    old_hash: &str,
    new_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoreResult<bool> {
    let sql = "UPDATE staff_sessions SET token_hash = $3, previous_token_hash = $2, \
               refreshed_at = $4, expires_at = $5 \
               WHERE id = $1 AND token_hash = $2 AND revoked_at IS NULL";
    let changed = with_tx!(tx, c => sqlx::query(sql)
        .bind(session_id).bind(old_hash).bind(new_hash).bind(now).bind(expires_at)
        .execute(c).await?.rows_affected());
    Ok(changed == 1)
}

pub async fn revoke(tx: &mut Tx, session_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let sql = "UPDATE staff_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
    with_tx!(tx, c => sqlx::query(sql).bind(session_id).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

/// Revokes every session of an account except `keep` (e.g. the one changing the password).
pub async fn revoke_all_of_staff(
    tx: &mut Tx,
    staff_id: i64,
    keep: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let sql = "UPDATE staff_sessions SET revoked_at = $3 \
               WHERE staff_id = $1 AND id <> $2 AND revoked_at IS NULL";
    with_tx!(tx, c => sqlx::query(sql).bind(staff_id).bind(keep.unwrap_or(-1)).bind(now)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// The account behind a live session: (id, username, role), if the session is neither
/// revoked nor expired and the account is not disabled.
pub async fn live_account(
    tx: &mut Tx,
    session_id: i64,
    staff_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<Option<(i64, String, String)>> {
    let sql = "SELECT a.id, a.username, a.role FROM staff_sessions s \
               JOIN staff_accounts a ON a.id = s.staff_id \
               WHERE s.id = $1 AND s.staff_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3 \
                 AND a.disabled_at IS NULL";
    Ok(
        with_tx!(tx, c => sqlx::query_as(sql).bind(session_id).bind(staff_id).bind(now).fetch_optional(c).await?),
    )
}
