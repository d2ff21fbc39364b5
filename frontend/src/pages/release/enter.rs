//! `/release?office=&services=`: entering the draw of the day an office is releasing, for one
//! appointment with the services chosen in the booking, at up to `max_times` chosen start
//! times or any time that day — the round in plain words, what the entry is for, who enters
//! (the same details as a booking). The answer asks the citizen to confirm their email
//! address before the draw.

use super::{BookInstead, EntryFacts};
use crate::api::{self, ApiError, ApiResult};
use crate::components::{CitizenForm, ErrorNotice, Loading, PageHeading};
use crate::i18n::release::round_explanation;
use crate::i18n::{Locale, Text, date_time, t, use_locale};
use crate::pages::linked::{
    ConfirmationSent, FormSending, LinkedForm, services_and_office_of_query,
};
use crate::store::use_booking_store;
use chrono::{DateTime, FixedOffset};
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
    /// The start times ticked (none: any time).
    times: RwSignal<Vec<DateTime<FixedOffset>>>,
    locale: RwSignal<Locale>,
}

impl EnterForm {
    fn new(office: OfficeId, services: Vec<ServiceQuantity>) -> Self {
        let services_for_round = services.clone();
        EnterForm {
            office,
            services: StoredValue::new(services),
            round: LocalResource::new(move || {
                let services = services_for_round.clone();
                async move { api::release_round_for(office, &services).await }
            }),
            citizen: CitizenForm::new(use_booking_store().citizen),
            sending: FormSending::new(),
            entered: RwSignal::new(None),
            times: RwSignal::new(Vec::new()),
            locale: use_locale(),
        }
    }
}

impl EnterForm {
    /// The ticked times, earliest (best) first.
    fn chosen_times(self) -> Signal<Vec<DateTime<FixedOffset>>> {
        Signal::derive(move || {
            let mut times = self.times.get();
            times.sort();
            times
        })
    }
}

/// Checks the details, then enters with a proof of work, at the ticked times (none: any).
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
        times: form.chosen_times().get_untracked(),
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
    let starts = round.starts.clone();
    let max_times = usize::try_from(round.max_times).unwrap_or(usize::MAX);
    view! {
        <p class="lead" id="release-how">{move || round_explanation(locale.get(), &round)}</p>
        <EntryFacts office=form.office day services=form.services.get_value() times=form.chosen_times() />
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
            (None, ReleasePhase::Open) => {
                view! { <EnterFormView form starts=starts.clone() max_times /> }.into_any()
            }
            (None, ReleasePhase::Upcoming) => ().into_any(),
            (None, _) => view! { <BookInstead office=form.office /> }.into_any(),
        }}
    }
}

#[component]
fn EnterFormView(
    form: EnterForm,
    starts: Vec<DateTime<FixedOffset>>,
    max_times: usize,
) -> impl IntoView {
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
            <fieldset class="field" aria-describedby="release-times-hint">
                <legend>{move || Text::ReleaseChooseTimes.get(form.locale.get()).replace("{n}", &max_times.to_string())}</legend>
                <p class="hint" id="release-times-hint">{t(Text::ReleaseChooseTimesHint)}</p>
                <div class="time-choices">
                    {starts
                        .into_iter()
                        .map(|start| view! { <TimeChoice form start max_times /> })
                        .collect_view()}
                </div>
            </fieldset>
            <p id="release-any-time">{t(Text::ReleaseAnyTime)}</p>
            <p class="hint">{t(Text::RequiredHint)}</p>
        </LinkedForm>
    }
}

/// One start time to tick; once `max_times` are ticked, the others wait.
#[component]
fn TimeChoice(form: EnterForm, start: DateTime<FixedOffset>, max_times: usize) -> impl IntoView {
    let chosen = move || form.times.with(|times| times.contains(&start));
    view! {
        <label class="time-choice">
            <input
                type="checkbox"
                id=format!("release-time-{}", start.format("%H%M"))
                prop:checked=chosen
                disabled=move || !chosen() && form.times.with(|times| times.len() >= max_times)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    form.times.update(|times| {
                        times.retain(|time| *time != start);
                        if on {
                            times.push(start);
                        }
                    });
                }
            />
            <span>{shared::format::clock(start.time())}</span>
        </label>
    }
}
