//! Dates and times as people read them, in German and English. Used by the SPA and by the
//! emails, so both say "Dienstag, 1. Dezember 2026, 09:00–09:45 Uhr" the same way.

use crate::locale::Locale;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike, Weekday};

pub fn weekday_name(locale: Locale, day: Weekday) -> &'static str {
    let i = day.num_days_from_monday() as usize;
    match locale {
        Locale::De => [
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
            "Sonntag",
        ][i],
        Locale::En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][i],
    }
}

pub fn weekday_short(locale: Locale, day: Weekday) -> &'static str {
    let i = day.num_days_from_monday() as usize;
    match locale {
        Locale::De => ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"][i],
        Locale::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    }
}

pub fn month_name(locale: Locale, month: u32) -> &'static str {
    let i = (month.clamp(1, 12) - 1) as usize;
    match locale {
        Locale::De => [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ][i],
        Locale::En => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ][i],
    }
}

/// "Dienstag, 3. März 2026" / "Tuesday, 3 March 2026".
pub fn long_date(locale: Locale, date: NaiveDate) -> String {
    let weekday = weekday_name(locale, date.weekday());
    let month = month_name(locale, date.month());
    match locale {
        Locale::De => format!("{weekday}, {}. {month} {}", date.day(), date.year()),
        Locale::En => format!("{weekday}, {} {month} {}", date.day(), date.year()),
    }
}

/// "08:30".
pub fn clock(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// "08:30 Uhr" / "08:30".
pub fn clock_with_unit(locale: Locale, time: NaiveTime) -> String {
    match locale {
        Locale::De => format!("{} Uhr", clock(time)),
        Locale::En => clock(time),
    }
}

/// "08:30–08:45 Uhr" / "08:30–08:45".
pub fn time_range(locale: Locale, start: NaiveTime, end: NaiveTime) -> String {
    let range = format!("{}–{}", clock(start), clock(end));
    match locale {
        Locale::De => format!("{range} Uhr"),
        Locale::En => range,
    }
}

/// A local instant: "Dienstag, 3. März 2026, 08:30 Uhr".
pub fn date_time(locale: Locale, at: DateTime<FixedOffset>) -> String {
    format!(
        "{}, {}",
        long_date(locale, at.date_naive()),
        clock_with_unit(locale, at.time())
    )
}

/// An appointment: "Dienstag, 3. März 2026, 08:30–08:45 Uhr".
pub fn appointment_time(
    locale: Locale,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
) -> String {
    format!(
        "{}, {}",
        long_date(locale, start.date_naive()),
        time_range(locale, start.time(), end.time())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_appointment_reads_naturally_in_both_languages() {
        let offset = FixedOffset::east_opt(3600).unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 3, 3)
            .unwrap()
            .and_hms_opt(8, 30, 0)
            .unwrap()
            .and_local_timezone(offset)
            .unwrap();
        let end = start + chrono::Duration::minutes(15);
        assert_eq!(
            appointment_time(Locale::De, start, end),
            "Dienstag, 3. März 2026, 08:30–08:45 Uhr"
        );
        assert_eq!(
            appointment_time(Locale::En, start, end),
            "Tuesday, 3 March 2026, 08:30–08:45"
        );
    }
}
