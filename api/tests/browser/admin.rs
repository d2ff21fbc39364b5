//! The staff views in a real browser: login, the day plan with a booking made through the
//! API, a check-in, a closure whose effect citizens see at once and which the audit log
//! records, a new office set up from scratch until citizens find free times there, a staff
//! account created, given another role and disabled, and a help entry written in the staff app
//! that citizens read at once.

use crate::Browser;
use crate::accessibility::axe_source;
use crate::helpers::{ID_CARD, MAIN_OFFICE, admin_client, book_id_card, date, one, winter_time};
use fantoccini::Locator;
use shared::auth::StaffRole;
use shared::bookings::AppointmentStatus;
use shared::ids::OfficeId;
use std::time::Duration;

pub(crate) const ADMIN: (&str, &str) = terminvergabe::startup::DEMO_ADMIN;

/// Sets a form field the way typing would (date and time inputs read typed text in the
/// browser's locale, so their value is set directly and an `input` event sent).
pub(crate) async fn set_value(browser: &Browser, id: &str, value: &str) {
    browser
        .page
        .execute(
            "const field = document.getElementById(arguments[0]);
             field.value = arguments[1];
             field.dispatchEvent(new Event('input', { bubbles: true }));
             field.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![id.into(), value.into()],
        )
        .await
        .unwrap();
}

async fn click(browser: &Browser, css: &str) {
    browser
        .page
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Opens the login page in German and signs in.
pub(crate) async fn log_in(browser: &Browser, username: &str, password: &str) {
    browser.goto("/admin/login").await;
    browser
        .page
        .execute(
            "localStorage.setItem('terminvergabe.locale', 'de');",
            vec![],
        )
        .await
        .unwrap();
    browser.goto("/admin/login").await;
    browser.wait_for_text("Anmeldung für Mitarbeitende").await;
    set_value(browser, "username", username).await;
    set_value(browser, "password", password).await;
    click(browser, "form button[type=submit]").await;
}

#[tokio::test]
async fn a_wrong_password_reads_as_such_and_the_right_one_enters_with_cookies_only() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    log_in(&browser, ADMIN.0, "not-the-password").await;
    browser
        .wait_for_text("Benutzername oder Passwort ist falsch")
        .await;

    set_value(&browser, "password", ADMIN.1).await;
    click(&browser, "form button[type=submit]").await;
    browser.wait_for_text("Angemeldet als").await;
    browser.wait_for_text("Administration").await;
    browser.wait_for_text("Tagesplan").await;

    let stored = browser
        .page
        .execute(
            "return [JSON.stringify(Object.assign({}, localStorage, sessionStorage)), document.cookie];",
            vec![],
        )
        .await
        .unwrap();
    let stored = stored.as_array().unwrap();
    let storage = stored[0].as_str().unwrap();
    let cookies = stored[1].as_str().unwrap();
    assert!(
        !storage.contains("eyJ"),
        "no token in web storage: {storage}"
    );
    assert!(
        cookies.contains("tv_csrf="),
        "the CSRF cookie is readable: {cookies}"
    );
    assert!(
        !cookies.contains("tv_access") && !cookies.contains("tv_refresh"),
        "the tokens are HttpOnly: {cookies}"
    );

    click(&browser, ".admin-nav button").await;
    browser.wait_for_text("Anmeldung für Mitarbeitende").await;
    browser.goto("/admin/day").await;
    browser.wait_for_text("Anmeldung für Mitarbeitende").await;

    // The staff app is a separate download; its header still leads to the citizens' app.
    click(&browser, ".main-nav a[href='/book']").await;
    browser.wait_for_text("Was möchten Sie erledigen?").await;
    browser.close().await;
}

#[tokio::test]
async fn the_day_plan_shows_a_booking_made_through_the_api_and_a_check_in_changes_its_status() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let booking = book_id_card(
        &browser.app,
        winter_time(2026, 12, 1, 10, 0),
        "plan@example.org",
    )
    .await;
    let appointment = booking.appointments[0].id;

    log_in(&browser, ADMIN.0, ADMIN.1).await;
    browser.wait_for_text("Angemeldet als").await;
    browser.goto("/admin/day?office=1&date=2026-12-01").await;
    browser.wait_for_text(&booking.reference).await;
    browser.wait_for_text("Erika Mustermann").await;
    browser.wait_for_text("Personalausweis beantragen").await;
    browser.wait_for_text("10:00").await;

    click(
        &browser,
        &format!("#appt-{appointment} .status-actions button"),
    )
    .await;
    browser.wait_for_text("eingetroffen").await;

    let plan = admin_client(&browser.app)
        .await
        .day_plan(MAIN_OFFICE, date(2026, 12, 1))
        .await
        .unwrap();
    assert_eq!(plan[0].status, AppointmentStatus::CheckedIn);
    browser.close().await;
}

#[tokio::test]
async fn a_closure_over_a_booked_day_is_previewed_cancels_it_shows_the_day_closed_and_is_in_the_audit_log()
 {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let day = date(2026, 12, 3);
    let booking = book_id_card(
        &browser.app,
        winter_time(2026, 12, 3, 9, 0),
        "closed@example.org",
    )
    .await;
    let free_before = browser
        .app
        .client
        .days(&[MAIN_OFFICE], &one(ID_CARD), day, day)
        .await
        .unwrap()
        .days[0]
        .free_times;
    assert!(free_before > 0);

    log_in(&browser, ADMIN.0, ADMIN.1).await;
    browser.wait_for_text("Angemeldet als").await;
    browser.goto("/admin/config?office=1").await;
    browser.wait_for_text("Schließung eintragen").await;
    set_value(&browser, "closure-starts", "2026-12-03").await;
    set_value(&browser, "closure-reason", "Stromausfall").await;
    click(&browser, ".closure-form button[type=submit]").await;

    browser
        .wait_for_text("Gebuchte Termine, die betroffen sind")
        .await;
    browser.wait_for_text(&booking.reference).await;
    click(&browser, "#affected-cancel").await;
    click(&browser, ".capacity-decision button[type=submit]").await;
    browser
        .wait_for_text("Schließung gespeichert, 1 Termin abgesagt")
        .await;

    let after = browser
        .app
        .client
        .days(&[MAIN_OFFICE], &one(ID_CARD), day, day)
        .await
        .unwrap();
    assert_eq!(after.days[0].free_times, 0, "{after:?}");
    let plan = admin_client(&browser.app)
        .await
        .day_plan(MAIN_OFFICE, day)
        .await
        .unwrap();
    assert_eq!(plan[0].status, AppointmentStatus::CancelledByOffice);
    assert_eq!(plan[0].cancel_reason.as_deref(), Some("Stromausfall"));

    // The audit log names the change, and only it when filtered to closures.
    click(&browser, ".admin-nav a[href='/admin/audit']").await;
    browser.wait_for_text("closure.created").await;
    browser
        .wait_for_text("appointment.cancelled_by_office")
        .await;
    set_value(&browser, "audit-entity", "closure").await;
    browser.wait_for_text("Seite 1 von 1 (1 Eintrag)").await;
    assert!(
        browser
            .page
            .current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/admin/audit?entity=closure")
    );
    click(&browser, ".audit-table details summary").await;
    browser.wait_for_text("Stromausfall").await;
    browser.close().await;
}

#[tokio::test]
async fn an_administrator_creates_a_clerk_makes_them_a_manager_and_disables_the_account() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    log_in(&browser, ADMIN.0, ADMIN.1).await;
    browser.wait_for_text("Angemeldet als").await;
    click(&browser, ".admin-nav a[href='/admin/accounts']").await;
    browser.wait_for_text("Alle Konten").await;

    click(&browser, "#new-account-title + details summary").await;
    set_value(&browser, "new-account-username", "schalter3").await;
    set_value(&browser, "new-account-password", "kurz").await;
    click(&browser, "#new-account-office-1").await;
    click(&browser, ".new-account-form button[type=submit]").await;
    browser.wait_for_text("mindestens 12 Zeichen").await;
    set_value(&browser, "new-account-password", "Weser-Ufer-2026!").await;
    click(&browser, ".new-account-form button[type=submit]").await;
    browser
        .wait_for_text("Rolle und Standorte ändern: schalter3")
        .await;

    let admin = admin_client(&browser.app).await;
    let clerk = admin
        .staff_accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|account| account.username == "schalter3")
        .expect("the account was created");
    assert_eq!(clerk.role, StaffRole::Clerk);
    assert_eq!(clerk.offices, vec![MAIN_OFFICE]);

    let id = clerk.id;
    click(
        &browser,
        &format!("details:has(#account-{id}-role) summary"),
    )
    .await;
    set_value(&browser, &format!("account-{id}-role"), "manager").await;
    click(
        &browser,
        &format!("details:has(#account-{id}-role) button[type=submit]"),
    )
    .await;
    // The option "Standortleitung" is on the page at once; the list shows it after the save.
    browser
        .wait_until(
            "schalter3 is listed as a manager",
            "[...document.querySelectorAll('.accounts-table tbody tr')].some(row => \
             row.cells[0].innerText === 'schalter3' && row.cells[1].innerText === 'Standortleitung')",
        )
        .await;

    browser
        .button("Deaktivieren: schalter3")
        .await
        .click()
        .await
        .unwrap();
    browser
        .button("Ja, Konto deaktivieren")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_for_text("deaktiviert (seit").await;
    let after = admin
        .staff_accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|account| account.id == id)
        .unwrap();
    assert_eq!((after.role, after.disabled), (StaffRole::Manager, true));
    browser.close().await;
}

#[tokio::test]
async fn an_administrator_adds_a_help_entry_in_the_staff_app_and_citizens_read_it() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    log_in(&browser, ADMIN.0, ADMIN.1).await;
    browser.wait_for_text("Angemeldet als").await;
    click(&browser, ".admin-nav a[href='/admin/faq']").await;
    browser.wait_for_text("Hilfeseite bearbeiten").await;
    browser
        .wait_for_text("Wie buche ich für Familienmitglieder?")
        .await;

    browser.click("Neue Frage").await;
    browser.fill("faq-question_de", "Wo kann ich parken?").await;
    browser.fill("faq-question_en", "Where can I park?").await;
    assert_eq!(browser.value_of("faq-slug").await, "wo-kann-ich-parken");
    browser.fill("faq-slug", "familie").await;
    browser.fill("faq-group_de", "Anreise").await;
    browser.fill("faq-group_en", "Getting there").await;
    browser
        .fill("faq-answer_de", "Im **Parkhaus** am Rathaus.")
        .await;
    browser
        .fill("faq-answer_en", "In the car park by the town hall.")
        .await;
    browser.wait_for_text("Im Parkhaus am Rathaus.").await;
    click(&browser, ".faq-editor button[type=submit]").await;
    browser
        .wait_for_text("Dieser Kurzname ist schon vergeben.")
        .await;
    browser
        .wait_until(
            "the slug is marked invalid",
            "document.getElementById('faq-slug').getAttribute('aria-invalid') === 'true'",
        )
        .await;

    browser.fill("faq-slug", "parken").await;
    click(&browser, ".faq-editor button[type=submit]").await;
    browser
        .wait_until(
            "the new entry is listed and the editor closed",
            "!document.querySelector('.faq-editor') && [...document.querySelectorAll('.faq-admin-question')]
               .some(q => q.innerText === 'Wo kann ich parken?')",
        )
        .await;
    let stored = admin_client(&browser.app)
        .await
        .admin_faq()
        .await
        .unwrap()
        .into_iter()
        .find(|entry| entry.settings.slug == "parken")
        .expect("the entry was saved");
    assert_eq!(stored.settings.office_id, None);
    assert!(stored.settings.visible);

    // The staff app's header leads to the citizens' help page, which shows the entry at once.
    click(&browser, ".main-nav a[href='/help']").await;
    browser.wait_for_text("Wo kann ich parken?").await;
    browser.wait_for_text("Im Parkhaus am Rathaus.").await;
    browser.close().await;
}

/// Runs axe-core (WCAG 2.1 A/AA rules) on the current page; returns the violations' ids.
pub(crate) async fn accessibility_violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser.page.execute(axe, vec![]).await.unwrap();
    let result = browser
        .page
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
                .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(result).unwrap()
}

/// The page is no wider than the window (nothing to scroll sideways).
async fn fits_the_width(browser: &Browser) -> bool {
    browser
        .page
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

#[tokio::test]
async fn the_staff_pages_pass_axe_and_fit_a_360_pixel_screen() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let axe = axe_source();
    book_id_card(
        &browser.app,
        winter_time(2026, 12, 1, 9, 0),
        "axe@example.org",
    )
    .await;
    browser.page.set_window_size(360, 800).await.unwrap();
    log_in(&browser, ADMIN.0, "wrong-password").await;
    browser
        .wait_for_text("Benutzername oder Passwort ist falsch")
        .await;
    assert_eq!(
        accessibility_violations(&browser, &axe).await,
        Vec::<String>::new()
    );
    set_value(&browser, "password", ADMIN.1).await;
    click(&browser, "form button[type=submit]").await;
    browser.wait_for_text("Angemeldet als").await;

    for (path, text) in [
        ("/admin", "Verwaltung"),
        ("/admin/day?office=1&date=2026-12-01", "Erika Mustermann"),
        ("/admin/config?office=1", "Schließung eintragen"),
        (
            "/admin/statistics?office=1&from=2026-11-01&to=2026-11-30",
            "Zahlen pro Tag",
        ),
        ("/admin/accounts", "Alle Konten"),
        ("/admin/audit", "Wer hat wann was geändert"),
        ("/admin/faq", "Wie buche ich für Familienmitglieder?"),
        ("/admin/queue?office=1", "Ticket-Kiosks"),
        ("/admin/waitlist?office=1", "Wartende je Dienstleistung"),
    ] {
        browser.goto(path).await;
        browser.wait_for_text(text).await;
        assert_eq!(
            accessibility_violations(&browser, &axe).await,
            Vec::<String>::new(),
            "{path}"
        );
        assert!(
            fits_the_width(&browser).await,
            "{path} scrolls sideways at 360 px"
        );
    }
    browser.close().await;
}

/// The office id in the address of the configuration page, once it names one other than `not`.
async fn office_in_address(browser: &Browser, not: OfficeId) -> OfficeId {
    browser
        .wait_until(
            "the configuration of the new office opens",
            &format!(
                "![null, '', '{not}'].includes(new URLSearchParams(location.search).get('office'))"
            ),
        )
        .await;
    let id = browser
        .eval("return new URLSearchParams(location.search).get('office');")
        .await;
    OfficeId(id.as_str().unwrap().parse().unwrap())
}

#[tokio::test]
async fn an_administrator_sets_up_a_new_office_with_a_new_service_and_citizens_find_free_times() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    log_in(&browser, ADMIN.0, ADMIN.1).await;
    browser.wait_for_text("Angemeldet als").await;
    browser.goto("/admin/config?office=1").await;
    browser.wait_for_text("Neue Dienststelle anlegen").await;

    click(&browser, "#new-office-title + details > summary").await;
    browser.fill("new-office-code", "PW").await;
    browser.fill("new-office-name", "Bürgerbüro Hafen").await;
    browser
        .fill("new-office-address", "Hafenstraße 1, 31785 Hameln")
        .await;
    browser.fill("new-office-phone", "05151 2020").await;
    browser.fill("new-office-email", "hafen@example.org").await;
    assert_eq!(
        browser.value_of("new-office-time-zone").await,
        "Europe/Berlin"
    );
    assert_eq!(browser.value_of("new-office-state").await, "NW");
    click(&browser, ".new-office-form button[type=submit]").await;
    browser
        .wait_for_text("ist schon an eine andere Dienststelle vergeben")
        .await;

    browser.fill("new-office-code", "HAF").await;
    click(&browser, ".new-office-form button[type=submit]").await;
    let office = office_in_address(&browser, MAIN_OFFICE).await;
    browser
        .wait_for_focused_heading("Standort, Kontakt und Hinweise")
        .await;
    assert_eq!(browser.value_of("office-name").await, "Bürgerbüro Hafen");

    click(&browser, "#new-service-title + details > summary").await;
    browser
        .fill("service-new-name-de", "Hundesteuer anmelden")
        .await;
    browser.fill("service-new-name-en", "Register a dog").await;
    browser.fill("service-new-fees-de", "keine").await;
    browser.fill("service-new-fees-en", "none").await;
    set_value(
        &browser,
        "service-new-documents",
        "Impfpass | Vaccination record",
    )
    .await;
    click(&browser, "#new-service-title + details button[type=submit]").await;
    browser.wait_for_text("Hundesteuer anmelden").await;
    let service = admin_client(&browser.app)
        .await
        .admin_services()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.settings.name_de == "Hundesteuer anmelden")
        .expect("the new service exists")
        .id;

    click(&browser, &format!("#offer-{service}")).await;
    set_value(&browser, &format!("units-{service}"), "2").await;
    click(
        &browser,
        &format!(".service-admin:has(#offer-{service}) .offer-form button[type=submit]"),
    )
    .await;
    browser.wait_for_text("Gespeichert.").await;

    set_value(&browser, "rule-opens", "09:00").await;
    set_value(&browser, "rule-closes", "12:00").await;
    set_value(&browser, "rule-slot", "15").await;
    set_value(&browser, "rule-counters", "2").await;
    click(&browser, ".rule-form button[type=submit]").await;
    browser.wait_for_text("2 (0 offline)").await;

    let next = browser
        .app
        .client
        .next_free(&one(service), Some(&[office]))
        .await
        .unwrap();
    assert_eq!(next.len(), 1, "{next:?}");
    let first = &next[0];
    assert_eq!(first.office_id, office);
    assert_eq!(first.end - first.start, chrono::Duration::minutes(30));
    let day = first.start.date_naive();
    let days = browser
        .app
        .client
        .days(&[office], &one(service), day, day)
        .await
        .unwrap();
    assert!(days.days[0].free_times > 0, "{days:?}");
    browser.close().await;
}
