//! The booking journey at `/book`: services → time → overview → details → done.
//!
//! All choices live in the [`BookingStore`](crate::store::BookingStore) context, so going back
//! and forth (or leaving the page and coming back) never loses anything typed.

mod appointments_step; // held appointments with countdowns; add another or continue
mod details_step; // name, email twice, phone, consent; submit; slot conflicts
mod done_step; // the booking made, and starting a new one
mod services_step; // office and services with quantities
mod time_step; // calendar and free times; picking one takes a hold

use crate::app::Page;
use crate::components::PageHeading;
use crate::i18n::{Text, step_of, t, use_locale};
use crate::store::{Step, use_booking_store};
use appointments_step::AppointmentsStep;
use details_step::DetailsStep;
use done_step::DoneStep;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use services_step::ServicesStep;
use shared::ids::{OfficeId, ServiceId};
use time_step::TimeStep;

fn step_text(step: Step) -> Text {
    match step {
        Step::Services => Text::StepServices,
        Step::Time => Text::StepTime,
        Step::Appointments => Text::StepAppointments,
        Step::Details => Text::StepDetails,
        Step::Done => Text::StepDone,
    }
}

#[component]
pub fn BookPage() -> impl IntoView {
    let store = use_booking_store();

    // `/book?office=1&service=3` (links from the start page) preselects, unless a journey is
    // underway. An effect, so it also sees the query of a client-side navigation.
    let query = use_query_map();
    Effect::new(move |_| {
        let query = query.get();
        if store.step.get_untracked() != Step::Services {
            return;
        }
        if let Some(office) = query.get("office").and_then(|v| v.parse::<OfficeId>().ok()) {
            store.office.set(Some(office));
        }
        if let Some(service) = query
            .get("service")
            .and_then(|v| v.parse::<ServiceId>().ok())
        {
            store.quantities.update(|quantities| {
                quantities.entry(service).or_insert(1);
            });
        }
    });
    if store.step.get_untracked() == Step::Done && store.booking.get_untracked().is_none() {
        store.start_over();
    }

    view! {
        <PageHeading>{t(Text::BookTitle)}</PageHeading>
        <StepProgress />
        {move || match store.step.get() {
            Step::Services => view! { <ServicesStep /> }.into_any(),
            Step::Time => view! { <TimeStep /> }.into_any(),
            Step::Appointments => view! { <AppointmentsStep /> }.into_any(),
            Step::Details => view! { <DetailsStep /> }.into_any(),
            Step::Done => view! { <DoneStep /> }.into_any(),
        }}
        <aside class="help-aside" aria-label=t(Text::BookHelpLabel)>
            <p>
                {t(Text::BookHelpQuestion)} " "
                <A href=move || Page::HelpFor { office: store.office.get() }.path()>
                    {t(Text::BookHelpLink)}
                </A>
            </p>
        </aside>
    }
}

/// "Step 2 of 5" as an ordered list; the current step is marked for screen readers too.
#[component]
fn StepProgress() -> impl IntoView {
    let store = use_booking_store();
    let locale = use_locale();
    view! {
        <nav aria-label=t(Text::StepsLabel)>
            <p class="visually-hidden">
                {move || step_of(locale.get(), store.step.get().number(), Step::ALL.len())}
            </p>
            <ol class="steps">
                {Step::ALL
                    .into_iter()
                    .map(|step| {
                        let current = move || store.step.get() == step;
                        let done = move || store.step.get().number() > step.number();
                        view! {
                            <li
                                class:done=done
                                aria-current=move || current().then_some("step")
                            >
                                {t(step_text(step))}
                                <span class="visually-hidden">
                                    {move || {
                                        if done() {
                                            format!(" ({})", Text::StepDoneMark.get(locale.get()))
                                        } else {
                                            String::new()
                                        }
                                    }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// Service names and quantities of an appointment, in the current language.
pub(crate) fn service_names(
    catalog: crate::store::Catalog,
    services: &[shared::selection::ServiceQuantity],
) -> Vec<(String, u32)> {
    services
        .iter()
        .map(|item| {
            let name = catalog
                .service(item.service_id)
                .map(|service| service.name)
                .unwrap_or_else(|| format!("#{}", item.service_id));
            (name, item.quantity)
        })
        .collect()
}

/// "2 × Reisepass, Personalausweis beantragen": the services in words (reactive: with the
/// catalogue).
pub(crate) fn services_in_words(
    catalog: crate::store::Catalog,
    services: &[shared::selection::ServiceQuantity],
) -> String {
    service_names(catalog, services)
        .into_iter()
        .map(|(name, quantity)| crate::i18n::quantity_name(quantity, &name))
        .collect::<Vec<_>>()
        .join(", ")
}
