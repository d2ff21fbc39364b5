//! `/admin`: the start of the staff area, listing what this account's role may do.

use super::AdminPage;
use super::area::AdminArea;
use super::session::{Area, may_use, use_staff_session};
use crate::components::PageHeading;
use crate::i18n::admin::{Text, role_description, t};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn AdminHomePage() -> impl IntoView {
    view! {
        <AdminArea>
            <Overview />
        </AdminArea>
    }
}

#[component]
fn Overview() -> impl IntoView {
    let session = use_staff_session();
    let locale = use_locale();
    let role = session.role();
    let card = move |area: Area, page: AdminPage, title: Text, body: Text| {
        role.filter(|role| may_use(*role, area)).map(|_| {
            view! {
                <li class="card">
                    <h2><A href=page.path()>{t(title)}</A></h2>
                    <p>{t(body)}</p>
                </li>
            }
        })
    };
    view! {
        <PageHeading>{t(Text::AdminTitle)}</PageHeading>
        <p class="lead">{move || role.map(|role| role_description(locale.get(), role))}</p>
        <ul class="grid plain admin-cards">
            {card(Area::DayPlan, AdminPage::day_plan(), Text::NavDayPlan, Text::DayPlanIntro)}
            {card(Area::Queue, AdminPage::Queue { office: None }, Text::NavQueue, Text::QueueSummary)}
            {card(Area::Configuration, AdminPage::Configuration { office: None }, Text::NavConfiguration, Text::ConfigurationIntro)}
            {card(Area::Statistics, AdminPage::Statistics { office: None, from: None, to: None }, Text::NavStatistics, Text::StatisticsIntro)}
            {card(Area::Waitlist, AdminPage::Waitlist { office: None }, Text::NavWaitlist, Text::WaitlistIntro)}
            {card(Area::Accounts, AdminPage::Accounts, Text::NavAccounts, Text::AccountsIntro)}
            {card(Area::Audit, AdminPage::Audit { entity: None, page: None }, Text::NavAudit, Text::AuditIntro)}
            {card(Area::Faq, AdminPage::Faq, Text::NavFaq, Text::FaqSummary)}
        </ul>
    }
}
