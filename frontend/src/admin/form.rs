//! Labelled form fields of the configuration forms, each bound to a signal.

use crate::i18n::admin::{Text, t};
use chrono::NaiveTime;
use leptos::prelude::*;

/// A one-line (or, with `multiline`, several-line) text field.
#[component]
pub fn TextField(
    id: String,
    label: Text,
    value: RwSignal<String>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let input = if multiline {
        view! { <textarea id=id.clone() rows="3" required=required bind:value=value></textarea> }
            .into_any()
    } else {
        view! { <input id=id.clone() type=kind required=required bind:value=value /> }.into_any()
    };
    view! {
        <div class="field">
            <label for=id>
                {t(label)}
                {required.then(|| view! { " " <span class="required" aria-hidden="true">"*"</span> })}
            </label>
            {input}
        </div>
    }
}

/// A whole number between `min` and `max`.
#[component]
pub fn NumberField(
    id: String,
    label: Text,
    value: RwSignal<u32>,
    #[prop(default = 0)] min: u32,
    #[prop(default = 100_000)] max: u32,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <input
                id=id
                type="number"
                inputmode="numeric"
                min=min.to_string()
                max=max.to_string()
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                        value.set(n.clamp(min, max));
                    }
                }
            />
        </div>
    }
}

/// A checkbox with its label after it.
#[component]
pub fn CheckField(id: String, label: Text, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="choice">
            <input id=id.clone() type="checkbox" bind:checked=value />
            <label for=id>{t(label)}</label>
        </div>
    }
}

/// Reads the value of `<input type="time">` ("08:00" or "08:00:00").
pub fn parse_time(value: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(value, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(value, "%H:%M:%S"))
        .ok()
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
}
