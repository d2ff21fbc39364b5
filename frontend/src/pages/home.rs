use crate::app::Page;
use crate::components::{ErrorNotice, Loading, OfficeCard, PageHeading, ServiceCard};
use crate::i18n::{Text, t};
use crate::store::use_catalog;
use leptos::prelude::*;
use leptos_router::components::A;

/// Start page: the offices (with the urgent-matters notice) and the searchable services.
#[component]
pub fn HomePage() -> impl IntoView {
    let catalog = use_catalog();
    let query = RwSignal::new(String::new());
    let matches = move |haystack: &str| {
        let query = query.get().trim().to_lowercase();
        query.is_empty()
            || query
                .split_whitespace()
                .all(|word| haystack.to_lowercase().contains(word))
    };

    view! {
        <PageHeading>{t(Text::HomeTitle)}</PageHeading>
        <p class="lead">{t(Text::HomeIntro)}</p>
        <p>
            <A href=Page::book().path() attr:class="button primary large">
                {t(Text::StartBooking)}
            </A>
        </p>

        <section aria-labelledby="offices-title">
            <h2 id="offices-title">{t(Text::OfficesHeading)}</h2>
            <Transition fallback=Loading>
                {move || {
                    catalog
                        .offices
                        .get()
                        .map(|result| match result {
                            Ok(offices) => {
                                view! {
                                    <div class="grid">
                                        {offices
                                            .into_iter()
                                            .map(|office| view! { <OfficeCard office /> })
                                            .collect_view()}
                                    </div>
                                }
                                    .into_any()
                            }
                            Err(error) => {
                                view! {
                                    <ErrorNotice
                                        error
                                        retry=Callback::new(move |()| catalog.offices.refetch())
                                    />
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>

        <section aria-labelledby="services-title">
            <h2 id="services-title">{t(Text::ServicesHeading)}</h2>
            <div class="field search">
                <label for="service-search">{t(Text::ServiceSearchLabel)}</label>
                <input
                    id="service-search"
                    type="search"
                    autocomplete="off"
                    aria-describedby="service-search-hint"
                    aria-controls="service-list"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <p id="service-search-hint" class="hint">{t(Text::ServiceSearchHint)}</p>
            </div>
            <Transition fallback=Loading>
                {move || {
                    catalog
                        .services
                        .get()
                        .map(|result| match result {
                            Ok(services) => {
                                let haystacks: Vec<String> = services
                                    .iter()
                                    .map(|s| format!("{} {}", s.name, s.description))
                                    .collect();
                                let none_match = {
                                    let haystacks = haystacks.clone();
                                    move || !haystacks.iter().any(|h| matches(h))
                                };
                                view! {
                                    <div id="service-list" class="grid">
                                        {services
                                            .into_iter()
                                            .zip(haystacks)
                                            .map(|(service, haystack)| {
                                                // Hidden, not removed: each card keeps its loaded "next free" time.
                                                view! {
                                                    <div class="grid-item" hidden=move || !matches(&haystack)>
                                                        <ServiceCard service />
                                                    </div>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                    <p class="notice" role="status" hidden=move || !none_match()>
                                        {t(Text::NoServicesMatch)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Err(error) => {
                                view! {
                                    <ErrorNotice
                                        error
                                        retry=Callback::new(move |()| catalog.services.refetch())
                                    />
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}
