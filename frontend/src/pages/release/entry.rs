//! `/release/:entry#token=`: an entry in a draw from its email link — its status in words,
//! when the draw happens and, once drawn, its place in the drawn order and the booking it got;
//! confirming it (by a click, never on loading: mail scanners open links).

use super::{BookInstead, EntryFacts};
use crate::api;
use crate::i18n::release::{drawn_when, status_text};
use crate::i18n::{Text, date_time, t, use_locale};
use crate::pages::linked::{
    ConfirmAddress, LinkedRecord, email_link_page, id_with_token, linked_view,
};
use crate::store::TokenFor;
use leptos::prelude::*;
use shared::release::{ReleaseEntry, ReleaseEntryId, ReleaseEntryStatus};

#[component]
pub fn ReleaseEntryPage() -> impl IntoView {
    email_link_page(
        Text::ReleaseEntryTitle,
        Text::WaitlistNoToken,
        id_with_token("entry", ReleaseEntryId, TokenFor::ReleaseEntry),
        |entry, token| view! { <EntryManager entry token /> }.into_any(),
    )
}

type Entry = LinkedRecord<ReleaseEntryId, ReleaseEntry>;

fn load(linked: Entry) {
    linked.load(|id, token| async move { api::release_entry(id, &token).await });
}

/// Confirms the address; too late, the entry is loaded again (it has lapsed).
fn confirm(linked: Entry) {
    linked.act(
        |id, token| async move { api::confirm_release_entry(id, &token).await.map(Some) },
        Text::ReleaseConfirmed,
        |_| {},
        move |error| {
            if error.code == "release_entry_too_late" {
                load(linked);
            }
            Some(error)
        },
    );
}

#[component]
fn EntryManager(entry: ReleaseEntryId, token: String) -> impl IntoView {
    let linked = LinkedRecord::new(entry, token, "release-status");
    load(linked);
    linked_view(
        linked,
        move || load(linked),
        move |entry| view! { <EntryView linked entry /> }.into_any(),
    )
}

#[component]
fn EntryView(linked: Entry, entry: ReleaseEntry) -> impl IntoView {
    let locale = use_locale();
    let ReleaseEntry {
        office_id,
        day,
        services,
        times,
        status,
        draws_at,
        draw_position,
        booking_reference,
        ..
    } = entry;
    let draws = move || date_time(locale.get(), draws_at);
    let situation = match status {
        ReleaseEntryStatus::PendingConfirmation => view! {
            <ConfirmAddress
                title=Text::ReleaseConfirmTitle
                ask=Text::ReleaseConfirmAsk
                deadline=Signal::derive(move || Some(draws()))
                button_id="release-confirm"
                label=Text::ReleaseConfirm
                busy=linked.busy
                on_confirm=Callback::new(move |()| confirm(linked))
            />
        }
        .into_any(),
        ReleaseEntryStatus::Entered => {
            view! { <p class="notice">{move || drawn_when(locale.get(), draws_at)}</p> }.into_any()
        }
        ReleaseEntryStatus::Booked => {
            view! { <p class="notice notice-success">{t(Text::ReleaseBookedNote)}</p> }.into_any()
        }
        ReleaseEntryStatus::NotDrawn => {
            view! { <BookInstead text=Text::ReleaseNotDrawnNote office=office_id /> }.into_any()
        }
        ReleaseEntryStatus::Lapsed => {
            view! { <BookInstead text=Text::ReleaseLapsedNote office=office_id /> }.into_any()
        }
    };
    view! {
        <p>
            {t(Text::Status)} ": "
            <span class="status-badge" id="release-entry-status">{t(status_text(status))}</span>
        </p>
        {situation}
        <EntryFacts office=office_id day services times=Signal::stored(times)>
            <dt>{t(Text::ReleaseDrawsAt)}</dt>
            <dd>{draws}</dd>
            {draw_position
                .map(|place| {
                    view! {
                        <dt>{t(Text::ReleasePlace)}</dt>
                        <dd id="release-place">{place}</dd>
                    }
                })}
            {booking_reference
                .map(|reference| {
                    view! {
                        <dt>{t(Text::Reference)}</dt>
                        <dd>
                            <span class="reference" id="release-reference">{reference}</span>
                        </dd>
                    }
                })}
        </EntryFacts>
    }
}
