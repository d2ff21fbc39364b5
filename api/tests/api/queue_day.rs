//! The rest of the counter's day: a citizen parked and called back, sent to another counter
//! or back in line for other services, finished with the services performed (a checked-in
//! appointment follows: completed, or a no-show), the workstation finding its call again after
//! a reload, each office's rules of calling, and the daily contingent of walk-in tickets —
//! never exceeded by tickets drawn at the same time, on either backend and across processes.

use crate::helpers::*;
use chrono::NaiveTime;
use shared::auth::StaffRole;
use shared::bookings::AppointmentStatus;
use shared::call_queue::{
    CallNext, CallPriority, Finish, NewKiosk, QueueLane, QueueSettings, Redirect, TicketState,
    WalkInState,
};
use shared::ids::{AppointmentId, QueueEntryId};
use std::collections::HashSet;

async fn call(clerk: &client::Client, counter: &str) -> shared::call_queue::Called {
    clerk
        .call_next(MAIN_OFFICE, &at_counter(counter))
        .await
        .unwrap()
        .expect("someone waits")
}

fn numbers(items: &[shared::call_queue::QueueItem]) -> Vec<&str> {
    items.iter().map(|item| item.number.as_str()).collect()
}

async fn status_in_day_plan(clerk: &client::Client, id: AppointmentId) -> AppointmentStatus {
    let day = winter_time(2026, 11, 30, 12, 0).date_naive();
    let plan = clerk.day_plan(MAIN_OFFICE, day).await.unwrap();
    plan.iter()
        .find(|appointment| appointment.id == id)
        .expect("in the day plan")
        .status
}

fn settings(priority: CallPriority, late_after_minutes: u32) -> QueueSettings {
    QueueSettings {
        priority,
        late_after_minutes,
        ..QueueSettings::default()
    }
}

#[tokio::test]
async fn a_parked_citizen_is_skipped_by_call_next_and_called_back_by_a_clerk() {
    let app = spawn_app().await;
    let clerk = staff_at(&app, 8, 0).await;
    let first = clerk
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    clerk
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    let called = call(&clerk, "Schalter 1").await;
    assert_eq!(called.number, "A-001");
    clerk.park(MAIN_OFFICE, called.id).await.unwrap();
    let ticket = app.client.ticket(&first.token).await.unwrap();
    assert_eq!((ticket.state, ticket.counter), (TicketState::Parked, None));

    let next = call(&clerk, "Schalter 2").await;
    assert_eq!(next.number, "A-002", "call next passes a parked citizen");
    let queue = clerk.queue(MAIN_OFFICE).await.unwrap();
    assert_eq!(numbers(&queue.parked), ["A-001"]);
    assert_eq!(numbers(&queue.called), ["A-002"]);
    assert_eq!(queue.called[0].counter.as_deref(), Some("Schalter 2"));
    assert!(queue.waiting.is_empty());

    let back = clerk
        .call_entry(MAIN_OFFICE, called.id, "Schalter 1")
        .await
        .unwrap();
    assert_eq!((back.counter.as_str(), back.calls), ("Schalter 1", 2));
    let ticket = app.client.ticket(&first.token).await.unwrap();
    assert_eq!(ticket.counter.as_deref(), Some("Schalter 1"));
    expect_problem(
        clerk.call_entry(MAIN_OFFICE, called.id, "Schalter 3").await,
        404,
        "not_found",
    );
    let third = clerk
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    expect_problem(clerk.park(MAIN_OFFICE, third.id).await, 404, "not_found");
    expect_problem(clerk.park(BRANCH_OFFICE, called.id).await, 404, "not_found");
    expect_problem(
        clerk
            .call_entry(MAIN_OFFICE, QueueEntryId(9_999), "Schalter 1")
            .await,
        404,
        "not_found",
    );
    // Whoever still waited when the office closed is not called the next day.
    app.clock.advance(chrono::Duration::days(1));
    let tomorrow = admin_client(&app).await;
    expect_problem(
        tomorrow
            .call_entry(MAIN_OFFICE, third.id, "Schalter 1")
            .await,
        404,
        "not_found",
    );
    assert!(
        tomorrow
            .queue(MAIN_OFFICE)
            .await
            .unwrap()
            .waiting
            .is_empty()
    );
}

#[tokio::test]
async fn two_clerks_calling_one_parked_citizen_back_at_once_get_them_once() {
    let app = spawn_app().await;
    let mut clerks = Vec::new();
    for _ in 0..4 {
        clerks.push(staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await);
    }
    clerks[0]
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    let called = call(&clerks[0], "Schalter 1").await;
    clerks[0].park(MAIN_OFFICE, called.id).await.unwrap();
    let attempts = clerks.iter().enumerate().map(|(i, clerk)| {
        let clerk = clerk.clone();
        tokio::spawn(async move {
            clerk
                .call_entry(MAIN_OFFICE, called.id, &format!("Schalter {i}"))
                .await
        })
    });
    let results = futures::future::join_all(attempts).await;
    let won = results
        .iter()
        .filter(|r| r.as_ref().unwrap().is_ok())
        .count();
    assert_eq!(won, 1, "{results:?}");
}

#[tokio::test]
async fn a_redirected_citizen_is_called_to_the_other_counter_or_waits_again_at_their_old_place() {
    let app = spawn_app().await;
    let clerk = staff_at(&app, 8, 0).await;
    let first = clerk
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    let clerk = staff_at(&app, 8, 5).await;
    clerk
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    let clerk = staff_at(&app, 8, 10).await;
    let called = call(&clerk, "Schalter 1").await;
    assert_eq!(called.number, "A-001");

    let to_counter = Redirect {
        counter: Some("Schalter 5".into()),
        services: None,
    };
    let moved = clerk
        .redirect(MAIN_OFFICE, called.id, &to_counter)
        .await
        .unwrap();
    assert_eq!(
        (moved.state, moved.counter.as_deref(), moved.calls),
        (TicketState::Called, Some("Schalter 5"), 1)
    );
    let ticket = app.client.ticket(&first.token).await.unwrap();
    assert_eq!(ticket.counter.as_deref(), Some("Schalter 5"));

    for refused in [
        Redirect {
            counter: None,
            services: None,
        },
        Redirect {
            counter: Some("  ".into()),
            services: None,
        },
        Redirect {
            counter: None,
            services: Some(one(shared::ids::ServiceId(999))),
        },
        Redirect {
            counter: None,
            services: Some(Vec::new()),
        },
    ] {
        expect_problem(
            clerk.redirect(MAIN_OFFICE, called.id, &refused).await,
            422,
            "validation_failed",
        );
    }
    let unchanged = clerk.queue(MAIN_OFFICE).await.unwrap();
    assert_eq!(
        numbers(&unchanged.called),
        ["A-001"],
        "a refusal changes nothing"
    );
    assert_eq!(unchanged.called[0].services, one(ID_CARD));

    let to_passports = Redirect {
        counter: None,
        services: Some(one(PASSPORT)),
    };
    let waiting = clerk
        .redirect(MAIN_OFFICE, called.id, &to_passports)
        .await
        .unwrap();
    assert_eq!(
        (waiting.state, waiting.counter),
        (TicketState::Waiting, None)
    );
    assert_eq!(waiting.services, one(PASSPORT));
    let ticket = app.client.ticket(&first.token).await.unwrap();
    assert_eq!(ticket.ahead, Some(0), "back at the place they had");
    expect_problem(
        clerk.redirect(MAIN_OFFICE, called.id, &to_counter).await,
        404,
        "not_found",
    );

    let id_cards = CallNext {
        counter: "Schalter 1".into(),
        services: vec![ID_CARD],
    };
    let next = clerk
        .call_next(MAIN_OFFICE, &id_cards)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next.number, "A-002", "A-001 waits for a passport now");
    let passports = CallNext {
        counter: "Schalter 7".into(),
        services: vec![PASSPORT],
    };
    let next = clerk
        .call_next(MAIN_OFFICE, &passports)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((next.number.as_str(), next.calls), ("A-001", 1));
}

#[tokio::test]
async fn finishing_records_the_services_performed_and_completes_a_checked_in_appointment() {
    let app = spawn_app().await;
    let booking = book_id_card(&app, winter_time(2026, 11, 30, 9, 0), "a@example.org").await;
    let clerk = staff_at(&app, 8, 55).await;
    assert_eq!(check_in(&clerk, &booking).await.as_deref(), Some("T-001"));
    let walk_in_ticket = clerk
        .issue_ticket(MAIN_OFFICE, &walk_in(PASSPORT))
        .await
        .unwrap();
    let clerk = staff_at(&app, 9, 0).await;
    let called = call(&clerk, "Schalter 1").await;
    assert_eq!(called.number, "T-001");

    let unknown = Finish {
        performed: one(shared::ids::ServiceId(999)),
    };
    expect_problem(
        clerk.finish_call(MAIN_OFFICE, called.id, &unknown).await,
        422,
        "validation_failed",
    );
    let clerk = staff_at(&app, 9, 7).await;
    let both = Finish {
        performed: [one(PASSPORT), one(ID_CARD)].concat(),
    };
    let served = clerk
        .finish_call(MAIN_OFFICE, called.id, &both)
        .await
        .unwrap();
    assert_eq!(served.performed, [one(ID_CARD), one(PASSPORT)].concat());
    assert_eq!((served.finished_at - served.called_at).num_minutes(), 7);
    assert_eq!(
        status_in_day_plan(&clerk, booking.appointments[0].id).await,
        AppointmentStatus::Completed
    );

    let next = call(&clerk, "Schalter 1").await;
    assert_eq!(next.number, walk_in_ticket.number);
    let served = clerk
        .finish_call(MAIN_OFFICE, next.id, &Finish::default())
        .await
        .unwrap();
    assert_eq!(served.performed, one(PASSPORT), "what they waited for");
    let performed = count(
        &app.database_url,
        "SELECT COUNT(*) FROM queue_entry_performed",
    )
    .await;
    assert_eq!(performed, 3);
}

#[tokio::test]
async fn a_checked_in_citizen_who_does_not_come_when_called_is_a_no_show_in_the_day_plan() {
    let app = spawn_app().await;
    let booking = book_id_card(&app, winter_time(2026, 11, 30, 9, 30), "a@example.org").await;
    let clerk = staff_at(&app, 9, 25).await;
    check_in(&clerk, &booking).await;
    let clerk = staff_at(&app, 9, 30).await;
    let called = call(&clerk, "Schalter 2").await;
    clerk.recall(MAIN_OFFICE, called.id).await.unwrap();
    clerk.no_show(MAIN_OFFICE, called.id).await.unwrap();
    assert_eq!(
        status_in_day_plan(&clerk, booking.appointments[0].id).await,
        AppointmentStatus::NoShow
    );
    let audit = clerk.audit(1, Some("appointment")).await.unwrap();
    let after: Vec<_> = audit
        .entries
        .iter()
        .filter_map(|entry| entry.after.as_deref())
        .collect();
    assert!(
        after.iter().any(|after| after.contains("no_show")),
        "audited like a change in the day plan: {after:?}"
    );
}

#[tokio::test]
async fn an_office_sets_its_order_of_calling_and_from_when_an_appointment_is_late() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    assert_eq!(
        clerk.queue_settings(MAIN_OFFICE).await.unwrap(),
        QueueSettings::default()
    );
    expect_problem(
        clerk
            .set_queue_settings(MAIN_OFFICE, &settings(CallPriority::OneLine, 5))
            .await,
        403,
        "forbidden",
    );
    let admin = staff_at(&app, 8, 0).await;
    let beyond = QueueSettings {
        late_after_minutes: 241,
        walk_in_limit: Some(1000),
        ..QueueSettings::default()
    };
    let problem = expect_problem(
        admin.set_queue_settings(MAIN_OFFICE, &beyond).await,
        422,
        "validation_failed",
    );
    let fields: Vec<_> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["late_after_minutes", "walk_in_limit"]);
    expect_problem(
        admin
            .set_queue_settings(shared::ids::OfficeId(999), &QueueSettings::default())
            .await,
        404,
        "not_found",
    );
    let stored = admin
        .set_queue_settings(MAIN_OFFICE, &settings(CallPriority::OneLine, 5))
        .await
        .unwrap();
    assert_eq!(admin.queue_settings(MAIN_OFFICE).await.unwrap(), stored);
    let audit = admin.audit(1, Some("queue_settings")).await.unwrap();
    assert_eq!(audit.entries[0].action, "queue_settings.updated");
    assert!(
        audit.entries[0]
            .after
            .as_deref()
            .unwrap()
            .contains("one_line")
    );

    // One line: the 09:00 appointment takes its turn between the walk-ins of 08:50 and 09:02.
    let on_time = book_id_card(&app, winter_time(2026, 11, 30, 9, 0), "a@example.org").await;
    let late = book_id_card(&app, winter_time(2026, 11, 30, 9, 30), "b@example.org").await;
    let admin = staff_at(&app, 8, 50).await;
    admin
        .issue_ticket(MAIN_OFFICE, &walk_in(PASSPORT))
        .await
        .unwrap();
    let admin = staff_at(&app, 8, 58).await;
    check_in(&admin, &on_time).await;
    let admin = staff_at(&app, 9, 2).await;
    admin
        .issue_ticket(MAIN_OFFICE, &walk_in(PASSPORT))
        .await
        .unwrap();
    // 6 minutes late is late when the office says 5.
    let admin = staff_at(&app, 9, 36).await;
    check_in(&admin, &late).await;
    let queue = admin.queue(MAIN_OFFICE).await.unwrap();
    assert_eq!(
        numbers(&queue.waiting),
        ["A-001", "T-001", "A-002", "T-002"]
    );
    assert_eq!(queue.waiting[3].lane, QueueLane::WalkIn);
    assert_eq!(
        queue.waiting[1].booking_reference.as_deref(),
        Some(on_time.reference.as_str())
    );
    assert_eq!(queue.waiting[0].booking_reference, None);

    admin
        .set_queue_settings(MAIN_OFFICE, &settings(CallPriority::AppointmentsFirst, 5))
        .await
        .unwrap();
    let queue = admin.queue(MAIN_OFFICE).await.unwrap();
    assert_eq!(
        numbers(&queue.waiting),
        ["T-001", "A-001", "A-002", "T-002"]
    );
    assert_eq!(call(&admin, "Schalter 1").await.number, "T-001");
}

#[tokio::test]
async fn the_daily_walk_in_contingent_is_shown_and_no_ticket_beyond_it_is_drawn() {
    let app = spawn_app().await;
    let admin = staff_at(&app, 8, 0).await;
    let contingent = QueueSettings {
        walk_in_limit: Some(2),
        walk_ins_until: NaiveTime::from_hms_opt(12, 0, 0),
        ..QueueSettings::default()
    };
    admin
        .set_queue_settings(MAIN_OFFICE, &contingent)
        .await
        .unwrap();
    let open = app.client.walk_ins(MAIN_OFFICE).await.unwrap();
    assert_eq!(
        (open.state, open.remaining, open.until),
        (WalkInState::Open, Some(2), contingent.walk_ins_until)
    );
    let kiosk = admin
        .issue_kiosk(
            MAIN_OFFICE,
            &NewKiosk {
                name: "Eingang".into(),
            },
        )
        .await
        .unwrap();
    app.client
        .kiosk_ticket(&kiosk.token, &walk_in(ID_CARD))
        .await
        .unwrap();
    admin
        .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
        .await
        .unwrap();
    let full = app.client.walk_ins(MAIN_OFFICE).await.unwrap();
    assert_eq!(
        (full.state, full.remaining),
        (WalkInState::LimitReached, Some(0))
    );
    expect_problem(
        admin.issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD)).await,
        409,
        "walk_ins_exhausted",
    );
    expect_problem(
        app.client
            .kiosk_ticket(&kiosk.token, &walk_in(ID_CARD))
            .await,
        409,
        "walk_ins_exhausted",
    );
    let session = app.client.kiosk_session(&kiosk.token).await.unwrap();
    assert_eq!(session.walk_ins.state, WalkInState::LimitReached);
    assert_eq!(admin.queue(MAIN_OFFICE).await.unwrap().walk_ins, full);
    let other = app.client.walk_ins(BRANCH_OFFICE).await.unwrap();
    assert_eq!((other.state, other.remaining), (WalkInState::Open, None));

    // The next day the contingent starts again, until noon.
    let booking = book_id_card(&app, winter_time(2026, 12, 1, 9, 0), "a@example.org").await;
    app.clock
        .set(winter_time(2026, 12, 1, 11, 59).with_timezone(&chrono::Utc));
    let admin = admin_client(&app).await;
    assert_eq!(
        admin
            .issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD))
            .await
            .unwrap()
            .number,
        "A-001"
    );
    app.clock
        .set(winter_time(2026, 12, 1, 12, 0).with_timezone(&chrono::Utc));
    let closed = app.client.walk_ins(MAIN_OFFICE).await.unwrap();
    assert_eq!(
        (closed.state, closed.remaining),
        (WalkInState::Closed, Some(1))
    );
    expect_problem(
        app.client
            .kiosk_ticket(&kiosk.token, &walk_in(ID_CARD))
            .await,
        409,
        "walk_ins_closed",
    );
    assert_eq!(
        check_in(&admin, &booking).await.as_deref(),
        Some("T-001"),
        "appointments are no walk-ins: they still get their number"
    );
    expect_problem(
        app.client.walk_ins(shared::ids::OfficeId(999)).await,
        404,
        "not_found",
    );
}

/// Draws `attempts` walk-in tickets at once through `clerks`; the numbers drawn.
async fn draw_in_parallel(clerks: &[client::Client], attempts: usize) -> Vec<String> {
    let draws = (0..attempts).map(|i| {
        let clerk = clerks[i % clerks.len()].clone();
        tokio::spawn(async move { clerk.issue_ticket(MAIN_OFFICE, &walk_in(ID_CARD)).await })
    });
    let mut drawn = Vec::new();
    for result in futures::future::join_all(draws).await {
        match result.unwrap() {
            Ok(ticket) => drawn.push(ticket.number),
            refused => {
                expect_problem(refused, 409, "walk_ins_exhausted");
            }
        }
    }
    drawn
}

fn limited_to(limit: u32) -> QueueSettings {
    QueueSettings {
        walk_in_limit: Some(limit),
        ..QueueSettings::default()
    }
}

#[tokio::test]
async fn tickets_drawn_at_the_same_time_never_exceed_the_contingent() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    admin
        .set_queue_settings(MAIN_OFFICE, &limited_to(5))
        .await
        .unwrap();
    let mut clerks = Vec::new();
    for _ in 0..4 {
        clerks.push(staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await);
    }
    let drawn = draw_in_parallel(&clerks, 16).await;
    let distinct: HashSet<&String> = drawn.iter().collect();
    assert_eq!((drawn.len(), distinct.len()), (5, 5), "{drawn:?}");
    let stored = count(
        &app.database_url,
        "SELECT COUNT(*) FROM queue_entries WHERE prefix = 'A'",
    )
    .await;
    assert_eq!(stored, 5);
}

#[tokio::test]
async fn three_server_processes_on_one_postgres_database_never_exceed_the_contingent() {
    if backend() != Backend::Postgres {
        eprintln!(
            "runs with TERMINVERGABE_TEST_BACKEND=postgres (several processes share one database)"
        );
        return;
    }
    let app = spawn_app().await;
    let processes = three_processes_with_clerks(&app).await;
    let clerks: Vec<client::Client> = processes.iter().map(|(_, clerk)| clerk.clone()).collect();
    clerks[0]
        .set_queue_settings(MAIN_OFFICE, &limited_to(7))
        .await
        .unwrap();
    let drawn = draw_in_parallel(&clerks, 24).await;
    let distinct: HashSet<&String> = drawn.iter().collect();
    assert_eq!((drawn.len(), distinct.len()), (7, 7), "{drawn:?}");
}
