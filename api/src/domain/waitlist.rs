//! The rules of the waitlist, without I/O: what an entry asks for (its [`Wish`]), the states of
//! entries and offers as stored (text columns under the CHECK lists of migration 0014), and
//! what a citizen is shown, which the clock decides as much as the stored word (an entry past
//! its last day is over, an open offer past its time has lapsed, whether or not a job has
//! written it down yet).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use shared::waitlist::{OfferStatus, TimesOfDay, WaitlistStatus};

/// How long a new entry waits for its address to be confirmed.
pub const CONFIRMATION_HOURS: i64 = 24;

/// How many open entries (unconfirmed, waiting or offered) one email address may have.
pub const MAX_OPEN_ENTRIES_PER_EMAIL: i64 = 3;

/// The longest date window an entry may ask for.
pub const MAX_WINDOW_DAYS: i64 = 366;

/// An entry's state as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum EntryState {
    PendingConfirmation,
    Waiting,
    Offered,
    Booked,
    Left,
    Expired,
}

impl EntryState {
    /// What the owner is shown at `now`: an entry whose confirmation or whose last day has
    /// passed is expired; one whose offer lapsed waits again.
    pub fn shown(self, facts: &EntryFacts) -> WaitlistStatus {
        let over = facts.last_day_passed
            || (self == EntryState::PendingConfirmation && facts.confirmation_lapsed);
        match self {
            EntryState::Booked => WaitlistStatus::Booked,
            EntryState::Left => WaitlistStatus::Left,
            EntryState::Expired => WaitlistStatus::Expired,
            _ if over => WaitlistStatus::Expired,
            EntryState::PendingConfirmation => WaitlistStatus::PendingConfirmation,
            EntryState::Offered if facts.open_offer => WaitlistStatus::Offered,
            EntryState::Waiting | EntryState::Offered => WaitlistStatus::Waiting,
        }
    }
}

/// What the clock says about an entry, beside its stored state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EntryFacts {
    pub confirmation_lapsed: bool,
    pub last_day_passed: bool,
    /// It has an offer that is open and not past its time.
    pub open_offer: bool,
}

/// An offer's state as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum OfferState {
    Open,
    Accepted,
    Declined,
    Lapsed,
}

impl OfferState {
    pub fn as_str(self) -> &'static str {
        match self {
            OfferState::Open => "open",
            OfferState::Accepted => "accepted",
            OfferState::Declined => "declined",
            OfferState::Lapsed => "lapsed",
        }
    }

    /// What is shown at `now`: an open offer past `expires_at` has lapsed.
    pub fn shown(self, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> OfferStatus {
        match self {
            OfferState::Open if expires_at <= now => OfferStatus::Lapsed,
            OfferState::Open => OfferStatus::Open,
            OfferState::Accepted => OfferStatus::Accepted,
            OfferState::Declined => OfferStatus::Declined,
            OfferState::Lapsed => OfferStatus::Lapsed,
        }
    }
}

/// Which appointments suit an entry: local days in `earliest..=latest`, on `weekdays` (empty:
/// any), starting within `times` (none: any time of day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wish {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    pub weekdays: Vec<Weekday>,
    pub times: Option<TimesOfDay>,
}

/// Why a wish cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WishRefusal {
    /// `latest` before `earliest`.
    WindowReversed,
    /// `latest` is already over.
    WindowOver,
    /// More than [`MAX_WINDOW_DAYS`].
    WindowTooLong,
    /// `from` not before `until`.
    TimesReversed,
}

impl Wish {
    /// Checks a wish made on local day `today`.
    pub fn check(&self, today: NaiveDate) -> Result<(), WishRefusal> {
        if self.latest < self.earliest {
            return Err(WishRefusal::WindowReversed);
        }
        if self.latest < today {
            return Err(WishRefusal::WindowOver);
        }
        if (self.latest - self.earliest.max(today)).num_days() > MAX_WINDOW_DAYS {
            return Err(WishRefusal::WindowTooLong);
        }
        if self.times.is_some_and(|times| times.from >= times.until) {
            return Err(WishRefusal::TimesReversed);
        }
        Ok(())
    }

    /// The days that suit within `from..=to`, in order.
    pub fn days_within(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
        let first = self.earliest.max(from);
        let last = self.latest.min(to);
        first
            .iter_days()
            .take_while(move |day| *day <= last)
            .filter(|day| self.weekdays.is_empty() || self.weekdays.contains(&day.weekday()))
    }

    /// Whether an appointment starting at `local_start` suits.
    pub fn suits(&self, local_start: NaiveDateTime) -> bool {
        let day = local_start.date();
        let time: NaiveTime = local_start.time();
        (self.earliest..=self.latest).contains(&day)
            && (self.weekdays.is_empty() || self.weekdays.contains(&day.weekday()))
            && self
                .times
                .is_none_or(|times| times.from <= time && time < times.until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn mornings_on_mondays_and_tuesdays() -> Wish {
        Wish {
            earliest: date(1),
            latest: date(15),
            weekdays: vec![Weekday::Mon, Weekday::Tue],
            times: Some(TimesOfDay {
                from: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
                until: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            }),
        }
    }

    #[test]
    fn a_wish_suits_only_its_days_weekdays_and_times_of_day() {
        let wish = mornings_on_mondays_and_tuesdays();
        let at = |d: u32, h: u32, m: u32| date(d).and_hms_opt(h, m, 0).unwrap();
        assert!(wish.suits(at(7, 8, 0)), "Monday 8:00");
        assert!(wish.suits(at(8, 11, 45)), "Tuesday 11:45");
        assert!(!wish.suits(at(8, 12, 0)), "until is exclusive");
        assert!(!wish.suits(at(9, 9, 0)), "Wednesday");
        assert!(!wish.suits(at(21, 9, 0)), "after the window");
    }

    #[test]
    fn the_days_of_a_wish_are_its_weekdays_inside_both_ranges() {
        let wish = mornings_on_mondays_and_tuesdays();
        let days: Vec<_> = wish.days_within(date(2), date(31)).collect();
        assert_eq!(days, [date(7), date(8), date(14), date(15)]);
    }

    #[test]
    fn reversed_over_and_endless_windows_and_reversed_times_are_refused() {
        let wish = mornings_on_mondays_and_tuesdays();
        assert_eq!(wish.check(date(1)), Ok(()));
        let reversed = Wish {
            earliest: date(15),
            latest: date(1),
            ..wish.clone()
        };
        assert_eq!(reversed.check(date(1)), Err(WishRefusal::WindowReversed));
        assert_eq!(wish.check(date(16)), Err(WishRefusal::WindowOver));
        let endless = Wish {
            latest: date(1) + chrono::Days::new(400),
            ..wish.clone()
        };
        assert_eq!(endless.check(date(1)), Err(WishRefusal::WindowTooLong));
        let times = TimesOfDay {
            from: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            until: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        };
        let backwards = Wish {
            times: Some(times),
            ..wish
        };
        assert_eq!(backwards.check(date(1)), Err(WishRefusal::TimesReversed));
    }

    #[test]
    fn an_open_offer_past_its_time_is_shown_lapsed_and_its_entry_waiting_again() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
        assert_eq!(OfferState::Open.shown(now, now), OfferStatus::Lapsed);
        assert_eq!(
            OfferState::Open.shown(now + chrono::Duration::minutes(1), now),
            OfferStatus::Open
        );
        let lapsed = EntryFacts::default();
        assert_eq!(EntryState::Offered.shown(&lapsed), WaitlistStatus::Waiting);
        let open = EntryFacts {
            open_offer: true,
            ..EntryFacts::default()
        };
        assert_eq!(EntryState::Offered.shown(&open), WaitlistStatus::Offered);
    }

    #[test]
    fn an_unconfirmed_entry_past_its_deadline_and_any_open_entry_past_its_last_day_expire() {
        let lapsed = EntryFacts {
            confirmation_lapsed: true,
            ..EntryFacts::default()
        };
        assert_eq!(
            EntryState::PendingConfirmation.shown(&lapsed),
            WaitlistStatus::Expired
        );
        assert_eq!(EntryState::Waiting.shown(&lapsed), WaitlistStatus::Waiting);
        let over = EntryFacts {
            last_day_passed: true,
            ..EntryFacts::default()
        };
        assert_eq!(EntryState::Waiting.shown(&over), WaitlistStatus::Expired);
        assert_eq!(EntryState::Booked.shown(&over), WaitlistStatus::Booked);
    }
}
