//! The waitlist: citizens who found nothing that fits wait in line, and capacity that becomes
//! free is offered to them in the order of the line before anyone else can take it. An offer
//! is an appointment held in the ledger for the office's offer time, like a hold; accepted, it
//! becomes a booking; declined or lapsed, it goes to the next in line.
//!
//! Where capacity becomes free, the change that frees it offers it in its own transaction
//! ([`matching::offer_freed_safely`]: a citizen or the office cancels, a citizen moves an
//! appointment, an offer is declined, an entry is confirmed or left). What becomes free by the
//! clock or by staff configuration (lapsed holds and offers, added capacity, a removed
//! closure, a newly released day) is offered by the periodic job (`jobs::waitlist`).

pub mod entries; // join, show, confirm, leave
pub mod matching; // offering free capacity to those waiting, in the order of the line
pub(super) mod notify; // the emails of the waitlist and of fair release, queued in the caller's transaction
pub mod offers; // an offer: show it, accept it (it becomes a booking), decline it
mod view; // entries and offers as their owners see them

use super::setup::parse_weekdays;
use super::{Error, Result};
use crate::domain::tokens::hash_token;
use crate::domain::waitlist::Wish;
use crate::store::waitlist::{self, EntryRow, OfferRow};
use crate::store::{StoreError, Tx};
use shared::waitlist::{TimesOfDay, WaitlistEntryId, WaitlistOfferId};

/// The entry behind an id, if the token fits; a wrong token and an unknown id are the same
/// `NotFound`.
async fn authorized_entry(
    tx: &mut Tx,
    entry_id: WaitlistEntryId,
    token: &str,
    for_update: bool,
) -> Result<EntryRow> {
    waitlist::entry_by_public_id(tx, &entry_id.to_string(), for_update)
        .await?
        .filter(|entry| entry.token_hash == hash_token(token))
        .ok_or(Error::NotFound)
}

/// The offer behind an id, if its own token fits.
async fn authorized_offer(
    tx: &mut Tx,
    offer_id: WaitlistOfferId,
    token: &str,
    for_update: bool,
) -> Result<OfferRow> {
    waitlist::offer_by_public_id(tx, &offer_id.to_string(), for_update)
        .await?
        .filter(|offer| offer.token_hash == hash_token(token))
        .ok_or(Error::NotFound)
}

/// What a stored entry wishes for.
fn wish_of(
    earliest: chrono::NaiveDate,
    latest: chrono::NaiveDate,
    weekdays: &str,
    times: (Option<chrono::NaiveTime>, Option<chrono::NaiveTime>),
) -> Result<Wish> {
    let weekdays = if weekdays.is_empty() {
        Vec::new()
    } else {
        parse_weekdays(weekdays)
            .ok_or_else(|| StoreError::Corrupt(format!("waitlist_entries.weekdays `{weekdays}`")))?
    };
    let times = match times {
        (Some(from), Some(until)) => Some(TimesOfDay { from, until }),
        _ => None,
    };
    Ok(Wish {
        earliest,
        latest,
        weekdays,
        times,
    })
}

fn wish_of_entry(entry: &EntryRow) -> Result<Wish> {
    wish_of(
        entry.earliest,
        entry.latest,
        &entry.weekdays,
        (entry.from_time, entry.until_time),
    )
}
