//! Email through a real SMTP server (aiosmtpd on loopback): confirmation content, delivery
//! after an SMTP outage exactly once, reminders on time, activation.

use crate::helpers::*;
use chrono::{Duration, FixedOffset, TimeZone};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The capture server process, killed when dropped.
struct SmtpCapture {
    process: Child,
}

impl Drop for SmtpCapture {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_capture(port: u16, folder: &Path) -> SmtpCapture {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_capture.py");
    let mut process = Command::new("python3")
        .args([script, &port.to_string(), &folder.to_string_lossy()])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 runs");
    let mut line = String::new();
    BufReader::new(process.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(
        line.trim(),
        "ready",
        "the SMTP capture server needs `pip install aiosmtpd`"
    );
    SmtpCapture { process }
}

/// The raw messages in a capture folder or the dev mailbox, oldest first.
pub(crate) fn messages(folder: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                .collect()
        })
        .unwrap_or_default();
    // In the order written (the file names are random).
    files.sort_by_key(|file| {
        let written = std::fs::metadata(file).and_then(|m| m.modified()).ok();
        (written, file.clone())
    });
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

/// The (id, token) a link like `…{path}<id>#token=<token>` carries, from the newest message
/// to `to` whose subject starts with `subject`, in the mailboxes of several processes
/// (whichever sent it); waits up to 15 seconds.
pub(crate) async fn link_in_mails(
    mail_dirs: &[std::path::PathBuf],
    to: &str,
    subject: &str,
    path: &str,
) -> (uuid::Uuid, String) {
    let mail = mail_in(mail_dirs, to, subject).await;
    let after = mail
        .text
        .split(path)
        .nth(1)
        .unwrap_or_else(|| panic!("no {path} link in {}", mail.text));
    let (id, rest) = after.split_once("#token=").expect("a token in the link");
    let token: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
    (id.parse().expect("a uuid"), token)
}

/// The newest message to `to` whose subject starts with `subject`, in the mailboxes of
/// several processes; waits up to 15 seconds for it (mail is delivered after the commit).
pub(crate) async fn mail_in(mail_dirs: &[std::path::PathBuf], to: &str, subject: &str) -> Received {
    for _ in 0..150 {
        let found = mail_dirs
            .iter()
            .flat_map(|dir| messages(dir))
            .collect::<Vec<_>>()
            .iter()
            .map(|raw| read(raw))
            .rfind(|mail| mail.to.contains(to) && mail.subject.starts_with(subject));
        if let Some(mail) = found {
            return mail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no message “{subject}” to {to}");
}

/// Waits until `count` messages arrived (at most 15 seconds).
pub(crate) async fn wait_for_messages(folder: &Path, count: usize) -> Vec<Vec<u8>> {
    for _ in 0..150 {
        let found = messages(folder);
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("expected {count} messages, got {}", messages(folder).len());
}

/// Subject, recipient, plain-text body and calendar attachment of a message.
pub(crate) struct Received {
    pub(crate) subject: String,
    pub(crate) to: String,
    pub(crate) text: String,
    pub(crate) html: String,
    pub(crate) ics: Option<String>,
    pub(crate) message_id: String,
}

pub(crate) fn read(raw: &[u8]) -> Received {
    let parsed = mailparse::parse_mail(raw).unwrap();
    let header = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case(name))
            .map(|h| h.get_value())
            .unwrap_or_default()
    };
    let mut received = Received {
        subject: header("Subject"),
        to: header("To"),
        text: String::new(),
        html: String::new(),
        ics: None,
        message_id: header("Message-ID"),
    };
    fn walk(part: &mailparse::ParsedMail<'_>, into: &mut Received) {
        match part.ctype.mimetype.as_str() {
            "text/plain" => into.text = part.get_body().unwrap(),
            "text/html" => into.html = part.get_body().unwrap(),
            "text/calendar" => into.ics = Some(part.get_body().unwrap()),
            _ => part.subparts.iter().for_each(|sub| walk(sub, into)),
        }
    }
    walk(&parsed, &mut received);
    received
}

fn smtp_url(port: u16) -> String {
    format!("smtp://127.0.0.1:{port}?tls=none")
}

fn tuesday(hour: u32) -> chrono::DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, 1, hour, 0, 0)
        .unwrap()
}

#[tokio::test]
async fn a_booking_sends_a_confirmation_with_documents_a_working_manage_link_and_a_calendar() {
    let folder = tempfile::tempdir().unwrap();
    let port = free_port();
    let _smtp = start_capture(port, folder.path());
    let app = spawn_app_with(|s| s.mail.smtp_url = Some(smtp_url(port).parse().unwrap())).await;
    let booked = app
        .client
        .book(
            &booking_of(MAIN_OFFICE, one(PASSPORT), tuesday(9), "erika@example.org"),
            None,
        )
        .await
        .unwrap()
        .booking;

    let mail = read(&wait_for_messages(folder.path(), 1).await[0]);
    assert_eq!(mail.to, "erika@example.org");
    assert_eq!(
        mail.subject,
        format!("Terminbestätigung {}", booked.reference)
    );
    assert!(
        mail.text
            .contains("Dienstag, 1. Dezember 2026, 09:00–09:30 Uhr"),
        "{}",
        mail.text
    );
    assert!(
        mail.text.contains("Ein aktuelles biometrisches Passfoto"),
        "documents to bring"
    );
    assert!(mail.text.contains("(05 71) 79 12 23"), "urgent contact");
    assert!(
        mail.html
            .contains("<li>Ein aktuelles biometrisches Passfoto (35 × 45 mm)</li>")
    );
    assert!(mail.message_id.starts_with("<confirmation."));

    let link = mail
        .text
        .lines()
        .find(|l| l.contains("#token="))
        .expect("manage link");
    assert!(link.starts_with(&format!(
        "http://127.0.0.1:8080/booking/{}#token=",
        booked.reference
    )));
    let token = link.split("#token=").nth(1).unwrap().trim();
    let seen = app
        .client
        .booking(&booked.reference, token)
        .await
        .expect("the emailed link manages the booking");
    assert_eq!(seen.reference, booked.reference);

    let ics = mail.ics.expect("calendar attachment");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.contains("METHOD:PUBLISH"));
    assert!(ics.contains("DTSTART:20261201T080000Z") && ics.contains("DTEND:20261201T083000Z"));
    assert!(ics.contains(&format!(
        "UID:{}-{}@127.0.0.1",
        booked.reference, booked.appointments[0].id
    )));
}

#[tokio::test]
async fn a_booking_succeeds_while_smtp_is_down_and_the_mail_arrives_exactly_once_later() {
    let folder = tempfile::tempdir().unwrap();
    let port = free_port();
    let app = spawn_app_with(|s| s.mail.smtp_url = Some(smtp_url(port).parse().unwrap())).await;
    app.clock.run(); // retries need time to pass
    let booked = app
        .client
        .book(
            &booking_of(MAIN_OFFICE, one(ID_CARD), tuesday(9), "down@example.org"),
            None,
        )
        .await;
    assert!(booked.is_ok(), "email never fails a booking");
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;

    let _smtp = start_capture(port, folder.path());
    let arrived = wait_for_messages(folder.path(), 1).await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(messages(folder.path()).len(), 1, "exactly once");
    assert!(read(&arrived[0]).subject.starts_with("Terminbestätigung"));
}

#[tokio::test]
async fn the_reminder_comes_a_day_before_and_never_for_a_cancelled_appointment() {
    let folder = tempfile::tempdir().unwrap();
    let port = free_port();
    let _smtp = start_capture(port, folder.path());
    let app = spawn_app_with(|s| s.mail.smtp_url = Some(smtp_url(port).parse().unwrap())).await;
    // Now: Monday 07:00; the appointments are Tuesday 09:00 and 10:00, 26 and 27 hours away.
    let kept = book_id_card(&app, tuesday(9), "kept@example.org").await;
    let dropped = book_id_card(&app, tuesday(10), "dropped@example.org").await;
    cancel(&app, &dropped).await;
    wait_for_messages(folder.path(), 3).await; // two confirmations, one cancellation
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(
        messages(folder.path()).len(),
        3,
        "no reminder 26 hours ahead"
    );

    app.clock.advance(Duration::hours(4)); // 22 and 23 hours ahead
    let all = wait_for_messages(folder.path(), 4).await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let reminders: Vec<_> = messages(folder.path())
        .iter()
        .map(|m| read(m))
        .filter(|m| m.subject.starts_with("Erinnerung"))
        .collect();
    assert_eq!(
        reminders.len(),
        1,
        "one reminder, none for the cancelled appointment ({} mails)",
        all.len()
    );
    assert_eq!(reminders[0].to, "kept@example.org");
    assert!(reminders[0].subject.ends_with(&kept.reference));
    assert!(reminders[0].text.contains("Bitte sagen Sie den Termin ab"));
    assert!(
        reminders[0].text.contains("#token="),
        "the reminder carries a cancel link"
    );
}

#[tokio::test]
async fn activation_by_email_confirms_the_booking_and_then_the_confirmation_is_sent() {
    let folder = tempfile::tempdir().unwrap();
    let port = free_port();
    let _smtp = start_capture(port, folder.path());
    let app = spawn_app_with(|s| s.mail.smtp_url = Some(smtp_url(port).parse().unwrap())).await;
    app.execute("UPDATE offices SET activation_required = TRUE WHERE id = 1")
        .await;
    let booked = book_id_card(&app, tuesday(9), "optin@example.org").await;

    let activation = read(&wait_for_messages(folder.path(), 1).await[0]);
    assert!(
        activation
            .subject
            .starts_with("Bitte bestätigen Sie Ihre Buchung")
    );
    assert!(activation.ics.is_none());
    let link = activation
        .text
        .lines()
        .find(|l| l.contains("#activate="))
        .expect("activation link");
    let token = link.split("#activate=").nth(1).unwrap().trim();
    let confirmed = app.client.activate(&booked.reference, token).await.unwrap();
    assert_eq!(confirmed.status, shared::bookings::BookingStatus::Confirmed);

    let confirmation = read(&wait_for_messages(folder.path(), 2).await[1]);
    assert!(confirmation.subject.starts_with("Terminbestätigung"));
    assert!(confirmation.ics.is_some());
    let used_again = app.client.activate(&booked.reference, token).await;
    assert_eq!(
        used_again.unwrap_err().status(),
        Some(reqwest::StatusCode::NOT_FOUND),
        "a used activation token is gone"
    );
}

#[tokio::test]
async fn without_smtp_mail_lands_in_the_dev_mailbox() {
    let app = spawn_app().await;
    app.client
        .book(
            &booking_of(MAIN_OFFICE, one(ID_CARD), tuesday(9), "dev@example.org"),
            None,
        )
        .await
        .unwrap();
    let mailbox = app.mail_dir();
    let arrived = wait_for_messages(&mailbox, 1).await;
    assert!(read(&arrived[0]).subject.starts_with("Terminbestätigung"));
}

#[tokio::test]
async fn personal_data_goes_when_a_booking_is_cancelled_and_after_the_retention_period() {
    let app = spawn_app().await;
    let cancelled = book_id_card(&app, tuesday(9), "gone@example.org").await;
    let kept = book_id_card(&app, tuesday(10), "later@example.org").await;
    cancel(&app, &cancelled).await;
    let stored = |reference: String| {
        let url = app.database_url.clone();
        async move { personal_data(&url, &reference).await }
    };
    assert_eq!(
        stored(cancelled.reference.clone()).await,
        (None, None),
        "cancelled: deleted at once"
    );
    assert_eq!(
        stored(kept.reference.clone()).await.1.as_deref(),
        Some("later@example.org")
    );
    let mail = wait_for_messages(&app.mail_dir(), 3).await;
    assert!(
        mail.iter()
            .any(|m| read(m).subject.starts_with("Terminabsage")),
        "the cancellation email still went out"
    );

    // A day after the appointment, the rest goes too, and the manage link is used up.
    app.clock.advance(Duration::days(3));
    for _ in 0..50 {
        if stored(kept.reference.clone()).await.1.is_none() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(stored(kept.reference.clone()).await, (None, None));
    let used_up = app
        .client
        .booking(&kept.reference, kept.manage_token.as_ref().unwrap())
        .await;
    assert_eq!(
        used_up.unwrap_err().status(),
        Some(reqwest::StatusCode::NOT_FOUND)
    );
}

/// (name, email) stored for a booking.
async fn personal_data(database_url: &str, reference: &str) -> (Option<String>, Option<String>) {
    let sql = "SELECT citizen_name, citizen_email FROM bookings WHERE reference = $1";
    match backend() {
        Backend::Sqlite => {
            let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(database_url)
                .await
                .unwrap();
            sqlx::query_as(sql)
                .bind(reference)
                .fetch_one(&mut c)
                .await
                .unwrap()
        }
        Backend::Postgres => {
            let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(database_url)
                .await
                .unwrap();
            sqlx::query_as(sql)
                .bind(reference)
                .fetch_one(&mut c)
                .await
                .unwrap()
        }
    }
}

#[tokio::test]
async fn moving_an_appointment_sends_the_new_time_with_an_updated_calendar_entry() {
    let app = spawn_app().await;
    let booked = book_id_card(&app, tuesday(9), "moved@example.org").await;
    let request = shared::bookings::RescheduleRequest { start: tuesday(11) };
    app.client
        .reschedule(
            &booked.reference,
            booked.manage_token.as_ref().unwrap(),
            booked.appointments[0].id,
            &request,
        )
        .await
        .unwrap();
    let mails = wait_for_messages(&app.mail_dir(), 2).await;
    let moved = mails
        .iter()
        .map(|m| read(m))
        .find(|m| m.subject.starts_with("Termin verschoben"))
        .expect("a rescheduling email");
    assert!(
        moved
            .text
            .contains("Dienstag, 1. Dezember 2026, 11:00–11:30 Uhr"),
        "{}",
        moved.text
    );
    let ics = moved.ics.expect("calendar");
    assert!(
        ics.contains("SEQUENCE:1"),
        "calendars replace the old event"
    );
    assert!(ics.contains(&format!(
        "UID:{}-{}@",
        booked.reference, booked.appointments[0].id
    )));
}
