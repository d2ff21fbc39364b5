//! Secrets the server generates itself and shares between its processes through the database.

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};

/// The stored secret `name`; stores `candidate` first if there is none yet. Concurrent first
/// starts agree: only one insert wins and everybody reads the winner.
pub async fn get_or_create(
    tx: &mut Tx,
    name: &str,
    candidate: &str,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let sql = "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) \
               ON CONFLICT (name) DO NOTHING";
    with_tx!(tx, c => sqlx::query(sql).bind(name).bind(candidate).bind(now).execute(c).await?.rows_affected());
    let sql = "SELECT value FROM server_secrets WHERE name = $1";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(name).fetch_one(c).await?))
}
