//! Fair release: entering the draw of the day an office is releasing (from the booking's time
//! step), and an entry from its email link.

mod enter; // /release – the round explained, the citizen's details, enter
mod entry; // /release/:entry – status, confirm, the draw's outcome

pub use enter::ReleaseEnterPage;
pub use entry::ReleaseEntryPage;

use crate::app::Page;
use crate::i18n::{Text, clock, t, use_locale};
use crate::pages::book::services_in_words;
use crate::store::use_catalog;
use chrono::{DateTime, FixedOffset, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::ids::OfficeId;
use shared::selection::ServiceQuantity;

/// `text` (if any), and the way to book (at `office`) as usual.
#[component]
fn BookInstead(
    #[prop(optional)] text: Option<Text>,
    #[prop(optional)] office: Option<OfficeId>,
) -> impl IntoView {
    let book = Page::Book {
        office,
        service: None,
    }
    .path();
    view! {
        {text.map(|text| view! { <p class="notice">{t(text)}</p> })}
        <p>
            <A href=book attr:class="button secondary">{t(Text::StartBooking)}</A>
        </p>
    }
}

/// What an entry is for: services, office, day and times (none: any that day), then
/// `children` (more facts of the same list).
#[component]
fn EntryFacts(
    office: OfficeId,
    day: NaiveDate,
    services: Vec<ServiceQuantity>,
    #[prop(into)] times: Signal<Vec<DateTime<FixedOffset>>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let locale = use_locale();
    let catalog = use_catalog();
    let what = move || services_in_words(catalog, &services);
    let office_name = move || {
        catalog
            .office(office)
            .map(|office| format!("{}, {}", office.name, office.address))
            .unwrap_or_default()
    };
    let times = move || {
        times.with(|times| {
            if times.is_empty() {
                Text::ReleaseAnyTimeThatDay.get(locale.get()).to_string()
            } else {
                let clocks: Vec<String> = times.iter().map(|at| clock(at.time())).collect();
                format!(
                    "{} {}",
                    clocks.join(", "),
                    Text::ReleaseTimesBestFirst.get(locale.get())
                )
            }
        })
    };
    view! {
        <section aria-labelledby="release-facts-title">
            <h2 id="release-facts-title">{t(Text::ReleaseFacts)}</h2>
            <dl class="facts">
                <dt>{t(Text::Services)}</dt>
                <dd>{what}</dd>
                <dt>{t(Text::Office)}</dt>
                <dd>{office_name}</dd>
                <dt>{t(Text::ReleaseDay)}</dt>
                <dd>{move || crate::i18n::long_date(locale.get(), day)}</dd>
                <dt>{t(Text::ReleaseTimes)}</dt>
                <dd>{times}</dd>
                {children.map(|children| children())}
            </dl>
        </section>
    }
}
