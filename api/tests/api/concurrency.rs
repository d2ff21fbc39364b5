//! The database guarantees capacity: racing requests never overbook, on either backend and
//! across several server processes.

use crate::helpers::*;
use chrono::{FixedOffset, TimeZone};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_bookings_for_the_last_capacity_give_one_success_and_99_conflicts() {
    let app = spawn_app().await;
    one_counter_on_tuesday_mornings(&app).await;
    let start = FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, 1, 8, 0, 0)
        .unwrap();
    let attempts = (0..100).map(|i| {
        let client = app.client.clone();
        let request = booking_of(
            MAIN_OFFICE,
            one(CERTIFIED_COPIES),
            start,
            &format!("racer{i}@example.org"),
        );
        tokio::spawn(async move { client.book(&request, None).await })
    });
    let results = futures::future::join_all(attempts).await;
    let mut created = 0;
    let mut conflicts = 0;
    for result in results {
        match result.unwrap() {
            Ok(booked) => {
                assert_eq!(booked.status, StatusCode::CREATED);
                created += 1;
            }
            Err(error) if error.code() == Some("slot_taken") => conflicts += 1,
            Err(other) => panic!("unexpected outcome: {other}"),
        }
    }
    assert_eq!((created, conflicts), (1, 99));
    let times = app
        .client
        .times(MAIN_OFFICE, &one(CERTIFIED_COPIES), start.date_naive())
        .await
        .unwrap();
    assert!(!times.iter().any(|t| t.start == start), "the slot is full");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_retries_with_one_idempotency_key_book_once() {
    let app = spawn_app().await;
    let start = FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .unwrap();
    let request = booking_of(
        MAIN_OFFICE,
        one(CERTIFIED_COPIES),
        start,
        "retry@example.org",
    );
    let attempts = (0..10).map(|_| {
        let client = app.client.clone();
        let request = request.clone();
        tokio::spawn(async move { client.book(&request, Some("double-click")).await.unwrap() })
    });
    let results = futures::future::join_all(attempts).await;
    let references: std::collections::BTreeSet<_> = results
        .into_iter()
        .map(|r| r.unwrap().booking.reference)
        .collect();
    assert_eq!(references.len(), 1);
    let times = app
        .client
        .times(MAIN_OFFICE, &one(CERTIFIED_COPIES), start.date_naive())
        .await
        .unwrap();
    assert_eq!(times.iter().find(|t| t.start == start).unwrap().free, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_server_processes_on_one_postgres_database_never_overbook() {
    if backend() != Backend::Postgres {
        eprintln!(
            "runs with TERMINVERGABE_TEST_BACKEND=postgres (several processes share one server database)"
        );
        return;
    }
    let app = spawn_app().await;
    // One counter on every weekday, so the next free time is soon whatever the real date is.
    app.open_main_office_every_day("00:00:00", "23:45:00").await;
    let processes = ServerProcess::start_three(&app.database_url).await;
    let clients: Vec<_> = processes.iter().map(ServerProcess::client).collect();
    let next = clients[0]
        .next_free(&one(CERTIFIED_COPIES), Some(&[MAIN_OFFICE]))
        .await
        .unwrap();
    let start = next[0].start;
    let attempts = (0..99).map(|i| {
        let client = clients[i % 3].clone();
        let request = booking_of(
            MAIN_OFFICE,
            one(CERTIFIED_COPIES),
            start,
            &format!("process{i}@example.org"),
        );
        tokio::spawn(async move { client.book(&request, None).await })
    });
    let results = futures::future::join_all(attempts).await;
    let created = results
        .iter()
        .filter(|r| r.as_ref().unwrap().is_ok())
        .count();
    let conflicts = results
        .iter()
        .filter(|r| r.as_ref().unwrap().as_ref().err().and_then(|e| e.code()) == Some("slot_taken"))
        .count();
    assert_eq!((created, conflicts), (1, 98));
}
