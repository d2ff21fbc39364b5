//! Configuration by managers: changes show in the public availability at once, rules are
//! validated, and changes over booked appointments are previewed and then cancel or keep them.

use crate::helpers::*;
use chrono::{NaiveTime, Weekday};
use client::CapacityOptions;
use shared::admin::{AffectedAppointments, ClosureSettings, OpeningRuleSettings};
use shared::auth::StaffRole;
use shared::bookings::AppointmentStatus;

fn whole_day(day: chrono::NaiveDate, reason: &str) -> ClosureSettings {
    ClosureSettings {
        starts_on: day,
        ends_on: day,
        from_time: None,
        until_time: None,
        reason: reason.into(),
    }
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

async fn free_times(app: &TestApp, day: chrono::NaiveDate) -> usize {
    app.client
        .times(MAIN_OFFICE, &one(ID_CARD), day)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_closure_removes_the_free_times_at_once_and_removing_it_brings_them_back() {
    let app = spawn_app().await;
    let manager = staff_client(&app, StaffRole::Manager, &[MAIN_OFFICE]).await;
    let day = date(2026, 12, 2);
    assert!(free_times(&app, day).await > 0);

    let partial = ClosureSettings {
        from_time: Some(time(8, 0)),
        until_time: Some(time(10, 0)),
        ..whole_day(day, "Personalversammlung")
    };
    let before = free_times(&app, day).await;
    let change = manager
        .add_closure(MAIN_OFFICE, &partial, CapacityOptions::default())
        .await
        .unwrap();
    let after_partial = free_times(&app, day).await;
    assert!(
        after_partial < before && after_partial > 0,
        "{before} → {after_partial}"
    );
    manager
        .remove_closure(MAIN_OFFICE, change.id.unwrap())
        .await
        .unwrap();
    assert_eq!(free_times(&app, day).await, before);

    manager
        .add_closure(
            MAIN_OFFICE,
            &whole_day(day, "Betriebsausflug"),
            CapacityOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(free_times(&app, day).await, 0);
    let closures = manager.closures(MAIN_OFFICE).await.unwrap();
    assert_eq!(closures.len(), 1);
    assert_eq!(closures[0].closure.reason, "Betriebsausflug");
}

#[tokio::test]
async fn a_new_opening_rule_offers_times_at_once_and_an_overlapping_one_is_refused() {
    let app = spawn_app().await;
    let manager = staff_client(&app, StaffRole::Manager, &[MAIN_OFFICE]).await;
    let saturday = date(2026, 12, 5);
    assert_eq!(free_times(&app, saturday).await, 0);
    let rule = OpeningRuleSettings {
        weekdays: vec![Weekday::Sat],
        valid_from: None,
        valid_until: None,
        opens: time(9, 0),
        closes: time(12, 0),
        slot_minutes: 15,
        counters: 2,
        offline_counters: 0,
    };
    manager.add_opening_rule(MAIN_OFFICE, &rule).await.unwrap();
    // 09:00–12:00 in 15-minute units, an ID card takes two: 11 starts.
    assert_eq!(free_times(&app, saturday).await, 11);

    let overlapping = OpeningRuleSettings {
        weekdays: vec![Weekday::Fri, Weekday::Sat],
        opens: time(11, 0),
        closes: time(13, 0),
        ..rule.clone()
    };
    let problem = expect_problem(
        manager.add_opening_rule(MAIN_OFFICE, &overlapping).await,
        422,
        "validation_failed",
    );
    assert_eq!(problem.errors[0].code, "overlapping_rule");
    let backwards = OpeningRuleSettings {
        weekdays: vec![Weekday::Sun],
        opens: time(12, 0),
        closes: time(9, 0),
        ..rule
    };
    let problem = expect_problem(
        manager.add_opening_rule(MAIN_OFFICE, &backwards).await,
        422,
        "validation_failed",
    );
    assert_eq!(problem.errors[0].field, "closes");
}

#[tokio::test]
async fn a_closure_over_booked_appointments_is_previewed_refused_and_then_cancels_them() {
    let app = spawn_app().await;
    let manager = staff_client(&app, StaffRole::Manager, &[MAIN_OFFICE]).await;
    let day = date(2026, 12, 3);
    let hit = book_id_card(&app, winter_time(2026, 12, 3, 9, 0), "hit@example.org").await;
    let spared = book_id_card(&app, winter_time(2026, 12, 4, 9, 0), "spared@example.org").await;
    let closure = whole_day(day, "Stromausfall");

    let preview = manager
        .add_closure(
            MAIN_OFFICE,
            &closure,
            CapacityOptions {
                dry_run: true,
                affected: None,
            },
        )
        .await
        .unwrap();
    assert!(preview.dry_run && preview.cancelled.is_empty() && preview.id.is_none());
    let affected: Vec<_> = preview
        .affected
        .iter()
        .map(|a| a.reference.as_str())
        .collect();
    assert_eq!(affected, vec![hit.reference.as_str()]);
    assert!(
        manager.closures(MAIN_OFFICE).await.unwrap().is_empty(),
        "a dry run saves nothing"
    );

    expect_problem(
        manager
            .add_closure(MAIN_OFFICE, &closure, CapacityOptions::default())
            .await,
        409,
        "appointments_affected",
    );
    assert!(manager.closures(MAIN_OFFICE).await.unwrap().is_empty());

    let done = manager
        .add_closure(
            MAIN_OFFICE,
            &closure,
            CapacityOptions {
                dry_run: false,
                affected: Some(AffectedAppointments::Cancel),
            },
        )
        .await
        .unwrap();
    assert_eq!(done.cancelled, vec![hit.appointments[0].id]);
    let seen = app
        .client
        .booking(&hit.reference, hit.manage_token.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(
        seen.appointments[0].status,
        AppointmentStatus::CancelledByOffice
    );
    let kept = app
        .client
        .booking(&spared.reference, spared.manage_token.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(kept.appointments[0].status, AppointmentStatus::Booked);

    let log = admin_client(&app).await.audit(1, None).await.unwrap();
    let actions: Vec<_> = log
        .entries
        .iter()
        .take(2)
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        actions,
        vec!["appointment.cancelled_by_office", "closure.created"]
    );
}

#[tokio::test]
async fn fewer_counters_affect_the_latest_bookings_and_keep_leaves_them_booked() {
    let app = spawn_app().await;
    let manager = staff_client(&app, StaffRole::Manager, &[MAIN_OFFICE]).await;
    let start = winter_time(2026, 12, 1, 9, 0);
    let first = book_id_card(&app, start, "first@example.org").await;
    let second = book_id_card(&app, start, "second@example.org").await;
    let rules = manager.opening_rules(MAIN_OFFICE).await.unwrap();
    let morning = rules.iter().find(|r| r.rule.weekdays.len() == 5).unwrap();
    let smaller = OpeningRuleSettings {
        counters: 1,
        offline_counters: 0,
        ..morning.rule.clone()
    };
    let preview = manager
        .change_opening_rule(
            MAIN_OFFICE,
            morning.id,
            &smaller,
            CapacityOptions {
                dry_run: true,
                affected: None,
            },
        )
        .await
        .unwrap();
    let affected: Vec<_> = preview
        .affected
        .iter()
        .map(|a| a.reference.as_str())
        .collect();
    assert_eq!(
        affected,
        vec![second.reference.as_str()],
        "the later booking does not fit"
    );
    assert_ne!(first.reference, second.reference);

    let kept = manager
        .change_opening_rule(
            MAIN_OFFICE,
            morning.id,
            &smaller,
            CapacityOptions {
                dry_run: false,
                affected: Some(AffectedAppointments::Keep),
            },
        )
        .await
        .unwrap();
    assert!(kept.cancelled.is_empty());
    let plan = manager
        .day_plan(MAIN_OFFICE, date(2026, 12, 1))
        .await
        .unwrap();
    assert!(plan.iter().all(|a| a.status == AppointmentStatus::Booked));
    assert_eq!(
        app.client
            .times(MAIN_OFFICE, &one(ID_CARD), date(2026, 12, 1))
            .await
            .unwrap()
            .iter()
            .filter(|t| t.start == start)
            .count(),
        0
    );
}

#[tokio::test]
async fn a_closure_written_by_another_process_refuses_the_very_next_booking_on_that_day() {
    let app = spawn_app().await;
    // The first booking leaves the catalogue in the server's memory.
    book_id_card(&app, winter_time(2026, 12, 3, 9, 0), "first@example.org").await;

    execute_elsewhere(
        &app.database_url,
        "INSERT INTO closures (office_id, starts_on, ends_on, reason) \
         VALUES (1, '2026-12-03', '2026-12-03', 'Wasserschaden')",
    )
    .await;

    let refused = expect_problem(
        app.client
            .book(
                &booking_of(
                    MAIN_OFFICE,
                    one(ID_CARD),
                    winter_time(2026, 12, 3, 10, 0),
                    "second@example.org",
                ),
                None,
            )
            .await,
        422,
        "validation_failed",
    );
    assert_eq!(refused.errors[0].code, "not_bookable");
}

#[tokio::test]
async fn a_rolled_back_dry_run_leaves_that_day_bookable_even_after_the_next_real_change() {
    let app = spawn_app().await;
    let manager = staff_client(&app, StaffRole::Manager, &[MAIN_OFFICE]).await;
    book_id_card(&app, winter_time(2026, 12, 4, 9, 0), "first@example.org").await;

    let preview = manager
        .add_closure(
            MAIN_OFFICE,
            &whole_day(date(2026, 12, 4), "Betriebsausflug"),
            CapacityOptions {
                dry_run: true,
                affected: None,
            },
        )
        .await
        .unwrap();
    assert!(preview.dry_run && preview.id.is_none());

    // The dry run read the catalogue with its closure inside its transaction; none of that may
    // outlive the rollback, not even after the next real change to the catalogue (made where
    // this server reads nothing in between: by another process).
    execute_elsewhere(
        &app.database_url,
        "INSERT INTO closures (office_id, starts_on, ends_on, reason) \
         VALUES (1, '2026-12-10', '2026-12-10', 'Personalversammlung')",
    )
    .await;
    book_id_card(&app, winter_time(2026, 12, 4, 10, 0), "second@example.org").await;
    let closures = manager.closures(MAIN_OFFICE).await.unwrap();
    assert_eq!(closures.len(), 1);
    assert_eq!(closures[0].closure.reason, "Personalversammlung");
}
