//! The waitlist's tables (migration 0014): entries with the services and offices they wait
//! for, and the offers made to them. An offer's capacity is an appointment held in the ledger
//! like any hold (`store::bookings`); this module keeps who it is for.

use super::{StoreResult, Tx, with_tx};
use crate::domain::redacted;
use crate::domain::waitlist::{EntryState, OfferState};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::AssertSqlSafe;

/// An entry as stored. `Debug` shows nothing of the citizen.
#[derive(Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub public_id: String,
    pub token_hash: String,
    pub status: EntryState,
    pub locale: String,
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    pub weekdays: String,
    pub from_time: Option<NaiveTime>,
    pub until_time: Option<NaiveTime>,
    pub citizen_name: String,
    pub citizen_email: String,
    pub citizen_phone: Option<String>,
    pub joined_at: DateTime<Utc>,
    pub confirm_by: DateTime<Utc>,
    pub queued_at: Option<DateTime<Utc>>,
    /// The appointment an accepted offer moves (a wish for an earlier one), if any.
    pub moves_appointment_id: Option<i64>,
}

impl std::fmt::Debug for EntryRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryRow")
            .field("id", &self.id)
            .field("status", &self.status)
            .field("earliest", &self.earliest)
            .field("latest", &self.latest)
            .field("citizen_name", &crate::domain::Redacted)
            .field("citizen_email", &crate::domain::Redacted)
            .field("citizen_phone", &redacted(&self.citizen_phone))
            .finish_non_exhaustive()
    }
}

const ENTRY_COLUMNS: &str = "e.id, e.public_id, e.token_hash, e.status, e.locale, e.earliest, \
    e.latest, e.weekdays, e.from_time, e.until_time, e.citizen_name, e.citizen_email, \
    e.citizen_phone, e.joined_at, e.confirm_by, e.queued_at, e.moves_appointment_id";

/// What a new entry needs. `Debug` shows nothing of the citizen.
pub struct NewEntry<'a> {
    pub public_id: &'a str,
    pub token_hash: &'a str,
    pub locale: &'a str,
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    pub weekdays: &'a str,
    pub times: Option<(NaiveTime, NaiveTime)>,
    pub citizen_name: &'a str,
    pub citizen_email: &'a str,
    pub citizen_email_key: &'a str,
    pub citizen_phone: Option<&'a str>,
    pub joined_at: DateTime<Utc>,
    pub confirm_by: DateTime<Utc>,
    /// (service id, quantity).
    pub services: &'a [(i64, u32)],
    pub offices: &'a [i64],
    /// The appointment an accepted offer moves, for a wish for an earlier one.
    pub moves_appointment_id: Option<i64>,
}

impl std::fmt::Debug for NewEntry<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewEntry")
            .field("earliest", &self.earliest)
            .field("latest", &self.latest)
            .field("services", &self.services)
            .field("offices", &self.offices)
            .finish_non_exhaustive()
    }
}

/// Inserts an unconfirmed entry with its services and offices; returns its id.
pub async fn insert_entry(tx: &mut Tx, entry: &NewEntry<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO waitlist_entries (public_id, token_hash, status, locale, earliest, \
               latest, weekdays, from_time, until_time, citizen_name, citizen_email, \
               citizen_email_key, citizen_phone, joined_at, confirm_by, moves_appointment_id) \
               VALUES ($1, $2, 'pending_confirmation', $3, $4, $5, $6, $7, $8, $9, $10, $11, \
               $12, $13, $14, $15) RETURNING id";
    let id: i64 = with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(entry.public_id).bind(entry.token_hash).bind(entry.locale)
        .bind(entry.earliest).bind(entry.latest).bind(entry.weekdays)
        .bind(entry.times.map(|t| t.0)).bind(entry.times.map(|t| t.1))
        .bind(entry.citizen_name).bind(entry.citizen_email).bind(entry.citizen_email_key)
        .bind(entry.citizen_phone).bind(entry.joined_at).bind(entry.confirm_by)
        .bind(entry.moves_appointment_id)
        .fetch_one(c).await?);
    let service_sql = "INSERT INTO waitlist_entry_services (entry_id, service_id, quantity) \
                       VALUES ($1, $2, $3)";
    for &(service_id, quantity) in entry.services {
        with_tx!(tx, c => sqlx::query(service_sql)
            .bind(id).bind(service_id).bind(i64::from(quantity))
            .execute(c).await?.rows_affected());
    }
    let office_sql = "INSERT INTO waitlist_entry_offices (entry_id, office_id) VALUES ($1, $2)";
    for &office_id in entry.offices {
        with_tx!(tx, c => sqlx::query(office_sql)
            .bind(id).bind(office_id)
            .execute(c).await?.rows_affected());
    }
    Ok(id)
}

/// Entries of an email address that may still lead to an offer at `now`.
pub async fn open_entries_of_email(
    tx: &mut Tx,
    email_key: &str,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> StoreResult<i64> {
    let sql = "SELECT COUNT(*) FROM waitlist_entries \
               WHERE citizen_email_key = $1 AND latest >= $3 \
                 AND (status IN ('waiting', 'offered') \
                      OR (status = 'pending_confirmation' AND confirm_by > $2))";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(email_key).bind(now).bind(today)
        .fetch_one(c).await?))
}

/// An entry by its public id; with `for_update` locked on PostgreSQL, so two requests cannot
/// change it at once.
pub async fn entry_by_public_id(
    tx: &mut Tx,
    public_id: &str,
    for_update: bool,
) -> StoreResult<Option<EntryRow>> {
    let lock = tx.row_lock(for_update);
    let sql =
        format!("SELECT {ENTRY_COLUMNS} FROM waitlist_entries e WHERE e.public_id = $1{lock}");
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(public_id).fetch_optional(c).await?))
}

/// An entry by its id; with `for_update` locked on PostgreSQL (its offer is being decided).
pub async fn entry_by_id(tx: &mut Tx, id: i64, for_update: bool) -> StoreResult<EntryRow> {
    let lock = tx.row_lock(for_update);
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM waitlist_entries e WHERE e.id = $1{lock}");
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(id).fetch_one(c).await?))
}

/// The open entry (not ended) that waits to move an appointment earlier, if any.
pub async fn entry_moving(tx: &mut Tx, appointment_id: i64) -> StoreResult<Option<EntryRow>> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM waitlist_entries e \
         WHERE e.moves_appointment_id = $1 AND e.ended_at IS NULL"
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(appointment_id).fetch_optional(c).await?))
}

/// (service id, quantity) of an entry, sorted.
pub async fn services_of_entry(tx: &mut Tx, entry_id: i64) -> StoreResult<Vec<(i64, i64)>> {
    let sql = "SELECT service_id, quantity FROM waitlist_entry_services \
               WHERE entry_id = $1 ORDER BY service_id";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(entry_id).fetch_all(c).await?))
}

pub async fn offices_of_entry(tx: &mut Tx, entry_id: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT office_id FROM waitlist_entry_offices WHERE entry_id = $1 ORDER BY office_id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(entry_id).fetch_all(c).await?))
}

/// Confirms an entry: it takes its place in line at `now`.
pub async fn confirm(tx: &mut Tx, entry_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let sql = "UPDATE waitlist_entries SET status = 'waiting', queued_at = $2 \
               WHERE id = $1 AND status = 'pending_confirmation'";
    with_tx!(tx, c => sqlx::query(sql).bind(entry_id).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

/// Ends an entry (booked, left, expired).
pub async fn end(
    tx: &mut Tx,
    entry_id: i64,
    state: EntryState,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    debug_assert!(matches!(
        state,
        EntryState::Booked | EntryState::Left | EntryState::Expired
    ));
    let sql = "UPDATE waitlist_entries SET status = $2, ended_at = $3, \
               queued_at = COALESCE(queued_at, $3) WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(entry_id).bind(state).bind(now)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// Puts an entry whose offer was declined or lapsed back in line, behind everyone waiting now.
pub async fn back_in_line(tx: &mut Tx, entry_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let sql = "UPDATE waitlist_entries SET status = 'waiting', queued_at = $2 \
               WHERE id = $1 AND status = 'offered'";
    with_tx!(tx, c => sqlx::query(sql).bind(entry_id).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

/// An entry in line at an office, with what the matching needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WaiterRow {
    pub id: i64,
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    pub weekdays: String,
    pub from_time: Option<NaiveTime>,
    pub until_time: Option<NaiveTime>,
    /// For a wish for an earlier appointment: the one it moves, and its start while it is not
    /// cancelled (`None` then: nothing is offered any more).
    pub moves_appointment_id: Option<i64>,
    pub moving_start: Option<DateTime<Utc>>,
}

/// A waiter with the services it waits for and the starts at this office it was offered
/// before (never offered twice).
#[derive(Debug, Clone)]
pub struct Waiter {
    pub row: WaiterRow,
    /// (service id, quantity), sorted by service.
    pub services: Vec<(i64, i64)>,
    pub offered_before: Vec<DateTime<Utc>>,
}

/// The ids of the line at office `$1` on day `$2`, at most `$3`: the entries waiting there
/// whose last day is not over, who confirmed (or went back in line) first is first.
const LINE_IDS: &str = "SELECT e.id FROM waitlist_entries e \
    JOIN waitlist_entry_offices o ON o.entry_id = e.id AND o.office_id = $1 \
    WHERE e.status = 'waiting' AND e.latest >= $2 ORDER BY e.queued_at, e.id LIMIT $3";

/// The first `limit` entries in line at `office_id` on `today`, in the order of the line, read
/// in three queries however long the line is.
pub async fn line_at_office(
    tx: &mut Tx,
    office_id: i64,
    today: NaiveDate,
    limit: i64,
) -> StoreResult<Vec<Waiter>> {
    let line = format!(
        "SELECT e.id, e.earliest, e.latest, e.weekdays, e.from_time, e.until_time, \
         e.moves_appointment_id, m.start_at AS moving_start \
         FROM waitlist_entries e \
         LEFT JOIN appointments m ON m.id = e.moves_appointment_id AND m.released_at IS NULL \
         WHERE e.id IN ({LINE_IDS}) ORDER BY e.queued_at, e.id"
    );
    let rows: Vec<WaiterRow> = with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(line.clone()))
        .bind(office_id).bind(today).bind(limit)
        .fetch_all(c).await?);
    let services = format!(
        "SELECT entry_id, service_id, quantity FROM waitlist_entry_services \
         WHERE entry_id IN ({LINE_IDS}) ORDER BY entry_id, service_id"
    );
    let services: Vec<(i64, i64, i64)> = with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(services.clone()))
        .bind(office_id).bind(today).bind(limit)
        .fetch_all(c).await?);
    let offered = format!(
        "SELECT w.entry_id, a.start_at FROM waitlist_offers w \
         JOIN appointments a ON a.id = w.appointment_id \
         WHERE w.office_id = $1 AND w.entry_id IN ({LINE_IDS})"
    );
    let offered: Vec<(i64, DateTime<Utc>)> = with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(offered.clone()))
        .bind(office_id).bind(today).bind(limit)
        .fetch_all(c).await?);
    Ok(rows
        .into_iter()
        .map(|row| Waiter {
            services: services
                .iter()
                .filter(|(entry_id, ..)| *entry_id == row.id)
                .map(|&(_, service_id, quantity)| (service_id, quantity))
                .collect(),
            offered_before: offered
                .iter()
                .filter(|(entry_id, _)| *entry_id == row.id)
                .map(|&(_, start)| start)
                .collect(),
            row,
        })
        .collect())
}

/// Makes the transaction the only one offering at `office_id` until it ends. On PostgreSQL a
/// transaction-scoped advisory lock: two processes freeing capacity at the same office at once
/// offer one after the other, the second seeing whom the first made an offer (without it both
/// would offer to the first in line and the second offer would fail). SQLite runs one writer
/// at a time anyway.
pub async fn lock_line(tx: &mut Tx, office_id: i64) -> StoreResult<()> {
    if !tx.is_postgres() {
        return Ok(());
    }
    let sql = "SELECT pg_advisory_xact_lock($1, CAST($2 AS INTEGER))";
    with_tx!(tx, c => sqlx::query(sql).bind(LINE_LOCK_SPACE).bind(office_id)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// The first key of the waitlist's advisory locks (the second is the office).
const LINE_LOCK_SPACE: i32 = 0x5741_4954; // "WAIT"

/// Whether anyone waits at the office, in line or with an offer (that may have lapsed): the
/// cheap question asked before the office's free capacity is read for the waitlist.
pub async fn anyone_waiting_at_office(tx: &mut Tx, office_id: i64) -> StoreResult<bool> {
    let sql = "SELECT e.id FROM waitlist_entries e \
               JOIN waitlist_entry_offices o ON o.entry_id = e.id AND o.office_id = $1 \
               WHERE e.status IN ('waiting', 'offered') LIMIT 1";
    let found: Option<i64> =
        with_tx!(tx, c => sqlx::query_scalar(sql).bind(office_id).fetch_optional(c).await?);
    Ok(found.is_some())
}

/// The offices where someone waits (in line, or with an offer that may have lapsed) whose
/// last day is not over on `today`.
pub async fn offices_with_waiters(tx: &mut Tx, today: NaiveDate) -> StoreResult<Vec<i64>> {
    let sql = "SELECT DISTINCT o.office_id FROM waitlist_entry_offices o \
               JOIN waitlist_entries e ON e.id = o.entry_id \
               WHERE e.status IN ('waiting', 'offered') AND e.latest >= $1 ORDER BY o.office_id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(today).fetch_all(c).await?))
}

/// An offer as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfferRow {
    pub id: i64,
    pub public_id: String,
    pub entry_id: i64,
    pub office_id: i64,
    pub appointment_id: i64,
    pub token_hash: String,
    pub status: OfferState,
    pub offered_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

const OFFER_COLUMNS: &str = "id, public_id, entry_id, office_id, appointment_id, token_hash, \
    status, offered_at, expires_at";

/// What a new offer needs.
#[derive(Debug)]
pub struct NewOffer<'a> {
    pub public_id: &'a str,
    pub entry_id: i64,
    pub office_id: i64,
    pub appointment_id: i64,
    pub token_hash: &'a str,
    pub offered_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Records an offer and marks its entry offered.
pub async fn insert_offer(tx: &mut Tx, offer: &NewOffer<'_>) -> StoreResult<OfferRow> {
    let sql = format!(
        "INSERT INTO waitlist_offers (public_id, entry_id, office_id, appointment_id, \
         token_hash, status, offered_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING {OFFER_COLUMNS}"
    );
    let row: OfferRow = with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(offer.public_id).bind(offer.entry_id).bind(offer.office_id)
        .bind(offer.appointment_id).bind(offer.token_hash).bind(offer.offered_at)
        .bind(offer.expires_at)
        .fetch_one(c).await?);
    let entry = "UPDATE waitlist_entries SET status = 'offered' WHERE id = $1";
    with_tx!(tx, c => sqlx::query(entry).bind(offer.entry_id).execute(c).await?.rows_affected());
    Ok(row)
}

/// An offer by its public id; with `for_update` locked on PostgreSQL, so it is decided once.
pub async fn offer_by_public_id(
    tx: &mut Tx,
    public_id: &str,
    for_update: bool,
) -> StoreResult<Option<OfferRow>> {
    let lock = tx.row_lock(for_update);
    let sql = format!("SELECT {OFFER_COLUMNS} FROM waitlist_offers WHERE public_id = $1{lock}");
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(public_id).fetch_optional(c).await?))
}

/// The entry's offer that is open and not past its time, if any.
pub async fn open_offer_of_entry(
    tx: &mut Tx,
    entry_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<Option<OfferRow>> {
    let sql = format!(
        "SELECT {OFFER_COLUMNS} FROM waitlist_offers \
         WHERE entry_id = $1 AND status = 'open' AND expires_at > $2"
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(entry_id).bind(now).fetch_optional(c).await?))
}

/// Decides an open offer; false if it was decided already.
pub async fn decide(
    tx: &mut Tx,
    offer_id: i64,
    state: OfferState,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let sql = "UPDATE waitlist_offers SET status = $2, decided_at = $3 \
               WHERE id = $1 AND status = 'open'";
    let changed = with_tx!(tx, c => sqlx::query(sql).bind(offer_id).bind(state).bind(now)
        .execute(c).await?.rows_affected());
    Ok(changed == 1)
}

/// Writes down the offers at an office whose time ran out — lapsed (the appointments holding
/// them lapse by themselves) — and puts their entries back in line. Returns how many.
pub async fn record_lapsed_offers(
    tx: &mut Tx,
    office_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    let entries = "UPDATE waitlist_entries SET status = 'waiting', queued_at = $2 \
                   WHERE status = 'offered' AND id IN (SELECT entry_id FROM waitlist_offers \
                   WHERE office_id = $1 AND status = 'open' AND expires_at <= $2)";
    with_tx!(tx, c => sqlx::query(entries).bind(office_id).bind(now)
        .execute(c).await?.rows_affected());
    let offers = "UPDATE waitlist_offers SET status = 'lapsed', decided_at = expires_at \
                  WHERE office_id = $1 AND status = 'open' AND expires_at <= $2";
    Ok(
        with_tx!(tx, c => sqlx::query(offers).bind(office_id).bind(now)
        .execute(c).await?.rows_affected()),
    )
}

/// Confirmed entries in line or with an offer, everywhere (for the metrics).
pub async fn entries_in_line(tx: &mut Tx) -> StoreResult<i64> {
    let sql = "SELECT COUNT(*) FROM waitlist_entries WHERE status IN ('waiting', 'offered')";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).fetch_one(c).await?))
}

/// Per service offered at an office: how many confirmed entries wait (in line or offered,
/// last day not over) and when the longest-waiting joined.
pub async fn waiting_per_service(
    tx: &mut Tx,
    office_id: i64,
    today: NaiveDate,
) -> StoreResult<Vec<(i64, i64, Option<DateTime<Utc>>)>> {
    let sql = "SELECT s.service_id, COUNT(*), MIN(e.joined_at) \
               FROM waitlist_entries e \
               JOIN waitlist_entry_offices o ON o.entry_id = e.id AND o.office_id = $1 \
               JOIN waitlist_entry_services s ON s.entry_id = e.id \
               WHERE e.status IN ('waiting', 'offered') AND e.latest >= $2 \
               GROUP BY s.service_id";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(today).fetch_all(c).await?))
}

/// The offers made at an office since `since`, as (stored state, offered at, expires at,
/// decided at).
pub async fn offers_at_office(
    tx: &mut Tx,
    office_id: i64,
    since: DateTime<Utc>,
) -> StoreResult<
    Vec<(
        OfferState,
        DateTime<Utc>,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
    )>,
> {
    let sql = "SELECT status, offered_at, expires_at, decided_at FROM waitlist_offers \
               WHERE office_id = $1 AND offered_at >= $2";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(since).fetch_all(c).await?))
}

/// Deletes entries (their offers and personal data with them) that ended, expired or were
/// never confirmed before `cutoff`. Returns how many.
pub async fn purge_ended(
    tx: &mut Tx,
    cutoff: DateTime<Utc>,
    cutoff_day: NaiveDate,
) -> StoreResult<u64> {
    let sql = "DELETE FROM waitlist_entries WHERE ended_at < $1 OR latest < $2 \
               OR (status = 'pending_confirmation' AND confirm_by < $1)";
    Ok(
        with_tx!(tx, c => sqlx::query(sql).bind(cutoff).bind(cutoff_day)
        .execute(c).await?.rows_affected()),
    )
}
