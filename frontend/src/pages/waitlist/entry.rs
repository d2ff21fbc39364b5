//! `/waitlist/:entry#token=`: a waitlist entry from its email link — its status in words and
//! what it waits for; confirming it (by a click, never on loading: mail scanners open links)
//! and leaving the waitlist (after a question).

use super::offer_time_range;
use crate::api;
use crate::app::Page;
use crate::browser::focus_element;
use crate::components::{AppointmentSummary, ConfirmBox};
use crate::i18n::waitlist::{
    date_window, how_offers_work, kept_until, status_text, wished_times, wished_weekdays,
};
use crate::i18n::{Text, local_date_time, quantity_name, t, use_locale};
use crate::pages::linked::{
    ConfirmAddress, LinkedRecord, email_link_page, id_with_token, linked_view,
};
use crate::store::{TokenFor, use_catalog};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::selection::{ServiceQuantity, ServiceSelection};
use shared::waitlist::{WaitlistEntry, WaitlistEntryId, WaitlistOffer, WaitlistStatus};

#[component]
pub fn WaitlistEntryPage() -> impl IntoView {
    email_link_page(
        Text::WaitlistEntryTitle,
        Text::WaitlistNoToken,
        id_with_token("entry", WaitlistEntryId, TokenFor::WaitlistEntry),
        |entry, token| view! { <EntryManager entry token /> }.into_any(),
    )
}

/// The entry, loaded with its token, and what can be done with it.
#[derive(Debug, Clone, Copy)]
struct EntryState {
    linked: LinkedRecord<WaitlistEntryId, WaitlistEntry>,
    asking_to_leave: RwSignal<bool>,
}

impl EntryState {
    fn load(self) {
        self.linked
            .load(|id, token| async move { api::waitlist_entry(id, &token).await });
    }

    fn confirm(self) {
        self.linked.act(
            |id, token| async move { api::confirm_waitlist_entry(id, &token).await.map(Some) },
            Text::WaitlistConfirmed,
            |_| {},
            move |error| {
                if error.code == "waitlist_entry_expired" {
                    self.load();
                }
                Some(error)
            },
        );
    }

    fn leave(self) {
        let asking = self.asking_to_leave;
        self.linked.act(
            |id, token| async move { api::leave_waitlist(id, &token).await.map(|()| None) },
            Text::WaitlistLeft,
            move |entry| {
                asking.set(false);
                entry.status = WaitlistStatus::Left;
                entry.offer = None;
            },
            move |error| {
                asking.set(false);
                Some(error)
            },
        );
    }
}

#[component]
fn EntryManager(entry: WaitlistEntryId, token: String) -> impl IntoView {
    let state = EntryState {
        linked: LinkedRecord::new(entry, token, "waitlist-status"),
        asking_to_leave: RwSignal::new(false),
    };
    state.load();
    linked_view(
        state.linked,
        move || state.load(),
        move |entry| view! { <EntryView state entry /> }.into_any(),
    )
}

#[component]
fn EntryView(state: EntryState, entry: WaitlistEntry) -> impl IntoView {
    let status = entry.status;
    let situation = match status {
        WaitlistStatus::PendingConfirmation => {
            let confirm_by = entry.confirm_by;
            let locale = use_locale();
            let deadline = Signal::derive(move || {
                confirm_by.map(|deadline| local_date_time(locale.get(), deadline))
            });
            view! {
                <ConfirmAddress
                    title=Text::WaitlistConfirmTitle
                    ask=Text::WaitlistConfirmAsk
                    deadline
                    button_id="waitlist-confirm"
                    label=Text::WaitlistConfirm
                    busy=state.linked.busy
                    on_confirm=Callback::new(move |()| state.confirm())
                />
            }
            .into_any()
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
        earlier_than,
        ..
    } = entry;
    let earlier_than = earlier_than.map(|start| {
        view! {
            <dt>{t(Text::WaitlistEarlierThan)}</dt>
            <dd id="waitlist-earlier-than">{move || shared::format::date_time(locale.get(), start)}</dd>
        }
    });
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
                {earlier_than}
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
                            busy=state.linked.busy
                            on_yes=Callback::new(move |()| state.leave())
                            on_no=Callback::new(move |()| state.asking_to_leave.set(false))
                        />
                    }
                })
        }}
    }
}
