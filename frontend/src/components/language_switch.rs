use crate::i18n::{Locale, Text, t, use_locale};
use leptos::prelude::*;

/// Deutsch / English, each named in its own language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let button = move |option: Locale, label: &'static str| {
        view! {
            <button
                type="button"
                class="lang-button"
                lang=option.code()
                aria-pressed=move || (locale.get() == option).to_string()
                on:click=move |_| locale.set(option)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label=t(Text::LanguageLabel)>
            {button(Locale::De, "Deutsch")}
            {button(Locale::En, "English")}
        </div>
    }
}
