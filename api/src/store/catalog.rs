//! Offices, services, opening rules and closures: the configuration staff maintain.
//!
//! Every booking and every availability answer needs this configuration, and it changes a few
//! times a day. So the functions here read it from a [`CatalogSnapshot`]: the whole catalogue,
//! kept in memory by the process ([`CatalogCache`]) under the catalogue version that the
//! database changes with every change to it (triggers, migration 0008). A transaction reads the
//! version once — one row — and the whole catalogue only when the version differs from the
//! kept one. A transaction that changes the catalogue forgets its snapshot
//! ([`Tx::forget_catalog`]), so it reads its own changes.

use super::{StoreResult, Tx, with_tx};
use crate::domain::call_queue::StoredPriority;
use chrono::{NaiveDate, NaiveTime};
use sqlx::AssertSqlSafe;
use std::sync::{Arc, Mutex};

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
    /// 0: no waitlist.
    pub waitlist_offer_minutes: i64,
    /// 0: new days open first come, first served.
    pub release_window_minutes: i64,
}

const OFFICE_COLUMNS: &str = "id, code, name, address, time_zone, state, phone, email, notice_de, \
    notice_en, horizon_days, min_notice_minutes, hold_minutes, max_open_appointments_per_email, \
    activation_required, activation_deadline_minutes, cancellation_cooldown_minutes, daily_release_time, \
    waitlist_offer_minutes, release_window_minutes";

pub async fn offices(tx: &mut Tx) -> StoreResult<Vec<OfficeRow>> {
    Ok(snapshot(tx).await?.offices.clone())
}

/// How an office runs its call queue, as stored (`office_queue_settings`); `None` for an office
/// that never changed the defaults.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueSettingsRow {
    pub office_id: i64,
    pub priority: StoredPriority,
    pub late_after_minutes: i64,
    pub walk_in_limit: Option<i64>,
    pub walk_ins_until: Option<NaiveTime>,
}

pub async fn queue_settings(tx: &mut Tx, office_id: i64) -> StoreResult<Option<QueueSettingsRow>> {
    Ok(snapshot(tx)
        .await?
        .queue_settings
        .iter()
        .find(|row| row.office_id == office_id)
        .cloned())
}

pub async fn office(tx: &mut Tx, id: i64) -> StoreResult<Option<OfficeRow>> {
    let snapshot = snapshot(tx).await?;
    Ok(snapshot
        .offices
        .iter()
        .find(|office| office.id == id)
        .cloned())
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
    pub waitlist: bool,
    pub position: i64,
}

pub async fn services(tx: &mut Tx) -> StoreResult<Vec<ServiceRow>> {
    Ok(snapshot(tx).await?.services.clone())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    pub service_id: i64,
    pub text_de: String,
    pub text_en: String,
}

/// Every service's documents to bring, in display order.
pub async fn service_documents(tx: &mut Tx) -> StoreResult<Vec<DocumentRow>> {
    Ok(snapshot(tx).await?.documents.clone())
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

/// Every office's opening rules, by office, opening time and id.
pub async fn opening_rules(tx: &mut Tx) -> StoreResult<Vec<OpeningRuleRow>> {
    Ok(snapshot(tx).await?.rules.clone())
}

/// One office's opening rules, by opening time and id.
pub async fn opening_rules_of_office(
    tx: &mut Tx,
    office_id: i64,
) -> StoreResult<Vec<OpeningRuleRow>> {
    let snapshot = snapshot(tx).await?;
    Ok(snapshot
        .rules
        .iter()
        .filter(|rule| rule.office_id == office_id)
        .cloned()
        .collect())
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

/// Closures of an office that touch the days `from..=to`, by first day and id.
pub async fn closures_of_office(
    tx: &mut Tx,
    office_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<ClosureRow>> {
    let snapshot = snapshot(tx).await?;
    Ok(snapshot
        .closures
        .iter()
        .filter(|closure| {
            closure.office_id == office_id && closure.ends_on >= from && closure.starts_on <= to
        })
        .cloned()
        .collect())
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

pub async fn offered_services(tx: &mut Tx, office_id: i64) -> StoreResult<Vec<OfferedServiceRow>> {
    let snapshot = snapshot(tx).await?;
    Ok(snapshot
        .offers
        .iter()
        .filter(|offer| offer.office_id == office_id)
        .cloned()
        .collect())
}

pub async fn all_offered_services(tx: &mut Tx) -> StoreResult<Vec<OfferedServiceRow>> {
    Ok(snapshot(tx).await?.offers.clone())
}

/// The whole catalogue as of one catalogue version.
#[derive(Debug)]
pub struct CatalogSnapshot {
    version: i64,
    offices: Vec<OfficeRow>,
    services: Vec<ServiceRow>,
    documents: Vec<DocumentRow>,
    rules: Vec<OpeningRuleRow>,
    offers: Vec<OfferedServiceRow>,
    closures: Vec<ClosureRow>,
    queue_settings: Vec<QueueSettingsRow>,
}

/// The snapshot this process read last, shared by all its transactions.
#[derive(Debug, Clone, Default)]
pub struct CatalogCache(Arc<Mutex<Option<Arc<CatalogSnapshot>>>>);

impl CatalogCache {
    fn get(&self) -> Option<Arc<CatalogSnapshot>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn keep(&self, snapshot: Arc<CatalogSnapshot>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(snapshot);
    }
}

/// The catalogue as this transaction sees it: its own snapshot if it has one, else the kept
/// one if the database's version still matches, else read afresh (and kept).
async fn snapshot(tx: &mut Tx) -> StoreResult<Arc<CatalogSnapshot>> {
    if let Some(snapshot) = &tx.catalog {
        return Ok(Arc::clone(snapshot));
    }
    let sql = "SELECT version FROM catalog_version WHERE id = 1";
    let version: i64 = with_tx!(tx, c => sqlx::query_scalar(sql).fetch_one(c).await?);
    let snapshot = match tx.catalog_cache.get() {
        Some(kept) if kept.version == version => kept,
        _ => {
            let snapshot = Arc::new(read_snapshot(tx, version).await?);
            tx.catalog_cache.keep(Arc::clone(&snapshot));
            snapshot
        }
    };
    tx.catalog = Some(Arc::clone(&snapshot));
    Ok(snapshot)
}

async fn read_snapshot(tx: &mut Tx, version: i64) -> StoreResult<CatalogSnapshot> {
    let offices = format!("SELECT {OFFICE_COLUMNS} FROM offices ORDER BY id");
    let services = "SELECT id, name_de, name_en, description_de, description_en, fees_de, \
                    fees_en, max_quantity, online_bookable, waitlist, position FROM services \
                    ORDER BY position, id";
    let documents = "SELECT service_id, text_de, text_en FROM service_documents \
                     ORDER BY service_id, position";
    let rules = format!("SELECT {RULE_COLUMNS} FROM opening_rules ORDER BY office_id, opens, id");
    let offers = "SELECT os.office_id, os.service_id, os.units, s.max_quantity, s.online_bookable \
                  FROM office_services os JOIN services s ON s.id = os.service_id \
                  ORDER BY os.office_id, s.position, s.id";
    let closures = "SELECT id, office_id, starts_on, ends_on, from_time, until_time, reason \
                    FROM closures ORDER BY office_id, starts_on, id";
    let queue_settings = "SELECT office_id, priority, late_after_minutes, walk_in_limit, \
                          walk_ins_until FROM office_queue_settings ORDER BY office_id";
    Ok(with_tx!(tx, c => CatalogSnapshot {
        version,
        offices: sqlx::query_as(AssertSqlSafe(offices.clone())).fetch_all(&mut *c).await?,
        services: sqlx::query_as(services).fetch_all(&mut *c).await?,
        documents: sqlx::query_as(documents).fetch_all(&mut *c).await?,
        rules: sqlx::query_as(AssertSqlSafe(rules.clone())).fetch_all(&mut *c).await?,
        offers: sqlx::query_as(offers).fetch_all(&mut *c).await?,
        closures: sqlx::query_as(closures).fetch_all(&mut *c).await?,
        queue_settings: sqlx::query_as(queue_settings).fetch_all(&mut *c).await?,
    }))
}
