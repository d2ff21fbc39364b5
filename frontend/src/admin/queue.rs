//! `/admin/queue?office=`: the clerk's workstation. The clerk says where they sit and, if they
//! like, which services they handle; "call next" calls the next person waiting to that desk
//! (the server decides who, so two clerks never get the same one), "done" finishes. At the
//! front desk staff give out walk-in numbers; managers set up and revoke ticket kiosks.

use super::area::{AdminArea, OfficeSelect, StaffError, allowed_offices};
use super::session::{Area, chosen_office, may_use, use_staff_session};
use super::{AdminPage, api};
use crate::api::ApiError;
use crate::app::Page;
use crate::components::{Announcer, PageHeading, use_announcer};
use crate::i18n::admin::{Text, lane_name, t};
use crate::i18n::{Locale, date_time, use_locale};
use crate::store::{random_key, use_catalog};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::call_queue::{
    CallNext, Called, IssuedKiosk, IssuedTicket, Kiosk, NO_SHOW_AFTER_CALLS, NewKiosk, NewTicket,
};
use shared::ids::{OfficeId, ServiceId};

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Finished,
    NotCome,
}

impl Outcome {
    fn message(self) -> Text {
        match self {
            Outcome::Finished => Text::QueueFinished,
            Outcome::NotCome => Text::QueueNoShowDone,
        }
    }
}

/// Where this browser's desk name is remembered.
const COUNTER_KEY: &str = "terminvergabe.counter";

#[component]
pub fn QueuePage() -> impl IntoView {
    view! {
        <AdminArea area=Area::Queue>
            <Workstation />
        </AdminArea>
    }
}

#[component]
fn Workstation() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let session = use_staff_session();
    let allowed = allowed_offices(Area::Queue);
    let configurable = allowed_offices(Area::Configuration);
    let office = Memo::new(move |_| {
        query.with(|q| chosen_office(q.get("office").and_then(|v| v.parse().ok()), &allowed.get()))
    });
    let on_office = Callback::new(move |office| {
        navigate(
            &AdminPage::Queue {
                office: Some(office),
            }
            .path(),
            Default::default(),
        )
    });
    let manages = move |office: OfficeId| {
        session
            .role()
            .is_some_and(|role| may_use(role, Area::Configuration))
            && configurable.with(|list| list.iter().any(|o| o.id == office))
    };
    view! {
        <PageHeading>{t(Text::QueueTitle)}</PageHeading>
        <OfficeSelect id="queue-office" allowed current=Signal::derive(move || office.get()) on_change=on_office />
        {move || office.get().map(|office| view! {
            <p>
                <a href=Page::Display { office }.path() rel="external" target="_blank">{t(Text::QueueOpenDisplay)}</a>
            </p>
            <CallDesk office />
            <FrontDesk office />
            {manages(office).then(|| view! { <Kiosks office /> })}
        })}
    }
}

/// The services offered at `office`, by name (from the public catalogue).
fn services_at(office: OfficeId) -> Vec<(ServiceId, String)> {
    use_catalog()
        .services_at(office)
        .into_iter()
        .map(|service| (service.id, service.name))
        .collect()
}

/// Checkboxes for the office's services, bound to `chosen`.
#[component]
fn ServiceChoice(
    office: OfficeId,
    prefix: &'static str,
    chosen: RwSignal<Vec<ServiceId>>,
) -> impl IntoView {
    view! {
        <ul class="plain checkbox-list">
            {move || services_at(office).into_iter().map(|(id, name)| {
                let input = format!("{prefix}-{id}");
                let label_for = input.clone();
                view! {
                    <li>
                        <input
                            type="checkbox"
                            id=input
                            prop:checked=move || chosen.with(|c| c.contains(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| {
                                    c.retain(|s| *s != id);
                                    if on {
                                        c.push(id);
                                    }
                                });
                            }
                        />
                        <label for=label_for>{name}</label>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

fn remembered_counter() -> String {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(COUNTER_KEY).ok().flatten())
        .unwrap_or_default()
}

fn remember_counter(counter: &str) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(COUNTER_KEY, counter);
    }
}

/// Tells screen readers whom the desk called ("Aufgerufen A-017").
fn say_called(announcer: Announcer, locale: Locale, called: &Called) {
    announcer.say(format!(
        "{} {}",
        Text::QueueCalled.get(locale),
        called.number
    ));
}

/// Where the clerk sits, what they handle, "call next" and "done".
#[component]
fn CallDesk(office: OfficeId) -> impl IntoView {
    let announcer = use_announcer();
    let locale = use_locale();
    let counter = RwSignal::new(remembered_counter());
    let handled = RwSignal::new(Vec::<ServiceId>::new());
    let called = RwSignal::new(None::<Called>);
    let nobody = RwSignal::new(false);
    let closed = RwSignal::new(None::<Outcome>);
    let error = RwSignal::new(None::<ApiError>);
    let call = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CallNext {
            counter: counter.get_untracked(),
            services: handled.get_untracked(),
        };
        remember_counter(&request.counter);
        spawn_local(async move {
            match api::call_next(office, &request).await {
                Ok(Some(who)) => {
                    say_called(announcer, locale.get_untracked(), &who);
                    error.set(None);
                    nobody.set(false);
                    closed.set(None);
                    called.set(Some(who));
                }
                Ok(None) => {
                    error.set(None);
                    called.set(None);
                    nobody.set(true);
                }
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    // Done or not come: the desk is free for the next call.
    let close = move |outcome: Outcome| {
        let Some(entry) = called.get_untracked().map(|c| c.id) else {
            return;
        };
        spawn_local(async move {
            let answer = match outcome {
                Outcome::Finished => api::finish_call(office, entry).await,
                Outcome::NotCome => api::no_show(office, entry).await,
            };
            match answer {
                Ok(()) => {
                    called.set(None);
                    error.set(None);
                    closed.set(Some(outcome));
                    announcer.say(outcome.message().get(locale.get_untracked()));
                }
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let recall = move |_| {
        let Some(entry) = called.get_untracked().map(|c| c.id) else {
            return;
        };
        spawn_local(async move {
            match api::recall(office, entry).await {
                Ok(again) => {
                    error.set(None);
                    say_called(announcer, locale.get_untracked(), &again);
                    called.set(Some(again));
                }
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let catalog = use_catalog();
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
                        prop:value=move || counter.get()
                        on:input=move |ev| counter.set(event_target_value(&ev))
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
                    disabled=move || called.with(Option::is_some)
                    aria-describedby="call-next-hint"
                >
                    {t(Text::QueueCallNext)}
                </button>
                <p class="hint" id="call-next-hint" hidden=move || called.with(Option::is_none)>
                    {t(Text::QueueCloseFirst)}
                </p>
            </form>
            {move || error.get().map(|error| view! { <StaffError error /> })}
            <p role="status" hidden=move || !nobody.get()>{t(Text::QueueNobodyWaits)}</p>
            {move || closed.get().map(|outcome| view! { <p role="status">{t(outcome.message())}</p> })}
            {move || called.get().map(|who| {
                let lane = lane_name(who.lane);
                let services: Vec<String> = who.services.iter()
                    .map(|s| catalog.service(s.service_id).map_or_else(|| s.service_id.to_string(), |found| found.name))
                    .collect();
                let queued = who.queued_at;
                view! {
                    <div class="called" aria-labelledby="called-heading">
                        <h3 id="called-heading">{t(Text::QueueCalled)}</h3>
                        <p class="called-number" id="called-number">{who.number.clone()}</p>
                        <p>{t(lane)} " · " {services.join(", ")} " · " {move || date_time(locale.get(), queued)}</p>
                        {who.booking_reference.map(|reference| view! { <p>{t(Text::QueueBooking)} " " {reference}</p> })}
                        <p>{t(Text::QueueCalls)} " " {who.calls}</p>
                        <div class="button-row">
                            <button type="button" id="finish-call" class="button" on:click=move |_| close(Outcome::Finished)>{t(Text::QueueFinish)}</button>
                            <button type="button" id="recall" class="button secondary" on:click=recall>{t(Text::QueueRecall)}</button>
                            {(who.calls >= NO_SHOW_AFTER_CALLS).then(|| view! {
                                <button type="button" id="no-show" class="button secondary" on:click=move |_| close(Outcome::NotCome)>{t(Text::QueueNoShow)}</button>
                            })}
                        </div>
                    </div>
                }
            })}
        </section>
    }
}

/// Walk-in numbers given out at the front desk.
#[component]
fn FrontDesk(office: OfficeId) -> impl IntoView {
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
        });
    };
    view! {
        <section class="panel" aria-labelledby="front-desk-heading">
            <h2 id="front-desk-heading">{t(Text::QueueFrontDesk)}</h2>
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

/// The office's ticket kiosks: set one up (its link shown once), revoke.
#[component]
fn Kiosks(office: OfficeId) -> impl IntoView {
    let locale = use_locale();
    let listed = LocalResource::new(move || api::kiosks(office));
    let name = RwSignal::new(String::new());
    let issued = RwSignal::new(None::<IssuedKiosk>);
    let error = RwSignal::new(None::<ApiError>);
    let issue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = NewKiosk {
            name: name.get_untracked(),
        };
        spawn_local(async move {
            match api::issue_kiosk(office, &request).await {
                Ok(kiosk) => {
                    error.set(None);
                    name.set(String::new());
                    issued.set(Some(kiosk));
                    listed.refetch();
                }
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let revoke = move |kiosk: Kiosk| {
        spawn_local(async move {
            match api::revoke_kiosk(office, kiosk.id).await {
                Ok(()) => listed.refetch(),
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let setup_link = move |kiosk: &IssuedKiosk| {
        let origin = window().location().origin().unwrap_or_default();
        format!(
            "{origin}{}?device={}",
            Page::Kiosk { office }.path(),
            kiosk.token
        )
    };
    view! {
        <section class="panel" aria-labelledby="kiosks-heading">
            <h2 id="kiosks-heading">{t(Text::KiosksTitle)}</h2>
            {move || listed.get().map(|result| match result {
                Ok(kiosks) if kiosks.is_empty() => view! { <p>{t(Text::KiosksNone)}</p> }.into_any(),
                Ok(kiosks) => view! {
                    <ul class="plain">
                        {kiosks.into_iter().map(|kiosk| {
                            let used = kiosk.last_used_at;
                            let shown = kiosk.clone();
                            view! {
                                <li>
                                    <strong>{kiosk.name.clone()}</strong> " · "
                                    {move || match used {
                                        Some(at) => format!("{} {}", Text::KioskLastUsed.get(locale.get()), date_time(locale.get(), at.fixed_offset())),
                                        None => Text::KioskNeverUsed.get(locale.get()).to_string(),
                                    }}
                                    " "
                                    <button type="button" class="button secondary" on:click=move |_| revoke(shown.clone())>
                                        {t(Text::KioskRevoke)} <span class="visually-hidden">" " {kiosk.name}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! { <StaffError error /> }.into_any(),
            })}
            <form on:submit=issue>
                <div class="field">
                    <label for="kiosk-name">{t(Text::KioskName)}</label>
                    <input id="kiosk-name" required maxlength="60"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <button type="submit" id="issue-kiosk" class="button secondary">{t(Text::KioskIssue)}</button>
            </form>
            {move || error.get().map(|error| view! { <StaffError error /> })}
            {move || issued.get().map(|kiosk| {
                let link = setup_link(&kiosk);
                view! {
                    <p role="status">{t(Text::KioskSetupLink)}</p>
                    <p><code id="kiosk-link">{link}</code></p>
                }
            })}
        </section>
    }
}
