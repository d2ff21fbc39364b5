//! `/ticket/:token`: the page the QR code on a ticket opens. It shows the number, how many are
//! ahead and the estimated wait, and "please go to counter 3" once called. It listens to the
//! office's display stream: a call of its own number shows at once, and other calls make it
//! read the ticket again — at most once every [`READ_AT_MOST_EVERY`], because every phone in
//! the waiting room hears every call and many share the office's one address (and its request
//! budget). Without calls it reads again every minute.

use crate::api::{self, ApiError};
use crate::components::{ErrorNotice, Heard, Loading, PageHeading, listen_to_calls};
use crate::i18n::{Text, about_minutes, people_ahead, t, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::call_queue::{DisplayCall, TicketState, TicketStatus};
use std::time::Duration;

/// How often the ticket is read without a call heard.
const READ_AGAIN: Duration = Duration::from_secs(60);

/// Calls of others make the ticket be read again at most this often.
const READ_AT_MOST_EVERY: Duration = Duration::from_secs(30);

/// A waiting ticket as a call of its own number shows it, before the server is asked again.
fn called_by(ticket: &TicketStatus, call: &DisplayCall) -> Option<TicketStatus> {
    let mine = ticket.state == TicketState::Waiting && ticket.number == call.number;
    mine.then(|| TicketStatus {
        state: TicketState::Called,
        ahead: None,
        estimated_wait_minutes: None,
        counter: Some(call.counter.clone()),
        ..ticket.clone()
    })
}

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
    // When the ticket was last read because of someone else's call (ms since the epoch).
    let last_read = StoredValue::new(0.0_f64);
    Effect::new(move |_| {
        if let Some(office) = office.get() {
            listen_to_calls(office, move |heard| {
                let calls = match heard {
                    Heard::Call(call) => vec![call],
                    // After (re)connecting: the call may have come while the line was down.
                    Heard::Board(calls) => calls,
                    Heard::Lost => return,
                };
                let mine = status.with_untracked(|s| match s {
                    Some(Ok(ticket)) => calls.iter().find_map(|call| called_by(ticket, call)),
                    _ => None,
                });
                if let Some(called) = mine {
                    status.set(Some(Ok(called)));
                    read();
                } else if js_sys::Date::now() - last_read.get_value()
                    >= READ_AT_MOST_EVERY.as_secs_f64() * 1000.0
                {
                    last_read.set_value(js_sys::Date::now());
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
        TicketState::Parked => {
            view! { <p class="ticket-state">{t(Text::TicketParked)}</p> }.into_any()
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use shared::ids::OfficeId;

    fn waiting(number: &str) -> TicketStatus {
        TicketStatus {
            office_id: OfficeId(1),
            number: number.into(),
            state: TicketState::Waiting,
            ahead: Some(0),
            estimated_wait_minutes: Some(10),
            counter: None,
        }
    }

    fn call(number: &str) -> DisplayCall {
        DisplayCall {
            number: number.into(),
            counter: "Schalter 3".into(),
            called_at: chrono::DateTime::parse_from_rfc3339("2026-12-02T09:00:00+01:00").unwrap(),
        }
    }

    #[test]
    fn a_call_of_its_own_number_shows_where_to_go_and_others_change_nothing_by_themselves() {
        let called = called_by(&waiting("A-017"), &call("A-017")).unwrap();
        assert_eq!(called.state, TicketState::Called);
        assert_eq!(called.counter.as_deref(), Some("Schalter 3"));
        assert_eq!(called.ahead, None);
        assert_eq!(called_by(&waiting("A-017"), &call("A-018")), None);
        let finished = TicketStatus {
            state: TicketState::Finished,
            ..waiting("A-017")
        };
        assert_eq!(
            called_by(&finished, &call("A-017")),
            None,
            "an old call on the board"
        );
    }
}
