//! The emails of the waitlist and of fair release in German and English, text and HTML: the
//! request to confirm a waitlist entry or an entry in a draw (double opt-in), the offer of a
//! freed appointment, and the news that a draw left nothing (a drawn booking is told by the
//! booking's own confirmation).

use super::templates::{Mail, Rendered};
use chrono::{DateTime, FixedOffset, NaiveDate};
use shared::bookings::BookedService;
use shared::format::{appointment_time, date_time, long_date};
use shared::locale::Locale;
use shared::offices::Office;

/// What a waitlist email is about.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitlistNotice {
    /// Confirm the address by `confirm_by` to take a place in line; `link` opens the entry.
    Confirm {
        link: String,
        confirm_by: DateTime<FixedOffset>,
        services: Vec<String>,
    },
    /// An appointment is kept until `expires_at`; `link` opens the offer, where one click
    /// books it.
    Offer {
        link: String,
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
        expires_at: DateTime<FixedOffset>,
        services: Vec<BookedService>,
    },
    /// The citizen waits for an earlier time than `current`; `link` opens the entry (to leave).
    Earlier {
        link: String,
        current: DateTime<FixedOffset>,
    },
    /// Confirm the address by `draws_at` to take part in the draw of `day`; `link` opens the
    /// entry.
    DrawConfirm {
        link: String,
        day: NaiveDate,
        draws_at: DateTime<FixedOffset>,
        services: Vec<String>,
    },
    /// When the entry's turn came in the draw of `day`, none of its times was free.
    NotDrawn {
        day: NaiveDate,
        /// The start page, to book what is left or join the waitlist.
        start_link: String,
    },
}

impl WaitlistNotice {
    /// The outbox `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            WaitlistNotice::Confirm { .. } => "waitlist_confirmation",
            WaitlistNotice::Offer { .. } => "waitlist_offer",
            WaitlistNotice::Earlier { .. } => "waitlist_earlier",
            WaitlistNotice::DrawConfirm { .. } => "release_confirmation",
            WaitlistNotice::NotDrawn { .. } => "release_not_drawn",
        }
    }
}

/// Renders `notice` for `citizen_name` in `locale`; `office` is where the offered appointment
/// is (and whom to call for urgent matters).
pub fn render(
    notice: &WaitlistNotice,
    locale: Locale,
    citizen_name: &str,
    office: Option<&Office>,
    help_link: &str,
) -> Rendered {
    let words = Words::for_locale(locale);
    let mut mail = Mail::default();
    mail.paragraph(&format!("{} {citizen_name},", words.hello));
    let subject = match notice {
        WaitlistNotice::Confirm {
            link,
            confirm_by,
            services,
        } => {
            mail.paragraph(&format!("{} {}.", words.confirm_intro, services.join(", ")));
            mail.paragraph(words.confirm_how);
            mail.link(words.confirm_action, link);
            mail.paragraph(&format!(
                "{} {}. {}",
                words.confirm_by,
                date_time(locale, *confirm_by),
                words.confirm_consequence
            ));
            words.subject_confirm.to_owned()
        }
        WaitlistNotice::Offer {
            link,
            start,
            end,
            expires_at,
            services,
        } => {
            let kept_until = date_time(locale, *expires_at);
            mail.paragraph(&format!("{} {kept_until}.", words.offer_intro));
            mail.heading(&appointment_time(locale, *start, *end));
            if let Some(office) = office {
                mail.paragraph(&format!("{}, {}", office.name, office.address));
            }
            for service in services {
                mail.paragraph(&format!("{} × {}", service.quantity, service.name));
                if !service.documents.is_empty() {
                    mail.list(words.bring, &service.documents);
                }
            }
            mail.link(words.offer_action, link);
            mail.paragraph(words.offer_decline);
            format!("{} {kept_until}", words.subject_offer)
        }
        WaitlistNotice::Earlier { link, current } => {
            let current = date_time(locale, *current);
            mail.paragraph(&format!("{} {current}.", words.earlier_intro));
            mail.paragraph(words.earlier_how);
            mail.link(words.earlier_action, link);
            format!("{} {current}", words.subject_earlier)
        }
        WaitlistNotice::DrawConfirm {
            link,
            day,
            draws_at,
            services,
        } => {
            let day = long_date(locale, *day);
            mail.paragraph(&format!(
                "{} {day}: {}.",
                words.draw_intro,
                services.join(", ")
            ));
            mail.paragraph(words.draw_how);
            mail.link(words.draw_action, link);
            mail.paragraph(&format!(
                "{} {}. {}",
                words.draw_by,
                date_time(locale, *draws_at),
                words.draw_result
            ));
            format!("{} {day}", words.subject_draw_confirm)
        }
        WaitlistNotice::NotDrawn { day, start_link } => {
            let day = long_date(locale, *day);
            mail.paragraph(&format!(
                "{} {day} {}",
                words.not_drawn_intro, words.not_drawn_why
            ));
            mail.link(words.not_drawn_action, start_link);
            format!("{} {day}", words.subject_not_drawn)
        }
    };
    if let Some(office) = office {
        mail.paragraph(&format!(
            "{} {} · {}",
            words.urgent, office.phone, office.email
        ));
    }
    mail.link(words.help, help_link);
    Rendered {
        subject,
        html: mail.html_document(locale),
        text: mail.text,
        ics: None,
    }
}

/// The fixed phrases of the waitlist's emails.
struct Words {
    hello: &'static str,
    confirm_intro: &'static str,
    confirm_how: &'static str,
    confirm_action: &'static str,
    confirm_by: &'static str,
    confirm_consequence: &'static str,
    offer_intro: &'static str,
    offer_action: &'static str,
    offer_decline: &'static str,
    bring: &'static str,
    urgent: &'static str,
    help: &'static str,
    subject_confirm: &'static str,
    subject_offer: &'static str,
    earlier_intro: &'static str,
    earlier_how: &'static str,
    earlier_action: &'static str,
    subject_earlier: &'static str,
    draw_intro: &'static str,
    draw_how: &'static str,
    draw_action: &'static str,
    draw_by: &'static str,
    draw_result: &'static str,
    not_drawn_intro: &'static str,
    not_drawn_why: &'static str,
    not_drawn_action: &'static str,
    subject_draw_confirm: &'static str,
    subject_not_drawn: &'static str,
}

impl Words {
    fn for_locale(locale: Locale) -> Words {
        match locale {
            Locale::De => Words {
                hello: "Guten Tag",
                confirm_intro: "Sie möchten auf die Warteliste für",
                confirm_how: "Bitte bestätigen Sie Ihre E-Mail-Adresse: Öffnen Sie den folgenden Link und klicken Sie dort auf „Warteliste bestätigen“. Erst dann stehen Sie auf der Warteliste. Über denselben Link sehen Sie Ihren Eintrag und können die Warteliste jederzeit verlassen.",
                confirm_action: "Eintrag auf der Warteliste öffnen",
                confirm_by: "Bitte bestätigen Sie bis",
                confirm_consequence: "Danach wird der Eintrag gelöscht.",
                offer_intro: "ein passender Termin ist frei geworden. Wir halten ihn für Sie bis",
                offer_action: "Termin ansehen und mit einem Klick buchen",
                offer_decline: "Passt der Termin nicht? Lehnen Sie ihn auf derselben Seite ab, dann erhält ihn die nächste Person auf der Warteliste. Sie bleiben auf der Warteliste, auch wenn Sie nichts tun.",
                bring: "Bitte mitbringen",
                urgent: "Dringende Anliegen sind nicht online buchbar. Bitte wenden Sie sich an:",
                help: "Fragen und Antworten zur Online-Terminvergabe",
                subject_confirm: "Bitte bestätigen Sie Ihren Platz auf der Warteliste",
                subject_offer: "Ein Termin für Sie – reserviert bis",
                earlier_intro: "Sie stehen auf der Warteliste für einen früheren Termin als Ihren jetzigen am",
                earlier_how: "Wird ein früherer passender Termin frei, bieten wir ihn Ihnen per E-Mail an; nehmen Sie ihn an, wird Ihr Termin darauf verschoben. Bis dahin bleibt Ihr jetziger Termin bestehen. Über den folgenden Link sehen Sie Ihren Eintrag und können die Warteliste verlassen.",
                earlier_action: "Eintrag auf der Warteliste öffnen",
                subject_earlier: "Warteliste für einen früheren Termin als",
                draw_intro: "Sie nehmen an der Verlosung der Termine teil am",
                draw_how: "Bitte bestätigen Sie Ihre E-Mail-Adresse: Öffnen Sie den folgenden Link und klicken Sie dort auf „Teilnahme bestätigen“. Nur bestätigte Teilnahmen werden gezogen, eine je E-Mail-Adresse. Wann Sie bestätigen, ändert nichts an Ihrer Chance.",
                draw_action: "Teilnahme an der Verlosung öffnen",
                draw_by: "Bitte bestätigen Sie bis",
                draw_result: "Dann wird in zufälliger Reihenfolge gezogen, und jede gezogene Teilnahme erhält die erste ihrer Wunschzeiten, die noch frei ist. Das Ergebnis erhalten Sie per E-Mail.",
                not_drawn_intro: "leider haben Sie bei der Verlosung der Termine am",
                not_drawn_why: "keinen Termin erhalten: Als Sie gezogen wurden, war keine Ihrer Wunschzeiten mehr frei. Die übrigen Termine sind jetzt für alle buchbar; finden Sie nichts Passendes, können Sie sich auf die Warteliste setzen.",
                not_drawn_action: "Termine ansehen",
                subject_draw_confirm: "Bitte bestätigen Sie Ihre Teilnahme an der Verlosung am",
                subject_not_drawn: "Kein Termin aus der Verlosung am",
            },
            Locale::En => Words {
                hello: "Hello",
                confirm_intro: "You asked to join the waitlist for",
                confirm_how: "Please confirm your email address: open the link below and click “Confirm waitlist” there. Only then are you on the waitlist. The same link shows your entry and lets you leave the waitlist at any time.",
                confirm_action: "Open your waitlist entry",
                confirm_by: "Please confirm by",
                confirm_consequence: "After that the entry is deleted.",
                offer_intro: "a suitable appointment has become free. We keep it for you until",
                offer_action: "View the appointment and book it with one click",
                offer_decline: "It does not suit you? Decline it on the same page and the next person on the waitlist gets it. You stay on the waitlist even if you do nothing.",
                bring: "Please bring",
                urgent: "Urgent matters cannot be booked online. Please contact:",
                help: "Questions and answers about online booking",
                subject_confirm: "Please confirm your place on the waitlist",
                subject_offer: "An appointment for you – kept until",
                earlier_intro: "You are on the waitlist for an earlier appointment than your current one on",
                earlier_how: "When an earlier suitable appointment becomes free, we offer it to you by email; if you accept it, your appointment is moved to it. Until then your current appointment stays as it is. The link below shows your entry and lets you leave the waitlist.",
                earlier_action: "Open your waitlist entry",
                subject_earlier: "Waitlist for an earlier appointment than",
                draw_intro: "You entered the draw for the appointments on",
                draw_how: "Please confirm your email address: open the link below and click “Confirm entry” there. Only confirmed entries are drawn, one per email address. When you confirm does not change your chance.",
                draw_action: "Open your entry in the draw",
                draw_by: "Please confirm by",
                draw_result: "Then the entries are drawn in a random order, and each one drawn gets the first of its times that is still free. You will get the result by email.",
                not_drawn_intro: "we are sorry: in the draw for the appointments on",
                not_drawn_why: "you got no appointment, because none of your times was free any more when your entry was drawn. The remaining appointments can now be booked by everyone; if none suits you, you can join the waitlist.",
                not_drawn_action: "See appointments",
                subject_draw_confirm: "Please confirm your entry in the draw for",
                subject_not_drawn: "No appointment from the draw for",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use shared::ids::ServiceId;

    fn offer() -> WaitlistNotice {
        let zone = FixedOffset::east_opt(3600).unwrap();
        WaitlistNotice::Offer {
            link: "https://termine.example/waitlist/offers/1#token=abc".into(),
            start: zone.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap(),
            end: zone.with_ymd_and_hms(2026, 12, 3, 9, 15, 0).unwrap(),
            expires_at: zone.with_ymd_and_hms(2026, 12, 1, 10, 30, 0).unwrap(),
            services: vec![BookedService {
                service_id: ServiceId(1),
                quantity: 1,
                name: "Personalausweis <neu>".into(),
                documents: vec!["Foto".into()],
            }],
        }
    }

    #[test]
    fn an_offer_names_the_time_how_long_it_is_kept_the_link_and_what_to_bring_in_both_languages() {
        for (locale, kept) in [(Locale::De, "reserviert bis"), (Locale::En, "kept until")] {
            let mail = render(
                &offer(),
                locale,
                "Erika",
                None,
                "https://termine.example/help",
            );
            assert!(mail.subject.contains(kept), "{}", mail.subject);
            assert!(mail.text.contains("#token=abc"), "{}", mail.text);
            assert!(mail.text.contains("Foto"), "{}", mail.text);
            assert!(
                mail.html.contains("Personalausweis &lt;neu&gt;"),
                "{}",
                mail.html
            );
            assert!(mail.ics.is_none());
        }
    }

    #[test]
    fn the_confirmation_asks_to_click_on_the_page_not_in_the_mail() {
        let zone = FixedOffset::east_opt(3600).unwrap();
        let notice = WaitlistNotice::Confirm {
            link: "https://termine.example/waitlist/1#token=abc".into(),
            confirm_by: zone.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap(),
            services: vec!["Personalausweis".into()],
        };
        let mail = render(&notice, Locale::De, "Erika", None, "https://x.example/help");
        assert!(mail.text.contains("Warteliste bestätigen"), "{}", mail.text);
        assert!(mail.text.contains("Personalausweis"), "{}", mail.text);
        assert_eq!(
            mail.subject,
            "Bitte bestätigen Sie Ihren Platz auf der Warteliste"
        );
    }

    #[test]
    fn the_draw_confirmation_names_the_day_the_deadline_and_that_the_moment_does_not_matter() {
        let zone = FixedOffset::east_opt(3600).unwrap();
        let notice = WaitlistNotice::DrawConfirm {
            link: "https://termine.example/release/1#token=abc".into(),
            day: NaiveDate::from_ymd_opt(2027, 3, 2).unwrap(),
            draws_at: zone.with_ymd_and_hms(2026, 12, 4, 8, 30, 0).unwrap(),
            services: vec!["1 × Personalausweis".into()],
        };
        for (locale, confirm, chance) in [
            (
                Locale::De,
                "Teilnahme bestätigen",
                "ändert nichts an Ihrer Chance",
            ),
            (Locale::En, "Confirm entry", "does not change your chance"),
        ] {
            let mail = render(&notice, locale, "Erika", None, "https://x.example/help");
            assert!(mail.text.contains(confirm), "{}", mail.text);
            assert!(mail.text.contains(chance), "{}", mail.text);
            assert!(mail.text.contains("#token=abc"), "{}", mail.text);
            assert!(mail.subject.contains("2027"), "{}", mail.subject);
        }
    }

    #[test]
    fn a_citizen_not_drawn_is_told_why_and_where_to_go_on() {
        let notice = WaitlistNotice::NotDrawn {
            day: NaiveDate::from_ymd_opt(2027, 3, 2).unwrap(),
            start_link: "https://termine.example/".into(),
        };
        let mail = render(&notice, Locale::De, "Erika", None, "https://x.example/help");
        assert!(mail.text.contains("Warteliste"), "{}", mail.text);
        assert!(
            mail.text.contains("https://termine.example/"),
            "{}",
            mail.text
        );
        assert_eq!(
            mail.subject,
            "Kein Termin aus der Verlosung am Dienstag, 2. März 2027"
        );
    }
}
