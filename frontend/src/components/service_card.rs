use crate::api;
use crate::app::Page;
use crate::components::WaitlistLink;
use crate::i18n::{Text, date_time, t, use_locale};
use crate::store::use_catalog;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::selection::ServiceQuantity;
use shared::services::Service;

/// A service: what it is, what it costs, what to bring, and when it is next free.
#[component]
pub fn ServiceCard(service: Service) -> impl IntoView {
    let heading_id = format!("service-{}", service.id);
    let documents = service.documents.clone();
    let book = Page::Book {
        office: None,
        service: Some(service.id),
    }
    .path();
    let bookable = service.online_bookable;
    view! {
        <article class="card service" aria-labelledby=heading_id>
            <h3 id=heading_id.clone()>{service.name.clone()}</h3>
            <p>{service.description.clone()}</p>
            <dl class="facts">
                <dt>{t(Text::Fees)}</dt>
                <dd>{service.fees.clone()}</dd>
                <dt>{t(Text::DocumentsToBring)}</dt>
                <dd>
                    {if documents.is_empty() {
                        view! { <p>{t(Text::NoDocuments)}</p> }.into_any()
                    } else {
                        view! {
                            <ul>
                                {documents
                                    .into_iter()
                                    .map(|document| view! { <li>{document}</li> })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                </dd>
                {bookable
                    .then(|| {
                        view! {
                            <dt>{t(Text::NextFree)}</dt>
                            <dd>
                                <NextFreeAppointment service=service.clone() />
                            </dd>
                        }
                    })}
            </dl>
            {if bookable {
                view! {
                    <p>
                        <A href=book attr:class="button">
                            {t(Text::BookThisService)}
                            <span class="visually-hidden">": " {service.name.clone()}</span>
                        </A>
                    </p>
                }
                    .into_any()
            } else {
                view! { <p class="muted">{t(Text::NotOnlineBookable)}</p> }.into_any()
            }}
        </article>
    }
}

/// "Tuesday, 3 March 2026, 08:30 – Bürgeramt Mitte" for one unit of a service.
#[component]
fn NextFreeAppointment(service: Service) -> impl IntoView {
    let locale = use_locale();
    let catalog = use_catalog();
    let services = vec![ServiceQuantity {
        service_id: service.id,
        quantity: 1,
    }];
    let next = LocalResource::new({
        let services = services.clone();
        move || {
            let services = services.clone();
            async move { api::next_free(&services, None).await }
        }
    });
    view! {
        <Transition fallback=|| view! { <span class="muted">{t(Text::Loading)}</span> }>
            {move || {
                next.get()
                    .map(|result| match result.ok().and_then(|list| list.into_iter().next()) {
                        Some(first) => {
                            let office = catalog
                                .office(first.office_id)
                                .map(|office| format!(" – {}", office.name))
                                .unwrap_or_default();
                            view! {
                                <span>
                                    <time datetime=first.start.to_rfc3339()>
                                        {move || date_time(locale.get(), first.start)}
                                    </time>
                                    {office}
                                </span>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <span>{t(Text::NoFreeAppointment)}</span>
                                <WaitlistLink services=services.clone() about=service.name.clone() />
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}
