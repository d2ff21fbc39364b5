//! The waitlist's texts with values in them — how offers work and how long they are kept,
//! the wished dates, weekdays and times — and its statuses in words.

use super::{Locale, Text, date_time, long_date, time_range, weekdays_list};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc, Weekday};
use shared::waitlist::{TimesOfDay, WaitlistStatus};

/// "30 Minuten" / "1 Stunde" / "24 hours": how long an offer is kept.
pub fn duration(locale: Locale, minutes: u32) -> String {
    let hours = minutes / 60;
    match (locale, minutes.is_multiple_of(60) && hours > 0) {
        (Locale::De, true) if hours == 1 => "1 Stunde".into(),
        (Locale::De, true) => format!("{hours} Stunden"),
        (Locale::De, false) if minutes == 1 => "1 Minute".into(),
        (Locale::De, false) => format!("{minutes} Minuten"),
        (Locale::En, true) if hours == 1 => "1 hour".into(),
        (Locale::En, true) => format!("{hours} hours"),
        (Locale::En, false) if minutes == 1 => "1 minute".into(),
        (Locale::En, false) => format!("{minutes} minutes"),
    }
}

/// What happens on the waitlist, with how long an offer is kept at the offices in question
/// (`shortest`–`longest` minutes, `None` while unknown).
pub fn how_offers_work(locale: Locale, offer_minutes: Option<(u32, u32)>) -> String {
    let first = match locale {
        Locale::De => {
            "Wird ein passender Termin frei, bieten wir ihn Ihnen per E-Mail an – in der Reihenfolge der Anmeldung."
        }
        Locale::En => {
            "When a suitable appointment becomes free, we offer it to you by email – in the order people joined."
        }
    };
    let time = offer_minutes.map(|(shortest, longest)| {
        if shortest == longest {
            duration(locale, shortest)
        } else {
            match locale {
                Locale::De => format!(
                    "je nach Standort {} bis {}",
                    duration(locale, shortest),
                    duration(locale, longest)
                ),
                Locale::En => format!(
                    "{} to {} (depending on the office)",
                    duration(locale, shortest),
                    duration(locale, longest)
                ),
            }
        }
    });
    let second = match (locale, time) {
        (Locale::De, Some(time)) => {
            format!("Sie haben dann {time} Zeit, ihn mit einem Klick zu buchen.")
        }
        (Locale::En, Some(time)) => {
            format!("You then have {time} to book it with one click.")
        }
        (Locale::De, None) => "Sie können ihn dann mit einem Klick buchen.".into(),
        (Locale::En, None) => "You can then book it with one click.".into(),
    };
    format!("{first} {second}")
}

/// "Wir haben Ihnen einen Link geschickt (gültig bis …)." with the deadline already in words.
pub fn confirmation_link_sent(locale: Locale, valid_until: &str) -> String {
    match locale {
        Locale::De => format!("Wir haben Ihnen einen Link geschickt (gültig bis {valid_until})."),
        Locale::En => format!("We have sent you a link (valid until {valid_until})."),
    }
}

/// "Dienstag, 1. Dezember 2026 bis Donnerstag, 31. Dezember 2026".
pub fn date_window(locale: Locale, earliest: NaiveDate, latest: NaiveDate) -> String {
    if earliest == latest {
        return long_date(locale, earliest);
    }
    let to = match locale {
        Locale::De => "bis",
        Locale::En => "to",
    };
    format!(
        "{} {to} {}",
        long_date(locale, earliest),
        long_date(locale, latest)
    )
}

/// The weekdays that suit; none means any.
pub fn wished_weekdays(locale: Locale, weekdays: &[Weekday]) -> String {
    if weekdays.is_empty() {
        Text::WaitlistAnyWeekday.get(locale).into()
    } else {
        weekdays_list(locale, weekdays)
    }
}

/// The times of day an appointment may start in; none means any.
pub fn wished_times(locale: Locale, times: Option<TimesOfDay>) -> String {
    match times {
        Some(times) => time_range(locale, times.from, times.until),
        None => Text::WaitlistAnyTime.get(locale).into(),
    }
}

/// "Für Sie reserviert bis Dienstag, 3. März 2026, 14:35 Uhr." — in the office's time, the
/// one its appointment is given in.
pub fn kept_until(locale: Locale, expires_at: DateTime<Utc>, office_time: FixedOffset) -> String {
    let at = date_time(locale, expires_at.with_timezone(&office_time));
    match locale {
        Locale::De => format!("Für Sie reserviert bis {at}."),
        Locale::En => format!("Kept for you until {at}."),
    }
}

/// An entry's status in words.
pub fn status_text(status: WaitlistStatus) -> Text {
    match status {
        WaitlistStatus::PendingConfirmation => Text::StatusPendingActivation,
        WaitlistStatus::Waiting => Text::WaitlistStatusWaiting,
        WaitlistStatus::Offered => Text::WaitlistStatusOffered,
        WaitlistStatus::Booked => Text::ApptBooked,
        WaitlistStatus::Left => Text::WaitlistStatusLeft,
        WaitlistStatus::Expired => Text::WaitlistStatusExpired,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, TimeZone};

    #[test]
    fn the_explanation_says_how_long_an_offer_is_kept() {
        assert_eq!(
            how_offers_work(Locale::De, Some((30, 30))),
            "Wird ein passender Termin frei, bieten wir ihn Ihnen per E-Mail an – in der Reihenfolge der Anmeldung. Sie haben dann 30 Minuten Zeit, ihn mit einem Klick zu buchen."
        );
        assert!(
            how_offers_work(Locale::En, Some((30, 1440)))
                .ends_with("You then have 30 minutes to 24 hours (depending on the office) to book it with one click.")
        );
        assert!(how_offers_work(Locale::De, None).ends_with("mit einem Klick buchen."));
    }

    #[test]
    fn whole_hours_are_said_in_hours_and_everything_else_in_minutes() {
        assert_eq!(duration(Locale::De, 60), "1 Stunde");
        assert_eq!(duration(Locale::De, 90), "90 Minuten");
        assert_eq!(duration(Locale::En, 120), "2 hours");
        assert_eq!(duration(Locale::En, 5), "5 minutes");
    }

    #[test]
    fn a_window_of_one_day_is_that_day_and_a_longer_one_runs_from_to() {
        let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(
            date_window(Locale::De, first, last),
            "Dienstag, 1. Dezember 2026 bis Donnerstag, 31. Dezember 2026"
        );
        assert_eq!(
            date_window(Locale::En, first, first),
            "Tuesday, 1 December 2026"
        );
    }

    #[test]
    fn no_weekdays_or_times_mean_any() {
        assert_eq!(wished_weekdays(Locale::De, &[]), "jeder Wochentag");
        assert_eq!(
            wished_weekdays(Locale::En, &[Weekday::Tue, Weekday::Thu]),
            "Tuesday and Thursday"
        );
        assert_eq!(wished_times(Locale::En, None), "any time");
        let morning = TimesOfDay {
            from: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            until: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        };
        assert_eq!(wished_times(Locale::De, Some(morning)), "08:00–12:00 Uhr");
    }

    #[test]
    fn an_offer_is_kept_until_a_time_of_the_offices_clock() {
        let expires = Utc.with_ymd_and_hms(2026, 12, 1, 13, 35, 0).unwrap();
        let berlin_winter = FixedOffset::east_opt(3600).unwrap();
        assert_eq!(
            kept_until(Locale::De, expires, berlin_winter),
            "Für Sie reserviert bis Dienstag, 1. Dezember 2026, 14:35 Uhr."
        );
    }

    #[test]
    fn every_status_of_an_entry_has_words_of_its_own() {
        let statuses = [
            WaitlistStatus::PendingConfirmation,
            WaitlistStatus::Waiting,
            WaitlistStatus::Offered,
            WaitlistStatus::Booked,
            WaitlistStatus::Left,
            WaitlistStatus::Expired,
        ];
        crate::i18n::assert_words_of_their_own(&statuses, status_text);
    }
}
