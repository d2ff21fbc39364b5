//! Fair release against the real server and database: a day in its release window is closed
//! to the public, requests are entries (double opt-in by email, one per address), the draw
//! books them in the recorded seed's order whatever their arrival, and several server
//! processes closing the same window draw it once.

use crate::email::{link_in_mails, mail_in};
use crate::helpers::*;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use client::{Client, ClientError};
use shared::release::{EnterRelease, ReleaseEntryId, ReleaseEntryStatus, ReleasePhase};
use terminvergabe::domain::release::draw_order;

/// Tuesday 1 December 2026, released on Monday at 08:00 (one day ahead) with a 30-minute
/// window.
fn tuesday() -> NaiveDate {
    date(2026, 12, 1)
}

fn tuesday_at(hour: u32, minute: u32) -> DateTime<FixedOffset> {
    winter_time(2026, 12, 1, hour, minute)
}

fn entry(email: &str, times: &[DateTime<FixedOffset>]) -> EnterRelease {
    EnterRelease {
        office_id: MAIN_OFFICE,
        services: one(ID_CARD),
        times: times.to_vec(),
        citizen: citizen(email),
        locale: shared::locale::Locale::De,
    }
}

/// Enters the draw; returns the entry's id and token from the confirmation email.
async fn entered(app: &TestApp, request: &EnterRelease) -> (ReleaseEntryId, String) {
    let answer = app.client.enter_release(request).await;
    assert!(answer.is_ok(), "{answer:?}");
    let (id, token) = link_in_mails(
        &[app.mail_dir()],
        &request.citizen.email,
        "Bitte bestätigen Sie Ihre Teilnahme",
        "/release/",
    )
    .await;
    (ReleaseEntryId(id), token)
}

/// Enters and confirms.
async fn in_the_draw(app: &TestApp, request: &EnterRelease) -> (ReleaseEntryId, String) {
    let (id, token) = entered(app, request).await;
    let confirmed = app.client.confirm_release_entry(id, &token).await.unwrap();
    assert_eq!(confirmed.status, ReleaseEntryStatus::Entered);
    (id, token)
}

async fn free_tuesday_times(client: &Client) -> Vec<DateTime<FixedOffset>> {
    client
        .times(MAIN_OFFICE, &one(ID_CARD), tuesday())
        .await
        .unwrap()
        .into_iter()
        .map(|free| free.start)
        .collect()
}

#[tokio::test]
async fn a_released_day_is_closed_to_the_public_until_its_draw_books_the_entries_in_the_recorded_order()
 {
    let app = spawn_app().await;
    releasing_tomorrow_at_eight(&app).await;
    app.clock.set(monday_at(7, 59));
    let round = app.client.release_round(MAIN_OFFICE).await.unwrap();
    assert_eq!(round.phase, ReleasePhase::Upcoming);
    assert_eq!(round.day, tuesday());
    assert_eq!(round.entries_until, winter_time(2026, 11, 30, 8, 30));
    let early = app
        .client
        .enter_release(&entry("early@example.org", &[]))
        .await;
    assert_eq!(
        early.as_ref().err().and_then(ClientError::code),
        Some("release_not_open")
    );

    app.clock.set(monday_at(8, 5));
    let open = app
        .client
        .release_round_for(MAIN_OFFICE, &one(ID_CARD))
        .await
        .unwrap();
    assert_eq!(open.phase, ReleasePhase::Open);
    let half_hours: Vec<_> = (0..7)
        .map(|i| tuesday_at(8, 0) + Duration::minutes(15 * i))
        .collect();
    assert_eq!(
        open.starts, half_hours,
        "what an entry may list for an ID card"
    );
    assert!(
        free_tuesday_times(&app.client).await.is_empty(),
        "nobody can book the day while its window is open"
    );
    let days = app
        .client
        .days(&[MAIN_OFFICE], &one(ID_CARD), date(2026, 11, 30), tuesday())
        .await
        .unwrap();
    assert!(
        days.days
            .iter()
            .all(|day| day.date != tuesday() || day.free_times == 0)
            && days.next_bookable.is_none(),
        "nor do the free days show it: {days:?}"
    );
    let next = app
        .client
        .next_free(&one(ID_CARD), Some(&[MAIN_OFFICE]))
        .await
        .unwrap();
    assert!(
        next.iter().all(|free| free.start.date_naive() != tuesday()),
        "nor the next free appointment: {next:?}"
    );
    let grab = app
        .client
        .hold(&shared::bookings::CreateHold {
            office_id: MAIN_OFFICE,
            services: one(ID_CARD),
            start: tuesday_at(9, 0),
        })
        .await;
    assert!(
        grab.is_err(),
        "not even by asking for a time directly: {grab:?}"
    );

    // Two want 08:00 only, one 08:30; the one who enters last is not at a disadvantage.
    let a = in_the_draw(&app, &entry("a@example.org", &[tuesday_at(8, 0)])).await;
    let b = in_the_draw(&app, &entry("b@example.org", &[tuesday_at(8, 0)])).await;
    app.clock.set(monday_at(8, 29));
    let c = in_the_draw(&app, &entry("c@example.org", &[tuesday_at(8, 30)])).await;

    app.clock.set(monday_at(8, 31));
    let draw = drawn(&app.client).await;
    assert_eq!((draw.entrants, draw.booked), (3, 2));
    let mut results = Vec::new();
    for (id, token) in [&a, &b, &c] {
        results.push(app.client.release_entry(*id, token).await.unwrap());
    }
    let seed = u64::from_str_radix(&draw.seed, 16).expect("a hexadecimal seed");
    for (place, index) in draw_order(seed, 3).into_iter().enumerate() {
        assert_eq!(
            results[index].draw_position,
            Some(place as u32 + 1),
            "the draw is replayed from its seed over the entrants in the order they entered"
        );
    }
    let [a, b, c] = [0, 1, 2].map(|i| results[i].status);
    assert!(
        matches!(
            (a, b),
            (ReleaseEntryStatus::Booked, ReleaseEntryStatus::NotDrawn)
                | (ReleaseEntryStatus::NotDrawn, ReleaseEntryStatus::Booked)
        ),
        "of the two who want 08:00 only, exactly one gets it: {a:?} {b:?}"
    );
    assert_eq!(c, ReleaseEntryStatus::Booked, "nobody else wanted 08:30");
    let loser = if a == ReleaseEntryStatus::NotDrawn {
        "a@example.org"
    } else {
        "b@example.org"
    };
    // The one not drawn is told.
    mail_in(&[app.mail_dir()], loser, "Kein Termin aus der Verlosung").await;

    let left = free_tuesday_times(&app.client).await;
    assert!(!left.is_empty(), "what the draw left is open to everyone");
    assert!(!left.contains(&tuesday_at(8, 0)));
    let booked = count(
        &app.database_url,
        "SELECT COUNT(*) FROM bookings b JOIN appointments a ON a.booking_id = b.id \
         WHERE a.office_id = 1 AND a.released_at IS NULL",
    )
    .await;
    assert_eq!(booked, 2, "the draw booked exactly what it recorded");
}

#[tokio::test]
async fn an_entry_confirmed_after_the_window_takes_no_part_and_one_address_takes_part_once() {
    let app = spawn_app().await;
    releasing_tomorrow_at_eight(&app).await;
    // The office asks online bookings to confirm their address; a drawn entry did already.
    app.execute("UPDATE offices SET activation_required = TRUE WHERE id = 1")
        .await;
    app.clock.set(monday_at(8, 10));
    let (id, token) = in_the_draw(&app, &entry("twice@example.org", &[])).await;
    let (again, again_token) = entered(&app, &entry("twice+again@example.org", &[])).await;
    let refused = app.client.confirm_release_entry(again, &again_token).await;
    assert_eq!(
        refused.as_ref().err().and_then(ClientError::code),
        Some("release_address_entered")
    );
    let confirmed_again = app.client.confirm_release_entry(id, &token).await.unwrap();
    assert_eq!(
        confirmed_again.status,
        ReleaseEntryStatus::Entered,
        "confirming again changes nothing"
    );

    let (late, late_token) = entered(&app, &entry("late@example.org", &[])).await;
    app.clock.set(monday_at(8, 30));
    let too_late = app.client.confirm_release_entry(late, &late_token).await;
    assert_eq!(
        too_late.as_ref().err().and_then(ClientError::code),
        Some("release_entry_too_late")
    );
    let shown = app.client.release_entry(late, &late_token).await.unwrap();
    assert_eq!(shown.status, ReleaseEntryStatus::Lapsed);
    let closed = app
        .client
        .enter_release(&entry("after@example.org", &[]))
        .await;
    assert_eq!(
        closed.as_ref().err().and_then(ClientError::code),
        Some("release_not_open")
    );

    drawn(&app.client).await;
    let mine = app.client.release_entry(id, &token).await.unwrap();
    assert_eq!(mine.status, ReleaseEntryStatus::Booked);
    assert_eq!(mine.draw_position, Some(1), "the only entrant");
    let reference = mine.booking_reference.expect("the booking it got");
    let confirmed = count(
        &app.database_url,
        &format!(
            "SELECT COUNT(*) FROM bookings WHERE reference = '{reference}' AND status = 'confirmed'"
        ),
    )
    .await;
    assert_eq!(
        confirmed, 1,
        "booked without asking to confirm the address again"
    );
    let wrong = app.client.release_entry(id, "not-the-token").await;
    assert_eq!(
        wrong.as_ref().err().and_then(ClientError::status),
        Some(reqwest::StatusCode::NOT_FOUND)
    );
}

#[tokio::test]
async fn an_entry_names_what_is_wrong_with_its_office_services_and_times() {
    let app = spawn_app().await;
    releasing_tomorrow_at_eight(&app).await;
    app.clock.set(monday_at(8, 10));
    let cases: Vec<(EnterRelease, &str, &str)> = vec![
        (
            entry("x@example.org", &[tuesday_at(8, 0) + Duration::days(1)]),
            "times[0]",
            "not_on_day",
        ),
        (
            entry("x@example.org", &[tuesday_at(12, 0)]),
            "times[0]",
            "not_a_start",
        ),
        (
            entry("x@example.org", &[tuesday_at(8, 7)]),
            "times[0]",
            "not_a_start",
        ),
        (
            entry("x@example.org", &[tuesday_at(8, 0), tuesday_at(8, 0)]),
            "times[1]",
            "duplicate",
        ),
        (
            entry(
                "x@example.org",
                &(0..6)
                    .map(|i| tuesday_at(8, 0) + Duration::minutes(15 * i))
                    .collect::<Vec<_>>(),
            ),
            "times",
            "too_many",
        ),
        (
            EnterRelease {
                services: Vec::new(),
                ..entry("x@example.org", &[])
            },
            "services",
            "required",
        ),
        (
            EnterRelease {
                office_id: shared::ids::OfficeId(999),
                ..entry("x@example.org", &[])
            },
            "office_id",
            "unknown_office",
        ),
        (entry("not-an-address", &[]), "citizen.email", ""),
    ];
    for (request, field, field_code) in cases {
        let problem = expect_problem(
            app.client.enter_release(&request).await,
            422,
            "validation_failed",
        );
        let errors = problem.errors;
        assert!(
            errors
                .iter()
                .any(|e| e.field == field && (field_code.is_empty() || e.code == field_code)),
            "{field} {field_code}: {errors:?}"
        );
    }
    let first_come = app
        .client
        .enter_release(&EnterRelease {
            office_id: BRANCH_OFFICE,
            ..entry("x@example.org", &[])
        })
        .await;
    assert_eq!(
        first_come.as_ref().err().and_then(ClientError::code),
        Some("release_not_open"),
        "an office without a window takes no entries"
    );
    let no_round = app.client.release_round(BRANCH_OFFICE).await;
    assert_eq!(
        no_round.as_ref().err().and_then(ClientError::status),
        Some(reqwest::StatusCode::NOT_FOUND)
    );
}

/// The local time in the demo offices' zone.
fn berlin_now() -> chrono::DateTime<chrono_tz::Tz> {
    chrono_tz::Europe::Berlin.from_utc_datetime(&Utc::now().naive_utc())
}

#[tokio::test]
async fn three_server_processes_closing_the_same_window_draw_it_once() {
    if backend() != Backend::Postgres {
        eprintln!("skipped: several server processes share state on PostgreSQL only");
        return;
    }
    let local = berlin_now();
    if local.time() < chrono::NaiveTime::from_hms_opt(0, 5, 0).unwrap() {
        eprintln!("skipped: the window would have opened yesterday");
        return;
    }
    let app = spawn_app().await;
    app.clock.set(Utc::now());
    app.clock.run();
    app.open_main_office_every_day("00:00:00", "23:45:00").await;
    let day = local.date_naive() + Duration::days(1);
    let closed_at = (Utc::now() - Duration::minutes(2)).to_rfc3339();
    for i in 0..20 {
        app.execute(&format!(
            "INSERT INTO release_entries (public_id, token_hash, office_id, day, status, locale, \
             citizen_name, citizen_email, citizen_email_key, entered_at, confirmed_at, draws_at) \
             VALUES ('{}', 'x', 1, '{day}', 'entered', 'de', 'Erika', 'e{i}@example.org', \
             'e{i}@example.org', '{closed_at}', '{closed_at}', '{closed_at}')",
            uuid::Uuid::new_v4()
        ))
        .await;
        app.execute(&format!(
            "INSERT INTO release_entry_services (entry_id, service_id, quantity) \
             SELECT id, 1, 1 FROM release_entries WHERE citizen_email = 'e{i}@example.org'"
        ))
        .await;
    }
    let processes = ServerProcess::start_three(&app.database_url).await;
    // Only now, with every entry in and every process running: today's window opened three
    // minutes ago and closed two minutes ago, undrawn yet; this test's own server races the
    // three processes to draw it.
    let opened = (local - Duration::minutes(3)).format("%H:%M:%S");
    app.execute(&format!(
        "UPDATE offices SET horizon_days = 1, daily_release_time = '{opened}', \
         release_window_minutes = 1 WHERE id = 1"
    ))
    .await;
    let draw = drawn(&processes[0].client()).await;
    assert_eq!((draw.entrants, draw.booked), (20, 20));
    tokio::time::sleep(std::time::Duration::from_secs(2)).await; // every process had a round
    let draws = count(&app.database_url, "SELECT COUNT(*) FROM release_draws").await;
    assert_eq!(draws, 1, "drawn once");
    let bookings = count(
        &app.database_url,
        "SELECT COUNT(*) FROM appointments WHERE office_id = 1 AND booking_id IS NOT NULL \
         AND released_at IS NULL",
    )
    .await;
    assert_eq!(bookings, 20, "each entrant booked once, by one process");
    let distinct_positions = count(
        &app.database_url,
        "SELECT COUNT(DISTINCT draw_position) FROM release_entries WHERE status = 'booked'",
    )
    .await;
    assert_eq!(distinct_positions, 20);
}

#[tokio::test]
async fn two_entries_of_one_address_confirmed_at_the_same_moment_take_part_once() {
    let app = spawn_app().await;
    releasing_tomorrow_at_eight(&app).await;
    app.clock.set(monday_at(8, 10));
    let (one, one_token) = entered(&app, &entry("twin@example.org", &[])).await;
    let (two, two_token) = entered(&app, &entry("twin+2@example.org", &[])).await;
    let (a, b) = tokio::join!(
        app.client.confirm_release_entry(one, &one_token),
        app.client.confirm_release_entry(two, &two_token),
    );
    let codes: Vec<_> = [&a, &b]
        .iter()
        .map(|result| result.as_ref().err().and_then(ClientError::code))
        .collect();
    assert!(
        codes.contains(&None) && codes.contains(&Some("release_address_entered")),
        "one takes part, the other is told why not: {a:?} {b:?}"
    );
}

#[tokio::test]
async fn a_round_no_server_drew_in_its_time_is_drawn_late_not_opened_undrawn() {
    let app = spawn_app().await;
    releasing_tomorrow_at_eight(&app).await;
    app.clock.set(monday_at(8, 10));
    let (id, token) = in_the_draw(&app, &entry("patient@example.org", &[])).await;
    // No job ran from the window's end until the next morning, before that day's release.
    app.clock
        .set(winter_time(2026, 12, 1, 7, 0).with_timezone(&Utc));
    for _ in 0..100 {
        // Read before the entry: if the entry is still undrawn afterwards, so was the day then.
        let free = free_tuesday_times(&app.client).await;
        let entry = app.client.release_entry(id, &token).await.unwrap();
        if entry.status == ReleaseEntryStatus::Booked {
            assert_eq!(entry.draw_position, Some(1));
            return;
        }
        assert!(free.is_empty(), "the day stays closed until it is drawn");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the late round was never drawn");
}

#[tokio::test]
async fn entrants_who_came_first_win_no_more_often_than_the_seeded_order_says() {
    let app = spawn_app().await;
    releasing_tomorrow_at_eight(&app).await; // four ID-card appointments on Tuesday
    // Six "bots" enter in the first second, 24 people over the rest of the window.
    let mut entrants = Vec::new();
    for i in 0..30 {
        let after = if i < 6 { i } else { 60 + i * 50 };
        app.clock
            .set(monday_at(8, 0) + Duration::seconds(i64::from(after)));
        let kind = if i < 6 { "bot" } else { "person" };
        let email = format!("{kind}{i}@example.org");
        let (id, token) = in_the_draw(&app, &entry(&email, &[])).await;
        entrants.push((kind, id, token));
    }
    app.clock.set(monday_at(8, 31));
    let draw = drawn(&app.client).await;
    assert_eq!((draw.entrants, draw.booked), (30, 4));
    let seed = u64::from_str_radix(&draw.seed, 16).unwrap();
    let winners: Vec<usize> = draw_order(seed, 30).into_iter().take(4).collect();
    // A draw that kept the arrival order would hand the four to the first bots; a fair one
    // does so once in 657,720 draws.
    assert_ne!(
        winners,
        vec![0, 1, 2, 3],
        "the order is drawn, not the arrival"
    );
    for (index, (kind, id, token)) in entrants.iter().enumerate() {
        let status = app.client.release_entry(*id, token).await.unwrap().status;
        let expected = if winners.contains(&index) {
            ReleaseEntryStatus::Booked
        } else {
            ReleaseEntryStatus::NotDrawn
        };
        assert_eq!(
            status, expected,
            "{kind} {index}: the seeded order decides, not who came first"
        );
    }
}
