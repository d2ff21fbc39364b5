//! `/admin/config?office=`: one office's configuration for managers and administrators —
//! contact, notices and booking rules; services; opening rules; closures. Administrators can
//! also create a new office here.

use super::AdminPage;
use super::area::{AdminArea, OfficeSelect, allowed_offices, use_staff_offices};
use super::closures::Closures;
use super::new_office::NewOfficeForm;
use super::office_settings::OfficeSettingsForm;
use super::opening_rules::OpeningRules;
use super::services::Services;
use super::session::{Area, chosen_office, use_staff_session};
use crate::components::PageHeading;
use crate::i18n::admin::{Text, t};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::auth::StaffRole;
use shared::ids::OfficeId;

#[component]
pub fn ConfigurationPage() -> impl IntoView {
    view! {
        <AdminArea area=Area::Configuration>
            <Configuration />
        </AdminArea>
    }
}

#[component]
fn Configuration() -> impl IntoView {
    let session = use_staff_session();
    let offices = use_staff_offices();
    let query = use_query_map();
    let navigate = use_navigate();
    let allowed = allowed_offices(Area::Configuration);
    let office = Memo::new(move |_| {
        chosen_office(
            query.with(|q| q.get("office").and_then(|v| v.parse().ok())),
            &allowed.get(),
        )
    });
    let is_admin = move || session.role() == Some(StaffRole::Admin);
    let just_created = RwSignal::new(None::<OfficeId>);
    let created = Callback::new(move |id| just_created.set(Some(id)));
    let on_change = Callback::new(move |office| {
        navigate(
            &AdminPage::Configuration {
                office: Some(office),
            }
            .path(),
            Default::default(),
        )
    });
    view! {
        <PageHeading>{t(Text::ConfigurationTitle)}</PageHeading>
        <OfficeSelect id="config-office" allowed current=office.into() on_change />
        {move || {
            let id = office.get()?;
            let settings = offices.0.with_untracked(|list| list.iter().find(|o| o.id == id).cloned())?;
            Some(view! {
                <OfficeSettingsForm office=settings focus=just_created.get_untracked() == Some(id) />
                <Services office=id />
                <OpeningRules office=id />
                <Closures office=id />
            })
        }}
        {move || is_admin().then(|| view! { <NewOfficeForm created /> })}
    }
}
