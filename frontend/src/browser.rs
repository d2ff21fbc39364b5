//! What both apps ask of the browser itself: today's date, and saving a text as a file.

use chrono::NaiveDate;
use leptos::prelude::document;
use wasm_bindgen::{JsCast, JsValue};

/// Today in the browser's time zone (the offices' zone in practice).
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// Offers `text` as a download named `file_name` of type `mime` (a calendar file, a CSV).
pub fn save_file(text: &str, file_name: &str, mime: &str) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
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
