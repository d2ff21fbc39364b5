//! Data protection by design: personal data of past appointments is deleted after the
//! configured retention; statistics keep only anonymous counts (the appointments remain,
//! without names). Also forgets short-lived technical records.

use crate::store::{Db, bookings, secrets};
use chrono::{DateTime, Duration, Utc};

/// Applies the retention; returns how many bookings were anonymised.
pub async fn apply(db: &Db, now: DateTime<Utc>, retention: Duration) -> anyhow::Result<usize> {
    let mut tx = db.begin_read().await?;
    let past = bookings::bookings_past_retention(&mut tx, now - retention).await?;
    drop(tx);
    for booking_id in &past {
        let mut tx = db.begin().await?;
        bookings::forget_citizen(&mut tx, *booking_id, now).await?;
        bookings::retire_tokens(&mut tx, *booking_id).await?;
        tx.commit().await?;
    }
    let mut tx = db.begin().await?;
    bookings::purge_stale(&mut tx, now - Duration::days(1)).await?;
    secrets::purge_expired_redemptions(&mut tx, now).await?;
    tx.commit().await?;
    Ok(past.len())
}
