//! The call queue of an office's day: walk-in tickets from the front desk, appointments that
//! check in, calling the next citizen to a counter — never one citizen to two clerks, on
//! either backend and across server processes — and the ticket's page.

use crate::helpers::*;
use chrono::Duration;
use shared::auth::StaffRole;
use shared::call_queue::{CallNext, Finish, NewTicket, QueueLane, TicketState};
use shared::ids::{OfficeId, ServiceId};
use std::collections::HashSet;

async fn next_number(clerk: &client::Client, counter: &str) -> Option<String> {
    clerk
        .call_next(MAIN_OFFICE, &at_counter(counter))
        .await
        .unwrap()
        .map(|called| called.number)
}

#[tokio::test]
async fn walk_in_tickets_are_numbered_per_office_and_day_and_start_again_the_next_day() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let first = admin
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    let second = admin
        .issue_ticket(MAIN_OFFICE, &walk_in(PASSPORT))
        .await
        .unwrap();
    let elsewhere = admin
        .issue_ticket(BRANCH_OFFICE, &walk_in(REGISTRATION))
        .await
        .unwrap();
    assert_eq!(
        [&first.number, &second.number, &elsewhere.number],
        ["A-001", "A-002", "A-001"]
    );
    assert_ne!(first.token, second.token);
    assert_eq!(first.token.len(), 43, "256 random bits, base64url");
    let stored = count(
        &app.database_url,
        &format!(
            "SELECT COUNT(*) FROM queue_entries WHERE token_hash = '{}'",
            first.token
        ),
    )
    .await;
    assert_eq!(stored, 0, "only the token's hash is stored");

    app.clock.advance(Duration::days(1));
    let admin = admin_client(&app).await;
    let tomorrow = admin
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    assert_eq!(tomorrow.number, "A-001");
    expect_problem(app.client.ticket(&first.token).await, 410, "ticket_expired");
}

#[tokio::test]
async fn a_ticket_needs_services_of_the_office_and_staff_of_that_office() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    for services in [
        Vec::new(),
        one(ServiceId(999)),
        [one(ID_CARD), one(ID_CARD)].concat(),
    ] {
        let refused = clerk
            .issue_ticket(
                MAIN_OFFICE,
                &NewTicket {
                    services: services.clone(),
                },
            )
            .await;
        expect_problem(refused, 422, "validation_failed");
    }
    expect_problem(
        clerk.issue_ticket(BRANCH_OFFICE, &walk_in(ID_CARD)).await,
        403,
        "forbidden",
    );
    expect_problem(
        clerk
            .call_next(BRANCH_OFFICE, &at_counter("Schalter 1"))
            .await,
        403,
        "forbidden",
    );
    expect_problem(
        app.client
            .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
            .await,
        401,
        "unauthorized",
    );
    for counter in ["", "   ", "Schalter\u{7}", &"x".repeat(41)] {
        expect_problem(
            clerk.call_next(MAIN_OFFICE, &at_counter(counter)).await,
            422,
            "validation_failed",
        );
    }
    expect_problem(app.client.ticket("not-a-ticket").await, 404, "not_found");
}

#[tokio::test]
async fn appointments_whose_time_has_come_go_first_then_walk_ins_in_the_order_they_came() {
    let app = spawn_app().await;
    let on_time = book_id_card(&app, winter_time(2026, 11, 30, 9, 0), "a@example.org").await;
    let late = book_id_card(&app, winter_time(2026, 11, 30, 9, 30), "b@example.org").await;

    let staff = staff_at(&app, 8, 50).await;
    let first_walk_in = staff
        .issue_ticket(MAIN_OFFICE, &walk_in(PASSPORT))
        .await
        .unwrap();
    let staff = staff_at(&app, 8, 55).await;
    assert_eq!(
        check_in(&staff, &on_time).await.as_deref(),
        Some("T-001"),
        "the clerk can tell the citizen the number the display will call"
    );
    let staff = staff_at(&app, 8, 56).await;
    let second_walk_in = staff
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();

    // 08:57: the appointment is not due yet, so the walk-ins in front of it go first.
    let staff = staff_at(&app, 8, 57).await;
    assert_eq!(
        next_number(&staff, "Schalter 1").await.as_deref(),
        Some("A-001")
    );
    // 09:01: the appointment's time has come.
    let staff = staff_at(&app, 9, 1).await;
    let called = staff
        .call_next(MAIN_OFFICE, &at_counter("Schalter 2"))
        .await
        .unwrap()
        .expect("the appointment is called");
    assert_eq!(called.number, "T-001");
    assert_eq!(called.lane, QueueLane::Appointment);
    assert_eq!(
        called.booking_reference.as_deref(),
        Some(on_time.reference.as_str())
    );
    assert_eq!(called.services, one(ID_CARD));
    assert_eq!(called.counter, "Schalter 2");

    // 09:40 a third walk-in; 09:50 the 09:30 appointment arrives, too late: it waits with
    // the walk-ins, after those who came before it.
    let staff = staff_at(&app, 9, 40).await;
    staff
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    let staff = staff_at(&app, 9, 50).await;
    check_in(&staff, &late).await;
    let mut order = Vec::new();
    while let Some(number) = next_number(&staff, "Schalter 1").await {
        order.push(number);
    }
    assert_eq!(order, ["A-002", "A-003", "T-002"]);
    assert_eq!(
        app.client
            .ticket(&second_walk_in.token)
            .await
            .unwrap()
            .state,
        TicketState::Called
    );
    let first = app.client.ticket(&first_walk_in.token).await.unwrap();
    assert_eq!(
        (first.state, first.counter.as_deref()),
        (TicketState::Called, Some("Schalter 1"))
    );
}

#[tokio::test]
async fn a_clerk_for_some_services_is_called_only_citizens_waiting_for_nothing_else() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    clerk
        .issue_ticket(MAIN_OFFICE, &walk_in(PASSPORT))
        .await
        .unwrap();
    clerk
        .issue_ticket(
            MAIN_OFFICE,
            &NewTicket {
                services: [one(ID_CARD), one(REGISTRATION)].concat(),
            },
        )
        .await
        .unwrap();
    clerk
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    let id_cards_only = CallNext {
        counter: "Schalter 4".into(),
        services: vec![ID_CARD],
    };
    let called = clerk.call_next(MAIN_OFFICE, &id_cards_only).await.unwrap();
    assert_eq!(called.map(|c| c.number).as_deref(), Some("A-003"));
    assert_eq!(
        clerk.call_next(MAIN_OFFICE, &id_cards_only).await.unwrap(),
        None
    );
    assert_eq!(
        next_number(&clerk, "Schalter 1").await.as_deref(),
        Some("A-001")
    );
}

#[tokio::test]
async fn the_ticket_page_counts_who_is_ahead_and_estimates_from_todays_service_times() {
    let app = spawn_app().await;
    let staff = staff_at(&app, 8, 0).await;
    let mut tickets = Vec::new();
    for _ in 0..4 {
        tickets.push(
            staff
                .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
                .await
                .unwrap(),
        );
    }
    let last = app.client.ticket(&tickets[3].token).await.unwrap();
    assert_eq!(last.state, TicketState::Waiting);
    assert_eq!(last.ahead, Some(3));
    assert_eq!(
        last.estimated_wait_minutes,
        Some(40),
        "10 minutes each before anything was measured"
    );

    // One counter serves the first in 4 minutes.
    let called = staff
        .call_next(MAIN_OFFICE, &at_counter("Schalter 1"))
        .await
        .unwrap()
        .unwrap();
    let staff = staff_at(&app, 8, 4).await;
    staff
        .finish_call(MAIN_OFFICE, called.id, &Finish::default())
        .await
        .unwrap();
    expect_problem(
        staff
            .finish_call(MAIN_OFFICE, called.id, &Finish::default())
            .await,
        404,
        "not_found",
    );
    let last = app.client.ticket(&tickets[3].token).await.unwrap();
    assert_eq!(last.ahead, Some(2));
    assert_eq!(
        last.estimated_wait_minutes,
        Some(12),
        "3 × 4 minutes at one counter"
    );
    let done = app.client.ticket(&tickets[0].token).await.unwrap();
    assert_eq!((done.state, done.ahead), (TicketState::Finished, None));
}

/// Every clerk calling at once gets someone else, and nobody is called twice.
async fn calls_in_parallel(clerks: &[client::Client], office: OfficeId, waiting: usize) {
    let calls = (0..waiting + 4).map(|i| {
        let clerk = clerks[i % clerks.len()].clone();
        tokio::spawn(async move {
            clerk
                .call_next(office, &at_counter(&format!("Schalter {i}")))
                .await
        })
    });
    let results = futures::future::join_all(calls).await;
    let called: Vec<String> = results
        .into_iter()
        .filter_map(|result| result.unwrap().expect("every call is answered"))
        .map(|called| called.number)
        .collect();
    let distinct: HashSet<&String> = called.iter().collect();
    assert_eq!(
        called.len(),
        waiting,
        "everyone waiting is called: {called:?}"
    );
    assert_eq!(distinct.len(), waiting, "nobody twice: {called:?}");
}

#[tokio::test]
async fn clerks_calling_at_the_same_time_never_get_the_same_citizen() {
    let app = spawn_app().await;
    let mut clerks = Vec::new();
    for _ in 0..4 {
        clerks.push(staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await);
    }
    for _ in 0..24 {
        clerks[0]
            .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
            .await
            .unwrap();
    }
    calls_in_parallel(&clerks, MAIN_OFFICE, 24).await;
    let called = count(
        &app.database_url,
        "SELECT COUNT(*) FROM queue_entries WHERE state = 'called' AND calls = 1",
    )
    .await;
    assert_eq!(called, 24);
}

#[tokio::test]
async fn three_server_processes_on_one_postgres_database_never_call_one_citizen_twice() {
    if backend() != Backend::Postgres {
        eprintln!(
            "runs with TERMINVERGABE_TEST_BACKEND=postgres (several processes share one database)"
        );
        return;
    }
    let app = spawn_app().await;
    let processes = three_processes_with_clerks(&app).await;
    let clerks: Vec<client::Client> = processes.iter().map(|(_, clerk)| clerk.clone()).collect();
    // The processes run on the real clock: the tickets are today's there.
    for i in 0..30 {
        clerks[i % 3]
            .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
            .await
            .unwrap();
    }
    calls_in_parallel(&clerks, MAIN_OFFICE, 30).await;
    let numbers = count(
        &app.database_url,
        "SELECT COUNT(DISTINCT number) FROM queue_entries WHERE state = 'called'",
    )
    .await;
    assert_eq!(
        numbers, 30,
        "30 numbers drawn in three processes, none twice"
    );
}

#[tokio::test]
async fn the_demo_has_a_morning_in_the_queue_of_today_and_fills_it_only_once() {
    let app = spawn_app_with(|s| s.demo_queue = true).await;
    let states = |state: &'static str| {
        let url = app.database_url.clone();
        async move {
            count(
                &url,
                &format!("SELECT COUNT(*) FROM queue_entries WHERE state = '{state}'"),
            )
            .await
        }
    };
    assert_eq!(
        (
            states("finished").await,
            states("called").await,
            states("waiting").await
        ),
        (6, 1, 5)
    );
    let clerk = admin_client(&app).await;
    let next = next_number(&clerk, "Schalter 9").await;
    assert_eq!(
        next.as_deref(),
        Some("A-008"),
        "the first one waiting is next"
    );

    let mut tx = app.begin().await;
    let again = terminvergabe::admin::call_queue::demo_morning(
        &mut tx,
        terminvergabe::clock::Clock::now(&*app.clock),
        terminvergabe::startup::DEMO_ADMIN.0,
    )
    .await
    .unwrap();
    assert_eq!(again, 0, "today's queue has entries already");
}

#[tokio::test]
async fn a_citizen_who_does_not_come_is_called_again_and_only_then_marked_as_not_come() {
    let app = spawn_app().await;
    let clerk = admin_client(&app).await;
    let ticket = clerk
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    let called = clerk
        .call_next(MAIN_OFFICE, &at_counter("Schalter 4"))
        .await
        .unwrap()
        .expect("someone waits");
    assert_eq!(called.calls, 1);
    let too_early = clerk.no_show(MAIN_OFFICE, called.id).await.unwrap_err();
    assert_eq!(too_early.code(), Some("called_too_few_times"));

    let elsewhere = clerk.recall(BRANCH_OFFICE, called.id).await.unwrap_err();
    assert_eq!(
        elsewhere.status(),
        Some(reqwest::StatusCode::NOT_FOUND),
        "an entry is recalled only at its own office"
    );
    let again = clerk.recall(MAIN_OFFICE, called.id).await.unwrap();
    assert_eq!(
        (again.number.as_str(), again.counter.as_str(), again.calls),
        ("A-001", "Schalter 4", 2)
    );
    clerk.no_show(MAIN_OFFICE, called.id).await.unwrap();
    let status = app.client.ticket(&ticket.token).await.unwrap();
    assert_eq!(status.state, TicketState::NoShow);
    let finished = clerk
        .finish_call(MAIN_OFFICE, called.id, &Finish::default())
        .await
        .unwrap_err();
    assert_eq!(finished.status(), Some(reqwest::StatusCode::NOT_FOUND));
    let recalled = clerk.recall(MAIN_OFFICE, called.id).await.unwrap_err();
    assert_eq!(recalled.status(), Some(reqwest::StatusCode::NOT_FOUND));
    assert_eq!(
        next_number(&clerk, "Schalter 4").await,
        None,
        "nobody waits"
    );
}
