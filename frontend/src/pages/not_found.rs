use crate::app::Page;
use crate::components::PageHeading;
use crate::i18n::{Text, t};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <PageHeading>{t(Text::NotFoundTitle)}</PageHeading>
        <p>{t(Text::NotFoundBody)}</p>
        <p>
            <A href=Page::Home.path()>{t(Text::NavHome)}</A>
        </p>
    }
}
