//! The office's ticket kiosks, for its managers: set one up (its link shown once), revoke.

use super::api;
use crate::admin::area::StaffError;
use crate::api::ApiError;
use crate::app::Page;
use crate::i18n::admin::{Text, t};
use crate::i18n::{date_time, use_locale};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::call_queue::{IssuedKiosk, Kiosk, NewKiosk};
use shared::ids::OfficeId;

/// The office's ticket kiosks: set one up (its link shown once), revoke.
#[component]
pub fn Kiosks(office: OfficeId) -> impl IntoView {
    let locale = use_locale();
    let listed = LocalResource::new(move || api::kiosks(office));
    let name = RwSignal::new(String::new());
    let issued = RwSignal::new(None::<IssuedKiosk>);
    let error = RwSignal::new(None::<ApiError>);
    let issue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = NewKiosk {
            name: name.get_untracked(),
        };
        spawn_local(async move {
            match api::issue_kiosk(office, &request).await {
                Ok(kiosk) => {
                    error.set(None);
                    name.set(String::new());
                    issued.set(Some(kiosk));
                    listed.refetch();
                }
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let revoke = move |kiosk: Kiosk| {
        spawn_local(async move {
            match api::revoke_kiosk(office, kiosk.id).await {
                Ok(()) => listed.refetch(),
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let setup_link = move |kiosk: &IssuedKiosk| {
        let origin = window().location().origin().unwrap_or_default();
        format!(
            "{origin}{}?device={}",
            Page::Kiosk { office }.path(),
            kiosk.token
        )
    };
    view! {
        <section class="panel" aria-labelledby="kiosks-heading">
            <h2 id="kiosks-heading">{t(Text::KiosksTitle)}</h2>
            {move || listed.get().map(|result| match result {
                Ok(kiosks) if kiosks.is_empty() => view! { <p>{t(Text::KiosksNone)}</p> }.into_any(),
                Ok(kiosks) => view! {
                    <ul class="plain">
                        {kiosks.into_iter().map(|kiosk| {
                            let used = kiosk.last_used_at;
                            let shown = kiosk.clone();
                            view! {
                                <li>
                                    <strong>{kiosk.name.clone()}</strong> " · "
                                    {move || match used {
                                        Some(at) => format!("{} {}", Text::KioskLastUsed.get(locale.get()), date_time(locale.get(), at.fixed_offset())),
                                        None => Text::KioskNeverUsed.get(locale.get()).to_string(),
                                    }}
                                    " "
                                    <button type="button" class="button secondary" on:click=move |_| revoke(shown.clone())>
                                        {t(Text::KioskRevoke)} <span class="visually-hidden">" " {kiosk.name}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! { <StaffError error /> }.into_any(),
            })}
            <form on:submit=issue>
                <div class="field">
                    <label for="kiosk-name">{t(Text::KioskName)}</label>
                    <input id="kiosk-name" required maxlength="60"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <button type="submit" id="issue-kiosk" class="button secondary">{t(Text::KioskIssue)}</button>
            </form>
            {move || error.get().map(|error| view! { <StaffError error /> })}
            {move || issued.get().map(|kiosk| {
                let link = setup_link(&kiosk);
                view! {
                    <p role="status">{t(Text::KioskSetupLink)}</p>
                    <p><code id="kiosk-link">{link}</code></p>
                }
            })}
        </section>
    }
}
