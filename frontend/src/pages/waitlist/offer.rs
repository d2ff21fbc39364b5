//! `/waitlist/offers/:offer#token=`: an appointment offered from the waitlist, from its
//! email — where, when, what to bring and until when it is kept; one click books it (the
//! booking's confirmation as in the booking journey), another declines it. Opened again, it
//! says what became of it.

use crate::api::{self, ApiError};
use crate::browser::focus_element;
use crate::components::{
    Announcer, AppointmentSummary, BookingConfirmation, BusyButton, ConfirmBox, DocumentsChecklist,
    ErrorNotice, HoldCountdown, Loading, StepHeading, documents_of, use_announcer,
};
use crate::i18n::waitlist::kept_until;
use crate::i18n::{Locale, Text, error_text, t, use_locale};
use crate::pages::linked::{email_link_page, id_with_token};
use crate::store::{LinkTokens, TokenFor, use_link_tokens};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::bookings::{Booking, BookingStatus};
use shared::waitlist::{OfferStatus, WaitlistOffer, WaitlistOfferId};

#[component]
pub fn WaitlistOfferPage() -> impl IntoView {
    email_link_page(
        Text::OfferTitle,
        Text::OfferNoToken,
        id_with_token("offer", WaitlistOfferId, TokenFor::WaitlistOffer),
        |offer, token| view! { <OfferManager offer token /> }.into_any(),
    )
}

/// The offer, loaded with its token, and the answers to it.
#[derive(Debug, Clone, Copy)]
struct OfferState {
    id: WaitlistOfferId,
    token: StoredValue<String>,
    offer: RwSignal<Option<Result<WaitlistOffer, ApiError>>>,
    /// The booking it became, once accepted here.
    booking: RwSignal<Option<Booking>>,
    busy: RwSignal<bool>,
    asking_to_decline: RwSignal<bool>,
    action_error: RwSignal<Option<ApiError>>,
    tokens: LinkTokens,
    announcer: Announcer,
    locale: RwSignal<Locale>,
}

impl OfferState {
    fn load(self) {
        spawn_local(async move {
            let result = api::waitlist_offer(self.id, &self.token.get_value()).await;
            self.offer.set(Some(result));
        });
    }

    fn say(self, text: Text) {
        self.announcer.say(text.get(self.locale.get_untracked()));
    }

    /// What the offer became, as the server told in a refusal.
    fn became(self, status: OfferStatus) {
        self.offer.update(|offer| {
            if let Some(Ok(offer)) = offer {
                offer.status = status;
            }
        });
        request_animation_frame(|| focus_element("offer-status"));
    }

    fn accept(self) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.action_error.set(None);
        spawn_local(async move {
            let result = api::accept_offer(self.id, &self.token.get_value()).await;
            self.busy.set(false);
            match result {
                Ok(booking) => {
                    if let Some(token) = booking.manage_token.clone() {
                        self.tokens
                            .insert(TokenFor::Booking(booking.reference.clone()), token);
                    }
                    self.say(Text::DoneTitle);
                    self.booking.set(Some(booking));
                }
                Err(error) => {
                    self.say(error_text(&error.code));
                    match error.code.as_str() {
                        "offer_lapsed" => self.became(OfferStatus::Lapsed),
                        "offer_declined" => self.became(OfferStatus::Declined),
                        _ => self.action_error.set(Some(error)),
                    }
                }
            }
        });
    }

    fn decline(self) {
        self.busy.set(true);
        self.action_error.set(None);
        spawn_local(async move {
            let result = api::decline_offer(self.id, &self.token.get_value()).await;
            self.busy.set(false);
            self.asking_to_decline.set(false);
            match result {
                Ok(offer) => {
                    self.offer.set(Some(Ok(offer)));
                    self.say(Text::OfferDeclined);
                    request_animation_frame(|| focus_element("offer-status"));
                }
                Err(error) => {
                    self.say(error_text(&error.code));
                    match error.code.as_str() {
                        "offer_lapsed" => self.became(OfferStatus::Lapsed),
                        _ => self.action_error.set(Some(error)),
                    }
                }
            }
        });
    }
}

#[component]
fn OfferManager(offer: WaitlistOfferId, token: String) -> impl IntoView {
    let state = OfferState {
        id: offer,
        token: StoredValue::new(token),
        offer: RwSignal::new(None),
        booking: RwSignal::new(None),
        busy: RwSignal::new(false),
        asking_to_decline: RwSignal::new(false),
        action_error: RwSignal::new(None),
        tokens: use_link_tokens(),
        announcer: use_announcer(),
        locale: use_locale(),
    };
    state.load();
    view! {
        {move || state.action_error.get().map(|error| view! { <ErrorNotice error /> })}
        {move || {
            if let Some(booking) = state.booking.get() {
                return view! { <Booked booking /> }.into_any();
            }
            match state.offer.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => {
                    view! { <ErrorNotice error retry=Callback::new(move |()| state.load()) /> }
                        .into_any()
                }
                Some(Ok(offer)) => view! { <OfferView state offer /> }.into_any(),
            }
        }}
    }
}

/// Accepted here: the booking as the booking journey confirms it.
#[component]
fn Booked(booking: Booking) -> impl IntoView {
    let pending = booking.status == BookingStatus::PendingActivation;
    view! {
        <section id="offer-booked">
            <StepHeading>
                {t(if pending { Text::DonePendingTitle } else { Text::DoneTitle })}
            </StepHeading>
            <BookingConfirmation booking />
        </section>
    }
}

#[component]
fn OfferView(state: OfferState, offer: WaitlistOffer) -> impl IntoView {
    let summary = view! {
        <AppointmentSummary
            office_id=offer.office_id
            start=offer.start
            end=offer.end
            services=offer.services.iter().map(|s| (s.name.clone(), s.quantity)).collect()
        />
    };
    let outcome = |text: Text, class: &'static str| {
        view! {
            <p id="offer-status" class=format!("notice {class}") tabindex="-1">
                {t(text)}
            </p>
        }
        .into_any()
    };
    let status = match offer.status {
        OfferStatus::Open => ().into_any(),
        OfferStatus::Accepted => view! {
            <p id="offer-status" class="notice notice-success" tabindex="-1">
                {t(Text::OfferAccepted)}
                {offer
                    .booking_reference
                    .clone()
                    .map(|reference| {
                        view! {
                            " " {t(Text::Reference)} ": "
                            <span class="reference">{reference}</span>
                        }
                    })}
            </p>
        }
        .into_any(),
        OfferStatus::Declined => outcome(Text::OfferDeclined, "notice-warning"),
        OfferStatus::Lapsed => outcome(Text::ErrOfferLapsed, "notice-warning"),
    };
    let open = offer.status == OfferStatus::Open;
    view! {
        {status}
        {open.then(|| view! { <p class="lead">{t(Text::OfferIntro)}</p> })}
        <div class="appointment">{summary}</div>
        {open.then(|| view! { <OpenOffer state offer /> })}
    }
}

/// Kept for the citizen: until when (with a countdown), book or decline, what to bring.
#[component]
fn OpenOffer(state: OfferState, offer: WaitlistOffer) -> impl IntoView {
    let locale = use_locale();
    let ran_out = RwSignal::new(false);
    let (expires_at, office_time) = (offer.expires_at, *offer.start.offset());
    view! {
        <p id="offer-kept-until">
            <strong>{move || kept_until(locale.get(), expires_at, office_time)}</strong>
        </p>
        <HoldCountdown expires_at on_expired=Callback::new(move |()| ran_out.set(true)) />
        {move || {
            ran_out
                .get()
                .then(|| view! { <p class="notice notice-warning" role="alert">{t(Text::OfferRanOut)}</p> })
        }}
        <div class="button-row">
            <BusyButton
                id="offer-accept"
                class="button large"
                label=Text::OfferAccept
                busy_label=Text::Submitting
                busy=state.busy
                on_click=Callback::new(move |()| state.accept())
            />
            <button
                type="button"
                class="button secondary"
                id="offer-decline"
                aria-expanded=move || state.asking_to_decline.get().to_string()
                on:click=move |_| {
                    state.asking_to_decline.set(true);
                    request_animation_frame(|| focus_element("offer-decline-confirm"));
                }
            >
                {t(Text::OfferDecline)}
            </button>
        </div>
        {move || {
            state
                .asking_to_decline
                .get()
                .then(|| {
                    view! {
                        <ConfirmBox
                            id="offer-decline-confirm"
                            question=Text::OfferDeclineAsk
                            yes=Text::OfferYesDecline
                            no=Text::OfferBackToOffer
                            busy=state.busy
                            on_yes=Callback::new(move |()| state.decline())
                            on_no=Callback::new(move |()| state.asking_to_decline.set(false))
                        />
                    }
                })
        }}
        <DocumentsChecklist services=documents_of(&offer.services) />
    }
}
