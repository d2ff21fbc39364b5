//! The start page: offices with their urgent-matters contact, services with documents.

use crate::Browser;

#[tokio::test]
async fn the_start_page_shows_the_office_its_urgent_contact_and_the_services() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    browser.goto("/").await;
    browser.wait_for_text("Bürgeramt Porta Westfalica").await;
    browser.wait_for_text("(05 71) 79 12 23").await;
    browser.wait_for_text("Personalausweis beantragen").await;
    browser.wait_for_text("Wohnungsgeberbestätigung").await;
    browser.close().await;
}
