//! Staff accounts and the offices they work for.

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;

/// Creates an account and links it to its offices; returns the new id.
pub async fn create_account(
    tx: &mut Tx,
    username: &str,
    password_hash: &str,
    role: &str,
    office_ids: &[i64],
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let sql = "INSERT INTO staff_accounts (username, password_hash, role, created_at) \
               VALUES ($1, $2, $3, $4) RETURNING id";
    let id: i64 = with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(username).bind(password_hash).bind(role).bind(now)
        .fetch_one(c).await?);
    for office_id in office_ids {
        let sql = "INSERT INTO staff_offices (staff_id, office_id) VALUES ($1, $2)";
        with_tx!(tx, c => sqlx::query(sql).bind(id).bind(office_id).execute(c).await?.rows_affected());
    }
    Ok(id)
}

/// An account as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
}

const ACCOUNT_COLUMNS: &str = "id, username, password_hash, role, created_at, disabled_at";

pub async fn account_by_username(tx: &mut Tx, username: &str) -> StoreResult<Option<AccountRow>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM staff_accounts WHERE username = $1");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(username).fetch_optional(c).await?),
    )
}

pub async fn account_by_id(tx: &mut Tx, id: i64) -> StoreResult<Option<AccountRow>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM staff_accounts WHERE id = $1");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await?),
    )
}

pub async fn accounts(tx: &mut Tx) -> StoreResult<Vec<AccountRow>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM staff_accounts ORDER BY username");
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).fetch_all(c).await?))
}

/// The offices of one account, ascending.
pub async fn offices_of(tx: &mut Tx, staff_id: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT office_id FROM staff_offices WHERE staff_id = $1 ORDER BY office_id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(staff_id).fetch_all(c).await?))
}

/// (staff id, office id) of every account.
pub async fn all_offices(tx: &mut Tx) -> StoreResult<Vec<(i64, i64)>> {
    let sql = "SELECT staff_id, office_id FROM staff_offices ORDER BY staff_id, office_id";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).fetch_all(c).await?))
}

/// Replaces an account's role and offices.
pub async fn set_role_and_offices(
    tx: &mut Tx,
    staff_id: i64,
    role: &str,
    office_ids: &[i64],
) -> StoreResult<()> {
    let sql = "UPDATE staff_accounts SET role = $2 WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(staff_id).bind(role).execute(c).await?.rows_affected());
    let sql = "DELETE FROM staff_offices WHERE staff_id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(staff_id).execute(c).await?.rows_affected());
    for office_id in office_ids {
        let sql = "INSERT INTO staff_offices (staff_id, office_id) VALUES ($1, $2)";
        with_tx!(tx, c => sqlx::query(sql).bind(staff_id).bind(office_id).execute(c).await?.rows_affected());
    }
    Ok(())
}

/// Disables an account (idempotent: the first time is kept).
pub async fn disable(tx: &mut Tx, staff_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let sql = "UPDATE staff_accounts SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL";
    with_tx!(tx, c => sqlx::query(sql).bind(staff_id).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn set_password_hash(tx: &mut Tx, staff_id: i64, hash: &str) -> StoreResult<()> {
    let sql = "UPDATE staff_accounts SET password_hash = $2 WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(staff_id).bind(hash).execute(c).await?.rows_affected());
    Ok(())
}
