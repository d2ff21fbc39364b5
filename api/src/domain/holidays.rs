//! Public holidays of the 16 German Länder.
//!
//! Nothing is typed in per year: every holiday is a *rule* (fixed day of the
//! year, offset from Easter Sunday, or the Wednesday before 23 November) plus
//! the set of Länder that observe it and the years in which it applies. Easter
//! Sunday comes from the anonymous Gregorian (Gauss/Meeus) algorithm.
//!
//! Simplifications (all in favour of "the office is open"):
//! * Only Land-wide holidays are modelled. Holidays of single communes or
//!   regions are left out: Mariä Himmelfahrt (15 August) in the Catholic
//!   communes of Bayern (it is included for Saarland only), Fronleichnam in
//!   parts of Sachsen and Thüringen, the Augsburger Friedensfest.
//! * Current law is applied backwards, except for the introduction years in
//!   the table (Reformationstag in HB/HH/NI/SH since 2018, Weltkindertag in TH
//!   since 2019, Frauentag in BE since 2019 and MV since 2023, Tag der
//!   Deutschen Einheit since 1990) and the one-off holidays that are listed
//!   (Reformationstag 2017 nationwide, 8 May 2020 and 2025 in Berlin).
//!   Buß- und Bettag is therefore Sachsen-only in every year.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A German Land, (de)serialised and parsed as its ISO 3166-2 suffix code
/// (`"BY"` for `DE-BY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GermanState {
    #[serde(rename = "BW")]
    BadenWuerttemberg,
    #[serde(rename = "BY")]
    Bayern,
    #[serde(rename = "BE")]
    Berlin,
    #[serde(rename = "BB")]
    Brandenburg,
    #[serde(rename = "HB")]
    Bremen,
    #[serde(rename = "HH")]
    Hamburg,
    #[serde(rename = "HE")]
    Hessen,
    #[serde(rename = "MV")]
    MecklenburgVorpommern,
    #[serde(rename = "NI")]
    Niedersachsen,
    #[serde(rename = "NW")]
    NordrheinWestfalen,
    #[serde(rename = "RP")]
    RheinlandPfalz,
    #[serde(rename = "SL")]
    Saarland,
    #[serde(rename = "SN")]
    Sachsen,
    #[serde(rename = "ST")]
    SachsenAnhalt,
    #[serde(rename = "SH")]
    SchleswigHolstein,
    #[serde(rename = "TH")]
    Thueringen,
}

/// Parsing a [`GermanState`] from something that is not one of the 16 codes.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "unknown German state code {0:?} (expected one of BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH)"
)]
pub struct UnknownState(pub String);

impl GermanState {
    /// All 16 Länder in the order of their codes' listing in ISO 3166-2:DE.
    pub const ALL: [GermanState; 16] = [
        GermanState::BadenWuerttemberg,
        GermanState::Bayern,
        GermanState::Berlin,
        GermanState::Brandenburg,
        GermanState::Bremen,
        GermanState::Hamburg,
        GermanState::Hessen,
        GermanState::MecklenburgVorpommern,
        GermanState::Niedersachsen,
        GermanState::NordrheinWestfalen,
        GermanState::RheinlandPfalz,
        GermanState::Saarland,
        GermanState::Sachsen,
        GermanState::SachsenAnhalt,
        GermanState::SchleswigHolstein,
        GermanState::Thueringen,
    ];

    /// The ISO 3166-2 suffix code, e.g. `"NW"`.
    pub fn as_code(self) -> &'static str {
        match self {
            GermanState::BadenWuerttemberg => "BW",
            GermanState::Bayern => "BY",
            GermanState::Berlin => "BE",
            GermanState::Brandenburg => "BB",
            GermanState::Bremen => "HB",
            GermanState::Hamburg => "HH",
            GermanState::Hessen => "HE",
            GermanState::MecklenburgVorpommern => "MV",
            GermanState::Niedersachsen => "NI",
            GermanState::NordrheinWestfalen => "NW",
            GermanState::RheinlandPfalz => "RP",
            GermanState::Saarland => "SL",
            GermanState::Sachsen => "SN",
            GermanState::SachsenAnhalt => "ST",
            GermanState::SchleswigHolstein => "SH",
            GermanState::Thueringen => "TH",
        }
    }

    /// The German name of the Land, e.g. `"Nordrhein-Westfalen"`.
    pub fn name_de(self) -> &'static str {
        match self {
            GermanState::BadenWuerttemberg => "Baden-Württemberg",
            GermanState::Bayern => "Bayern",
            GermanState::Berlin => "Berlin",
            GermanState::Brandenburg => "Brandenburg",
            GermanState::Bremen => "Bremen",
            GermanState::Hamburg => "Hamburg",
            GermanState::Hessen => "Hessen",
            GermanState::MecklenburgVorpommern => "Mecklenburg-Vorpommern",
            GermanState::Niedersachsen => "Niedersachsen",
            GermanState::NordrheinWestfalen => "Nordrhein-Westfalen",
            GermanState::RheinlandPfalz => "Rheinland-Pfalz",
            GermanState::Saarland => "Saarland",
            GermanState::Sachsen => "Sachsen",
            GermanState::SachsenAnhalt => "Sachsen-Anhalt",
            GermanState::SchleswigHolstein => "Schleswig-Holstein",
            GermanState::Thueringen => "Thüringen",
        }
    }
}

impl fmt::Display for GermanState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_code())
    }
}

impl FromStr for GermanState {
    type Err = UnknownState;

    /// Accepts the code case-insensitively, optionally with the `DE-` prefix
    /// (`"nw"`, `"NW"`, `"DE-NW"`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        let code = match trimmed.get(..3) {
            Some(prefix) if prefix.eq_ignore_ascii_case("DE-") => &trimmed[3..],
            _ => trimmed,
        };
        GermanState::ALL
            .into_iter()
            .find(|state| state.as_code().eq_ignore_ascii_case(code))
            .ok_or_else(|| UnknownState(s.to_owned()))
    }
}

/// A public holiday on a concrete date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name_de: &'static str,
    pub name_en: &'static str,
}

/// Easter Sunday (Gregorian calendar) by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher, a refinement of Gauss's). `None` only for years
/// outside chrono's date range.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// How the date of a holiday is determined in a given year.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Same month and day every year.
    Fixed { month: u32, day: u32 },
    /// Days after (negative: before) Easter Sunday.
    Easter(i64),
    /// Buß- und Bettag: the last Wednesday strictly before 23 November.
    WednesdayBeforeNov23,
}

impl Rule {
    fn date_in(self, year: i32) -> Option<NaiveDate> {
        match self {
            Rule::Fixed { month, day } => NaiveDate::from_ymd_opt(year, month, day),
            Rule::Easter(offset) => {
                let easter = easter_sunday(year)?;
                if offset >= 0 {
                    easter.checked_add_days(Days::new(offset.unsigned_abs()))
                } else {
                    easter.checked_sub_days(Days::new(offset.unsigned_abs()))
                }
            }
            Rule::WednesdayBeforeNov23 => {
                let nov22 = NaiveDate::from_ymd_opt(year, 11, 22)?;
                let back = (nov22.weekday().num_days_from_monday() + 7
                    - Weekday::Wed.num_days_from_monday())
                    % 7;
                nov22.checked_sub_days(Days::new(u64::from(back)))
            }
        }
    }
}

/// In which years a table row applies.
#[derive(Debug, Clone, Copy)]
enum Years {
    Always,
    Since(i32),
    Only(i32),
}

impl Years {
    fn contains(self, year: i32) -> bool {
        match self {
            Years::Always => true,
            Years::Since(first) => year >= first,
            Years::Only(only) => year == only,
        }
    }
}

struct HolidayRule {
    rule: Rule,
    states: &'static [GermanState],
    years: Years,
    name_de: &'static str,
    name_en: &'static str,
}

mod code {
    use super::GermanState;
    pub const BW: GermanState = GermanState::BadenWuerttemberg;
    pub const BY: GermanState = GermanState::Bayern;
    pub const BE: GermanState = GermanState::Berlin;
    pub const BB: GermanState = GermanState::Brandenburg;
    pub const HB: GermanState = GermanState::Bremen;
    pub const HH: GermanState = GermanState::Hamburg;
    pub const HE: GermanState = GermanState::Hessen;
    pub const MV: GermanState = GermanState::MecklenburgVorpommern;
    pub const NI: GermanState = GermanState::Niedersachsen;
    pub const NW: GermanState = GermanState::NordrheinWestfalen;
    pub const RP: GermanState = GermanState::RheinlandPfalz;
    pub const SL: GermanState = GermanState::Saarland;
    pub const SN: GermanState = GermanState::Sachsen;
    pub const ST: GermanState = GermanState::SachsenAnhalt;
    pub const SH: GermanState = GermanState::SchleswigHolstein;
    pub const TH: GermanState = GermanState::Thueringen;
}

const fn fixed(month: u32, day: u32) -> Rule {
    Rule::Fixed { month, day }
}

/// The holiday table. A holiday may appear in several rows when Länder
/// introduced it in different years; rows never overlap for a state and year.
const HOLIDAYS: &[HolidayRule] = {
    use code::*;
    const ALL: &[GermanState] = &GermanState::ALL;
    &[
        HolidayRule {
            rule: fixed(1, 1),
            states: ALL,
            years: Years::Always,
            name_de: "Neujahr",
            name_en: "New Year's Day",
        },
        HolidayRule {
            rule: fixed(1, 6),
            states: &[BW, BY, ST],
            years: Years::Always,
            name_de: "Heilige Drei Könige",
            name_en: "Epiphany",
        },
        HolidayRule {
            rule: fixed(3, 8),
            states: &[BE],
            years: Years::Since(2019),
            name_de: "Internationaler Frauentag",
            name_en: "International Women's Day",
        },
        HolidayRule {
            rule: fixed(3, 8),
            states: &[MV],
            years: Years::Since(2023),
            name_de: "Internationaler Frauentag",
            name_en: "International Women's Day",
        },
        HolidayRule {
            rule: Rule::Easter(-2),
            states: ALL,
            years: Years::Always,
            name_de: "Karfreitag",
            name_en: "Good Friday",
        },
        HolidayRule {
            rule: Rule::Easter(0),
            states: &[BB],
            years: Years::Always,
            name_de: "Ostersonntag",
            name_en: "Easter Sunday",
        },
        HolidayRule {
            rule: Rule::Easter(1),
            states: ALL,
            years: Years::Always,
            name_de: "Ostermontag",
            name_en: "Easter Monday",
        },
        HolidayRule {
            rule: fixed(5, 1),
            states: ALL,
            years: Years::Always,
            name_de: "Tag der Arbeit",
            name_en: "Labour Day",
        },
        HolidayRule {
            rule: fixed(5, 8),
            states: &[BE],
            years: Years::Only(2020),
            name_de: "75. Jahrestag der Befreiung vom Nationalsozialismus",
            name_en: "75th anniversary of the liberation from National Socialism",
        },
        HolidayRule {
            rule: fixed(5, 8),
            states: &[BE],
            years: Years::Only(2025),
            name_de: "80. Jahrestag der Befreiung vom Nationalsozialismus",
            name_en: "80th anniversary of the liberation from National Socialism",
        },
        HolidayRule {
            rule: Rule::Easter(39),
            states: ALL,
            years: Years::Always,
            name_de: "Christi Himmelfahrt",
            name_en: "Ascension Day",
        },
        HolidayRule {
            rule: Rule::Easter(49),
            states: &[BB],
            years: Years::Always,
            name_de: "Pfingstsonntag",
            name_en: "Whit Sunday",
        },
        HolidayRule {
            rule: Rule::Easter(50),
            states: ALL,
            years: Years::Always,
            name_de: "Pfingstmontag",
            name_en: "Whit Monday",
        },
        HolidayRule {
            rule: Rule::Easter(60),
            states: &[BW, BY, HE, NW, RP, SL],
            years: Years::Always,
            name_de: "Fronleichnam",
            name_en: "Corpus Christi",
        },
        HolidayRule {
            rule: fixed(8, 15),
            states: &[SL],
            years: Years::Always,
            name_de: "Mariä Himmelfahrt",
            name_en: "Assumption Day",
        },
        HolidayRule {
            rule: fixed(9, 20),
            states: &[TH],
            years: Years::Since(2019),
            name_de: "Weltkindertag",
            name_en: "World Children's Day",
        },
        HolidayRule {
            rule: fixed(10, 3),
            states: ALL,
            years: Years::Since(1990),
            name_de: "Tag der Deutschen Einheit",
            name_en: "German Unity Day",
        },
        HolidayRule {
            rule: fixed(10, 31),
            states: &[BB, MV, SN, ST, TH],
            years: Years::Always,
            name_de: "Reformationstag",
            name_en: "Reformation Day",
        },
        HolidayRule {
            rule: fixed(10, 31),
            states: &[HB, HH, NI, SH],
            years: Years::Since(2018),
            name_de: "Reformationstag",
            name_en: "Reformation Day",
        },
        HolidayRule {
            // 500th anniversary of the Reformation: nationwide once.
            rule: fixed(10, 31),
            states: &[BW, BY, BE, HB, HH, HE, NI, NW, RP, SL, SH],
            years: Years::Only(2017),
            name_de: "Reformationstag",
            name_en: "Reformation Day",
        },
        HolidayRule {
            rule: fixed(11, 1),
            states: &[BW, BY, NW, RP, SL],
            years: Years::Always,
            name_de: "Allerheiligen",
            name_en: "All Saints' Day",
        },
        HolidayRule {
            rule: Rule::WednesdayBeforeNov23,
            states: &[SN],
            years: Years::Always,
            name_de: "Buß- und Bettag",
            name_en: "Day of Repentance and Prayer",
        },
        HolidayRule {
            rule: fixed(12, 25),
            states: ALL,
            years: Years::Always,
            name_de: "1. Weihnachtstag",
            name_en: "Christmas Day",
        },
        HolidayRule {
            rule: fixed(12, 26),
            states: ALL,
            years: Years::Always,
            name_de: "2. Weihnachtstag",
            name_en: "Second Day of Christmas",
        },
    ]
};

/// The public holidays of `state` in `year`, sorted by date. Empty for years
/// outside chrono's date range.
pub fn public_holidays(state: GermanState, year: i32) -> Vec<Holiday> {
    let mut holidays: Vec<Holiday> = HOLIDAYS
        .iter()
        .filter(|row| row.years.contains(year) && row.states.contains(&state))
        .filter_map(|row| {
            Some(Holiday {
                date: row.rule.date_in(year)?,
                name_de: row.name_de,
                name_en: row.name_en,
            })
        })
        .collect();
    holidays.sort_by_key(|holiday| holiday.date);
    holidays
}

/// The public holiday of `state` on `date`, if there is one.
pub fn holiday_on(state: GermanState, date: NaiveDate) -> Option<Holiday> {
    public_holidays(state, date.year())
        .into_iter()
        .find(|holiday| holiday.date == date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, StrDeserializer};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn dates(state: GermanState, year: i32) -> Vec<NaiveDate> {
        public_holidays(state, year)
            .into_iter()
            .map(|h| h.date)
            .collect()
    }

    fn has(state: GermanState, d: NaiveDate, name_de: &str) -> bool {
        holiday_on(state, d).is_some_and(|h| h.name_de == name_de)
    }

    #[test]
    fn easter_sunday_2024_is_march_31() {
        assert_eq!(easter_sunday(2024), Some(date(2024, 3, 31)));
    }

    #[test]
    fn easter_sunday_2025_is_april_20() {
        assert_eq!(easter_sunday(2025), Some(date(2025, 4, 20)));
    }

    #[test]
    fn easter_sunday_2026_is_april_5() {
        assert_eq!(easter_sunday(2026), Some(date(2026, 4, 5)));
    }

    #[test]
    fn easter_sunday_2027_is_march_28() {
        assert_eq!(easter_sunday(2027), Some(date(2027, 3, 28)));
    }

    #[test]
    fn easter_sunday_matches_the_extreme_historic_dates() {
        // Earliest possible (22 March) and latest possible (25 April).
        assert_eq!(easter_sunday(1818), Some(date(1818, 3, 22)));
        assert_eq!(easter_sunday(2285), Some(date(2285, 3, 22)));
        assert_eq!(easter_sunday(1943), Some(date(1943, 4, 25)));
        assert_eq!(easter_sunday(2038), Some(date(2038, 4, 25)));
    }

    #[test]
    fn nordrhein_westfalen_2026_has_exactly_the_eleven_expected_holidays() {
        let expected = [
            (1, 1),
            (4, 3),
            (4, 6),
            (5, 1),
            (5, 14),
            (5, 25),
            (6, 4),
            (10, 3),
            (11, 1),
            (12, 25),
            (12, 26),
        ]
        .map(|(m, d)| date(2026, m, d));
        assert_eq!(dates(GermanState::NordrheinWestfalen, 2026), expected);
    }

    #[test]
    fn holidays_are_sorted_by_date_and_unique_for_every_state() {
        for state in GermanState::ALL {
            for year in [2017, 2018, 2019, 2020, 2023, 2025, 2026, 2030] {
                let list = dates(state, year);
                assert!(list.windows(2).all(|w| w[0] < w[1]), "{state} {year}");
            }
        }
    }

    #[test]
    fn every_state_has_the_nine_nationwide_holidays() {
        for state in GermanState::ALL {
            assert!(public_holidays(state, 2026).len() >= 9, "{state}");
            for (m, d, name) in [
                (1, 1, "Neujahr"),
                (4, 3, "Karfreitag"),
                (4, 6, "Ostermontag"),
                (5, 1, "Tag der Arbeit"),
                (5, 14, "Christi Himmelfahrt"),
                (5, 25, "Pfingstmontag"),
                (10, 3, "Tag der Deutschen Einheit"),
                (12, 25, "1. Weihnachtstag"),
                (12, 26, "2. Weihnachtstag"),
            ] {
                assert!(has(state, date(2026, m, d), name), "{state} {name}");
            }
        }
    }

    #[test]
    fn corpus_christi_is_a_holiday_in_bavaria_but_not_in_berlin() {
        assert!(has(GermanState::Bayern, date(2026, 6, 4), "Fronleichnam"));
        assert_eq!(holiday_on(GermanState::Berlin, date(2026, 6, 4)), None);
    }

    #[test]
    fn epiphany_only_in_baden_wuerttemberg_bavaria_and_saxony_anhalt() {
        let observers: Vec<_> = GermanState::ALL
            .into_iter()
            .filter(|&s| holiday_on(s, date(2026, 1, 6)).is_some())
            .map(GermanState::as_code)
            .collect();
        assert_eq!(observers, ["BW", "BY", "ST"]);
    }

    #[test]
    fn easter_and_whit_sunday_are_listed_only_for_brandenburg() {
        for state in GermanState::ALL {
            let listed = has(state, date(2026, 4, 5), "Ostersonntag")
                && has(state, date(2026, 5, 24), "Pfingstsonntag");
            assert_eq!(listed, state == GermanState::Brandenburg, "{state}");
        }
    }

    #[test]
    fn womens_day_in_berlin_and_since_2023_in_mecklenburg_vorpommern() {
        let d = |y| date(y, 3, 8);
        assert!(has(
            GermanState::Berlin,
            d(2026),
            "Internationaler Frauentag"
        ));
        assert!(has(
            GermanState::MecklenburgVorpommern,
            d(2023),
            "Internationaler Frauentag"
        ));
        assert_eq!(
            holiday_on(GermanState::MecklenburgVorpommern, d(2022)),
            None
        );
        assert_eq!(holiday_on(GermanState::Hamburg, d(2026)), None);
    }

    #[test]
    fn world_childrens_day_in_thuringia_since_2019() {
        assert!(has(
            GermanState::Thueringen,
            date(2019, 9, 20),
            "Weltkindertag"
        ));
        assert_eq!(holiday_on(GermanState::Thueringen, date(2018, 9, 20)), None);
        assert_eq!(holiday_on(GermanState::Sachsen, date(2026, 9, 20)), None);
    }

    #[test]
    fn reformation_day_in_the_north_since_2018_and_nationwide_in_2017() {
        let d = |y| date(y, 10, 31);
        assert!(has(GermanState::Hamburg, d(2018), "Reformationstag"));
        assert_eq!(holiday_on(GermanState::Hamburg, d(2016)), None);
        assert!(has(GermanState::Sachsen, d(2016), "Reformationstag"));
        assert_eq!(holiday_on(GermanState::Bayern, d(2026)), None);
        for state in GermanState::ALL {
            assert!(has(state, d(2017), "Reformationstag"), "{state}");
        }
    }

    #[test]
    fn all_saints_day_only_in_the_catholic_west_and_south() {
        let observers: Vec<_> = GermanState::ALL
            .into_iter()
            .filter(|&s| has(s, date(2026, 11, 1), "Allerheiligen"))
            .map(GermanState::as_code)
            .collect();
        assert_eq!(observers, ["BW", "BY", "NW", "RP", "SL"]);
    }

    #[test]
    fn assumption_day_is_a_holiday_in_saarland_only() {
        assert!(has(
            GermanState::Saarland,
            date(2026, 8, 15),
            "Mariä Himmelfahrt"
        ));
        assert_eq!(holiday_on(GermanState::Bayern, date(2026, 8, 15)), None);
    }

    #[test]
    fn day_of_repentance_is_the_wednesday_before_november_23_in_saxony() {
        assert!(has(
            GermanState::Sachsen,
            date(2026, 11, 18),
            "Buß- und Bettag"
        ));
        assert!(has(
            GermanState::Sachsen,
            date(2025, 11, 19),
            "Buß- und Bettag"
        ));
        // 23 November 2022 was a Wednesday: the holiday is a week earlier.
        assert!(has(
            GermanState::Sachsen,
            date(2022, 11, 16),
            "Buß- und Bettag"
        ));
        assert_eq!(holiday_on(GermanState::Bayern, date(2026, 11, 18)), None);
    }

    #[test]
    fn berlin_had_liberation_day_only_in_2020_and_2025() {
        assert!(holiday_on(GermanState::Berlin, date(2020, 5, 8)).is_some());
        assert!(holiday_on(GermanState::Berlin, date(2025, 5, 8)).is_some());
        assert_eq!(holiday_on(GermanState::Berlin, date(2026, 5, 8)), None);
    }

    #[test]
    fn an_ordinary_working_day_is_no_holiday() {
        for state in GermanState::ALL {
            assert_eq!(holiday_on(state, date(2026, 2, 10)), None);
        }
    }

    #[test]
    fn state_codes_round_trip_through_display_and_from_str() {
        for state in GermanState::ALL {
            assert_eq!(state.to_string().parse::<GermanState>(), Ok(state));
            assert_eq!(
                state.as_code().to_lowercase().parse::<GermanState>(),
                Ok(state)
            );
            assert_eq!(format!("DE-{state}").parse::<GermanState>(), Ok(state));
        }
        let codes: Vec<_> = GermanState::ALL.map(GermanState::as_code).to_vec();
        assert_eq!(
            codes.join(" "),
            "BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH"
        );
    }

    #[test]
    fn an_unknown_state_code_is_rejected() {
        assert_eq!("XX".parse::<GermanState>(), Err(UnknownState("XX".into())));
        assert_eq!("".parse::<GermanState>(), Err(UnknownState(String::new())));
        assert_eq!(
            "Bayern".parse::<GermanState>(),
            Err(UnknownState("Bayern".into()))
        );
    }

    #[test]
    fn states_deserialize_from_their_codes() {
        let de: StrDeserializer<'_, ValueError> = "NW".into_deserializer();
        assert_eq!(
            GermanState::deserialize(de),
            Ok(GermanState::NordrheinWestfalen)
        );
        let de: StrDeserializer<'_, ValueError> = "Nordrhein-Westfalen".into_deserializer();
        assert!(GermanState::deserialize(de).is_err());
    }

    #[test]
    fn every_state_deserializes_from_its_code() {
        for state in GermanState::ALL {
            let de: StrDeserializer<'_, ValueError> = state.as_code().into_deserializer();
            assert_eq!(GermanState::deserialize(de), Ok(state));
        }
    }

    proptest! {
        #[test]
        fn easter_is_always_a_sunday_between_march_22_and_april_25(year in 1900i32..2200) {
            let easter = easter_sunday(year).expect("in chrono's range");
            prop_assert_eq!(easter.weekday(), Weekday::Sun);
            prop_assert_eq!(easter.year(), year);
            prop_assert!(easter >= date(year, 3, 22));
            prop_assert!(easter <= date(year, 4, 25));
        }

        #[test]
        fn holiday_on_agrees_with_the_yearly_list(
            state_index in 0usize..16,
            year in 2000i32..2040,
            ordinal in 1u32..=365,
        ) {
            let state = GermanState::ALL[state_index];
            let day = NaiveDate::from_yo_opt(year, ordinal).expect("valid ordinal");
            let listed = public_holidays(state, year).into_iter().find(|h| h.date == day);
            prop_assert_eq!(holiday_on(state, day), listed);
        }
    }
}
