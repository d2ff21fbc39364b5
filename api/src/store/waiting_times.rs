//! Daily snapshots of the wait for the next free online appointment, per office and service.

use super::{StoreResult, Tx, with_tx};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SnapshotRow {
    pub service_id: i64,
    pub taken_on: NaiveDate,
    pub taken_at: DateTime<Utc>,
    pub next_free_at: Option<DateTime<Utc>>,
}

/// Records a measurement for the office's local day `taken_on`. The first of a day stays
/// unless `replace` (an explicit measurement on demand).
pub async fn record(
    tx: &mut Tx,
    office_id: i64,
    service_id: i64,
    taken_on: NaiveDate,
    taken_at: DateTime<Utc>,
    next_free_at: Option<DateTime<Utc>>,
    replace: bool,
) -> StoreResult<()> {
    let sql = if replace {
        "INSERT INTO waiting_time_snapshots (office_id, service_id, taken_on, taken_at, next_free_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (office_id, service_id, taken_on) \
         DO UPDATE SET taken_at = excluded.taken_at, next_free_at = excluded.next_free_at"
    } else {
        "INSERT INTO waiting_time_snapshots (office_id, service_id, taken_on, taken_at, next_free_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (office_id, service_id, taken_on) DO NOTHING"
    };
    with_tx!(tx, c => sqlx::query(sql)
        .bind(office_id).bind(service_id).bind(taken_on).bind(taken_at).bind(next_free_at)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// Whether the office has a snapshot for the local day already.
pub async fn exists_for_day(tx: &mut Tx, office_id: i64, taken_on: NaiveDate) -> StoreResult<bool> {
    let sql = "SELECT COUNT(*) FROM waiting_time_snapshots WHERE office_id = $1 AND taken_on = $2";
    let found: i64 = with_tx!(tx, c => sqlx::query_scalar(sql).bind(office_id).bind(taken_on).fetch_one(c).await?);
    Ok(found > 0)
}

/// Snapshots of an office on the days `from..=to`, by day and service.
pub async fn of_office(
    tx: &mut Tx,
    office_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<SnapshotRow>> {
    let sql = "SELECT service_id, taken_on, taken_at, next_free_at FROM waiting_time_snapshots \
               WHERE office_id = $1 AND taken_on >= $2 AND taken_on <= $3 \
               ORDER BY taken_on, service_id";
    Ok(
        with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(from).bind(to).fetch_all(c).await?),
    )
}
