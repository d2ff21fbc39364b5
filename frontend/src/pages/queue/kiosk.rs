//! `/kiosk/:office`: a tablet at the office's entrance. Staff set it up once by opening the
//! link they got when issuing the kiosk (`/kiosk/1?device=tv_kiosk_…`): the device token is
//! kept in this browser's storage and removed from the address bar. A citizen touches what they
//! need, takes a number, and gets a ticket with a QR code of its page to print or scan.

use crate::api::{self, ApiError};
use crate::app::Page;
use crate::components::{ErrorNotice, Loading, PageHeading, QrCodeImage};
use crate::i18n::{Text, t, use_locale, walk_ins_text};
use crate::store::{random_key, use_catalog};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::call_queue::{IssuedTicket, NewTicket, WalkInState, WalkIns};
use shared::ids::{OfficeId, ServiceId};
use std::time::Duration;

/// A drawn ticket stays on screen this long, then the kiosk is ready for the next citizen.
const TICKET_SHOWN: Duration = Duration::from_secs(45);

/// How often the kiosk asks again whether walk-ins get a ticket (the contingent runs out at
/// other kiosks and desks too, and starts again the next day).
const ASK_WALK_INS_EVERY: Duration = Duration::from_secs(60);

fn storage_key(office: OfficeId) -> String {
    format!("terminvergabe.kiosk.{office}")
}

/// The device token: from `?device=` (kept, and dropped from the address), else as kept.
fn device_token(office: OfficeId, from_link: Option<String>) -> Option<String> {
    let storage = window().local_storage().ok().flatten();
    if let Some(token) = from_link.filter(|token| token.starts_with("tv_kiosk_")) {
        if let Some(storage) = &storage {
            let _ = storage.set_item(&storage_key(office), &token);
        }
        if let Ok(history) = window().history() {
            let path = Page::Kiosk { office }.path();
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
        return Some(token);
    }
    storage?.get_item(&storage_key(office)).ok()?
}

#[component]
pub fn KioskPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let office =
        params.with_untracked(|p| p.get("office").and_then(|v| v.parse::<OfficeId>().ok()));
    let Some(office) = office else {
        return view! { <p class="notice">{t(Text::KioskNotSetUp)}</p> }.into_any();
    };
    let token = device_token(office, query.with_untracked(|q| q.get("device")));
    let Some(token) = token else {
        return view! { <p class="notice notice-error" role="alert">{t(Text::KioskNotSetUp)}</p> }
            .into_any();
    };
    let session = {
        let token = token.clone();
        LocalResource::new(move || {
            let token = token.clone();
            async move { api::kiosk_session(&token).await }
        })
    };
    view! {
        <div class="kiosk">
            <PageHeading>{t(Text::KioskTitle)}</PageHeading>
            <Transition fallback=Loading>
                {move || {
                    session
                        .get()
                        .map(|result| match result {
                            Ok(session) if session.office_id == office => {
                                let walk_ins = session.walk_ins;
                                view! { <TicketCounter office token=token.clone() walk_ins /> }.into_any()
                            }
                            Ok(_) => view! { <p class="notice notice-error" role="alert">{t(Text::KioskWrongOffice)}</p> }.into_any(),
                            Err(error) if error.status == 401 => view! {
                                <p class="notice notice-error" role="alert">{t(Text::KioskNotSetUp)}</p>
                            }.into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        })
                }}
            </Transition>
        </div>
    }
    .into_any()
}

/// Asks again whether walk-ins get a ticket here now.
fn ask_walk_ins(token: StoredValue<String>, walk_ins: RwSignal<WalkIns>) {
    leptos::task::spawn_local(async move {
        if let Ok(session) = api::kiosk_session(&token.get_value()).await {
            walk_ins.set(session.walk_ins);
        }
    });
}

/// Choosing services and taking a number; then the ticket. Once today's contingent is given
/// out, or it is past the time, the kiosk says so instead.
#[component]
fn TicketCounter(office: OfficeId, token: String, walk_ins: WalkIns) -> impl IntoView {
    let catalog = use_catalog();
    let locale = use_locale();
    let walk_ins = RwSignal::new(walk_ins);
    let chosen = RwSignal::new(Vec::<ServiceId>::new());
    let drawn = RwSignal::new(None::<IssuedTicket>);
    let error = RwSignal::new(None::<ApiError>);
    let asked_for_one = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let services = move || catalog.services_at(office);
    let token = StoredValue::new(token);
    if let Ok(handle) =
        set_interval_with_handle(move || ask_walk_ins(token, walk_ins), ASK_WALK_INS_EVERY)
    {
        on_cleanup(move || handle.clear());
    }
    let open = move || walk_ins.with(|w| w.state == WalkInState::Open);
    let draw = move |_| {
        let request = NewTicket::one_of_each(&chosen.get_untracked());
        if request.services.is_empty() {
            asked_for_one.set(true);
            return;
        }
        busy.set(true);
        let key = random_key();
        leptos::task::spawn_local(async move {
            let answer = api::kiosk_ticket(&token.get_value(), &request, &key).await;
            busy.set(false);
            match answer {
                Ok(ticket) => {
                    error.set(None);
                    chosen.set(Vec::new());
                    let shown = ticket.id;
                    drawn.set(Some(ticket));
                    // Cleared later unless someone pressed "done" and drew the next one.
                    set_timeout(
                        move || {
                            if drawn.with_untracked(|d| d.as_ref().map(|t| t.id)) == Some(shown) {
                                drawn.set(None);
                            }
                        },
                        TICKET_SHOWN,
                    );
                }
                Err(refused) => error.set(Some(refused)),
            }
            ask_walk_ins(token, walk_ins);
        });
    };
    let told = move || walk_ins_text(locale.get(), &walk_ins.get());
    view! {
        {move || match drawn.get() {
            Some(ticket) => view! { <PrintedTicket ticket on_done=Callback::new(move |()| drawn.set(None)) /> }.into_any(),
            None if !open() => view! {
                <p class="notice kiosk-closed" role="status">{told}</p>
            }.into_any(),
            None => view! {
                <p class="lead">{t(Text::KioskIntro)}</p>
                {move || told().map(|text| view! { <p class="kiosk-walk-ins">{text}</p> })}
                <fieldset class="kiosk-services">
                    <legend>{t(Text::KioskChoose)}</legend>
                    <For each=services key=|service| service.id let:service>
                        {
                            let id = service.id;
                            let pressed = move || chosen.with(|c| c.contains(&id));
                            view! {
                                <button
                                    type="button"
                                    class="kiosk-service"
                                    aria-pressed=move || pressed().to_string()
                                    on:click=move |_| {
                                        asked_for_one.set(false);
                                        chosen.update(|c| {
                                            if let Some(at) = c.iter().position(|s| *s == id) {
                                                c.remove(at);
                                            } else {
                                                c.push(id);
                                            }
                                        });
                                    }
                                >
                                    {service.name}
                                </button>
                            }
                        }
                    </For>
                </fieldset>
                <p class="field-error" role="alert" hidden=move || !asked_for_one.get()>
                    {t(Text::KioskChooseOne)}
                </p>
                {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                <button type="button" class="button kiosk-draw" on:click=draw disabled=move || busy.get()>
                    {t(Text::KioskDraw)}
                </button>
            }.into_any(),
        }}
    }
}

/// The ticket: its number, the QR code of its page, print and done.
#[component]
fn PrintedTicket(ticket: IssuedTicket, on_done: Callback<()>) -> impl IntoView {
    let page = Page::Ticket {
        token: ticket.token.clone(),
    }
    .path();
    let link = format!("{}{page}", window().location().origin().unwrap_or_default());
    let label = format!("{} {}", t(Text::KioskScan)(), ticket.number);
    view! {
        <section class="printed-ticket" aria-labelledby="printed-ticket-heading">
            <h2 id="printed-ticket-heading">{t(Text::KioskYourNumber)}</h2>
            <p class="ticket-number" role="status">{ticket.number}</p>
            <QrCodeImage data=link.clone() label />
            <p>{t(Text::KioskScan)}</p>
            <p class="ticket-link">{link}</p>
            <p class="kiosk-actions">
                <button type="button" class="button secondary" on:click=move |_| { let _ = window().print(); }>
                    {t(Text::KioskPrint)}
                </button>
                <button type="button" class="button" on:click=move |_| on_done.run(())>
                    {t(Text::KioskDone)}
                </button>
            </p>
        </section>
    }
}
