use crate::api;
use crate::browser::save_file;
use crate::i18n::{Text, ics_file_name, t};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Offers the booking as an .ics file (fetched with the manage token, saved as a blob).
#[component]
pub fn CalendarDownload(reference: String, token: String) -> impl IntoView {
    let failed = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let download = move |_| {
        let reference = reference.clone();
        let token = token.clone();
        busy.set(true);
        failed.set(false);
        spawn_local(async move {
            let result = api::calendar_ics(&reference, &token).await;
            busy.set(false);
            match result {
                Ok(ics) if save_file(&ics, &ics_file_name(&reference), "text/calendar").is_ok() => {
                }
                _ => failed.set(true),
            }
        });
    };
    view! {
        <div class="calendar-download">
            <button type="button" class="button secondary" on:click=download disabled=move || busy.get()>
                {t(Text::AddToCalendar)}
            </button>
            {move || {
                failed.get().then(|| view! { <p class="field-error" role="alert">{t(Text::DownloadFailed)}</p> })
            }}
        </div>
    }
}
