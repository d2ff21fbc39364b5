//! An office's contact, notices (German and English) and booking rules.
//! With `focus` (just after the office was created) its heading takes the keyboard focus.

use super::api;
use super::area::{StaffError, reload_offices, use_staff_offices};
use super::form::{BookingRulesFieldset, BookingRulesInput, TextField};
use crate::api::ApiError;
use crate::components::{focus_when_mounted, use_announcer};
use crate::i18n::admin::{Text, t};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::admin::{AdminOffice, OfficeSettings};

#[component]
pub fn OfficeSettingsForm(office: AdminOffice, #[prop(optional)] focus: bool) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H2>::new();
    if focus {
        focus_when_mounted(heading);
    }
    let locale = use_locale();
    let announcer = use_announcer();
    let offices = use_staff_offices();
    let id = office.id;
    let s = office.settings;
    let fixed = (s.code.clone(), s.time_zone.clone(), s.state.clone());
    let name = RwSignal::new(s.name);
    let address = RwSignal::new(s.address);
    let phone = RwSignal::new(s.phone);
    let email = RwSignal::new(s.email);
    let notice_de = RwSignal::new(s.notice_de);
    let notice_en = RwSignal::new(s.notice_en);
    let r = s.booking_rules;
    let rules = BookingRulesInput::new(r);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (code, time_zone, state) = fixed.clone();
        let settings = OfficeSettings {
            code,
            name: name.get_untracked(),
            address: address.get_untracked(),
            time_zone,
            state,
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            notice_de: notice_de.get_untracked(),
            notice_en: notice_en.get_untracked(),
            booking_rules: rules.value(),
        };
        busy.set(true);
        saved.set(false);
        error.set(None);
        spawn_local(async move {
            let result = api::update_office(id, &settings).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    saved.set(true);
                    announcer.say(Text::Saved.get(locale.get_untracked()));
                    reload_offices(offices);
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let f = |name: &str| format!("office-{name}");

    view! {
        <section aria-labelledby="office-title" class="admin-section">
            <h2 id="office-title" tabindex="-1" node_ref=heading>{t(Text::OfficeSettingsTitle)}</h2>
            <form on:submit=save>
                <TextField id=f("name") label=Text::OfficeName value=name required=true />
                <TextField id=f("address") label=Text::OfficeAddress value=address required=true />
                <div class="field-row">
                    <TextField id=f("phone") label=Text::OfficePhone value=phone kind="tel" />
                    <TextField id=f("email") label=Text::OfficeEmail value=email kind="email" />
                </div>
                <TextField id=f("notice-de") label=Text::NoticeDe value=notice_de multiline=true />
                <TextField id=f("notice-en") label=Text::NoticeEn value=notice_en multiline=true />
                <BookingRulesFieldset prefix="office" rules />
                {move || error.get().map(|error| view! { <StaffError error /> })}
                {move || saved.get().then(|| view! { <p class="notice notice-success">{t(Text::Saved)}</p> })}
                <div class="button-row">
                    <button type="submit" class="button" disabled=move || busy.get()>{t(Text::SaveOffice)}</button>
                </div>
            </form>
        </section>
    }
}
