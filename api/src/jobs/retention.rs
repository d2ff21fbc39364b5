//! Data protection by design: personal data of past appointments is deleted after the
//! configured retention — in the bookings, their appointments' cancellation reasons (also in
//! the audit log), their manage tokens — and with it whatever else still carries it: failed emails (sent ones keep no
//! address or body anyway), finished webhook events, the login throttle's names and addresses
//! once their window ended, waitlist entries (with their offers) that ended, expired or were
//! never confirmed, entries in draws (fair release) of days past, the dev mailbox's `.eml`
//! files. Statistics keep only anonymous
//! counts (the appointments remain, without names). Also forgets short-lived technical records.

use crate::auth::throttle;
use crate::store::{Db, audit, bookings, outbox, release, secrets, waitlist, webhooks};
use chrono::{DateTime, Duration, Utc};
use std::path::Path;

/// Applies the retention; returns how many bookings were anonymised. `mailbox` is the dev
/// mailbox folder, if mail goes there.
pub async fn apply(
    db: &Db,
    now: DateTime<Utc>,
    retention: Duration,
    mailbox: Option<&Path>,
) -> anyhow::Result<usize> {
    let mut tx = db.begin_read().await?;
    let past = bookings::bookings_past_retention(&mut tx, now - retention).await?;
    drop(tx);
    for booking_id in &past {
        let mut tx = db.begin().await?;
        bookings::forget_citizen(&mut tx, *booking_id, now).await?;
        bookings::retire_tokens(&mut tx, *booking_id).await?;
        audit::forget_reasons_of_booking(&mut tx, *booking_id).await?;
        tx.commit().await?;
    }
    let mut tx = db.begin().await?;
    bookings::purge_stale(&mut tx, now - Duration::days(1)).await?;
    secrets::purge_expired_redemptions(&mut tx, now).await?;
    outbox::redact_failed(&mut tx).await?;
    webhooks::purge_finished_before(&mut tx, now - retention).await?;
    throttle::purge_ended(&mut tx, now).await?;
    let cutoff = now - retention;
    waitlist::purge_ended(&mut tx, cutoff, cutoff.date_naive()).await?;
    release::delete_entries_before(&mut tx, cutoff.date_naive()).await?;
    tx.commit().await?;
    if let Some(folder) = mailbox {
        forget_old_messages(folder, now - retention).await?;
    }
    Ok(past.len())
}

/// Deletes the dev mailbox's messages written before `cutoff`.
async fn forget_old_messages(folder: &Path, cutoff: DateTime<Utc>) -> anyhow::Result<()> {
    let Ok(mut entries) = tokio::fs::read_dir(folder).await else {
        return Ok(()); // nothing was written yet
    };
    while let Some(entry) = entries.next_entry().await? {
        let path = entry.path();
        if path.extension().is_none_or(|extension| extension != "eml") {
            continue;
        }
        let written: DateTime<Utc> = entry.metadata().await?.modified()?.into();
        if written < cutoff {
            tokio::fs::remove_file(&path).await?;
        }
    }
    Ok(())
}
