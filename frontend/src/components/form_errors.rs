use crate::browser::focus_element;
use crate::i18n::{Text, t};
use leptos::prelude::*;

/// The id of the error message beside the field `field_id` (for `aria-describedby`).
pub fn error_id(field_id: &str) -> String {
    format!("{field_id}-error")
}

/// The error beside the field `field_id`, while it has one.
#[component]
pub fn FieldError(
    field_id: &'static str,
    #[prop(into)] error: Signal<Option<Text>>,
) -> impl IntoView {
    move || {
        error.get().map(|text| {
            view! {
                <p id=error_id(field_id) class="field-error">
                    <span class="visually-hidden">{t(Text::ErrorPrefix)} " "</span>
                    {t(text)}
                </p>
            }
        })
    }
}

/// After a submit, every field error (field id and message, in the form's order) as a link
/// to its field. Has the id `error-summary`, to move the focus to.
#[component]
pub fn ErrorSummary(#[prop(into)] entries: Signal<Vec<(&'static str, Text)>>) -> impl IntoView {
    move || {
        let list = entries.get();
        (!list.is_empty()).then(|| {
            view! {
                <div
                    id="error-summary"
                    class="notice notice-error"
                    role="alert"
                    tabindex="-1"
                    aria-labelledby="error-summary-title"
                >
                    <h3 id="error-summary-title">{t(Text::FormHasErrors)}</h3>
                    <ul>
                        {list
                            .into_iter()
                            .map(|(field_id, text)| {
                                view! {
                                    <li>
                                        <a
                                            href=format!("#{field_id}")
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                focus_element(field_id);
                                            }
                                        >
                                            {t(text)}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
