use crate::api;
use crate::i18n::{Text, ics_file_name, t};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

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
                Ok(ics) if save(&ics, &ics_file_name(&reference)).is_ok() => {}
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

fn save(text: &str, file_name: &str) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/calendar");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.set_hidden(true);
    document()
        .body()
        .ok_or(JsValue::NULL)?
        .append_child(&link)?;
    link.click();
    link.remove();
    web_sys::Url::revoke_object_url(&url)
}
