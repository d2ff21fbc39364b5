//! Browser tests: the real server with demo data and the built SPA, driven in headless
//! Chromium through ChromeDriver. `cargo xtask test` builds the SPA, starts ChromeDriver and
//! sets `TERMINVERGABE_SPA_DIR` and `TERMINVERGABE_WEBDRIVER_URL`.
//!
//! The browser speaks German and runs on the test server's clock and time zone (Europe/Berlin),
//! so calendars and hold countdowns agree with the server whatever the machine's date is.

mod admin;
mod help_page;
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

mod accessibility; // axe-core on every page and step of the journey
mod booking; // the whole journey, the emailed manage link, a time taken meanwhile
mod call_queue; // kiosk, workstation, display and ticket page together
mod journey; // the citizen's steps, reused by the tests
mod keyboard; // a booking without the mouse
mod language; // Deutsch / English
mod release; // the new day drawn by lot: explained, entered, confirmed, its outcome
mod small_screen; // 360 px wide without horizontal scrolling
mod start_page;
mod waitlist; // nothing free, on the waitlist, an offer booked with one click

use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use helpers::{TestApp, spawn_app_with};
use serde_json::{Value as Json, json};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use terminvergabe::clock::Clock;
use terminvergabe::config::ServeSettings;

/// How long any wait for the page lasts before the test fails.
const PATIENCE: Duration = Duration::from_secs(10);

/// The SPA and a browser, or `None` (said loudly) when the environment lacks them.
#[derive(Debug)]
pub struct Browser {
    pub app: TestApp,
    pub page: Client,
    /// `…/session/{id}` at ChromeDriver, ended on drop so a failed test leaves no browser behind.
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let session = std::mem::take(&mut self.session);
        if session.is_empty() {
            return;
        }
        // The test's runtime may be unwinding from a panic: end the session on a thread of its own.
        let _ = std::thread::spawn(move || {
            if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                let _ = runtime.block_on(reqwest::Client::new().delete(&session).send());
            }
        })
        .join();
    }
}

/// A Chrome DevTools command through ChromeDriver's `goog/cdp/execute` endpoint.
#[derive(Debug)]
struct DevTools {
    command: &'static str,
    params: Json,
}

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

impl Browser {
    /// The demo server (bot defences off) and a fresh browser.
    pub async fn open() -> Option<Browser> {
        Self::open_with(|_| {}).await
    }

    /// Like [`Browser::open`], with the server's settings adjusted first.
    pub async fn open_with(adjust: impl FnOnce(&mut ServeSettings)) -> Option<Browser> {
        Self::launch(adjust, None).await
    }

    /// Like [`Browser::open`], with the server's clock (and so the browser's) at `now`.
    pub async fn open_at(now: chrono::DateTime<chrono::Utc>) -> Option<Browser> {
        Self::launch(|_| {}, Some(now)).await
    }

    async fn launch(
        adjust: impl FnOnce(&mut ServeSettings),
        now: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Option<Browser> {
        let (Some(spa), Some(webdriver)) = (
            std::env::var_os("TERMINVERGABE_SPA_DIR").map(PathBuf::from),
            std::env::var("TERMINVERGABE_WEBDRIVER_URL").ok(),
        ) else {
            assert!(
                std::env::var("CI").is_err(),
                "browser tests need TERMINVERGABE_SPA_DIR and TERMINVERGABE_WEBDRIVER_URL (run `cargo xtask test`)"
            );
            eprintln!(
                "SKIPPED: browser tests need the built SPA and ChromeDriver; run `cargo xtask test`"
            );
            return None;
        };
        let app = spawn_app_with(|settings| {
            settings.static_dir = Some(spa);
            adjust(settings);
        })
        .await;
        if let Some(now) = now {
            app.clock.set(now);
        }
        let profile = tempfile::tempdir().unwrap();
        let mut capabilities = Capabilities::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1280,900", "--lang=de-DE",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": { "intl": { "accept_languages": "de-DE,de" } },
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let page = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&webdriver)
            .await
            .expect("ChromeDriver answers");
        let session_id = page
            .session_id()
            .await
            .unwrap()
            .expect("a WebDriver session");
        let browser = Browser {
            app,
            page,
            session: format!("{}/session/{session_id}", webdriver.trim_end_matches('/')),
            _profile: profile,
        };
        browser.follow_the_test_clock().await;
        Some(browser)
    }

    /// Makes `Date` in every page read the test server's clock, and the time zone the office's.
    async fn follow_the_test_clock(&self) {
        let offset_ms = (self.app.clock.now() - chrono::Utc::now()).num_milliseconds();
        let source = format!(
            "(() => {{ const Real = Date; const offset = {offset_ms};
              class ServerDate extends Real {{
                constructor(...args) {{ if (args.length === 0) super(Real.now() + offset); else super(...args); }}
                static now() {{ return Real.now() + offset; }}
              }}
              globalThis.Date = ServerDate; }})();"
        );
        self.devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        )
        .await;
        self.devtools(
            "Emulation.setTimezoneOverride",
            json!({ "timezoneId": "Europe/Berlin" }),
        )
        .await;
    }

    async fn devtools(&self, command: &'static str, params: Json) {
        self.page
            .issue_cmd(DevTools { command, params })
            .await
            .unwrap_or_else(|e| panic!("DevTools {command}: {e}"));
    }

    pub async fn goto(&self, path: &str) {
        self.page.goto(&self.app.url(path)).await.unwrap();
    }

    /// Opens, at the test server, the link into `path` (`/booking/`, `/waitlist/offers/`)
    /// carrying `marker` (`#token=`) of an email in its dev mailbox, waiting for the email.
    pub async fn open_emailed_link(&self, path: &str, marker: &str) {
        let link = emailed_link(&self.app.mail_dir(), path, marker).await;
        self.goto(&link).await;
    }

    /// Runs JavaScript (a function body: use `return`) and gives back its result.
    pub async fn eval(&self, script: &str) -> Json {
        self.page
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits until the JavaScript expression `condition` is true, or fails saying `what`.
    pub async fn wait_until(&self, what: &str, condition: &str) {
        let script = format!("return !!({condition});");
        let deadline = Instant::now() + PATIENCE;
        loop {
            if self.eval(&script).await == Json::Bool(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "waited in vain until {what}\npage text:\n{}",
                self.text().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The visible text of the page.
    pub async fn text(&self) -> String {
        self.eval("return document.body.innerText;")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits until the page shows `text` somewhere, or fails.
    pub async fn wait_for_text(&self, text: &str) {
        let quoted = serde_json::to_string(text).unwrap();
        self.wait_until(
            &format!("the page shows {text}"),
            &format!("document.body.innerText.replace(/\\s+/g, ' ').includes({quoted})"),
        )
        .await;
    }

    /// Waits for the element that `css` selects.
    pub async fn element(&self, css: &str) -> Element {
        self.page
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| {
                panic!("the page never showed {css}: {e}");
            })
    }

    /// Waits for the element that `css` selects and clicks it.
    pub async fn click_on(&self, css: &str) {
        self.element(css).await.click().await.unwrap();
    }

    /// Waits for an enabled button whose text or accessible label contains `label`.
    pub async fn button(&self, label: &str) -> Element {
        self.button_in("body", label).await
    }

    /// Like [`Browser::button`], inside the elements that `scope` selects.
    pub async fn button_in(&self, scope: &str, label: &str) -> Element {
        let scope = serde_json::to_string(scope).unwrap();
        let quoted = serde_json::to_string(label).unwrap();
        let find = format!(
            "[...document.querySelectorAll({scope})]
               .flatMap(s => [...s.querySelectorAll('button, a.button')])
               .find(b => !b.disabled && b.getAttribute('aria-disabled') !== 'true'
                 && ((b.getAttribute('aria-label') || '') + ' ' + b.textContent)
                      .replace(/\\s+/g, ' ').includes({quoted}))"
        );
        self.wait_until(&format!("a button {label:?} can be pressed"), &find)
            .await;
        let found = self.eval(&format!("return {find};")).await;
        let id = found
            // The W3C WebDriver identifier of an element reference.
            .get("element-6066-11e4-a52e-4f735466cecf")
            .and_then(Json::as_str)
            .unwrap_or_else(|| panic!("the script returned no element: {found}"))
            .to_owned();
        Element::from_element_id(self.page.clone(), id.into())
    }

    /// Presses the button labelled `label` (with the mouse).
    pub async fn click(&self, label: &str) {
        self.button(label).await.click().await.unwrap();
    }

    /// Types `value` into the field with the id `id`, replacing what was there.
    pub async fn fill(&self, id: &str, value: &str) {
        let field = self.element(&format!("#{id}")).await;
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// The visible text of the first element that `css` selects.
    pub async fn text_of(&self, css: &str) -> String {
        self.element(css).await.text().await.unwrap()
    }

    /// The value of the field with the id `id`.
    pub async fn value_of(&self, id: &str) -> String {
        self.element(&format!("#{id}"))
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    /// Waits until the focused element is an `h1`/`h2` reading `heading`.
    pub async fn wait_for_focused_heading(&self, heading: &str) {
        let quoted = serde_json::to_string(heading).unwrap();
        self.wait_until(
            &format!("the heading {heading:?} has focus"),
            &format!(
                "/^H[12]$/.test(document.activeElement.tagName)
                 && document.activeElement.textContent.trim() === {quoted}"
            ),
        )
        .await;
    }

    pub async fn close(mut self) {
        self.session.clear();
        self.page.clone().close().await.unwrap();
    }
}

/// The path (from `path` on) of the first link into `path` carrying `marker` of an email in
/// `mailbox`, waiting up to ten seconds for one.
async fn emailed_link(mailbox: &std::path::Path, path: &str, marker: &str) -> String {
    for _ in 0..100 {
        let messages = std::fs::read_dir(mailbox)
            .map(|dir| dir.flatten().map(|entry| entry.path()).collect::<Vec<_>>())
            .unwrap_or_default();
        for message in messages
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        {
            let raw = std::fs::read(message).unwrap();
            let parsed = mailparse::parse_mail(&raw).unwrap();
            let text = text_part(&parsed).unwrap_or_default();
            if let Some((_, rest)) = text
                .lines()
                .filter(|line| line.contains(marker))
                .find_map(|line| line.trim().split_once(path))
            {
                return format!("{path}{rest}");
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no email with a link into {path} containing {marker} arrived");
}

fn text_part(part: &mailparse::ParsedMail<'_>) -> Option<String> {
    if part.ctype.mimetype == "text/plain" {
        return part.get_body().ok();
    }
    part.subparts.iter().find_map(text_part)
}

/// The first column of the first row of `sql`, as text (to find what the API does not show).
pub async fn query_text(app: &TestApp, sql: &str) -> String {
    use sqlx::Connection;
    match helpers::backend() {
        helpers::Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&app.database_url)
                .await
                .unwrap();
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
                .fetch_one(&mut c)
                .await
                .unwrap()
        }
        helpers::Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&app.database_url)
                .await
                .unwrap();
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
                .fetch_one(&mut c)
                .await
                .unwrap()
        }
    }
}
