//! The counter's day: the day plan, status changes, cancelling by the office, booking on
//! behalf of a citizen on the counters kept off the online channel, search, capacity.

use crate::helpers::*;
use shared::admin::{BookingChannel, StaffBookingRequest, StaffStatus, StatusChange};
use shared::auth::StaffRole;
use shared::bookings::AppointmentStatus;
use shared::locale::Locale;

fn status(status: StaffStatus, reason: Option<&str>) -> StatusChange {
    StatusChange {
        status,
        reason: reason.map(str::to_owned),
    }
}

async fn free_at(app: &TestApp, start: chrono::DateTime<chrono::FixedOffset>) -> u32 {
    app.client
        .times(MAIN_OFFICE, &one(ID_CARD), start.date_naive())
        .await
        .unwrap()
        .iter()
        .find(|t| t.start == start)
        .map_or(0, |t| t.free)
}

#[tokio::test]
async fn the_day_plan_lists_the_days_appointments_with_services_citizen_and_channel() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    let late = book_id_card(&app, winter_time(2026, 12, 1, 10, 0), "late@example.org").await;
    let early = book_id_card(&app, winter_time(2026, 12, 1, 8, 30), "early@example.org").await;
    book_id_card(
        &app,
        winter_time(2026, 12, 2, 8, 30),
        "other-day@example.org",
    )
    .await;

    let plan = clerk
        .day_plan(MAIN_OFFICE, date(2026, 12, 1))
        .await
        .unwrap();
    let references: Vec<_> = plan.iter().map(|a| a.reference.as_str()).collect();
    assert_eq!(
        references,
        vec![early.reference.as_str(), late.reference.as_str()]
    );
    let first = &plan[0];
    assert_eq!(first.start, winter_time(2026, 12, 1, 8, 30));
    assert_eq!(first.end, winter_time(2026, 12, 1, 9, 0));
    assert_eq!(first.status, AppointmentStatus::Booked);
    assert_eq!(first.channel, BookingChannel::Online);
    assert_eq!(first.citizen_name.as_deref(), Some("Erika Mustermann"));
    assert_eq!(first.citizen_email.as_deref(), Some("early@example.org"));
    assert_eq!(first.services.len(), 1);
    assert_eq!(first.services[0].name, "Personalausweis beantragen");
    assert_eq!(first.services[0].quantity, 1);

    let week = clerk
        .appointments_between(MAIN_OFFICE, date(2026, 11, 30), date(2026, 12, 6))
        .await
        .unwrap();
    assert_eq!(week.len(), 3);
    expect_problem(
        clerk
            .appointments_between(MAIN_OFFICE, date(2026, 12, 1), date(2027, 1, 31))
            .await,
        422,
        "validation_failed",
    );
}

#[tokio::test]
async fn check_in_completion_and_no_show_follow_the_allowed_transitions() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    let arrives = book_id_card(&app, winter_time(2026, 11, 30, 9, 0), "a@example.org").await;
    let absent = book_id_card(&app, winter_time(2026, 11, 30, 9, 30), "b@example.org").await;
    let arrives = arrives.appointments[0].id;
    let absent = absent.appointments[0].id;

    expect_problem(
        clerk
            .change_status(absent, &status(StaffStatus::NoShow, None))
            .await,
        409,
        "not_yet_started",
    );
    let checked = clerk
        .change_status(arrives, &status(StaffStatus::CheckedIn, None))
        .await
        .unwrap();
    assert_eq!(checked.status, AppointmentStatus::CheckedIn);
    let done = clerk
        .change_status(arrives, &status(StaffStatus::Completed, None))
        .await
        .unwrap();
    assert_eq!(done.status, AppointmentStatus::Completed);
    expect_problem(
        clerk
            .change_status(arrives, &status(StaffStatus::CheckedIn, None))
            .await,
        409,
        "invalid_transition",
    );

    app.clock.set(winter_time(2026, 11, 30, 9, 45).to_utc());
    // The access token has expired meanwhile (15 minutes); a new login.
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    let missed = clerk
        .change_status(absent, &status(StaffStatus::NoShow, None))
        .await
        .unwrap();
    assert_eq!(missed.status, AppointmentStatus::NoShow);

    let admin = admin_client(&app).await;
    let log = admin.audit(1, Some("appointment")).await.unwrap();
    assert_eq!(log.total, 3);
    let latest = &log.entries[0];
    assert_eq!(latest.action, "appointment.status_changed");
    assert_eq!(
        latest.entity_id.as_deref(),
        Some(absent.to_string().as_str())
    );
    assert!(latest.before.as_deref().unwrap().contains("booked"));
    assert!(latest.after.as_deref().unwrap().contains("no_show"));
    assert!(latest.username.starts_with("clerk-"));
}

#[tokio::test]
async fn cancelling_by_the_office_needs_a_reason_and_gives_the_capacity_back() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    let start = winter_time(2026, 12, 1, 9, 0);
    let booking = book_id_card(&app, start, "c@example.org").await;
    let id = booking.appointments[0].id;
    assert_eq!(free_at(&app, start).await, 2);

    expect_problem(
        clerk
            .change_status(id, &status(StaffStatus::CancelledByOffice, None))
            .await,
        422,
        "validation_failed",
    );
    let cancelled = clerk
        .change_status(
            id,
            &status(
                StaffStatus::CancelledByOffice,
                Some("Sachbearbeiterin erkrankt"),
            ),
        )
        .await
        .unwrap();
    assert_eq!(cancelled.status, AppointmentStatus::CancelledByOffice);
    assert_eq!(
        cancelled.cancel_reason.as_deref(),
        Some("Sachbearbeiterin erkrankt")
    );
    assert_eq!(free_at(&app, start).await, 3, "the capacity is free again");

    let token = booking.manage_token.unwrap();
    let seen = app
        .client
        .booking(&booking.reference, &token)
        .await
        .unwrap();
    assert_eq!(
        seen.appointments[0].status,
        AppointmentStatus::CancelledByOffice
    );
    let log = admin_client(&app)
        .await
        .audit(1, Some("appointment"))
        .await
        .unwrap();
    assert_eq!(log.entries[0].action, "appointment.cancelled_by_office");

    // The citizen is told, with the reason, and their calendar drops the event.
    let mut notice = None;
    for _ in 0..100 {
        notice = std::fs::read_dir(app.mail_dir())
            .unwrap()
            .flatten()
            .map(|f| std::fs::read_to_string(f.path()).unwrap())
            .find(|m| m.contains("Subject: Terminabsage"));
        if notice.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let notice = notice.expect("a cancellation email reaches the citizen");
    let parsed = mailparse::parse_mail(notice.as_bytes()).unwrap();
    let bodies: Vec<String> = parsed
        .parts()
        .filter(|part| part.subparts.is_empty())
        .map(|part| part.get_body().unwrap())
        .collect();
    assert!(
        bodies
            .iter()
            .any(|b| b.contains("Grund: Sachbearbeiterin erkrankt")),
        "{bodies:?}"
    );
    assert!(bodies.iter().any(|b| b.contains("METHOD:CANCEL")));
}

#[tokio::test]
async fn staff_book_on_the_offline_counter_when_the_online_capacity_is_full() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    let start = winter_time(2026, 12, 1, 9, 0);
    for n in 0..3 {
        book_id_card(&app, start, &format!("online{n}@example.org")).await;
    }
    assert_eq!(free_at(&app, start).await, 0, "3 online counters taken");
    expect_problem(
        app.client
            .book(
                &booking_of(MAIN_OFFICE, one(ID_CARD), start, "late@example.org"),
                None,
            )
            .await,
        409,
        "slot_taken",
    );

    let request = StaffBookingRequest {
        services: one(ID_CARD),
        start,
        citizen: citizen("counter@example.org"),
        locale: Locale::De,
    };
    let booked = clerk.book_on_behalf(MAIN_OFFICE, &request).await.unwrap();
    assert!(booked.manage_token.is_some());
    assert_eq!(
        booked.appointments[0].status,
        AppointmentStatus::Booked,
        "no activation"
    );
    let plan = clerk
        .day_plan(MAIN_OFFICE, date(2026, 12, 1))
        .await
        .unwrap();
    let staff_made = plan
        .iter()
        .find(|a| a.reference == booked.reference)
        .unwrap();
    assert_eq!(staff_made.channel, BookingChannel::Staff);

    expect_problem(
        clerk.book_on_behalf(MAIN_OFFICE, &request).await,
        409,
        "slot_taken",
    );
    let log = admin_client(&app)
        .await
        .audit(1, Some("booking"))
        .await
        .unwrap();
    assert_eq!(log.entries[0].action, "booking.created_by_staff");
    assert!(
        !log.entries[0]
            .after
            .as_deref()
            .unwrap()
            .contains("counter@example.org")
    );
}

#[tokio::test]
async fn search_finds_an_appointment_by_sloppy_reference_or_part_of_the_name() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    let booking = book_id_card(&app, winter_time(2026, 12, 1, 9, 0), "s@example.org").await;
    let sloppy = booking.reference.replace('-', " ").to_lowercase();
    let by_reference = clerk
        .search_appointments(MAIN_OFFICE, &sloppy)
        .await
        .unwrap();
    assert_eq!(by_reference.len(), 1);
    assert_eq!(by_reference[0].reference, booking.reference);
    let by_name = clerk
        .search_appointments(MAIN_OFFICE, "musterm")
        .await
        .unwrap();
    assert_eq!(by_name.len(), 1);
    assert!(
        clerk
            .search_appointments(MAIN_OFFICE, "Schmidt")
            .await
            .unwrap()
            .is_empty()
    );
    expect_problem(
        clerk.search_appointments(MAIN_OFFICE, "x").await,
        422,
        "validation_failed",
    );
}

#[tokio::test]
async fn capacity_per_hour_counts_offered_and_claimed_counter_units() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    book_id_card(&app, winter_time(2026, 12, 1, 9, 0), "c@example.org").await;
    let days = clerk
        .capacity(MAIN_OFFICE, date(2026, 12, 1), date(2026, 12, 1))
        .await
        .unwrap();
    let hours = &days[0].hours;
    assert_eq!(hours.first().unwrap().start, winter_time(2026, 12, 1, 8, 0));
    assert_eq!(hours.len(), 5, "08–12:30");
    let nine = hours
        .iter()
        .find(|h| h.start == winter_time(2026, 12, 1, 9, 0))
        .unwrap();
    assert_eq!(
        (nine.online_capacity, nine.total_capacity),
        (12, 16),
        "4 units × 3 / 4 counters"
    );
    assert_eq!(
        (nine.online_used, nine.total_used),
        (2, 2),
        "one ID card takes 2 units"
    );
    let half = hours.last().unwrap();
    assert_eq!(half.total_capacity, 8, "12:00–12:30");
}
