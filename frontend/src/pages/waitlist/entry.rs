//! `/waitlist/:entry#token=`: a waitlist entry from its email link — its status in words and
//! what it waits for; confirming it (by a click, never on loading: mail scanners open links)
//! and leaving the waitlist (after a question).

use super::{id_with_token, offer_time_range};
use crate::api::{self, ApiError};
use crate::app::Page;
use crate::browser::focus_element;
use crate::components::{
    ActionOutcome, Announcer, AppointmentSummary, BusyButton, ConfirmBox, ErrorNotice, Loading,
    PageHeading, use_announcer,
};
use crate::i18n::waitlist::{
    date_window, how_offers_work, kept_until, status_text, wished_times, wished_weekdays,
};
use crate::i18n::{Locale, Text, error_text, local_date_time, quantity_name, t, use_locale};
use crate::store::{TokenFor, use_catalog};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::selection::{ServiceQuantity, ServiceSelection};
use shared::waitlist::{WaitlistEntry, WaitlistEntryId, WaitlistOffer, WaitlistStatus};

#[component]
pub fn WaitlistEntryPage() -> impl IntoView {
    let opened = id_with_token("entry", WaitlistEntryId, TokenFor::WaitlistEntry);
    view! {
        <PageHeading>{t(Text::WaitlistEntryTitle)}</PageHeading>
        {move || match opened.get() {
            Some((entry, token)) => view! { <EntryManager entry token /> }.into_any(),
            None => view! { <p class="notice">{t(Text::WaitlistNoToken)}</p> }.into_any(),
        }}
    }
}

/// The entry, loaded with its token, and what can be done with it.
#[derive(Debug, Clone, Copy)]
struct EntryState {
    id: WaitlistEntryId,
    token: StoredValue<String>,
    entry: RwSignal<Option<Result<WaitlistEntry, ApiError>>>,
    busy: RwSignal<bool>,
    asking_to_leave: RwSignal<bool>,
    /// The last successful action, shown and announced.
    done: RwSignal<Option<Text>>,
    action_error: RwSignal<Option<ApiError>>,
    announcer: Announcer,
    locale: RwSignal<Locale>,
}

impl EntryState {
    fn say(self, text: Text) {
        self.announcer.say(text.get(self.locale.get_untracked()));
    }

    fn load(self) {
        spawn_local(async move {
            let result = api::waitlist_entry(self.id, &self.token.get_value()).await;
            self.entry.set(Some(result));
        });
    }

    /// Shows and announces what was done, focused.
    fn did(self, text: Text) {
        self.done.set(Some(text));
        self.say(text);
        request_animation_frame(|| focus_element("waitlist-status"));
    }

    fn failed(self, error: ApiError) {
        self.say(error_text(&error.code));
        self.action_error.set(Some(error));
    }

    fn confirm(self) {
        self.busy.set(true);
        self.action_error.set(None);
        spawn_local(async move {
            let result = api::confirm_waitlist_entry(self.id, &self.token.get_value()).await;
            self.busy.set(false);
            match result {
                Ok(entry) => {
                    self.entry.set(Some(Ok(entry)));
                    self.did(Text::WaitlistConfirmed);
                }
                Err(error) => {
                    if error.code == "waitlist_entry_expired" {
                        self.load();
                    }
                    self.failed(error);
                }
            }
        });
    }

    fn leave(self) {
        self.busy.set(true);
        self.action_error.set(None);
        spawn_local(async move {
            let result = api::leave_waitlist(self.id, &self.token.get_value()).await;
            self.busy.set(false);
            self.asking_to_leave.set(false);
            match result {
                Ok(()) => {
                    self.entry.update(|entry| {
                        if let Some(Ok(entry)) = entry {
                            entry.status = WaitlistStatus::Left;
                            entry.offer = None;
                        }
                    });
                    self.did(Text::WaitlistLeft);
                }
                Err(error) => self.failed(error),
            }
        });
    }
}

#[component]
fn EntryManager(entry: WaitlistEntryId, token: String) -> impl IntoView {
    let state = EntryState {
        id: entry,
        token: StoredValue::new(token),
        entry: RwSignal::new(None),
        busy: RwSignal::new(false),
        asking_to_leave: RwSignal::new(false),
        done: RwSignal::new(None),
        action_error: RwSignal::new(None),
        announcer: use_announcer(),
        locale: use_locale(),
    };
    state.load();
    view! {
        <ActionOutcome id="waitlist-status" done=state.done error=state.action_error />
        {move || match state.entry.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(error)) => {
                view! { <ErrorNotice error retry=Callback::new(move |()| state.load()) /> }.into_any()
            }
            Some(Ok(entry)) => view! { <EntryView state entry /> }.into_any(),
        }}
    }
}

#[component]
fn EntryView(state: EntryState, entry: WaitlistEntry) -> impl IntoView {
    let status = entry.status;
    let situation = match status {
        WaitlistStatus::PendingConfirmation => {
            view! { <ConfirmEntry state confirm_by=entry.confirm_by /> }.into_any()
        }
        WaitlistStatus::Waiting => view! { <HowOffersWork entry=entry.clone() /> }.into_any(),
        WaitlistStatus::Offered => view! { <Offered offer=entry.offer.clone() /> }.into_any(),
        WaitlistStatus::Booked => {
            view! { <p class="notice notice-success">{t(Text::WaitlistBookedNote)}</p> }.into_any()
        }
        WaitlistStatus::Left | WaitlistStatus::Expired => {
            view! { <Ended entry=entry.clone() /> }.into_any()
        }
    };
    view! {
        <p>
            {t(Text::Status)} ": "
            <span class="status-badge" id="waitlist-entry-status">{t(status_text(status))}</span>
        </p>
        {situation}
        <WishFacts entry />
        {status.is_open().then(|| view! { <LeaveWaitlist state /> })}
    }
}

/// Before anything is offered, the citizen confirms the address the email went to.
#[component]
fn ConfirmEntry(
    state: EntryState,
    confirm_by: Option<chrono::DateTime<chrono::Utc>>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section aria-labelledby="waitlist-confirm-title">
            <h2 id="waitlist-confirm-title">{t(Text::WaitlistConfirmTitle)}</h2>
            <p>{t(Text::WaitlistConfirmAsk)}</p>
            {confirm_by
                .map(|deadline| {
                    view! {
                        <p class="notice notice-warning">
                            {t(Text::ConfirmBy)} " "
                            <strong>{move || local_date_time(locale.get(), deadline)}</strong> "."
                        </p>
                    }
                })}
            <BusyButton
                id="waitlist-confirm"
                class="button large"
                label=Text::WaitlistConfirm
                busy_label=Text::WaitlistConfirming
                busy=state.busy
                on_click=Callback::new(move |()| state.confirm())
            />
        </section>
    }
}

/// While waiting: how an offer will come, with the offer time of the entry's offices.
#[component]
fn HowOffersWork(entry: WaitlistEntry) -> impl IntoView {
    let locale = use_locale();
    let catalog = use_catalog();
    let minutes = move || {
        let offices: Vec<_> = entry
            .offices
            .iter()
            .filter_map(|id| catalog.office(*id))
            .collect();
        offer_time_range(&offices)
    };
    view! { <p class="notice">{move || how_offers_work(locale.get(), minutes())}</p> }
}

/// An offer went out by email; its link (with the offer's own token) books it.
#[component]
fn Offered(offer: Option<WaitlistOffer>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="notice notice-warning">
            <p>
                <strong>{t(Text::WaitlistOfferedByEmail)}</strong>
            </p>
            {offer
                .map(|offer| {
                    let services = offer.services.iter().map(|s| (s.name.clone(), s.quantity)).collect();
                    let until = move || kept_until(locale.get(), offer.expires_at, *offer.start.offset());
                    view! {
                        <AppointmentSummary
                            office_id=offer.office_id
                            start=offer.start
                            end=offer.end
                            services
                        />
                        <p>{until}</p>
                    }
                })}
        </div>
    }
}

/// Left or expired: nothing more comes of it; joining again is one link away.
#[component]
fn Ended(entry: WaitlistEntry) -> impl IntoView {
    let again = Page::Waitlist {
        services: ServiceSelection(
            entry
                .services
                .iter()
                .map(|s| ServiceQuantity {
                    service_id: s.service_id,
                    quantity: s.quantity,
                })
                .collect(),
        ),
        office: None,
    }
    .path();
    view! {
        <p class="notice">{t(Text::WaitlistEndedNote)}</p>
        <p>
            <A href=again attr:class="button secondary">{t(Text::WaitlistJoinAgain)}</A>
        </p>
    }
}

/// What the entry waits for: services, offices, days, weekdays, times of day.
#[component]
fn WishFacts(entry: WaitlistEntry) -> impl IntoView {
    let locale = use_locale();
    let catalog = use_catalog();
    let services = entry
        .services
        .iter()
        .map(|s| quantity_name(s.quantity, &s.name))
        .collect::<Vec<_>>()
        .join(", ");
    let offices = entry.offices.clone();
    let office_names = move || {
        let names: Vec<String> = offices
            .iter()
            .filter_map(|id| catalog.office(*id))
            .map(|office| format!("{}, {}", office.name, office.address))
            .collect();
        if names.is_empty() {
            Text::WaitlistAnyOffice.get(locale.get()).to_string()
        } else {
            names.join("; ")
        }
    };
    let WaitlistEntry {
        earliest,
        latest,
        weekdays,
        times,
        ..
    } = entry;
    view! {
        <section aria-labelledby="waitlist-wish-title">
            <h2 id="waitlist-wish-title">{t(Text::WaitlistWish)}</h2>
            <dl class="facts">
                <dt>{t(Text::Services)}</dt>
                <dd>{services}</dd>
                <dt>{t(Text::WaitlistOffices)}</dt>
                <dd>{office_names}</dd>
                <dt>{t(Text::WaitlistWindow)}</dt>
                <dd>{move || date_window(locale.get(), earliest, latest)}</dd>
                <dt>{t(Text::WaitlistWeekdays)}</dt>
                <dd>{move || wished_weekdays(locale.get(), &weekdays)}</dd>
                <dt>{t(Text::WaitlistTimes)}</dt>
                <dd>{move || wished_times(locale.get(), times)}</dd>
            </dl>
        </section>
    }
}

/// "Warteliste verlassen", asked once more before it is done.
#[component]
fn LeaveWaitlist(state: EntryState) -> impl IntoView {
    view! {
        <div class="button-row">
            <button
                type="button"
                class="button secondary"
                id="waitlist-leave"
                aria-expanded=move || state.asking_to_leave.get().to_string()
                on:click=move |_| {
                    state.asking_to_leave.set(true);
                    request_animation_frame(|| focus_element("waitlist-leave-confirm"));
                }
            >
                {t(Text::WaitlistLeave)}
            </button>
        </div>
        {move || {
            state
                .asking_to_leave
                .get()
                .then(|| {
                    view! {
                        <ConfirmBox
                            id="waitlist-leave-confirm"
                            question=Text::WaitlistLeaveAsk
                            yes=Text::WaitlistYesLeave
                            no=Text::WaitlistStay
                            busy=state.busy
                            on_yes=Callback::new(move |()| state.leave())
                            on_no=Callback::new(move |()| state.asking_to_leave.set(false))
                        />
                    }
                })
        }}
    }
}
