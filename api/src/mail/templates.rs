//! The emails, in the booking's language, as plain text and HTML (every value escaped), each
//! with the calendar file where it helps.

use super::ics::{self, Method};
use chrono::{DateTime, Utc};
use shared::bookings::{Appointment, Booking};
use shared::format::{appointment_time, date_time};
use shared::ids::AppointmentId;
use shared::locale::Locale;
use shared::offices::Office;
use std::collections::HashMap;
use std::fmt::Write;

/// Why we write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The booking is confirmed (right away, or after activation).
    Confirmation,
    /// The office wants the address confirmed first (double opt-in).
    Activation {
        link: String,
        deadline: DateTime<Utc>,
    },
    /// These appointments were cancelled, by the citizen or (with a reason) by the office.
    Cancellation {
        appointments: Vec<AppointmentId>,
        office_reason: Option<String>,
    },
    /// This appointment was moved.
    Rescheduled { appointment: AppointmentId },
    /// This appointment is soon.
    Reminder { appointment: AppointmentId },
}

impl Notice {
    /// The outbox `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Notice::Confirmation => "confirmation",
            Notice::Activation { .. } => "activation",
            Notice::Cancellation { .. } => "cancellation",
            Notice::Rescheduled { .. } => "rescheduled",
            Notice::Reminder { .. } => "reminder",
        }
    }
}

/// Everything a message may mention.
#[derive(Debug)]
pub struct MailContext<'a> {
    pub booking: &'a Booking,
    pub citizen_name: &'a str,
    pub offices: &'a [Office],
    /// Link to manage the booking, carrying a manage token in its fragment.
    pub manage_link: Option<String>,
    pub help_link: String,
    /// Where calendar UIDs live (the public host).
    pub uid_domain: &'a str,
    /// How often each appointment was moved (calendar SEQUENCE).
    pub sequences: &'a HashMap<AppointmentId, u32>,
    /// When the message is written (the calendar's DTSTAMP).
    pub now: DateTime<Utc>,
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    pub ics: Option<(Method, String)>,
}

/// Writes the message for `notice`: the greeting, what happened, the appointments it is about
/// (with the documents to bring), and how to reach the office.
pub fn render(notice: &Notice, context: &MailContext<'_>) -> Rendered {
    let words = Words::for_locale(context.booking.locale);
    let mut mail = Mail::default();
    mail.paragraph(&format!("{} {},", words.hello, context.citizen_name));
    let opening = opening(notice, context, &words, &mut mail);
    let ics = opening.calendar.map(|method| {
        calendar(context, method, |a| {
            opening.shown.iter().any(|s| s.id == a.id)
        })
    });
    // A cancelled appointment needs no documents; one appointment needs no number.
    let bring = !matches!(notice, Notice::Cancellation { .. });
    let numbered = opening.shown.len() > 1;
    for (i, appointment) in opening.shown.iter().enumerate() {
        let number = numbered.then_some(i + 1);
        appointment_block(&mut mail, &words, context, number, bring, appointment);
    }
    closing(notice, context, &words, &opening.shown, &mut mail);
    Rendered {
        subject: format!("{} {}", opening.subject, context.booking.reference),
        html: mail.html_document(context.booking.locale),
        text: mail.text,
        ics,
    }
}

/// How a notice begins: its subject, the calendar it carries, and the appointments it is about.
struct Opening<'b> {
    subject: &'static str,
    calendar: Option<Method>,
    shown: Vec<&'b Appointment>,
}

/// Writes what happened and picks the appointments the message is about.
fn opening<'b>(
    notice: &Notice,
    context: &'b MailContext<'_>,
    words: &Words,
    mail: &mut Mail,
) -> Opening<'b> {
    let pick = |keep: &dyn Fn(&Appointment) -> bool| -> Vec<&'b Appointment> {
        context
            .booking
            .appointments
            .iter()
            .filter(|a| keep(a))
            .collect()
    };
    let open = |a: &Appointment| !a.status.is_cancelled();
    let (subject, calendar, shown) = match notice {
        Notice::Confirmation => {
            mail.paragraph(&format!(
                "{} {}: {}",
                words.confirmed, words.reference, context.booking.reference
            ));
            (
                words.subject_confirmation,
                Some(Method::Publish),
                pick(&open),
            )
        }
        Notice::Activation { link, deadline } => {
            mail.paragraph(words.activation_intro);
            mail.link(words.activation_action, link);
            mail.paragraph(&format!(
                "{} {}. {}",
                words.activation_deadline,
                local_deadline(context, *deadline),
                words.activation_consequence
            ));
            (words.subject_activation, None, pick(&open))
        }
        Notice::Cancellation {
            appointments,
            office_reason,
        } => {
            match office_reason {
                Some(reason) => mail.paragraph(&format!("{} {reason}", words.cancelled_by_office)),
                None => mail.paragraph(words.cancelled_by_you),
            }
            (
                words.subject_cancellation,
                Some(Method::Cancel),
                pick(&|a| appointments.contains(&a.id)),
            )
        }
        Notice::Rescheduled { appointment } => {
            mail.paragraph(words.rescheduled);
            (
                words.subject_rescheduled,
                Some(Method::Publish),
                pick(&|a| a.id == *appointment),
            )
        }
        Notice::Reminder { appointment } => {
            mail.paragraph(words.reminder);
            (
                words.subject_reminder,
                Some(Method::Publish),
                pick(&|a| a.id == *appointment),
            )
        }
    };
    Opening {
        subject,
        calendar,
        shown,
    }
}

/// The activation deadline in the time zone of the booking's appointments.
fn local_deadline(context: &MailContext<'_>, deadline: DateTime<Utc>) -> String {
    let offset = context
        .booking
        .appointments
        .first()
        .map(|a| *a.start.offset());
    offset.map_or_else(
        || deadline.to_rfc3339(),
        |offset| date_time(context.booking.locale, deadline.with_timezone(&offset)),
    )
}

/// How to manage the booking, the request to cancel in time, the office's contact for urgent
/// matters, and the help page.
fn closing(
    notice: &Notice,
    context: &MailContext<'_>,
    words: &Words,
    shown: &[&Appointment],
    mail: &mut Mail,
) {
    if let Some(link) = &context.manage_link
        && !matches!(notice, Notice::Activation { .. })
    {
        mail.link(words.manage_action, link);
    }
    if matches!(notice, Notice::Confirmation | Notice::Reminder { .. }) {
        mail.paragraph(words.please_cancel);
    }
    if let Some(office) = context
        .offices
        .iter()
        .find(|o| shown.iter().any(|a| a.office_id == o.id))
    {
        mail.paragraph(&format!(
            "{} {} · {}",
            words.urgent, office.phone, office.email
        ));
    }
    mail.link(words.help, &context.help_link);
}

fn calendar(
    context: &MailContext<'_>,
    method: Method,
    include: impl Fn(&Appointment) -> bool,
) -> (Method, String) {
    let source = ics::BookingCalendar {
        booking: context.booking,
        offices: context.offices,
        uid_domain: context.uid_domain,
        sequences: context.sequences,
    };
    (
        method,
        ics::booking_calendar(&source, method, include, context.now),
    )
}

/// One appointment: its time (numbered among several), office, services and, with `bring`,
/// the documents to bring.
fn appointment_block(
    mail: &mut Mail,
    words: &Words,
    context: &MailContext<'_>,
    number: Option<usize>,
    bring: bool,
    appointment: &Appointment,
) {
    let locale = context.booking.locale;
    let time = appointment_time(locale, appointment.start, appointment.end);
    mail.heading(&match number {
        Some(number) => format!("{} {number}: {time}", words.appointment),
        None => format!("{}: {time}", words.appointment),
    });
    if let Some(office) = context
        .offices
        .iter()
        .find(|o| o.id == appointment.office_id)
    {
        mail.paragraph(&format!("{}, {}", office.name, office.address));
    }
    for service in &appointment.services {
        mail.paragraph(&format!("{} × {}", service.quantity, service.name));
        if bring && !service.documents.is_empty() {
            mail.list(words.bring, &service.documents);
        }
    }
}

/// Builds the plain-text and HTML bodies side by side.
#[derive(Debug, Default)]
pub(super) struct Mail {
    pub(super) text: String,
    pub(super) html: String,
}

impl Mail {
    pub(super) fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.text, "{text}\n");
        let _ = writeln!(self.html, "<p>{}</p>", escape_html(text));
    }

    pub(super) fn heading(&mut self, text: &str) {
        let _ = writeln!(
            self.text,
            "{text}\n{}\n",
            "-".repeat(text.chars().count().min(72))
        );
        let _ = writeln!(
            self.html,
            "<h2 style=\"font-size:1.1em\">{}</h2>",
            escape_html(text)
        );
    }

    pub(super) fn list(&mut self, title: &str, items: &[String]) {
        let _ = writeln!(self.text, "{title}:");
        let _ = writeln!(self.html, "<p>{}:</p><ul>", escape_html(title));
        for item in items {
            let _ = writeln!(self.text, "  - {item}");
            let _ = writeln!(self.html, "<li>{}</li>", escape_html(item));
        }
        self.text.push('\n');
        self.html.push_str("</ul>\n");
    }

    pub(super) fn link(&mut self, label: &str, url: &str) {
        let _ = writeln!(self.text, "{label}:\n{url}\n");
        let _ = writeln!(
            self.html,
            "<p><a href=\"{}\">{}</a></p>",
            escape_html(url),
            escape_html(label)
        );
    }

    pub(super) fn html_document(&self, locale: Locale) -> String {
        format!(
            "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Terminvergabe</title></head>\n\
             <body style=\"font-family:sans-serif;line-height:1.5;color:#1a1a1a\">\n{}</body></html>\n",
            locale.code(),
            self.html
        )
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The fixed phrases of the emails.
#[derive(Debug)]
struct Words {
    hello: &'static str,
    reference: &'static str,
    confirmed: &'static str,
    appointment: &'static str,
    bring: &'static str,
    manage_action: &'static str,
    please_cancel: &'static str,
    urgent: &'static str,
    help: &'static str,
    activation_intro: &'static str,
    activation_action: &'static str,
    activation_deadline: &'static str,
    activation_consequence: &'static str,
    cancelled_by_you: &'static str,
    cancelled_by_office: &'static str,
    rescheduled: &'static str,
    reminder: &'static str,
    subject_confirmation: &'static str,
    subject_activation: &'static str,
    subject_cancellation: &'static str,
    subject_rescheduled: &'static str,
    subject_reminder: &'static str,
}

impl Words {
    fn for_locale(locale: Locale) -> Words {
        match locale {
            Locale::De => Words {
                hello: "Guten Tag",
                reference: "Ihre Buchungsnummer",
                confirmed: "Ihre Termine sind verbindlich gebucht.",
                appointment: "Termin",
                bring: "Bitte mitbringen",
                manage_action: "Termin ansehen, verschieben oder absagen",
                please_cancel: "Sie können nicht kommen? Bitte sagen Sie den Termin ab, damit jemand anderes ihn bekommt.",
                urgent: "Dringende Anliegen sind nicht online buchbar. Bitte wenden Sie sich an:",
                help: "Fragen und Antworten zur Online-Terminvergabe",
                activation_intro: "bitte bestätigen Sie Ihre Buchung mit einem Klick auf den folgenden Link. Erst dann ist sie verbindlich.",
                activation_action: "Buchung bestätigen",
                activation_deadline: "Bitte bestätigen Sie bis",
                activation_consequence: "Danach werden die Termine wieder freigegeben.",
                cancelled_by_you: "Sie haben die folgenden Termine abgesagt. Vielen Dank, so kann jemand anderes sie nutzen.",
                cancelled_by_office: "Leider müssen wir die folgenden Termine absagen. Grund:",
                rescheduled: "Ihr Termin wurde verschoben. Der neue Termin:",
                reminder: "wir erinnern Sie an Ihren Termin:",
                subject_confirmation: "Terminbestätigung",
                subject_activation: "Bitte bestätigen Sie Ihre Buchung",
                subject_cancellation: "Terminabsage",
                subject_rescheduled: "Termin verschoben",
                subject_reminder: "Erinnerung an Ihren Termin",
            },
            Locale::En => Words {
                hello: "Hello",
                reference: "Your booking reference",
                confirmed: "Your appointments are booked.",
                appointment: "Appointment",
                bring: "Please bring",
                manage_action: "View, move or cancel your appointment",
                please_cancel: "Can't come? Please cancel so that someone else gets the slot.",
                urgent: "Urgent matters cannot be booked online. Please contact:",
                help: "Questions and answers about online booking",
                activation_intro: "please confirm your booking with a click on the link below. Only then is it binding.",
                activation_action: "Confirm booking",
                activation_deadline: "Please confirm by",
                activation_consequence: "After that the appointments are released again.",
                cancelled_by_you: "You cancelled the following appointments. Thank you: now someone else can use them.",
                cancelled_by_office: "Unfortunately we have to cancel the following appointments. Reason:",
                rescheduled: "Your appointment was moved. The new appointment:",
                reminder: "this is a reminder of your appointment:",
                subject_confirmation: "Appointment confirmation",
                subject_activation: "Please confirm your booking",
                subject_cancellation: "Appointment cancelled",
                subject_rescheduled: "Appointment moved",
                subject_reminder: "Reminder of your appointment",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};
    use shared::bookings::{AppointmentStatus, BookedService, BookingStatus};
    use shared::ids::{OfficeId, ServiceId};
    use shared::offices::BookingRules;

    fn booking(locale: Locale) -> Booking {
        let offset = FixedOffset::east_opt(3600).unwrap();
        Booking {
            reference: "PW-7K3M-Q9".into(),
            manage_token: None,
            status: BookingStatus::Confirmed,
            locale,
            created_at: Utc::now(),
            activation_deadline: None,
            appointments: vec![Appointment {
                id: AppointmentId(7),
                office_id: OfficeId(1),
                start: offset.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(),
                end: offset.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap(),
                status: AppointmentStatus::Booked,
                services: vec![BookedService {
                    service_id: ServiceId(1),
                    quantity: 2,
                    name: "Reisepass <Express>".into(),
                    documents: vec!["Foto & Ausweis".into()],
                }],
            }],
        }
    }

    fn office() -> Office {
        Office {
            id: OfficeId(1),
            name: "Bürgeramt Porta Westfalica".into(),
            address: "Kempstraße 1, 32457 Porta Westfalica".into(),
            time_zone: "Europe/Berlin".into(),
            phone: "(05 71) 79 12 23".into(),
            email: "buergeramt@porta-westfalica.example".into(),
            notice: String::new(),
            opening_hours: Vec::new(),
            booking_rules: BookingRules {
                horizon_days: 60,
                min_notice_minutes: 60,
                hold_minutes: 10,
                max_open_appointments_per_email: 3,
                activation_required: false,
                activation_deadline_minutes: 120,
                cancellation_cooldown_minutes: 0,
                waitlist_offer_minutes: 30,
                release_window_minutes: 0,
                daily_release_time: None,
            },
        }
    }

    fn render_for(notice: &Notice, locale: Locale, name: &str) -> Rendered {
        render_booking(notice, &booking(locale), name)
    }

    fn render_booking(notice: &Notice, booking: &Booking, name: &str) -> Rendered {
        let offices = [office()];
        let sequences = HashMap::new();
        let context = MailContext {
            booking,
            citizen_name: name,
            offices: &offices,
            manage_link: Some("https://termine.example/booking/PW-7K3M-Q9#token=abc".into()),
            help_link: "https://termine.example/help".into(),
            uid_domain: "termine.example",
            sequences: &sequences,
            now: Utc::now(),
        };
        render(notice, &context)
    }

    #[test]
    fn a_confirmation_lists_time_office_documents_link_and_urgent_contact() {
        let mail = render_for(&Notice::Confirmation, Locale::De, "Erika Mustermann");
        assert_eq!(mail.subject, "Terminbestätigung PW-7K3M-Q9");
        for expected in [
            "Guten Tag Erika Mustermann,",
            "Dienstag, 1. Dezember 2026, 09:00–09:30 Uhr",
            "Bürgeramt Porta Westfalica, Kempstraße 1",
            "2 × Reisepass <Express>",
            "  - Foto & Ausweis",
            "https://termine.example/booking/PW-7K3M-Q9#token=abc",
            "(05 71) 79 12 23",
            "Bitte sagen Sie den Termin ab",
        ] {
            assert!(
                mail.text.contains(expected),
                "missing {expected:?} in\n{}",
                mail.text
            );
        }
        let (method, ics) = mail.ics.unwrap();
        assert_eq!(method, Method::Publish);
        assert!(ics.contains("UID:PW-7K3M-Q9-7@termine.example"));
    }

    #[test]
    fn every_value_is_escaped_in_the_html_part() {
        let mail = render_for(
            &Notice::Confirmation,
            Locale::En,
            "<script>alert(1)</script>",
        );
        assert!(!mail.html.contains("<script>"));
        assert!(mail.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(mail.html.contains("2 × Reisepass &lt;Express&gt;"));
        assert!(mail.html.contains("Foto &amp; Ausweis"));
        assert!(mail.html.starts_with("<!doctype html>\n<html lang=\"en\">"));
    }

    #[test]
    fn appointments_are_numbered_only_when_there_are_several() {
        let one = render_for(&Notice::Confirmation, Locale::De, "Erika");
        assert!(
            one.text.contains("Termin: Dienstag, 1. Dezember 2026"),
            "{}",
            one.text
        );
        assert!(!one.text.contains("Termin 1"), "{}", one.text);
        let mut two = booking(Locale::De);
        let mut second = two.appointments[0].clone();
        second.id = AppointmentId(8);
        two.appointments.push(second);
        let both = render_booking(&Notice::Confirmation, &two, "Erika");
        assert!(
            both.text.contains("Termin 1: ") && both.text.contains("Termin 2: "),
            "{}",
            both.text
        );
    }

    #[test]
    fn a_cancellation_carries_a_cancel_calendar_with_the_same_uid() {
        let notice = Notice::Cancellation {
            appointments: vec![AppointmentId(7)],
            office_reason: Some("Krankheit".into()),
        };
        let mail = render_for(&notice, Locale::De, "Erika");
        assert!(mail.text.contains("Grund: Krankheit"));
        assert!(
            !mail.text.contains("Bitte mitbringen"),
            "nothing to bring to a cancelled appointment: {}",
            mail.text
        );
        let (method, ics) = mail.ics.unwrap();
        assert_eq!(method, Method::Cancel);
        assert!(ics.contains("METHOD:CANCEL") && ics.contains("UID:PW-7K3M-Q9-7@termine.example"));
    }

    #[test]
    fn an_activation_mail_has_the_link_and_the_deadline_but_no_manage_link() {
        let deadline = Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap();
        let notice = Notice::Activation {
            link: "https://termine.example/booking/PW-7K3M-Q9#activate=xyz".into(),
            deadline,
        };
        let mail = render_for(&notice, Locale::En, "Erika");
        assert!(mail.text.contains("#activate=xyz"));
        assert!(mail.text.contains("Monday, 30 November 2026, 09:00"));
        assert!(!mail.text.contains("#token="));
        assert!(mail.ics.is_none());
    }
}
