//! RFC 5545 calendar files. Times are written in UTC (`…Z`), which every calendar converts to
//! the reader's zone correctly, also across daylight-saving changes. Text is escaped and lines
//! are folded at 75 octets without splitting a UTF-8 character. A confirmed appointment brings
//! a reminder a day before (`VALARM`), so the documents to bring are not remembered too late.

use chrono::{DateTime, Utc};
use shared::bookings::{Appointment, Booking};
use shared::ids::AppointmentId;
use shared::offices::Office;
use std::collections::HashMap;

/// One appointment as a calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across updates and the cancellation, so calendars replace or remove the event.
    pub uid: String,
    pub sequence: u32,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub cancelled: bool,
}

/// `PUBLISH` adds or updates events; `CANCEL` removes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Publish,
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Publish => "PUBLISH",
            Method::Cancel => "CANCEL",
        }
    }
}

/// When a calendar reminds of a confirmed appointment: a day before its start.
const REMINDER_BEFORE: &str = "-P1D";

/// The whole calendar file, with CRLF line ends.
pub fn calendar(method: Method, events: &[Event], stamp: DateTime<Utc>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Terminvergabe//Buergeramt//DE".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("METHOD:{}", method.as_str()),
    ];
    for event in events {
        lines.push("BEGIN:VEVENT".to_owned());
        lines.push(format!("UID:{}", escape(&event.uid)));
        lines.push(format!("SEQUENCE:{}", event.sequence));
        lines.push(format!("DTSTAMP:{}", utc(stamp)));
        lines.push(format!("DTSTART:{}", utc(event.start)));
        lines.push(format!("DTEND:{}", utc(event.end)));
        lines.push(format!("SUMMARY:{}", escape(&event.summary)));
        lines.push(format!("LOCATION:{}", escape(&event.location)));
        lines.push(format!("DESCRIPTION:{}", escape(&event.description)));
        let cancelled = event.cancelled || method == Method::Cancel;
        let status = if cancelled { "CANCELLED" } else { "CONFIRMED" };
        lines.push(format!("STATUS:{status}"));
        lines.push("TRANSP:OPAQUE".to_owned());
        if !cancelled {
            lines.push("BEGIN:VALARM".to_owned());
            lines.push("ACTION:DISPLAY".to_owned());
            lines.push(format!("TRIGGER:{REMINDER_BEFORE}"));
            lines.push(format!("DESCRIPTION:{}", escape(&event.summary)));
            lines.push("END:VALARM".to_owned());
        }
        lines.push("END:VEVENT".to_owned());
    }
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for line in lines {
        fold_into(&mut out, &line);
    }
    out
}

/// One event per appointment of a booking, in the booking's order (callers pick which).
fn booking_events(
    booking: &Booking,
    offices: &[Office],
    uid_domain: &str,
    labels: &Labels,
) -> Vec<Event> {
    booking
        .appointments
        .iter()
        .map(|appointment| {
            let office = offices
                .iter()
                .find(|office| office.id == appointment.office_id);
            let names: Vec<_> = appointment
                .services
                .iter()
                .map(|s| {
                    if s.quantity > 1 {
                        format!("{} × {}", s.quantity, s.name)
                    } else {
                        s.name.clone()
                    }
                })
                .collect();
            let mut description = format!("{}: {}\n", labels.reference, booking.reference);
            for service in &appointment.services {
                description.push_str(&format!("\n{}\n{}:\n", service.name, labels.documents));
                for document in &service.documents {
                    description.push_str(&format!("- {document}\n"));
                }
            }
            if let Some(office) = office {
                description.push_str(&format!(
                    "\n{}: {} / {}",
                    labels.urgent, office.phone, office.email
                ));
            }
            Event {
                uid: format!("{}-{}@{}", booking.reference, appointment.id, uid_domain),
                sequence: 0,
                start: appointment.start.to_utc(),
                end: appointment.end.to_utc(),
                summary: format!(
                    "{}: {}{}",
                    labels.appointment,
                    names.join(", "),
                    office.map(|o| format!(" – {}", o.name)).unwrap_or_default()
                ),
                location: office
                    .map(|o| format!("{}, {}", o.name, o.address))
                    .unwrap_or_default(),
                description,
                cancelled: appointment.status.is_cancelled(),
            }
        })
        .collect()
}

/// What a booking's calendar file is made of.
#[derive(Debug)]
pub struct BookingCalendar<'a> {
    pub booking: &'a Booking,
    pub offices: &'a [Office],
    /// Where calendar UIDs live (the public host).
    pub uid_domain: &'a str,
    /// How often each appointment was moved (its SEQUENCE).
    pub sequences: &'a HashMap<AppointmentId, u32>,
}

/// A calendar file with the booking's appointments that `include` picks.
pub fn booking_calendar(
    source: &BookingCalendar<'_>,
    method: Method,
    include: impl Fn(&Appointment) -> bool,
    stamp: DateTime<Utc>,
) -> String {
    let labels = Labels::for_locale(source.booking.locale);
    let events: Vec<_> = booking_events(source.booking, source.offices, source.uid_domain, &labels)
        .into_iter()
        .zip(&source.booking.appointments)
        .filter(|(_, appointment)| include(appointment))
        .map(|(mut event, appointment)| {
            event.sequence = source.sequences.get(&appointment.id).copied().unwrap_or(0);
            event
        })
        .collect();
    calendar(method, &events, stamp)
}

/// Words used inside calendar events, in the booking's language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub appointment: &'static str,
    pub reference: &'static str,
    pub documents: &'static str,
    pub urgent: &'static str,
}

impl Labels {
    pub fn for_locale(locale: shared::locale::Locale) -> Labels {
        match locale {
            shared::locale::Locale::De => Labels {
                appointment: "Termin",
                reference: "Buchungsnummer",
                documents: "Bitte mitbringen",
                urgent: "Dringende Anliegen",
            },
            shared::locale::Locale::En => Labels {
                appointment: "Appointment",
                reference: "Booking reference",
                documents: "Please bring",
                urgent: "Urgent matters",
            },
        }
    }
}

fn utc(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT escaping of RFC 5545 §3.3.11.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (continuation lines start with a space), then CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut octets = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if octets + width > 75 {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += width;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn event() -> Event {
        Event {
            uid: "PW-7K3M-Q9-1@example.org".into(),
            sequence: 0,
            start: Utc.with_ymd_and_hms(2026, 3, 29, 7, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 3, 29, 7, 30, 0).unwrap(),
            summary: "Termin: Reisepass, Personalausweis".into(),
            location: "Bürgeramt; Kempstraße 1".into(),
            description: "Bitte mitbringen:\n- Foto".into(),
            cancelled: false,
        }
    }

    #[test]
    fn a_calendar_has_the_required_properties_in_utc() {
        let stamp = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let ics = calendar(Method::Publish, &[event()], stamp);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("\r\nDTSTART:20260329T070000Z\r\n"));
        assert!(ics.contains("\r\nDTSTAMP:20260301T120000Z\r\n"));
        assert!(ics.contains("UID:PW-7K3M-Q9-1@example.org"));
        assert!(ics.contains("SUMMARY:Termin: Reisepass\\, Personalausweis"));
        assert!(ics.contains("LOCATION:Bürgeramt\\; Kempstraße 1"));
        assert!(ics.contains("DESCRIPTION:Bitte mitbringen:\\n- Foto"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn a_cancellation_keeps_the_uid_and_says_cancel() {
        let ics = calendar(Method::Cancel, &[event()], Utc::now());
        assert!(ics.contains("METHOD:CANCEL"));
        assert!(ics.contains("STATUS:CANCELLED"));
        assert!(ics.contains("UID:PW-7K3M-Q9-1@example.org"));
        assert!(
            !ics.contains("VALARM"),
            "no reminder of what will not happen"
        );
    }

    #[test]
    fn a_confirmed_appointment_reminds_a_day_before_inside_its_event() {
        let ics = calendar(Method::Publish, &[event()], Utc::now());
        let alarm = "\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P1D\r\n\
                     DESCRIPTION:Termin: Reisepass\\, Personalausweis\r\nEND:VALARM\r\nEND:VEVENT\r\n";
        assert!(ics.contains(alarm), "{ics}");
        let cancelled = Event {
            cancelled: true,
            ..event()
        };
        let ics = calendar(Method::Publish, &[cancelled], Utc::now());
        assert!(!ics.contains("VALARM"));
    }

    proptest! {
        #[test]
        fn folded_lines_never_exceed_75_octets_and_unfold_to_the_original(text in "\\PC{0,300}") {
            let mut out = String::new();
            fold_into(&mut out, &text);
            for line in out.split("\r\n") {
                prop_assert!(line.len() <= 75);
            }
            let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
            prop_assert_eq!(unfolded, text);
        }
    }
}
