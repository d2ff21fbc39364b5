//! What both apps ask of the browser itself: today's date, saving a text as a file, moving
//! the focus, and taking an email link's secret out of the address.

use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::{document, window};
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

/// Reads the value of `<input type="time">` ("08:00" or "08:00:00").
pub fn parse_time(value: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(value, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(value, "%H:%M:%S"))
        .ok()
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

/// Moves the keyboard focus to the element with `id`, if there is one.
pub fn focus_element(id: &str) {
    if let Some(element) = document().get_element_by_id(id)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// The value of the last of `keys` in an address fragment such as `#token=abc&x=1`
/// (percent-decoded), with the key that carried it; empty values count as absent.
pub fn fragment_value<'k>(hash: &str, keys: &[&'k str]) -> Option<(&'k str, String)> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    hash.rsplit('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = keys.iter().find(|known| **known == key)?;
        let value = crate::percent::decode(value).unwrap_or_else(|| value.to_string());
        (!value.is_empty()).then_some((*key, value))
    })
}

/// Takes one of `keys` from the address's fragment (the secret of an email link) and, if it
/// was there, removes the fragment from the address bar and the history entry, so the secret
/// stays in memory only.
pub fn take_fragment_value<'k>(keys: &[&'k str]) -> Option<(&'k str, String)> {
    let location = window().location();
    let found = fragment_value(&location.hash().ok()?, keys)?;
    let clean = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_inputs_are_read_with_or_without_seconds() {
        let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        assert_eq!(parse_time("08:00"), Some(eight));
        assert_eq!(parse_time("08:00:00"), Some(eight));
        assert_eq!(parse_time(""), None);
    }

    #[test]
    fn a_fragment_yields_the_value_of_a_known_key_decoded() {
        assert_eq!(
            fragment_value("#token=ab%2Bc&x=1", &["token", "activate"]),
            Some(("token", "ab+c".to_string()))
        );
        assert_eq!(
            fragment_value("#activate=t1", &["token", "activate"]),
            Some(("activate", "t1".to_string()))
        );
    }

    #[test]
    fn a_fragment_without_a_known_key_or_with_an_empty_value_yields_nothing() {
        assert_eq!(fragment_value("", &["token"]), None);
        assert_eq!(fragment_value("#section-2", &["token"]), None);
        assert_eq!(fragment_value("#token=", &["token"]), None);
        assert_eq!(fragment_value("#other=abc", &["token"]), None);
    }
}
