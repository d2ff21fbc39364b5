//! Opening rules, slot units and availability (pure, no I/O).
//!
//! An office has [`OpeningRule`]s in its local time zone. On each matching,
//! non-holiday day a rule yields one *window*: the wall-clock range
//! `opens..closes` converted to UTC, cut into *slot units* of `slot_minutes`
//! of real (UTC) time, so DST days get fewer or more units instead of
//! distorted ones. [`Closure`]s remove the units they overlap, splitting a
//! window, because an appointment occupies N consecutive units of ONE window.
//!
//! Capacity: each unit has `counters` counters, `offline_counters` of which
//! are reserved for staff bookings. Online may use what is left of its share
//! *and* of the total; staff may use everything that is left. The free
//! capacity of an appointment is the minimum over its units (exact for
//! interval scheduling on interchangeable counters).
//!
//! Local times are resolved to UTC with [`resolve_local`]: a time in a DST gap
//! becomes the first instant after the gap; an ambiguous time becomes the
//! earlier instant for the start of a range and the later instant for its
//! end, so a range always covers its whole wall-clock span.

use chrono::offset::LocalResult;
use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::holidays::{GermanState, Holiday, holiday_on};

/// Longest slot unit a rule may define (8 hours).
pub const MAX_SLOT_MINUTES: u32 = 480;
/// Most counters a rule may define.
pub const MAX_COUNTERS: u32 = 1000;

/// On `weekdays` within the inclusive validity range, the office is open from
/// `opens` to `closes` (local wall-clock time, same day) in units of
/// `slot_minutes` with `counters` counters, `offline_counters` of them not
/// bookable online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningRule {
    pub weekdays: Vec<Weekday>,
    pub valid_from: Option<NaiveDate>,
    /// Inclusive.
    pub valid_until: Option<NaiveDate>,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    pub slot_minutes: u32,
    pub counters: u32,
    pub offline_counters: u32,
}

/// Why an [`OpeningRule`] is unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum RuleError {
    #[error("an opening rule needs at least one weekday")]
    NoWeekdays,
    #[error("opening time {opens} must be before closing time {closes}")]
    OpensNotBeforeCloses { opens: NaiveTime, closes: NaiveTime },
    #[error("slot length must be between 1 and {MAX_SLOT_MINUTES} minutes, got {0}")]
    InvalidSlotLength(u32),
    #[error("opening hours are shorter than one slot of {slot_minutes} minutes")]
    WindowShorterThanSlot { slot_minutes: u32 },
    #[error("number of counters must be between 1 and {MAX_COUNTERS}, got {0}")]
    InvalidCounterCount(u32),
    #[error("{offline_counters} offline counters exceed the {counters} counters")]
    OfflineCountersExceedCounters {
        offline_counters: u32,
        counters: u32,
    },
    #[error("valid until {until} is before valid from {from}")]
    ValidUntilBeforeValidFrom { from: NaiveDate, until: NaiveDate },
}

impl OpeningRule {
    /// Checks the rule on its own (see [`overlapping_rules`] for a set).
    pub fn validate(&self) -> Result<(), RuleError> {
        if self.weekdays.is_empty() {
            return Err(RuleError::NoWeekdays);
        }
        if self.opens >= self.closes {
            return Err(RuleError::OpensNotBeforeCloses {
                opens: self.opens,
                closes: self.closes,
            });
        }
        if self.slot_minutes == 0 || self.slot_minutes > MAX_SLOT_MINUTES {
            return Err(RuleError::InvalidSlotLength(self.slot_minutes));
        }
        if self.closes - self.opens < self.slot_length() {
            return Err(RuleError::WindowShorterThanSlot {
                slot_minutes: self.slot_minutes,
            });
        }
        if self.counters == 0 || self.counters > MAX_COUNTERS {
            return Err(RuleError::InvalidCounterCount(self.counters));
        }
        if self.offline_counters > self.counters {
            return Err(RuleError::OfflineCountersExceedCounters {
                offline_counters: self.offline_counters,
                counters: self.counters,
            });
        }
        if let (Some(from), Some(until)) = (self.valid_from, self.valid_until)
            && until < from
        {
            return Err(RuleError::ValidUntilBeforeValidFrom { from, until });
        }
        Ok(())
    }

    /// Whether the rule yields a window on `date` (weekday and validity).
    pub fn applies_on(&self, date: NaiveDate) -> bool {
        self.weekdays.contains(&date.weekday())
            && self.valid_from.is_none_or(|from| from <= date)
            && self.valid_until.is_none_or(|until| date <= until)
    }

    /// Counters bookable online.
    pub fn online_counters(&self) -> u32 {
        self.counters.saturating_sub(self.offline_counters)
    }

    /// One slot unit as a duration.
    pub fn slot_length(&self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.slot_minutes))
    }
}

/// The first pair of rules (by index, `i < j`) that share a weekday, have
/// overlapping validity and overlapping opening times. Touching times
/// (`closes == opens`) do not overlap. A configuration must reject such a set.
pub fn overlapping_rules(rules: &[OpeningRule]) -> Option<(usize, usize)> {
    fn validity_overlaps(a: &OpeningRule, b: &OpeningRule) -> bool {
        let a_starts_before_b_ends = match (a.valid_from, b.valid_until) {
            (Some(from), Some(until)) => from <= until,
            _ => true,
        };
        let b_starts_before_a_ends = match (b.valid_from, a.valid_until) {
            (Some(from), Some(until)) => from <= until,
            _ => true,
        };
        a_starts_before_b_ends && b_starts_before_a_ends
    }
    rules.iter().enumerate().find_map(|(i, a)| {
        rules.iter().enumerate().skip(i + 1).find_map(|(j, b)| {
            let overlap = a.weekdays.iter().any(|day| b.weekdays.contains(day))
                && validity_overlaps(a, b)
                && a.opens < b.closes
                && b.opens < a.closes;
            overlap.then_some((i, j))
        })
    })
}

/// The office is closed in the local wall-clock range `[from, until)`.
/// A whole day `d` is `d 00:00 .. d+1 00:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub from: NaiveDateTime,
    pub until: NaiveDateTime,
}

impl Closure {
    /// Closure of the whole local day `date`.
    pub fn whole_day(date: NaiveDate) -> Self {
        let from = date.and_time(NaiveTime::MIN);
        Closure {
            from,
            until: from + TimeDelta::days(1),
        }
    }

    /// The closure as a half-open UTC range (see [`resolve_local`]).
    pub fn to_utc(&self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            resolve_local(tz, self.from, Edge::Start),
            resolve_local(tz, self.until, Edge::End),
        )
    }
}

/// One bookable unit of time with its capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct SlotUnit {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub online_capacity: u32,
    pub total_capacity: u32,
}

/// Bookings already occupying one unit, per channel they were made through.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Usage {
    pub online_used: u32,
    pub staff_used: u32,
}

/// Who books: citizens online, or staff (who may also use offline counters). Stored as
/// `online` / `staff` (the capacity an appointment and its ledger claims use).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type,
)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum Channel {
    Online,
    Staff,
}

impl SlotUnit {
    /// Free capacity of this unit for `channel`, given its `usage`:
    /// staff gets `total - used`; online additionally at most
    /// `online_capacity - online_used`. Saturates at 0.
    pub fn free(&self, usage: Usage, channel: Channel) -> u32 {
        let left = self
            .total_capacity
            .saturating_sub(usage.online_used.saturating_add(usage.staff_used));
        match channel {
            Channel::Staff => left,
            Channel::Online => left.min(self.online_capacity.saturating_sub(usage.online_used)),
        }
    }
}

/// The bookable units of one local day. Windows are sorted by start and
/// non-empty; the units of a window are consecutive (`end == next start`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayPlan {
    pub date: NaiveDate,
    pub holiday: Option<Holiday>,
    pub windows: Vec<Vec<SlotUnit>>,
}

/// A possible appointment start with its free capacity (> 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct FreeStart {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub free: u32,
}

/// Which end of a half-open range a local time bounds (see [`resolve_local`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

/// Converts a local wall-clock time to a UTC instant so that a range
/// `resolve_local(a, Start)..resolve_local(b, End)` covers the whole
/// wall-clock span `a..b`:
/// * a time in a gap (spring forward) becomes the first instant after the gap
///   (02:30 on 2026-03-29 in Berlin becomes 03:00 CEST = 01:00Z), for both edges;
/// * an ambiguous time (fall back) becomes the earlier instant for
///   [`Edge::Start`] and the later one for [`Edge::End`].
pub fn resolve_local(tz: Tz, local: NaiveDateTime, edge: Edge) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => {
            let (early, late) = if a <= b { (a, b) } else { (b, a) };
            match edge {
                Edge::Start => early.with_timezone(&Utc),
                Edge::End => late.with_timezone(&Utc),
            }
        }
        LocalResult::None => first_instant_after_gap(tz, local),
    }
}

/// For a `local` time that does not exist in `tz`: the first instant whose
/// wall-clock time is at or after `local`, i.e. the end of the gap.
///
/// Any instant where "wall clock >= local" flips from false to true must be a
/// forward jump over `local` (a continuous clock would show `local` itself),
/// so a bisection over whole seconds (tz transitions are on whole seconds)
/// finds exactly the end of that gap.
fn first_instant_after_gap(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    // UTC offsets are within ±26 h, so the clock is before `local` at the
    // lower bound and after it at the upper bound.
    let as_utc = local.and_utc().timestamp();
    let reaches = |secs: i64| {
        DateTime::from_timestamp(secs, 0)
            .is_some_and(|t| t.with_timezone(&tz).naive_local() >= local)
    };
    let (mut lo, mut hi) = (as_utc - 26 * 3600, as_utc + 26 * 3600);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if reaches(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // Falls back to interpreting the time as UTC only at the very edge of
    // chrono's range, where no zone has transitions.
    DateTime::from_timestamp(hi, 0).unwrap_or_else(|| local.and_utc())
}

/// The local calendar date of `instant` in `tz`.
pub fn local_date_of(tz: Tz, instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&tz).date_naive()
}

/// Everything needed to plan the days of one office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeCalendar<'a> {
    pub time_zone: Tz,
    pub state: GermanState,
    pub rules: &'a [OpeningRule],
    pub closures: &'a [Closure],
}

impl OfficeCalendar<'_> {
    /// The windows and units of local day `date`. Holidays have no windows.
    /// Rules that fail [`OpeningRule::validate`] are ignored.
    pub fn day(&self, date: NaiveDate) -> DayPlan {
        let holiday = holiday_on(self.state, date);
        let mut windows = Vec::new();
        if holiday.is_none() {
            let closures: Vec<_> = self
                .closures
                .iter()
                .map(|closure| closure.to_utc(self.time_zone))
                .filter(|(from, until)| from < until)
                .collect();
            for rule in self.rules {
                if rule.applies_on(date) && rule.validate().is_ok() {
                    let units = self.window_units(rule, date);
                    split_at_closures(units, &closures, &mut windows);
                }
            }
            windows.sort_by_key(|window: &Vec<SlotUnit>| window[0].start);
        }
        DayPlan {
            date,
            holiday,
            windows,
        }
    }

    /// The UTC bounds of `rule`'s window on `date`.
    pub fn window_bounds(
        &self,
        rule: &OpeningRule,
        date: NaiveDate,
    ) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            resolve_local(self.time_zone, date.and_time(rule.opens), Edge::Start),
            resolve_local(self.time_zone, date.and_time(rule.closes), Edge::End),
        )
    }

    fn window_units(&self, rule: &OpeningRule, date: NaiveDate) -> Vec<SlotUnit> {
        let (opens, closes) = self.window_bounds(rule, date);
        let step = rule.slot_length();
        let mut units = Vec::new();
        let mut start = opens;
        while start + step <= closes {
            units.push(SlotUnit {
                start,
                end: start + step,
                online_capacity: rule.online_counters(),
                total_capacity: rule.counters,
            });
            start += step;
        }
        units
    }
}

/// Pushes the runs of `units` that overlap no closure as separate windows.
fn split_at_closures(
    units: Vec<SlotUnit>,
    closures: &[(DateTime<Utc>, DateTime<Utc>)],
    windows: &mut Vec<Vec<SlotUnit>>,
) {
    let mut run = Vec::new();
    for unit in units {
        let closed = closures
            .iter()
            .any(|&(from, until)| unit.start < until && from < unit.end);
        if closed {
            if !run.is_empty() {
                windows.push(std::mem::take(&mut run));
            }
        } else {
            run.push(unit);
        }
    }
    if !run.is_empty() {
        windows.push(run);
    }
}

/// Every start at or after `not_before` with `units_needed` consecutive units
/// left in its window and free capacity > 0 for `channel`, sorted by start.
/// `usage` is asked once per unit, by the unit's start.
pub fn free_starts(
    plan: &DayPlan,
    usage: impl Fn(DateTime<Utc>) -> Usage,
    units_needed: u32,
    channel: Channel,
    not_before: DateTime<Utc>,
) -> Vec<FreeStart> {
    let Ok(needed) = usize::try_from(units_needed) else {
        return Vec::new();
    };
    if needed == 0 {
        return Vec::new();
    }
    let mut starts = Vec::new();
    for window in &plan.windows {
        if window.len() < needed {
            continue;
        }
        let free: Vec<u32> = window
            .iter()
            .map(|unit| unit.free(usage(unit.start), channel))
            .collect();
        for (i, units) in window.windows(needed).enumerate() {
            let (first, last) = (&units[0], &units[needed - 1]);
            if first.start < not_before {
                continue;
            }
            let min_free = free[i..i + needed].iter().copied().min().unwrap_or(0);
            if min_free > 0 {
                starts.push(FreeStart {
                    start: first.start,
                    end: last.end,
                    free: min_free,
                });
            }
        }
    }
    starts.sort_by_key(|start| start.start);
    starts
}

/// The units an appointment of `units_needed` units starting exactly at
/// `start` occupies, or `None` if `start` is not a unit start of the plan,
/// there are not enough consecutive units left in its window, or
/// `units_needed` is 0.
pub fn units_for(plan: &DayPlan, start: DateTime<Utc>, units_needed: u32) -> Option<&[SlotUnit]> {
    let needed = usize::try_from(units_needed).ok().filter(|&n| n > 0)?;
    plan.windows.iter().find_map(|window| {
        let i = window.iter().position(|unit| unit.start == start)?;
        window.get(i..i.checked_add(needed)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::Berlin;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
    }

    fn local(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
        d.and_time(time(h, m))
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("valid RFC 3339 instant")
    }

    fn rule(weekdays: &[Weekday], opens: (u32, u32), closes: (u32, u32), slot: u32) -> OpeningRule {
        OpeningRule {
            weekdays: weekdays.to_vec(),
            valid_from: None,
            valid_until: None,
            opens: time(opens.0, opens.1),
            closes: time(closes.0, closes.1),
            slot_minutes: slot,
            counters: 3,
            offline_counters: 1,
        }
    }

    fn calendar<'a>(rules: &'a [OpeningRule], closures: &'a [Closure]) -> OfficeCalendar<'a> {
        OfficeCalendar {
            time_zone: Berlin,
            state: GermanState::NordrheinWestfalen,
            rules,
            closures,
        }
    }

    fn all_units(plan: &DayPlan) -> Vec<SlotUnit> {
        plan.windows.iter().flatten().copied().collect()
    }

    fn local_hm(instant: DateTime<Utc>) -> (u32, u32) {
        let t = instant.with_timezone(&Berlin);
        (t.hour(), t.minute())
    }

    /// (local start h:m, local end h:m, number of units) of a window.
    type Span = ((u32, u32), (u32, u32), usize);

    fn window_spans(plan: &DayPlan) -> Vec<Span> {
        plan.windows
            .iter()
            .map(|w| (local_hm(w[0].start), local_hm(w[w.len() - 1].end), w.len()))
            .collect()
    }

    // 2026-02-10 is a Tuesday, 2026-02-12 a Thursday, no holidays in NRW.
    const TUESDAY: (i32, u32, u32) = (2026, 2, 10);
    const THURSDAY: (i32, u32, u32) = (2026, 2, 12);

    fn tuesday() -> NaiveDate {
        date(TUESDAY.0, TUESDAY.1, TUESDAY.2)
    }

    fn thursday() -> NaiveDate {
        date(THURSDAY.0, THURSDAY.1, THURSDAY.2)
    }

    // ----- rule validation -----

    #[test]
    fn a_sensible_rule_is_valid() {
        assert_eq!(
            rule(&[Weekday::Mon], (8, 0), (12, 0), 15).validate(),
            Ok(())
        );
    }

    #[test]
    fn invalid_rules_are_rejected_with_the_reason() {
        let ok = rule(&[Weekday::Mon], (8, 0), (12, 0), 15);
        let check = |change: fn(&mut OpeningRule), expected: RuleError| {
            let mut r = ok.clone();
            change(&mut r);
            assert_eq!(r.validate(), Err(expected));
        };
        check(|r| r.weekdays.clear(), RuleError::NoWeekdays);
        check(
            |r| r.closes = r.opens,
            RuleError::OpensNotBeforeCloses {
                opens: time(8, 0),
                closes: time(8, 0),
            },
        );
        check(|r| r.slot_minutes = 0, RuleError::InvalidSlotLength(0));
        check(|r| r.slot_minutes = 481, RuleError::InvalidSlotLength(481));
        check(
            |r| r.slot_minutes = 241,
            RuleError::WindowShorterThanSlot { slot_minutes: 241 },
        );
        check(|r| r.counters = 0, RuleError::InvalidCounterCount(0));
        check(|r| r.counters = 1001, RuleError::InvalidCounterCount(1001));
        check(
            |r| r.offline_counters = 4,
            RuleError::OfflineCountersExceedCounters {
                offline_counters: 4,
                counters: 3,
            },
        );
        check(
            |r| {
                r.valid_from = Some(date(2026, 5, 2));
                r.valid_until = Some(date(2026, 5, 1));
            },
            RuleError::ValidUntilBeforeValidFrom {
                from: date(2026, 5, 2),
                until: date(2026, 5, 1),
            },
        );
    }

    #[test]
    fn a_window_of_exactly_one_slot_and_all_counters_offline_are_valid() {
        let mut r = rule(&[Weekday::Mon], (8, 0), (8, 30), 30);
        r.offline_counters = r.counters;
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn rules_on_the_same_weekday_with_overlapping_times_overlap() {
        let rules = [
            rule(&[Weekday::Mon, Weekday::Tue], (8, 0), (12, 0), 15),
            rule(&[Weekday::Wed], (8, 0), (12, 0), 15),
            rule(&[Weekday::Tue], (11, 30), (13, 0), 15),
        ];
        assert_eq!(overlapping_rules(&rules), Some((0, 2)));
    }

    #[test]
    fn touching_times_other_weekdays_or_disjoint_validity_do_not_overlap() {
        let mut until_march = rule(&[Weekday::Mon], (8, 0), (12, 0), 15);
        until_march.valid_until = Some(date(2026, 3, 31));
        let mut from_april = rule(&[Weekday::Mon], (8, 0), (12, 0), 15);
        from_april.valid_from = Some(date(2026, 4, 1));
        let rules = [
            until_march,
            from_april,
            rule(&[Weekday::Mon], (12, 0), (14, 0), 15),
            rule(&[Weekday::Tue], (8, 0), (12, 0), 15),
        ];
        assert_eq!(overlapping_rules(&rules), None);
    }

    #[test]
    fn validity_ranges_sharing_one_day_overlap() {
        let mut a = rule(&[Weekday::Mon], (8, 0), (12, 0), 15);
        a.valid_until = Some(date(2026, 4, 1));
        let mut b = a.clone();
        b.valid_until = None;
        b.valid_from = Some(date(2026, 4, 1));
        assert_eq!(overlapping_rules(&[a, b]), Some((0, 1)));
    }

    // ----- day plans -----

    #[test]
    fn a_normal_tuesday_from_8_to_12_with_15_minute_slots_has_16_units() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (12, 0), 15)];
        let plan = calendar(&rules, &[]).day(tuesday());
        assert_eq!(plan.date, tuesday());
        assert_eq!(plan.holiday, None);
        assert_eq!(plan.windows.len(), 1);
        let units = &plan.windows[0];
        assert_eq!(units.len(), 16);
        assert_eq!(units[0].start, utc("2026-02-10T07:00:00Z"));
        assert_eq!(units[15].end, utc("2026-02-10T11:00:00Z"));
        assert!(
            units
                .iter()
                .all(|u| u.online_capacity == 2 && u.total_capacity == 3)
        );
    }

    #[test]
    fn a_rule_does_not_apply_on_other_weekdays() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (12, 0), 15)];
        assert!(calendar(&rules, &[]).day(thursday()).windows.is_empty());
    }

    #[test]
    fn a_long_thursday_with_two_rules_has_two_windows_in_order() {
        let rules = [
            rule(&[Weekday::Thu], (14, 0), (18, 0), 20),
            rule(
                &[Weekday::Mon, Weekday::Tue, Weekday::Thu],
                (8, 0),
                (12, 0),
                15,
            ),
        ];
        let plan = calendar(&rules, &[]).day(thursday());
        assert_eq!(
            window_spans(&plan),
            [((8, 0), (12, 0), 16), ((14, 0), (18, 0), 12)]
        );
    }

    #[test]
    fn adjacent_rules_make_separate_windows() {
        let rules = [
            rule(&[Weekday::Thu], (8, 0), (12, 0), 30),
            rule(&[Weekday::Thu], (12, 0), (13, 0), 30),
        ];
        let plan = calendar(&rules, &[]).day(thursday());
        assert_eq!(
            window_spans(&plan),
            [((8, 0), (12, 0), 8), ((12, 0), (13, 0), 2)]
        );
        assert_eq!(units_for(&plan, utc("2026-02-12T10:30:00Z"), 2), None);
    }

    #[test]
    fn a_trailing_remainder_shorter_than_a_slot_is_not_a_unit() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (9, 10), 20)];
        let plan = calendar(&rules, &[]).day(tuesday());
        assert_eq!(window_spans(&plan), [((8, 0), (9, 0), 3)]);
    }

    #[test]
    fn valid_from_and_valid_until_are_inclusive() {
        let mut r = rule(&[Weekday::Tue], (8, 0), (12, 0), 15);
        r.valid_from = Some(date(2026, 2, 10));
        r.valid_until = Some(date(2026, 2, 17));
        let rules = [r];
        let cal = calendar(&rules, &[]);
        assert!(cal.day(date(2026, 2, 3)).windows.is_empty());
        assert_eq!(cal.day(date(2026, 2, 10)).windows.len(), 1);
        assert_eq!(cal.day(date(2026, 2, 17)).windows.len(), 1);
        assert!(cal.day(date(2026, 2, 24)).windows.is_empty());
    }

    #[test]
    fn a_holiday_has_no_windows_but_reports_the_holiday() {
        let rules = [rule(&[Weekday::Thu], (8, 0), (12, 0), 15)];
        // Christi Himmelfahrt 2026.
        let plan = calendar(&rules, &[]).day(date(2026, 5, 14));
        assert!(plan.windows.is_empty());
        assert_eq!(plan.holiday.map(|h| h.name_de), Some("Christi Himmelfahrt"));
    }

    #[test]
    fn holidays_depend_on_the_offices_state() {
        let rules = [rule(&[Weekday::Thu], (8, 0), (12, 0), 15)];
        let corpus_christi = date(2026, 6, 4);
        let mut cal = calendar(&rules, &[]);
        assert!(cal.day(corpus_christi).windows.is_empty());
        cal.state = GermanState::Berlin;
        assert_eq!(cal.day(corpus_christi).windows.len(), 1);
    }

    #[test]
    fn invalid_rules_yield_no_windows() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (12, 0), 0)];
        assert!(calendar(&rules, &[]).day(tuesday()).windows.is_empty());
    }

    #[test]
    fn a_whole_day_closure_removes_every_window() {
        let rules = [rule(&[Weekday::Tue, Weekday::Thu], (8, 0), (12, 0), 15)];
        let closures = [Closure::whole_day(tuesday())];
        let cal = calendar(&rules, &closures);
        assert!(cal.day(tuesday()).windows.is_empty());
        assert_eq!(cal.day(thursday()).windows.len(), 1);
    }

    #[test]
    fn a_partial_closure_in_the_middle_splits_the_window() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (12, 0), 15)];
        let closures = [Closure {
            from: local(tuesday(), 9, 30),
            until: local(tuesday(), 10, 0),
        }];
        let plan = calendar(&rules, &closures).day(tuesday());
        assert_eq!(
            window_spans(&plan),
            [((8, 0), (9, 30), 6), ((10, 0), (12, 0), 8)]
        );
        // An appointment must not span the closure.
        assert_eq!(units_for(&plan, utc("2026-02-10T08:15:00Z"), 2), None);
        let starts = free_starts(
            &plan,
            |_| Usage::default(),
            2,
            Channel::Online,
            DateTime::<Utc>::MIN_UTC,
        );
        assert_eq!(starts.len(), 5 + 7);
        assert!(
            starts
                .iter()
                .all(|s| s.start != utc("2026-02-10T08:15:00Z"))
        );
    }

    #[test]
    fn a_unit_that_overlaps_a_partial_closure_is_not_offered() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (12, 0), 15)];
        let closures = [Closure {
            from: local(tuesday(), 9, 40),
            until: local(tuesday(), 9, 50),
        }];
        let plan = calendar(&rules, &closures).day(tuesday());
        assert_eq!(
            window_spans(&plan),
            [((8, 0), (9, 30), 6), ((10, 0), (12, 0), 8)]
        );
        // Both 09:30-09:45 and 09:45-10:00 touch 09:40-09:50.
        assert_eq!(units_for(&plan, utc("2026-02-10T08:45:00Z"), 1), None);
    }

    #[test]
    fn closures_touching_the_window_edges_remove_nothing() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (12, 0), 15)];
        let closures = [
            Closure {
                from: local(tuesday(), 6, 0),
                until: local(tuesday(), 8, 0),
            },
            Closure {
                from: local(tuesday(), 12, 0),
                until: local(tuesday(), 13, 0),
            },
        ];
        let plan = calendar(&rules, &closures).day(tuesday());
        assert_eq!(window_spans(&plan), [((8, 0), (12, 0), 16)]);
    }

    #[test]
    fn a_closure_at_the_start_of_the_window_shortens_it() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (12, 0), 15)];
        let closures = [Closure {
            from: local(date(2026, 2, 9), 18, 0),
            until: local(tuesday(), 10, 0),
        }];
        let plan = calendar(&rules, &closures).day(tuesday());
        assert_eq!(window_spans(&plan), [((10, 0), (12, 0), 8)]);
    }

    // ----- DST -----

    #[test]
    fn a_night_window_on_the_spring_forward_day_has_two_real_hours() {
        let spring = date(2026, 3, 29);
        let rules = [rule(&[Weekday::Sun], (1, 0), (4, 0), 30)];
        let plan = calendar(&rules, &[]).day(spring);
        let units = all_units(&plan);
        assert_eq!(units.len(), 4);
        assert_eq!(units[0].start, utc("2026-03-29T00:00:00Z"));
        assert_eq!(units[3].end, utc("2026-03-29T02:00:00Z"));
    }

    #[test]
    fn a_night_window_on_the_fall_back_day_has_four_real_hours() {
        let autumn = date(2026, 10, 25);
        let rules = [rule(&[Weekday::Sun], (1, 0), (4, 0), 30)];
        let plan = calendar(&rules, &[]).day(autumn);
        let units = all_units(&plan);
        assert_eq!(units.len(), 8);
        assert_eq!(units[0].start, utc("2026-10-24T23:00:00Z"));
        assert_eq!(units[7].end, utc("2026-10-25T03:00:00Z"));
        assert!(units.windows(2).all(|w| w[0].end == w[1].start));
    }

    #[test]
    fn an_ordinary_morning_window_on_both_dst_days_has_16_units_with_correct_offsets() {
        let rules = [rule(&[Weekday::Sun], (8, 0), (12, 0), 15)];
        let cal = calendar(&rules, &[]);
        for (day, first, last_end) in [
            (
                date(2026, 3, 29),
                "2026-03-29T06:00:00Z",
                "2026-03-29T10:00:00Z",
            ),
            (
                date(2026, 10, 25),
                "2026-10-25T07:00:00Z",
                "2026-10-25T11:00:00Z",
            ),
        ] {
            let units = all_units(&cal.day(day));
            assert_eq!(units.len(), 16, "{day}");
            assert_eq!(units[0].start, utc(first));
            assert_eq!(units[15].end, utc(last_end));
            assert!(
                units
                    .iter()
                    .all(|u| u.end - u.start == TimeDelta::minutes(15))
            );
        }
    }

    #[test]
    fn a_window_opening_inside_the_spring_gap_opens_when_the_gap_ends() {
        let spring = date(2026, 3, 29);
        let rules = [rule(&[Weekday::Sun], (2, 30), (4, 0), 30)];
        let units = all_units(&calendar(&rules, &[]).day(spring));
        // 02:30 does not exist; the window starts at 03:00 CEST = 01:00Z.
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].start, utc("2026-03-29T01:00:00Z"));
    }

    #[test]
    fn ambiguous_times_resolve_to_cover_the_whole_wall_clock_range() {
        let autumn = date(2026, 10, 25);
        assert_eq!(
            resolve_local(Berlin, local(autumn, 2, 30), Edge::Start),
            utc("2026-10-25T00:30:00Z")
        );
        assert_eq!(
            resolve_local(Berlin, local(autumn, 2, 30), Edge::End),
            utc("2026-10-25T01:30:00Z")
        );
        let spring = date(2026, 3, 29);
        for edge in [Edge::Start, Edge::End] {
            assert_eq!(
                resolve_local(Berlin, local(spring, 2, 30), edge),
                utc("2026-03-29T01:00:00Z")
            );
        }
        assert_eq!(
            resolve_local(New_York, local(date(2026, 3, 8), 2, 15), Edge::Start),
            utc("2026-03-08T07:00:00Z")
        );
    }

    #[test]
    fn a_closure_during_the_repeated_hour_covers_both_occurrences() {
        let autumn = date(2026, 10, 25);
        let rules = [rule(&[Weekday::Sun], (1, 0), (4, 0), 30)];
        let closures = [Closure {
            from: local(autumn, 2, 0),
            until: local(autumn, 3, 0),
        }];
        let plan = calendar(&rules, &closures).day(autumn);
        // 01:00-02:00 CEST stays (2 units), 02:00 CEST .. 03:00 CET is closed
        // (2 real hours), 03:00-04:00 CET stays (2 units).
        let lens: Vec<_> = plan.windows.iter().map(Vec::len).collect();
        assert_eq!(lens, [2, 2]);
        assert_eq!(plan.windows[1][0].start, utc("2026-10-25T02:00:00Z"));
    }

    #[test]
    fn local_date_of_uses_the_office_time_zone() {
        let instant = utc("2026-02-10T23:30:00Z");
        assert_eq!(local_date_of(Berlin, instant), date(2026, 2, 11));
        assert_eq!(local_date_of(New_York, instant), date(2026, 2, 10));
    }

    // ----- capacity -----

    fn unit(online: u32, total: u32) -> SlotUnit {
        SlotUnit {
            start: utc("2026-02-10T07:00:00Z"),
            end: utc("2026-02-10T07:15:00Z"),
            online_capacity: online,
            total_capacity: total,
        }
    }

    fn used(online_used: u32, staff_used: u32) -> Usage {
        Usage {
            online_used,
            staff_used,
        }
    }

    #[test]
    fn an_unused_unit_offers_the_online_counters_online_and_all_counters_to_staff() {
        let u = unit(3, 5);
        assert_eq!(u.free(Usage::default(), Channel::Online), 3);
        assert_eq!(u.free(Usage::default(), Channel::Staff), 5);
    }

    #[test]
    fn offline_counters_are_usable_only_by_staff() {
        let u = unit(3, 5);
        assert_eq!(u.free(used(3, 0), Channel::Online), 0);
        assert_eq!(u.free(used(3, 0), Channel::Staff), 2);
    }

    #[test]
    fn staff_usage_eats_online_capacity_only_beyond_the_offline_counters() {
        let u = unit(3, 5);
        assert_eq!(u.free(used(0, 2), Channel::Online), 3);
        assert_eq!(u.free(used(0, 3), Channel::Online), 2);
        assert_eq!(u.free(used(1, 3), Channel::Online), 1);
        assert_eq!(u.free(used(0, 5), Channel::Online), 0);
        assert_eq!(u.free(used(0, 5), Channel::Staff), 0);
    }

    #[test]
    fn overbooked_units_saturate_at_zero() {
        let u = unit(3, 5);
        assert_eq!(u.free(used(4, 4), Channel::Online), 0);
        assert_eq!(u.free(used(4, 4), Channel::Staff), 0);
        assert_eq!(u.free(used(u32::MAX, u32::MAX), Channel::Staff), 0);
    }

    #[test]
    fn an_office_with_only_offline_counters_offers_nothing_online() {
        let mut r = rule(&[Weekday::Tue], (8, 0), (12, 0), 15);
        r.offline_counters = r.counters;
        let rules = [r];
        let plan = calendar(&rules, &[]).day(tuesday());
        let at = |channel| {
            free_starts(
                &plan,
                |_| Usage::default(),
                1,
                channel,
                DateTime::<Utc>::MIN_UTC,
            )
        };
        assert!(at(Channel::Online).is_empty());
        assert_eq!(at(Channel::Staff).len(), 16);
    }

    // ----- free starts -----

    #[test]
    fn an_appointment_needing_consecutive_units_takes_the_minimum_free_capacity() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (9, 0), 15)];
        let plan = calendar(&rules, &[]).day(tuesday());
        // Units at 07:00Z, 07:15Z, 07:30Z, 07:45Z; 07:15Z is fully booked online.
        let busy = utc("2026-02-10T07:15:00Z");
        let usage = |start| {
            if start == busy {
                used(2, 0)
            } else {
                used(0, 1)
            }
        };
        let starts = free_starts(&plan, usage, 2, Channel::Online, DateTime::<Utc>::MIN_UTC);
        assert_eq!(
            starts,
            [FreeStart {
                start: utc("2026-02-10T07:30:00Z"),
                end: utc("2026-02-10T08:00:00Z"),
                free: 2,
            }]
        );
        let staff = free_starts(&plan, usage, 2, Channel::Staff, DateTime::<Utc>::MIN_UTC);
        let frees: Vec<_> = staff.iter().map(|s| s.free).collect();
        assert_eq!(frees, [1, 1, 2]);
    }

    #[test]
    fn starts_too_close_to_the_window_end_are_not_offered() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (12, 0), 15)];
        let plan = calendar(&rules, &[]).day(tuesday());
        let starts = free_starts(
            &plan,
            |_| Usage::default(),
            4,
            Channel::Online,
            DateTime::<Utc>::MIN_UTC,
        );
        assert_eq!(starts.len(), 13);
        let last = starts.last().expect("there are starts");
        assert_eq!(last.start, utc("2026-02-10T10:00:00Z"));
        assert_eq!(last.end, utc("2026-02-10T11:00:00Z"));
        assert!(
            free_starts(
                &plan,
                |_| Usage::default(),
                17,
                Channel::Staff,
                DateTime::<Utc>::MIN_UTC
            )
            .is_empty()
        );
    }

    #[test]
    fn zero_units_needed_gives_no_starts() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (12, 0), 15)];
        let plan = calendar(&rules, &[]).day(tuesday());
        assert!(
            free_starts(
                &plan,
                |_| Usage::default(),
                0,
                Channel::Staff,
                DateTime::<Utc>::MIN_UTC
            )
            .is_empty()
        );
        assert_eq!(units_for(&plan, utc("2026-02-10T07:00:00Z"), 0), None);
    }

    #[test]
    fn starts_before_not_before_are_not_offered() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (12, 0), 15)];
        let plan = calendar(&rules, &[]).day(tuesday());
        let starts = free_starts(
            &plan,
            |_| Usage::default(),
            1,
            Channel::Online,
            utc("2026-02-10T10:50:00Z"),
        );
        let times: Vec<_> = starts.iter().map(|s| local_hm(s.start)).collect();
        // 10:50Z = 11:50 local; the unit starting 11:45 local has begun already.
        assert!(times.is_empty());
        let starts = free_starts(
            &plan,
            |_| Usage::default(),
            1,
            Channel::Online,
            utc("2026-02-10T10:30:00Z"),
        );
        let times: Vec<_> = starts.iter().map(|s| local_hm(s.start)).collect();
        assert_eq!(times, [(11, 30), (11, 45)]);
    }

    #[test]
    fn free_starts_are_sorted_across_windows() {
        let rules = [
            rule(&[Weekday::Thu], (14, 0), (16, 0), 30),
            rule(&[Weekday::Thu], (8, 0), (9, 0), 30),
        ];
        let plan = calendar(&rules, &[]).day(thursday());
        let starts = free_starts(
            &plan,
            |_| Usage::default(),
            1,
            Channel::Online,
            DateTime::<Utc>::MIN_UTC,
        );
        let times: Vec<_> = starts.iter().map(|s| local_hm(s.start)).collect();
        assert_eq!(
            times,
            [(8, 0), (8, 30), (14, 0), (14, 30), (15, 0), (15, 30)]
        );
    }

    #[test]
    fn units_for_returns_the_occupied_units_or_none_off_grid() {
        let rules = [rule(&[Weekday::Tue], (8, 0), (12, 0), 15)];
        let plan = calendar(&rules, &[]).day(tuesday());
        let units = units_for(&plan, utc("2026-02-10T07:30:00Z"), 3).expect("on the grid");
        assert_eq!(units.len(), 3);
        assert_eq!(units[0].start, utc("2026-02-10T07:30:00Z"));
        assert_eq!(units[2].end, utc("2026-02-10T08:15:00Z"));
        assert_eq!(units_for(&plan, utc("2026-02-10T07:35:00Z"), 1), None);
        assert_eq!(units_for(&plan, utc("2026-02-10T10:30:00Z"), 3), None);
        assert!(units_for(&plan, utc("2026-02-10T10:30:00Z"), 2).is_some());
        assert_eq!(units_for(&plan, utc("2026-02-10T06:45:00Z"), 1), None);
    }

    // ----- properties -----

    fn zone() -> impl Strategy<Value = Tz> {
        prop_oneof![Just(Berlin), Just(New_York)]
    }

    /// Random days in 2020..2035, with extra weight on DST switch days.
    fn day() -> impl Strategy<Value = NaiveDate> {
        let any_day = (2020i32..2035, 1u32..=365)
            .prop_map(|(y, o)| NaiveDate::from_yo_opt(y, o).expect("valid ordinal"));
        let switch_day = (2020i32..2035, 0usize..4).prop_map(|(y, which)| {
            // Berlin: last Sunday of March / October; New York: second Sunday
            // of March / first Sunday of November.
            let (month, nth) = [(3, -1), (10, -1), (3, 2), (11, 1)][which];
            nth_sunday(y, month, nth)
        });
        prop_oneof![any_day, switch_day]
    }

    fn nth_sunday(year: i32, month: u32, nth: i8) -> NaiveDate {
        if nth > 0 {
            NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, nth.unsigned_abs())
                .expect("exists")
        } else {
            let mut d =
                NaiveDate::from_ymd_opt(year, month + 1, 1).expect("valid") - TimeDelta::days(1);
            while d.weekday() != Weekday::Sun {
                d -= TimeDelta::days(1);
            }
            d
        }
    }

    /// A valid rule on the 5-minute grid, applying to `date`'s weekday.
    fn rule_for(date: NaiveDate) -> impl Strategy<Value = OpeningRule> {
        (
            0u32..288,
            1u32..288,
            1u32..=24,
            1u32..=10,
            0u32..=10,
            0u32..7,
        )
            .prop_filter_map(
                "window must hold one slot",
                move |(open5, len5, slot5, counters, offline, other)| {
                    let close5 = open5 + len5;
                    let slot_minutes = slot5 * 5;
                    if close5 >= 288 || len5 * 5 < slot_minutes {
                        return None;
                    }
                    let at = |five: u32| NaiveTime::from_hms_opt(five / 12, five % 12 * 5, 0);
                    Some(OpeningRule {
                        weekdays: vec![
                            date.weekday(),
                            Weekday::try_from(u8::try_from(other).ok()?).ok()?,
                        ],
                        valid_from: None,
                        valid_until: None,
                        opens: at(open5)?,
                        closes: at(close5)?,
                        slot_minutes,
                        counters,
                        offline_counters: offline.min(counters),
                    })
                },
            )
    }

    fn scenario() -> impl Strategy<Value = (Tz, NaiveDate, OpeningRule)> {
        (zone(), day()).prop_flat_map(|(tz, d)| (Just(tz), Just(d), rule_for(d)))
    }

    fn pseudo_usage(seed: u64, start: DateTime<Utc>) -> Usage {
        let x = (start.timestamp().unsigned_abs() / 60)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(seed)
            .rotate_left(17);
        Usage {
            online_used: u32::try_from(x % 7).expect("small"),
            staff_used: u32::try_from((x >> 8) % 7).expect("small"),
        }
    }

    proptest! {
        #[test]
        fn units_are_consecutive_exact_and_inside_the_window((tz, d, r) in scenario()) {
            prop_assert_eq!(r.validate(), Ok(()));
            let rules = [r.clone()];
            let cal = OfficeCalendar { time_zone: tz, state: GermanState::Berlin, rules: &rules, closures: &[] };
            let plan = cal.day(d);
            let (lo, hi) = cal.window_bounds(&r, d);
            if plan.holiday.is_some() {
                prop_assert!(plan.windows.is_empty());
                return Ok(());
            }
            prop_assert!(plan.windows.len() <= 1);
            let units = all_units(&plan);
            let step = r.slot_length();
            // As many units as fit into the window's real duration.
            let expected = (hi - lo).num_minutes().max(0) / i64::from(r.slot_minutes);
            prop_assert_eq!(i64::try_from(units.len()).expect("small"), expected);
            for u in &units {
                prop_assert_eq!(u.end - u.start, step);
                prop_assert!(lo <= u.start && u.end <= hi);
                prop_assert_eq!(u.total_capacity, r.counters);
                prop_assert_eq!(u.online_capacity, r.counters - r.offline_counters);
            }
            for w in units.windows(2) {
                prop_assert!(w[0].start < w[1].start);
                prop_assert_eq!(w[0].end, w[1].start);
            }
            if let Some(first) = units.first() {
                prop_assert_eq!(first.start, lo);
                prop_assert_eq!(local_date_of(tz, first.start), d);
            }
        }

        #[test]
        fn free_starts_are_exact_complete_and_never_span_a_closure(
            (tz, d, r) in scenario(),
            closure in (0u32..288, 1u32..48),
            seed in any::<u64>(),
            needed in 1u32..5,
            staff in any::<bool>(),
            not_before_offset in 0i64..24 * 60,
        ) {
            let closures = [Closure {
                from: d.and_time(NaiveTime::MIN) + TimeDelta::minutes(i64::from(closure.0 * 5)),
                until: d.and_time(NaiveTime::MIN) + TimeDelta::minutes(i64::from((closure.0 + closure.1) * 5)),
            }];
            let (c_from, c_until) = closures[0].to_utc(tz);
            let rules = [r];
            let cal = OfficeCalendar { time_zone: tz, state: GermanState::Berlin, rules: &rules, closures: &closures };
            let plan = cal.day(d);
            let channel = if staff { Channel::Staff } else { Channel::Online };
            let not_before = resolve_local(tz, d.and_time(NaiveTime::MIN), Edge::Start)
                + TimeDelta::minutes(not_before_offset);
            let usage = |start| pseudo_usage(seed, start);
            let starts = free_starts(&plan, usage, needed, channel, not_before);

            // A closure wholly inside a spring-forward gap covers no real time (an empty range).
            let closes_something = c_from < c_until;
            for u in all_units(&plan) {
                let overlaps = u.start < c_until && c_from < u.end;
                prop_assert!(!(closes_something && overlaps), "unit overlaps closure");
            }
            for w in starts.windows(2) {
                prop_assert!(w[0].start < w[1].start);
            }
            for s in &starts {
                let units = units_for(&plan, s.start, needed);
                prop_assert!(units.is_some(), "start without its units");
                let units = units.expect("checked");
                prop_assert_eq!(units.len(), needed as usize);
                prop_assert_eq!(units[units.len() - 1].end, s.end);
                let min = units.iter().map(|u| u.free(usage(u.start), channel)).min();
                prop_assert_eq!(Some(s.free), min);
                prop_assert!(s.free > 0);
                prop_assert!(s.free <= units.iter().map(|u| u.total_capacity).min().unwrap_or(0));
                prop_assert!(s.start >= not_before);
                for pair in units.windows(2) {
                    prop_assert_eq!(pair[0].end, pair[1].start);
                }
            }
            // Completeness: every grid start with enough units, free capacity
            // and not before `not_before` is offered.
            for window in &plan.windows {
                for u in window {
                    if let Some(units) = units_for(&plan, u.start, needed) {
                        let min = units.iter().map(|x| x.free(usage(x.start), channel)).min().unwrap_or(0);
                        let offered = starts.iter().any(|s| s.start == u.start);
                        prop_assert_eq!(offered, min > 0 && u.start >= not_before);
                    }
                }
            }
        }
    }
}
