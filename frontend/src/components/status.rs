use crate::api::ApiError;
use crate::i18n::{Text, error_text, t, use_locale};
use leptos::prelude::*;

/// Messages for screen readers, read out politely by the one live region of the app.
#[derive(Debug, Clone, Copy)]
pub struct Announcer(RwSignal<String>);

impl Announcer {
    pub fn new() -> Self {
        Announcer(RwSignal::new(String::new()))
    }

    /// Read `message` out (also when it equals the previous one).
    pub fn say(&self, message: impl Into<String>) {
        let message = message.into();
        let signal = self.0;
        signal.set(String::new());
        set_timeout(
            move || signal.set(message),
            std::time::Duration::from_millis(50),
        );
    }
}

impl Default for Announcer {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_announcer() -> Announcer {
    expect_context::<Announcer>()
}

#[component]
pub fn LiveRegion() -> impl IntoView {
    let announcer = use_announcer();
    view! {
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
            {move || announcer.0.get()}
        </div>
    }
}

/// An error from the API, translated, with an optional "try again".
#[component]
pub fn ErrorNotice(
    error: ApiError,
    #[prop(optional, into)] retry: Option<Callback<()>>,
) -> impl IntoView {
    let locale = use_locale();
    let ApiError { code, .. } = error;
    let text = error_text(&code);
    view! {
        <div class="notice notice-error" role="alert">
            <p>
                <strong>{t(Text::ErrorPrefix)}</strong>
                " "
                {move || text.get(locale.get())}
            </p>
            {retry
                .map(|retry| {
                    view! {
                        <button type="button" class="button secondary" on:click=move |_| retry.run(())>
                            {t(Text::TryAgain)}
                        </button>
                    }
                })}
        </div>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {t(Text::Loading)}
        </p>
    }
}

/// What the last action on a page did: its success in words (focusable at `id`, to move the
/// focus to), or its failure.
#[component]
pub fn ActionOutcome(
    id: &'static str,
    #[prop(into)] done: Signal<Option<Text>>,
    #[prop(into)] error: Signal<Option<ApiError>>,
) -> impl IntoView {
    view! {
        {move || {
            done.get()
                .map(|text| {
                    view! {
                        <p id=id class="notice notice-success" tabindex="-1">
                            {t(text)}
                        </p>
                    }
                })
        }}
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
    }
}
