//! "Neue Dienststelle anlegen" (administrators): code, contact, notices and booking rules of a
//! new office. Once created, its configuration page opens, where services, opening hours and
//! closures are set up.

use super::AdminPage;
use super::api;
use super::area::{StaffError, reload_offices, use_staff_offices};
use super::form::{BookingRulesFieldset, BookingRulesInput, TextField};
use crate::api::ApiError;
use crate::components::use_announcer;
use crate::i18n::admin::{Text, t};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use shared::admin::OfficeSettings;
use shared::ids::OfficeId;
use shared::offices::{BookingRules, default_waitlist_offer_minutes};

/// The booking rules a new office starts with: three months ahead, one hour's notice, a
/// waitlist whose offers are kept for half an hour.
fn default_rules() -> BookingRules {
    BookingRules {
        horizon_days: 90,
        min_notice_minutes: 60,
        hold_minutes: 10,
        max_open_appointments_per_email: 3,
        activation_required: true,
        activation_deadline_minutes: 30,
        cancellation_cooldown_minutes: 0,
        waitlist_offer_minutes: default_waitlist_offer_minutes(),
        release_window_minutes: 0,
        daily_release_time: None,
    }
}

/// The form; `created` learns the new office's id before its configuration page opens.
#[component]
pub fn NewOfficeForm(created: Callback<OfficeId>) -> impl IntoView {
    let locale = use_locale();
    let announcer = use_announcer();
    let offices = use_staff_offices();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let time_zone = RwSignal::new("Europe/Berlin".to_string());
    let state = RwSignal::new("NW".to_string());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let notice_de = RwSignal::new(String::new());
    let notice_en = RwSignal::new(String::new());
    let r = default_rules();
    let rules = BookingRulesInput::new(r);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = OfficeSettings {
            code: code.get_untracked().trim().to_uppercase(),
            name: name.get_untracked(),
            address: address.get_untracked(),
            time_zone: time_zone.get_untracked().trim().to_string(),
            state: state.get_untracked().trim().to_uppercase(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            notice_de: notice_de.get_untracked(),
            notice_en: notice_en.get_untracked(),
            booking_rules: rules.value(),
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::create_office(&settings).await;
            busy.set(false);
            match result {
                Ok(office) => {
                    announcer.say(Text::OfficeCreated.get(locale.get_untracked()));
                    created.run(office.id);
                    offices.0.update(|list| list.push(office.clone()));
                    reload_offices(offices);
                    navigate(
                        &AdminPage::Configuration {
                            office: Some(office.id),
                        }
                        .path(),
                        Default::default(),
                    );
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let f = |name: &str| format!("new-office-{name}");

    view! {
        <section aria-labelledby="new-office-title" class="admin-section">
            <h2 id="new-office-title">{t(Text::NewOfficeTitle)}</h2>
            <details>
                <summary>{t(Text::NewOfficeOpen)}</summary>
                <p class="hint">{t(Text::NewOfficeHint)}</p>
                <form class="new-office-form" on:submit=create>
                    <div class="field-row">
                        <TextField id=f("code") label=Text::OfficeCode value=code required=true />
                        <TextField id=f("name") label=Text::OfficeName value=name required=true />
                    </div>
                    <TextField id=f("address") label=Text::OfficeAddress value=address required=true />
                    <div class="field-row">
                        <TextField id=f("time-zone") label=Text::OfficeTimeZone value=time_zone required=true />
                        <TextField id=f("state") label=Text::OfficeState value=state required=true />
                    </div>
                    <div class="field-row">
                        <TextField id=f("phone") label=Text::OfficePhone value=phone kind="tel" required=true />
                        <TextField id=f("email") label=Text::OfficeEmail value=email kind="email" required=true />
                    </div>
                    <TextField id=f("notice-de") label=Text::NoticeDe value=notice_de multiline=true />
                    <TextField id=f("notice-en") label=Text::NoticeEn value=notice_en multiline=true />
                    <BookingRulesFieldset prefix="new-office" rules />
                    {move || error.get().map(|error| view! { <StaffError error /> })}
                    <div class="button-row">
                        <button type="submit" class="button" disabled=move || busy.get()>{t(Text::CreateOffice)}</button>
                    </div>
                </form>
            </details>
        </section>
    }
}
