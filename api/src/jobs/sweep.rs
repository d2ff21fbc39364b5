//! Gives back the capacity of holds and unconfirmed bookings whose time is up. Availability
//! never waits for this (it subtracts lapsed claims itself); the sweep keeps the ledger tidy
//! and marks unconfirmed bookings expired.

use crate::scheduling::ledger;
use crate::store::{Db, bookings};
use chrono::{DateTime, Utc};

pub async fn release_lapsed_claims(db: &Db, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut tx = db.begin_read().await?;
    let offices = bookings::offices_with_lapsed_claims(&mut tx, now).await?;
    drop(tx);
    let mut released = 0;
    for office_id in offices {
        let mut tx = db.begin().await?;
        released += ledger::release_lapsed_claims(&mut tx, office_id, now).await?;
        tx.commit().await?;
    }
    Ok(released)
}
