//! Faults: PostgreSQL restarted under load, a server process killed in the middle of bookings.
//! Afterwards every confirmed booking is there exactly once, no booking is partial, and the
//! capacity ledger agrees with the appointments.

use crate::helpers::*;
use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use reqwest::StatusCode;
use shared::bookings::{AppointmentRequest, CreateBooking};
use shared::locale::Locale;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// A PostgreSQL cluster of our own on a spare port, so restarting it disturbs no other test.
struct ThrowawayPostgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl ThrowawayPostgres {
    /// Creates and starts a cluster (initdb refuses root, so it runs as the `postgres` user).
    fn start() -> ThrowawayPostgres {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL server binaries under /usr/lib/postgresql")
            .flatten()
            .map(|version| version.path().join("bin"))
            .find(|bin| bin.join("initdb").is_file())
            .expect("initdb");
        let dir = tempfile::tempdir().unwrap();
        Command::new("chown")
            .args(["postgres:postgres"])
            .arg(dir.path())
            .status()
            .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = ThrowawayPostgres { bin, dir, port };
        cluster.as_postgres(
            "initdb",
            &["--auth=trust", "-U", "postgres", "-D", &cluster.data()],
        );
        cluster.ctl("start");
        cluster
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn ctl(&self, action: &str) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("postgres.log").display().to_string();
        self.as_postgres(
            "pg_ctl",
            &[
                action,
                "-D",
                &self.data(),
                "-w",
                "-m",
                "fast",
                "-o",
                &options,
                "-l",
                &log,
            ],
        );
    }

    fn as_postgres(&self, program: &str, args: &[&str]) {
        let status = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join(program))
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{program} {args:?} failed");
    }
}

impl Drop for ThrowawayPostgres {
    fn drop(&mut self) {
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["stop", "-D", &self.data(), "-m", "immediate"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

fn winter(day: u32, hour: u32, minute: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, day, hour, minute, 0)
        .unwrap()
}

/// Every quarter hour of the main office's mornings in the first December weeks.
fn starts() -> Vec<DateTime<FixedOffset>> {
    let days = [1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18];
    days.iter()
        .flat_map(|&day| (0..17).map(move |i| winter(day, 8, 0) + Duration::minutes(15 * i)))
        .collect()
}

/// A booking of two appointments (so a partial booking would show).
fn two_appointments(
    first: DateTime<FixedOffset>,
    second: DateTime<FixedOffset>,
    n: usize,
) -> CreateBooking {
    let appointment = |start| AppointmentRequest {
        office_id: MAIN_OFFICE,
        services: one(CERTIFIED_COPIES),
        start,
        hold_id: None,
    };
    CreateBooking {
        appointments: vec![appointment(first), appointment(second)],
        citizen: citizen(&format!("fault{n}@example.org")),
        locale: Locale::De,
    }
}

/// Facts about the stored data that must hold after any fault.
#[derive(Debug)]
struct Consistency {
    bookings: i64,
    partial_bookings: i64,
    ledger_mismatches: i64,
}

const BOOKINGS: &str = "SELECT COUNT(*) FROM bookings";
const PARTIAL: &str = "SELECT COUNT(*) FROM bookings b WHERE (SELECT COUNT(*) FROM appointments a WHERE a.booking_id = b.id) <> 2";
/// Ledger rows whose counts differ from the unreleased appointments that claim them.
const LEDGER_MISMATCHES: &str = "SELECT COUNT(*) FROM slot_usage s WHERE \
    s.online_used <> (SELECT COUNT(*) FROM appointment_units u JOIN appointments a ON a.id = u.appointment_id \
                      WHERE a.office_id = s.office_id AND u.unit_start = s.unit_start AND a.released_at IS NULL AND a.channel = 'online') \
    OR s.staff_used <> (SELECT COUNT(*) FROM appointment_units u JOIN appointments a ON a.id = u.appointment_id \
                      WHERE a.office_id = s.office_id AND u.unit_start = s.unit_start AND a.released_at IS NULL AND a.channel = 'staff')";

async fn consistency(database_url: &str) -> Consistency {
    Consistency {
        bookings: count(database_url, BOOKINGS).await,
        partial_bookings: count(database_url, PARTIAL).await,
        ledger_mismatches: count(database_url, LEDGER_MISMATCHES).await,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_restarting_under_load_makes_the_server_not_ready_and_loses_or_duplicates_no_booking()
 {
    if backend() != Backend::Postgres {
        eprintln!(
            "runs with TERMINVERGABE_TEST_BACKEND=postgres (restarts a PostgreSQL cluster of its own)"
        );
        return;
    }
    let postgres = ThrowawayPostgres::start();
    let url = postgres.url();
    let app = spawn_app_with(|s| s.database.database_url = url.parse().unwrap()).await;
    let slots = starts();
    let load = {
        let client = app.client.clone();
        let slots = slots.clone();
        tokio::spawn(async move {
            let mut confirmed = Vec::new();
            for n in 0..slots.len() / 2 {
                let request = two_appointments(slots[2 * n], slots[2 * n + 1], n);
                if let Ok(booked) = client.book(&request, None).await {
                    confirmed.push(booked.booking);
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            confirmed
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    postgres.ctl("stop");
    let ready = reqwest::get(app.url("/health/ready")).await.unwrap();
    assert_eq!(
        ready.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "not ready while the database is down"
    );
    assert_eq!(
        reqwest::get(app.url("/health/live"))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    postgres.ctl("start");

    let confirmed = load.await.unwrap();
    let mut recovered = false;
    for _ in 0..50 {
        if reqwest::get(app.url("/health/ready"))
            .await
            .unwrap()
            .status()
            == StatusCode::OK
        {
            recovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(recovered, "the server recovers without a restart");
    assert!(!confirmed.is_empty());
    for booking in &confirmed {
        let seen = app
            .client
            .booking(&booking.reference, booking.manage_token.as_ref().unwrap())
            .await;
        assert_eq!(
            seen.expect("a confirmed booking is never lost")
                .appointments
                .len(),
            2
        );
    }
    let references: std::collections::BTreeSet<_> =
        confirmed.iter().map(|b| b.reference.clone()).collect();
    assert_eq!(references.len(), confirmed.len(), "no duplicates");
    let after = consistency(&url).await;
    assert!(after.bookings >= confirmed.len() as i64);
    assert_eq!(
        (after.partial_bookings, after.ledger_mismatches),
        (0, 0),
        "{after:?}"
    );
    // New bookings work again.
    let next = two_appointments(winter(21, 8, 0), winter(21, 8, 15), 9999);
    assert_eq!(
        app.client.book(&next, None).await.unwrap().status,
        StatusCode::CREATED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_in_the_middle_of_bookings_leaves_no_partial_booking() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let port = free_port();
    let demo = [
        "--demo",
        "--pow-difficulty",
        "0",
        "--rate-limit-per-minute",
        "0",
    ];
    let mut server = ServerProcess::start(&database_url, Some(port), &demo).await;
    let client = server.client();
    // Whatever the real date, book real days ahead: find free times through the API.
    let next = client
        .next_free(&one(CERTIFIED_COPIES), Some(&[MAIN_OFFICE]))
        .await
        .unwrap();
    let first_day = next[0].start.date_naive();
    let mut slots = Vec::new();
    for offset in 0..20 {
        let date = first_day + Duration::days(offset);
        slots.extend(
            client
                .times(MAIN_OFFICE, &one(CERTIFIED_COPIES), date)
                .await
                .unwrap()
                .into_iter()
                .map(|t| t.start),
        );
        if slots.len() >= 200 {
            break;
        }
    }
    let attempts: Vec<_> = (0..slots.len() / 2)
        .map(|n| {
            let client = client.clone();
            let request = two_appointments(slots[2 * n], slots[2 * n + 1], n);
            tokio::spawn(async move { client.book(&request, None).await })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    server.kill();
    let outcomes = futures::future::join_all(attempts).await;
    let confirmed: Vec<_> = outcomes
        .into_iter()
        .filter_map(|r| r.unwrap().ok())
        .map(|b| b.booking)
        .collect();

    let after = consistency(&database_url).await;
    assert_eq!(
        (after.partial_bookings, after.ledger_mismatches),
        (0, 0),
        "{after:?}"
    );
    assert!(
        after.bookings >= confirmed.len() as i64,
        "every confirmed booking is stored"
    );
    assert!(
        after.bookings < (slots.len() / 2) as i64,
        "the kill interrupted the run: {after:?}"
    );

    // A new process on the same database serves the confirmed bookings.
    let restarted = ServerProcess::start(&database_url, Some(port), &demo).await;
    for booking in &confirmed {
        assert!(
            client
                .booking(&booking.reference, booking.manage_token.as_ref().unwrap())
                .await
                .is_ok()
        );
    }
    drop(restarted);
}
