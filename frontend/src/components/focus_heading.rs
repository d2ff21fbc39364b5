use leptos::html;
use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the app has shown its first page yet: on first load focus stays where the browser put it.
static FIRST_PAGE_SHOWN: AtomicBool = AtomicBool::new(false);

/// Moves keyboard focus to `node` once it is in the page.
pub fn focus_when_mounted<E>(node: NodeRef<E>)
where
    E: html::ElementType + 'static,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    node.on_load(move |element| {
        request_animation_frame(move || {
            use wasm_bindgen::JsCast;
            if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        });
    });
}

/// The `<h1>` of a page. Takes focus when the page is reached by navigation, so screen readers
/// start reading at the new content.
#[component]
pub fn PageHeading(children: Children) -> impl IntoView {
    let node = NodeRef::<html::H1>::new();
    if FIRST_PAGE_SHOWN.swap(true, Ordering::Relaxed) {
        focus_when_mounted(node);
    }
    view! {
        <h1 tabindex="-1" node_ref=node>
            {children()}
        </h1>
    }
}

/// The `<h2>` of a booking step. Always takes focus: the step just changed.
#[component]
pub fn StepHeading(children: Children) -> impl IntoView {
    let node = NodeRef::<html::H2>::new();
    focus_when_mounted(node);
    view! {
        <h2 tabindex="-1" node_ref=node>
            {children()}
        </h2>
    }
}
