//! My desk: where the clerk sits and what they handle, "call next", and the five things to do
//! with the citizen called — done (with the services performed), call again, step aside
//! (fetching a document), send on (to another desk, or back in line for other services), did
//! not come (after a recall). After a reload the desk finds its current call again in today's
//! line.

use super::{Desk, Note, ServiceChoice, Today, api, as_called, remember_counter, service_names};
use crate::admin::area::StaffError;
use crate::api::ApiError;
use crate::components::{Announcer, use_announcer};
use crate::i18n::admin::{Text, lane_name, t};
use crate::i18n::{Locale, date_time, use_locale};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::call_queue::{CallNext, Called, Finish, NO_SHOW_AFTER_CALLS, NewTicket, Redirect};
use shared::ids::{OfficeId, ServiceId};
use shared::selection::ServiceQuantity;

/// Tells screen readers whom the desk called ("Aufgerufen A-017").
pub fn say_called(announcer: Announcer, locale: Locale, called: &Called) {
    announcer.say(format!(
        "{} {}",
        Text::QueueCalled.get(locale),
        called.number
    ));
}

/// Where the clerk sits, what they handle, and "call next".
#[component]
pub fn CallDesk(office: OfficeId, today: Today) -> impl IntoView {
    let announcer = use_announcer();
    let locale = use_locale();
    let handled = RwSignal::new(Vec::<ServiceId>::new());
    let error = RwSignal::new(None::<ApiError>);
    // After a reload: the entry called to this desk, once the line is first read.
    let restored = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(Ok(line)) = today.line() else {
            return;
        };
        if restored.get_value() {
            return;
        }
        restored.set_value(true);
        let counter = today.counter();
        let mine = line
            .called
            .into_iter()
            .find(|item| item.counter.as_deref() == Some(counter.as_str()))
            .and_then(as_called);
        if let (Some(mine), Desk::Free(_)) = (mine, today.desk.get_untracked()) {
            today.desk.set(Desk::Serving(mine));
        }
    });
    let call = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CallNext {
            counter: today.counter(),
            services: handled.get_untracked(),
        };
        remember_counter(&request.counter);
        spawn_local(async move {
            match api::call_next(office, &request).await {
                Ok(Some(who)) => {
                    say_called(announcer, locale.get_untracked(), &who);
                    error.set(None);
                    today.desk.set(Desk::Serving(who));
                }
                Ok(None) => {
                    error.set(None);
                    today.desk.set(Desk::Free(Some(Note::NobodyWaits)));
                }
                Err(refused) => error.set(Some(refused)),
            }
            today.read_again();
        });
    };
    let serving = move || today.desk.with(|desk| matches!(desk, Desk::Serving(_)));
    view! {
        <section class="panel" aria-labelledby="call-desk-heading">
            <h2 id="call-desk-heading">{t(Text::QueueMyDesk)}</h2>
            <form on:submit=call>
                <div class="field">
                    <label for="queue-counter">{t(Text::QueueCounter)}</label>
                    <input
                        id="queue-counter"
                        required
                        maxlength="40"
                        aria-describedby="queue-counter-hint"
                        prop:value=move || today.counter.get()
                        on:input=move |ev| today.counter.set(event_target_value(&ev))
                    />
                    <p class="hint" id="queue-counter-hint">{t(Text::QueueCounterHint)}</p>
                </div>
                <fieldset>
                    <legend>{t(Text::QueueMyServices)}</legend>
                    <ServiceChoice office prefix="handles" chosen=handled />
                </fieldset>
                <button
                    type="submit"
                    id="call-next"
                    class="button"
                    disabled=serving
                    aria-describedby="call-next-hint"
                >
                    {t(Text::QueueCallNext)}
                </button>
                <p class="hint" id="call-next-hint" hidden=move || !serving()>
                    {t(Text::QueueCloseFirst)}
                </p>
            </form>
            {move || error.get().map(|error| view! { <StaffError error /> })}
            {move || match today.desk.get() {
                Desk::Free(Some(note)) => view! { <p role="status">{t(note.text())}</p> }.into_any(),
                Desk::Free(None) => ().into_any(),
                Desk::Serving(who) => view! { <Serving office today who error /> }.into_any(),
            }}
        </section>
    }
}

/// The citizen called to this desk, and what to do with them.
#[component]
fn Serving(
    office: OfficeId,
    today: Today,
    who: Called,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let announcer = use_announcer();
    let locale = use_locale();
    let entry = who.id;
    let asked: Vec<ServiceId> = who.services.iter().map(|s| s.service_id).collect();
    let performed = RwSignal::new(asked);
    let send_to = RwSignal::new(String::new());
    let send_for = RwSignal::new(Vec::<ServiceId>::new());
    // A step that leaves the desk free, with what the desk then says.
    let leave = move |note: Note| {
        error.set(None);
        today.desk.set(Desk::Free(Some(note)));
        announcer.say(note.text().get(locale.get_untracked()));
        today.read_again();
    };
    let asked_for = StoredValue::new(who.services.clone());
    let finish = move |_| {
        // Quantities as asked where the clerk kept a service, one otherwise.
        let request = Finish {
            performed: performed
                .get_untracked()
                .into_iter()
                .map(|service_id| {
                    asked_for
                        .with_value(|asked| {
                            asked.iter().find(|s| s.service_id == service_id).cloned()
                        })
                        .unwrap_or(ServiceQuantity {
                            service_id,
                            quantity: 1,
                        })
                })
                .collect(),
        };
        spawn_local(async move {
            match api::finish_call(office, entry, &request).await {
                Ok(_) => leave(Note::Finished),
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let recall = move |_| {
        spawn_local(async move {
            match api::recall(office, entry).await {
                Ok(again) => {
                    error.set(None);
                    say_called(announcer, locale.get_untracked(), &again);
                    today.desk.set(Desk::Serving(again));
                }
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let park = move |_| {
        spawn_local(async move {
            match api::park(office, entry).await {
                Ok(()) => leave(Note::Parked),
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let no_show = move |_| {
        spawn_local(async move {
            match api::no_show(office, entry).await {
                Ok(()) => leave(Note::NotCome),
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let send_on = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let counter = send_to.get_untracked().trim().to_owned();
        let services = send_for.get_untracked();
        let request = Redirect {
            counter: (!counter.is_empty()).then_some(counter),
            services: (!services.is_empty()).then(|| NewTicket::one_of_each(&services).services),
        };
        spawn_local(async move {
            match api::redirect(office, entry, &request).await {
                Ok(_) => leave(Note::SentOn),
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let queued = who.queued_at;
    view! {
        <div class="called" aria-labelledby="called-heading">
            <h3 id="called-heading">{t(Text::QueueCalled)}</h3>
            <p class="called-number" id="called-number">{who.number.clone()}</p>
            <p>{t(lane_name(who.lane))} " · " {service_names(&who.services)} " · " {move || date_time(locale.get(), queued)}</p>
            {who.booking_reference.map(|reference| view! { <p>{t(Text::QueueBooking)} " " {reference}</p> })}
            <p>{t(Text::QueueCalls)} " " {who.calls}</p>
            <fieldset>
                <legend>{t(Text::QueuePerformed)}</legend>
                <ServiceChoice office prefix="performed" chosen=performed />
            </fieldset>
            <div class="button-row">
                <button type="button" id="finish-call" class="button" on:click=finish>{t(Text::QueueFinish)}</button>
                <button type="button" id="recall" class="button secondary" on:click=recall>{t(Text::QueueRecall)}</button>
                <button type="button" id="park" class="button secondary" on:click=park>{t(Text::QueuePark)}</button>
                {(who.calls >= NO_SHOW_AFTER_CALLS).then(|| view! {
                    <button type="button" id="no-show" class="button secondary" on:click=no_show>{t(Text::QueueNoShow)}</button>
                })}
            </div>
            <details class="send-on">
                <summary>{t(Text::QueueSendOn)}</summary>
                <form on:submit=send_on>
                    <div class="field">
                        <label for="send-to">{t(Text::QueueSendTo)}</label>
                        <input id="send-to" maxlength="40"
                            prop:value=move || send_to.get()
                            on:input=move |ev| send_to.set(event_target_value(&ev)) />
                    </div>
                    <fieldset>
                        <legend>{t(Text::QueueSendFor)}</legend>
                        <ServiceChoice office prefix="send-for" chosen=send_for />
                    </fieldset>
                    <button type="submit" id="send-on" class="button secondary">{t(Text::QueueSendOn)}</button>
                </form>
            </details>
        </div>
    }
}
