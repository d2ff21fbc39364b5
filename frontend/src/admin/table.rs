//! The data tables of the staff views: a caption-less table labelled by its section heading,
//! in a region that scrolls sideways on small screens and can be scrolled with the keyboard.

use crate::i18n::admin::{Text, t};
use leptos::prelude::*;

/// A column header: shown, or read only by screen readers (over a column of buttons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Shown(Text),
    ForScreenReaders(Text),
}

/// `children` are the rows; `labelled_by` is the id of the heading that names the table.
#[component]
pub fn DataTable(
    labelled_by: &'static str,
    columns: Vec<Column>,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let headers = columns
        .into_iter()
        .map(|column| match column {
            Column::Shown(text) => view! { <th scope="col">{t(text)}</th> }.into_any(),
            Column::ForScreenReaders(text) => view! {
                <th scope="col"><span class="visually-hidden">{t(text)}</span></th>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table class=format!("data-table {class}")>
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
