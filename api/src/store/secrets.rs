//! Server-generated secrets shared by every process on the database, and single-use records.

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};

/// The secret called `name`, created with `fresh` on first use. Concurrent first uses by
/// several processes agree on one value.
pub async fn get_or_create(
    tx: &mut Tx,
    name: &str,
    fresh: &str,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let sql = "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) \
               ON CONFLICT (name) DO NOTHING";
    with_tx!(tx, c => sqlx::query(sql).bind(name).bind(fresh).bind(now).execute(c).await?.rows_affected());
    let sql = "SELECT value FROM server_secrets WHERE name = $1";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(name).fetch_one(c).await?))
}

/// Records that a proof-of-work challenge was used; false if it already was.
pub async fn redeem_challenge(
    tx: &mut Tx,
    challenge_id: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<bool> {
    let sql = "INSERT INTO pow_redemptions (challenge_id, expires_at) VALUES ($1, $2) \
               ON CONFLICT (challenge_id) DO NOTHING";
    let inserted = with_tx!(tx, c => sqlx::query(sql).bind(challenge_id).bind(expires_at).execute(c).await?.rows_affected());
    Ok(inserted == 1)
}

/// Forgets redemptions of challenges that expired (they cannot be replayed anyway).
pub async fn purge_expired_redemptions(tx: &mut Tx, now: DateTime<Utc>) -> StoreResult<u64> {
    let sql = "DELETE FROM pow_redemptions WHERE expires_at <= $1";
    Ok(with_tx!(tx, c => sqlx::query(sql).bind(now).execute(c).await?.rows_affected()))
}
