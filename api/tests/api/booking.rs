//! Booking through the public API: holds, multi-appointment bookings, idempotency, the manage
//! token, cancel, reschedule, activation, and every rule's error.

use crate::helpers::*;
use chrono::{DateTime, Duration, FixedOffset};
use client::ClientError;
use reqwest::StatusCode;
use shared::bookings::{
    AppointmentRequest, AppointmentStatus, BookingStatus, CreateBooking, CreateHold,
    RescheduleRequest,
};
use shared::ids::{AppointmentId, ServiceId};
use shared::locale::Locale;
use shared::selection::ServiceQuantity;

async fn free_at(app: &TestApp, services: &[ServiceQuantity], start: DateTime<FixedOffset>) -> u32 {
    let times = app
        .client
        .times(MAIN_OFFICE, services, start.date_naive())
        .await
        .unwrap();
    times
        .iter()
        .find(|t| t.start == start)
        .map_or(0, |t| t.free)
}

fn expect_problem<T: std::fmt::Debug>(
    result: Result<T, ClientError>,
    status: StatusCode,
    code: &str,
) -> shared::problem::Problem {
    match result {
        Err(ClientError::Problem {
            status: got,
            problem,
        }) => {
            assert_eq!((got, problem.code.as_str()), (status, code), "{problem:?}");
            *problem
        }
        other => panic!("expected {status} {code}, got {other:?}"),
    }
}

#[tokio::test]
async fn a_portal_books_two_appointments_for_three_services_and_cancels_one_which_frees_its_slot() {
    let app = spawn_app().await;
    let next = app.client.next_free(&one(ID_CARD), None).await.unwrap();
    assert_eq!(
        next[0].start,
        winter_time(2026, 11, 30, 8, 0),
        "the next free appointment is at opening"
    );

    let first = vec![
        ServiceQuantity {
            service_id: ID_CARD,
            quantity: 1,
        },
        ServiceQuantity {
            service_id: CERTIFIED_COPIES,
            quantity: 1,
        },
    ];
    let second = vec![ServiceQuantity {
        service_id: PASSPORT,
        quantity: 2,
    }];
    let first_start = winter_time(2026, 12, 1, 9, 0);
    let second_start = winter_time(2026, 12, 1, 10, 30);
    let free_before = free_at(&app, &first, first_start).await;
    assert_eq!(free_before, 3, "4 counters, 1 kept off the online channel");

    let request = CreateBooking {
        appointments: vec![
            AppointmentRequest {
                office_id: MAIN_OFFICE,
                services: first.clone(),
                start: first_start,
                hold_id: None,
            },
            AppointmentRequest {
                office_id: MAIN_OFFICE,
                services: second,
                start: second_start,
                hold_id: None,
            },
        ],
        citizen: citizen("erika@example.org"),
        locale: Locale::De,
    };
    let booked = app.client.book(&request, None).await.unwrap();
    assert_eq!(booked.status, StatusCode::CREATED);
    let booking = booked.booking;
    assert_eq!(booking.status, BookingStatus::Confirmed);
    assert_eq!(booking.appointments.len(), 2);
    assert!(booking.reference.starts_with("PW-"));
    let token = booking
        .manage_token
        .clone()
        .expect("manage token on creation");
    assert!(token.len() >= 22, "at least 128 bits");
    // ID card 2 units + copies 1 unit = 45 minutes; 2 passports × 2 units = 60 minutes.
    assert_eq!(
        booking.appointments[0].end - booking.appointments[0].start,
        Duration::minutes(45)
    );
    assert_eq!(
        booking.appointments[1].end - booking.appointments[1].start,
        Duration::minutes(60)
    );
    assert!(!booking.appointments[0].services[0].documents.is_empty());
    assert_eq!(free_at(&app, &first, first_start).await, free_before - 1);

    let seen = app
        .client
        .booking(&booking.reference, &token)
        .await
        .unwrap();
    assert_eq!(seen.appointments.len(), 2);
    assert!(seen.manage_token.is_none(), "the token is shown only once");

    let first_id = booking.appointments[0].id;
    let after = app
        .client
        .cancel(&booking.reference, &token, Some(vec![first_id]))
        .await
        .unwrap();
    assert_eq!(
        after.appointments[0].status,
        AppointmentStatus::CancelledByCitizen
    );
    assert_eq!(after.appointments[1].status, AppointmentStatus::Booked);
    assert_eq!(after.status, BookingStatus::Confirmed);
    assert_eq!(
        free_at(&app, &first, first_start).await,
        free_before,
        "capacity is back at once"
    );

    let ics = app
        .client
        .calendar(&booking.reference, &token)
        .await
        .unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        1,
        "only the remaining appointment"
    );
    assert!(ics.contains("DTSTART:20261201T093000Z"));
}

#[tokio::test]
async fn a_wrong_token_and_an_unknown_reference_get_the_same_404_and_no_token_a_401() {
    let app = spawn_app().await;
    let booked = book_id_card(&app, winter_time(2026, 12, 1, 9, 0), "a@example.org").await;
    let token = booked.manage_token.unwrap();
    let wrong = "x".repeat(token.len());
    let wrong_token = expect_problem(
        app.client.booking(&booked.reference, &wrong).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let unknown = expect_problem(
        app.client.booking("PW-AAAA-AA", &token).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_eq!(wrong_token, unknown);
    let anonymous = reqwest::get(app.url(&format!("/api/v1/bookings/{}", booked.reference)))
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    expect_problem(
        app.client.cancel(&booked.reference, &wrong, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn the_same_idempotency_key_twice_gives_one_booking() {
    let app = spawn_app().await;
    let start = winter_time(2026, 12, 1, 9, 0);
    let request = booking_of(MAIN_OFFICE, one(ID_CARD), start, "b@example.org");
    let first = app.client.book(&request, Some("key-1")).await.unwrap();
    let again = app.client.book(&request, Some("key-1")).await.unwrap();
    assert!(again.replayed);
    assert_eq!(first.booking.reference, again.booking.reference);
    assert_eq!(first.booking.manage_token, again.booking.manage_token);
    assert_eq!(
        free_at(&app, &one(ID_CARD), start).await,
        2,
        "one claim, not two"
    );

    let mut other = request.clone();
    other.citizen.name = "Someone Else".into();
    expect_problem(
        app.client.book(&other, Some("key-1")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
}

#[tokio::test]
async fn a_hold_keeps_capacity_and_lapses_by_itself_without_any_job() {
    let app = spawn_app().await;
    let start = winter_time(2026, 12, 1, 9, 0);
    let hold = app
        .client
        .hold(&CreateHold {
            office_id: MAIN_OFFICE,
            services: one(ID_CARD),
            start,
        })
        .await
        .unwrap();
    assert_about(hold.expires_at, monday_morning() + Duration::minutes(10));
    assert_eq!(free_at(&app, &one(ID_CARD), start).await, 2);

    app.clock.advance(Duration::minutes(11));
    assert_eq!(
        free_at(&app, &one(ID_CARD), start).await,
        3,
        "an expired hold frees its capacity"
    );

    let mut request = booking_of(MAIN_OFFICE, one(ID_CARD), start, "c@example.org");
    request.appointments[0].hold_id = Some(hold.id);
    let problem = expect_problem(
        app.client.book(&request, None).await,
        StatusCode::GONE,
        "hold_expired",
    );
    assert_eq!(problem.errors[0].field, "appointments[0].hold_id");
}

#[tokio::test]
async fn holds_that_lapsed_on_a_full_time_give_all_of_it_to_the_next_bookings() {
    let app = spawn_app().await;
    let start = winter_time(2026, 12, 1, 9, 0);
    let seats = free_at(&app, &one(ID_CARD), start).await;
    for _ in 0..seats {
        let hold = CreateHold {
            office_id: MAIN_OFFICE,
            services: one(ID_CARD),
            start,
        };
        app.client.hold(&hold).await.unwrap();
    }
    assert_eq!(free_at(&app, &one(ID_CARD), start).await, 0);

    app.clock.advance(Duration::minutes(11));
    for seat in 0..seats {
        let email = format!("seat{seat}@example.org");
        let request = booking_of(MAIN_OFFICE, one(ID_CARD), start, &email);
        app.client.book(&request, None).await.unwrap();
    }
    let one_more = booking_of(MAIN_OFFICE, one(ID_CARD), start, "late@example.org");
    expect_problem(
        app.client.book(&one_more, None).await,
        StatusCode::CONFLICT,
        "slot_taken",
    );
}

#[tokio::test]
async fn a_booking_from_a_hold_keeps_the_held_capacity_and_a_released_hold_frees_it() {
    let app = spawn_app().await;
    let start = winter_time(2026, 12, 1, 9, 0);
    let services = one(CERTIFIED_COPIES);
    let hold = app
        .client
        .hold(&CreateHold {
            office_id: MAIN_OFFICE,
            services: services.clone(),
            start,
        })
        .await
        .unwrap();
    let mut request = booking_of(MAIN_OFFICE, services.clone(), start, "d@example.org");
    request.appointments[0].hold_id = Some(hold.id);
    app.client.book(&request, None).await.unwrap();
    assert_eq!(
        free_at(&app, &services, start).await,
        2,
        "the hold became the appointment"
    );

    let other = app
        .client
        .hold(&CreateHold {
            office_id: MAIN_OFFICE,
            services: services.clone(),
            start,
        })
        .await
        .unwrap();
    assert_eq!(free_at(&app, &services, start).await, 1);
    app.client.release_hold(other.id).await.unwrap();
    assert_eq!(free_at(&app, &services, start).await, 2);
    app.client.release_hold(other.id).await.unwrap();
    assert_eq!(
        free_at(&app, &services, start).await,
        2,
        "releasing twice gives back once"
    );
}

#[tokio::test]
async fn a_hold_for_other_services_cannot_be_used() {
    let app = spawn_app().await;
    let start = winter_time(2026, 12, 1, 9, 0);
    let hold = app
        .client
        .hold(&CreateHold {
            office_id: MAIN_OFFICE,
            services: one(CERTIFIED_COPIES),
            start,
        })
        .await
        .unwrap();
    let mut request = booking_of(MAIN_OFFICE, one(ID_CARD), start, "e@example.org");
    request.appointments[0].hold_id = Some(hold.id);
    let problem = expect_problem(
        app.client.book(&request, None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(problem.errors[0].code, "hold_mismatch");
}

#[tokio::test]
async fn each_booking_rule_names_the_failing_field() {
    let app = spawn_app().await;
    let cases: Vec<(CreateBooking, &str, &str)> = vec![
        (
            booking_of(
                BRANCH_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 9, 0),
                "f@example.org",
            ),
            "appointments[0].services[0].service_id",
            "not_offered",
        ),
        (
            booking_of(
                MAIN_OFFICE,
                vec![ServiceQuantity {
                    service_id: PASSPORT,
                    quantity: 6,
                }],
                winter_time(2026, 12, 1, 9, 0),
                "f@example.org",
            ),
            "appointments[0].services[0].quantity",
            "quantity_out_of_range",
        ),
        (
            booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 9, 7),
                "f@example.org",
            ),
            "appointments[0].start",
            "not_bookable",
        ),
        (
            booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 13, 0),
                "f@example.org",
            ),
            "appointments[0].start",
            "not_bookable",
        ),
        (
            booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 11, 30, 7, 30),
                "f@example.org",
            ),
            "appointments[0].start",
            "too_soon",
        ),
        (
            booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2027, 3, 2, 9, 0),
                "f@example.org",
            ),
            "appointments[0].start",
            "beyond_horizon",
        ),
        (
            booking_of(
                MAIN_OFFICE,
                one(ServiceId(999)),
                winter_time(2026, 12, 1, 9, 0),
                "f@example.org",
            ),
            "appointments[0].services[0].service_id",
            "not_offered",
        ),
        (
            booking_of(
                crate::helpers::MAIN_OFFICE,
                Vec::new(),
                winter_time(2026, 12, 1, 9, 0),
                "f@example.org",
            ),
            "appointments[0].services",
            "required",
        ),
        (
            booking_of(
                shared::ids::OfficeId(77),
                one(ID_CARD),
                winter_time(2026, 12, 1, 9, 0),
                "f@example.org",
            ),
            "appointments[0].office_id",
            "unknown_office",
        ),
        (
            booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 25, 9, 0),
                "f@example.org",
            ),
            "appointments[0].start",
            "not_bookable",
        ),
    ];
    for (request, field, code) in cases {
        let problem = expect_problem(
            app.client.book(&request, None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(
            (
                problem.errors[0].field.as_str(),
                problem.errors[0].code.as_str()
            ),
            (field, code)
        );
    }
}

#[tokio::test]
async fn an_email_address_cannot_hold_more_open_appointments_than_the_office_allows() {
    let app = spawn_app().await;
    for hour in [8, 9, 10] {
        app.client
            .book(
                &booking_of(
                    MAIN_OFFICE,
                    one(ID_CARD),
                    winter_time(2026, 12, 1, hour, 0),
                    "Family@Example.org",
                ),
                None,
            )
            .await
            .unwrap();
    }
    let fourth = booking_of(
        MAIN_OFFICE,
        one(ID_CARD),
        winter_time(2026, 12, 1, 11, 0),
        "family@example.org",
    );
    expect_problem(
        app.client.book(&fourth, None).await,
        StatusCode::CONFLICT,
        "email_limit_reached",
    );
}

#[tokio::test]
async fn rescheduling_takes_the_new_time_and_frees_the_old_one() {
    let app = spawn_app().await;
    let old = winter_time(2026, 12, 1, 9, 0);
    let new = winter_time(2026, 12, 1, 9, 15);
    let booking = book_id_card(&app, old, "g@example.org").await;
    let token = booking.manage_token.unwrap();
    let moved = app
        .client
        .reschedule(
            &booking.reference,
            &token,
            booking.appointments[0].id,
            &RescheduleRequest { start: new },
        )
        .await
        .unwrap();
    assert_eq!(moved.appointments[0].start, new);
    assert_eq!(moved.appointments[0].end, winter_time(2026, 12, 1, 9, 45));
    assert_eq!(free_at(&app, &one(CERTIFIED_COPIES), old).await, 3);
    assert_eq!(free_at(&app, &one(CERTIFIED_COPIES), new).await, 2);
    assert_eq!(
        free_at(
            &app,
            &one(CERTIFIED_COPIES),
            winter_time(2026, 12, 1, 9, 30)
        )
        .await,
        2
    );
}

#[tokio::test]
async fn rescheduling_onto_a_full_time_changes_nothing() {
    let app = spawn_app().await;
    one_counter_on_tuesday_mornings(&app).await;
    let mine = app
        .client
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(CERTIFIED_COPIES),
                winter_time(2026, 12, 1, 8, 0),
                "h@example.org",
            ),
            None,
        )
        .await
        .unwrap()
        .booking;
    app.client
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(CERTIFIED_COPIES),
                winter_time(2026, 12, 1, 8, 30),
                "i@example.org",
            ),
            None,
        )
        .await
        .unwrap();
    let token = mine.manage_token.unwrap();
    let result = app
        .client
        .reschedule(
            &mine.reference,
            &token,
            mine.appointments[0].id,
            &RescheduleRequest {
                start: winter_time(2026, 12, 1, 8, 30),
            },
        )
        .await;
    expect_problem(result, StatusCode::CONFLICT, "slot_taken");
    let unchanged = app.client.booking(&mine.reference, &token).await.unwrap();
    assert_eq!(
        unchanged.appointments[0].start,
        winter_time(2026, 12, 1, 8, 0)
    );
    assert_eq!(
        free_at(&app, &one(CERTIFIED_COPIES), winter_time(2026, 12, 1, 8, 0)).await,
        0,
        "the old time is still mine"
    );
}

#[tokio::test]
async fn a_cancelled_slot_waits_for_the_office_cooldown_before_it_is_offered_again() {
    let app = spawn_app().await;
    one_counter_on_tuesday_mornings(&app).await;
    app.execute("UPDATE offices SET cancellation_cooldown_minutes = 30 WHERE id = 1")
        .await;
    let start = winter_time(2026, 12, 1, 8, 0);
    let booking = app
        .client
        .book(
            &booking_of(MAIN_OFFICE, one(CERTIFIED_COPIES), start, "j@example.org"),
            None,
        )
        .await
        .unwrap()
        .booking;
    cancel(&app, &booking).await;
    assert_eq!(
        free_at(&app, &one(CERTIFIED_COPIES), start).await,
        0,
        "cooling down"
    );
    app.clock.advance(Duration::minutes(31));
    assert_eq!(free_at(&app, &one(CERTIFIED_COPIES), start).await, 1);
}

#[tokio::test]
async fn cancelling_everything_cancels_the_booking_and_twice_changes_nothing() {
    let app = spawn_app().await;
    let booking = book_id_card(&app, winter_time(2026, 12, 1, 9, 0), "k@example.org").await;
    let token = booking.manage_token.unwrap();
    let cancelled = app
        .client
        .cancel(&booking.reference, &token, None)
        .await
        .unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    let again = app
        .client
        .cancel(&booking.reference, &token, None)
        .await
        .unwrap();
    assert_eq!(again.status, BookingStatus::Cancelled);
    assert_eq!(
        free_at(&app, &one(ID_CARD), winter_time(2026, 12, 1, 9, 0)).await,
        3
    );
    let unknown = app
        .client
        .cancel(
            &booking.reference,
            &token,
            Some(vec![AppointmentId(999_999)]),
        )
        .await;
    expect_problem(
        unknown,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
}

#[tokio::test]
async fn an_unconfirmed_booking_expires_and_frees_its_capacity() {
    let app = spawn_app().await;
    app.execute("UPDATE offices SET activation_required = TRUE, activation_deadline_minutes = 30 WHERE id = 1").await;
    let start = winter_time(2026, 12, 1, 9, 0);
    let booking = book_id_card(&app, start, "l@example.org").await;
    assert_eq!(booking.status, BookingStatus::PendingActivation);
    assert_about(
        booking.activation_deadline.unwrap(),
        monday_morning() + Duration::minutes(30),
    );
    assert_eq!(free_at(&app, &one(ID_CARD), start).await, 2);
    app.clock.advance(Duration::minutes(31));
    assert_eq!(free_at(&app, &one(ID_CARD), start).await, 3);
    let seen = app
        .client
        .booking(&booking.reference, booking.manage_token.as_ref().unwrap())
        .await
        .unwrap();
    assert_eq!(seen.status, BookingStatus::Expired);
}

#[tokio::test]
async fn a_wrong_activation_token_is_404() {
    let app = spawn_app().await;
    app.execute("UPDATE offices SET activation_required = TRUE WHERE id = 1")
        .await;
    let booking = book_id_card(&app, winter_time(2026, 12, 1, 9, 0), "m@example.org").await;
    // The manage token is not the activation token: only the email proves the address.
    let with_manage_token = app
        .client
        .activate(&booking.reference, booking.manage_token.as_ref().unwrap())
        .await;
    expect_problem(with_manage_token, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn the_last_online_counter_can_be_booked_once_and_then_the_time_is_gone() {
    let app = spawn_app().await;
    one_counter_on_tuesday_mornings(&app).await;
    let start = winter_time(2026, 12, 1, 8, 0);
    app.client
        .book(
            &booking_of(MAIN_OFFICE, one(CERTIFIED_COPIES), start, "n@example.org"),
            None,
        )
        .await
        .unwrap();
    let second = app
        .client
        .book(
            &booking_of(MAIN_OFFICE, one(CERTIFIED_COPIES), start, "o@example.org"),
            None,
        )
        .await;
    let problem = expect_problem(second, StatusCode::CONFLICT, "slot_taken");
    assert_eq!(
        problem.errors[0].field, "appointments[0].start",
        "the app learns which appointment to re-pick"
    );
}

#[tokio::test]
async fn two_appointments_of_one_request_cannot_share_the_last_counter() {
    let app = spawn_app().await;
    one_counter_on_tuesday_mornings(&app).await;
    let start = winter_time(2026, 12, 1, 8, 0);
    let mut request = booking_of(MAIN_OFFICE, one(CERTIFIED_COPIES), start, "p@example.org");
    request.appointments.push(request.appointments[0].clone());
    expect_problem(
        app.client.book(&request, None).await,
        StatusCode::CONFLICT,
        "slot_taken",
    );
    assert_eq!(
        free_at(&app, &one(CERTIFIED_COPIES), start).await,
        1,
        "all or nothing"
    );
}
