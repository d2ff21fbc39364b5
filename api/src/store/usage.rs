//! The capacity ledger. `slot_usage` counts, per office and slot unit, the claims of each
//! channel; its CHECK constraint refuses any claim beyond capacity, which is what makes a
//! double booking impossible however many requests race. Claims are taken in ascending
//! (office, unit) order so that concurrent PostgreSQL transactions cannot deadlock each other.

use super::{StoreResult, Tx, count, with_tx};
use crate::domain::schedule::Channel;
use chrono::{DateTime, Utc};

/// One unit to claim (or release) `claims` times, with the capacity in force now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitClaim {
    pub office_id: i64,
    pub unit_start: DateTime<Utc>,
    pub channel: Channel,
    pub claims: u32,
    pub online_capacity: u32,
    pub total_capacity: u32,
}

/// Adds claims to the ledger. Fails with `StoreError::CapacityExceeded` when any unit is full.
/// `claims` must be sorted by (office, unit) — see the module docs.
pub async fn claim(tx: &mut Tx, claims: &[UnitClaim]) -> StoreResult<()> {
    debug_assert!(claims.is_sorted_by_key(|c| (c.office_id, c.unit_start)));
    let rows = rows_per_unit(claims);
    if rows.is_empty() {
        return Ok(());
    }
    // One statement for all units; both databases insert the rows of a VALUES list in the
    // order given, so the lock order above holds.
    with_tx!(tx, c => {
        let mut upsert = sqlx::QueryBuilder::new(
            "INSERT INTO slot_usage \
             (office_id, unit_start, online_used, staff_used, online_capacity, total_capacity) ",
        );
        upsert.push_values(&rows, |mut row, (unit, online, staff)| {
            row.push_bind(unit.office_id)
                .push_bind(unit.unit_start)
                .push_bind(*online)
                .push_bind(*staff)
                .push_bind(i64::from(unit.online_capacity))
                .push_bind(i64::from(unit.total_capacity));
        });
        upsert.push(
            " ON CONFLICT (office_id, unit_start) DO UPDATE SET \
             online_used = slot_usage.online_used + excluded.online_used, \
             staff_used = slot_usage.staff_used + excluded.staff_used, \
             online_capacity = excluded.online_capacity, \
             total_capacity = excluded.total_capacity",
        );
        upsert.build().execute(c).await?.rows_affected()
    });
    Ok(())
}

/// One ledger row per unit with the online and staff claims on it added up: PostgreSQL refuses
/// to upsert the same row twice in one statement. `claims` are sorted, so equal units are next
/// to each other.
fn rows_per_unit(claims: &[UnitClaim]) -> Vec<(&UnitClaim, i64, i64)> {
    let mut rows: Vec<(&UnitClaim, i64, i64)> = Vec::with_capacity(claims.len());
    for claim in claims {
        let (online, staff) = split_by_channel(claim);
        match rows.last_mut() {
            Some((unit, online_sum, staff_sum))
                if (unit.office_id, unit.unit_start) == (claim.office_id, claim.unit_start) =>
            {
                *online_sum += online;
                *staff_sum += staff;
            }
            _ => rows.push((claim, online, staff)),
        }
    }
    rows
}

/// Gives claims back. Never fails for capacity: a decrement cannot exceed a limit.
pub async fn release(tx: &mut Tx, claims: &[UnitClaim]) -> StoreResult<()> {
    let sql = "UPDATE slot_usage SET online_used = online_used - $3, staff_used = staff_used - $4 \
               WHERE office_id = $1 AND unit_start = $2";
    for unit in claims {
        let (online, staff) = split_by_channel(unit);
        with_tx!(tx, c => sqlx::query(sql)
            .bind(unit.office_id).bind(unit.unit_start).bind(online).bind(staff)
            .execute(c).await?.rows_affected());
    }
    Ok(())
}

fn split_by_channel(unit: &UnitClaim) -> (i64, i64) {
    let claims = i64::from(unit.claims);
    match unit.channel {
        Channel::Online => (claims, 0),
        Channel::Staff => (0, claims),
    }
}

/// Claims per unit as the ledger has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerRow {
    pub unit_start: DateTime<Utc>,
    pub online_used: u32,
    pub staff_used: u32,
}

/// The ledger of one office for units starting in `[from, until)`.
pub async fn ledger(
    tx: &mut Tx,
    office_id: i64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Vec<LedgerRow>> {
    let sql = "SELECT unit_start, online_used, staff_used FROM slot_usage \
               WHERE office_id = $1 AND unit_start >= $2 AND unit_start < $3 \
                 AND (online_used > 0 OR staff_used > 0)";
    let rows: Vec<(DateTime<Utc>, i64, i64)> = with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(from).bind(until).fetch_all(c).await?);
    rows.into_iter()
        .map(|(unit_start, online, staff)| {
            Ok(LedgerRow {
                unit_start,
                online_used: count(online, "slot_usage.online_used")?,
                staff_used: count(staff, "slot_usage.staff_used")?,
            })
        })
        .collect()
}

/// Claims that the ledger still counts but that no longer hold capacity (a hold or an
/// unconfirmed booking past `expires_at`), or that it no longer counts but that still block
/// (cancelled less than the cooldown ago). Availability corrects the ledger with these, so
/// nothing has to run on time for expired holds to free their capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimCorrection {
    pub unit_start: DateTime<Utc>,
    pub channel: Channel,
    pub claims: u32,
}

/// Lapsed claims still in the ledger, per unit and channel.
pub async fn lapsed_claims(
    tx: &mut Tx,
    office_id: i64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<Vec<ClaimCorrection>> {
    let sql = "SELECT u.unit_start, a.channel, COUNT(*) AS claims \
               FROM appointments a JOIN appointment_units u ON u.appointment_id = a.id \
               WHERE a.office_id = $1 AND a.released_at IS NULL \
                 AND a.expires_at IS NOT NULL AND a.expires_at <= $4 \
                 AND u.unit_start >= $2 AND u.unit_start < $3 \
               GROUP BY u.unit_start, a.channel";
    corrections(tx, sql, office_id, from, until, now).await
}

/// Claims released by a cancellation after `released_since` (the cooldown), per unit and channel.
pub async fn cooling_claims(
    tx: &mut Tx,
    office_id: i64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    released_since: DateTime<Utc>,
) -> StoreResult<Vec<ClaimCorrection>> {
    let sql = "SELECT u.unit_start, a.channel, COUNT(*) AS claims \
               FROM appointments a JOIN appointment_units u ON u.appointment_id = a.id \
               WHERE a.office_id = $1 AND a.released_at > $4 \
                 AND a.status IN ('cancelled_by_citizen', 'cancelled_by_office') \
                 AND u.unit_start >= $2 AND u.unit_start < $3 \
               GROUP BY u.unit_start, a.channel";
    corrections(tx, sql, office_id, from, until, released_since).await
}

async fn corrections(
    tx: &mut Tx,
    sql: &'static str,
    office_id: i64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    instant: DateTime<Utc>,
) -> StoreResult<Vec<ClaimCorrection>> {
    let rows: Vec<(DateTime<Utc>, Channel, i64)> = with_tx!(tx, c => sqlx::query_as(sql)
        .bind(office_id).bind(from).bind(until).bind(instant)
        .fetch_all(c).await?);
    rows.into_iter()
        .map(|(unit_start, channel, claims)| {
            Ok(ClaimCorrection {
                unit_start,
                channel,
                claims: count(claims, "claims")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn claim(minute: u32, channel: Channel, claims: u32) -> UnitClaim {
        UnitClaim {
            office_id: 1,
            unit_start: Utc.with_ymd_and_hms(2026, 12, 1, 8, minute, 0).unwrap(),
            channel,
            claims,
            online_capacity: 2,
            total_capacity: 3,
        }
    }

    #[test]
    fn claims_on_the_same_unit_become_one_ledger_row_per_channel_sum() {
        let claims = [
            claim(0, Channel::Online, 1),
            claim(0, Channel::Staff, 2),
            claim(15, Channel::Online, 1),
        ];
        let rows: Vec<_> = rows_per_unit(&claims)
            .into_iter()
            .map(|(unit, online, staff)| (unit.unit_start, online, staff))
            .collect();
        assert_eq!(
            rows,
            [(claims[0].unit_start, 1, 2), (claims[2].unit_start, 1, 0),]
        );
    }
}
