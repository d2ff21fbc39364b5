//! The waitlist's emails in German and English, text and HTML: the request to confirm an
//! entry (double opt-in) and the offer of a freed appointment.

use super::templates::{Mail, Rendered};
use chrono::{DateTime, FixedOffset};
use shared::bookings::BookedService;
use shared::format::{appointment_time, date_time};
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
}

impl WaitlistNotice {
    /// The outbox `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            WaitlistNotice::Confirm { .. } => "waitlist_confirmation",
            WaitlistNotice::Offer { .. } => "waitlist_offer",
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
}
