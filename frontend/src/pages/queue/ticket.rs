//! `/ticket/:token`: the page the QR code on a ticket opens. It shows the number, how many are
//! ahead and the estimated wait, and "please go to counter 3" once called. It reads the ticket
//! again whenever the office's display stream tells of a call (and every minute), so it needs
//! no login and asks the server little.

use crate::api::{self, ApiError};
use crate::components::{ErrorNotice, Heard, Loading, PageHeading, listen_to_calls};
use crate::i18n::{Text, about_minutes, people_ahead, t, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::call_queue::{TicketState, TicketStatus};
use std::time::Duration;

/// How often the ticket is read without a call heard.
const READ_AGAIN: Duration = Duration::from_secs(60);

#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let status = RwSignal::new(None::<Result<TicketStatus, ApiError>>);
    let read = move || {
        let token = token();
        leptos::task::spawn_local(async move {
            status.set(Some(api::ticket(&token).await));
        });
    };
    read();
    if let Ok(handle) = set_interval_with_handle(read, READ_AGAIN) {
        on_cleanup(move || handle.clear());
    }
    // Once the office is known, every call there may have moved this ticket. The effect
    // follows the office only, so reading the ticket again does not restart the stream.
    let office = Memo::new(move |_| {
        status.with(|s| {
            s.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|t| t.office_id)
        })
    });
    Effect::new(move |_| {
        if let Some(office) = office.get() {
            listen_to_calls(office, move |heard| {
                if matches!(heard, Heard::Call(_) | Heard::Board(_)) {
                    read();
                }
            });
        }
    });

    view! {
        <PageHeading>{t(Text::TicketTitle)}</PageHeading>
        {move || match status.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
            Some(Ok(ticket)) => view! { <TicketCard ticket /> }.into_any(),
        }}
    }
}

#[component]
fn TicketCard(ticket: TicketStatus) -> impl IntoView {
    let locale = use_locale();
    let TicketStatus {
        number,
        state,
        ahead,
        estimated_wait_minutes,
        counter,
        ..
    } = ticket;
    let detail = match state {
        TicketState::Waiting => {
            let ahead = ahead.unwrap_or(0);
            let minutes = estimated_wait_minutes.unwrap_or(0);
            view! {
                <p class="ticket-state">
                    {if ahead == 0 { t(Text::TicketNext) } else { t(Text::TicketWaiting) }}
                </p>
                <dl class="ticket-facts">
                    <dt>{t(Text::TicketAhead)}</dt>
                    <dd>{move || people_ahead(locale.get(), ahead)}</dd>
                    <dt>{t(Text::TicketEstimate)}</dt>
                    <dd>{move || about_minutes(locale.get(), minutes)}</dd>
                </dl>
            }
            .into_any()
        }
        TicketState::Called => view! {
            <p class="ticket-called" role="alert">
                {t(Text::TicketCalledTo)} " " <strong>{counter.unwrap_or_default()}</strong>
            </p>
        }
        .into_any(),
        TicketState::Finished => {
            view! { <p class="ticket-state">{t(Text::TicketFinished)}</p> }.into_any()
        }
        TicketState::NoShow => view! { <p class="notice">{t(Text::TicketNoShow)}</p> }.into_any(),
    };
    view! {
        <section class="ticket" aria-live="polite">
            <p class="ticket-number">{number}</p>
            {detail}
            <p class="hint">{t(Text::TicketUpdates)}</p>
        </section>
    }
}
