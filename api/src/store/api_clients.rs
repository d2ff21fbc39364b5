//! API clients of third-party portals, the offices they may use, and which portal made a
//! booking.

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;

/// An API client as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClientRow {
    pub id: i64,
    pub name: String,
    pub key_prefix: String,
    /// Space-separated scope names.
    pub scopes: String,
    pub requests_per_minute: i64,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

const CLIENT_COLUMNS: &str = "id, name, key_prefix, scopes, requests_per_minute, webhook_url, \
    webhook_secret, created_at, revoked_at";

/// What a new client row needs.
#[derive(Debug)]
pub struct NewClient<'a> {
    pub name: &'a str,
    pub key_hash: &'a str,
    pub key_prefix: &'a str,
    pub scopes: &'a str,
    pub requests_per_minute: i64,
    pub webhook_url: Option<&'a str>,
    pub webhook_secret: Option<&'a str>,
    pub created_at: DateTime<Utc>,
}

/// Inserts a client; a taken name fails with `StoreError::Duplicate`.
pub async fn insert(tx: &mut Tx, client: &NewClient<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO api_clients (name, key_hash, key_prefix, scopes, requests_per_minute, \
               webhook_url, webhook_secret, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
               RETURNING id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(client.name).bind(client.key_hash).bind(client.key_prefix).bind(client.scopes)
        .bind(client.requests_per_minute).bind(client.webhook_url).bind(client.webhook_secret)
        .bind(client.created_at)
        .fetch_one(c).await?))
}

/// The changeable settings of a client.
#[derive(Debug)]
pub struct ClientSettings<'a> {
    pub name: &'a str,
    pub scopes: &'a str,
    pub requests_per_minute: i64,
    pub webhook_url: Option<&'a str>,
    pub webhook_secret: Option<&'a str>,
}

pub async fn update(tx: &mut Tx, id: i64, settings: &ClientSettings<'_>) -> StoreResult<()> {
    let sql = "UPDATE api_clients SET name = $2, scopes = $3, requests_per_minute = $4, \
               webhook_url = $5, webhook_secret = $6 WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(id).bind(settings.name).bind(settings.scopes)
        .bind(settings.requests_per_minute).bind(settings.webhook_url).bind(settings.webhook_secret)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// Replaces the offices a client may use.
pub async fn set_offices(tx: &mut Tx, id: i64, office_ids: &[i64]) -> StoreResult<()> {
    let sql = "DELETE FROM api_client_offices WHERE api_client_id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(id).execute(c).await?.rows_affected());
    for office_id in office_ids {
        let sql = "INSERT INTO api_client_offices (api_client_id, office_id) VALUES ($1, $2)";
        with_tx!(tx, c => sqlx::query(sql).bind(id).bind(office_id).execute(c).await?.rows_affected());
    }
    Ok(())
}

/// Revokes the key (once; revoking again keeps the first time).
pub async fn revoke(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let sql = "UPDATE api_clients SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
    with_tx!(tx, c => sqlx::query(sql).bind(id).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn by_id(tx: &mut Tx, id: i64) -> StoreResult<Option<ClientRow>> {
    let sql = format!("SELECT {CLIENT_COLUMNS} FROM api_clients WHERE id = $1");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await?),
    )
}

/// The client whose key has this hash, revoked or not.
pub async fn by_key_hash(tx: &mut Tx, key_hash: &str) -> StoreResult<Option<ClientRow>> {
    let sql = format!("SELECT {CLIENT_COLUMNS} FROM api_clients WHERE key_hash = $1");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(key_hash).fetch_optional(c).await?),
    )
}

pub async fn all(tx: &mut Tx) -> StoreResult<Vec<ClientRow>> {
    let sql = format!("SELECT {CLIENT_COLUMNS} FROM api_clients ORDER BY name");
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).fetch_all(c).await?))
}

/// The offices of one client, ascending (empty: every office).
pub async fn offices_of(tx: &mut Tx, id: i64) -> StoreResult<Vec<i64>> {
    let sql =
        "SELECT office_id FROM api_client_offices WHERE api_client_id = $1 ORDER BY office_id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(id).fetch_all(c).await?))
}

/// Every (client, office) pair.
pub async fn all_offices(tx: &mut Tx) -> StoreResult<Vec<(i64, i64)>> {
    let sql =
        "SELECT api_client_id, office_id FROM api_client_offices ORDER BY api_client_id, office_id";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).fetch_all(c).await?))
}

/// Records which portal made a booking.
pub async fn attribute_booking(tx: &mut Tx, booking_id: i64, client_id: i64) -> StoreResult<()> {
    let sql = "UPDATE bookings SET api_client_id = $2 WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(booking_id).bind(client_id).execute(c).await?.rows_affected());
    Ok(())
}

/// The client that made a booking, with its webhook (if it has one and is not revoked).
pub async fn webhook_of_booking(tx: &mut Tx, booking_id: i64) -> StoreResult<Option<i64>> {
    let sql = "SELECT c.id FROM bookings b JOIN api_clients c ON c.id = b.api_client_id \
               WHERE b.id = $1 AND c.webhook_url IS NOT NULL AND c.revoked_at IS NULL";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(booking_id).fetch_optional(c).await?))
}
