use crate::api;
use crate::app::Page;
use crate::i18n::release::round_explanation;
use crate::i18n::{Text, t, use_locale};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::ids::OfficeId;
use shared::release::ReleasePhase;
use shared::selection::{ServiceQuantity, ServiceSelection};

/// Where `office` gives out its newly released day by lot: how, in plain words for where the
/// round stands, and while entries are taken the link to enter the draw for these services.
/// Nothing for an office that releases first come, first served (or while unknown).
#[component]
pub fn ReleaseNotice(office: OfficeId, services: Vec<ServiceQuantity>) -> impl IntoView {
    let locale = use_locale();
    let round = LocalResource::new(move || api::release_round(office));
    let href = Page::Release {
        office,
        services: ServiceSelection(services),
    }
    .path();
    move || {
        let round = round.get()?.ok()?;
        let open = round.phase == ReleasePhase::Open;
        let href = href.clone();
        Some(view! {
            <section id="release-notice" class="notice" aria-labelledby="release-notice-title">
                <h3 id="release-notice-title">{t(Text::ReleaseNoticeTitle)}</h3>
                <p>{move || round_explanation(locale.get(), &round)}</p>
                {open
                    .then(|| {
                        view! {
                            <p>
                                <A href=href attr:id="release-link" attr:class="button">
                                    {t(Text::ReleaseEnterLink)}
                                </A>
                            </p>
                        }
                    })}
            </section>
        })
    }
}
