//! Fair release's tables (migration 0015): the entries in the draw of an office's released
//! day with the services they ask for, and the draws done.

use super::{StoreResult, Tx, with_tx};
use crate::domain::redacted;
use crate::domain::release::EntryState;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

/// An entry as stored. `Debug` shows nothing of the citizen.
#[derive(Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub public_id: String,
    pub token_hash: String,
    pub office_id: i64,
    pub day: NaiveDate,
    pub status: EntryState,
    pub locale: String,
    /// Local start times, `09:00,09:15`; empty: any.
    pub times: String,
    pub citizen_name: String,
    pub citizen_email: String,
    pub citizen_email_key: String,
    pub citizen_phone: Option<String>,
    pub draws_at: DateTime<Utc>,
    pub draw_position: Option<i64>,
    pub booking_reference: Option<String>,
}

impl std::fmt::Debug for EntryRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryRow")
            .field("id", &self.id)
            .field("office_id", &self.office_id)
            .field("day", &self.day)
            .field("status", &self.status)
            .field("citizen_name", &crate::domain::Redacted)
            .field("citizen_email", &crate::domain::Redacted)
            .field("citizen_phone", &redacted(&self.citizen_phone))
            .finish_non_exhaustive()
    }
}

const ENTRY_COLUMNS: &str = "id, public_id, token_hash, office_id, day, status, locale, times, \
    citizen_name, citizen_email, citizen_email_key, citizen_phone, draws_at, draw_position, \
    booking_reference";

/// What a new entry needs. `Debug` shows nothing of the citizen.
pub struct NewEntry<'a> {
    pub public_id: &'a str,
    pub token_hash: &'a str,
    pub office_id: i64,
    pub day: NaiveDate,
    pub locale: &'a str,
    pub times: &'a str,
    pub citizen_name: &'a str,
    pub citizen_email: &'a str,
    pub citizen_email_key: &'a str,
    pub citizen_phone: Option<&'a str>,
    pub entered_at: DateTime<Utc>,
    pub draws_at: DateTime<Utc>,
    /// (service id, quantity).
    pub services: &'a [(i64, u32)],
}

impl std::fmt::Debug for NewEntry<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewEntry")
            .field("office_id", &self.office_id)
            .field("day", &self.day)
            .field("services", &self.services)
            .finish_non_exhaustive()
    }
}

/// Inserts an unconfirmed entry with its services; returns its id.
pub async fn insert_entry(tx: &mut Tx, entry: &NewEntry<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO release_entries (public_id, token_hash, office_id, day, status, locale, \
               times, citizen_name, citizen_email, citizen_email_key, citizen_phone, entered_at, draws_at) \
               VALUES ($1, $2, $3, $4, 'pending_confirmation', $5, $6, $7, $8, $9, $10, $11, $12) \
               RETURNING id";
    let id: i64 = with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(entry.public_id).bind(entry.token_hash).bind(entry.office_id).bind(entry.day)
        .bind(entry.locale).bind(entry.times).bind(entry.citizen_name)
        .bind(entry.citizen_email).bind(entry.citizen_email_key).bind(entry.citizen_phone)
        .bind(entry.entered_at).bind(entry.draws_at)
        .fetch_one(c).await?);
    let service_sql = "INSERT INTO release_entry_services (entry_id, service_id, quantity) \
                       VALUES ($1, $2, $3)";
    for &(service_id, quantity) in entry.services {
        with_tx!(tx, c => sqlx::query(service_sql)
            .bind(id).bind(service_id).bind(i64::from(quantity))
            .execute(c).await?.rows_affected());
    }
    Ok(id)
}

/// An entry by its public id; with `for_update` locked on PostgreSQL.
pub async fn entry_by_public_id(
    tx: &mut Tx,
    public_id: &str,
    for_update: bool,
) -> StoreResult<Option<EntryRow>> {
    let lock = tx.row_lock(for_update);
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM release_entries WHERE public_id = $1{lock}");
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(public_id).fetch_optional(c).await?))
}

/// The services of an entry: (service id, quantity), by service id.
pub async fn services_of_entry(tx: &mut Tx, entry_id: i64) -> StoreResult<Vec<(i64, u32)>> {
    let sql = "SELECT service_id, quantity FROM release_entry_services WHERE entry_id = $1 \
               ORDER BY service_id";
    let rows: Vec<(i64, i64)> =
        with_tx!(tx, c => sqlx::query_as(sql).bind(entry_id).fetch_all(c).await?);
    rows.into_iter()
        .map(|(service, quantity)| {
            Ok((
                service,
                super::count(quantity, "release_entry_services.quantity")?,
            ))
        })
        .collect()
}

/// Whether another confirmed entry of this address takes part in the office's draw of `day`.
pub async fn address_entered(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
    email_key: &str,
) -> StoreResult<bool> {
    let sql = "SELECT COUNT(*) FROM release_entries \
               WHERE office_id = $1 AND day = $2 AND citizen_email_key = $3 \
                 AND confirmed_at IS NOT NULL";
    let n: i64 = with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(office_id).bind(day).bind(email_key)
        .fetch_one(c).await?);
    Ok(n > 0)
}

/// Confirms an unconfirmed entry: it takes part in the draw.
pub async fn confirm(tx: &mut Tx, entry_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let sql = "UPDATE release_entries SET status = 'entered', confirmed_at = $2 \
               WHERE id = $1 AND status = 'pending_confirmation'";
    with_tx!(tx, c => sqlx::query(sql).bind(entry_id).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

/// The confirmed entries of a draw, by id: the order the seed shuffles.
pub async fn entrants(tx: &mut Tx, office_id: i64, day: NaiveDate) -> StoreResult<Vec<EntryRow>> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM release_entries \
         WHERE office_id = $1 AND day = $2 AND status = 'entered' ORDER BY id"
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(office_id).bind(day).fetch_all(c).await?))
}

/// Writes what the draw gave an entry: its place in the order and, if booked, its booking.
pub async fn record_result(
    tx: &mut Tx,
    entry_id: i64,
    position: i64,
    booking_reference: Option<&str>,
) -> StoreResult<()> {
    let sql = "UPDATE release_entries SET draw_position = $2, booking_reference = $3, \
               status = CASE WHEN $3 IS NULL THEN 'not_drawn' ELSE 'booked' END \
               WHERE id = $1 AND status = 'entered'";
    with_tx!(tx, c => sqlx::query(sql)
        .bind(entry_id).bind(position).bind(booking_reference)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// Entries of a draw never confirmed: they took no part.
pub async fn lapse_unconfirmed(tx: &mut Tx, office_id: i64, day: NaiveDate) -> StoreResult<u64> {
    let sql = "UPDATE release_entries SET status = 'lapsed' \
               WHERE office_id = $1 AND day = $2 AND status = 'pending_confirmation'";
    Ok(
        with_tx!(tx, c => sqlx::query(sql).bind(office_id).bind(day).execute(c).await?.rows_affected()),
    )
}

/// A draw as recorded.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DrawRow {
    pub seed: String,
    pub drawn_at: DateTime<Utc>,
    pub entrants: i64,
    pub booked: i64,
}

/// The draw of an office's `day`, if done (and committed, or done in this transaction).
pub async fn draw(tx: &mut Tx, office_id: i64, day: NaiveDate) -> StoreResult<Option<DrawRow>> {
    let sql = "SELECT seed, drawn_at, entrants, booked FROM release_draws \
               WHERE office_id = $1 AND day = $2";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(day).fetch_optional(c).await?))
}

/// Records that this transaction draws an office's `day`; false if another did (on
/// PostgreSQL a second process waits here until the first commits, then sees its row).
pub async fn begin_draw(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
    seed: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let sql = "INSERT INTO release_draws (office_id, day, seed, drawn_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (office_id, day) DO NOTHING";
    let inserted = with_tx!(tx, c => sqlx::query(sql)
        .bind(office_id).bind(day).bind(seed).bind(now)
        .execute(c).await?.rows_affected());
    Ok(inserted == 1)
}

/// Writes a draw's totals.
pub async fn finish_draw(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
    entrants: i64,
    booked: i64,
) -> StoreResult<()> {
    let sql =
        "UPDATE release_draws SET entrants = $3, booked = $4 WHERE office_id = $1 AND day = $2";
    with_tx!(tx, c => sqlx::query(sql)
        .bind(office_id).bind(day).bind(entrants).bind(booked)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// Deletes the entries (and their personal data) of days before `before`.
pub async fn delete_entries_before(tx: &mut Tx, before: NaiveDate) -> StoreResult<u64> {
    let sql = "DELETE FROM release_entries WHERE day < $1";
    Ok(with_tx!(tx, c => sqlx::query(sql).bind(before).execute(c).await?.rows_affected()))
}
