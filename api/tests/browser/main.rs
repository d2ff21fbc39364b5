//! Browser tests: the real server with demo data and the built SPA, driven in headless
//! Chromium through ChromeDriver. `cargo xtask test` builds the SPA, starts ChromeDriver and
//! sets `TERMINVERGABE_SPA_DIR` and `TERMINVERGABE_WEBDRIVER_URL`.

mod help_page;
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;
mod start_page;

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use helpers::{TestApp, spawn_app_with};
use std::path::PathBuf;
use std::time::Duration;

/// The SPA and a browser, or `None` (said loudly) when the environment lacks them.
#[derive(Debug)]
pub struct Browser {
    pub app: TestApp,
    pub page: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn open() -> Option<Browser> {
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
        let app = spawn_app_with(|settings| settings.static_dir = Some(spa)).await;
        let profile = tempfile::tempdir().unwrap();
        let mut capabilities = Capabilities::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let page = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&webdriver)
            .await
            .expect("ChromeDriver answers");
        Some(Browser {
            app,
            page,
            _profile: profile,
        })
    }

    pub async fn goto(&self, path: &str) {
        self.page.goto(&self.app.url(path)).await.unwrap();
    }

    /// Waits until the page shows `text` somewhere, or fails after 10 seconds.
    pub async fn wait_for_text(&self, text: &str) {
        let xpath = format!("//*[contains(normalize-space(.), \"{text}\")]");
        self.page
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("the page never showed {text:?}: {e}"));
    }

    pub async fn close(self) {
        self.page.close().await.unwrap();
    }
}
