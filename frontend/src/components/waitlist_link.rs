use crate::app::Page;
use crate::i18n::{Text, t};
use crate::store::use_catalog;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::ids::OfficeId;
use shared::selection::{ServiceQuantity, ServiceSelection};

/// "Nichts Passendes? Auf die Warteliste" to the waitlist form for these services at `office`
/// (or at any office) — shown only where a waitlist is kept for all of them. `id` for the one
/// link of a page; `about` names the services for screen readers where several links stand.
#[component]
pub fn WaitlistLink(
    services: Vec<ServiceQuantity>,
    #[prop(optional)] office: Option<OfficeId>,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional)] about: Option<String>,
) -> impl IntoView {
    let catalog = use_catalog();
    let href = Page::Waitlist {
        services: ServiceSelection(services.clone()),
        office,
    }
    .path();
    move || {
        let offices = catalog.waitlist_offices(&services);
        let kept = match office {
            Some(office) => offices.iter().any(|candidate| candidate.id == office),
            None => !offices.is_empty(),
        };
        kept.then(|| {
            let about = about.clone();
            view! {
                <p class="waitlist-link">
                    <A href=href.clone() attr:id=id>
                        {t(Text::WaitlistLink)}
                        {about.map(|about| view! { <span class="visually-hidden">": " {about}</span> })}
                    </A>
                </p>
            }
        })
    }
}
