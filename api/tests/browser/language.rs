//! Deutsch / English: the texts, `<html lang>` and the remembered choice.

use crate::Browser;

#[tokio::test]
async fn switching_to_english_and_back_changes_the_texts_and_html_lang_and_is_remembered() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let lang = "document.documentElement.lang";
    browser.goto("/").await;
    browser.wait_for_text("Termin beim Bürgeramt buchen").await;
    browser
        .wait_until("<html lang=de>", &format!("{lang} === 'de'"))
        .await;

    browser.click("English").await;
    browser
        .wait_for_text("Book an appointment at the citizens' office")
        .await;
    browser.wait_for_text("Apply for an ID card").await;
    browser
        .wait_until("<html lang=en>", &format!("{lang} === 'en'"))
        .await;
    assert!(!browser.text().await.contains("Personalausweis beantragen"));

    browser.page.refresh().await.unwrap();
    browser.wait_for_text("Apply for an ID card").await;
    browser
        .wait_until("<html lang=en>", &format!("{lang} === 'en'"))
        .await;

    browser.click("Deutsch").await;
    browser.wait_for_text("Personalausweis beantragen").await;
    browser
        .wait_until("<html lang=de>", &format!("{lang} === 'de'"))
        .await;
    browser.page.refresh().await.unwrap();
    browser.wait_for_text("Termin beim Bürgeramt buchen").await;
    browser
        .wait_until("<html lang=de>", &format!("{lang} === 'de'"))
        .await;
    browser.close().await;
}
