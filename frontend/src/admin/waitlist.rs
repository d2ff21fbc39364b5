//! `/admin/waitlist?office=`: how an office's waitlist stands, for managers — whether it keeps
//! one and how long an offer is kept, who waits for which service (and since when), and how
//! the offers went (sent, open, accepted, declined, lapsed, the median time to accept).

use super::AdminPage;
use super::api;
use super::area::{AdminArea, OfficeSelect, StaffError, allowed_offices};
use super::session::{Area, chosen_office};
use super::table::{Column, DataTable};
use crate::components::{Loading, PageHeading};
use crate::i18n::admin::{Text, minutes, t};
use crate::i18n::waitlist::duration;
use crate::i18n::{local_date_time, use_locale};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::ids::OfficeId;
use shared::waitlist::{OfferCounts, WaitingForService, WaitlistOverview};

#[component]
pub fn WaitlistPage() -> impl IntoView {
    view! {
        <AdminArea area=Area::Waitlist>
            <Waitlist />
        </AdminArea>
    }
}

#[component]
fn Waitlist() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let locale = use_locale();
    let allowed = allowed_offices(Area::Waitlist);
    let office = Memo::new(move |_| {
        chosen_office(
            query.with(|q| q.get("office").and_then(|v| v.parse().ok())),
            &allowed.get(),
        )
    });
    let on_change = Callback::new(move |office| {
        navigate(
            &AdminPage::Waitlist {
                office: Some(office),
            }
            .path(),
            Default::default(),
        )
    });
    let overview = LocalResource::new(move || {
        let (office, locale) = (office.get(), locale.get());
        async move {
            match office {
                Some(office) => api::waitlist(office, locale).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <PageHeading>{t(Text::WaitlistTitle)}</PageHeading>
        <OfficeSelect id="waitlist-office" allowed current=office.into() on_change />
        <Transition fallback=Loading>
            {move || {
                overview
                    .get()
                    .map(|result| match (result, office.get()) {
                        (Ok(Some(overview)), Some(office)) => {
                            view! { <Overview office overview /> }.into_any()
                        }
                        (Err(error), _) => view! { <StaffError error /> }.into_any(),
                        _ => ().into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Overview(office: OfficeId, overview: WaitlistOverview) -> impl IntoView {
    let WaitlistOverview {
        enabled,
        offer_minutes,
        services,
        offers,
        since,
        median_minutes_to_accept,
    } = overview;
    view! {
        <KeptOrNot office enabled offer_minutes />
        <WaitingPerService services />
        <Offers offers since median=median_minutes_to_accept />
    }
}

/// Whether the office keeps a waitlist, and for how long an offer is kept.
#[component]
fn KeptOrNot(office: OfficeId, enabled: bool, offer_minutes: u32) -> impl IntoView {
    let locale = use_locale();
    if enabled {
        view! {
            <p class="notice notice-success" id="waitlist-enabled">
                {t(Text::WaitlistOn)} " "
                <strong>{move || duration(locale.get(), offer_minutes)}</strong> "."
            </p>
        }
        .into_any()
    } else {
        let configuration = AdminPage::Configuration {
            office: Some(office),
        }
        .path();
        view! {
            <div class="notice" id="waitlist-enabled">
                <p>{t(Text::WaitlistOff)}</p>
                <p><A href=configuration>{t(Text::WaitlistToConfiguration)}</A></p>
            </div>
        }
        .into_any()
    }
}

/// Per service offered at the office: whether it takes waiters, how many wait, since when.
#[component]
fn WaitingPerService(services: Vec<WaitingForService>) -> impl IntoView {
    let locale = use_locale();
    let rows = services
        .into_iter()
        .map(|service| {
            let oldest = service.oldest_since;
            view! {
                <tr>
                    <th scope="row">{service.name}</th>
                    <td>{t(if service.enabled { Text::Yes } else { Text::No })}</td>
                    <td>{service.waiting}</td>
                    <td>
                        {move || {
                            oldest.map_or_else(|| "–".to_string(), |at| local_date_time(locale.get(), at))
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="waitlist-services-title" class="admin-section">
            <h2 id="waitlist-services-title">{t(Text::WaitlistServicesTitle)}</h2>
            <p class="hint">{t(Text::WaitlistServicesHint)}</p>
            <DataTable
                labelled_by="waitlist-services-title"
                columns=vec![
                    Column::Shown(Text::WaitlistService),
                    Column::Shown(Text::WaitlistTakesWaiters),
                    Column::Shown(Text::WaitlistWaiting),
                    Column::Shown(Text::WaitlistOldestSince),
                ]
            >
                {rows}
            </DataTable>
        </section>
    }
}

/// The offers made since `since`, by what became of them.
#[component]
fn Offers(
    offers: OfferCounts,
    since: chrono::DateTime<chrono::Utc>,
    median: Option<f64>,
) -> impl IntoView {
    let locale = use_locale();
    let OfferCounts {
        sent,
        open,
        accepted,
        declined,
        lapsed,
    } = offers;
    view! {
        <section aria-labelledby="waitlist-offers-title" class="admin-section">
            <h2 id="waitlist-offers-title">{t(Text::WaitlistOffersTitle)}</h2>
            <dl class="facts stats-totals" id="waitlist-offers">
                <dt>{t(Text::WaitlistOffersSince)}</dt><dd>{move || local_date_time(locale.get(), since)}</dd>
                <dt>{t(Text::WaitlistSent)}</dt><dd>{sent}</dd>
                <dt>{t(Text::WaitlistOpen)}</dt><dd>{open}</dd>
                <dt>{t(Text::WaitlistAccepted)}</dt><dd>{accepted}</dd>
                <dt>{t(Text::WaitlistDeclined)}</dt><dd>{declined}</dd>
                <dt>{t(Text::WaitlistLapsed)}</dt><dd>{lapsed}</dd>
                <dt>{t(Text::WaitlistMedianToAccept)}</dt><dd>{move || minutes(locale.get(), median)}</dd>
            </dl>
        </section>
    }
}
