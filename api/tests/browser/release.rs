//! Fair release in the browser: while the new day's window is open, the time step says in
//! plain words that the day is drawn by lot and until when to enter; the citizen enters the
//! draw from there, confirms by the emailed link (opening it confirms nothing), and once drawn
//! the entry shows its place and the booking it got. All at 360 px, with axe-core on the
//! explanation, the form (with errors, entered) and the entry (to confirm, confirmed, booked).

use crate::Browser;
use crate::accessibility::axe_source;
use crate::helpers::{date, drawn, monday_at, planned, releasing_tomorrow_at_eight, winter_time};
use crate::journey::NAME;

const ENTRANT: &str = "los@example.org";

impl Browser {
    /// Opens the entry's link from the email asking to confirm the address.
    async fn open_emailed_release_entry(&self) {
        // From another page, so the link loads the app afresh (not only a new fragment).
        self.goto("/help").await;
        self.open_emailed_link("/release/", "#token=").await;
        self.element("#release-entry-status").await;
        self.wait_until(
            "the token left the address bar",
            "!location.hash.includes('token')",
        )
        .await;
    }

    async fn release_entry_status(&self) -> String {
        self.text_of("#release-entry-status").await
    }
}

#[tokio::test]
async fn a_citizen_reads_that_the_new_day_is_drawn_enters_from_the_time_step_confirms_by_email_and_sees_the_booking_it_got()
 {
    let Some(browser) = Browser::open_at(monday_at(8, 10)).await else {
        return;
    };
    let app = &browser.app;
    releasing_tomorrow_at_eight(app).await;
    let axe = axe_source();
    browser.hold_upright().await;

    browser.start_booking().await;
    browser
        .add_service(1, "Personalausweis beantragen", 1)
        .await;
    browser.continue_to_time().await;
    browser
        .wait_for_text(
            "Die Termine für Dienstag, 1. Dezember 2026 werden verlost, nicht nach Schnelligkeit \
             vergeben. Sie können bis 08:30 Uhr teilnehmen; wann Sie sich anmelden, spielt keine \
             Rolle. Danach wird gezogen, und das Ergebnis kommt per E-Mail.",
        )
        .await;
    browser
        .assert_accessible(&axe, "the time step explaining the draw")
        .await;
    browser
        .assert_no_horizontal_scrolling("the time step explaining the draw")
        .await;
    browser.click_on("#release-link").await;
    browser
        .wait_for_focused_heading("An der Verlosung teilnehmen")
        .await;
    let path = browser
        .eval("return location.pathname + location.search;")
        .await;
    assert_eq!(path, "/release?office=1&services=1:1");
    browser.wait_for_text("Personalausweis beantragen").await;
    assert!(
        browser
            .text_of("#release-any-time")
            .await
            .contains("ohne Wunschzeit die früheste freie Uhrzeit des Tages"),
        "the page says what the draw gives"
    );
    // Two preferred times, ticked in any order, are the entry's times earliest first.
    browser.click_on("#release-time-0900").await;
    browser.click_on("#release-time-0830").await;
    browser
        .wait_for_text("08:30, 09:00 (die erste am liebsten)")
        .await;
    browser.assert_accessible(&axe, "the draw's form").await;
    browser
        .assert_no_horizontal_scrolling("the draw's form")
        .await;
    browser.click_on("#release-enter").await;
    browser
        .assert_accessible_missing_the_details(&axe, "the draw's form")
        .await;
    browser.fill_details(ENTRANT).await;
    assert_eq!(browser.value_of("citizen-name").await, NAME);
    browser.click_on("#release-enter").await;
    browser
        .wait_for_focused_heading("Bitte bestätigen Sie Ihre Teilnahme")
        .await;
    browser
        .wait_for_text("gültig bis Montag, 30. November 2026, 08:30 Uhr")
        .await;
    browser
        .assert_accessible(&axe, "the draw's form once entered")
        .await;

    // A mail scanner opening the link confirms nothing; the button does.
    browser.open_emailed_release_entry().await;
    assert_eq!(
        browser.release_entry_status().await,
        "wartet auf Ihre Bestätigung"
    );
    browser
        .assert_accessible(&axe, "the entry asking to confirm")
        .await;
    browser.click_on("#release-confirm").await;
    browser
        .wait_for_text("Vielen Dank! Sie nehmen jetzt an der Verlosung teil.")
        .await;
    assert_eq!(
        browser.release_entry_status().await,
        "nimmt an der Verlosung teil"
    );
    browser
        .wait_for_text("Gezogen wird am Montag, 30. November 2026, 08:30 Uhr.")
        .await;
    browser.assert_accessible(&axe, "the confirmed entry").await;

    // The window closes, the jobs draw; the entry, opened again, tells what came of it.
    app.clock.set(monday_at(8, 31));
    let draw = drawn(&app.client).await;
    assert_eq!((draw.entrants, draw.booked), (1, 1));
    browser.open_emailed_release_entry().await;
    assert_eq!(browser.release_entry_status().await, "gebucht");
    assert_eq!(browser.text_of("#release-place").await, "1");
    let reference = browser.text_of("#release-reference").await;
    browser.assert_accessible(&axe, "the entry booked").await;
    browser
        .assert_no_horizontal_scrolling("the entry booked")
        .await;
    let booked = planned(app, date(2026, 12, 1), &reference).await;
    assert_eq!(
        (booked.start, booked.citizen_email.as_deref()),
        (winter_time(2026, 12, 1, 8, 30), Some(ENTRANT)),
        "the first of the preferred times still free"
    );
    browser.close().await;
}
