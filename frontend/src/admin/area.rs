//! The frame of every staff page: asks the server who is logged in (cookies only), sends
//! visitors without a session to the login page, shows the account with its role and
//! offices, the navigation its role allows, and logging out.

use super::session::{Area, SessionState, may_use, offices_for, use_staff_session};
use super::{AdminPage, api};
use crate::api::ApiError;
use crate::components::{Loading, use_announcer};
use crate::i18n::admin::{Text, error_message, field_error_message, field_label, role_name, t};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use shared::admin::AdminOffice;

/// The offices the logged-in account sees, loaded once by [`AdminArea`].
#[derive(Debug, Clone, Copy)]
pub struct StaffOffices(pub RwSignal<Vec<AdminOffice>>);

pub fn use_staff_offices() -> StaffOffices {
    expect_context::<StaffOffices>()
}

/// The offices the logged-in account may use `area` at (reactive; all for administrators).
pub fn allowed_offices(area: Area) -> Memo<Vec<AdminOffice>> {
    let session = use_staff_session();
    let offices = use_staff_offices();
    Memo::new(move |_| {
        session.account.with(|account| {
            account
                .as_ref()
                .map(|a| offices.0.with(|list| offices_for(a, area, list)))
                .unwrap_or_default()
        })
    })
}

/// Loads the offices again (after their settings changed).
pub fn reload_offices(offices: StaffOffices) {
    spawn_local(async move {
        if let Ok(list) = api::offices().await {
            offices.0.set(list);
        }
    });
}

/// Shows `children` only to a logged-in account whose role may use `area` (if given).
#[component]
pub fn AdminArea(#[prop(optional)] area: Option<Area>, children: ChildrenFn) -> impl IntoView {
    let session = use_staff_session();
    let offices = StaffOffices(RwSignal::new(Vec::new()));
    let loaded = RwSignal::new(false);
    provide_context(offices);
    let location = use_location();
    let navigate = use_navigate();

    if session.state.get_untracked() != SessionState::LoggedIn {
        spawn_local(async move {
            match api::me().await {
                Ok(account) => session.signed_in(account),
                Err(_) => session.signed_out(),
            }
        });
    }
    Effect::new(move |_| {
        if session.state.get() == SessionState::LoggedIn && !loaded.get_untracked() {
            spawn_local(async move {
                if let Ok(list) = api::offices().await {
                    offices.0.set(list);
                }
                loaded.set(true);
            });
        }
    });
    Effect::new(move |_| {
        if session.state.get() == SessionState::LoggedOut {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            let target = format!(
                "{}?next={}",
                AdminPage::Login.path(),
                crate::percent::encode(&here)
            );
            navigate(&target, Default::default());
        }
    });

    let children = StoredValue::new(children);
    view! {
        <div class="admin">
            {move || {
                let account = session.account.get();
                match account {
                    Some(account) if loaded.get() => {
                        let allowed = area.is_none_or(|area| may_use(account.role, area));
                        view! {
                            <AdminBar />
                            {if allowed {
                                children.with_value(|children| children()).into_any()
                            } else {
                                view! { <p class="notice notice-error" role="alert">{t(Text::NotAllowed)}</p> }
                                    .into_any()
                            }}
                        }
                            .into_any()
                    }
                    _ => view! { <Loading /> }.into_any(),
                }
            }}
        </div>
    }
}

/// Account, role, offices, navigation and logout.
#[component]
fn AdminBar() -> impl IntoView {
    let session = use_staff_session();
    let offices = use_staff_offices();
    let locale = use_locale();
    let announcer = use_announcer();
    let navigate = use_navigate();
    let role = move || session.role();
    let office_names = move || {
        let account = session.account.get()?;
        let names: Vec<String> = offices.0.with(|list| {
            list.iter()
                .filter(|o| account.offices.is_empty() || account.offices.contains(&o.id))
                .map(|o| o.settings.name.clone())
                .collect()
        });
        Some(names.join(", "))
    };
    let logout = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = api::logout().await;
            session.account.set(None);
            session.state.set(SessionState::Unknown);
            announcer.say(Text::LoggedOut.get(locale.get_untracked()));
            navigate(&AdminPage::Login.path(), Default::default());
        });
    };
    let link = move |area: Area, page: AdminPage, text: Text| {
        role()
            .filter(|role| may_use(*role, area))
            .map(|_| view! { <li><A href=page.path()>{t(text)}</A></li> })
    };
    view! {
        <div class="admin-bar">
            <p class="admin-account">
                {t(Text::SignedInAs)} " "
                <strong>{move || session.account.with(|a| a.as_ref().map(|a| a.username.clone()))}</strong>
                " (" <span class="admin-role">{move || role().map(|r| role_name(locale.get(), r))}</span> ")"
                {move || {
                    office_names()
                        .filter(|names| !names.is_empty())
                        .map(|names| view! { <span class="admin-offices">" · " {t(Text::OfficesLabel)} ": " {names}</span> })
                }}
            </p>
            <nav aria-label=t(Text::AdminNavigation) class="admin-nav">
                <ul>
                    <li><A href=AdminPage::Home.path() exact=true>{t(Text::NavOverview)}</A></li>
                    {move || link(Area::DayPlan, AdminPage::day_plan(), Text::NavDayPlan)}
                    {move || link(Area::Queue, AdminPage::Queue { office: None }, Text::NavQueue)}
                    {move || link(Area::Configuration, AdminPage::Configuration { office: None }, Text::NavConfiguration)}
                    {move || link(Area::Statistics, AdminPage::Statistics { office: None, from: None, to: None }, Text::NavStatistics)}
                    {move || link(Area::Waitlist, AdminPage::Waitlist { office: None }, Text::NavWaitlist)}
                    {move || link(Area::Accounts, AdminPage::Accounts, Text::NavAccounts)}
                    {move || link(Area::Audit, AdminPage::Audit { entity: None, page: None }, Text::NavAudit)}
                    {move || link(Area::Faq, AdminPage::Faq, Text::NavFaq)}
                </ul>
                <button type="button" class="button secondary" on:click=logout>{t(Text::Logout)}</button>
            </nav>
        </div>
    }
}

/// A failed staff request, translated (staff error codes first, then the citizen ones).
#[component]
pub fn StaffError(error: ApiError) -> impl IntoView {
    let locale = use_locale();
    let ApiError { code, errors, .. } = error;
    let fields = (!errors.is_empty()).then(|| {
        view! {
            <p>{t(Text::InvalidFields)} ":"</p>
            <ul>
                {errors
                    .into_iter()
                    .map(|e| {
                        let label = field_label(&e.field);
                        view! {
                            <li>
                                {move || label.map_or(e.field.clone(), |l| l.get(locale.get()).to_string())}
                                ": "
                                {move || {
                                    field_error_message(locale.get(), &e.code)
                                        .map_or(e.message.clone(), str::to_string)
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    view! {
        <div class="notice notice-error" role="alert">
            <p>
                <strong>{t(Text::ErrorPrefix)}</strong>
                " "
                {move || error_message(locale.get(), &code)}
            </p>
            {fields}
        </div>
    }
}

/// The office a page works on; changing it changes the address.
#[component]
pub fn OfficeSelect(
    id: &'static str,
    allowed: Memo<Vec<AdminOffice>>,
    current: Signal<Option<shared::ids::OfficeId>>,
    on_change: Callback<shared::ids::OfficeId>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{t(Text::Office)}</label>
            <select
                id=id
                on:change=move |ev| {
                    if let Ok(office) = event_target_value(&ev).parse() {
                        on_change.run(office);
                    }
                }
            >
                {move || {
                    let chosen = current.get();
                    allowed
                        .get()
                        .into_iter()
                        .map(|office| {
                            view! {
                                <option value=office.id.to_string() selected=chosen == Some(office.id)>
                                    {office.settings.name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
