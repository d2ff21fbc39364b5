//! axe-core (npm, installed into `.tools/` by `cargo xtask test`) on every page and every step
//! of the journeys (booking and waitlist): any WCAG 2.1 A/AA violation fails the test.

use crate::Browser;
use crate::helpers::{a_full_tuesday, cancel};
use crate::journey::{NAME, date};
use serde_json::Value as Json;

/// `axe.min.js` of the npm package `axe-core` in the workspace's `.tools/`.
pub(crate) fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../.tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}); `cargo xtask test` installs it with npm",
            path.display()
        )
    })
}

impl Browser {
    /// Runs axe-core's WCAG 2.1 A and AA rules on the page as it is now.
    pub(crate) async fn assert_accessible(&self, axe: &str, page: &str) {
        if self.eval("return typeof axe === 'undefined';").await == Json::Bool(true) {
            self.eval(&format!("{axe}\nreturn true;")).await;
        }
        let script = "const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
              .then(result => done(result.violations.map(v =>
                `${v.id} (${v.impact}): ${v.help}\\n` +
                v.nodes.map(n => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\\n'))))
              .catch(error => done([`axe failed: ${error}`]));";
        let violations = self
            .page
            .execute_async(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("axe on {page}: {e}"));
        let violations: Vec<String> = serde_json::from_value(violations).unwrap();
        assert!(
            violations.is_empty(),
            "{page} violates WCAG 2.1 AA:\n{}",
            violations.join("\n")
        );
    }

    /// Once a form was sent without the citizen's details: the page with its errors shown.
    pub(crate) async fn assert_accessible_missing_the_details(&self, axe: &str, page: &str) {
        self.wait_for_text("Bitte geben Sie Ihren Vor- und Nachnamen ein.")
            .await;
        self.assert_accessible(axe, &format!("{page} with errors"))
            .await;
    }
}

#[tokio::test]
async fn every_page_and_every_step_of_the_booking_passes_axe_core_for_wcag_2_1_aa() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let axe = axe_source();
    browser.goto("/").await;
    browser.wait_for_text("Personalausweis beantragen").await;
    browser.assert_accessible(&axe, "the start page").await;

    browser.goto("/help").await;
    browser.wait_for_text("Fragen und Antworten").await;
    browser.assert_accessible(&axe, "the help page").await;

    browser.start_booking().await;
    browser
        .add_service(1, "Personalausweis beantragen", 1)
        .await;
    browser.assert_accessible(&axe, "the services step").await;
    browser.continue_to_time().await;
    browser.choose_day(date(11, 30)).await;
    browser.time_button("09:00").await;
    browser.assert_accessible(&axe, "the time step").await;
    browser.choose_time("09:00").await;
    browser
        .assert_accessible(&axe, "the appointments step")
        .await;
    browser.continue_to_details().await;
    browser.submit_booking().await;
    browser
        .assert_accessible_missing_the_details(&axe, "the details step")
        .await;
    browser.fill_details("erika@example.org").await;
    assert_eq!(browser.value_of("citizen-name").await, NAME);
    browser.submit_booking().await;
    browser.reference().await;
    browser.assert_accessible(&axe, "the done page").await;

    browser.click("Buchung ansehen, ändern oder absagen").await;
    browser.wait_for_text("Termin absagen").await;
    browser.assert_accessible(&axe, "the manage page").await;
    browser.click("Termin absagen").await;
    browser.wait_for_text("wirklich absagen").await;
    browser
        .assert_accessible(&axe, "the manage page asking to confirm")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn every_page_and_every_step_of_the_waitlist_passes_axe_core_for_wcag_2_1_aa() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let axe = axe_source();
    let (first, _) = a_full_tuesday(&browser.app).await;
    browser.find_no_id_card_appointment_on(date(12, 1)).await;
    browser
        .assert_accessible(&axe, "the time step with the waitlist link")
        .await;
    browser.follow_waitlist_link().await;
    browser.assert_accessible(&axe, "the waitlist form").await;
    browser.submit_waitlist_form().await;
    browser
        .assert_accessible_missing_the_details(&axe, "the waitlist form")
        .await;
    browser.wish_for(date(12, 1)).await;
    browser.join_waitlist("erika@example.org").await;
    browser
        .assert_accessible(&axe, "the waitlist form once joined")
        .await;

    browser.open_emailed_waitlist_entry().await;
    browser
        .assert_accessible(&axe, "the entry asking to confirm")
        .await;
    browser.confirm_waitlist_entry().await;
    browser.assert_accessible(&axe, "the confirmed entry").await;

    cancel(&browser.app, &first).await;
    browser.open_emailed_offer().await;
    browser.assert_accessible(&axe, "the offer").await;
    browser.accept_offer().await;
    browser.assert_accessible(&axe, "the offer booked").await;
    browser.close().await;
}
