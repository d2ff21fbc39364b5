//! The waitlist against the real server and database: joining with double opt-in by email,
//! freed appointments offered in the order of the line (kept from the public meanwhile), one
//! POST to accept, declined and lapsed offers going to the next in line, and the races of
//! freeing and offering.

use crate::email::{link_in_mails, mail_in};
use crate::helpers::*;
use chrono::{Duration, NaiveDate};
use client::ClientError;
use shared::waitlist::{
    JoinWaitlist, OfferStatus, WaitlistEntryId, WaitlistOfferId, WaitlistStatus,
};

const TUESDAY: (i32, u32, u32) = (2026, 12, 1);

fn tuesday() -> NaiveDate {
    date(TUESDAY.0, TUESDAY.1, TUESDAY.2)
}

fn at(hour: u32, minute: u32) -> chrono::DateTime<chrono::FixedOffset> {
    winter_time(TUESDAY.0, TUESDAY.1, TUESDAY.2, hour, minute)
}

/// Waiting for an ID card at the main office on Tuesday.
fn join_for_tuesday(email: &str) -> JoinWaitlist {
    JoinWaitlist {
        services: one(ID_CARD),
        offices: vec![MAIN_OFFICE],
        earliest: tuesday(),
        latest: tuesday(),
        weekdays: Vec::new(),
        times: None,
        citizen: citizen(email),
        locale: shared::locale::Locale::De,
    }
}

/// The (id, token) a link like `…/waitlist/<id>#token=<token>` carries, from the newest
/// message to `to` whose subject starts with `subject`.
async fn link_in_mail(app: &TestApp, to: &str, subject: &str, path: &str) -> (uuid::Uuid, String) {
    link_in_mails(&[app.mail_dir()], to, subject, path).await
}

/// Joins and confirms by the emailed link; returns the entry's id and token.
async fn waiting(app: &TestApp, email: &str) -> (WaitlistEntryId, String) {
    let joined = app.client.join_waitlist(&join_for_tuesday(email)).await;
    assert!(joined.is_ok(), "{joined:?}");
    let (id, token) = link_in_mail(app, email, "Bitte bestätigen", "/waitlist/").await;
    let id = WaitlistEntryId(id);
    let entry = app.client.confirm_waitlist(id, &token).await.unwrap();
    assert!(
        matches!(
            entry.status,
            WaitlistStatus::Waiting | WaitlistStatus::Offered
        ),
        "{entry:?}"
    );
    (id, token)
}

async fn offer_to(app: &TestApp, email: &str) -> (WaitlistOfferId, String) {
    let (id, token) = link_in_mail(app, email, "Ein Termin für Sie", "/waitlist/offers/").await;
    (WaitlistOfferId(id), token)
}

fn code(error: &ClientError) -> Option<&str> {
    match error {
        ClientError::Problem { problem, .. } => Some(problem.code.as_str()),
        _ => None,
    }
}

/// The free ID-card times on Tuesday, as the public sees them.
async fn free_times(app: &TestApp) -> Vec<shared::availability::FreeTime> {
    app.client
        .times(MAIN_OFFICE, &one(ID_CARD), tuesday())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_cancelled_appointment_is_offered_to_the_waiter_kept_from_the_public_and_booked_with_one_post()
 {
    let app = spawn_app().await;
    let (first, _second) = a_full_tuesday(&app).await;
    let (entry_id, entry_token) = waiting(&app, "waiter@example.org").await;
    let entry = app
        .client
        .waitlist_entry(entry_id, &entry_token)
        .await
        .unwrap();
    assert_eq!(entry.status, WaitlistStatus::Waiting, "nothing is free yet");

    cancel(&app, &first).await;
    let (offer_id, offer_token) = offer_to(&app, "waiter@example.org").await;
    let offer = app
        .client
        .waitlist_offer(offer_id, &offer_token)
        .await
        .unwrap();
    assert_eq!(offer.status, OfferStatus::Open);
    assert_eq!(offer.start, at(8, 0));
    assert_eq!(offer.expires_at, monday_morning() + Duration::minutes(30));
    assert!(!offer.services[0].documents.is_empty(), "what to bring");
    let entry = app
        .client
        .waitlist_entry(entry_id, &entry_token)
        .await
        .unwrap();
    assert_eq!(entry.status, WaitlistStatus::Offered);

    let grab = app
        .client
        .book(
            &booking_of(MAIN_OFFICE, one(ID_CARD), at(8, 0), "bot@example.org"),
            None,
        )
        .await
        .expect_err("the public cannot take an offered appointment");
    assert_eq!(code(&grab), Some("slot_taken"));
    let times = free_times(&app).await;
    assert!(times.is_empty(), "not shown as free: {times:?}");

    let accepted = app
        .client
        .accept_offer(offer_id, &offer_token)
        .await
        .unwrap();
    assert_eq!(accepted.status, reqwest::StatusCode::CREATED);
    let booking = accepted.value;
    assert_eq!(booking.appointments[0].start, at(8, 0));
    assert!(booking.manage_token.is_some());
    let entry = app
        .client
        .waitlist_entry(entry_id, &entry_token)
        .await
        .unwrap();
    assert_eq!(entry.status, WaitlistStatus::Booked);
    let offer = app
        .client
        .waitlist_offer(offer_id, &offer_token)
        .await
        .unwrap();
    assert_eq!(offer.status, OfferStatus::Accepted);
    assert_eq!(
        offer.booking_reference.as_deref(),
        Some(booking.reference.as_str())
    );
    // The booking's confirmation goes to the waiter.
    mail_in(&[app.mail_dir()], "waiter@example.org", "Terminbestätigung").await;
    let again = app
        .client
        .accept_offer(offer_id, &offer_token)
        .await
        .expect_err("accepted once");
    assert_eq!(code(&again), Some("offer_accepted"));
}

#[tokio::test]
async fn freed_appointments_go_to_those_waiting_in_the_order_they_confirmed() {
    let app = spawn_app().await;
    let (first, second) = a_full_tuesday(&app).await;
    waiting(&app, "early@example.org").await;
    waiting(&app, "late@example.org").await;
    cancel(&app, &second).await;
    let (early_offer, early_token) = offer_to(&app, "early@example.org").await;
    let offer = app
        .client
        .waitlist_offer(early_offer, &early_token)
        .await
        .unwrap();
    assert_eq!(
        offer.start,
        at(8, 30),
        "the first in line gets the first freed time"
    );
    cancel(&app, &first).await;
    let (late_offer, late_token) = offer_to(&app, "late@example.org").await;
    let offer = app
        .client
        .waitlist_offer(late_offer, &late_token)
        .await
        .unwrap();
    assert_eq!(offer.start, at(8, 0));
}

#[tokio::test]
async fn a_declined_offer_goes_to_the_next_in_line_at_once_and_never_back_to_who_declined() {
    let app = spawn_app().await;
    let (first, _) = a_full_tuesday(&app).await;
    let (declining, declining_token) = waiting(&app, "declines@example.org").await;
    cancel(&app, &first).await;
    let (offer_id, offer_token) = offer_to(&app, "declines@example.org").await;
    waiting(&app, "next@example.org").await;

    let declined = app
        .client
        .decline_offer(offer_id, &offer_token)
        .await
        .unwrap();
    assert_eq!(declined.status, OfferStatus::Declined);
    let (next_offer, next_token) = offer_to(&app, "next@example.org").await;
    let offer = app
        .client
        .waitlist_offer(next_offer, &next_token)
        .await
        .unwrap();
    assert_eq!((offer.status, offer.start), (OfferStatus::Open, at(8, 0)));
    let entry = app
        .client
        .waitlist_entry(declining, &declining_token)
        .await
        .unwrap();
    assert_eq!(
        entry.status,
        WaitlistStatus::Waiting,
        "still waiting, behind the others"
    );

    app.client
        .decline_offer(next_offer, &next_token)
        .await
        .unwrap();
    let free = free_times(&app).await;
    assert_eq!(
        free.len(),
        1,
        "declined by everyone waiting for it: free for all"
    );
}

#[tokio::test]
async fn an_offer_accepted_after_it_lapsed_is_gone_and_the_appointment_went_to_the_next_in_line() {
    let app = spawn_app().await;
    let (first, _) = a_full_tuesday(&app).await;
    let (slow, slow_token) = waiting(&app, "slow@example.org").await;
    waiting(&app, "next@example.org").await;
    cancel(&app, &first).await;
    let (offer_id, offer_token) = offer_to(&app, "slow@example.org").await;

    app.clock.advance(Duration::minutes(31));
    let late = app
        .client
        .accept_offer(offer_id, &offer_token)
        .await
        .expect_err("lapsed");
    assert_eq!(code(&late), Some("offer_lapsed"));
    assert_eq!(
        app.client
            .waitlist_offer(offer_id, &offer_token)
            .await
            .unwrap()
            .status,
        OfferStatus::Lapsed
    );
    // Nothing ran on time: the job's next round offers it to the next in line.
    let (next_offer, next_token) = offer_to(&app, "next@example.org").await;
    let offer = app
        .client
        .waitlist_offer(next_offer, &next_token)
        .await
        .unwrap();
    assert_eq!(offer.start, at(8, 0));
    let entry = app.client.waitlist_entry(slow, &slow_token).await.unwrap();
    assert_eq!(entry.status, WaitlistStatus::Waiting);
}

#[tokio::test]
async fn two_appointments_freed_at_once_give_one_waiter_one_offer_and_the_other_to_the_public() {
    let app = spawn_app().await;
    let (first, second) = a_full_tuesday(&app).await;
    waiting(&app, "only@example.org").await;
    let (a, b) = tokio::join!(cancel(&app, &first), cancel(&app, &second));
    let ((), ()) = (a, b);
    offer_to(&app, "only@example.org").await;
    let offers = count(
        &app.database_url,
        "SELECT COUNT(*) FROM waitlist_offers WHERE status = 'open'",
    )
    .await;
    assert_eq!(offers, 1);
    let free = free_times(&app).await;
    assert_eq!(free.len(), 1, "the other freed time is for everyone");
}

#[tokio::test]
async fn the_same_appointment_freed_twice_is_offered_once() {
    let app = spawn_app().await;
    let (first, _) = a_full_tuesday(&app).await;
    waiting(&app, "one@example.org").await;
    waiting(&app, "two@example.org").await;
    let (a, b) = tokio::join!(
        app.client
            .cancel(&first.reference, first.manage_token.as_ref().unwrap(), None),
        app.client
            .cancel(&first.reference, first.manage_token.as_ref().unwrap(), None),
    );
    assert!(a.is_ok() && b.is_ok(), "{a:?} {b:?}");
    offer_to(&app, "one@example.org").await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await; // a job round
    let offers = count(&app.database_url, "SELECT COUNT(*) FROM waitlist_offers").await;
    assert_eq!(offers, 1, "one unit freed, one offer");
    assert_ledger_counts_exactly_the_holding_claims(&app.database_url).await;
}

#[tokio::test]
async fn leaving_with_an_open_offer_hands_it_to_the_next_in_line() {
    let app = spawn_app().await;
    let (first, _) = a_full_tuesday(&app).await;
    let (leaving, leaving_token) = waiting(&app, "leaves@example.org").await;
    waiting(&app, "stays@example.org").await;
    cancel(&app, &first).await;
    offer_to(&app, "leaves@example.org").await;
    app.client
        .leave_waitlist(leaving, &leaving_token)
        .await
        .unwrap();
    let entry = app
        .client
        .waitlist_entry(leaving, &leaving_token)
        .await
        .unwrap();
    assert_eq!(entry.status, WaitlistStatus::Left);
    offer_to(&app, "stays@example.org").await;
}

#[tokio::test]
async fn an_unconfirmed_entry_is_offered_nothing_and_expires_after_a_day() {
    let app = spawn_app().await;
    let (first, _) = a_full_tuesday(&app).await;
    app.client
        .join_waitlist(&join_for_tuesday("unsure@example.org"))
        .await
        .unwrap();
    let (id, token) =
        link_in_mail(&app, "unsure@example.org", "Bitte bestätigen", "/waitlist/").await;
    cancel(&app, &first).await;
    let offers = count(&app.database_url, "SELECT COUNT(*) FROM waitlist_offers").await;
    assert_eq!(offers, 0, "unconfirmed addresses are offered nothing");
    let entry = app
        .client
        .waitlist_entry(WaitlistEntryId(id), &token)
        .await
        .unwrap();
    assert_eq!(entry.status, WaitlistStatus::PendingConfirmation);

    app.clock.advance(Duration::hours(25));
    let late = app
        .client
        .confirm_waitlist(WaitlistEntryId(id), &token)
        .await
        .expect_err("too late");
    assert_eq!(code(&late), Some("waitlist_entry_expired"));
}

#[tokio::test]
async fn joining_refuses_windows_offices_and_services_that_cannot_wait_and_too_many_entries() {
    let app = spawn_app().await;
    let refused = |request: JoinWaitlist| {
        let client = app.client.clone();
        async move { client.join_waitlist(&request).await.expect_err("refused") }
    };
    let reversed = JoinWaitlist {
        earliest: tuesday() + Duration::days(5),
        ..join_for_tuesday("w@example.org")
    };
    let error = refused(reversed).await;
    assert_eq!(code(&error), Some("validation_failed"));
    let unknown = JoinWaitlist {
        offices: vec![shared::ids::OfficeId(99)],
        ..join_for_tuesday("w@example.org")
    };
    assert_eq!(code(&refused(unknown).await), Some("validation_failed"));
    let no_name = JoinWaitlist {
        citizen: shared::bookings::Citizen {
            name: String::new(),
            ..citizen("w@example.org")
        },
        ..join_for_tuesday("w@example.org")
    };
    assert_eq!(code(&refused(no_name).await), Some("validation_failed"));

    for n in 0..3 {
        app.client
            .join_waitlist(&join_for_tuesday("many@example.org"))
            .await
            .unwrap_or_else(|e| panic!("entry {n}: {e:?}"));
    }
    let fourth = refused(join_for_tuesday("Many@Example.org")).await;
    assert_eq!(code(&fourth), Some("waitlist_limit_reached"));

    app.execute("UPDATE offices SET waitlist_offer_minutes = 0 WHERE id = 1")
        .await;
    let closed = refused(join_for_tuesday("w@example.org")).await;
    assert_eq!(
        code(&closed),
        Some("validation_failed"),
        "the chosen office keeps none"
    );
    let anywhere = JoinWaitlist {
        offices: Vec::new(),
        ..join_for_tuesday("w@example.org")
    };
    assert_eq!(
        code(&refused(anywhere).await),
        Some("waitlist_closed"),
        "ID cards are only made at the main office"
    );
}

#[tokio::test]
async fn wrong_tokens_and_unknown_ids_are_the_same_not_found() {
    let app = spawn_app().await;
    a_full_tuesday(&app).await;
    let (id, token) = waiting(&app, "owner@example.org").await;
    let wrong = app
        .client
        .waitlist_entry(id, &format!("{token}x"))
        .await
        .expect_err("wrong token");
    let unknown = app
        .client
        .waitlist_entry(WaitlistEntryId(uuid::Uuid::new_v4()), &token)
        .await
        .expect_err("unknown id");
    assert_eq!(code(&wrong), Some("not_found"));
    assert_eq!(code(&unknown), Some("not_found"));
    let offer = app
        .client
        .accept_offer(WaitlistOfferId(id.0), &token)
        .await
        .expect_err("an entry's token opens no offer");
    assert_eq!(code(&offer), Some("not_found"));
}

#[tokio::test]
async fn staff_see_who_waits_for_what_and_what_became_of_the_offers() {
    let app = spawn_app().await;
    let (first, _) = a_full_tuesday(&app).await;
    waiting(&app, "a@example.org").await;
    waiting(&app, "b@example.org").await;
    cancel(&app, &first).await;
    let (offer_id, offer_token) = offer_to(&app, "a@example.org").await;
    app.client
        .accept_offer(offer_id, &offer_token)
        .await
        .unwrap();
    let staff = staff_client(&app, shared::auth::StaffRole::Manager, &[MAIN_OFFICE]).await;
    let overview = staff.waitlist_overview(MAIN_OFFICE).await.unwrap();
    assert!(overview.enabled);
    assert_eq!(overview.offer_minutes, 30);
    let id_cards = overview
        .services
        .iter()
        .find(|s| s.service_id == ID_CARD)
        .unwrap();
    assert_eq!(id_cards.waiting, 1, "one still waits");
    assert_eq!((overview.offers.sent, overview.offers.accepted), (1, 1));
    assert_eq!(overview.median_minutes_to_accept, Some(0.0));
    let other = staff_client(&app, shared::auth::StaffRole::Manager, &[BRANCH_OFFICE]).await;
    assert!(
        other.waitlist_overview(MAIN_OFFICE).await.is_err(),
        "another office's staff see nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_server_processes_freeing_one_office_at_once_offer_each_waiter_one_appointment_and_book_it_once()
 {
    if backend() != Backend::Postgres {
        eprintln!(
            "runs with TERMINVERGABE_TEST_BACKEND=postgres (several processes share one database)"
        );
        return;
    }
    let app = spawn_app().await;
    // Every process (this one too) runs on the real clock, so their jobs agree on what lapsed.
    app.clock.set(chrono::Utc::now());
    app.clock.run();
    app.open_main_office_every_day("08:00:00", "09:00:00").await;
    let processes = ServerProcess::start_three(&app.database_url).await;
    let clients: Vec<_> = processes.iter().map(ServerProcess::client).collect();
    let mut mail_dirs: Vec<_> = processes.iter().map(ServerProcess::mail_dir).collect();
    mail_dirs.push(app.mail_dir());

    // A day a few days ahead (not a closure) with its two ID-card appointments booked.
    let today = chrono::Utc::now().date_naive();
    let mut day = None;
    for ahead in 2..14 {
        let candidate = today + Duration::days(ahead);
        let times = clients[0]
            .times(MAIN_OFFICE, &one(ID_CARD), candidate)
            .await
            .unwrap();
        if !times.is_empty() {
            day = Some(candidate);
            break;
        }
    }
    let day = day.expect("an open day within two weeks");
    let free_on_day = |client: client::Client| async move {
        client.times(MAIN_OFFICE, &one(ID_CARD), day).await.unwrap()
    };
    let mut booked = Vec::new();
    while let Some(time) = free_on_day(clients[0].clone()).await.first().cloned() {
        let email = format!("booked{}@example.org", booked.len());
        let request = booking_of(MAIN_OFFICE, one(ID_CARD), time.start, &email);
        booked.push(
            clients[0]
                .book(&request, None)
                .await
                .expect("booked")
                .booking,
        );
    }
    assert_eq!(booked.len(), 2, "the day holds two ID-card appointments");

    let waiters = ["one@example.org", "two@example.org", "three@example.org"];
    for (i, email) in waiters.iter().enumerate() {
        let join = JoinWaitlist {
            earliest: day,
            latest: day,
            ..join_for_tuesday(email)
        };
        let client = &clients[i % 3];
        client.join_waitlist(&join).await.expect("joined");
        let (id, token) = link_in_mails(&mail_dirs, email, "Bitte bestätigen", "/waitlist/").await;
        let entry = client
            .confirm_waitlist(WaitlistEntryId(id), &token)
            .await
            .unwrap();
        assert_eq!(entry.status, WaitlistStatus::Waiting, "the day is full");
    }

    // Both appointments are cancelled at the same moment through different processes.
    let cancellations = booked.iter().zip(&clients).map(|(booking, client)| {
        let (client, booking) = (client.clone(), booking.clone());
        tokio::spawn(async move {
            client
                .cancel(
                    &booking.reference,
                    booking.manage_token.as_ref().unwrap(),
                    None,
                )
                .await
        })
    });
    for cancelled in futures::future::join_all(cancellations).await {
        assert!(cancelled.unwrap().is_ok());
    }
    let offered = |email: &str| {
        format!(
            "SELECT COUNT(*) FROM waitlist_offers w JOIN waitlist_entries e ON e.id = w.entry_id \
             WHERE w.status = 'open' AND e.citizen_email = '{email}'"
        )
    };
    assert_eq!(count(&app.database_url, &offered(waiters[0])).await, 1);
    assert_eq!(
        count(&app.database_url, &offered(waiters[1])).await,
        1,
        "the second freed appointment goes to the second in line at once, not to the first again"
    );
    assert_eq!(count(&app.database_url, &offered(waiters[2])).await, 0);
    for client in &clients {
        assert!(
            free_on_day(client.clone()).await.is_empty(),
            "offered appointments are kept from the public on every process"
        );
    }

    // The first waiter's link is clicked many times at once, on every process.
    let (offer_id, token) = link_in_mails(
        &mail_dirs,
        waiters[0],
        "Ein Termin für Sie",
        "/waitlist/offers/",
    )
    .await;
    let accepts = (0..9).map(|i| {
        let (client, token) = (clients[i % 3].clone(), token.clone());
        tokio::spawn(async move { client.accept_offer(WaitlistOfferId(offer_id), &token).await })
    });
    let results: Vec<_> = futures::future::join_all(accepts)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let accepted = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(accepted, 1, "{results:?}");
    assert!(
        results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .all(|e| code(e) == Some("offer_accepted")),
        "{results:?}"
    );
    let bookings = count(
        &app.database_url,
        "SELECT COUNT(*) FROM appointments WHERE office_id = 1 AND booking_id IS NOT NULL \
         AND released_at IS NULL",
    )
    .await;
    assert_eq!(bookings, 1, "one booking from the accepted offer");
    assert_ledger_counts_exactly_the_holding_claims(&app.database_url).await;
}

/// The main office's ledger counts exactly the units of its unreleased appointments (bookings,
/// holds and offers alike): nothing counted twice, nothing lost.
async fn assert_ledger_counts_exactly_the_holding_claims(database_url: &str) {
    let claimed = count(
        database_url,
        "SELECT CAST(COALESCE(SUM(online_used), 0) AS BIGINT) FROM slot_usage WHERE office_id = 1",
    )
    .await;
    let held = count(
        database_url,
        "SELECT COUNT(*) FROM appointment_units u JOIN appointments a ON a.id = u.appointment_id \
         WHERE a.office_id = 1 AND a.released_at IS NULL",
    )
    .await;
    assert_eq!(
        claimed, held,
        "the ledger counts exactly the claims that hold"
    );
}

/// Asks for an earlier time of the booking's only appointment.
async fn wait_for_earlier(
    app: &TestApp,
    booking: &shared::bookings::Booking,
) -> shared::waitlist::WaitlistEntry {
    app.client
        .ask_for_earlier(
            &booking.reference,
            booking.appointments[0].id,
            booking
                .manage_token
                .as_deref()
                .expect("the booking's manage token"),
        )
        .await
        .expect("waiting for an earlier time")
}

#[tokio::test]
async fn a_citizen_waiting_for_an_earlier_time_is_offered_one_before_their_appointment_and_accepting_moves_it()
 {
    let app = spawn_app().await;
    let (first, second) = a_full_tuesday(&app).await;
    let entry = wait_for_earlier(&app, &second).await;
    assert_eq!(
        entry.status,
        WaitlistStatus::Waiting,
        "nothing earlier is free yet"
    );
    assert_eq!(
        entry.earlier_than,
        Some(at(8, 30)),
        "earlier than the appointment it moves"
    );
    let again = wait_for_earlier(&app, &second).await;
    assert_eq!(again.id, entry.id, "asking again changes nothing");
    link_in_mail(
        &app,
        "second@example.org",
        "Warteliste für einen früheren Termin",
        "/waitlist/",
    )
    .await;

    cancel(&app, &first).await;
    let (offer, token) = offer_to(&app, "second@example.org").await;
    let shown = app.client.waitlist_offer(offer, &token).await.unwrap();
    assert_eq!(shown.start, at(8, 0), "the earlier time is offered");
    let moved = app.client.accept_offer(offer, &token).await.unwrap();
    assert_eq!(moved.status.as_u16(), 201);
    let moved = moved.value;
    assert_eq!(moved.reference, second.reference, "the same booking, moved");
    assert_eq!(moved.appointments.len(), 1);
    assert_eq!(moved.appointments[0].start, at(8, 0));
    assert!(
        moved.manage_token.is_none(),
        "the citizen keeps the link they have"
    );
    let free: Vec<_> = free_times(&app)
        .await
        .into_iter()
        .map(|t| t.start)
        .collect();
    assert_eq!(free, vec![at(8, 30)], "the later time is given back");
    let entry_now = app
        .client
        .waitlist_entry(
            entry.id,
            &link_in_mail(
                &app,
                "second@example.org",
                "Warteliste für einen früheren Termin",
                "/waitlist/",
            )
            .await
            .1,
        )
        .await
        .unwrap();
    assert_eq!(entry_now.status, WaitlistStatus::Booked);
    assert_ledger_counts_exactly_the_holding_claims(&app.database_url).await;
}

#[tokio::test]
async fn a_wish_for_an_earlier_time_is_never_offered_a_later_one() {
    let app = spawn_app().await;
    let (first, second) = a_full_tuesday(&app).await;
    wait_for_earlier(&app, &first).await;
    cancel(&app, &second).await;
    let offers = count(&app.database_url, "SELECT COUNT(*) FROM waitlist_offers").await;
    assert_eq!(offers, 0, "08:30 is not earlier than 08:00");
    let free: Vec<_> = free_times(&app)
        .await
        .into_iter()
        .map(|t| t.start)
        .collect();
    assert_eq!(free, vec![at(8, 30)], "so the public may take it");
    let refused = app
        .client
        .ask_for_earlier(
            &second.reference,
            second.appointments[0].id,
            second.manage_token.as_deref().unwrap(),
        )
        .await;
    assert!(
        refused.is_err(),
        "a cancelled appointment waits for nothing: {refused:?}"
    );
}
