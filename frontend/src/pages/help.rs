//! `/help` and `/help/:slug`: the questions and answers staff maintain (from the API), grouped
//! and searchable. A deep link (`/help#<slug>` or `/help/<slug>`) scrolls to its answer and
//! focuses it; `?office=<id>` limits the answers to every office plus that one. Every email and
//! every step of the booking journey links here.

use crate::api;
use crate::app::Page;
use crate::components::{ErrorNotice, FaqAnswer, Loading, PageHeading};
use crate::i18n::{Text, faq_matches, t, use_locale};
use crate::store::use_catalog;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use shared::faq::FaqEntry;
use shared::ids::OfficeId;

/// Entries grouped under their group heading, groups in the order of their first entry.
fn grouped(entries: Vec<FaqEntry>) -> Vec<(String, Vec<FaqEntry>)> {
    let mut groups: Vec<(String, Vec<FaqEntry>)> = Vec::new();
    for entry in entries {
        match groups.iter_mut().find(|(group, _)| *group == entry.group) {
            Some((_, members)) => members.push(entry),
            None => groups.push((entry.group.clone(), vec![entry])),
        }
    }
    groups
}

/// Whether every word of `query` occurs in the entry's group, question or answer.
fn matches(entry: &FaqEntry, query: &str) -> bool {
    let haystack = format!(
        "{} {} {}",
        entry.group,
        entry.question,
        shared::markup::plain_text(&entry.answer)
    )
    .to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// Scrolls to the element with id `slug` and focuses it, once it is on the page. The answers
/// may render a frame or more after they arrived, so it looks again on every frame for about a
/// second (a browser test once found focus still on the body).
fn reveal(slug: String) {
    reveal_within_frames(slug, 60);
}

fn reveal_within_frames(slug: String, frames_left: u32) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        match document().get_element_by_id(&slug) {
            Some(element) => {
                element.scroll_into_view();
                if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                    let _ = element.focus();
                }
            }
            None if frames_left > 0 => reveal_within_frames(slug, frames_left - 1),
            None => {}
        }
    });
}

#[component]
pub fn HelpPage() -> impl IntoView {
    let locale = use_locale();
    let catalog = use_catalog();
    let query = use_query_map();
    let params = use_params_map();
    let location = use_location();
    let office = move || query.with(|q| q.get("office").and_then(|v| v.parse::<OfficeId>().ok()));
    let entries = LocalResource::new(move || api::faq(locale.get(), office()));
    let search = RwSignal::new(String::new());
    let target = Memo::new(move |_| {
        params.with(|p| p.get("slug")).or_else(|| {
            let hash = location.hash.get();
            let slug = hash.trim_start_matches('#');
            (!slug.is_empty()).then(|| slug.to_owned())
        })
    });
    Effect::new(move |_| {
        let loaded = entries.with(|entries| matches!(entries, Some(Ok(_))));
        if let (true, Some(slug)) = (loaded, target.get()) {
            reveal(slug);
        }
    });

    let office_name = move || {
        office()
            .and_then(|id| catalog.office(id))
            .map(|office| office.name)
    };
    let shown = move |all: &[FaqEntry]| {
        let query = search.get();
        all.iter()
            .filter(|entry| matches(entry, &query))
            .cloned()
            .collect::<Vec<_>>()
    };

    view! {
        <PageHeading>{t(Text::HelpTitle)}</PageHeading>
        <p class="lead">{t(Text::HelpIntro)}</p>
        {move || {
            office_name()
                .map(|name| {
                    view! {
                        <p class="notice">
                            {t(Text::HelpForOffice)} " " <strong>{name}</strong> " "
                            <A href=Page::Help.path()>{t(Text::HelpAllOffices)}</A>
                        </p>
                    }
                })
        }}
        <div class="field search">
            <label for="faq-search">{t(Text::HelpSearchLabel)}</label>
            <input
                id="faq-search"
                type="search"
                autocomplete="off"
                aria-controls="faq-list"
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))
            />
        </div>
        <Transition fallback=Loading>
            {move || {
                entries
                    .get()
                    .map(|result| match result {
                        Ok(all) => {
                            let listed = all.clone();
                            view! {
                                <p class="faq-count" role="status">
                                    {move || {
                                        let query = search.get();
                                        (!query.trim().is_empty())
                                            .then(|| faq_matches(locale.get(), shown(&all).len()))
                                    }}
                                </p>
                                <div id="faq-list">
                                    {move || {
                                        grouped(shown(&listed))
                                            .into_iter()
                                            .enumerate()
                                            .map(|(index, (group, members))| {
                                                view! { <FaqGroup index group members /> }
                                            })
                                            .collect_view()
                                    }}
                                </div>
                            }
                                .into_any()
                        }
                        Err(error) => {
                            view! {
                                <ErrorNotice error retry=Callback::new(move |()| entries.refetch()) />
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
        <p>
            <A href=Page::book().path() attr:class="button">{t(Text::StartBooking)}</A>
        </p>
    }
}

#[component]
fn FaqGroup(index: usize, group: String, members: Vec<FaqEntry>) -> impl IntoView {
    let heading = format!("faq-group-{index}");
    let labelled_by = heading.clone();
    view! {
        <section class="faq-group" aria-labelledby=labelled_by>
            <h2 id=heading>{group}</h2>
            {members.into_iter().map(|entry| view! { <FaqItem entry /> }).collect_view()}
        </section>
    }
}

#[component]
fn FaqItem(entry: FaqEntry) -> impl IntoView {
    let catalog = use_catalog();
    let office = entry.office_id;
    let office_name = move || office.and_then(|id| catalog.office(id)).map(|o| o.name);
    let question = format!("faq-q-{}", entry.slug);
    let labelled_by = question.clone();
    view! {
        <article class="faq" id=entry.slug tabindex="-1" aria-labelledby=labelled_by>
            <h3 id=question>{entry.question}</h3>
            {move || {
                office_name()
                    .map(|name| {
                        view! {
                            <p class="faq-office">{t(Text::HelpOnlyFor)} " " {name}</p>
                        }
                    })
            }}
            <FaqAnswer blocks=entry.answer />
        </article>
    }
}
