//! Staff accounts and the offices they work for.

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};

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
