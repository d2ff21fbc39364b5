//! Fair release, without I/O: the round in which an office's newly released day is drawn
//! instead of going to the fastest clicker, the states of entries as stored (text columns under
//! the CHECK list of migration 0015), and the seeded order of the draw, which anyone holding
//! the recorded seed can replay.

use super::schedule::{Edge, resolve_local};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rand::RngCore;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use shared::release::ReleasePhase;

/// How many acceptable start times one entry may list (none: any time that day).
pub const MAX_TIMES: usize = 5;

/// An entry's state as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum EntryState {
    /// Made; the address is not confirmed yet.
    PendingConfirmation,
    /// Confirmed in time: it takes part in the draw.
    Entered,
    /// Drawn, and booked at one of its times.
    Booked,
    /// Drawn when none of its times was free any more.
    NotDrawn,
    /// Not confirmed before the window closed: it took no part.
    Lapsed,
}

/// The round of one local date at an office with a release window: the day that opens at
/// the daily release time (`today + horizon`), and the window in which entries are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub day: NaiveDate,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

impl Round {
    /// The round of the local date `today`; `None` when the office has no window.
    pub fn of(
        today: NaiveDate,
        release_time: Option<NaiveTime>,
        zone: Tz,
        horizon_days: i64,
        window_minutes: i64,
    ) -> Option<Round> {
        if window_minutes <= 0 {
            return None;
        }
        let opens_local = today.and_time(release_time.unwrap_or(NaiveTime::MIN));
        let opens_at = resolve_local(zone, opens_local, Edge::Start);
        Some(Round {
            day: today + Duration::days(horizon_days),
            opens_at,
            closes_at: opens_at + Duration::minutes(window_minutes),
        })
    }

    /// Where the round stands at `now`, before the draw is known to have happened.
    pub fn phase(&self, now: DateTime<Utc>, drawn: bool) -> ReleasePhase {
        if drawn {
            ReleasePhase::Drawn
        } else if now < self.opens_at {
            ReleasePhase::Upcoming
        } else if now < self.closes_at {
            ReleasePhase::Open
        } else {
            ReleasePhase::Drawing
        }
    }
}

/// A fresh seed for a draw.
pub fn new_seed() -> u64 {
    rand::random()
}

/// The order of a draw of `entrants` (indices into the entrants sorted by id): a
/// Fisher–Yates shuffle driven by ChaCha8 from `seed`. ChaCha8's output is fixed by its
/// specification, so the same seed gives the same order on every machine and release.
pub fn draw_order(seed: u64, entrants: usize) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..entrants).collect();
    for i in (1..entrants).rev() {
        // The modulo's bias is below 2^-40 for any realistic number of entrants.
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_replays_the_same_order() {
        assert_eq!(draw_order(42, 50), draw_order(42, 50));
        assert_ne!(draw_order(42, 50), draw_order(43, 50));
    }

    #[test]
    fn a_draw_orders_every_entrant_exactly_once() {
        let mut order = draw_order(7, 1000);
        order.sort_unstable();
        assert_eq!(order, (0..1000).collect::<Vec<_>>());
        assert!(draw_order(7, 0).is_empty());
        assert_eq!(draw_order(7, 1), vec![0]);
    }

    #[test]
    fn a_recorded_seed_gives_the_order_it_gave_when_it_was_recorded() {
        // Pinned: a change of generator or shuffle would make recorded draws unreplayable.
        assert_eq!(draw_order(20_261_204, 8), vec![6, 4, 3, 0, 2, 1, 5, 7]);
    }

    #[test]
    fn every_entrant_is_first_about_equally_often() {
        let mut firsts = [0u32; 5];
        for seed in 0..5000 {
            firsts[draw_order(seed, 5)[0]] += 1;
        }
        assert!(
            firsts.iter().all(|&n| (850..1150).contains(&n)),
            "{firsts:?}"
        );
    }

    #[test]
    fn the_round_opens_at_the_release_time_and_takes_entries_for_its_window() {
        let zone: Tz = "Europe/Berlin".parse().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let release = NaiveTime::from_hms_opt(8, 0, 0);
        let round = Round::of(today, release, zone, 60, 30).unwrap();
        assert_eq!(round.day, NaiveDate::from_ymd_opt(2027, 2, 2).unwrap());
        assert_eq!(round.opens_at.to_rfc3339(), "2026-12-04T07:00:00+00:00");
        assert_eq!(round.closes_at.to_rfc3339(), "2026-12-04T07:30:00+00:00");
        let minute = Duration::minutes(1);
        assert_eq!(
            round.phase(round.opens_at - minute, false),
            ReleasePhase::Upcoming
        );
        assert_eq!(round.phase(round.opens_at, false), ReleasePhase::Open);
        assert_eq!(round.phase(round.closes_at, false), ReleasePhase::Drawing);
        assert_eq!(round.phase(round.closes_at, true), ReleasePhase::Drawn);
        assert_eq!(Round::of(today, release, zone, 60, 0), None);
    }
}
