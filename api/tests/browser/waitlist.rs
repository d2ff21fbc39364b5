//! The waitlist journey end to end: a citizen finds nothing free, joins the waitlist from the
//! time step, confirms by the emailed link, and books with one click the appointment that a
//! cancellation frees and the offer's email brings.

use crate::Browser;
use crate::helpers::{self, a_full_tuesday, cancel, planned, winter_time};
use crate::journey::date;
use shared::bookings::AppointmentStatus;

const WAITER: &str = "wartet@example.org";

#[tokio::test]
async fn a_citizen_who_finds_nothing_joins_the_waitlist_confirms_by_email_and_books_the_freed_appointment_with_one_click()
 {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let app = &browser.app;
    let (first, _) = a_full_tuesday(app).await;
    let tuesday = date(12, 1);
    browser.find_no_id_card_appointment_on(tuesday).await;
    browser.follow_waitlist_link().await;
    // The form wishes for what the citizen was looking for.
    assert_eq!(browser.value_of("quantity-1").await, "1");
    assert!(
        browser
            .element("#waitlist-office-1")
            .await
            .is_selected()
            .await
            .unwrap(),
        "the main office is ticked"
    );
    browser.wish_for(tuesday).await;
    browser.join_waitlist(WAITER).await;

    // A mail scanner opening the link confirms nothing; the button does.
    browser.open_emailed_waitlist_entry().await;
    browser
        .wait_until(
            "the token left the address bar",
            "!location.hash.includes('token')",
        )
        .await;
    assert_eq!(
        browser.text_of("#waitlist-entry-status").await,
        "wartet auf Ihre Bestätigung"
    );
    browser.confirm_waitlist_entry().await;
    assert_eq!(
        browser.text_of("#waitlist-entry-status").await,
        "auf der Warteliste"
    );

    // Someone else cancels: the freed time is offered to the waiter first.
    cancel(app, &first).await;
    browser.open_emailed_offer().await;
    browser
        .wait_for_text("Dienstag, 1. Dezember 2026, 08:00–08:30 Uhr")
        .await;
    let reference = browser.accept_offer().await;
    browser
        .wait_for_text("Dienstag, 1. Dezember 2026, 08:00–08:30 Uhr")
        .await;

    let booked = planned(app, helpers::date(2026, 12, 1), &reference).await;
    assert_eq!(
        (booked.start, booked.status, booked.citizen_email.as_deref()),
        (
            winter_time(2026, 12, 1, 8, 0),
            AppointmentStatus::Booked,
            Some(WAITER)
        )
    );
    browser.close().await;
}

#[tokio::test]
async fn a_citizen_wishes_for_an_earlier_time_on_the_manage_page_and_one_click_moves_the_appointment()
 {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let app = &browser.app;
    let (first, second) = a_full_tuesday(app).await;
    let token = second.manage_token.clone().expect("a manage token");
    let appointment = second.appointments[0].id;
    browser
        .goto(&format!("/booking/{}#token={token}", second.reference))
        .await;
    browser.click_on(&format!("#earlier-{appointment}")).await;
    browser
        .wait_for_text("Sie stehen auf der Warteliste für einen früheren Termin")
        .await;

    cancel(app, &first).await;
    browser.open_emailed_offer().await;
    browser
        .wait_for_text("Dienstag, 1. Dezember 2026, 08:00–08:30 Uhr")
        .await;
    let reference = browser.accept_offer().await;
    assert_eq!(reference, second.reference, "the same booking, moved");
    let moved = planned(app, helpers::date(2026, 12, 1), &reference).await;
    assert_eq!(
        (moved.start, moved.status),
        (winter_time(2026, 12, 1, 8, 0), AppointmentStatus::Booked)
    );
    browser.close().await;
}
