//! `/waitlist?services=&office=`: joining the waitlist — what (services), where (offices that
//! keep a waitlist for them), when (dates, weekdays, times of day) and who (the same details
//! form as a booking). The answer asks the citizen to confirm their email address.

use super::offer_time_range;
use super::wish::{self, Wish, WishErrors, WishField, join_request};
use crate::api::{self, ApiError};
use crate::browser::today;
use crate::components::{
    CitizenField, CitizenForm, ErrorNotice, FieldError, Loading, PageHeading,
    ServiceQuantityChoice, WeekdayChoices, error_id,
};
use crate::i18n::waitlist::how_offers_work;
use crate::i18n::{Locale, Text, local_date_time, t, use_locale};
use crate::pages::linked::{
    ConfirmationSent, FormSending, LinkedForm, services_and_office_of_query,
};
use crate::store::{Catalog, selection_of, use_booking_store, use_catalog};
use chrono::Weekday;
use leptos::prelude::*;
use shared::ids::{OfficeId, ServiceId};
use shared::offices::Office;
use shared::selection::ServiceQuantity;
use shared::waitlist::WaitlistJoined;
use std::collections::BTreeMap;

/// Everything the form holds; the citizen's details live in the booking store, so what was
/// typed for a booking is there already (and the other way round).
#[derive(Debug, Clone, Copy)]
struct JoinForm {
    quantities: RwSignal<BTreeMap<ServiceId, u32>>,
    offices: RwSignal<Vec<OfficeId>>,
    earliest: RwSignal<String>,
    latest: RwSignal<String>,
    weekdays: RwSignal<Vec<Weekday>>,
    times_from: RwSignal<String>,
    times_until: RwSignal<String>,
    wish_errors: RwSignal<WishErrors>,
    /// Once submitted, the wish is checked again as it changes.
    submitted: RwSignal<bool>,
    citizen: CitizenForm,
    sending: FormSending,
    joined: RwSignal<Option<WaitlistJoined>>,
    catalog: Catalog,
    locale: RwSignal<Locale>,
}

impl JoinForm {
    fn new(services: Vec<ServiceQuantity>, office: Option<OfficeId>) -> Self {
        let (earliest, latest) = wish::default_window(today());
        JoinForm {
            quantities: RwSignal::new(
                services
                    .into_iter()
                    .map(|item| (item.service_id, item.quantity))
                    .collect(),
            ),
            offices: RwSignal::new(office.into_iter().collect()),
            earliest: RwSignal::new(earliest.to_string()),
            latest: RwSignal::new(latest.to_string()),
            weekdays: RwSignal::new(Vec::new()),
            times_from: RwSignal::new(String::new()),
            times_until: RwSignal::new(String::new()),
            wish_errors: RwSignal::new(WishErrors::new()),
            submitted: RwSignal::new(false),
            citizen: CitizenForm::new(use_booking_store().citizen),
            sending: FormSending::new(),
            joined: RwSignal::new(None),
            catalog: use_catalog(),
            locale: use_locale(),
        }
    }

    /// The chosen services (reactive).
    fn selection(self) -> Vec<ServiceQuantity> {
        self.quantities.with(selection_of)
    }

    /// The wish as typed (reactive).
    fn wish(self) -> Wish {
        Wish {
            services: self.selection(),
            offices: self.offices.get(),
            earliest: self.earliest.get(),
            latest: self.latest.get(),
            weekdays: self.weekdays.get(),
            times_from: self.times_from.get(),
            times_until: self.times_until.get(),
        }
    }

    /// The offices that keep a waitlist for the chosen services (reactive).
    fn candidates(self) -> Vec<Office> {
        self.catalog.waitlist_offices(&self.selection())
    }

    /// How long offers are kept, shortest and longest, at the ticked offices or else at
    /// every candidate (reactive); `None` before services are chosen.
    fn offer_minutes(self) -> Option<(u32, u32)> {
        let chosen = self.offices.get();
        offer_time_range(
            self.candidates()
                .iter()
                .filter(|office| chosen.is_empty() || chosen.contains(&office.id)),
        )
    }

    /// The request to join, or what is wrong with the wish (reactive).
    fn request(self) -> Result<shared::waitlist::JoinWaitlist, WishErrors> {
        let candidates: Vec<OfficeId> = self.candidates().iter().map(|o| o.id).collect();
        join_request(
            &self.wish(),
            &candidates,
            today(),
            self.citizen.input.citizen(),
            self.locale.get(),
        )
    }

    /// What is wrong with `field` of the wish now (reactive).
    fn error(self, field: WishField) -> Signal<Option<Text>> {
        Signal::derive(move || self.wish_errors.with(|errors| errors.get(&field).copied()))
    }

    /// The ids that describe `field` (for `aria-describedby`): its `hint`, and its error
    /// while it has one; nothing when neither is there.
    fn describedby(
        self,
        field: WishField,
        hint: Option<&'static str>,
    ) -> impl Fn() -> Option<String> + Copy {
        move || {
            let mut ids: Vec<String> = hint.map(str::to_string).into_iter().collect();
            if self.wish_errors.with(|errors| errors.contains_key(&field)) {
                ids.push(error_id(field.id()));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }

    /// After a submit: every error of the wish, then those of the citizen's details.
    fn summary(self) -> Vec<(&'static str, Text)> {
        let mut entries: Vec<(&'static str, Text)> = if self.submitted.get() {
            self.wish_errors.with(|errors| {
                errors
                    .iter()
                    .map(|(field, text)| (field.id(), *text))
                    .collect()
            })
        } else {
            Vec::new()
        };
        entries.extend(self.citizen.summary());
        entries
    }

    /// Once the catalogue is there: forgets services nobody waits for and offices that do
    /// not keep a waitlist for the chosen services; after a submit, checks again on change.
    fn keep_consistent(self) {
        Effect::new(move |_| {
            if !self.catalog.is_loaded() {
                return;
            }
            let waitable: Vec<ServiceId> = self
                .catalog
                .waitlist_services()
                .iter()
                .map(|service| service.id)
                .collect();
            if self
                .quantities
                .with_untracked(|quantities| quantities.keys().any(|id| !waitable.contains(id)))
            {
                self.quantities
                    .update(|quantities| quantities.retain(|id, _| waitable.contains(id)));
            }
        });
        Effect::new(move |_| {
            if !self.catalog.is_loaded() {
                return;
            }
            let candidates: Vec<OfficeId> = self.candidates().iter().map(|o| o.id).collect();
            if self
                .offices
                .with_untracked(|chosen| chosen.iter().any(|id| !candidates.contains(id)))
            {
                self.offices
                    .update(|chosen| chosen.retain(|id| candidates.contains(id)));
            }
        });
        Effect::new(move |_| {
            let checked = self.request().err().unwrap_or_default();
            if self.submitted.get() {
                self.wish_errors.set(checked);
            }
        });
    }
}

/// Checks everything, then joins with a proof of work.
fn submit(form: JoinForm) {
    if form.sending.busy.get_untracked() {
        return;
    }
    form.submitted.set(true);
    let citizen_ok = form.citizen.validate_all();
    let request = untrack(|| form.request());
    form.wish_errors
        .set(request.as_ref().err().cloned().unwrap_or_default());
    let request = match request {
        Ok(request) if citizen_ok => request,
        _ => return form.sending.show_errors(),
    };
    form.sending.send(
        async move { api::join_waitlist(&request).await },
        Text::WaitlistJoinedTitle,
        move |joined| form.joined.set(Some(joined)),
        move |error| refused(form, error),
    );
}

/// The server refused: invalid parts are marked at their fields, the codes of the waitlist in
/// words where they belong, anything else is shown as it is.
fn refused(form: JoinForm, error: ApiError) {
    match error.code.as_str() {
        "validation_failed" => {
            let (wish_part, citizen_part): (Vec<_>, Vec<_>) = error
                .errors
                .iter()
                .cloned()
                .partition(|e| WishField::from_api(&e.field).is_some());
            form.wish_errors.update(|errors| {
                for field_error in &wish_part {
                    if let Some(field) = WishField::from_api(&field_error.field) {
                        errors.insert(field, field.refused_text());
                    }
                }
            });
            let unmapped = form.citizen.mark_api_errors(&ApiError {
                errors: citizen_part,
                ..error.clone()
            });
            if unmapped || error.errors.is_empty() {
                form.sending.general_error.set(Some(error));
            }
            form.sending.show_errors();
        }
        "waitlist_limit_reached" => {
            form.citizen
                .refuse(CitizenField::Email, Text::ErrWaitlistLimit);
            form.sending.show_errors();
        }
        "waitlist_closed" => {
            let field = if form.offices.with_untracked(Vec::is_empty) {
                WishField::Services
            } else {
                WishField::Offices
            };
            form.wish_errors.update(|errors| {
                errors.insert(field, Text::ErrWaitlistClosed);
            });
            form.sending.show_errors();
        }
        _ => form.sending.show_error(error),
    }
}

#[component]
pub fn WaitlistJoinPage() -> impl IntoView {
    let (services, office) = services_and_office_of_query();
    let form = JoinForm::new(services, office);
    form.keep_consistent();
    let locale = form.locale;
    view! {
        <PageHeading>{t(Text::WaitlistTitle)}</PageHeading>
        <p class="lead" id="waitlist-how">
            {move || how_offers_work(locale.get(), form.offer_minutes())}
        </p>
        {move || match form.joined.get() {
            Some(joined) => {
                let until = Signal::derive(move || local_date_time(locale.get(), joined.confirm_by));
                view! {
                    <ConfirmationSent
                        id="waitlist-joined"
                        title=Text::WaitlistJoinedTitle
                        until
                        next=Text::WaitlistJoinedNext
                    />
                }
                    .into_any()
            }
            None => view! { <JoinFormView form /> }.into_any(),
        }}
    }
}

#[component]
fn JoinFormView(form: JoinForm) -> impl IntoView {
    view! {
        <LinkedForm
            id="waitlist-form"
            summary=Signal::derive(move || form.summary())
            sending=form.sending
            citizen=form.citizen
            button_id="waitlist-join"
            label=Text::WaitlistJoin
            busy_label=Text::WaitlistJoining
            on_submit=Callback::new(move |()| submit(form))
        >
            <p class="hint">{t(Text::RequiredHint)}</p>
            <h2>{t(Text::WaitlistWish)}</h2>
            <ServicesPart form />
            <OfficesPart form />
            <WindowPart form />
            <WeekdaysPart form />
            <TimesPart form />
        </LinkedForm>
    }
}

/// A part of the wish with several inputs: legend, hint, its error, then `children`. With
/// `focusable`, the group itself has the part's id, for the error summary to move the focus to.
#[component]
fn WishFieldset(
    form: JoinForm,
    field: WishField,
    legend: Text,
    hint: Text,
    hint_id: &'static str,
    #[prop(optional)] focusable: bool,
    #[prop(optional)] required: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <fieldset
            id=focusable.then(|| field.id())
            tabindex=focusable.then_some("-1")
            class="field"
            class:invalid=move || form.error(field).get().is_some()
            aria-describedby=form.describedby(field, Some(hint_id))
        >
            <legend>
                {t(legend)}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </legend>
            <p id=hint_id class="hint">{t(hint)}</p>
            <FieldError field_id=field.id() error=form.error(field) />
            {children()}
        </fieldset>
    }
}

/// The services, each with a stepper as in the booking.
#[component]
fn ServicesPart(form: JoinForm) -> impl IntoView {
    let field = WishField::Services;
    let catalog = form.catalog;
    view! {
        <WishFieldset
            form
            field
            legend=Text::Services
            hint=Text::WaitlistServicesHint
            hint_id="waitlist-services-hint"
            focusable=true
            required=true
        >
            {move || match (catalog.offices.get(), catalog.services.get()) {
                (Some(Err(error)), _) | (_, Some(Err(error))) => view! { <ErrorNotice error /> }.into_any(),
                (Some(Ok(_)), Some(Ok(_))) => {
                    let services = catalog.waitlist_services();
                    if services.is_empty() {
                        view! { <p class="notice">{t(Text::WaitlistNoServices)}</p> }.into_any()
                    } else {
                        services
                            .into_iter()
                            .map(|service| view! { <ServiceQuantityChoice service quantities=form.quantities /> })
                            .collect_view()
                            .into_any()
                    }
                }
                _ => view! { <Loading /> }.into_any(),
            }}
        </WishFieldset>
    }
}

/// The offices that keep a waitlist for the chosen services, to tick (none: any of them).
#[component]
fn OfficesPart(form: JoinForm) -> impl IntoView {
    let field = WishField::Offices;
    view! {
        <WishFieldset
            form
            field
            legend=Text::WaitlistOffices
            hint=Text::WaitlistOfficesHint
            hint_id="waitlist-offices-hint"
            focusable=true
        >
            {move || {
                let candidates = form.candidates();
                if form.quantities.with(BTreeMap::is_empty) {
                    view! { <p class="hint">{t(Text::WaitlistChooseServicesFirst)}</p> }.into_any()
                } else if candidates.is_empty() && form.catalog.is_loaded() {
                    view! { <p class="notice">{t(Text::WaitlistNoOffice)}</p> }.into_any()
                } else {
                    candidates
                        .into_iter()
                        .map(|office| view! { <OfficeChoice form office /> })
                        .collect_view()
                        .into_any()
                }
            }}
        </WishFieldset>
    }
}

#[component]
fn OfficeChoice(form: JoinForm, office: Office) -> impl IntoView {
    let id = office.id;
    view! {
        <label class="option-card">
            <input
                type="checkbox"
                id=format!("waitlist-office-{id}")
                prop:checked=move || form.offices.with(|chosen| chosen.contains(&id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    form.offices.update(|chosen| {
                        chosen.retain(|office| *office != id);
                        if on {
                            chosen.push(id);
                        }
                    });
                }
            />
            <span>
                <strong>{office.name}</strong>
                <br />
                {office.address}
            </span>
        </label>
    }
}

/// One date or time input of the wish, labelled, with its error beside it.
#[component]
fn WishInput(
    form: JoinForm,
    field: WishField,
    /// The input's id (a part may have two inputs).
    id: &'static str,
    label: Text,
    /// `date` or `time`.
    kind: &'static str,
    value: RwSignal<String>,
    #[prop(optional, into)] min: Option<Signal<String>>,
    #[prop(optional)] required: bool,
    /// The id of the hint above the inputs, if any.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let error = form.error(field);
    let shows_error = id == field.id();
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id>
                {t(label)}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {shows_error.then(|| view! { <FieldError field_id=id error /> })}
            <input
                id=id
                type=kind
                required=required
                aria-required=required.to_string()
                min=move || min.map(|min| min.get())
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=form.describedby(field, hint)
                bind:value=value
            />
        </div>
    }
}

/// The first and last day that suit.
#[component]
fn WindowPart(form: JoinForm) -> impl IntoView {
    let first_day = today().to_string();
    let earliest = form.earliest;
    view! {
        <fieldset>
            <legend>{t(Text::WaitlistWindow)}</legend>
            <div class="field-row">
                <WishInput
                    form
                    field=WishField::Earliest
                    id="waitlist-earliest"
                    label=Text::WaitlistEarliest
                    kind="date"
                    value=form.earliest
                    min=Signal::derive(move || first_day.clone())
                    required=true
                />
                <WishInput
                    form
                    field=WishField::Latest
                    id="waitlist-latest"
                    label=Text::WaitlistLatest
                    kind="date"
                    value=form.latest
                    min=Signal::derive(move || earliest.get())
                    required=true
                />
            </div>
        </fieldset>
    }
}

/// The weekdays that suit (none: any).
#[component]
fn WeekdaysPart(form: JoinForm) -> impl IntoView {
    view! {
        <WishFieldset
            form
            field=WishField::Weekdays
            legend=Text::WaitlistWeekdays
            hint=Text::WaitlistWeekdaysHint
            hint_id="waitlist-weekdays-hint"
        >
            <WeekdayChoices id_prefix="waitlist-weekday" days=form.weekdays />
        </WishFieldset>
    }
}

/// The times of day an appointment may start in (none: any).
#[component]
fn TimesPart(form: JoinForm) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{t(Text::WaitlistTimes)}</legend>
            <p id="waitlist-times-hint" class="hint">{t(Text::WaitlistTimesHint)}</p>
            <div class="field-row">
                <WishInput
                    form
                    field=WishField::Times
                    id="waitlist-times-from"
                    label=Text::WaitlistTimesFrom
                    kind="time"
                    value=form.times_from
                    hint="waitlist-times-hint"
                />
                <WishInput
                    form
                    field=WishField::Times
                    id="waitlist-times-until"
                    label=Text::WaitlistTimesUntil
                    kind="time"
                    value=form.times_until
                    hint="waitlist-times-hint"
                />
            </div>
        </fieldset>
    }
}
