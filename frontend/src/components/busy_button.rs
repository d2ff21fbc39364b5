use crate::i18n::{Text, t};
use leptos::prelude::*;

/// A button that says when its action is under way (`busy`): it stays focusable and in the
/// same place, announces itself as disabled and ignores clicks meanwhile.
#[component]
pub fn BusyButton(
    label: Text,
    busy_label: Text,
    #[prop(into)] busy: Signal<bool>,
    /// `submit` for the button of a form (whose handler runs instead of `on_click`).
    #[prop(default = "button")]
    kind: &'static str,
    #[prop(default = "button")] class: &'static str,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional)] on_click: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <button
            type=kind
            id=id
            class=class
            aria-disabled=move || busy.get().to_string()
            on:click=move |_| {
                if let Some(on_click) = on_click
                    && !busy.get_untracked()
                {
                    on_click.run(());
                }
            }
        >
            {move || if busy.get() { t(busy_label)() } else { t(label)() }}
        </button>
    }
}
