//! Availability: holidays, closures, the online share, the booking window, several offices,
//! and daylight-saving days.

use crate::helpers::*;
use chrono::{Duration, TimeZone, Utc};
use shared::selection::ServiceQuantity;

#[tokio::test]
async fn christmas_is_a_holiday_without_free_times_and_the_headers_point_to_the_nearest_free_days()
{
    let app = spawn_app().await;
    let days = app
        .client
        .days(
            &[MAIN_OFFICE],
            &one(ID_CARD),
            date(2026, 12, 24),
            date(2026, 12, 27),
        )
        .await
        .unwrap();
    let by_date: Vec<_> = days
        .days
        .iter()
        .map(|d| (d.date, d.free_times, d.holiday.clone()))
        .collect();
    assert_eq!(by_date[0].0, date(2026, 12, 24));
    assert!(by_date[0].1 > 0, "Christmas Eve is a normal Thursday");
    assert_eq!(
        by_date[1],
        (date(2026, 12, 25), 0, Some("1. Weihnachtstag".to_owned()))
    );
    assert_eq!(by_date[3].1, 0, "Sunday");
    assert_eq!(days.next_bookable, Some(date(2026, 12, 28)));
    assert_eq!(days.previous_bookable, Some(date(2026, 12, 23)));
}

#[tokio::test]
async fn a_day_counts_its_free_start_times_for_the_whole_appointment() {
    let app = spawn_app().await;
    // Tuesday 08:00–12:30 in 15-minute units: 18 units; an ID card takes 2, so 17 starts.
    let days = app
        .client
        .days(
            &[MAIN_OFFICE],
            &one(ID_CARD),
            date(2026, 12, 1),
            date(2026, 12, 1),
        )
        .await
        .unwrap();
    assert_eq!(days.days[0].free_times, 17);
    let times = app
        .client
        .times(MAIN_OFFICE, &one(ID_CARD), date(2026, 12, 1))
        .await
        .unwrap();
    assert_eq!(times.len(), 17);
    assert_eq!(times[0].local_time, "08:00");
    assert_eq!(times.last().unwrap().local_time, "12:00");
    assert_eq!(times[0].start.to_rfc3339(), "2026-12-01T08:00:00+01:00");
    assert!(
        times.iter().all(|t| t.free == 3),
        "4 counters, 1 kept for phone bookings"
    );
}

#[tokio::test]
async fn a_closure_removes_its_hours_and_changes_show_at_once() {
    let app = spawn_app().await;
    app.execute(
        "INSERT INTO closures (office_id, starts_on, ends_on, from_time, until_time, reason) \
         VALUES (1, '2026-12-01', '2026-12-01', '10:00:00', '11:00:00', 'Betriebsversammlung')",
    )
    .await;
    let times = app
        .client
        .times(MAIN_OFFICE, &one(CERTIFIED_COPIES), date(2026, 12, 1))
        .await
        .unwrap();
    assert!(
        times
            .iter()
            .all(|t| t.local_time.as_str() < "10:00" || t.local_time.as_str() >= "11:00")
    );
    assert_eq!(times.len(), 18 - 4);
    let with_id_card = app
        .client
        .times(MAIN_OFFICE, &one(ID_CARD), date(2026, 12, 1))
        .await
        .unwrap();
    assert!(
        !with_id_card.iter().any(|t| t.local_time == "09:45"),
        "an appointment cannot span the closure"
    );

    app.execute("INSERT INTO closures (office_id, starts_on, ends_on, reason) VALUES (1, '2026-12-02', '2026-12-04', 'Umzug')").await;
    let days = app
        .client
        .days(
            &[MAIN_OFFICE],
            &one(ID_CARD),
            date(2026, 12, 2),
            date(2026, 12, 4),
        )
        .await
        .unwrap();
    assert!(days.days.iter().all(|d| d.free_times == 0));
}

#[tokio::test]
async fn a_booking_and_its_cancellation_show_in_the_very_next_answer_to_the_same_question() {
    let app = spawn_app().await;
    let day = date(2026, 12, 1);
    let free_at_nine = |times: &[shared::availability::FreeTime]| {
        times
            .iter()
            .find(|t| t.local_time == "09:00")
            .map_or(0, |t| t.free)
    };
    let days = |app: &TestApp| {
        let client = app.client.clone();
        async move {
            client
                .days(&[MAIN_OFFICE], &one(ID_CARD), day, day)
                .await
                .unwrap()
                .days[0]
                .free_times
        }
    };
    let before = app
        .client
        .times(MAIN_OFFICE, &one(ID_CARD), day)
        .await
        .unwrap();
    let free_days_before = days(&app).await;
    assert_eq!(free_at_nine(&before), 3);

    let booking = book_id_card(&app, winter_time(2026, 12, 1, 9, 0), "q@example.org").await;
    let during = app
        .client
        .times(MAIN_OFFICE, &one(ID_CARD), day)
        .await
        .unwrap();
    assert_eq!(free_at_nine(&during), 2, "the booking shows at once");

    app.client
        .cancel(&booking.reference, &booking.manage_token.unwrap(), None)
        .await
        .unwrap();
    let after = app
        .client
        .times(MAIN_OFFICE, &one(ID_CARD), day)
        .await
        .unwrap();
    assert_eq!(after, before, "the cancellation frees the time at once");
    assert_eq!(days(&app).await, free_days_before);
}

#[tokio::test]
async fn the_minimum_notice_hides_starts_that_are_too_soon() {
    let app = spawn_app().await;
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap()); // 09:00 local
    let times = app
        .client
        .times(MAIN_OFFICE, &one(CERTIFIED_COPIES), date(2026, 11, 30))
        .await
        .unwrap();
    assert_eq!(times[0].local_time, "10:00");
}

#[tokio::test]
async fn days_beyond_the_horizon_are_never_free() {
    let app = spawn_app().await;
    let days = app
        .client
        .days(
            &[MAIN_OFFICE],
            &one(ID_CARD),
            date(2027, 1, 25),
            date(2027, 2, 5),
        )
        .await
        .unwrap();
    let last_free = days
        .days
        .iter()
        .filter(|d| d.free_times > 0)
        .map(|d| d.date)
        .max();
    assert_eq!(
        last_free,
        Some(date(2027, 1, 29)),
        "60 days after 30 November"
    );
    assert_eq!(days.next_bookable, None);
}

#[tokio::test]
async fn the_next_free_appointment_is_listed_per_office_earliest_first() {
    let app = spawn_app().await;
    let next = app
        .client
        .next_free(&one(CERTIFICATE_OF_REGISTRATION), None)
        .await
        .unwrap();
    assert_eq!(next.len(), 2, "both offices offer it");
    assert!(next[0].start <= next[1].start);
    assert_eq!(next[1].office_id, BRANCH_OFFICE);
    assert_eq!(
        next[1].start.to_rfc3339(),
        "2026-12-01T09:00:00+01:00",
        "the branch opens Tuesday 09:00"
    );
    let only_main = app.client.next_free(&one(ID_CARD), None).await.unwrap();
    assert_eq!(only_main.len(), 1, "the branch does not issue ID cards");
}

#[tokio::test]
async fn the_next_free_appointment_is_found_weeks_ahead_when_the_office_is_closed_until_then() {
    let app = spawn_app().await;
    app.execute(
        "INSERT INTO closures (office_id, starts_on, ends_on, reason) \
         VALUES (1, '2026-11-30', '2026-12-20', 'Umbau')",
    )
    .await;
    let next = app
        .client
        .next_free(&one(ID_CARD), Some(&[MAIN_OFFICE]))
        .await
        .unwrap();
    assert_eq!(next.len(), 1);
    assert_eq!(
        next[0].start.to_rfc3339(),
        "2026-12-21T08:00:00+01:00",
        "the Monday after the closure"
    );
}

#[tokio::test]
async fn several_offices_can_be_asked_at_once() {
    let app = spawn_app().await;
    let days = app
        .client
        .days(
            &[MAIN_OFFICE, BRANCH_OFFICE],
            &one(REGISTRATION),
            date(2026, 12, 1),
            date(2026, 12, 2),
        )
        .await
        .unwrap();
    assert_eq!(days.days.len(), 4);
    let branch_wednesday = days
        .days
        .iter()
        .find(|d| d.office_id == BRANCH_OFFICE && d.date == date(2026, 12, 2))
        .unwrap();
    assert_eq!(
        branch_wednesday.free_times, 0,
        "the branch opens Tuesdays and Thursdays only"
    );
}

#[tokio::test]
async fn bad_availability_queries_are_clear_client_errors() {
    let app = spawn_app().await;
    for (query, status) in [
        (
            "/api/v1/availability/times?office_id=1&services=x&date=2026-12-01",
            422,
        ),
        (
            "/api/v1/availability/times?office_id=1&services=1:1&date=yesterday",
            400,
        ),
        (
            "/api/v1/availability/times?office_id=99&services=1:1&date=2026-12-01",
            422,
        ),
        (
            "/api/v1/availability/days?office_id=1&services=1:1&from=2026-12-01&to=2028-12-01",
            422,
        ),
        (
            "/api/v1/availability/days?office_id=1&services=1:1&from=2026-12-05&to=2026-12-01",
            422,
        ),
        ("/api/v1/availability/next?services=2:9", 200),
        ("/api/v1/availability/next?services=2:9&office_id=1", 422),
    ] {
        let response = reqwest::get(app.url(query)).await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{query}");
        if status >= 400 {
            assert_eq!(
                response.headers()["content-type"],
                "application/problem+json",
                "{query}"
            );
        }
    }
}

async fn night_office(app: &TestApp) {
    app.execute("DELETE FROM opening_rules WHERE office_id = 1")
        .await;
    app.execute("UPDATE offices SET horizon_days = 400 WHERE id = 1")
        .await;
    app.execute(
        "INSERT INTO opening_rules (office_id, weekdays, opens, closes, slot_minutes, counters, offline_counters) \
         VALUES (1, 'sun', '01:00:00', '04:00:00', 30, 1, 0)",
    )
    .await;
}

#[tokio::test]
async fn on_the_spring_daylight_saving_day_the_missing_hour_has_no_times() {
    let app = spawn_app().await;
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    night_office(&app).await;
    let times = app
        .client
        .times(MAIN_OFFICE, &one(CERTIFIED_COPIES), date(2026, 3, 29))
        .await
        .unwrap();
    let starts: Vec<_> = times.iter().map(|t| t.start.to_rfc3339()).collect();
    assert_eq!(
        starts,
        [
            "2026-03-29T01:00:00+01:00",
            "2026-03-29T01:30:00+01:00",
            "2026-03-29T03:00:00+02:00",
            "2026-03-29T03:30:00+02:00"
        ]
    );
}

#[tokio::test]
async fn on_the_autumn_daylight_saving_day_the_repeated_hour_is_offered_twice_unambiguously() {
    let app = spawn_app().await;
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 10, 1, 12, 0, 0).unwrap());
    night_office(&app).await;
    let times = app
        .client
        .times(MAIN_OFFICE, &one(CERTIFIED_COPIES), date(2026, 10, 25))
        .await
        .unwrap();
    let starts: Vec<_> = times.iter().map(|t| t.start.to_rfc3339()).collect();
    assert_eq!(starts.len(), 8);
    assert!(starts.contains(&"2026-10-25T02:00:00+02:00".to_owned()));
    assert!(starts.contains(&"2026-10-25T02:00:00+01:00".to_owned()));
    let instants: std::collections::BTreeSet<_> = times.iter().map(|t| t.start.to_utc()).collect();
    assert_eq!(instants.len(), 8, "no doubled instant");
    assert!(
        times
            .windows(2)
            .all(|w| w[1].start - w[0].start == Duration::minutes(30))
    );
}

#[tokio::test]
async fn quantities_multiply_the_duration() {
    let app = spawn_app().await;
    let two_passports = vec![ServiceQuantity {
        service_id: PASSPORT,
        quantity: 2,
    }];
    let times = app
        .client
        .times(MAIN_OFFICE, &two_passports, date(2026, 12, 1))
        .await
        .unwrap();
    assert_eq!(
        times.last().unwrap().local_time,
        "11:30",
        "4 units must fit before 12:30"
    );
}

#[tokio::test]
async fn with_a_daily_release_time_the_newest_day_opens_at_that_time_not_at_midnight() {
    let app = spawn_app().await;
    app.execute("UPDATE offices SET daily_release_time = '08:00:00' WHERE id = 1")
        .await;
    // 07:00 local on Monday: 29 January 2027 (60 days ahead) is not released yet.
    let before = app
        .client
        .days(
            &[MAIN_OFFICE],
            &one(ID_CARD),
            date(2027, 1, 28),
            date(2027, 1, 29),
        )
        .await
        .unwrap();
    assert_eq!(
        before
            .days
            .iter()
            .map(|d| d.free_times > 0)
            .collect::<Vec<_>>(),
        [true, false]
    );
    app.clock.advance(Duration::hours(1));
    let after = app
        .client
        .days(
            &[MAIN_OFFICE],
            &one(ID_CARD),
            date(2027, 1, 28),
            date(2027, 1, 29),
        )
        .await
        .unwrap();
    assert_eq!(
        after
            .days
            .iter()
            .map(|d| d.free_times > 0)
            .collect::<Vec<_>>(),
        [true, true]
    );
}
