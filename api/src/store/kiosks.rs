//! Kiosks (`kiosk_devices`, migration 0012): the tablets that draw walk-in tickets, known by
//! the hash of their device token.

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};

/// A kiosk as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KioskRow {
    pub id: i64,
    pub office_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, office_id, name, created_at, last_used_at";

/// Stores a new kiosk; returns it.
pub async fn insert(
    tx: &mut Tx,
    office_id: i64,
    name: &str,
    token_hash: &str,
    created_by: i64,
    now: DateTime<Utc>,
) -> StoreResult<KioskRow> {
    let sql = format!(
        "INSERT INTO kiosk_devices (office_id, name, token_hash, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
    );
    Ok(
        with_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(office_id).bind(name).bind(token_hash).bind(created_by).bind(now)
        .fetch_one(c).await?),
    )
}

/// The kiosks of an office that were not revoked, oldest first.
pub async fn active_of(tx: &mut Tx, office_id: i64) -> StoreResult<Vec<KioskRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM kiosk_devices WHERE office_id = $1 AND revoked_at IS NULL \
         ORDER BY id"
    );
    Ok(
        with_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(office_id).fetch_all(c).await?),
    )
}

/// The kiosk `id` of an office, unless revoked.
pub async fn active(tx: &mut Tx, office_id: i64, id: i64) -> StoreResult<Option<KioskRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM kiosk_devices WHERE id = $1 AND office_id = $2 \
         AND revoked_at IS NULL"
    );
    Ok(
        with_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(id).bind(office_id).fetch_optional(c).await?),
    )
}

/// The kiosk a device token belongs to, unless revoked.
pub async fn by_token_hash(tx: &mut Tx, token_hash: &str) -> StoreResult<Option<KioskRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM kiosk_devices WHERE token_hash = $1 AND revoked_at IS NULL");
    Ok(
        with_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(token_hash).fetch_optional(c).await?),
    )
}

/// Revokes a kiosk: its token opens nothing from now on.
pub async fn revoke(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let sql = "UPDATE kiosk_devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
    with_tx!(tx, c => sqlx::query(sql).bind(id).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

/// Notes that a kiosk drew a ticket.
pub async fn touch(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let sql = "UPDATE kiosk_devices SET last_used_at = $2 WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(id).bind(now).execute(c).await?.rows_affected());
    Ok(())
}
