//! Fair release: at an office with a release window, the day that opens at the daily release
//! time is not bookable for the first minutes. Requests meanwhile are entries in a draw (one
//! per confirmed address); when the window closes the entries are drawn in a seeded, recorded
//! random order and each gets its first still-free acceptable time ([`draw`]); what is left
//! is then open to everyone, the waitlist first (its job offers a newly opened day).
//!
//! The day stays closed to the public until its draw is recorded, not merely until the window
//! closes, so nobody can take it between the window's end and the draw.

pub mod draw; // the draw when the window has closed: seeded order, bookings, result emails
pub mod entries; // enter a draw (double opt-in), see the entry, confirm it

use super::setup::OfficeSetup;
use super::{Context, Error, Result};
use crate::domain::release::{MAX_TIMES, Round};
use crate::domain::schedule::Channel;
use crate::domain::tokens::hash_token;
use crate::store::Tx;
use crate::store::release::{self, DrawRow, EntryRow};
use chrono::{DateTime, NaiveDate, Utc};
use shared::ids::OfficeId;
use shared::release::{ReleaseDraw, ReleaseEntryId, ReleaseRound};
use shared::selection::ServiceQuantity;

/// Today's round at the office, if it has a release window.
pub fn round_of(setup: &OfficeSetup, now: DateTime<Utc>) -> Option<Round> {
    round_on(setup, setup.today(now))
}

/// The round of the local date `date` at the office, if it has a release window.
fn round_on(setup: &OfficeSetup, date: NaiveDate) -> Option<Round> {
    Round::of(
        date,
        setup.office.daily_release_time,
        setup.time_zone,
        setup.office.horizon_days,
        setup.office.release_window_minutes,
    )
}

/// The round that released the office's newest bookable day: today's once its release time
/// has come, yesterday's before. A round no server drew in its time (none ran) is this one
/// until the next day's release, so it is drawn late rather than opened undrawn.
pub fn newest_round(setup: &OfficeSetup, now: DateTime<Utc>) -> Option<Round> {
    let today = round_of(setup, now)?;
    if now >= today.opens_at {
        return Some(today);
    }
    round_on(setup, setup.today(now).pred_opt()?)
}

/// The last day citizens (and the waitlist) may book at `now`, for a question about days up
/// to `until`: the office's last bookable day, except a day whose draw has not been recorded
/// yet. Only the newest day can be withheld, so nothing is read for a question that ends
/// before it (most availability answers).
pub async fn last_open_day(
    tx: &mut Tx,
    setup: &OfficeSetup,
    now: DateTime<Utc>,
    until: NaiveDate,
) -> Result<NaiveDate> {
    let last = setup.last_bookable_day(now);
    if until < last {
        return Ok(last);
    }
    match newest_round(setup, now) {
        Some(round)
            if round.day == last && release::draw(tx, setup.id(), round.day).await?.is_none() =>
        {
            Ok(last.pred_opt().unwrap_or(last))
        }
        _ => Ok(last),
    }
}

/// `GET /offices/{id}/release`: today's round of an office with a release window; with
/// `services`, the starts the day has for them.
#[tracing::instrument(skip_all, fields(office_id = office_id.0))]
pub async fn show_round(
    tx: &mut Tx,
    context: &Context<'_>,
    office_id: OfficeId,
    services: Option<&[ServiceQuantity]>,
) -> Result<ReleaseRound> {
    let setup = OfficeSetup::load(tx, office_id.0)
        .await?
        .ok_or(Error::NotFound)?;
    let round = round_of(&setup, context.now).ok_or(Error::NotFound)?;
    let starts = match services {
        Some(services) => {
            let units = setup
                .units_needed(services, Channel::Online, "services")
                .map_err(Error::Invalid)?;
            entries::starts_on(tx, &setup, round.day, units, context.now).await?
        }
        None => Vec::new(),
    };
    let draw = release::draw(tx, setup.id(), round.day).await?;
    let zone = setup.time_zone;
    Ok(ReleaseRound {
        office_id,
        day: round.day,
        entries_from: round.opens_at.with_timezone(&zone).fixed_offset(),
        entries_until: round.closes_at.with_timezone(&zone).fixed_offset(),
        phase: round.phase(context.now, draw.is_some()),
        max_times: MAX_TIMES as u32,
        starts: starts
            .into_iter()
            .map(|start| start.with_timezone(&zone).fixed_offset())
            .collect(),
        draw: draw.map(|draw| draw_view(&setup, &draw)).transpose()?,
    })
}

fn draw_view(setup: &OfficeSetup, draw: &DrawRow) -> Result<ReleaseDraw> {
    Ok(ReleaseDraw {
        drawn_at: draw.drawn_at.with_timezone(&setup.time_zone).fixed_offset(),
        seed: draw.seed.clone(),
        entrants: crate::store::count(draw.entrants, "release_draws.entrants")?,
        booked: crate::store::count(draw.booked, "release_draws.booked")?,
    })
}

/// The entry behind an id, if the token fits; a wrong token and an unknown id are the same
/// `NotFound`.
async fn authorized_entry(
    tx: &mut Tx,
    entry_id: ReleaseEntryId,
    token: &str,
    for_update: bool,
) -> Result<EntryRow> {
    release::entry_by_public_id(tx, &entry_id.to_string(), for_update)
        .await?
        .filter(|entry| entry.token_hash == hash_token(token))
        .ok_or(Error::NotFound)
}
