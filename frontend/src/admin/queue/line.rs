//! Today's line as the workstation lists it: who is called to which desk, who stepped aside
//! (to be called back), and who waits, in the order they will be called. The clerk may call
//! one of them in particular to their desk.

use super::desk::say_called;
use super::{Desk, Today, api, remember_counter, service_names};
use crate::admin::area::StaffError;
use crate::api::ApiError;
use crate::components::use_announcer;
use crate::i18n::admin::{Text, lane_name, t};
use crate::i18n::{date_time, use_locale};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::call_queue::{CallEntry, QueueItem};
use shared::ids::OfficeId;

#[component]
pub fn Line(office: OfficeId, today: Today) -> impl IntoView {
    let announcer = use_announcer();
    let locale = use_locale();
    let error = RwSignal::new(None::<ApiError>);
    let call = Callback::new(move |item: QueueItem| {
        let request = CallEntry {
            counter: today.counter(),
        };
        remember_counter(&request.counter);
        spawn_local(async move {
            match api::call_entry(office, item.id, &request).await {
                Ok(who) => {
                    error.set(None);
                    say_called(announcer, locale.get_untracked(), &who);
                    today.desk.set(Desk::Serving(who));
                }
                Err(refused) => error.set(Some(refused)),
            }
            today.read_again();
        });
    });
    // Calling someone in particular needs a named desk that serves nobody.
    let may_call =
        Signal::derive(move || today.serving().is_none() && !today.counter.get().trim().is_empty());
    view! {
        <section class="panel" aria-labelledby="line-heading">
            <h2 id="line-heading">{t(Text::QueueLineTitle)}</h2>
            {move || error.get().map(|error| view! { <StaffError error /> })}
            {move || today.line().map(|read| match read {
                Ok(line) => view! {
                    <p role="status">{t(Text::QueueWaitingCount)} " " {line.waiting.len()}</p>
                    <Entries id="line-parked" caption=Text::QueueParkedTitle items=line.parked call=Some(call) may_call />
                    <Entries id="line-waiting" caption=Text::QueueWaitingTitle items=line.waiting call=Some(call) may_call />
                    <Entries id="line-called" caption=Text::QueueCalledTitle items=line.called call=None may_call />
                }.into_any(),
                Err(error) => view! { <StaffError error /> }.into_any(),
            })}
        </section>
    }
}

/// One group of the line as a table; with `call`, each row can be called to this desk.
#[component]
fn Entries(
    id: &'static str,
    caption: Text,
    items: Vec<QueueItem>,
    call: Option<Callback<QueueItem>>,
    may_call: Signal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    if items.is_empty() {
        return ().into_any();
    }
    view! {
        <table class="data" id=id>
            <caption>{t(caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t(Text::QueueNumber)}</th>
                    <th scope="col">{t(Text::QueueLane)}</th>
                    <th scope="col">{t(Text::QueueServices)}</th>
                    <th scope="col">{t(Text::QueueSince)}</th>
                    <th scope="col">{t(Text::QueueWhere)}</th>
                    {call.map(|_| view! { <th scope="col"><span class="visually-hidden">{t(Text::QueueCallThis)}</span></th> })}
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|item| {
                    let queued = item.queued_at;
                    let number = item.number.clone();
                    let shown = item.clone();
                    view! {
                        <tr>
                            <th scope="row">{item.number.clone()}</th>
                            <td>{t(lane_name(item.lane))}</td>
                            <td>{service_names(&item.services)}</td>
                            <td>{move || date_time(locale.get(), queued)}</td>
                            <td>{item.counter.unwrap_or_default()}</td>
                            {call.map(|call| view! {
                                <td>
                                    <button type="button" class="button secondary"
                                        disabled=move || !may_call.get()
                                        on:click=move |_| call.run(shown.clone())>
                                        {t(Text::QueueCallThis)} <span class="visually-hidden">" " {number}</span>
                                    </button>
                                </td>
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
