//! Walk-in numbers given out by staff at the front desk, for one or more services.

use super::{ServiceChoice, Today, api};
use crate::admin::area::StaffError;
use crate::api::ApiError;
use crate::app::Page;
use crate::i18n::admin::{Text, t};
use crate::i18n::{use_locale, walk_ins_text};
use crate::store::random_key;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::call_queue::{IssuedTicket, NewTicket};
use shared::ids::{OfficeId, ServiceId};

/// Walk-in numbers given out at the front desk, with today's contingent.
#[component]
pub fn FrontDesk(office: OfficeId, today: Today) -> impl IntoView {
    let locale = use_locale();
    let chosen = RwSignal::new(Vec::<ServiceId>::new());
    let issued = RwSignal::new(None::<IssuedTicket>);
    let error = RwSignal::new(None::<ApiError>);
    let asked = RwSignal::new(false);
    let issue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = NewTicket::one_of_each(&chosen.get_untracked());
        if request.services.is_empty() {
            asked.set(true);
            return;
        }
        asked.set(false);
        let key = random_key();
        spawn_local(async move {
            match api::issue_ticket(office, &request, &key).await {
                Ok(ticket) => {
                    error.set(None);
                    chosen.set(Vec::new());
                    issued.set(Some(ticket));
                }
                Err(refused) => error.set(Some(refused)),
            }
            today.read_again();
        });
    };
    view! {
        <section class="panel" aria-labelledby="front-desk-heading">
            <h2 id="front-desk-heading">{t(Text::QueueFrontDesk)}</h2>
            {move || today.line()
                .and_then(Result::ok)
                .and_then(|line| walk_ins_text(locale.get(), &line.walk_ins))
                .map(|text| view! { <p id="walk-ins-today">{text}</p> })}
            <form on:submit=issue>
                <fieldset>
                    <legend>{t(Text::QueueFrontDesk)}</legend>
                    <ServiceChoice office prefix="ticket" chosen />
                </fieldset>
                <p class="field-error" role="alert" hidden=move || !asked.get()>{t(Text::QueueChooseService)}</p>
                <button type="submit" class="button secondary">{t(Text::QueueIssue)}</button>
            </form>
            {move || error.get().map(|error| view! { <StaffError error /> })}
            {move || issued.get().map(|ticket| view! {
                <p role="status">
                    {t(Text::QueueIssued)} " " <strong class="issued-number">{ticket.number}</strong> " · "
                    <a href=Page::Ticket { token: ticket.token }.path() rel="external" target="_blank">{t(Text::QueueTicketPage)}</a>
                </p>
            })}
        </section>
    }
}
