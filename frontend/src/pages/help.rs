use crate::app::Page;
use crate::components::PageHeading;
use crate::i18n::{Text, t};
use leptos::prelude::*;
use leptos_router::components::A;

const QUESTIONS: [(Text, Text); 7] = [
    (Text::HelpQBook, Text::HelpABook),
    (Text::HelpQEmail, Text::HelpAEmail),
    (Text::HelpQChange, Text::HelpAChange),
    (Text::HelpQActivate, Text::HelpAActivate),
    (Text::HelpQNone, Text::HelpANone),
    (Text::HelpQUrgent, Text::HelpAUrgent),
    (Text::HelpQPrivacy, Text::HelpAPrivacy),
];

/// Questions and answers about booking online; every email links here.
#[component]
pub fn HelpPage() -> impl IntoView {
    view! {
        <PageHeading>{t(Text::HelpTitle)}</PageHeading>
        {QUESTIONS
            .into_iter()
            .map(|(question, answer)| {
                view! {
                    <section class="faq">
                        <h2>{t(question)}</h2>
                        <p>{t(answer)}</p>
                    </section>
                }
            })
            .collect_view()}
        <section class="faq">
            <h2>{t(Text::HelpQAccess)}</h2>
            <p>{t(Text::HelpAAccess)}</p>
        </section>
        <p>
            <A href=Page::book().path() attr:class="button">{t(Text::StartBooking)}</A>
        </p>
    }
}
