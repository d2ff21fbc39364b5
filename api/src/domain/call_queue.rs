//! The rules of the call queue: how tickets are numbered, which lane a checked-in appointment
//! waits in, and how long a ticket's holder will probably wait.
//!
//! **Who is called next** (the order `store::call_queue` calls in, one statement on the
//! database) is the office's [`CallPriority`]. By default (`appointments_first`): first
//! appointments whose start has come, earliest start first; then walk-ins — and appointments
//! checked in too late — in the order they came; last, appointments checked in early whose
//! start has not come yet, so a clerk with nobody else waiting can take them. In `one_line`,
//! appointments whose start has come and walk-ins form one line ordered by when it became
//! their turn (the start, or when they came); early appointments still come last.

use super::tokens::{hash_token, new_secret_token};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use shared::call_queue::{
    CallPriority, QueueLane, QueueSettings, TicketState, WalkInState, WalkIns,
};
use std::fmt;

/// The letter before a ticket's number: `A` for walk-ins, `T` (Termin) for appointments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(type_name = "text")]
pub enum Prefix {
    #[sqlx(rename = "A")]
    WalkIn,
    #[sqlx(rename = "T")]
    Appointment,
}

impl Prefix {
    pub fn letter(self) -> char {
        match self {
            Prefix::WalkIn => 'A',
            Prefix::Appointment => 'T',
        }
    }
}

/// Most tickets of one prefix an office gives out on one day (numbers have three digits).
pub const MAX_TICKETS_PER_DAY: i64 = 999;

/// A ticket's number as it is read out and shown: `A-017`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketNumber {
    pub prefix: Prefix,
    pub number: i64,
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:03}", self.prefix.letter(), self.number)
    }
}

/// Which lane an entry waits in (stored as text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum Lane {
    Appointment,
    WalkIn,
}

impl Lane {
    pub fn shown(self) -> QueueLane {
        match self {
            Lane::Appointment => QueueLane::Appointment,
            Lane::WalkIn => QueueLane::WalkIn,
        }
    }
}

/// Where an entry is in its day (stored as text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum EntryState {
    Waiting,
    Called,
    /// Stepped aside at the counter; called back by a clerk.
    Parked,
    Finished,
    NoShow,
}

impl EntryState {
    pub fn shown(self) -> TicketState {
        match self {
            EntryState::Waiting => TicketState::Waiting,
            EntryState::Called => TicketState::Called,
            EntryState::Parked => TicketState::Parked,
            EntryState::Finished => TicketState::Finished,
            EntryState::NoShow => TicketState::NoShow,
        }
    }
}

/// The stored word of a [`CallPriority`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum StoredPriority {
    AppointmentsFirst,
    OneLine,
}

impl From<CallPriority> for StoredPriority {
    fn from(priority: CallPriority) -> Self {
        match priority {
            CallPriority::AppointmentsFirst => StoredPriority::AppointmentsFirst,
            CallPriority::OneLine => StoredPriority::OneLine,
        }
    }
}

impl From<StoredPriority> for CallPriority {
    fn from(priority: StoredPriority) -> Self {
        match priority {
            StoredPriority::AppointmentsFirst => CallPriority::AppointmentsFirst,
            StoredPriority::OneLine => CallPriority::OneLine,
        }
    }
}

/// From how late on a checked-in appointment waits with the walk-ins.
pub fn late_after(settings: &QueueSettings) -> Duration {
    Duration::minutes(i64::from(settings.late_after_minutes))
}

/// Whether a walk-in gets a ticket now, with `drawn` walk-in tickets given out today and
/// `local_time` the office's clock: the contingent and the closing time of the settings.
pub fn walk_ins_now(settings: &QueueSettings, drawn: u32, local_time: NaiveTime) -> WalkIns {
    let remaining = settings
        .walk_in_limit
        .map(|limit| limit.saturating_sub(drawn));
    let until = settings.walk_ins_until;
    let state = if until.is_some_and(|until| local_time >= until) {
        WalkInState::Closed
    } else if remaining == Some(0) {
        WalkInState::LimitReached
    } else {
        WalkInState::Open
    };
    WalkIns {
        state,
        remaining,
        until,
    }
}

/// Where a checked-in appointment waits, and from when it is due: in its own lane from its
/// start, or — checked in more than `late_after` after the start — with the walk-ins from now.
pub fn lane_at_check_in(
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    late_after: Duration,
) -> (Lane, DateTime<Utc>) {
    if now > start + late_after {
        (Lane::WalkIn, now)
    } else {
        (Lane::Appointment, start)
    }
}

/// A short name people read on a display or a list (`Schalter 3`, `Eingang Rathaus`): trimmed,
/// 1 to `max` characters, none of them control characters. `None` otherwise.
pub fn short_label(raw: &str, max: usize) -> Option<&str> {
    let label = raw.trim();
    let fits = !label.is_empty() && label.chars().count() <= max;
    (fits && !label.chars().any(char::is_control)).then_some(label)
}

/// What a kiosk's device token starts with.
pub const KIOSK_TOKEN_PREFIX: &str = "tv_kiosk_";

/// A fresh kiosk device token: the prefix and 256 random bits.
pub fn new_kiosk_token() -> String {
    format!("{KIOSK_TOKEN_PREFIX}{}", new_secret_token())
}

/// An `X-Kiosk-Token` as it came in: only something shaped like a token is looked up.
#[derive(Clone, PartialEq, Eq)]
pub struct KioskToken(String);

impl KioskToken {
    /// Longest header value looked at.
    const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Option<KioskToken> {
        let shaped = raw.starts_with(KIOSK_TOKEN_PREFIX)
            && raw.len() <= Self::MAX_CHARS
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        shaped.then(|| KioskToken(raw.to_owned()))
    }

    pub fn hash(&self) -> String {
        hash_token(&self.0)
    }
}

impl fmt::Debug for KioskToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KioskToken(…)")
    }
}

/// What one citizen at a counter takes, before any was measured today.
pub const DEFAULT_SERVICE_MINUTES: f64 = 10.0;

/// The estimated wait of someone with `ahead` others to be called before them: everyone ahead
/// and they themselves each take a service time, shared out over the counters calling today
/// (at least one). Rounded up to whole minutes.
pub fn estimated_wait_minutes(ahead: u32, service_minutes: Option<f64>, counters: u32) -> u32 {
    let per_citizen = service_minutes
        .filter(|minutes| minutes.is_finite() && *minutes > 0.0)
        .unwrap_or(DEFAULT_SERVICE_MINUTES);
    let minutes = (f64::from(ahead) + 1.0) * per_citizen / f64::from(counters.max(1));
    // At most a day: the cast cannot overflow.
    minutes.ceil().min(24.0 * 60.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const FIFTEEN: Duration = Duration::minutes(15);

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, hour, minute, 0).unwrap()
    }

    #[test]
    fn ticket_numbers_read_as_letter_dash_three_digits() {
        let walk_in = TicketNumber {
            prefix: Prefix::WalkIn,
            number: 17,
        };
        assert_eq!(walk_in.to_string(), "A-017");
        let appointment = TicketNumber {
            prefix: Prefix::Appointment,
            number: 999,
        };
        assert_eq!(appointment.to_string(), "T-999");
    }

    #[test]
    fn an_appointment_checked_in_on_time_or_early_waits_for_its_start() {
        assert_eq!(
            lane_at_check_in(at(9, 0), at(8, 40), FIFTEEN),
            (Lane::Appointment, at(9, 0))
        );
        assert_eq!(
            lane_at_check_in(at(9, 0), at(9, 15), FIFTEEN),
            (Lane::Appointment, at(9, 0))
        );
    }

    #[test]
    fn an_appointment_checked_in_too_late_waits_with_the_walk_ins_from_now() {
        assert_eq!(
            lane_at_check_in(at(9, 0), at(9, 16), FIFTEEN),
            (Lane::WalkIn, at(9, 16))
        );
    }

    #[test]
    fn walk_ins_close_at_the_contingent_or_the_closing_time_whichever_comes_first() {
        let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let settings = QueueSettings {
            walk_in_limit: Some(3),
            walk_ins_until: Some(time(12, 0)),
            ..QueueSettings::default()
        };
        let open = walk_ins_now(&settings, 1, time(9, 0));
        assert_eq!((open.state, open.remaining), (WalkInState::Open, Some(2)));
        let full = walk_ins_now(&settings, 3, time(9, 0));
        assert_eq!(
            (full.state, full.remaining),
            (WalkInState::LimitReached, Some(0))
        );
        assert_eq!(walk_ins_now(&settings, 5, time(9, 0)).remaining, Some(0));
        assert_eq!(
            walk_ins_now(&settings, 0, time(12, 0)).state,
            WalkInState::Closed
        );
        let unlimited = walk_ins_now(&QueueSettings::default(), 998, time(23, 59));
        assert_eq!(
            (unlimited.state, unlimited.remaining),
            (WalkInState::Open, None)
        );
    }

    #[test]
    fn the_estimate_shares_everyone_ahead_over_the_counters_calling() {
        assert_eq!(estimated_wait_minutes(0, None, 1), 10);
        assert_eq!(estimated_wait_minutes(3, Some(6.0), 2), 12);
        assert_eq!(estimated_wait_minutes(2, Some(7.5), 0), 23);
        assert_eq!(estimated_wait_minutes(5, Some(f64::NAN), 1), 60);
        assert_eq!(estimated_wait_minutes(u32::MAX - 1, Some(30.0), 1), 1440);
    }

    #[test]
    fn a_short_label_is_trimmed_and_refused_when_empty_too_long_or_with_control_characters() {
        assert_eq!(short_label("  Schalter 3 ", 40), Some("Schalter 3"));
        assert_eq!(short_label("Raum 1.12", 9), Some("Raum 1.12"));
        assert_eq!(short_label("Raum 1.12", 8), None);
        assert_eq!(short_label("   ", 40), None);
        assert_eq!(short_label("Schalter\n3", 40), None);
        assert_eq!(short_label("Schalter\u{7}", 40), None);
        assert_eq!(short_label(&"ä".repeat(40), 40).map(str::len), Some(80));
    }

    #[test]
    fn only_what_is_shaped_like_a_kiosk_token_is_looked_up() {
        let token = new_kiosk_token();
        assert_eq!(token.len(), KIOSK_TOKEN_PREFIX.len() + 43);
        assert!(KioskToken::parse(&token).is_some());
        for refused in [
            String::new(),
            "tv_key_abc".to_owned(),
            format!("{token} "),
            format!("{token}%00"),
            format!("{KIOSK_TOKEN_PREFIX}{}", "a".repeat(200)),
            token.replace("tv_kiosk_", "TV_KIOSK_"),
        ] {
            assert!(KioskToken::parse(&refused).is_none(), "{refused:?}");
        }
        assert_eq!(
            format!("{:?}", KioskToken::parse(&token).unwrap()),
            "KioskToken(…)"
        );
    }
}
