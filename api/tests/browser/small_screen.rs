//! A phone held upright: 360 CSS pixels wide, nothing may scroll sideways.

use crate::Browser;
use crate::journey::date;

impl Browser {
    /// Sizes the viewport itself to 360 × 740 CSS pixels (the window is larger than its
    /// viewport by the browser's frame).
    pub(crate) async fn hold_upright(&self) {
        self.goto("/").await;
        let frame = self
            .eval("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];")
            .await;
        let (dx, dy) = (frame[0].as_u64().unwrap(), frame[1].as_u64().unwrap());
        self.page
            .set_window_size(360 + dx as u32, 740 + dy as u32)
            .await
            .unwrap();
    }

    pub(crate) async fn assert_no_horizontal_scrolling(&self, page: &str) {
        let widths = self
            .eval("return [document.documentElement.scrollWidth, window.innerWidth];")
            .await;
        let (scroll, inner) = (widths[0].as_u64().unwrap(), widths[1].as_u64().unwrap());
        assert_eq!(inner, 360, "the viewport is 360 px wide");
        assert!(
            scroll <= inner,
            "{page} scrolls sideways: {scroll} px of content in {inner} px"
        );
    }
}

#[tokio::test]
async fn at_360_pixels_the_start_page_and_every_booking_step_fit_without_horizontal_scrolling() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    browser.hold_upright().await;

    browser.goto("/").await;
    browser.wait_for_text("Personalausweis beantragen").await;
    browser
        .assert_no_horizontal_scrolling("the start page")
        .await;

    browser.start_booking().await;
    browser
        .add_service(1, "Personalausweis beantragen", 1)
        .await;
    browser
        .assert_no_horizontal_scrolling("the services step")
        .await;
    browser.continue_to_time().await;
    browser.choose_day(date(11, 30)).await;
    browser.time_button("09:00").await;
    browser
        .assert_no_horizontal_scrolling("the time step")
        .await;
    browser.choose_time("09:00").await;
    browser
        .assert_no_horizontal_scrolling("the appointments step")
        .await;
    browser.continue_to_details().await;
    browser
        .assert_no_horizontal_scrolling("the details step")
        .await;
    browser.fill_details("erika@example.org").await;
    browser.submit_booking().await;
    browser.reference().await;
    browser
        .assert_no_horizontal_scrolling("the done page")
        .await;
    browser.close().await;
}
