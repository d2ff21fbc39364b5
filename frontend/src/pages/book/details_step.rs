//! Step 4 of the booking journey: who is coming (name, email twice, phone, consent), checked
//! with the server's rules as the citizen types; then every held appointment is booked at once.
//! A time taken meanwhile is offered again in a conflict panel.

use super::appointments_step::hold_expired;
use super::service_names;
use crate::api::{self, ApiError};
use crate::components::{
    Announcer, AppointmentSummary, ErrorNotice, FreeTimeList, HoldCountdown, StepHeading,
    use_announcer,
};
use crate::i18n::{Locale, Text, error_text, field_error_text, refusal_text, t, use_locale};
use crate::store::{
    BookingStore, HeldAppointment, ManageTokens, Step, use_booking_store, use_catalog,
    use_manage_tokens,
};
use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::availability::FreeTime;
use shared::bookings::{AppointmentRequest, Booking, Citizen, CreateBooking, CreateHold};
use shared::citizen::{CitizenName, EmailAddress, PhoneNumber, Refusal};
use std::collections::{BTreeMap, BTreeSet};
use wasm_bindgen::JsCast;

/// The form's fields, in order (also the order of the error summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Name,
    Email,
    EmailRepeat,
    Phone,
    Consent,
}

impl Field {
    const ALL: [Field; 5] = [
        Field::Name,
        Field::Email,
        Field::EmailRepeat,
        Field::Phone,
        Field::Consent,
    ];

    fn id(self) -> &'static str {
        match self {
            Field::Name => "citizen-name",
            Field::Email => "citizen-email",
            Field::EmailRepeat => "citizen-email-repeat",
            Field::Phone => "citizen-phone",
            Field::Consent => "citizen-consent",
        }
    }

    fn label(self) -> Text {
        match self {
            Field::Name => Text::Name,
            Field::Email => Text::Email,
            Field::EmailRepeat => Text::EmailRepeat,
            Field::Phone => Text::Phone,
            Field::Consent => Text::Consent,
        }
    }

    /// The API's name for this field in 422 `errors[].field`.
    fn from_api(field: &str) -> Option<Field> {
        match field {
            "citizen.name" => Some(Field::Name),
            "citizen.email" => Some(Field::Email),
            "citizen.phone" => Some(Field::Phone),
            _ => None,
        }
    }
}

/// What is wrong with one field now: the same rules the server applies (`shared::citizen`),
/// so what passes here passes there.
fn check(field: Field, store: BookingStore) -> Option<Text> {
    let refused = |outcome: Result<(), Refusal>| outcome.err().map(refusal_text);
    match field {
        Field::Name => refused(CitizenName::parse(&store.name.get_untracked()).map(drop)),
        Field::Email => refused(EmailAddress::parse(&store.email.get_untracked()).map(drop)),
        Field::EmailRepeat => {
            let first = store.email.get_untracked();
            let second = store.email_repeat.get_untracked();
            (first.trim().to_lowercase() != second.trim().to_lowercase())
                .then_some(Text::ErrEmailMismatch)
        }
        Field::Phone => {
            let phone = store.phone.get_untracked();
            refused(PhoneNumber::parse_optional(Some(&phone)).map(drop))
        }
        Field::Consent => (!store.consent.get_untracked()).then_some(Text::ErrConsentMissing),
    }
}

fn focus(id: &str) {
    if let Some(element) = document().get_element_by_id(id)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// Appointments whose time was taken or whose hold ran out, from a 409/410 answer: the ones the
/// API names in `errors[].field` (`appointments[1].hold_id`), else those whose hold ran out here,
/// else all of them.
fn affected(error: &ApiError, appointments: &[HeldAppointment]) -> Vec<usize> {
    let count = appointments.len();
    let mut indices: Vec<usize> = error
        .errors
        .iter()
        .filter_map(|e| {
            let rest = e.field.strip_prefix("appointments[")?;
            rest.split(']').next()?.parse().ok()
        })
        .filter(|i| *i < count)
        .collect();
    indices.sort_unstable();
    indices.dedup();
    if indices.is_empty() {
        indices = (0..count)
            .filter(|i| hold_expired(&appointments[*i]))
            .collect();
    }
    if indices.is_empty() {
        (0..count).collect()
    } else {
        indices
    }
}

/// The state of the details form; what the citizen types lives in the booking store.
#[derive(Debug, Clone, Copy)]
struct DetailsForm {
    store: BookingStore,
    locale: RwSignal<Locale>,
    announcer: Announcer,
    errors: RwSignal<BTreeMap<Field, Text>>,
    touched: RwSignal<BTreeSet<Field>>,
    submitted: RwSignal<bool>,
    busy: RwSignal<bool>,
    general_error: RwSignal<Option<ApiError>>,
    /// Indices of appointments whose time is gone, with the error code.
    conflict: RwSignal<Option<(String, Vec<usize>)>>,
}

impl DetailsForm {
    fn new() -> Self {
        DetailsForm {
            store: use_booking_store(),
            locale: use_locale(),
            announcer: use_announcer(),
            errors: RwSignal::new(BTreeMap::new()),
            touched: RwSignal::new(BTreeSet::new()),
            submitted: RwSignal::new(false),
            busy: RwSignal::new(false),
            general_error: RwSignal::new(None),
            conflict: RwSignal::new(None),
        }
    }

    fn announce(self, text: Text) {
        self.announcer.say(text.get(self.locale.get_untracked()));
    }

    fn validate(self, field: Field) {
        let problem = check(field, self.store);
        self.errors.update(|errors| match problem {
            Some(text) => {
                errors.insert(field, text);
            }
            None => {
                errors.remove(&field);
            }
        });
    }

    fn blur(self, field: Field) {
        self.touched.update(|t| {
            t.insert(field);
        });
        self.validate(field);
    }

    /// Once shown, an error updates as the citizen types, so they see when it is fixed.
    fn typed(self, field: Field) {
        if self.touched.with_untracked(|t| t.contains(&field)) || self.submitted.get_untracked() {
            self.validate(field);
        }
    }

    /// What is wrong with `field` now (reactive).
    fn error(self, field: Field) -> impl Fn() -> Option<Text> + Copy {
        move || self.errors.with(|e| e.get(&field).copied())
    }

    /// The ids that describe `field`: its hint, if any, and its error while there is one.
    fn describedby(self, field: Field, hint: Option<&'static str>) -> impl Fn() -> String {
        move || {
            let mut ids: Vec<String> = hint.map(str::to_string).into_iter().collect();
            if self.errors.with(|e| e.contains_key(&field)) {
                ids.push(format!("{}-error", field.id()));
            }
            ids.join(" ")
        }
    }

    /// Says that fields need fixing (`text`) and moves the focus to the error summary.
    fn show_errors(self, text: Text) {
        self.announce(text);
        request_animation_frame(|| focus("error-summary"));
    }

    /// Shows the conflict panel for the appointments at `indices`, focused.
    fn show_conflict(self, code: String, indices: Vec<usize>) {
        self.announce(error_text(&code));
        self.conflict.set(Some((code, indices)));
        request_animation_frame(|| focus("conflict-title"));
    }
}

/// Checks every field, then books every held appointment at once.
fn submit(form: DetailsForm, tokens: ManageTokens) {
    if form.busy.get_untracked() {
        return;
    }
    form.submitted.set(true);
    for field in Field::ALL {
        form.validate(field);
    }
    if !form.errors.with_untracked(BTreeMap::is_empty) {
        form.show_errors(Text::FormHasErrors);
        return;
    }
    let store = form.store;
    let appointments = store.appointments.get_untracked();
    if appointments.is_empty() {
        store.step.set(Step::Appointments);
        return;
    }
    let request = booking_request(store, &appointments, form.locale.get_untracked());
    let key = store.checkout_key();
    form.busy.set(true);
    form.general_error.set(None);
    spawn_local(async move {
        let result = api::create_booking(&request, &key).await;
        form.busy.set(false);
        match result {
            Ok(booking) => booked(store, tokens, booking),
            Err(error) => booking_refused(form, error, &appointments),
        }
    });
}

/// The held appointments and the citizen's details as one booking.
fn booking_request(
    store: BookingStore,
    appointments: &[HeldAppointment],
    locale: Locale,
) -> CreateBooking {
    let phone = store.phone.get_untracked().trim().to_string();
    CreateBooking {
        appointments: appointments
            .iter()
            .map(|a| AppointmentRequest {
                office_id: a.office_id,
                services: a.services.clone(),
                start: a.hold.start,
                hold_id: Some(a.hold.id),
            })
            .collect(),
        citizen: Citizen {
            name: store.name.get_untracked().trim().to_string(),
            email: store.email.get_untracked().trim().to_string(),
            phone: (!phone.is_empty()).then_some(phone),
        },
        locale,
    }
}

/// Booked: keep the manage token and go on to the done step.
fn booked(store: BookingStore, tokens: ManageTokens, booking: Booking) {
    if let Some(token) = booking.manage_token.clone() {
        tokens.insert(booking.reference.clone(), token);
    }
    store.booking.set(Some(booking));
    store.appointments.set(Vec::new());
    store.idempotency_key.set(None);
    store.step.set(Step::Done);
}

/// The server refused the booking: a time gone is a conflict, invalid details are marked at
/// their fields, anything else is shown as it is.
fn booking_refused(form: DetailsForm, error: ApiError, appointments: &[HeldAppointment]) {
    match error {
        error
            if error.code == "validation_failed"
                && error.errors.iter().any(|e| e.code == "unknown_hold") =>
        {
            // A hold that is gone (e.g. released after expiry) is a conflict, not a typo.
            form.show_conflict("hold_expired".to_string(), affected(&error, appointments));
        }
        error if error.code == "email_limit_reached" => {
            form.errors.update(|errors| {
                errors.insert(Field::Email, Text::ErrTooManyOpen);
            });
            form.show_errors(Text::ErrTooManyOpen);
        }
        error if error.code == "validation_failed" => {
            let unmapped = mark_fields(form, &error);
            if unmapped || error.errors.is_empty() {
                form.general_error.set(Some(error));
            }
            form.show_errors(Text::FormHasErrors);
        }
        error if matches!(error.code.as_str(), "slot_taken" | "hold_expired") => {
            let indices = affected(&error, appointments);
            form.show_conflict(error.code, indices);
        }
        error => {
            form.announce(error_text(&error.code));
            form.general_error.set(Some(error));
        }
    }
}

/// Puts the server's field errors of a 422 at their fields; true if one names no field here.
fn mark_fields(form: DetailsForm, error: &ApiError) -> bool {
    let mut unmapped = false;
    form.errors.update(|errors| {
        for field_error in &error.errors {
            match Field::from_api(&field_error.field) {
                Some(field) => {
                    errors.insert(
                        field,
                        field_error_text(&field_error.field, &field_error.code),
                    );
                }
                None => unmapped = true,
            }
        }
    });
    unmapped
}

/// Replaces appointment `index` with a newly held time at `start` (from the conflict panel).
fn repick(form: DetailsForm, index: usize, start: DateTime<FixedOffset>) {
    let store = form.store;
    let Some(old) = store
        .appointments
        .with_untracked(|list| list.get(index).cloned())
    else {
        return;
    };
    form.busy.set(true);
    spawn_local(async move {
        let request = CreateHold {
            office_id: old.office_id,
            services: old.services.clone(),
            start,
        };
        let result = api::create_hold(&request).await;
        form.busy.set(false);
        match result {
            Ok(hold) => {
                store.appointments.update(|list| {
                    if let Some(slot) = list.get_mut(index) {
                        *slot = HeldAppointment { hold, ..old };
                    }
                });
                form.conflict.update(|c| {
                    if let Some((_, indices)) = c {
                        indices.retain(|i| *i != index);
                        if indices.is_empty() {
                            *c = None;
                        }
                    }
                });
                form.announcer
                    .say(crate::i18n::date_time(form.locale.get_untracked(), start));
            }
            Err(error) => form.general_error.set(Some(error)),
        }
    });
}

/// Goes back to the time step to pick another day for appointment `index`.
fn choose_other_day(store: BookingStore, index: usize) {
    let Some(old) = store
        .appointments
        .with_untracked(|list| list.get(index).cloned())
    else {
        return;
    };
    store.office.set(Some(old.office_id));
    store.quantities.set(
        old.services
            .iter()
            .map(|s| (s.service_id, s.quantity))
            .collect(),
    );
    store.day.set(Some(old.hold.start.date_naive()));
    store.replacing.set(Some(index));
    store.step.set(Step::Time);
}

/// Step 4: who is coming; then book everything at once.
#[component]
pub fn DetailsStep() -> impl IntoView {
    let form = DetailsForm::new();
    let store = form.store;
    let tokens = use_manage_tokens();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit(form, tokens);
    };

    view! {
        <section>
            <StepHeading>{t(Text::DetailsTitle)}</StepHeading>
            <HoldExpiry store />
            <ConflictPanel form />
            <ErrorSummary form />
            {move || form.general_error.get().map(|error| view! { <ErrorNotice error /> })}
            <form novalidate=true on:submit=on_submit>
                <p class="hint">{t(Text::RequiredHint)}</p>
                <CitizenField form field=Field::Name value=store.name kind="text" autocomplete="name" required=true />
                <CitizenField form field=Field::Email value=store.email kind="email" autocomplete="email" required=true hint=Text::EmailHint />
                <CitizenField form field=Field::EmailRepeat value=store.email_repeat kind="email" autocomplete="email" required=true />
                <CitizenField form field=Field::Phone value=store.phone kind="tel" autocomplete="tel" hint=Text::PhoneHint />
                <ConsentField form />
                <StepButtons form />
            </form>
        </section>
    }
}

/// The countdown of the earliest hold, and a warning once a hold ran out while the citizen was
/// typing (before they submit).
#[component]
fn HoldExpiry(store: BookingStore) -> impl IntoView {
    let ran_out = RwSignal::new(false);
    let earliest_expiry = move || {
        store.appointments.with(|list| {
            list.iter()
                .filter(|a| !hold_expired(a))
                .map(|a| a.hold.expires_at)
                .min()
        })
    };
    view! {
        {move || {
            earliest_expiry()
                .map(|expires_at| {
                    view! {
                        <HoldCountdown
                            expires_at
                            on_expired=Callback::new(move |()| ran_out.set(true))
                        />
                    }
                })
        }}
        {move || {
            ran_out
                .get()
                .then(|| {
                    view! {
                        <div class="notice notice-warning" role="alert">
                            <p>{t(Text::ReservationExpired)}</p>
                            <button
                                type="button"
                                class="button secondary"
                                on:click=move |_| store.step.set(Step::Appointments)
                            >
                                {t(Text::AppointmentsTitle)}
                            </button>
                        </div>
                    }
                })
        }}
    }
}

/// The appointments whose time was taken or whose hold ran out, each with nearby free times.
#[component]
fn ConflictPanel(form: DetailsForm) -> impl IntoView {
    move || {
        form.conflict.get().map(|(code, indices)| {
            view! {
                <div class="notice notice-error" role="group" aria-labelledby="conflict-title">
                    <h3 id="conflict-title" tabindex="-1">{t(Text::ConflictTitle)}</h3>
                    <p>{t(error_text(&code))} " " {t(Text::ConflictKept)}</p>
                    {indices
                        .into_iter()
                        .filter_map(|index| {
                            let appointment = form
                                .store
                                .appointments
                                .with_untracked(|list| list.get(index).cloned())?;
                            Some(view! { <ConflictedAppointment form index appointment /> })
                        })
                        .collect_view()}
                </div>
            }
        })
    }
}

/// One appointment of the conflict panel: a nearby free time, or another day.
#[component]
fn ConflictedAppointment(
    form: DetailsForm,
    index: usize,
    appointment: HeldAppointment,
) -> impl IntoView {
    let catalog = use_catalog();
    view! {
        <div class="appointment">
            <AppointmentSummary
                office_id=appointment.office_id
                start=appointment.hold.start
                end=appointment.hold.end
                services=service_names(catalog, &appointment.services)
            />
            <p>{t(Text::ConflictNearest)}</p>
            <FreeTimeList
                office=appointment.office_id
                services=appointment.services.clone()
                date=appointment.hold.start.date_naive()
                on_pick=Callback::new(move |time: FreeTime| repick(form, index, time.start))
                busy=form.busy
                near=appointment.hold.start
            />
            <button
                type="button"
                class="button secondary"
                on:click=move |_| choose_other_day(form.store, index)
            >
                {t(Text::ConflictOtherDay)}
            </button>
        </div>
    }
}

/// After a submit, every field error as a link to its field.
#[component]
fn ErrorSummary(form: DetailsForm) -> impl IntoView {
    move || {
        let list = form.errors.get();
        (!list.is_empty() && form.submitted.get()).then(|| {
            view! {
                <div
                    id="error-summary"
                    class="notice notice-error"
                    role="alert"
                    tabindex="-1"
                    aria-labelledby="error-summary-title"
                >
                    <h3 id="error-summary-title">{t(Text::FormHasErrors)}</h3>
                    <ul>
                        {list
                            .into_iter()
                            .map(|(field, text)| {
                                let href = format!("#{}", field.id());
                                view! {
                                    <li>
                                        <a
                                            href=href
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                focus(field.id());
                                            }
                                        >
                                            {t(text)}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The error of one field, while it has one.
#[component]
fn FieldError(form: DetailsForm, field: Field) -> impl IntoView {
    let error = form.error(field);
    move || {
        error().map(|text| {
            view! {
                <p id=format!("{}-error", field.id()) class="field-error">
                    <span class="visually-hidden">{t(Text::ErrorPrefix)} " "</span>
                    {t(text)}
                </p>
            }
        })
    }
}

/// One text field of the citizen's details, with its hint and its inline error.
#[component]
fn CitizenField(
    form: DetailsForm,
    field: Field,
    value: RwSignal<String>,
    /// The input's `type`.
    kind: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<Text>,
) -> impl IntoView {
    let hint_id = hint.map(|_| match field {
        Field::Email => "citizen-email-hint",
        Field::Phone => "citizen-phone-hint",
        _ => "citizen-hint",
    });
    let error = form.error(field);
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=field.id()>
                {t(field.label())}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.zip(hint_id).map(|(hint, id)| view! { <p id=id class="hint">{t(hint)}</p> })}
            <FieldError form field />
            <input
                id=field.id()
                name=field.id()
                type=kind
                autocomplete=autocomplete
                required=required
                aria-required=required.to_string()
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=form.describedby(field, hint_id)
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    form.typed(field);
                    if field == Field::Email {
                        form.typed(Field::EmailRepeat);
                    }
                }
                on:blur=move |_| form.blur(field)
            />
        </div>
    }
}

/// The privacy notice and the consent checkbox.
#[component]
fn ConsentField(form: DetailsForm) -> impl IntoView {
    let field = Field::Consent;
    let error = form.error(field);
    let consent = form.store.consent;
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <p id="privacy-notice" class="notice">{t(Text::PrivacyNotice)}</p>
            <FieldError form field />
            <div class="choice">
                <input
                    id=field.id()
                    type="checkbox"
                    required=true
                    aria-required="true"
                    aria-invalid=move || error().is_some().to_string()
                    aria-describedby=form.describedby(field, Some("privacy-notice"))
                    prop:checked=move || consent.get()
                    on:change=move |ev| {
                        consent.set(event_target_checked(&ev));
                        form.typed(field);
                    }
                />
                <label for=field.id()>
                    {t(Text::Consent)}
                    <span class="required" aria-hidden="true">" *"</span>
                </label>
            </div>
        </div>
    }
}

/// Back to the appointments, and the submit button (which says when it is busy).
#[component]
fn StepButtons(form: DetailsForm) -> impl IntoView {
    let busy = form.busy;
    view! {
        <div class="button-row">
            <button
                type="button"
                class="button secondary"
                on:click=move |_| form.store.step.set(Step::Appointments)
            >
                {t(Text::Back)}
            </button>
            <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>
                {move || if busy.get() { t(Text::Submitting)() } else { t(Text::SubmitBooking)() }}
            </button>
        </div>
    }
}
