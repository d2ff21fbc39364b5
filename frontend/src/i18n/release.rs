//! Fair release in words: how the newly released day of an office is given out (by phase of
//! its round), when the draw happens, and an entry's status. Times are the office's, as the
//! API gives them (and as the emails say them).

use super::{Locale, Text, date_time, long_date};
use chrono::{DateTime, FixedOffset};
use shared::format::{clock, clock_with_unit};
use shared::release::{ReleaseEntryStatus, ReleasePhase, ReleaseRound};

/// The round in plain words, e.g. "Die Termine für Dienstag, 1. Dezember 2026 werden
/// verlost, nicht nach Schnelligkeit vergeben. Sie können bis 08:30 Uhr teilnehmen; wann Sie
/// sich anmelden, spielt keine Rolle. Danach wird gezogen, und das Ergebnis kommt per E-Mail."
pub fn round_explanation(locale: Locale, round: &ReleaseRound) -> String {
    let day = long_date(locale, round.day);
    let from = round.entries_from.time();
    let until = clock_with_unit(locale, round.entries_until.time());
    if let (ReleasePhase::Drawn, Some(draw)) = (round.phase, &round.draw) {
        let at = clock_with_unit(locale, draw.drawn_at.time());
        return match locale {
            Locale::De => format!(
                "Die Termine für {day} wurden um {at} verlost; übrige Termine sind frei buchbar."
            ),
            Locale::En => format!(
                "The appointments for {day} were drawn at {at}; the remaining ones are free to book."
            ),
        };
    }
    let lead = match locale {
        Locale::De => {
            format!("Die Termine für {day} werden verlost, nicht nach Schnelligkeit vergeben.")
        }
        Locale::En => {
            format!("The appointments for {day} are drawn by lot, not given to whoever is fastest.")
        }
    };
    let rest = match (locale, round.phase) {
        (Locale::De, ReleasePhase::Upcoming) => format!(
            "Sie können heute von {} bis {until} teilnehmen; wann Sie sich in dieser Zeit anmelden, spielt keine Rolle. Danach wird gezogen, und das Ergebnis kommt per E-Mail.",
            clock(from)
        ),
        (Locale::En, ReleasePhase::Upcoming) => format!(
            "You can enter today from {} to {until}; when you enter in that time makes no difference. Then the draw takes place, and the result comes by email.",
            clock(from)
        ),
        (Locale::De, ReleasePhase::Open) => format!(
            "Sie können bis {until} teilnehmen; wann Sie sich anmelden, spielt keine Rolle. Danach wird gezogen, und das Ergebnis kommt per E-Mail."
        ),
        (Locale::En, ReleasePhase::Open) => format!(
            "You can enter until {until}; when you enter makes no difference. Then the draw takes place, and the result comes by email."
        ),
        (Locale::De, ReleasePhase::Drawing | ReleasePhase::Drawn) => format!(
            "Die Teilnahme ist seit {until} geschlossen; es wird gerade gezogen. Übrige Termine sind gleich danach frei buchbar."
        ),
        (Locale::En, ReleasePhase::Drawing | ReleasePhase::Drawn) => format!(
            "Entries closed at {until}; the draw is taking place now. The remaining appointments are free to book right after it."
        ),
    };
    format!("{lead} {rest}")
}

/// "Gezogen wird am Montag, 30. November 2026, 08:30 Uhr. Das Ergebnis kommt per E-Mail."
pub fn drawn_when(locale: Locale, draws_at: DateTime<FixedOffset>) -> String {
    let at = date_time(locale, draws_at);
    match locale {
        Locale::De => format!("Gezogen wird am {at}. Das Ergebnis kommt per E-Mail."),
        Locale::En => format!("The draw takes place on {at}. The result comes by email."),
    }
}

/// An entry's status in words.
pub fn status_text(status: ReleaseEntryStatus) -> Text {
    match status {
        ReleaseEntryStatus::PendingConfirmation => Text::StatusPendingActivation,
        ReleaseEntryStatus::Entered => Text::ReleaseStatusEntered,
        ReleaseEntryStatus::Booked => Text::ApptBooked,
        ReleaseEntryStatus::NotDrawn => Text::ReleaseStatusNotDrawn,
        ReleaseEntryStatus::Lapsed => Text::ReleaseStatusLapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};
    use shared::ids::OfficeId;
    use shared::release::ReleaseDraw;

    fn monday_at(hour: u32, minute: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 30, hour, minute, 0)
            .unwrap()
    }

    fn round(phase: ReleasePhase) -> ReleaseRound {
        ReleaseRound {
            office_id: OfficeId(1),
            day: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            entries_from: monday_at(8, 0),
            entries_until: monday_at(8, 30),
            phase,
            max_times: 5,
            starts: Vec::new(),
            draw: None,
        }
    }

    #[test]
    fn an_open_round_says_until_when_one_can_enter_and_that_speed_does_not_count() {
        assert_eq!(
            round_explanation(Locale::De, &round(ReleasePhase::Open)),
            "Die Termine für Dienstag, 1. Dezember 2026 werden verlost, nicht nach Schnelligkeit vergeben. Sie können bis 08:30 Uhr teilnehmen; wann Sie sich anmelden, spielt keine Rolle. Danach wird gezogen, und das Ergebnis kommt per E-Mail."
        );
        assert!(
            round_explanation(Locale::En, &round(ReleasePhase::Open))
                .contains("You can enter until 08:30; when you enter makes no difference.")
        );
    }

    #[test]
    fn each_phase_has_its_own_words() {
        assert!(
            round_explanation(Locale::De, &round(ReleasePhase::Upcoming))
                .contains("Sie können heute von 08:00 bis 08:30 Uhr teilnehmen")
        );
        assert!(
            round_explanation(Locale::De, &round(ReleasePhase::Drawing))
                .contains("seit 08:30 Uhr geschlossen; es wird gerade gezogen")
        );
        let drawn = ReleaseRound {
            draw: Some(ReleaseDraw {
                drawn_at: monday_at(8, 31),
                seed: "00000000000000ff".into(),
                entrants: 3,
                booked: 2,
            }),
            ..round(ReleasePhase::Drawn)
        };
        assert_eq!(
            round_explanation(Locale::De, &drawn),
            "Die Termine für Dienstag, 1. Dezember 2026 wurden um 08:31 Uhr verlost; übrige Termine sind frei buchbar."
        );
        assert!(
            round_explanation(Locale::En, &drawn)
                .ends_with("were drawn at 08:31; the remaining ones are free to book.")
        );
    }

    #[test]
    fn the_draw_is_said_in_the_offices_time() {
        assert_eq!(
            drawn_when(Locale::De, monday_at(8, 30)),
            "Gezogen wird am Montag, 30. November 2026, 08:30 Uhr. Das Ergebnis kommt per E-Mail."
        );
    }

    #[test]
    fn every_status_of_an_entry_has_words_of_its_own() {
        let statuses = [
            ReleaseEntryStatus::PendingConfirmation,
            ReleaseEntryStatus::Entered,
            ReleaseEntryStatus::Booked,
            ReleaseEntryStatus::NotDrawn,
            ReleaseEntryStatus::Lapsed,
        ];
        crate::i18n::assert_words_of_their_own(&statuses, status_text);
    }
}
