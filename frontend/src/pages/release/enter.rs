//! `/release?office=&services=`: entering the draw of the day an office is releasing, for one
//! appointment with the services chosen in the booking at any time that day — the round in
//! plain words, what the entry is for, who enters (the same details as a booking). The answer
//! asks the citizen to confirm their email address before the draw.

use super::{BookInstead, EntryFacts};
use crate::api::{self, ApiError, ApiResult};
use crate::components::{CitizenForm, ErrorNotice, Loading, PageHeading};
use crate::i18n::release::round_explanation;
use crate::i18n::{Locale, Text, date_time, t, use_locale};
use crate::pages::linked::{
    ConfirmationSent, FormSending, LinkedForm, services_and_office_of_query,
};
use crate::store::use_booking_store;
use leptos::prelude::*;
use shared::ids::OfficeId;
use shared::release::{EnterRelease, ReleaseEntered, ReleasePhase, ReleaseRound};
use shared::selection::ServiceQuantity;

#[component]
pub fn ReleaseEnterPage() -> impl IntoView {
    let (services, office) = services_and_office_of_query();
    view! {
        <PageHeading>{t(Text::ReleaseTitle)}</PageHeading>
        {match office.filter(|_| !services.is_empty()) {
            Some(office) => view! { <EnterDraw office services /> }.into_any(),
            None => view! { <BookInstead text=Text::ReleaseChooseFirst /> }.into_any(),
        }}
    }
}

/// Everything the page holds; the citizen's details live in the booking store, so what was
/// typed for a booking is there already (and the other way round).
#[derive(Clone, Copy)]
struct EnterForm {
    office: OfficeId,
    services: StoredValue<Vec<ServiceQuantity>>,
    round: LocalResource<ApiResult<ReleaseRound>>,
    citizen: CitizenForm,
    sending: FormSending,
    entered: RwSignal<Option<ReleaseEntered>>,
    locale: RwSignal<Locale>,
}

impl EnterForm {
    fn new(office: OfficeId, services: Vec<ServiceQuantity>) -> Self {
        EnterForm {
            office,
            services: StoredValue::new(services),
            round: LocalResource::new(move || api::release_round(office)),
            citizen: CitizenForm::new(use_booking_store().citizen),
            sending: FormSending::new(),
            entered: RwSignal::new(None),
            locale: use_locale(),
        }
    }
}

/// Checks the details, then enters with a proof of work, for any time that day.
fn submit(form: EnterForm) {
    if form.sending.busy.get_untracked() {
        return;
    }
    if !form.citizen.validate_all() {
        return form.sending.show_errors();
    }
    let request = EnterRelease {
        office_id: form.office,
        services: form.services.get_value(),
        times: Vec::new(),
        citizen: form.citizen.input.citizen(),
        locale: form.locale.get_untracked(),
    };
    form.sending.send(
        async move { api::enter_release(&request).await },
        Text::ReleaseEnteredTitle,
        move |entered| form.entered.set(Some(entered)),
        move |error| refused(form, error),
    );
}

/// The server refused: the citizen's details are marked at their fields; a round that is no
/// longer (or not yet) open is loaded again, so the page says where it stands.
fn refused(form: EnterForm, error: ApiError) {
    if error.code == "validation_failed" {
        if form.citizen.mark_api_errors(&error) || error.errors.is_empty() {
            form.sending.general_error.set(Some(error));
        }
        return form.sending.show_errors();
    }
    if error.code == "release_not_open" {
        form.round.refetch();
    }
    form.sending.show_error(error);
}

#[component]
fn EnterDraw(office: OfficeId, services: Vec<ServiceQuantity>) -> impl IntoView {
    let form = EnterForm::new(office, services);
    move || match form.round.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) if error.status == 404 => {
            view! { <BookInstead text=Text::ReleaseNoDraw office /> }.into_any()
        }
        Some(Err(error)) => {
            view! { <ErrorNotice error retry=Callback::new(move |()| form.round.refetch()) /> }
                .into_any()
        }
        Some(Ok(round)) => view! { <Round form round /> }.into_any(),
    }
}

/// The round explained, what the entry is for, and the form while entries are taken.
#[component]
fn Round(form: EnterForm, round: ReleaseRound) -> impl IntoView {
    let locale = form.locale;
    let phase = round.phase;
    let day = round.day;
    view! {
        <p class="lead" id="release-how">{move || round_explanation(locale.get(), &round)}</p>
        <EntryFacts office=form.office day services=form.services.get_value() times=Vec::new() />
        {move || match (form.entered.get(), phase) {
            (Some(entered), _) => {
                let until = Signal::derive(move || date_time(locale.get(), entered.confirm_by));
                view! {
                    <ConfirmationSent
                        id="release-entered"
                        title=Text::ReleaseEnteredTitle
                        until
                        next=Text::ReleaseEnteredNext
                    />
                }
                    .into_any()
            }
            (None, ReleasePhase::Open) => view! { <EnterFormView form /> }.into_any(),
            (None, ReleasePhase::Upcoming) => ().into_any(),
            (None, _) => view! { <BookInstead office=form.office /> }.into_any(),
        }}
    }
}

#[component]
fn EnterFormView(form: EnterForm) -> impl IntoView {
    view! {
        <LinkedForm
            id="release-form"
            summary=Signal::derive(move || form.citizen.summary())
            sending=form.sending
            citizen=form.citizen
            button_id="release-enter"
            label=Text::ReleaseEnter
            busy_label=Text::ReleaseEntering
            on_submit=Callback::new(move |()| submit(form))
        >
            <p id="release-any-time">{t(Text::ReleaseAnyTime)}</p>
            <p class="hint">{t(Text::RequiredHint)}</p>
        </LinkedForm>
    }
}
