//! `/admin/queue?office=`: the clerk's workstation. The clerk says where they sit and, if they
//! like, which services they handle; "call next" calls the next person waiting to that desk
//! (the server decides who, so two clerks never get the same one), then done (with the
//! services performed), call again, step aside, send on, or did not come. Today's line lists
//! who waits and who stepped aside, to be called in particular. At the front desk staff give
//! out walk-in numbers; managers set the office's rules of calling and its daily contingent,
//! and set up and revoke ticket kiosks.

mod desk; // my desk: call next, and what to do with the citizen called
mod front_desk; // walk-in numbers given out by staff
mod kiosks; // the office's ticket kiosks
mod line; // today's line: who waits, who stepped aside, who is called where
mod rules; // how the office calls, and its daily walk-in contingent

use super::area::{AdminArea, OfficeSelect, allowed_offices};
use super::session::{Area, chosen_office, may_use, use_staff_session};
use super::{AdminPage, api};
use crate::app::Page;
use crate::components::PageHeading;
use crate::i18n::admin::{Text, t};
use crate::store::use_catalog;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::call_queue::{Called, QueueItem, QueueOverview};
use shared::ids::{OfficeId, ServiceId};
use std::time::Duration;

/// How often the workstation reads today's line again (besides after each of its own steps).
const READ_LINE_EVERY: Duration = Duration::from_secs(10);

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
        {move || office.get().map(|office| {
            let today = Today::new(office);
            view! {
                <p>
                    <a href=Page::Display { office }.path() rel="external" target="_blank">{t(Text::QueueOpenDisplay)}</a>
                </p>
                <desk::CallDesk office today />
                <line::Line office today />
                <front_desk::FrontDesk office today />
                {manages(office).then(|| view! {
                    <rules::QueueRules office today />
                    <kiosks::Kiosks office />
                })}
            }
        })}
    }
}

/// Today's line of an office as the workstation last read it, shared by its panels; read
/// again every [`READ_LINE_EVERY`] and after each step.
#[derive(Clone, Copy)]
pub struct Today {
    line: LocalResource<Result<QueueOverview, crate::api::ApiError>>,
    /// The desk's name, as typed (remembered in this browser).
    counter: RwSignal<String>,
    /// Whom this desk serves now, or what became of the last one.
    desk: RwSignal<Desk>,
}

/// This desk's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Desk {
    /// Nobody called here; what became of the last call, if anything.
    Free(Option<Note>),
    /// This citizen is called here.
    Serving(Called),
}

/// What the desk says after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    NobodyWaits,
    Finished,
    NotCome,
    Parked,
    SentOn,
}

impl Note {
    fn text(self) -> Text {
        match self {
            Note::NobodyWaits => Text::QueueNobodyWaits,
            Note::Finished => Text::QueueFinished,
            Note::NotCome => Text::QueueNoShowDone,
            Note::Parked => Text::QueueParkedDone,
            Note::SentOn => Text::QueueSentOn,
        }
    }
}

impl Today {
    fn new(office: OfficeId) -> Today {
        let line = LocalResource::new(move || api::queue(office));
        if let Ok(handle) = set_interval_with_handle(move || line.refetch(), READ_LINE_EVERY) {
            on_cleanup(move || handle.clear());
        }
        Today {
            line,
            counter: RwSignal::new(remembered_counter()),
            desk: RwSignal::new(Desk::Free(None)),
        }
    }

    /// Reads the line again.
    pub fn read_again(self) {
        self.line.refetch();
    }

    /// The line, once read.
    pub fn line(self) -> Option<Result<QueueOverview, crate::api::ApiError>> {
        self.line.get()
    }

    /// Whom this desk serves now.
    pub fn serving(self) -> Option<Called> {
        match self.desk.get() {
            Desk::Serving(called) => Some(called),
            Desk::Free(_) => None,
        }
    }

    /// The desk's name without surrounding spaces.
    pub fn counter(self) -> String {
        self.counter.get_untracked().trim().to_owned()
    }
}

/// A called entry of the line as the desk shows its call.
pub fn as_called(item: QueueItem) -> Option<Called> {
    Some(Called {
        id: item.id,
        number: item.number,
        lane: item.lane,
        counter: item.counter?,
        booking_reference: item.booking_reference,
        services: item.services,
        queued_at: item.queued_at,
        called_at: item.called_at?,
        calls: item.calls,
    })
}

/// The services offered at `office`, by name (from the public catalogue).
fn services_at(office: OfficeId) -> Vec<(ServiceId, String)> {
    use_catalog()
        .services_at(office)
        .into_iter()
        .map(|service| (service.id, service.name))
        .collect()
}

/// The names of services, as the catalogue has them.
fn service_names(services: &[shared::selection::ServiceQuantity]) -> String {
    let catalog = use_catalog();
    services
        .iter()
        .map(|s| {
            catalog
                .service(s.service_id)
                .map_or_else(|| s.service_id.to_string(), |found| found.name)
        })
        .collect::<Vec<_>>()
        .join(", ")
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

/// Where this browser's desk name is remembered.
const COUNTER_KEY: &str = "terminvergabe.counter";

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
