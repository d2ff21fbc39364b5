//! The help page: reached from the booking journey, deep links focus one answer, and axe-core
//! finds no WCAG 2.1 AA violation.

use crate::Browser;
use fantoccini::Locator;
use std::time::Duration;

/// Waits until the focused element has id `id`, or fails after 10 seconds.
async fn wait_for_focus_on(browser: &Browser, id: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let focused = browser
            .page
            .execute(
                "return document.activeElement && document.activeElement.id;",
                vec![],
            )
            .await
            .unwrap();
        if focused.as_str() == Some(id) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "focus never reached #{id}; it is on {focused:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs axe-core with the WCAG 2.1 A and AA rules and returns the violations.
async fn axe_violations(browser: &Browser) -> Vec<serde_json::Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../.tools/node_modules/axe-core/axe.min.js"
    );
    let axe =
        std::fs::read_to_string(path).expect("axe-core in .tools (cargo xtask install-tools)");
    browser.page.execute(&axe, vec![]).await.unwrap();
    let result = browser
        .page
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then(result => done(result.violations))
               .catch(error => done([{ id: 'axe-error', description: String(error) }]));",
            vec![],
        )
        .await
        .unwrap();
    result.as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn the_help_opens_from_the_booking_page_focuses_a_deep_linked_answer_and_passes_axe() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    browser.goto("/book").await;
    browser
        .page
        .execute(
            "localStorage.setItem('terminvergabe.locale', 'de');",
            vec![],
        )
        .await
        .unwrap();
    browser.goto("/book").await;
    browser.wait_for_text("Hilfe und häufige Fragen").await;
    browser
        .page
        .find(Locator::LinkText("Hilfe und häufige Fragen"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for_text("Mein Anliegen ist dringend. Was kann ich tun?")
        .await;
    assert!(browser.page.current_url().await.unwrap().path() == "/help");

    browser.goto("/help/familie").await;
    browser
        .wait_for_text("Wie buche ich für Familienmitglieder?")
        .await;
    wait_for_focus_on(&browser, "familie").await;

    browser.goto("/help#datenschutz").await;
    browser
        .wait_for_text("Was passiert mit meinen Daten?")
        .await;
    wait_for_focus_on(&browser, "datenschutz").await;

    let violations = axe_violations(&browser).await;
    assert!(
        violations.is_empty(),
        "axe found WCAG 2.1 AA violations on /help: {}",
        serde_json::to_string_pretty(&violations).unwrap()
    );
    browser.close().await;
}
