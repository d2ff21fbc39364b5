//! What the waitlist form asks besides the citizen's details — services, offices, dates,
//! weekdays, times of day — as typed, and checked into the request the API takes.

use crate::browser::parse_time;
use crate::components::WEEKDAYS;
use crate::i18n::{Locale, Text};
use chrono::{Days, NaiveDate, Weekday};
use shared::bookings::Citizen;
use shared::ids::OfficeId;
use shared::selection::ServiceQuantity;
use shared::waitlist::{JoinWaitlist, TimesOfDay};
use std::collections::BTreeMap;

/// How far ahead the window reaches unless the citizen says otherwise.
pub const DEFAULT_WINDOW_DAYS: u64 = 60;

/// The parts of the wish, in the order of the form (also that of the error summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WishField {
    Services,
    Offices,
    Earliest,
    Latest,
    Weekdays,
    Times,
}

impl WishField {
    /// The id of the field (of the first one, where a part has several).
    pub fn id(self) -> &'static str {
        match self {
            WishField::Services => "waitlist-services",
            WishField::Offices => "waitlist-offices",
            WishField::Earliest => "waitlist-earliest",
            WishField::Latest => "waitlist-latest",
            WishField::Weekdays => "waitlist-weekday-0",
            WishField::Times => "waitlist-times-from",
        }
    }

    /// The part a 422's `errors[].field` names (`times.from` is the times).
    pub fn from_api(field: &str) -> Option<WishField> {
        match field.split(['.', '[']).next()? {
            "services" => Some(WishField::Services),
            "offices" => Some(WishField::Offices),
            "earliest" => Some(WishField::Earliest),
            "latest" => Some(WishField::Latest),
            "weekdays" => Some(WishField::Weekdays),
            "times" => Some(WishField::Times),
            _ => None,
        }
    }

    /// What to do when the server refused this part.
    pub fn refused_text(self) -> Text {
        match self {
            WishField::Services => Text::WaitlistErrServices,
            WishField::Offices => Text::WaitlistErrOffices,
            WishField::Earliest => Text::WaitlistErrEarliest,
            WishField::Latest => Text::WaitlistErrLatest,
            WishField::Weekdays => Text::WaitlistErrWeekdays,
            WishField::Times => Text::WaitlistErrTimesOrder,
        }
    }
}

/// The wish as the form holds it; dates and times as their inputs give them (`2026-12-01`,
/// `08:00`), empty when not given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wish {
    pub services: Vec<ServiceQuantity>,
    pub offices: Vec<OfficeId>,
    pub earliest: String,
    pub latest: String,
    pub weekdays: Vec<Weekday>,
    pub times_from: String,
    pub times_until: String,
}

/// What is wrong with a wish, part by part.
pub type WishErrors = BTreeMap<WishField, Text>;

/// The window a new form starts with: from `today` for [`DEFAULT_WINDOW_DAYS`] days.
pub fn default_window(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let latest = today
        .checked_add_days(Days::new(DEFAULT_WINDOW_DAYS))
        .unwrap_or(today);
    (today, latest)
}

/// The wish as a request to join, with the citizen's (already checked) details — or what is
/// wrong with it. `candidates` are the offices that keep a waitlist for the chosen services.
pub fn join_request(
    wish: &Wish,
    candidates: &[OfficeId],
    today: NaiveDate,
    citizen: Citizen,
    locale: Locale,
) -> Result<JoinWaitlist, WishErrors> {
    let mut errors = WishErrors::new();
    if wish.services.is_empty() {
        errors.insert(WishField::Services, Text::ChooseAtLeastOne);
    } else if candidates.is_empty() {
        errors.insert(WishField::Services, Text::WaitlistNoOffice);
    } else if !wish
        .offices
        .iter()
        .all(|office| candidates.contains(office))
    {
        errors.insert(WishField::Offices, Text::WaitlistErrOffices);
    }
    let earliest = wish
        .earliest
        .parse::<NaiveDate>()
        .ok()
        .filter(|date| *date >= today);
    if earliest.is_none() {
        errors.insert(WishField::Earliest, Text::WaitlistErrEarliest);
    }
    let latest = wish
        .latest
        .parse::<NaiveDate>()
        .ok()
        .filter(|date| earliest.is_none_or(|earliest| *date >= earliest));
    if latest.is_none() {
        errors.insert(WishField::Latest, Text::WaitlistErrLatest);
    }
    let times = times_of_day(&wish.times_from, &wish.times_until).unwrap_or_else(|text| {
        errors.insert(WishField::Times, text);
        None
    });
    let (Some(earliest), Some(latest), true) = (earliest, latest, errors.is_empty()) else {
        return Err(errors);
    };
    let mut offices = wish.offices.clone();
    offices.sort_unstable();
    offices.dedup();
    Ok(JoinWaitlist {
        services: wish.services.clone(),
        offices,
        earliest,
        latest,
        weekdays: WEEKDAYS
            .into_iter()
            .filter(|day| wish.weekdays.contains(day))
            .collect(),
        times,
        citizen,
        locale,
    })
}

/// Both times or none; the second after the first.
fn times_of_day(from: &str, until: &str) -> Result<Option<TimesOfDay>, Text> {
    match (from.trim(), until.trim()) {
        ("", "") => Ok(None),
        (from, until) => match (parse_time(from), parse_time(until)) {
            (Some(from), Some(until)) if from < until => Ok(Some(TimesOfDay { from, until })),
            (Some(_), Some(_)) => Err(Text::WaitlistErrTimesOrder),
            _ => Err(Text::WaitlistErrTimesIncomplete),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;
    use shared::ids::ServiceId;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn citizen() -> Citizen {
        Citizen {
            name: "Erika Mustermann".into(),
            email: "erika@example.org".into(),
            phone: None,
        }
    }

    fn wish() -> Wish {
        Wish {
            services: vec![ServiceQuantity {
                service_id: ServiceId(1),
                quantity: 2,
            }],
            offices: vec![OfficeId(2)],
            earliest: "2026-12-01".into(),
            latest: "2026-12-31".into(),
            weekdays: Vec::new(),
            times_from: String::new(),
            times_until: String::new(),
        }
    }

    const TODAY: &str = "2026-11-30";
    const CANDIDATES: [OfficeId; 2] = [OfficeId(1), OfficeId(2)];

    fn request(wish: &Wish) -> Result<JoinWaitlist, WishErrors> {
        join_request(wish, &CANDIDATES, date(TODAY), citizen(), Locale::En)
    }

    #[test]
    fn a_complete_wish_becomes_the_request_with_weekdays_in_order_and_times() {
        let wish = Wish {
            weekdays: vec![Weekday::Thu, Weekday::Mon],
            times_from: "08:00".into(),
            times_until: "12:00".into(),
            ..wish()
        };
        let join = request(&wish).unwrap();
        assert_eq!(join.services, wish.services);
        assert_eq!(join.offices, [OfficeId(2)]);
        assert_eq!(
            (join.earliest, join.latest),
            (date("2026-12-01"), date("2026-12-31"))
        );
        assert_eq!(join.weekdays, [Weekday::Mon, Weekday::Thu]);
        let times = join.times.unwrap();
        assert_eq!(times.from, NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        assert_eq!(times.until, NaiveTime::from_hms_opt(12, 0, 0).unwrap());
        assert_eq!(join.locale, Locale::En);
        assert_eq!(join.citizen.name, "Erika Mustermann");
    }

    #[test]
    fn no_offices_weekdays_or_times_are_sent_as_none_meaning_any() {
        let join = request(&Wish {
            offices: Vec::new(),
            ..wish()
        })
        .unwrap();
        assert!(join.offices.is_empty() && join.weekdays.is_empty() && join.times.is_none());
    }

    #[test]
    fn a_window_starting_in_the_past_or_ending_before_it_starts_is_refused_at_its_dates() {
        let errors = request(&Wish {
            earliest: "2026-11-29".into(),
            ..wish()
        })
        .unwrap_err();
        assert_eq!(
            errors.get(&WishField::Earliest),
            Some(&Text::WaitlistErrEarliest)
        );
        let errors = request(&Wish {
            latest: "2026-11-30".into(),
            ..wish()
        })
        .unwrap_err();
        assert_eq!(errors.keys().collect::<Vec<_>>(), [&WishField::Latest]);
        let errors = request(&Wish {
            earliest: String::new(),
            latest: "nonsense".into(),
            ..wish()
        })
        .unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn times_need_both_ends_in_order() {
        let only_from = Wish {
            times_from: "08:00".into(),
            ..wish()
        };
        assert_eq!(
            request(&only_from).unwrap_err()[&WishField::Times],
            Text::WaitlistErrTimesIncomplete
        );
        let backwards = Wish {
            times_from: "12:00".into(),
            times_until: "08:00".into(),
            ..wish()
        };
        assert_eq!(
            request(&backwards).unwrap_err()[&WishField::Times],
            Text::WaitlistErrTimesOrder
        );
    }

    #[test]
    fn services_are_needed_and_must_have_an_office_keeping_a_waitlist() {
        let none = Wish {
            services: Vec::new(),
            ..wish()
        };
        assert_eq!(
            request(&none).unwrap_err()[&WishField::Services],
            Text::ChooseAtLeastOne
        );
        let nowhere = join_request(&wish(), &[], date(TODAY), citizen(), Locale::De);
        assert_eq!(
            nowhere.unwrap_err()[&WishField::Services],
            Text::WaitlistNoOffice
        );
        let elsewhere = Wish {
            offices: vec![OfficeId(9)],
            ..wish()
        };
        assert!(
            request(&elsewhere)
                .unwrap_err()
                .contains_key(&WishField::Offices)
        );
    }

    #[test]
    fn the_window_starts_today_and_reaches_sixty_days_ahead() {
        assert_eq!(
            default_window(date("2026-12-01")),
            (date("2026-12-01"), date("2027-01-30"))
        );
    }

    #[test]
    fn the_server_s_field_names_point_at_the_parts_of_the_wish() {
        assert_eq!(WishField::from_api("times.from"), Some(WishField::Times));
        assert_eq!(WishField::from_api("offices[0]"), Some(WishField::Offices));
        assert_eq!(WishField::from_api("earliest"), Some(WishField::Earliest));
        assert_eq!(WishField::from_api("citizen.email"), None);
    }
}
