//! An answer of the help page, rendered from the safe structure of `shared::markup`: every
//! string becomes a text node (never HTML), links keep the targets the parser allowed.

use leptos::prelude::*;
use shared::markup::{Block, Inline};

fn inline_view(inline: Inline) -> AnyView {
    match inline {
        Inline::Text { text } => text.into_any(),
        Inline::Strong { text } => view! { <strong>{text}</strong> }.into_any(),
        Inline::Link { text, href } => view! { <a href=href>{text}</a> }.into_any(),
    }
}

fn inlines_view(inlines: Vec<Inline>) -> impl IntoView {
    inlines.into_iter().map(inline_view).collect_view()
}

#[component]
pub fn FaqAnswer(blocks: Vec<Block>) -> impl IntoView {
    blocks
        .into_iter()
        .map(|block| match block {
            Block::Paragraph { content } => view! { <p>{inlines_view(content)}</p> }.into_any(),
            Block::BulletList { items } => view! {
                <ul>
                    {items
                        .into_iter()
                        .map(|item| view! { <li>{inlines_view(item)}</li> })
                        .collect_view()}
                </ul>
            }
            .into_any(),
            Block::NumberedList { items } => view! {
                <ol>
                    {items
                        .into_iter()
                        .map(|item| view! { <li>{inlines_view(item)}</li> })
                        .collect_view()}
                </ol>
            }
            .into_any(),
        })
        .collect_view()
}
