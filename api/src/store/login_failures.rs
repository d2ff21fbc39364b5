//! Failed staff logins, for the throttle that holds across server processes.

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};

pub async fn record(
    tx: &mut Tx,
    username: &str,
    client_ip: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let sql = "INSERT INTO login_failures (username, client_ip, failed_at) VALUES ($1, $2, $3)";
    with_tx!(tx, c => sqlx::query(sql).bind(username).bind(client_ip).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

/// When the account name failed since `since`, oldest first.
pub async fn of_username(
    tx: &mut Tx,
    username: &str,
    since: DateTime<Utc>,
) -> StoreResult<Vec<DateTime<Utc>>> {
    let sql = "SELECT failed_at FROM login_failures WHERE username = $1 AND failed_at > $2 \
               ORDER BY failed_at";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(username).bind(since).fetch_all(c).await?))
}

/// When logins from the address failed since `since`, oldest first.
pub async fn of_client_ip(
    tx: &mut Tx,
    client_ip: &str,
    since: DateTime<Utc>,
) -> StoreResult<Vec<DateTime<Utc>>> {
    let sql = "SELECT failed_at FROM login_failures WHERE client_ip = $1 AND failed_at > $2 \
               ORDER BY failed_at";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(client_ip).bind(since).fetch_all(c).await?))
}

/// Forgets an account's failures (after a successful login) and everything older than `before`.
pub async fn forget(tx: &mut Tx, username: &str, before: DateTime<Utc>) -> StoreResult<()> {
    let sql = "DELETE FROM login_failures WHERE username = $1 OR failed_at <= $2";
    with_tx!(tx, c => sqlx::query(sql).bind(username).bind(before).execute(c).await?.rows_affected());
    Ok(())
}
