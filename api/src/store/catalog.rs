//! Offices, services, opening rules and closures: the configuration staff maintain.

use super::{StoreResult, Tx, with_tx};
use chrono::{NaiveDate, NaiveTime};
use sqlx::AssertSqlSafe;

/// An office as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfficeRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub address: String,
    pub time_zone: String,
    pub state: String,
    pub phone: String,
    pub email: String,
    pub notice_de: String,
    pub notice_en: String,
    pub horizon_days: i64,
    pub min_notice_minutes: i64,
    pub hold_minutes: i64,
    pub max_open_appointments_per_email: i64,
    pub activation_required: bool,
    pub activation_deadline_minutes: i64,
    pub cancellation_cooldown_minutes: i64,
    pub daily_release_time: Option<NaiveTime>,
}

const OFFICE_COLUMNS: &str = "id, code, name, address, time_zone, state, phone, email, notice_de, \
    notice_en, horizon_days, min_notice_minutes, hold_minutes, max_open_appointments_per_email, \
    activation_required, activation_deadline_minutes, cancellation_cooldown_minutes, daily_release_time";

pub async fn offices(tx: &mut Tx) -> StoreResult<Vec<OfficeRow>> {
    let sql = format!("SELECT {OFFICE_COLUMNS} FROM offices ORDER BY id");
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).fetch_all(c).await?))
}

pub async fn office(tx: &mut Tx, id: i64) -> StoreResult<Option<OfficeRow>> {
    let sql = format!("SELECT {OFFICE_COLUMNS} FROM offices WHERE id = $1");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await?),
    )
}

/// A service as stored, with both languages.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: i64,
    pub name_de: String,
    pub name_en: String,
    pub description_de: String,
    pub description_en: String,
    pub fees_de: String,
    pub fees_en: String,
    pub max_quantity: i64,
    pub online_bookable: bool,
    pub position: i64,
}

pub async fn services(tx: &mut Tx) -> StoreResult<Vec<ServiceRow>> {
    let sql = "SELECT id, name_de, name_en, description_de, description_en, fees_de, fees_en, \
               max_quantity, online_bookable, position FROM services ORDER BY position, id";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).fetch_all(c).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    pub service_id: i64,
    pub text_de: String,
    pub text_en: String,
}

/// Every service's documents to bring, in display order.
pub async fn service_documents(tx: &mut Tx) -> StoreResult<Vec<DocumentRow>> {
    let sql = "SELECT service_id, text_de, text_en FROM service_documents \
               ORDER BY service_id, position";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).fetch_all(c).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpeningRuleRow {
    pub id: i64,
    pub office_id: i64,
    pub weekdays: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    pub slot_minutes: i64,
    pub counters: i64,
    pub offline_counters: i64,
}

const RULE_COLUMNS: &str = "id, office_id, weekdays, valid_from, valid_until, opens, closes, \
    slot_minutes, counters, offline_counters";

pub async fn opening_rules(tx: &mut Tx) -> StoreResult<Vec<OpeningRuleRow>> {
    let sql = format!("SELECT {RULE_COLUMNS} FROM opening_rules ORDER BY office_id, opens, id");
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).fetch_all(c).await?))
}

pub async fn opening_rules_of_office(
    tx: &mut Tx,
    office_id: i64,
) -> StoreResult<Vec<OpeningRuleRow>> {
    let sql =
        format!("SELECT {RULE_COLUMNS} FROM opening_rules WHERE office_id = $1 ORDER BY opens, id");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(office_id).fetch_all(c).await?),
    )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClosureRow {
    pub id: i64,
    pub office_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub from_time: Option<NaiveTime>,
    pub until_time: Option<NaiveTime>,
    pub reason: String,
}

/// Closures of an office that touch the days `from..=to`.
pub async fn closures_of_office(
    tx: &mut Tx,
    office_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<ClosureRow>> {
    let sql = "SELECT id, office_id, starts_on, ends_on, from_time, until_time, reason \
               FROM closures WHERE office_id = $1 AND ends_on >= $2 AND starts_on <= $3 \
               ORDER BY starts_on, id";
    Ok(
        with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(from).bind(to).fetch_all(c).await?),
    )
}

/// True when no office exists yet (a fresh database).
pub async fn is_empty(tx: &mut Tx) -> StoreResult<bool> {
    let sql = "SELECT COUNT(*) FROM offices";
    let offices: i64 = with_tx!(tx, c => sqlx::query_scalar(sql).fetch_one(c).await?);
    Ok(offices == 0)
}

/// A service offered at an office, with what booking it needs to know.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfferedServiceRow {
    pub office_id: i64,
    pub service_id: i64,
    pub units: i64,
    pub max_quantity: i64,
    pub online_bookable: bool,
}

const OFFERED_SERVICES: &str = "SELECT os.office_id, os.service_id, os.units, s.max_quantity, s.online_bookable \
    FROM office_services os JOIN services s ON s.id = os.service_id";

pub async fn offered_services(tx: &mut Tx, office_id: i64) -> StoreResult<Vec<OfferedServiceRow>> {
    let sql = format!("{OFFERED_SERVICES} WHERE os.office_id = $1");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(office_id).fetch_all(c).await?),
    )
}

pub async fn all_offered_services(tx: &mut Tx) -> StoreResult<Vec<OfferedServiceRow>> {
    Ok(with_tx!(tx, c => sqlx::query_as(OFFERED_SERVICES).fetch_all(c).await?))
}
