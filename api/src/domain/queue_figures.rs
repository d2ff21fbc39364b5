//! The call queue's measured figures for the statistics: how long citizens waited from
//! drawing a ticket or checking in until their first call, how long a counter took from the
//! (last) call until finishing, how many were called, served and did not come — per lane,
//! per day, per hour of the day (office time) and in total.
//!
//! A recall moves an entry's `called_at` but never its `first_called_at`: the wait ends with
//! the first call, the service starts with the last one (the citizen came to that one).

use super::call_queue::{EntryState, Lane};
use chrono::{DateTime, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use shared::admin::{QueueDay, QueueFigures, QueueHour};
use std::collections::BTreeMap;

/// One entry of the queue as the figures see it (a row of `queue_entries`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Visit {
    /// The office's local day the entry belongs to.
    pub day: NaiveDate,
    pub lane: Lane,
    pub state: EntryState,
    /// The ticket drawn, or the appointment checked in.
    pub queued_at: DateTime<Utc>,
    /// The first call; `None` while never called.
    pub first_called_at: Option<DateTime<Utc>>,
    /// The last call (recalls move it).
    pub called_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl Visit {
    /// Seconds from queueing to the first call; `None` while never called.
    pub fn wait_seconds(&self) -> Option<i64> {
        self.first_called_at
            .map(|called| seconds_between(self.queued_at, called))
    }

    /// Seconds from the last call to finishing; `None` unless a counter finished it.
    pub fn service_seconds(&self) -> Option<i64> {
        match (self.state, self.called_at, self.finished_at) {
            (EntryState::Finished, Some(called), Some(finished)) => {
                Some(seconds_between(called, finished))
            }
            _ => None,
        }
    }
}

/// Whole seconds from `from` to `to`, never negative (a clock set back measures nothing).
pub fn seconds_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_seconds().max(0)
}

/// The mean of durations in seconds, in minutes; `None` without any.
pub fn mean_minutes(seconds: &[i64]) -> Option<f64> {
    if seconds.is_empty() {
        return None;
    }
    let total: i64 = seconds.iter().sum();
    Some(total as f64 / 60.0 / seconds.len() as f64)
}

/// The mean minutes from call to finish of today's finished entries, if any (the ticket
/// page's estimate).
pub fn mean_service_minutes(served: &[(DateTime<Utc>, DateTime<Utc>)]) -> Option<f64> {
    let seconds: Vec<i64> = served
        .iter()
        .map(|(called, finished)| seconds_between(*called, *finished))
        .collect();
    mean_minutes(&seconds)
}

/// The median of durations in seconds, in minutes (of an even number: the mean of the middle
/// two); `None` without any.
pub fn median_minutes(seconds: &[i64]) -> Option<f64> {
    let mut sorted = seconds.to_vec();
    sorted.sort_unstable();
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => mean_minutes(&sorted[middle..=middle]),
        _ => mean_minutes(&sorted[middle - 1..=middle]),
    }
}

/// What one lane's entries add up to, before the means are taken.
#[derive(Debug, Default, Clone)]
struct LaneTally {
    called: u32,
    served: u32,
    no_shows: u32,
    waits: Vec<i64>,
    services: Vec<i64>,
}

impl LaneTally {
    fn add(&mut self, visit: &Visit) {
        if let Some(wait) = visit.wait_seconds() {
            self.called += 1;
            self.waits.push(wait);
        }
        if let Some(service) = visit.service_seconds() {
            self.served += 1;
            self.services.push(service);
        }
        if visit.state == EntryState::NoShow {
            self.no_shows += 1;
        }
    }

    fn figures(&self, lane: Lane) -> QueueFigures {
        QueueFigures {
            lane: lane.shown(),
            called: self.called,
            served: self.served,
            no_shows: self.no_shows,
            mean_wait_minutes: mean_minutes(&self.waits),
            median_wait_minutes: median_minutes(&self.waits),
            mean_service_minutes: mean_minutes(&self.services),
        }
    }
}

/// Both lanes' tallies of one group (a day, an hour, the range).
#[derive(Debug, Default, Clone)]
struct Tally {
    appointment: LaneTally,
    walk_in: LaneTally,
}

impl Tally {
    fn add(&mut self, visit: &Visit) {
        match visit.lane {
            Lane::Appointment => self.appointment.add(visit),
            Lane::WalkIn => self.walk_in.add(visit),
        }
    }

    /// Appointments first, then walk-ins.
    fn figures(&self) -> Vec<QueueFigures> {
        vec![
            self.appointment.figures(Lane::Appointment),
            self.walk_in.figures(Lane::WalkIn),
        ]
    }
}

/// The queue's figures of a range of days.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueReport {
    /// Every day of the range, in order.
    pub days: Vec<QueueDay>,
    /// The hours of the day (office time) in which someone queued, in order.
    pub hours: Vec<QueueHour>,
    pub totals: Vec<QueueFigures>,
}

/// The figures of `visits` on the days `from..=to` (visits of other days are left out), their
/// hour of the day read in `zone`.
pub fn report(visits: &[Visit], from: NaiveDate, to: NaiveDate, zone: Tz) -> QueueReport {
    let mut days: BTreeMap<NaiveDate, Tally> = from
        .iter_days()
        .take_while(|day| *day <= to)
        .map(|day| (day, Tally::default()))
        .collect();
    let mut hours: BTreeMap<u8, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for visit in visits {
        let Some(day) = days.get_mut(&visit.day) else {
            continue;
        };
        day.add(visit);
        // `hour()` is 0–23: the cast cannot truncate.
        let hour = visit.queued_at.with_timezone(&zone).hour() as u8;
        hours.entry(hour).or_default().add(visit);
        total.add(visit);
    }
    QueueReport {
        days: days
            .iter()
            .map(|(date, tally)| QueueDay {
                date: *date,
                lanes: tally.figures(),
            })
            .collect(),
        hours: hours
            .iter()
            .map(|(hour, tally)| QueueHour {
                hour: *hour,
                lanes: tally.figures(),
            })
            .collect(),
        totals: total.figures(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use shared::call_queue::QueueLane;

    const BERLIN: Tz = chrono_tz::Europe::Berlin;

    /// An instant at `hour:minute` Berlin time on 1 December 2026 (CET, UTC+1).
    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        BERLIN
            .with_ymd_and_hms(2026, 12, 1, hour, minute, 0)
            .unwrap()
            .to_utc()
    }

    fn tuesday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    /// A walk-in queued at `queued`, first called at `first`, last called at `last`, and
    /// finished at `finished` (`None`: still called).
    fn walk_in(queued: DateTime<Utc>, first: DateTime<Utc>, last: DateTime<Utc>) -> Visit {
        Visit {
            day: tuesday(),
            lane: Lane::WalkIn,
            state: EntryState::Called,
            queued_at: queued,
            first_called_at: Some(first),
            called_at: Some(last),
            finished_at: None,
        }
    }

    fn finished(visit: Visit, at: DateTime<Utc>) -> Visit {
        Visit {
            state: EntryState::Finished,
            finished_at: Some(at),
            ..visit
        }
    }

    fn waiting(queued: DateTime<Utc>) -> Visit {
        Visit {
            state: EntryState::Waiting,
            first_called_at: None,
            called_at: None,
            ..walk_in(queued, queued, queued)
        }
    }

    #[test]
    fn the_wait_ends_with_the_first_call_and_the_service_starts_with_the_last() {
        let recalled = finished(walk_in(at(8, 0), at(8, 12), at(8, 15)), at(8, 25));
        assert_eq!(recalled.wait_seconds(), Some(12 * 60));
        assert_eq!(recalled.service_seconds(), Some(10 * 60));
        assert_eq!(waiting(at(8, 0)).wait_seconds(), None);
        let still_called = walk_in(at(8, 0), at(8, 5), at(8, 5));
        assert_eq!(still_called.service_seconds(), None);
    }

    #[test]
    fn the_mean_service_time_is_measured_from_call_to_finish() {
        assert_eq!(mean_service_minutes(&[]), None);
        let served = [(at(8, 0), at(8, 6)), (at(8, 10), at(8, 20))];
        assert_eq!(mean_service_minutes(&served), Some(8.0));
    }

    #[test]
    fn a_clock_set_back_measures_nothing_rather_than_a_negative_time() {
        assert_eq!(seconds_between(at(9, 0), at(8, 59)), 0);
        assert_eq!(seconds_between(at(8, 59), at(9, 0)), 60);
    }

    #[test]
    fn the_median_of_an_even_number_of_waits_is_the_mean_of_the_middle_two() {
        assert_eq!(median_minutes(&[]), None);
        assert_eq!(mean_minutes(&[]), None);
        assert_eq!(median_minutes(&[600, 60, 300]), Some(5.0));
        assert_eq!(median_minutes(&[1200, 60, 300, 600]), Some(7.5));
        assert_eq!(mean_minutes(&[1200, 60, 300, 600]), Some(9.0));
    }

    #[test]
    fn every_day_of_the_range_has_both_lanes_and_only_hours_with_entries_are_listed() {
        let visits = [
            finished(walk_in(at(8, 0), at(8, 10), at(8, 10)), at(8, 16)),
            finished(walk_in(at(8, 30), at(8, 50), at(8, 50)), at(9, 0)),
            Visit {
                state: EntryState::NoShow,
                ..walk_in(at(9, 5), at(9, 35), at(9, 40))
            },
            Visit {
                lane: Lane::Appointment,
                ..finished(walk_in(at(8, 55), at(9, 1), at(9, 1)), at(9, 13))
            },
            Visit {
                state: EntryState::Parked,
                ..walk_in(at(9, 20), at(9, 45), at(9, 45))
            },
            waiting(at(10, 0)),
        ];
        let next_day = tuesday().succ_opt().unwrap();
        let report = report(&visits, tuesday(), next_day, BERLIN);

        assert_eq!(report.days.len(), 2);
        assert_eq!(report.days[1].date, next_day);
        assert!(
            report.days[1]
                .lanes
                .iter()
                .all(|lane| lane.called == 0 && lane.mean_wait_minutes.is_none())
        );
        let [appointments, walk_ins] = &report.totals[..] else {
            panic!("two lanes: {:?}", report.totals);
        };
        assert_eq!(appointments.lane, QueueLane::Appointment);
        assert_eq!(
            (
                appointments.called,
                appointments.served,
                appointments.no_shows
            ),
            (1, 1, 0)
        );
        assert_eq!(appointments.mean_wait_minutes, Some(6.0));
        assert_eq!(appointments.mean_service_minutes, Some(12.0));
        assert_eq!(walk_ins.lane, QueueLane::WalkIn);
        assert_eq!(
            (walk_ins.called, walk_ins.served, walk_ins.no_shows),
            (4, 2, 1)
        );
        // Waits 10, 20, 30 and 25 minutes; the parked one was called, not served.
        assert_eq!(walk_ins.mean_wait_minutes, Some(21.25));
        assert_eq!(walk_ins.median_wait_minutes, Some(22.5));
        assert_eq!(walk_ins.mean_service_minutes, Some(8.0));
        assert_eq!(report.days[0].lanes, report.totals);

        let hours: Vec<u8> = report.hours.iter().map(|h| h.hour).collect();
        assert_eq!(hours, [8, 9, 10], "office time, not UTC");
        let eight = &report.hours[0].lanes;
        assert_eq!((eight[0].called, eight[1].called), (1, 2));
        assert_eq!(eight[1].mean_wait_minutes, Some(15.0));
        assert_eq!(report.hours[2].lanes[1].called, 0);
    }

    #[test]
    fn the_hour_of_the_day_follows_summer_time_and_other_days_are_left_out() {
        let summer = BERLIN
            .with_ymd_and_hms(2026, 7, 1, 8, 30, 0)
            .unwrap()
            .to_utc();
        let july = summer.date_naive();
        let visits = [
            Visit {
                day: july,
                ..waiting(summer)
            },
            waiting(at(11, 0)),
        ];
        let report = report(&visits, july, july, BERLIN);
        assert_eq!(report.hours.len(), 1);
        assert_eq!(report.hours[0].hour, 8);
        assert_eq!(report.days.len(), 1);
    }
}
