//! The retention promise, everywhere: after a booking's retention ran, no table holds its
//! citizen's name, address, phone, manage token or cancellation reason — found by reading every
//! column of every table of the schema, not a hand-kept list — and no secret is ever stored in
//! clear in an idempotency record.

use crate::helpers::*;
use crate::portal_keys::portal;
use chrono::Duration;
use shared::admin::{StaffStatus, StatusChange};
use shared::bookings::Citizen;
use shared::portal::ApiScope;
use std::collections::BTreeMap;

/// Every row of every table, each as one text, by table.
async fn every_row(database_url: &str) -> BTreeMap<String, Vec<String>> {
    let mut rows = BTreeMap::new();
    if database_url.starts_with("sqlite") {
        let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(database_url)
            .await
            .unwrap();
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(&mut c)
        .await
        .unwrap();
        for table in tables {
            let columns: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT name FROM pragma_table_info('{table}')"
            )))
            .fetch_all(&mut c)
            .await
            .unwrap();
            let row = columns
                .iter()
                .map(|column| {
                    format!(
                        "CASE typeof(\"{column}\") WHEN 'blob' THEN hex(\"{column}\") \
                         ELSE COALESCE(CAST(\"{column}\" AS TEXT), '') END"
                    )
                })
                .collect::<Vec<_>>()
                .join(" || '|' || ");
            let texts: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT {row} FROM \"{table}\""
            )))
            .fetch_all(&mut c)
            .await
            .unwrap();
            rows.insert(table, texts);
        }
    } else {
        let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(database_url)
            .await
            .unwrap();
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'")
                .fetch_all(&mut c)
                .await
                .unwrap();
        for table in tables {
            let texts: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT t::text FROM \"{table}\" t"
            )))
            .fetch_all(&mut c)
            .await
            .unwrap();
            rows.insert(table, texts);
        }
    }
    rows
}

/// The tables and rows in which any of `needles` occurs.
fn occurrences(
    rows: &BTreeMap<String, Vec<String>>,
    needles: &[&str],
) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for (table, texts) in rows {
        for text in texts {
            let lower = text.to_lowercase();
            for needle in needles {
                if lower.contains(&needle.to_lowercase()) {
                    found.push((table.clone(), (*needle).to_owned(), text.clone()));
                }
            }
        }
    }
    found
}

async fn wait_until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..100 {
        if done().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen");
}

#[tokio::test]
async fn after_its_retention_a_booking_leaves_nothing_personal_in_any_table() {
    let app = spawn_app_with(|s| {
        // Every email and webhook fails for good at once: their rows must not keep anything.
        s.mail.smtp_url = Some("smtp://127.0.0.1:1?tls=none".parse().unwrap());
        s.mail.mail_max_attempts = 1;
        s.webhooks.webhook_max_attempts = 1;
    })
    .await;
    let (portal, _) = portal(
        &app,
        "Serviceportal",
        &[ApiScope::AvailabilityRead, ApiScope::BookingsWrite],
        &[],
        100,
        Some("http://127.0.0.1:1/hook".into()),
    )
    .await;
    let mut request = booking_of(
        MAIN_OFFICE,
        one(ID_CARD),
        winter_time(2026, 12, 1, 9, 0),
        "x@example.org",
    );
    request.citizen = Citizen {
        name: "Erika Mustermann".into(),
        email: "Erika.Mustermann+termin@example.org".into(),
        phone: Some("+49 571 7654321".into()),
    };
    let mut second = request.appointments[0].clone();
    second.start = winter_time(2026, 12, 1, 10, 0);
    request.appointments.push(second);
    let booked = portal
        .book(&request, Some("order-4711"))
        .await
        .unwrap()
        .booking;
    let token = booked.manage_token.clone().unwrap();
    // The same citizen also waits for an earlier appointment.
    app.client
        .join_waitlist(&shared::waitlist::JoinWaitlist {
            services: one(ID_CARD),
            offices: vec![MAIN_OFFICE],
            earliest: date(2026, 12, 1),
            latest: date(2026, 12, 1),
            weekdays: Vec::new(),
            times: None,
            citizen: request.citizen.clone(),
            locale: shared::locale::Locale::De,
        })
        .await
        .unwrap();
    admin_client(&app)
        .await
        .change_status(
            booked.appointments[1].id,
            &StatusChange {
                status: StaffStatus::CancelledByOffice,
                reason: Some("Frau Mustermann rief an, sie ist krank".into()),
            },
        )
        .await
        .unwrap();
    // Someone tries the citizen's address as a staff user name.
    let _ = app
        .client
        .clone()
        .login("erika.mustermann+termin@example.org", "geraten")
        .await;
    let personal = [
        "Mustermann",
        "erika.mustermann",
        "7654321",
        token.as_str(),
        "rief an",
    ];
    wait_until("the mail and webhook attempts", async || {
        count(
            &app.database_url,
            "SELECT COUNT(*) FROM outbox WHERE status = 'failed'",
        )
        .await
            >= 2
            && count(
                &app.database_url,
                "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'failed'",
            )
            .await
                >= 1
    })
    .await;
    let before = occurrences(&every_row(&app.database_url).await, &personal);
    let tables: std::collections::BTreeSet<&str> =
        before.iter().map(|(table, _, _)| table.as_str()).collect();
    assert!(
        tables.is_superset(
            &[
                "appointments",
                "audit_log",
                "bookings",
                "login_throttle",
                "waitlist_entries"
            ]
            .into()
        ),
        "the booking is stored with its citizen: {tables:?}"
    );

    app.clock.advance(Duration::days(3));
    wait_until("the retention", async || {
        occurrences(&every_row(&app.database_url).await, &personal).is_empty()
    })
    .await;
    let left = every_row(&app.database_url).await;
    for (table, texts) in &left {
        eprintln!("{table}: {} rows left", texts.len());
    }
    assert_eq!(occurrences(&left, &personal), Vec::new());
    assert_eq!(
        count(
            &app.database_url,
            "SELECT COUNT(*) FROM appointments WHERE booking_id IS NOT NULL"
        )
        .await,
        2,
        "the appointments stay for statistics, without names"
    );
}

#[tokio::test]
async fn an_idempotency_record_holds_no_secret_in_clear_and_replays_to_its_key_holder() {
    let app = spawn_app().await;
    let request = booking_of(
        MAIN_OFFICE,
        one(ID_CARD),
        winter_time(2026, 12, 1, 9, 0),
        "sealed@example.org",
    );
    let first = app
        .client
        .book(&request, Some("retry-me-1"))
        .await
        .unwrap()
        .booking;
    let token = first.manage_token.clone().unwrap();
    let stored = every_row(&app.database_url).await["idempotency_keys"].join("\n");
    assert!(!stored.is_empty());
    for secret in [
        token.as_str(),
        "retry-me-1",
        first.reference.as_str(),
        "sealed@example.org",
    ] {
        assert!(
            !stored.contains(secret),
            "{secret} is stored in clear: {stored}"
        );
    }
    let replayed = app.client.book(&request, Some("retry-me-1")).await.unwrap();
    assert_eq!(
        replayed.booking.manage_token.as_deref(),
        Some(token.as_str())
    );
    assert_eq!(replayed.booking.reference, first.reference);
}

#[tokio::test]
async fn records_of_the_previous_release_are_sealed_when_the_server_starts() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let first =
        ServerProcess::start(&database_url, None, &["--demo", "--pow-difficulty", "0"]).await;
    drop(first);
    // A record as the previous release wrote it: key, body hash and answer in clear.
    let request = booking_of(
        MAIN_OFFICE,
        one(ID_CARD),
        winter_time(2026, 12, 1, 9, 0),
        "earlier@example.org",
    );
    let body_hash =
        terminvergabe::domain::tokens::hash_token(&serde_json::to_string(&request).unwrap());
    let answer = r#"{"reference":"PW-AAAA-AA","manage_token":"clear-secret","status":"confirmed"}"#;
    execute_elsewhere(
        &database_url,
        &format!(
            "INSERT INTO idempotency_keys (scope, key_hash, request_mac, response_status, sealed_response, created_at) \
             VALUES ('bookings', 'earlier-key', '{body_hash}', 201, '{answer}', CURRENT_TIMESTAMP)"
        ),
    )
    .await;
    let server = ServerProcess::start(&database_url, None, &["--pow-difficulty", "0"]).await;
    let stored = every_row(&database_url).await["idempotency_keys"].join("\n");
    assert!(
        !stored.contains("clear-secret") && !stored.contains("earlier-key"),
        "{stored}"
    );
    let replay = reqwest::Client::new()
        .post(server.url("/api/v1/bookings"))
        .header("Idempotency-Key", "earlier-key")
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.text().await.unwrap(), answer);
}

#[tokio::test]
async fn the_dev_mailbox_forgets_its_messages_after_the_retention() {
    let app = spawn_app().await;
    book_id_card(&app, winter_time(2026, 12, 1, 9, 0), "mailbox@example.org").await;
    let messages = || {
        std::fs::read_dir(app.mail_dir())
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .count()
            })
            .unwrap_or(0)
    };
    wait_until("the confirmation in the mailbox", async || messages() == 1).await;
    // Written two days ago, by the server's clock.
    let written = std::time::SystemTime::from(monday_morning() - Duration::days(2));
    for entry in std::fs::read_dir(app.mail_dir()).unwrap() {
        std::fs::File::options()
            .write(true)
            .open(entry.unwrap().path())
            .unwrap()
            .set_modified(written)
            .unwrap();
    }
    wait_until("the mailbox emptied", async || messages() == 0).await;
}

#[tokio::test]
async fn the_per_address_limit_counts_plus_aliases_and_case_as_one_address() {
    let app = spawn_app().await;
    app.execute("UPDATE offices SET max_open_appointments_per_email = 2 WHERE id = 1")
        .await;
    for (hour, email) in [(9, "erika@example.org"), (10, "Erika+zwei@Example.org")] {
        book_id_card(&app, winter_time(2026, 12, 1, hour, 0), email).await;
    }
    let third = app
        .client
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 11, 0),
                "ERIKA+drei@example.org",
            ),
            None,
        )
        .await;
    expect_problem(third, 409, "email_limit_reached");
}
