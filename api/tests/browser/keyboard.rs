//! A booking with the keyboard alone: Tab, Shift+Tab, Enter, Space and the arrow keys, sent
//! as WebDriver key actions to whatever has focus. Each new step's heading takes focus.

use crate::Browser;
use crate::journey::{APPOINTMENTS_HEADING, DETAILS_HEADING, DONE_HEADING, NAME, TIME_HEADING};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

impl Browser {
    /// Presses `keys` together (e.g. Shift+Tab), as the keyboard does.
    async fn press(&self, keys: &[Key]) {
        let mut actions = KeyActions::new("keyboard".into());
        for key in keys {
            actions = actions.then(KeyAction::Down {
                value: (*key).into(),
            });
        }
        for key in keys.iter().rev() {
            actions = actions.then(KeyAction::Up {
                value: (*key).into(),
            });
        }
        self.page.perform_actions(actions).await.unwrap();
    }

    /// Types `text` into whatever has focus.
    async fn type_text(&self, text: &str) {
        let mut actions = KeyActions::new("keyboard".into());
        for c in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.page.perform_actions(actions).await.unwrap();
    }

    /// Presses Tab until the focused element satisfies `condition` (JavaScript over `el`).
    async fn tab_to(&self, what: &str, condition: &str) {
        let check = format!("return (el => !!({condition}))(document.activeElement);");
        for _ in 0..80 {
            if self.eval(&check).await == serde_json::Value::Bool(true) {
                return;
            }
            self.press(&[Key::Tab]).await;
        }
        panic!("Tab never reached {what}");
    }

    /// Tabs to the button whose text is `label`.
    async fn tab_to_button(&self, label: &str) {
        let quoted = serde_json::to_string(label).unwrap();
        self.tab_to(
            label,
            &format!("el.tagName === 'BUTTON' && el.textContent.trim() === {quoted}"),
        )
        .await;
    }
}

#[tokio::test]
async fn a_citizen_books_with_the_keyboard_alone_and_each_step_heading_takes_focus() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    browser.goto("/book").await;
    browser
        .wait_for_focused_heading("Was möchten Sie erledigen?")
        .await;

    browser
        .tab_to(
            "the main office",
            "el.name === 'office' && el.value === '1'",
        )
        .await;
    browser.press(&[Key::Space]).await;
    browser
        .wait_until(
            "the main office is chosen",
            "document.activeElement.checked",
        )
        .await;
    browser
        .tab_to(
            "more ID cards",
            "el.getAttribute('aria-label') === 'mehr: Personalausweis beantragen'",
        )
        .await;
    browser.press(&[Key::Enter]).await;
    browser
        .wait_until(
            "one ID card is chosen",
            "document.getElementById('quantity-1').value === '1'",
        )
        .await;
    browser.tab_to_button("Weiter zur Terminwahl").await;
    browser.press(&[Key::Enter]).await;
    browser.wait_for_focused_heading(TIME_HEADING).await;

    // The calendar is one Tab stop; the arrow keys move between days.
    browser
        .tab_to(
            "the first free day in the calendar",
            "el.id === 'cal-day-2026-11-30'",
        )
        .await;
    browser.press(&[Key::Right]).await;
    browser
        .wait_until(
            "the arrow key moved to 1 December",
            "document.activeElement.id === 'cal-day-2026-12-01'",
        )
        .await;
    browser
        .wait_until(
            "December has loaded",
            "document.querySelector('table.month[aria-busy=false]')",
        )
        .await;
    browser.press(&[Key::Enter]).await;
    browser
        .wait_until(
            "1 December is chosen",
            "document.activeElement.getAttribute('aria-pressed') === 'true'",
        )
        .await;
    browser.time_button("09:00").await;
    browser
        .tab_to(
            "09:00",
            "el.classList.contains('time') && el.textContent.trim() === '09:00'",
        )
        .await;
    browser.press(&[Key::Enter]).await;
    browser.wait_for_focused_heading(APPOINTMENTS_HEADING).await;
    browser
        .wait_for_text("Dienstag, 1. Dezember 2026, 09:00–09:30 Uhr")
        .await;

    browser.tab_to_button("Weiter zu Ihren Angaben").await;
    browser.press(&[Key::Enter]).await;
    browser.wait_for_focused_heading(DETAILS_HEADING).await;

    browser
        .tab_to("the name field", "el.id === 'citizen-name'")
        .await;
    browser.type_text(NAME).await;
    browser.press(&[Key::Tab]).await;
    browser.type_text("erika@example.org").await;
    browser.press(&[Key::Tab]).await;
    browser.type_text("erika@example.org").await;
    browser.press(&[Key::Tab]).await;
    browser.press(&[Key::Tab]).await;
    browser
        .wait_until(
            "the consent checkbox has focus",
            "document.activeElement.id === 'citizen-consent'",
        )
        .await;
    browser.press(&[Key::Shift, Key::Tab]).await;
    browser
        .wait_until(
            "Shift+Tab went back to the phone field",
            "document.activeElement.id === 'citizen-phone'",
        )
        .await;
    browser.press(&[Key::Tab]).await;
    browser.press(&[Key::Space]).await;
    browser
        .wait_until("consent is given", "document.activeElement.checked")
        .await;
    assert_eq!(browser.value_of("citizen-name").await, NAME);
    assert_eq!(
        browser.value_of("citizen-email-repeat").await,
        "erika@example.org"
    );

    browser.tab_to_button("Verbindlich buchen").await;
    browser.press(&[Key::Enter]).await;
    browser.wait_for_focused_heading(DONE_HEADING).await;
    browser.wait_for_text("Buchungsnummer").await;
    browser.close().await;
}
