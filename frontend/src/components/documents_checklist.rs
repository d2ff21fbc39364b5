use crate::i18n::{Text, t};
use leptos::prelude::*;

/// What to bring, per service, as a list the citizen can tick off.
#[component]
pub fn DocumentsChecklist(
    /// Service name and its documents.
    services: Vec<(String, Vec<String>)>,
) -> impl IntoView {
    view! {
        <section class="checklist" aria-labelledby="checklist-title">
            <h2 id="checklist-title">{t(Text::Checklist)}</h2>
            {services
                .into_iter()
                .enumerate()
                .map(|(i, (name, documents))| {
                    view! {
                        <h3>{name}</h3>
                        {if documents.is_empty() {
                            view! { <p>{t(Text::NoDocuments)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain">
                                    {documents
                                        .into_iter()
                                        .enumerate()
                                        .map(|(j, document)| {
                                            let id = format!("doc-{i}-{j}");
                                            view! {
                                                <li class="check">
                                                    <input type="checkbox" id=id.clone() />
                                                    <label for=id>{document}</label>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    }
                })
                .collect_view()}
        </section>
    }
}
