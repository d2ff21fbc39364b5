use crate::i18n::{Text, t};
use leptos::prelude::*;

/// "Do you really …?" with a destructive and a safe answer. Its question takes the focus when
/// shown (the caller moves it to `id`); while `busy`, the destructive answer does nothing.
#[component]
pub fn ConfirmBox(
    #[prop(into)] id: String,
    question: Text,
    yes: Text,
    no: Text,
    on_yes: Callback<()>,
    on_no: Callback<()>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(optional)] detail: Option<String>,
) -> impl IntoView {
    let question_id = format!("{id}-question");
    let yes_id = format!("{id}-yes");
    view! {
        <div class="confirm-box" role="group" aria-labelledby=question_id>
            <p id=id tabindex="-1">
                <strong id=question_id.clone()>{t(question)}</strong>
            </p>
            {detail.map(|detail| view! { <p>{detail}</p> })}
            <div class="button-row">
                <button
                    type="button"
                    id=yes_id
                    class="button danger"
                    aria-disabled=move || busy.get().to_string()
                    on:click=move |_| {
                        if !busy.get_untracked() {
                            on_yes.run(());
                        }
                    }
                >
                    {t(yes)}
                </button>
                <button type="button" class="button secondary" on:click=move |_| on_no.run(())>
                    {t(no)}
                </button>
            </div>
        </div>
    }
}
