use crate::components::{ErrorNotice, Loading, ServiceQuantityChoice, StepHeading};
use crate::i18n::{Text, t};
use crate::store::{Step, use_booking_store, use_catalog};
use leptos::prelude::*;
use shared::offices::Office;
use shared::services::Service;

/// Step 1: where, and what (with how many of each).
#[component]
pub fn ServicesStep() -> impl IntoView {
    let store = use_booking_store();
    let catalog = use_catalog();
    let show_error = RwSignal::new(false);

    // With a single office there is nothing to choose.
    Effect::new(move |_| {
        if let Some(Ok(offices)) = catalog.offices.get()
            && offices.len() == 1
            && store.office.get_untracked().is_none()
        {
            store.office.set(Some(offices[0].id));
        }
    });

    // Services the chosen office offers online.
    let offered = move || -> Vec<Service> {
        let at_office = store.office.get().map(|office| catalog.services_at(office));
        at_office
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.online_bookable)
            .collect()
    };

    // Forget quantities of services the newly chosen office does not offer.
    Effect::new(move |_| {
        let office = store.office.get();
        if let (Some(office), Some(Ok(services))) = (office, catalog.services.get()) {
            store.quantities.update(|quantities| {
                quantities.retain(|id, _| {
                    services
                        .iter()
                        .any(|s| s.id == *id && s.online_bookable && s.offices.contains(&office))
                });
            });
        }
    });

    let continue_ = move |_| {
        if store.selection().is_empty() || store.office.get_untracked().is_none() {
            show_error.set(true);
            if let Some(el) = document().get_element_by_id("services-error") {
                el.scroll_into_view();
            }
            return;
        }
        show_error.set(false);
        store.day.set(None);
        store.step.set(Step::Time);
    };
    let back = move |_| store.step.set(Step::Appointments);
    let has_appointments = move || store.appointments.with(|list| !list.is_empty());

    view! {
        <section>
            <StepHeading>{t(Text::ChooseServices)}</StepHeading>
            {move || match catalog.offices.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => {
                    view! { <ErrorNotice error retry=Callback::new(move |()| catalog.offices.refetch()) /> }
                        .into_any()
                }
                Some(Ok(offices)) if offices.len() > 1 => view! { <OfficeChoice offices /> }.into_any(),
                Some(Ok(_)) => ().into_any(),
            }}
            {move || {
                store
                    .office
                    .get()
                    .map(|_| {
                        view! {
                            <fieldset>
                                <legend>{t(Text::Services)}</legend>
                                <p class="hint">{t(Text::ChooseServicesHint)}</p>
                                {move || match catalog.services.get() {
                                    None => view! { <Loading /> }.into_any(),
                                    Some(Err(error)) => {
                                        view! {
                                            <ErrorNotice
                                                error
                                                retry=Callback::new(move |()| catalog.services.refetch())
                                            />
                                        }
                                            .into_any()
                                    }
                                    Some(Ok(_)) => {
                                        let services = offered();
                                        if services.is_empty() {
                                            view! { <p class="notice">{t(Text::NoServicesAtOffice)}</p> }
                                                .into_any()
                                        } else {
                                            services
                                                .into_iter()
                                                .map(|service| view! { <ServiceQuantityChoice service quantities=store.quantities /> })
                                                .collect_view()
                                                .into_any()
                                        }
                                    }
                                }}
                            </fieldset>
                        }
                    })
            }}
            <p id="services-error" class="field-error" role="alert" hidden=move || !show_error.get()>
                {t(Text::ChooseAtLeastOne)}
            </p>
            <div class="button-row">
                {move || {
                    has_appointments()
                        .then(|| {
                            view! {
                                <button type="button" class="button secondary" on:click=back>
                                    {t(Text::Back)}
                                </button>
                            }
                        })
                }}
                <button type="button" class="button" on:click=continue_>
                    {t(Text::ContinueToTime)}
                </button>
            </div>
        </section>
    }
}

#[component]
fn OfficeChoice(offices: Vec<Office>) -> impl IntoView {
    let store = use_booking_store();
    view! {
        <fieldset>
            <legend>{t(Text::ChooseOffice)}</legend>
            <p class="hint">{t(Text::ChooseOfficeHint)}</p>
            {offices
                .into_iter()
                .map(|office| {
                    let id = office.id;
                    view! {
                        <label class="option-card">
                            <input
                                type="radio"
                                name="office"
                                value=id.to_string()
                                prop:checked=move || store.office.get() == Some(id)
                                on:change=move |_| store.office.set(Some(id))
                            />
                            <span>
                                <strong>{office.name.clone()}</strong>
                                <br />
                                {office.address}
                            </span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
