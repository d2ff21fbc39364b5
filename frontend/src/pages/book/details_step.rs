//! Step 4 of the booking journey: who is coming (name, email twice, phone, consent), checked
//! with the server's rules as the citizen types; then every held appointment is booked at once.
//! A time taken meanwhile is offered again in a conflict panel.

use super::appointments_step::hold_expired;
use super::service_names;
use crate::api::{self, ApiError};
use crate::browser::focus_element;
use crate::components::{
    Announcer, AppointmentSummary, BusyButton, CitizenDetailsFields, CitizenField, CitizenForm,
    ErrorNotice, ErrorSummary, FreeTimeList, HoldCountdown, StepHeading, use_announcer,
};
use crate::i18n::{Locale, Text, error_text, t, use_locale};
use crate::store::{
    BookingStore, HeldAppointment, LinkTokens, Step, TokenFor, use_booking_store, use_catalog,
    use_link_tokens,
};
use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::availability::FreeTime;
use shared::bookings::{AppointmentRequest, Booking, CreateBooking, CreateHold};

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
    citizen: CitizenForm,
    busy: RwSignal<bool>,
    general_error: RwSignal<Option<ApiError>>,
    /// Indices of appointments whose time is gone, with the error code.
    conflict: RwSignal<Option<(String, Vec<usize>)>>,
}

impl DetailsForm {
    fn new() -> Self {
        let store = use_booking_store();
        DetailsForm {
            store,
            locale: use_locale(),
            announcer: use_announcer(),
            citizen: CitizenForm::new(store.citizen),
            busy: RwSignal::new(false),
            general_error: RwSignal::new(None),
            conflict: RwSignal::new(None),
        }
    }

    fn announce(self, text: Text) {
        self.announcer.say(text.get(self.locale.get_untracked()));
    }

    /// Says that fields need fixing (`text`) and moves the focus to the error summary.
    fn show_errors(self, text: Text) {
        self.announce(text);
        request_animation_frame(|| focus_element("error-summary"));
    }

    /// Shows the conflict panel for the appointments at `indices`, focused.
    fn show_conflict(self, code: String, indices: Vec<usize>) {
        self.announce(error_text(&code));
        self.conflict.set(Some((code, indices)));
        request_animation_frame(|| focus_element("conflict-title"));
    }
}

/// Checks every field, then books every held appointment at once.
fn submit(form: DetailsForm, tokens: LinkTokens) {
    if form.busy.get_untracked() {
        return;
    }
    if !form.citizen.validate_all() {
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
        citizen: store.citizen.citizen(),
        locale,
    }
}

/// Booked: keep the manage token and go on to the done step.
fn booked(store: BookingStore, tokens: LinkTokens, booking: Booking) {
    if let Some(token) = booking.manage_token.clone() {
        tokens.insert(TokenFor::Booking(booking.reference.clone()), token);
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
            form.citizen
                .refuse(CitizenField::Email, Text::ErrTooManyOpen);
            form.show_errors(Text::ErrTooManyOpen);
        }
        error if error.code == "validation_failed" => {
            let unmapped = form.citizen.mark_api_errors(&error);
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
    let tokens = use_link_tokens();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit(form, tokens);
    };

    view! {
        <section>
            <StepHeading>{t(Text::DetailsTitle)}</StepHeading>
            <HoldExpiry store />
            <ConflictPanel form />
            <ErrorSummary entries=Signal::derive(move || form.citizen.summary()) />
            {move || form.general_error.get().map(|error| view! { <ErrorNotice error /> })}
            <form novalidate=true on:submit=on_submit>
                <p class="hint">{t(Text::RequiredHint)}</p>
                <CitizenDetailsFields form=form.citizen />
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

/// Back to the appointments, and the submit button (which says when it is busy).
#[component]
fn StepButtons(form: DetailsForm) -> impl IntoView {
    view! {
        <div class="button-row">
            <button
                type="button"
                class="button secondary"
                on:click=move |_| form.store.step.set(Step::Appointments)
            >
                {t(Text::Back)}
            </button>
            <BusyButton kind="submit" label=Text::SubmitBooking busy_label=Text::Submitting busy=form.busy />
        </div>
    }
}
