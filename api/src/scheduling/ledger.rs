//! Claiming and giving back capacity in the ledger (`store::usage`), inside the caller's
//! transaction. Claims are merged per unit and sorted by (office, unit) — the lock order, so
//! concurrent PostgreSQL transactions cannot deadlock each other; the ledger's CHECK
//! constraint refuses a claim beyond capacity.

use super::Result;
use super::availability::Ledger;
use crate::domain::schedule::{Channel, SlotUnit};
use crate::store::Tx;
use crate::store::bookings::{self, AppointmentRow};
use crate::store::usage::{self, UnitClaim};
use chrono::{DateTime, Utc};

/// Every claim releases the office's lapsed claims first ([`release_lapsed_claims`]), so the
/// availability it checks needs no correction for them.
pub const RELEASED: Ledger = Ledger::LapsedClaimsReleased;

/// Claims `units` of one office, once each.
pub async fn claim(
    tx: &mut Tx,
    office_id: i64,
    channel: Channel,
    units: &[SlotUnit],
) -> Result<()> {
    claim_all(tx, claims_of(office_id, channel, units)).await
}

/// Claims everything in `claims` in one statement, in the lock order.
pub async fn claim_all(tx: &mut Tx, claims: Vec<UnitClaim>) -> Result<()> {
    usage::claim(tx, &merged(claims)).await?;
    Ok(())
}

/// The claims of `units` at one office.
pub fn claims_of(office_id: i64, channel: Channel, units: &[SlotUnit]) -> Vec<UnitClaim> {
    units
        .iter()
        .map(|unit| UnitClaim {
            office_id,
            unit_start: unit.start,
            channel,
            claims: 1,
            online_capacity: unit.online_capacity,
            total_capacity: unit.total_capacity,
        })
        .collect()
}

/// Sorts claims by (office, unit) — the lock order — and adds up claims on the same unit.
fn merged(mut claims: Vec<UnitClaim>) -> Vec<UnitClaim> {
    claims.sort_by_key(|c| (c.office_id, c.unit_start, c.channel));
    let mut merged: Vec<UnitClaim> = Vec::with_capacity(claims.len());
    for claim in claims {
        match merged.last_mut() {
            Some(last)
                if (last.office_id, last.unit_start, last.channel)
                    == (claim.office_id, claim.unit_start, claim.channel) =>
            {
                last.claims += claim.claims;
            }
            _ => merged.push(claim),
        }
    }
    merged
}

/// Gives back the ledger units of one appointment (exactly those it claimed).
pub async fn release(tx: &mut Tx, appointment: &AppointmentRow) -> Result<()> {
    release_units_of(
        tx,
        appointment.office_id,
        appointment.id,
        appointment.channel,
    )
    .await
}

async fn release_units_of(
    tx: &mut Tx,
    office_id: i64,
    appointment_id: i64,
    channel: Channel,
) -> Result<()> {
    let claims: Vec<_> = bookings::units_of_appointment(tx, appointment_id)
        .await?
        .into_iter()
        .map(|unit_start| UnitClaim {
            office_id,
            unit_start,
            channel,
            claims: 1,
            // A release only decrements; the capacity columns are left as they are.
            online_capacity: 0,
            total_capacity: 0,
        })
        .collect();
    usage::release(tx, &claims).await?;
    Ok(())
}

/// Releases the capacity of holds and unconfirmed bookings at an office whose time is up.
/// Availability already ignores them; this makes the ledger agree before it is written.
pub async fn release_lapsed_claims(
    tx: &mut Tx,
    office_id: i64,
    now: DateTime<Utc>,
) -> Result<usize> {
    let lapsed = bookings::take_lapsed_claims(tx, office_id, now).await?;
    for (id, channel) in &lapsed {
        release_units_of(tx, office_id, *id, *channel).await?;
    }
    if !lapsed.is_empty() {
        bookings::expire_unconfirmed_bookings(tx, now).await?;
    }
    Ok(lapsed.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn claim(office_id: i64, minute: u32, channel: Channel) -> UnitClaim {
        UnitClaim {
            office_id,
            unit_start: Utc.with_ymd_and_hms(2026, 12, 1, 8, minute, 0).unwrap(),
            channel,
            claims: 1,
            online_capacity: 2,
            total_capacity: 3,
        }
    }

    #[test]
    fn claims_are_merged_per_unit_and_sorted_in_the_lock_order() {
        let merged = merged(vec![
            claim(2, 0, Channel::Online),
            claim(1, 15, Channel::Online),
            claim(1, 0, Channel::Online),
            claim(1, 15, Channel::Online),
            claim(1, 15, Channel::Staff),
        ]);
        let order: Vec<_> = merged
            .iter()
            .map(|c| {
                (
                    c.office_id,
                    c.unit_start.format("%M").to_string(),
                    c.channel,
                    c.claims,
                )
            })
            .collect();
        assert_eq!(
            order,
            [
                (1, "00".to_owned(), Channel::Online, 1),
                (1, "15".to_owned(), Channel::Online, 2),
                (1, "15".to_owned(), Channel::Staff, 1),
                (2, "00".to_owned(), Channel::Online, 1),
            ]
        );
    }
}
