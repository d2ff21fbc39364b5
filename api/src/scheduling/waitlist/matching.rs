//! Offering free capacity to those waiting at an office, in the order of the line: the first
//! entry gets the first free start that suits it (never one it was offered before), the
//! capacity is claimed for its offer, and the next entry sees what is left.

use super::super::availability::OfficeAvailability;
use super::super::setup::OfficeSetup;
use super::super::{Context, Error, Result};
use super::super::{holds, ledger};
use super::{notify, wish_of};
use crate::domain::schedule::{Channel, SlotUnit};
use crate::domain::tokens::{hash_token, new_secret_token};
use crate::domain::waitlist::Wish;
use crate::store::waitlist::{self, NewOffer, Waiter, WaiterRow};
use crate::store::{Tx, catalog, count};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use shared::ids::ServiceId;
use shared::selection::ServiceQuantity;
use std::collections::BTreeSet;

/// Most entries one pass looks at, per office.
const LINE_LOOKED_AT: i64 = 200;

/// Offers what is free at the office now to those waiting there; returns how many offers were
/// made. Offers that lapsed are written down first and their entries put back in line.
#[tracing::instrument(skip_all, fields(office_id))]
pub async fn offer_freed(tx: &mut Tx, context: &Context<'_>, office_id: i64) -> Result<u32> {
    let now = context.now;
    if !waitlist::anyone_waiting_at_office(tx, office_id).await? {
        return Ok(0);
    }
    waitlist::lock_line(tx, office_id).await?;
    let Some(setup) = OfficeSetup::load(tx, office_id).await? else {
        return Ok(0);
    };
    if setup.office.waitlist_offer_minutes == 0 {
        return Ok(0);
    }
    ledger::release_lapsed_claims(tx, office_id, now).await?;
    let lapsed = waitlist::record_lapsed_offers(tx, office_id, now).await?;
    tx.effects().waitlist.offers_lapsed += u32::try_from(lapsed).unwrap_or(u32::MAX);
    let today = setup.today(now);
    let line = waitlist::line_at_office(tx, office_id, today, LINE_LOOKED_AT).await?;
    let Some(last) = line.iter().map(|waiter| waiter.row.latest).max() else {
        return Ok(0);
    };
    let last = last.min(setup.last_bookable_day(now));
    if last < today {
        return Ok(0);
    }
    let mut free = OfficeAvailability::for_waitlist(tx, &setup, today, last, now).await?;
    let taking_waiters: BTreeSet<i64> = catalog::services(tx)
        .await?
        .iter()
        .filter(|service| service.waitlist)
        .map(|service| service.id)
        .collect();
    let mut made = 0;
    for waiter in &line {
        let services = services_of(waiter)?;
        if !services
            .iter()
            .all(|s| taking_waiters.contains(&s.service_id.0))
        {
            continue;
        }
        let Ok(units) = setup.units_needed(&services, Channel::Online, "services") else {
            continue;
        };
        let wish = wish_of_waiter(&waiter.row)?;
        let range = (today, last);
        let Some(start) = first_suitable(&free, &wish, units, waiter, range) else {
            continue;
        };
        let Ok((slot_units, _)) = free.check_start(start, units) else {
            continue;
        };
        make_offer(tx, context, &setup, waiter.row.id, &services, &slot_units).await?;
        free.count_claim(&slot_units);
        made += 1;
    }
    if made > 0 {
        tracing::info!(made, "waitlist offers made");
    }
    Ok(made)
}

/// Offers `units` at the office to an entry: claims them with a hold that lapses after the
/// office's offer time (never after the appointment starts) and emails the offer's link.
async fn make_offer(
    tx: &mut Tx,
    context: &Context<'_>,
    setup: &OfficeSetup,
    entry_id: i64,
    services: &[ServiceQuantity],
    units: &[SlotUnit],
) -> Result<()> {
    let now = context.now;
    let (Some(first), Some(last)) = (units.first(), units.last()) else {
        return Err(Error::Bug("an offer of no units"));
    };
    let (start, end) = (first.start, last.end);
    let expires_at = (now + Duration::minutes(setup.office.waitlist_offer_minutes)).min(start);
    let services = super::super::plan::services_of(services);
    let (_, appointment_id) = holds::keep(tx, setup.id(), &services, units, expires_at).await?;
    let public_id = uuid::Uuid::new_v4().to_string();
    let token = new_secret_token();
    waitlist::insert_offer(
        tx,
        &NewOffer {
            public_id: &public_id,
            entry_id,
            office_id: setup.id(),
            appointment_id,
            token_hash: &hash_token(&token),
            offered_at: now,
            expires_at,
        },
    )
    .await?;
    tx.effects().waitlist.offers_made += 1;
    let entry = waitlist::entry_by_id(tx, entry_id, false).await?;
    let offer = notify::Offered {
        link: context.links.waitlist_offer(&public_id, &token),
        start,
        end,
        expires_at,
        services: &services,
    };
    notify::offer(tx, context, &entry, setup, &offer).await
}

/// [`offer_freed`] for each office, inside a change that freed capacity there: a failure
/// (another transaction took a unit meanwhile) undoes only the offering, never the change;
/// the periodic job offers it later.
pub async fn offer_freed_safely(
    tx: &mut Tx,
    context: &Context<'_>,
    office_ids: &[i64],
) -> Result<()> {
    let offices: BTreeSet<i64> = office_ids.iter().copied().collect();
    for office_id in offices {
        let savepoint = tx.savepoint().await?;
        match offer_freed(tx, context, office_id).await {
            Ok(_) => tx.release(savepoint).await?,
            Err(error) => {
                tracing::warn!(%error, office_id, "offering to the waitlist failed; the job tries again");
                tx.roll_back_to(savepoint).await?;
            }
        }
    }
    Ok(())
}

/// The first free start in `from..=to` that suits the wish, was not offered to the waiter
/// before and, for a wish for an earlier appointment, starts before the one it moves (none
/// once that one is cancelled).
fn first_suitable(
    free: &OfficeAvailability<'_>,
    wish: &Wish,
    units: u32,
    waiter: &Waiter,
    (from, to): (NaiveDate, NaiveDate),
) -> Option<DateTime<Utc>> {
    let before = match (waiter.row.moves_appointment_id, waiter.row.moving_start) {
        (None, _) => DateTime::<Utc>::MAX_UTC,
        (Some(_), Some(moving)) => moving,
        (Some(_), None) => return None,
    };
    let zone = free.setup.time_zone;
    wish.days_within(from, to).find_map(|day| {
        free.free_starts(day, units)
            .into_iter()
            .map(|start| start.start)
            .find(|start| {
                *start < before
                    && wish.suits(start.with_timezone(&zone).naive_local())
                    && !waiter.offered_before.contains(start)
            })
    })
}

fn wish_of_waiter(waiter: &WaiterRow) -> Result<Wish> {
    wish_of(
        waiter.earliest,
        waiter.latest,
        &waiter.weekdays,
        (waiter.from_time, waiter.until_time),
    )
}

fn services_of(waiter: &Waiter) -> Result<Vec<ServiceQuantity>> {
    waiter
        .services
        .iter()
        .map(|&(service_id, quantity)| {
            Ok(ServiceQuantity {
                service_id: ServiceId(service_id),
                quantity: count(quantity, "waitlist_entry_services.quantity")?,
            })
        })
        .collect()
}
