//! Anonymous statistics of one office: per day and in total the bookings, cancellations by
//! citizen and office, no-shows and their rate, and the utilisation of the online capacity
//! the opening rules offered; plus the call queue's measured waiting and service times per
//! lane, day and hour (`domain::queue_figures`). No personal data is read.

use crate::domain::queue_figures;
use crate::domain::schedule::Channel;
use crate::domain::state::AppointmentState;
use crate::scheduling::availability::local_days_in_utc;
use crate::scheduling::setup::OfficeSetup;
use crate::scheduling::{Error, Result, field};
use crate::store::{Tx, call_queue, count, staff_appointments};
use chrono::{DateTime, NaiveDate, Utc};
use shared::admin::{DayStatistics, OfficeStatistics, QueueFigures, StatisticsCounts};
use shared::call_queue::QueueLane;
use shared::ids::OfficeId;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Longest range one statistics request may cover.
pub const MAX_STATISTICS_DAYS: i64 = 366;

/// Raw counts of one day; rates are derived at the end.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    bookings: u32,
    cancelled_by_citizen: u32,
    cancelled_by_office: u32,
    no_shows: u32,
    online_booked_units: u32,
    staff_booked_units: u32,
    offered_online_units: u32,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.bookings += other.bookings;
        self.cancelled_by_citizen += other.cancelled_by_citizen;
        self.cancelled_by_office += other.cancelled_by_office;
        self.no_shows += other.no_shows;
        self.online_booked_units += other.online_booked_units;
        self.staff_booked_units += other.staff_booked_units;
        self.offered_online_units += other.offered_online_units;
    }

    fn counts(&self) -> StatisticsCounts {
        let kept = self.bookings - self.cancelled_by_citizen - self.cancelled_by_office;
        let ratio = |part: u32, whole: u32| (whole > 0).then(|| f64::from(part) / f64::from(whole));
        StatisticsCounts {
            bookings: self.bookings,
            cancelled_by_citizen: self.cancelled_by_citizen,
            cancelled_by_office: self.cancelled_by_office,
            no_shows: self.no_shows,
            no_show_rate: ratio(self.no_shows, kept),
            online_booked_units: self.online_booked_units,
            staff_booked_units: self.staff_booked_units,
            offered_online_units: self.offered_online_units,
            utilisation: ratio(self.online_booked_units, self.offered_online_units),
        }
    }
}

/// `GET /admin/offices/{office_id}/statistics` (and the CSV): the office's numbers of the
/// days `from..=to`, at most [`MAX_STATISTICS_DAYS`].
#[tracing::instrument(skip_all, fields(office_id = setup.office.id))]
pub async fn statistics(
    tx: &mut Tx,
    setup: &OfficeSetup,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<OfficeStatistics> {
    if to < from || (to - from).num_days() >= MAX_STATISTICS_DAYS {
        return Err(Error::Invalid(vec![field(
            "to",
            "invalid_range",
            format!("`to` must be on or after `from`, at most {MAX_STATISTICS_DAYS} days later"),
        )]));
    }
    let mut days: BTreeMap<NaiveDate, Tally> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| (d, Tally::default()))
        .collect();
    let closures = setup.closures(tx, from, to).await?;
    let calendar = setup.calendar(&closures);
    for (date, tally) in &mut days {
        tally.offered_online_units = calendar
            .day(*date)
            .windows
            .iter()
            .flatten()
            .map(|unit| unit.online_capacity)
            .sum();
    }
    let (start, end) = local_days_in_utc(setup, from, to);
    for row in staff_appointments::for_statistics(tx, setup.id(), start, end).await? {
        let lapsed = row.status == AppointmentState::PendingActivation
            && row.expires_at.is_some_and(|at| at <= now);
        let Some(tally) = days.get_mut(&setup.today(row.start_at)) else {
            continue;
        };
        if lapsed || row.status == AppointmentState::Held {
            continue;
        }
        tally.bookings += 1;
        match row.status {
            AppointmentState::CancelledByCitizen => tally.cancelled_by_citizen += 1,
            AppointmentState::CancelledByOffice => tally.cancelled_by_office += 1,
            status => {
                if status == AppointmentState::NoShow {
                    tally.no_shows += 1;
                }
                let units = count(row.units, "appointment units")?;
                match row.channel {
                    Channel::Staff => tally.staff_booked_units += units,
                    Channel::Online => tally.online_booked_units += units,
                }
            }
        }
    }
    let mut total = Tally::default();
    for tally in days.values() {
        total.add(tally);
    }
    let visits = call_queue::visits_between(tx, setup.id(), from, to).await?;
    let queue = queue_figures::report(&visits, from, to, setup.time_zone);
    Ok(OfficeStatistics {
        office_id: OfficeId(setup.id()),
        from,
        to,
        days: days
            .iter()
            .map(|(date, tally)| DayStatistics {
                date: *date,
                counts: tally.counts(),
            })
            .collect(),
        totals: total.counts(),
        queue_days: queue.days,
        queue_hours: queue.hours,
        queue_totals: queue.totals,
    })
}

/// The per-day statistics as CSV (RFC 4180): one line per day, then the totals.
pub fn csv(statistics: &OfficeStatistics) -> String {
    let mut out = String::from(
        "date,bookings,cancelled_by_citizen,cancelled_by_office,no_shows,no_show_rate,\
         online_booked_units,staff_booked_units,offered_online_units,utilisation\r\n",
    );
    let rate = |value: Option<f64>| value.map_or(String::new(), |v| format!("{v:.4}"));
    let rows = statistics
        .days
        .iter()
        .map(|day| (day.date.to_string(), &day.counts))
        .chain(std::iter::once(("total".to_owned(), &statistics.totals)));
    for (label, c) in rows {
        let _ = write!(
            out,
            "{label},{},{},{},{},{},{},{},{},{}\r\n",
            c.bookings,
            c.cancelled_by_citizen,
            c.cancelled_by_office,
            c.no_shows,
            rate(c.no_show_rate),
            c.online_booked_units,
            c.staff_booked_units,
            c.offered_online_units,
            rate(c.utilisation),
        );
    }
    out
}

/// The call queue's figures as CSV (RFC 4180): one line per lane of every day (`day`, the
/// date), of every hour of the day with entries (`hour`, 0–23 office time) and of the range
/// (`total`, no key). Minutes with two decimals; empty where nothing was measured.
pub fn queue_csv(statistics: &OfficeStatistics) -> String {
    let mut out = String::from(
        "group,key,lane,called,served,no_shows,mean_wait_minutes,median_wait_minutes,\
         mean_service_minutes\r\n",
    );
    let minutes = |value: Option<f64>| value.map_or(String::new(), |v| format!("{v:.2}"));
    let groups = statistics
        .queue_days
        .iter()
        .map(|day| ("day", day.date.to_string(), &day.lanes))
        .chain(
            statistics
                .queue_hours
                .iter()
                .map(|hour| ("hour", hour.hour.to_string(), &hour.lanes)),
        )
        .chain(std::iter::once((
            "total",
            String::new(),
            &statistics.queue_totals,
        )));
    for (group, key, lanes) in groups {
        for figures in lanes {
            let QueueFigures {
                lane,
                called,
                served,
                no_shows,
                mean_wait_minutes,
                median_wait_minutes,
                mean_service_minutes,
            } = figures;
            let lane = match lane {
                QueueLane::Appointment => "appointment",
                QueueLane::WalkIn => "walk_in",
            };
            let _ = write!(
                out,
                "{group},{key},{lane},{called},{served},{no_shows},{},{},{}\r\n",
                minutes(*mean_wait_minutes),
                minutes(*median_wait_minutes),
                minutes(*mean_service_minutes),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_leave_out_cancelled_appointments_and_days_without_capacity() {
        let tally = Tally {
            bookings: 5,
            cancelled_by_citizen: 1,
            cancelled_by_office: 0,
            no_shows: 1,
            online_booked_units: 6,
            staff_booked_units: 2,
            offered_online_units: 24,
        };
        let counts = tally.counts();
        assert_eq!(counts.no_show_rate, Some(0.25));
        assert_eq!(counts.utilisation, Some(0.25));
        let empty = Tally::default().counts();
        assert_eq!((empty.no_show_rate, empty.utilisation), (None, None));
    }
}
