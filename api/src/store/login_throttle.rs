//! Login attempts per key within a window (see `auth::throttle`), in the database so the
//! throttle holds across server processes.

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};

/// The count of one key after an attempt was added.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Attempts {
    pub key: String,
    pub attempts: i64,
    pub window_ends_at: DateTime<Utc>,
}

/// Adds one attempt to each key — in one statement, taking each row's lock, so concurrent
/// attempts are counted one after the other — and returns the new counts. A key whose window
/// had ended starts a new one that ends at `window_ends_at`.
pub async fn count(
    tx: &mut Tx,
    keys: &[&str],
    now: DateTime<Utc>,
    window_ends_at: DateTime<Utc>,
) -> StoreResult<Vec<Attempts>> {
    let values: Vec<String> = (0..keys.len())
        .map(|index| format!("(${}, 1, $1)", index + 3))
        .collect();
    let sql = format!(
        "INSERT INTO login_throttle (key, attempts, window_ends_at) VALUES {} \
         ON CONFLICT (key) DO UPDATE SET \
           attempts = CASE WHEN login_throttle.window_ends_at <= $2 THEN 1 \
                           ELSE login_throttle.attempts + 1 END, \
           window_ends_at = CASE WHEN login_throttle.window_ends_at <= $2 \
                                 THEN excluded.window_ends_at \
                                 ELSE login_throttle.window_ends_at END \
         RETURNING key, attempts, window_ends_at",
        values.join(", ")
    );
    let sql = sqlx::AssertSqlSafe(sql);
    Ok(with_tx!(tx, c => {
        let mut query = sqlx::query_as(sql).bind(window_ends_at).bind(now);
        for key in keys {
            query = query.bind(*key);
        }
        query.fetch_all(c).await?
    }))
}

/// The attempts of `key` in its current window (0 if none).
pub async fn attempts(tx: &mut Tx, key: &str, now: DateTime<Utc>) -> StoreResult<i64> {
    let sql = "SELECT attempts FROM login_throttle WHERE key = $1 AND window_ends_at > $2";
    let found: Option<i64> =
        with_tx!(tx, c => sqlx::query_scalar(sql).bind(key).bind(now).fetch_optional(c).await?);
    Ok(found.unwrap_or(0))
}

/// Forgets the attempts of `key`.
pub async fn forget(tx: &mut Tx, key: &str) -> StoreResult<()> {
    let sql = "DELETE FROM login_throttle WHERE key = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(key).execute(c).await?.rows_affected());
    Ok(())
}

/// Takes one attempt of `key` back (it turned out not to be a failure).
pub async fn take_back(tx: &mut Tx, key: &str) -> StoreResult<()> {
    let sql = "UPDATE login_throttle SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0";
    with_tx!(tx, c => sqlx::query(sql).bind(key).execute(c).await?.rows_affected());
    Ok(())
}

/// Deletes every key whose window has ended, with the names and addresses in it.
pub async fn purge_ended(tx: &mut Tx, now: DateTime<Utc>) -> StoreResult<u64> {
    let sql = "DELETE FROM login_throttle WHERE window_ends_at <= $1";
    Ok(with_tx!(tx, c => sqlx::query(sql).bind(now).execute(c).await?.rows_affected()))
}
