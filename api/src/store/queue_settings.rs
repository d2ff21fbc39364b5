//! How each office runs its call queue (`office_queue_settings`, migration 0013): the order of
//! calling, from when an appointment is late, and the daily contingent of walk-in tickets. An
//! office without a row runs on the defaults. Read with the catalogue snapshot (every call
//! and ticket needs them; a write changes the catalogue version).

use super::{StoreResult, Tx, catalog, count, with_tx};
use crate::domain::call_queue::StoredPriority;
use chrono::{DateTime, Utc};
use shared::call_queue::QueueSettings;

/// The office's settings; the defaults when it never changed them.
pub async fn of_office(tx: &mut Tx, office_id: i64) -> StoreResult<QueueSettings> {
    let Some(row) = catalog::queue_settings(tx, office_id).await? else {
        return Ok(QueueSettings::default());
    };
    Ok(QueueSettings {
        priority: row.priority.into(),
        late_after_minutes: count(row.late_after_minutes, "late_after_minutes")?,
        walk_in_limit: row
            .walk_in_limit
            .map(|limit| count(limit, "walk_in_limit"))
            .transpose()?,
        walk_ins_until: row.walk_ins_until,
    })
}

/// Stores the office's settings (replacing earlier ones).
pub async fn save(
    tx: &mut Tx,
    office_id: i64,
    settings: &QueueSettings,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let sql = "INSERT INTO office_queue_settings (office_id, priority, late_after_minutes, \
               walk_in_limit, walk_ins_until, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
               ON CONFLICT (office_id) DO UPDATE SET priority = excluded.priority, \
               late_after_minutes = excluded.late_after_minutes, \
               walk_in_limit = excluded.walk_in_limit, walk_ins_until = excluded.walk_ins_until, \
               updated_at = excluded.updated_at";
    with_tx!(tx, c => sqlx::query(sql)
        .bind(office_id)
        .bind(StoredPriority::from(settings.priority))
        .bind(i64::from(settings.late_after_minutes))
        .bind(settings.walk_in_limit.map(i64::from))
        .bind(settings.walk_ins_until)
        .bind(now)
        .execute(c).await?.rows_affected());
    tx.forget_catalog();
    Ok(())
}
