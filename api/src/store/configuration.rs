//! Writing the configuration staff maintain: offices, services and their documents, which
//! office offers what, opening rules and closures. Reads are in `catalog`; every function
//! that writes here makes the transaction forget its catalogue snapshot first.

use super::catalog::{ClosureRow, OpeningRuleRow};
use super::{StoreResult, Tx, with_tx};
use chrono::{NaiveDate, NaiveTime};

/// The columns of an office that staff set.
#[derive(Debug, Clone)]
pub struct OfficeValues<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub address: &'a str,
    pub time_zone: &'a str,
    pub state: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub notice_de: &'a str,
    pub notice_en: &'a str,
    pub horizon_days: i64,
    pub min_notice_minutes: i64,
    pub hold_minutes: i64,
    pub max_open_appointments_per_email: i64,
    pub activation_required: bool,
    pub activation_deadline_minutes: i64,
    pub cancellation_cooldown_minutes: i64,
    pub waitlist_offer_minutes: i64,
    pub release_window_minutes: i64,
    pub daily_release_time: Option<chrono::NaiveTime>,
}

pub async fn insert_office(tx: &mut Tx, office: &OfficeValues<'_>) -> StoreResult<i64> {
    tx.forget_catalog();
    let sql = "INSERT INTO offices (code, name, address, time_zone, state, phone, email, notice_de, \
               notice_en, horizon_days, min_notice_minutes, hold_minutes, \
               max_open_appointments_per_email, activation_required, activation_deadline_minutes, \
               cancellation_cooldown_minutes, waitlist_offer_minutes, release_window_minutes, \
               daily_release_time) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
               $19) \
               RETURNING id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(office.code).bind(office.name).bind(office.address).bind(office.time_zone)
        .bind(office.state).bind(office.phone).bind(office.email).bind(office.notice_de)
        .bind(office.notice_en).bind(office.horizon_days).bind(office.min_notice_minutes)
        .bind(office.hold_minutes).bind(office.max_open_appointments_per_email)
        .bind(office.activation_required).bind(office.activation_deadline_minutes)
        .bind(office.cancellation_cooldown_minutes).bind(office.waitlist_offer_minutes)
        .bind(office.release_window_minutes).bind(office.daily_release_time)
        .fetch_one(c).await?))
}

/// Updates everything but the code (references already handed out start with it).
pub async fn update_office(tx: &mut Tx, id: i64, office: &OfficeValues<'_>) -> StoreResult<()> {
    tx.forget_catalog();
    let sql = "UPDATE offices SET name = $2, address = $3, time_zone = $4, state = $5, phone = $6, \
               email = $7, notice_de = $8, notice_en = $9, horizon_days = $10, \
               min_notice_minutes = $11, hold_minutes = $12, \
               max_open_appointments_per_email = $13, activation_required = $14, \
               activation_deadline_minutes = $15, cancellation_cooldown_minutes = $16, \
               waitlist_offer_minutes = $17, release_window_minutes = $18, \
               daily_release_time = $19 WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql)
        .bind(id).bind(office.name).bind(office.address).bind(office.time_zone)
        .bind(office.state).bind(office.phone).bind(office.email).bind(office.notice_de)
        .bind(office.notice_en).bind(office.horizon_days).bind(office.min_notice_minutes)
        .bind(office.hold_minutes).bind(office.max_open_appointments_per_email)
        .bind(office.activation_required).bind(office.activation_deadline_minutes)
        .bind(office.cancellation_cooldown_minutes).bind(office.waitlist_offer_minutes)
        .bind(office.release_window_minutes).bind(office.daily_release_time)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// The columns of a service that staff set.
#[derive(Debug, Clone)]
pub struct ServiceValues<'a> {
    pub name_de: &'a str,
    pub name_en: &'a str,
    pub description_de: &'a str,
    pub description_en: &'a str,
    pub fees_de: &'a str,
    pub fees_en: &'a str,
    pub max_quantity: i64,
    pub online_bookable: bool,
    pub waitlist: bool,
    pub position: i64,
}

pub async fn insert_service(tx: &mut Tx, service: &ServiceValues<'_>) -> StoreResult<i64> {
    tx.forget_catalog();
    let sql = "INSERT INTO services (name_de, name_en, description_de, description_en, fees_de, \
               fees_en, max_quantity, online_bookable, position, waitlist) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(service.name_de).bind(service.name_en).bind(service.description_de)
        .bind(service.description_en).bind(service.fees_de).bind(service.fees_en)
        .bind(service.max_quantity).bind(service.online_bookable).bind(service.position)
        .bind(service.waitlist)
        .fetch_one(c).await?))
}

/// True if the service exists.
pub async fn update_service(
    tx: &mut Tx,
    id: i64,
    service: &ServiceValues<'_>,
) -> StoreResult<bool> {
    tx.forget_catalog();
    let sql = "UPDATE services SET name_de = $2, name_en = $3, description_de = $4, \
               description_en = $5, fees_de = $6, fees_en = $7, max_quantity = $8, \
               online_bookable = $9, position = $10, waitlist = $11 WHERE id = $1";
    let changed = with_tx!(tx, c => sqlx::query(sql)
        .bind(id).bind(service.name_de).bind(service.name_en).bind(service.description_de)
        .bind(service.description_en).bind(service.fees_de).bind(service.fees_en)
        .bind(service.max_quantity).bind(service.online_bookable).bind(service.position)
        .bind(service.waitlist)
        .execute(c).await?.rows_affected());
    Ok(changed == 1)
}

/// Replaces a service's documents (German, English) in display order.
pub async fn replace_documents(
    tx: &mut Tx,
    service_id: i64,
    documents: &[(&str, &str)],
) -> StoreResult<()> {
    tx.forget_catalog();
    let sql = "DELETE FROM service_documents WHERE service_id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(service_id).execute(c).await?.rows_affected());
    let sql = "INSERT INTO service_documents (service_id, position, text_de, text_en) \
               VALUES ($1, $2, $3, $4)";
    for (position, (de, en)) in (0_i64..).zip(documents) {
        with_tx!(tx, c => sqlx::query(sql).bind(service_id).bind(position).bind(*de).bind(*en)
            .execute(c).await?.rows_affected());
    }
    Ok(())
}

/// (office id, service id, units) of every offer.
pub async fn offers(tx: &mut Tx) -> StoreResult<Vec<(i64, i64, i64)>> {
    let sql =
        "SELECT office_id, service_id, units FROM office_services ORDER BY service_id, office_id";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).fetch_all(c).await?))
}

/// Offers a service at an office, or changes its units there; returns the previous units.
pub async fn upsert_offer(
    tx: &mut Tx,
    office_id: i64,
    service_id: i64,
    units: i64,
) -> StoreResult<Option<i64>> {
    tx.forget_catalog();
    let sql = "SELECT units FROM office_services WHERE office_id = $1 AND service_id = $2";
    let before: Option<i64> = with_tx!(tx, c => sqlx::query_scalar(sql).bind(office_id).bind(service_id).fetch_optional(c).await?);
    let sql = "INSERT INTO office_services (office_id, service_id, units) VALUES ($1, $2, $3) \
               ON CONFLICT (office_id, service_id) DO UPDATE SET units = excluded.units";
    with_tx!(tx, c => sqlx::query(sql).bind(office_id).bind(service_id).bind(units).execute(c).await?.rows_affected());
    Ok(before)
}

/// Stops offering a service at an office; returns the units it had, if it was offered.
pub async fn delete_offer(
    tx: &mut Tx,
    office_id: i64,
    service_id: i64,
) -> StoreResult<Option<i64>> {
    tx.forget_catalog();
    let sql =
        "DELETE FROM office_services WHERE office_id = $1 AND service_id = $2 RETURNING units";
    Ok(
        with_tx!(tx, c => sqlx::query_scalar(sql).bind(office_id).bind(service_id).fetch_optional(c).await?),
    )
}

/// The columns of an opening rule.
#[derive(Debug, Clone)]
pub struct RuleValues {
    pub weekdays: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    pub slot_minutes: i64,
    pub counters: i64,
    pub offline_counters: i64,
}

pub async fn insert_rule(tx: &mut Tx, office_id: i64, rule: &RuleValues) -> StoreResult<i64> {
    tx.forget_catalog();
    let sql = "INSERT INTO opening_rules (office_id, weekdays, valid_from, valid_until, opens, closes, \
               slot_minutes, counters, offline_counters) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(office_id).bind(&rule.weekdays).bind(rule.valid_from).bind(rule.valid_until)
        .bind(rule.opens).bind(rule.closes).bind(rule.slot_minutes).bind(rule.counters)
        .bind(rule.offline_counters)
        .fetch_one(c).await?))
}

pub async fn update_rule(tx: &mut Tx, id: i64, rule: &RuleValues) -> StoreResult<()> {
    tx.forget_catalog();
    let sql = "UPDATE opening_rules SET weekdays = $2, valid_from = $3, valid_until = $4, opens = $5, \
               closes = $6, slot_minutes = $7, counters = $8, offline_counters = $9 WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql)
        .bind(id).bind(&rule.weekdays).bind(rule.valid_from).bind(rule.valid_until)
        .bind(rule.opens).bind(rule.closes).bind(rule.slot_minutes).bind(rule.counters)
        .bind(rule.offline_counters)
        .execute(c).await?.rows_affected());
    Ok(())
}

pub async fn delete_rule(tx: &mut Tx, id: i64) -> StoreResult<()> {
    tx.forget_catalog();
    let sql = "DELETE FROM opening_rules WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

/// A rule of an office, if it belongs to it.
pub async fn rule_of_office(
    tx: &mut Tx,
    office_id: i64,
    id: i64,
) -> StoreResult<Option<OpeningRuleRow>> {
    let sql = "SELECT id, office_id, weekdays, valid_from, valid_until, opens, closes, \
               slot_minutes, counters, offline_counters FROM opening_rules \
               WHERE id = $1 AND office_id = $2";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(id).bind(office_id).fetch_optional(c).await?))
}

/// The columns of a closure.
#[derive(Debug, Clone)]
pub struct ClosureValues<'a> {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub from_time: Option<NaiveTime>,
    pub until_time: Option<NaiveTime>,
    pub reason: &'a str,
}

pub async fn insert_closure(
    tx: &mut Tx,
    office_id: i64,
    closure: &ClosureValues<'_>,
) -> StoreResult<i64> {
    tx.forget_catalog();
    let sql = "INSERT INTO closures (office_id, starts_on, ends_on, from_time, until_time, reason) \
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(office_id).bind(closure.starts_on).bind(closure.ends_on)
        .bind(closure.from_time).bind(closure.until_time).bind(closure.reason)
        .fetch_one(c).await?))
}

/// A closure of an office, if it belongs to it.
pub async fn closure_of_office(
    tx: &mut Tx,
    office_id: i64,
    id: i64,
) -> StoreResult<Option<ClosureRow>> {
    let sql = "SELECT id, office_id, starts_on, ends_on, from_time, until_time, reason \
               FROM closures WHERE id = $1 AND office_id = $2";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(id).bind(office_id).fetch_optional(c).await?))
}

pub async fn delete_closure(tx: &mut Tx, id: i64) -> StoreResult<()> {
    tx.forget_catalog();
    let sql = "DELETE FROM closures WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

/// Every closure of an office, by start.
pub async fn closures_of_office(tx: &mut Tx, office_id: i64) -> StoreResult<Vec<ClosureRow>> {
    let sql = "SELECT id, office_id, starts_on, ends_on, from_time, until_time, reason \
               FROM closures WHERE office_id = $1 ORDER BY starts_on, id";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).fetch_all(c).await?))
}
