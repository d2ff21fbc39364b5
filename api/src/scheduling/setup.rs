//! One office's scheduling configuration — booking rules, opening rules, offered services —
//! loaded in one go and turned into domain values.

use super::{Error, Result, field};
use crate::domain::holidays::GermanState;
use crate::domain::schedule::{Channel, Closure, OfficeCalendar, OpeningRule};
use crate::store::catalog::{self, ClosureRow, OfficeRow, OpeningRuleRow};
use crate::store::{StoreError, Tx, count};
use chrono::{DateTime, Duration, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use shared::problem::FieldError;
use shared::selection::ServiceQuantity;
use std::collections::BTreeMap;

/// A service as offered at one office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    pub units: u32,
    pub max_quantity: u32,
    pub online_bookable: bool,
}

/// Most services one appointment may list.
pub const MAX_SERVICES_PER_APPOINTMENT: usize = 10;

#[derive(Debug, Clone)]
pub struct OfficeSetup {
    pub office: OfficeRow,
    pub time_zone: Tz,
    pub state: GermanState,
    pub rules: Vec<OpeningRule>,
    /// By service id.
    pub offers: BTreeMap<i64, Offer>,
}

impl OfficeSetup {
    /// The configuration of an office that must exist: `Error::NotFound` (404) otherwise.
    pub async fn existing(tx: &mut Tx, office_id: i64) -> Result<OfficeSetup> {
        Self::load(tx, office_id).await?.ok_or(Error::NotFound)
    }

    /// The office's configuration, or `None` for an unknown office.
    pub async fn load(tx: &mut Tx, office_id: i64) -> Result<Option<OfficeSetup>> {
        let Some(office) = catalog::office(tx, office_id).await? else {
            return Ok(None);
        };
        let rules = catalog::opening_rules_of_office(tx, office_id).await?;
        let offers = catalog::offered_services(tx, office_id).await?;
        Ok(Some(OfficeSetup::from_rows(office, &rules, &offers)?))
    }

    /// The configurations of all offices (for "next free appointment anywhere").
    pub async fn load_all(tx: &mut Tx) -> Result<Vec<OfficeSetup>> {
        let offices = catalog::offices(tx).await?;
        let rules = catalog::opening_rules(tx).await?;
        let offers = catalog::all_offered_services(tx).await?;
        offices
            .into_iter()
            .map(|office| {
                let id = office.id;
                let rules: Vec<_> = rules
                    .iter()
                    .filter(|r| r.office_id == id)
                    .cloned()
                    .collect();
                let offers: Vec<_> = offers
                    .iter()
                    .filter(|o| o.office_id == id)
                    .cloned()
                    .collect();
                OfficeSetup::from_rows(office, &rules, &offers)
            })
            .collect()
    }

    fn from_rows(
        office: OfficeRow,
        rules: &[OpeningRuleRow],
        offers: &[catalog::OfferedServiceRow],
    ) -> Result<OfficeSetup> {
        let corrupt = |what: String| Error::Store(StoreError::Corrupt(what));
        let time_zone: Tz = office.time_zone.parse().map_err(|_| {
            corrupt(format!(
                "office {} time zone {}",
                office.id, office.time_zone
            ))
        })?;
        let state: GermanState = office
            .state
            .parse()
            .map_err(|_| corrupt(format!("office {} state {}", office.id, office.state)))?;
        let rules = rules.iter().map(opening_rule).collect::<Result<_>>()?;
        let offers = offers
            .iter()
            .map(|offer| {
                Ok((
                    offer.service_id,
                    Offer {
                        units: count(offer.units, "office_services.units")?,
                        max_quantity: count(offer.max_quantity, "services.max_quantity")?,
                        online_bookable: offer.online_bookable,
                    },
                ))
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(OfficeSetup {
            office,
            time_zone,
            state,
            rules,
            offers,
        })
    }

    pub fn id(&self) -> i64 {
        self.office.id
    }

    pub fn calendar<'a>(&'a self, closures: &'a [Closure]) -> OfficeCalendar<'a> {
        OfficeCalendar {
            time_zone: self.time_zone,
            state: self.state,
            rules: &self.rules,
            closures,
        }
    }

    /// The office's local date at `now`.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.time_zone).date_naive()
    }

    /// The last local date that can be booked online at `now`. With a daily release time, the
    /// day entering the horizon opens at that time instead of at midnight. (A day still to be
    /// drawn is withheld on top of this by `release::last_open_day`, which every availability
    /// applies to its free starts.)
    pub fn last_bookable_day(&self, now: DateTime<Utc>) -> NaiveDate {
        let local = now.with_timezone(&self.time_zone);
        let released_today = self
            .office
            .daily_release_time
            .is_none_or(|release| local.time() >= release);
        let horizon = self.office.horizon_days - i64::from(!released_today);
        local.date_naive() + Duration::days(horizon)
    }

    /// The earliest start that can be booked at `now`: staff may book anything still ahead,
    /// citizens only after the minimum notice.
    pub fn not_before(&self, now: DateTime<Utc>, channel: Channel) -> DateTime<Utc> {
        match channel {
            Channel::Staff => now,
            Channel::Online => now + Duration::minutes(self.office.min_notice_minutes),
        }
    }

    /// Whether this office offers every service of the selection.
    pub fn offers_all(&self, services: &[ServiceQuantity], channel: Channel) -> bool {
        services.iter().all(|s| {
            self.offers
                .get(&s.service_id.0)
                .is_some_and(|offer| channel == Channel::Staff || offer.online_bookable)
        })
    }

    /// Consecutive slot units the services take here: `sum(units × quantity)`. Checks that
    /// each service is offered (and bookable through the channel), quantities are within
    /// limits, and no service is listed twice. Errors name fields under `prefix`.
    pub fn units_needed(
        &self,
        services: &[ServiceQuantity],
        channel: Channel,
        prefix: &str,
    ) -> Result<u32, Vec<FieldError>> {
        let mut errors = Vec::new();
        if services.is_empty() {
            errors.push(field(prefix, "required", "choose at least one service"));
        }
        if services.len() > MAX_SERVICES_PER_APPOINTMENT {
            errors.push(field(
                prefix,
                "too_many",
                format!("choose at most {MAX_SERVICES_PER_APPOINTMENT} services per appointment"),
            ));
        }
        let mut total: u32 = 0;
        for (i, service) in services.iter().enumerate() {
            let here = format!("{prefix}[{i}]");
            if services[..i]
                .iter()
                .any(|s| s.service_id == service.service_id)
            {
                errors.push(field(
                    format!("{here}.service_id"),
                    "duplicate",
                    "list each service once and raise its quantity instead",
                ));
                continue;
            }
            let offer = match self.offers.get(&service.service_id.0) {
                Some(offer) if channel == Channel::Staff || offer.online_bookable => offer,
                Some(_) => {
                    errors.push(field(
                        format!("{here}.service_id"),
                        "not_bookable_online",
                        "this service cannot be booked online; please call the office",
                    ));
                    continue;
                }
                None => {
                    errors.push(field(
                        format!("{here}.service_id"),
                        "not_offered",
                        "this service is not offered at this office",
                    ));
                    continue;
                }
            };
            if service.quantity == 0 || service.quantity > offer.max_quantity {
                errors.push(field(
                    format!("{here}.quantity"),
                    "quantity_out_of_range",
                    format!("choose a quantity from 1 to {}", offer.max_quantity),
                ));
                continue;
            }
            total = total.saturating_add(offer.units.saturating_mul(service.quantity));
        }
        if errors.is_empty() {
            Ok(total)
        } else {
            Err(errors)
        }
    }

    /// Closures of this office touching `from..=to`, as local time ranges.
    pub async fn closures(
        &self,
        tx: &mut Tx,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Closure>> {
        let rows = catalog::closures_of_office(tx, self.id(), from, to).await?;
        Ok(rows.iter().flat_map(closure_ranges).collect())
    }
}

fn opening_rule(row: &OpeningRuleRow) -> Result<OpeningRule> {
    let weekdays = parse_weekdays(&row.weekdays).ok_or_else(|| {
        Error::Store(StoreError::Corrupt(format!(
            "opening rule {} weekdays {}",
            row.id, row.weekdays
        )))
    })?;
    Ok(OpeningRule {
        weekdays,
        valid_from: row.valid_from,
        valid_until: row.valid_until,
        opens: row.opens,
        closes: row.closes,
        slot_minutes: count(row.slot_minutes, "opening_rules.slot_minutes")?,
        counters: count(row.counters, "opening_rules.counters")?,
        offline_counters: count(row.offline_counters, "opening_rules.offline_counters")?,
    })
}

/// `mon,tue,thu` → weekdays; `None` if any part is not a weekday.
pub fn parse_weekdays(text: &str) -> Option<Vec<Weekday>> {
    text.split(',')
        .map(|day| day.trim().parse::<Weekday>().ok())
        .collect()
}

/// `[Mon, Tue]` → `mon,tue` (the stored form).
pub fn format_weekdays(days: &[Weekday]) -> String {
    days.iter()
        .map(|day| day.to_string().to_lowercase())
        .collect::<Vec<_>>()
        .join(",")
}

/// A stored closure as local ranges: one range for whole days, one per day for partial days.
fn closure_ranges(row: &ClosureRow) -> Vec<Closure> {
    match (row.from_time, row.until_time) {
        (Some(from), Some(until)) => row
            .starts_on
            .iter_days()
            .take_while(|day| *day <= row.ends_on)
            .map(|day| Closure {
                from: day.and_time(from),
                until: day.and_time(until),
            })
            .collect(),
        _ => vec![Closure {
            from: Closure::whole_day(row.starts_on).from,
            until: Closure::whole_day(row.ends_on).until,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_survive_the_stored_form() {
        let days = parse_weekdays("mon,tue,thu").unwrap();
        assert_eq!(days, vec![Weekday::Mon, Weekday::Tue, Weekday::Thu]);
        assert_eq!(format_weekdays(&days), "mon,tue,thu");
        assert!(parse_weekdays("mon,funday").is_none());
    }

    #[test]
    fn a_partial_closure_over_three_days_closes_each_day_separately() {
        let row = ClosureRow {
            id: 1,
            office_id: 1,
            starts_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            from_time: chrono::NaiveTime::from_hms_opt(10, 0, 0),
            until_time: chrono::NaiveTime::from_hms_opt(11, 0, 0),
            reason: String::new(),
        };
        let ranges = closure_ranges(&row);
        assert_eq!(ranges.len(), 3);
        assert_eq!(ranges[2].from.to_string(), "2026-12-03 10:00:00");
    }

    #[test]
    fn a_whole_day_closure_range_ends_at_midnight_after_its_last_day() {
        let row = ClosureRow {
            id: 1,
            office_id: 1,
            starts_on: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            from_time: None,
            until_time: None,
            reason: "Betriebsferien".into(),
        };
        let ranges = closure_ranges(&row);
        assert_eq!(ranges.len(), 1);
        assert_eq!(ranges[0].until.to_string(), "2027-01-01 00:00:00");
    }
}
