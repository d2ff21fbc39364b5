//! The citizen's steps through `/book` and onto the waitlist with the mouse, as small functions
//! the tests combine. Each step waits until the next step's heading has focus, as a screen
//! reader user would.

use crate::Browser;
use chrono::NaiveDate;
use fantoccini::Locator;

pub const NAME: &str = "Erika Mustermann";
pub const SERVICES_HEADING: &str = "Was möchten Sie erledigen?";
pub const TIME_HEADING: &str = "Wann möchten Sie kommen?";
pub const APPOINTMENTS_HEADING: &str = "Ihre Termine";
pub const DETAILS_HEADING: &str = "Ihre Angaben";
pub const DONE_HEADING: &str = "Ihr Termin ist gebucht";
pub const WAITLIST_HEADING: &str = "Auf die Warteliste";
pub const WAITLIST_JOINED_HEADING: &str = "Bitte bestätigen Sie Ihre E-Mail-Adresse";
pub const WAITLIST_CONFIRMED: &str = "Vielen Dank! Sie stehen jetzt auf der Warteliste.";

pub fn date(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

impl Browser {
    /// Opens the booking page and chooses the main office (Bürgeramt Porta Westfalica).
    pub async fn start_booking(&self) {
        self.goto("/book").await;
        self.wait_for_focused_heading(SERVICES_HEADING).await;
        self.choose_main_office().await;
    }

    pub async fn choose_main_office(&self) {
        self.click_on("input[name=office][value='1']").await;
        self.element("input#quantity-1").await;
    }

    /// Raises the quantity of service `id` (named `name`) to `quantity` with its + button.
    pub async fn add_service(&self, id: u32, name: &str, quantity: u32) {
        for _ in 0..quantity {
            self.click(&format!("mehr: {name}")).await;
        }
        self.wait_until(
            &format!("{quantity} × {name} is chosen"),
            &format!("document.getElementById('quantity-{id}').value === '{quantity}'"),
        )
        .await;
    }

    pub async fn continue_to_time(&self) {
        self.click("Weiter zur Terminwahl").await;
        self.wait_for_focused_heading(TIME_HEADING).await;
    }

    /// Chooses `day` in the calendar, paging months forward as needed.
    pub async fn choose_day(&self, day: NaiveDate) {
        let id = format!("cal-day-{day}");
        for _ in 0..3 {
            self.wait_until(
                "the calendar has loaded",
                "document.querySelector('table.month[aria-busy=false]')",
            )
            .await;
            if let Ok(cell) = self.page.find(Locator::Id(&id)).await {
                cell.click().await.unwrap();
                self.wait_until(
                    &format!("{day} is chosen"),
                    &format!(
                        "document.getElementById('{id}').getAttribute('aria-pressed') === 'true'"
                    ),
                )
                .await;
                return;
            }
            self.element(".calendar-header .month-nav:last-of-type")
                .await
                .click()
                .await
                .unwrap();
        }
        panic!("the calendar never showed {day}");
    }

    /// The free time `clock` ("09:00") of the chosen day, waiting until it is offered.
    pub async fn time_button(&self, clock: &str) -> fantoccini::elements::Element {
        let xpath = format!(
            "//button[contains(@class, 'time') and normalize-space(.) = '{clock}' and not(@disabled)]"
        );
        self.page
            .wait()
            .at_most(crate::PATIENCE)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| {
                panic!("{clock} was never offered: {e}");
            })
    }

    /// The start times offered for the chosen day.
    pub async fn offered_times(&self) -> Vec<String> {
        self.wait_until(
            "the free times have loaded",
            "document.querySelector('ul.times, .time-picker .notice')",
        )
        .await;
        let times = self
            .eval("return [...document.querySelectorAll('button.time')].map(b => b.textContent.trim());")
            .await;
        serde_json::from_value(times).unwrap()
    }

    /// Waits until the calendar shows `day` without a free time.
    pub async fn wait_for_no_free_times_on(&self, day: NaiveDate) {
        self.wait_until(
            &format!("{day} shows no free times"),
            &format!(
                "document.getElementById('cal-day-{day}')?.getAttribute('aria-disabled') === 'true'"
            ),
        )
        .await;
    }

    /// Looks for an ID card appointment at the main office on `day` and finds no free time.
    pub async fn find_no_id_card_appointment_on(&self, day: NaiveDate) {
        self.start_booking().await;
        self.add_service(1, "Personalausweis beantragen", 1).await;
        self.continue_to_time().await;
        self.wait_for_no_free_times_on(day).await;
    }

    /// Picks the time `clock`, which holds it, and waits for the overview of appointments.
    pub async fn choose_time(&self, clock: &str) {
        self.time_button(clock).await.click().await.unwrap();
        self.wait_for_focused_heading(APPOINTMENTS_HEADING).await;
    }

    pub async fn add_another_appointment(&self) {
        self.click("Weiteren Termin hinzufügen").await;
        self.wait_for_focused_heading(SERVICES_HEADING).await;
    }

    pub async fn continue_to_details(&self) {
        self.click("Weiter zu Ihren Angaben").await;
        self.wait_for_focused_heading(DETAILS_HEADING).await;
    }

    /// Name, email twice and the consent to the privacy notice.
    pub async fn fill_details(&self, email: &str) {
        self.fill("citizen-name", NAME).await;
        self.fill("citizen-email", email).await;
        self.fill("citizen-email-repeat", email).await;
        let consent = self.element("#citizen-consent").await;
        if !consent.is_selected().await.unwrap() {
            consent.click().await.unwrap();
        }
    }

    pub async fn submit_booking(&self) {
        self.click("Verbindlich buchen").await;
    }

    /// The booking reference on the done page.
    pub async fn reference(&self) -> String {
        self.wait_for_focused_heading(DONE_HEADING).await;
        self.element(".reference").await.text().await.unwrap()
    }

    /// One ID card appointment at the main office on `day` at `clock`, up to the details step.
    pub async fn hold_id_card(&self, day: NaiveDate, clock: &str) {
        self.start_booking().await;
        self.add_service(1, "Personalausweis beantragen", 1).await;
        self.continue_to_time().await;
        self.choose_day(day).await;
        self.choose_time(clock).await;
    }

    /// Follows "Nichts Passendes? Auf die Warteliste" from the time step to the waitlist form.
    pub async fn follow_waitlist_link(&self) {
        self.click_on("#waitlist-link").await;
        self.wait_for_focused_heading(WAITLIST_HEADING).await;
    }

    /// Narrows the form's window of days (the next 60 proposed) to `day` alone.
    pub async fn wish_for(&self, day: NaiveDate) {
        for id in ["waitlist-earliest", "waitlist-latest"] {
            crate::admin::set_value(self, id, &day.to_string()).await;
        }
    }

    /// Sends the waitlist form as it is (the answer is for the caller to await).
    pub async fn submit_waitlist_form(&self) {
        self.click_on("#waitlist-join").await;
    }

    /// Joins with the details of [`Browser::fill_details`]; the answer asks to confirm `email`.
    pub async fn join_waitlist(&self, email: &str) {
        self.fill_details(email).await;
        self.submit_waitlist_form().await;
        self.wait_for_focused_heading(WAITLIST_JOINED_HEADING).await;
    }

    /// Opens the entry's link from the email asking to confirm the address (before any offer,
    /// whose email links into `/waitlist/` too).
    pub async fn open_emailed_waitlist_entry(&self) {
        self.open_emailed_link("/waitlist/", "#token=").await;
        self.element("#waitlist-confirm").await;
    }

    /// Confirms the entry with its button (the link alone does not).
    pub async fn confirm_waitlist_entry(&self) {
        self.click_on("#waitlist-confirm").await;
        self.wait_for_text(WAITLIST_CONFIRMED).await;
    }

    /// Opens the offer's link from its email.
    pub async fn open_emailed_offer(&self) {
        self.open_emailed_link("/waitlist/offers/", "#token=").await;
        self.element("#offer-accept").await;
    }

    /// Books the offered appointment with one click; its booking reference.
    pub async fn accept_offer(&self) -> String {
        self.click_on("#offer-accept").await;
        self.element("#offer-booked").await;
        self.reference().await
    }
}
