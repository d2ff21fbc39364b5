//! The audit log: one row per staff change, written in the transaction of the change.

use super::{StoreResult, Tx, with_tx};
use crate::domain::audit::{AuditAction, AuditEntity};
use chrono::{DateTime, Utc};

/// A change to record.
#[derive(Debug)]
pub struct NewEntry<'a> {
    pub at: DateTime<Utc>,
    pub staff_id: i64,
    pub username: &'a str,
    pub action: AuditAction,
    pub entity: AuditEntity,
    pub entity_id: Option<String>,
    pub office_id: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub async fn insert(tx: &mut Tx, entry: &NewEntry<'_>) -> StoreResult<()> {
    let sql = "INSERT INTO audit_log (at, staff_id, username, action, entity, entity_id, office_id, \
               before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    with_tx!(tx, c => sqlx::query(sql)
        .bind(entry.at).bind(entry.staff_id).bind(entry.username).bind(entry.action)
        .bind(entry.entity).bind(&entry.entity_id).bind(entry.office_id)
        .bind(&entry.before).bind(&entry.after)
        .execute(c).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub staff_id: Option<i64>,
    pub username: String,
    pub action: AuditAction,
    pub entity: AuditEntity,
    pub entity_id: Option<String>,
    pub office_id: Option<i64>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// A page of entries, newest first, optionally of one entity kind.
pub async fn page(
    tx: &mut Tx,
    entity: Option<AuditEntity>,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<EntryRow>> {
    let sql = "SELECT id, at, staff_id, username, action, entity, entity_id, office_id, \
               before_json, after_json FROM audit_log \
               WHERE (CAST($1 AS TEXT) IS NULL OR entity = $1) ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3";
    Ok(
        with_tx!(tx, c => sqlx::query_as(sql).bind(entity).bind(limit).bind(offset).fetch_all(c).await?),
    )
}

pub async fn count(tx: &mut Tx, entity: Option<AuditEntity>) -> StoreResult<i64> {
    let sql = "SELECT COUNT(*) FROM audit_log WHERE (CAST($1 AS TEXT) IS NULL OR entity = $1)";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(entity).fetch_one(c).await?))
}

/// A recorded state of one of a booking's appointments.
#[derive(Debug, sqlx::FromRow)]
struct AppointmentEntry {
    id: i64,
    before_json: Option<String>,
    after_json: Option<String>,
}

/// Removes the free-text `reason` from the recorded states of a booking's appointments (a
/// cancellation reason may say more about the citizen than the office meant to keep); who
/// changed what and when stays.
pub async fn forget_reasons_of_booking(tx: &mut Tx, booking_id: i64) -> StoreResult<()> {
    let sql = "SELECT id, before_json, after_json FROM audit_log \
               WHERE entity = 'appointment' \
                 AND entity_id IN (SELECT CAST(id AS TEXT) FROM appointments WHERE booking_id = $1) \
                 AND (before_json LIKE '%\"reason\"%' OR after_json LIKE '%\"reason\"%')";
    let entries: Vec<AppointmentEntry> =
        with_tx!(tx, c => sqlx::query_as(sql).bind(booking_id).fetch_all(c).await?);
    for entry in entries {
        let sql = "UPDATE audit_log SET before_json = $2, after_json = $3 WHERE id = $1";
        let (before, after) = (
            entry.before_json.as_deref().map(without_reason),
            entry.after_json.as_deref().map(without_reason),
        );
        with_tx!(tx, c => sqlx::query(sql).bind(entry.id).bind(&before).bind(&after)
            .execute(c).await?.rows_affected());
    }
    Ok(())
}

fn without_reason(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Object(mut fields)) => {
            fields.remove("reason");
            serde_json::Value::Object(fields).to_string()
        }
        _ => json.to_owned(),
    }
}
