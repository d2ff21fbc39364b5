//! The booking journey end to end: several appointments in one checkout (with the proof of
//! work solved in the browser), the manage link from the confirmation email, and a time that
//! someone else books while the citizen is typing.

use crate::Browser;
use crate::helpers::{
    ID_CARD, MAIN_OFFICE, booking_of, one, one_counter_on_tuesday_mornings, winter_time,
};
use crate::journey::{DETAILS_HEADING, NAME, date};
use shared::bookings::{AppointmentRequest, BookingStatus, CreateBooking};
use shared::ids::HoldId;

#[tokio::test]
async fn a_citizen_books_two_appointments_with_three_services_in_one_checkout_with_proof_of_work() {
    let Some(browser) =
        Browser::open_with(|settings| settings.defences.pow_difficulty = Some(10)).await
    else {
        return;
    };
    browser.start_booking().await;
    browser
        .add_service(1, "Personalausweis beantragen", 1)
        .await;
    browser.add_service(7, "Beglaubigungen", 1).await;
    browser.continue_to_time().await;
    browser.choose_day(date(11, 30)).await;
    browser.choose_time("09:00").await;
    let countdown = browser.text_of(".countdown strong").await;
    assert!(
        countdown.starts_with("9:") || countdown == "10:00",
        "the time is held for the office's 10 minutes, not {countdown}"
    );
    browser.add_another_appointment().await;
    browser.add_service(2, "Reisepass beantragen", 2).await;
    browser.continue_to_time().await;
    browser.choose_day(date(11, 30)).await;
    browser.choose_time("10:00").await;
    browser.continue_to_details().await;
    browser.fill_details("erika@example.org").await;
    browser.submit_booking().await;

    let reference = browser.reference().await;
    assert!(reference.starts_with("PW-"), "{reference}");
    for seen in [
        "Montag, 30. November 2026, 09:00–09:45 Uhr",
        "Personalausweis beantragen, Beglaubigungen",
        "Montag, 30. November 2026, 10:00–11:00 Uhr",
        "2 × Reisepass beantragen",
        "Checkliste: Das bringen Sie mit",
        "Ein aktuelles biometrisches Passfoto (35 × 45 mm)",
        "Kopien der Dokumente",
    ] {
        browser.wait_for_text(seen).await;
    }
    browser.close().await;
}

#[tokio::test]
async fn the_emailed_link_cancels_one_appointment_after_a_confirmation_and_its_time_is_offered_again()
 {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let app = &browser.app;
    one_counter_on_tuesday_mornings(app).await;
    let request = CreateBooking {
        appointments: [(8, 0), (8, 30)]
            .into_iter()
            .map(|(hour, minute)| AppointmentRequest {
                office_id: MAIN_OFFICE,
                services: one(ID_CARD),
                start: winter_time(2026, 12, 1, hour, minute),
                hold_id: None,
            })
            .collect(),
        ..booking_of(
            MAIN_OFFICE,
            one(ID_CARD),
            winter_time(2026, 12, 1, 8, 0),
            "erika@example.org",
        )
    };
    app.client.book(&request, None).await.expect("booked");

    // The morning is fully booked: nothing to offer on that Tuesday.
    browser.find_no_id_card_appointment_on(date(12, 1)).await;

    browser.open_emailed_link("/booking/", "#token=").await;
    browser
        .wait_for_text("Dienstag, 1. Dezember 2026, 08:30–09:00 Uhr")
        .await;
    browser
        .wait_until(
            "the token left the address bar",
            "!location.hash.includes('token')",
        )
        .await;
    let second = "article.appointment:nth-of-type(2)";
    browser
        .button_in(second, "Termin absagen")
        .await
        .click()
        .await
        .unwrap();
    browser
        .wait_for_text("Möchten Sie diesen Termin wirklich absagen?")
        .await;
    browser.click("Ja, absagen").await;
    browser.wait_for_text("Der Termin wurde abgesagt.").await;
    browser
        .wait_until(
            "the second appointment reads cancelled",
            &format!("document.querySelector('{second}').innerText.includes('von Ihnen abgesagt')"),
        )
        .await;

    browser.start_booking().await;
    browser
        .add_service(1, "Personalausweis beantragen", 1)
        .await;
    browser.continue_to_time().await;
    browser.choose_day(date(12, 1)).await;
    assert_eq!(browser.offered_times().await, ["08:30"]);
    browser.close().await;
}

#[tokio::test]
async fn a_time_booked_by_someone_else_meanwhile_is_replaced_by_a_near_one_keeping_the_details() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let app = &browser.app;
    one_counter_on_tuesday_mornings(app).await;
    browser.hold_id_card(date(12, 1), "08:00").await;
    browser.add_another_appointment().await;
    browser
        .add_service(1, "Personalausweis beantragen", 1)
        .await;
    browser.continue_to_time().await;
    browser.choose_day(date(12, 8)).await;
    browser.choose_time("08:00").await;
    browser.continue_to_details().await;
    browser.fill_details("erika@example.org").await;

    // Someone else gets 1 December 08:00 (the citizen's reservation of it is gone).
    let first_hold = crate::query_text(
        app,
        "SELECT hold_id FROM appointments WHERE booking_id IS NULL ORDER BY id LIMIT 1",
    )
    .await;
    app.client
        .release_hold(HoldId(first_hold.parse().unwrap()))
        .await
        .unwrap();
    app.client
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 8, 0),
                "schneller@example.org",
            ),
            None,
        )
        .await
        .expect("the other booking gets the time");

    browser.submit_booking().await;
    browser
        .wait_for_text("Diese Uhrzeit ist nicht mehr frei")
        .await;
    browser
        .wait_for_text("Ihre Angaben bleiben erhalten.")
        .await;
    let conflict = browser.text_of(".notice-error").await;
    assert!(
        conflict.contains("1. Dezember") && !conflict.contains("8. Dezember"),
        "only the lost appointment is to be chosen again: {conflict}"
    );
    browser.time_button("08:30").await.click().await.unwrap();
    browser
        .wait_until(
            "the conflict is resolved",
            "!document.querySelector('.notice-error')",
        )
        .await;
    assert_eq!(browser.value_of("citizen-name").await, NAME);
    assert_eq!(
        browser.value_of("citizen-email-repeat").await,
        "erika@example.org"
    );
    browser.wait_for_text(DETAILS_HEADING).await;
    browser.submit_booking().await;

    browser.reference().await;
    browser
        .wait_for_text("Dienstag, 1. Dezember 2026, 08:30–09:00 Uhr")
        .await;
    browser
        .wait_for_text("Dienstag, 8. Dezember 2026, 08:00–08:30 Uhr")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn a_time_booked_by_someone_else_before_the_citizen_picks_it_is_refused_and_no_longer_offered()
 {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let app = &browser.app;
    one_counter_on_tuesday_mornings(app).await;
    browser.start_booking().await;
    browser
        .add_service(1, "Personalausweis beantragen", 1)
        .await;
    browser.continue_to_time().await;
    browser.choose_day(date(12, 1)).await;
    let offered = browser.time_button("08:00").await;

    app.client
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 8, 0),
                "schneller@example.org",
            ),
            None,
        )
        .await
        .expect("the other booking gets the time");
    offered.click().await.unwrap();

    browser
        .wait_for_text("Diese Uhrzeit wurde inzwischen von jemand anderem gebucht.")
        .await;
    browser.time_button("08:30").await;
    assert_eq!(browser.offered_times().await, ["08:30"]);
    browser.choose_time("08:30").await;
    browser
        .wait_for_text("Dienstag, 1. Dezember 2026, 08:30–09:00 Uhr")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn the_activation_link_confirms_the_booking_only_when_the_citizen_clicks() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let app = &browser.app;
    app.execute("UPDATE offices SET activation_required = TRUE WHERE id = 1")
        .await;
    let booked = app
        .client
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 9, 0),
                "optin@example.org",
            ),
            None,
        )
        .await
        .expect("booked")
        .booking;
    let token = booked.manage_token.unwrap();
    let status = || async {
        app.client
            .booking(&booked.reference, &token)
            .await
            .unwrap()
            .status
    };
    // A mail scanner renders the page, and nothing more.
    browser.open_emailed_link("/booking/", "#activate=").await;
    browser.wait_for_text("Termin verbindlich bestätigen").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(status().await, BookingStatus::PendingActivation);

    browser.click("Termin verbindlich bestätigen").await;
    browser
        .wait_for_text("Vielen Dank! Ihr Termin ist jetzt verbindlich gebucht.")
        .await;
    assert_eq!(status().await, BookingStatus::Confirmed);
    browser.close().await;
}

#[tokio::test]
async fn the_form_refuses_as_the_citizen_types_what_the_server_would_refuse() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let app = &browser.app;
    one_counter_on_tuesday_mornings(app).await;
    browser.hold_id_card(date(12, 1), "08:00").await;
    browser.continue_to_details().await;
    browser.fill_details("erika@example.org").await;
    // A dot is no separator the server accepts, and two digits are no phone number: the
    // citizen hears so on leaving the field, before anything is sent.
    for (phone, says) in [
        ("0571.12345", "darf nur Ziffern"),
        ("12", "mindestens 3 Ziffern"),
    ] {
        browser.fill("citizen-phone", phone).await;
        browser
            .eval("document.getElementById('citizen-phone').blur();")
            .await;
        browser.wait_for_text(says).await;
    }
    browser.submit_booking().await;
    let bookings = crate::query_text(app, "SELECT CAST(COUNT(*) AS TEXT) FROM bookings").await;
    assert_eq!(bookings, "0", "the form was not sent");

    browser.fill("citizen-phone", "0571 12345").await;
    browser.submit_booking().await;
    let reference = browser.reference().await;
    assert!(reference.starts_with("PW-"), "{reference}");
    browser.close().await;
}
