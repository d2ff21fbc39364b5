use super::appointments_step::hold_expired;
use super::service_names;
use crate::api::{self, ApiError};
use crate::components::{
    AppointmentSummary, ErrorNotice, FreeTimeList, HoldCountdown, StepHeading, use_announcer,
};
use crate::i18n::{Text, error_text, field_error_text, refusal_text, t, use_locale};
use crate::store::{HeldAppointment, Step, use_booking_store, use_catalog, use_manage_tokens};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::availability::FreeTime;
use shared::bookings::{AppointmentRequest, Citizen, CreateBooking, CreateHold};
use shared::citizen::{CitizenName, EmailAddress, PhoneNumber, Refusal};
use std::collections::BTreeMap;
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
fn check(field: Field, store: crate::store::BookingStore) -> Option<Text> {
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

/// Step 4: who is coming; then book everything at once.
#[component]
pub fn DetailsStep() -> impl IntoView {
    let store = use_booking_store();
    let catalog = use_catalog();
    let locale = use_locale();
    let tokens = use_manage_tokens();
    let announcer = use_announcer();

    let errors = RwSignal::new(BTreeMap::<Field, Text>::new());
    let touched = RwSignal::new(std::collections::BTreeSet::<Field>::new());
    let submitted = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let general_error = RwSignal::new(None::<ApiError>);
    // Indices of appointments whose time is gone, with the error code.
    let conflict = RwSignal::new(None::<(String, Vec<usize>)>);

    let validate = move |field: Field| {
        let problem = check(field, store);
        errors.update(|errors| match problem {
            Some(text) => {
                errors.insert(field, text);
            }
            None => {
                errors.remove(&field);
            }
        });
    };
    let blur = move |field: Field| {
        touched.update(|t| {
            t.insert(field);
        });
        validate(field);
    };
    // Once shown, an error updates as the citizen types, so they see when it is fixed.
    let typed = move |field: Field| {
        if touched.with_untracked(|t| t.contains(&field)) || submitted.get_untracked() {
            validate(field);
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        submitted.set(true);
        for field in [
            Field::Name,
            Field::Email,
            Field::EmailRepeat,
            Field::Phone,
            Field::Consent,
        ] {
            validate(field);
        }
        if !errors.with_untracked(BTreeMap::is_empty) {
            announcer.say(Text::FormHasErrors.get(locale.get_untracked()));
            request_animation_frame(|| focus("error-summary"));
            return;
        }
        let appointments = store.appointments.get_untracked();
        if appointments.is_empty() {
            store.step.set(Step::Appointments);
            return;
        }
        let phone = store.phone.get_untracked().trim().to_string();
        let request = CreateBooking {
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
            locale: locale.get_untracked(),
        };
        let key = store.checkout_key();
        busy.set(true);
        general_error.set(None);
        spawn_local(async move {
            let result = api::create_booking(&request, &key).await;
            busy.set(false);
            match result {
                Ok(booking) => {
                    if let Some(token) = booking.manage_token.clone() {
                        tokens.insert(booking.reference.clone(), token);
                    }
                    store.booking.set(Some(booking));
                    store.appointments.set(Vec::new());
                    store.idempotency_key.set(None);
                    store.step.set(Step::Done);
                }
                Err(error)
                    if error.code == "validation_failed"
                        && error.errors.iter().any(|e| e.code == "unknown_hold") =>
                {
                    // A hold that is gone (e.g. released after expiry) is a conflict, not a typo.
                    let indices = affected(&error, &appointments);
                    announcer.say(error_text("hold_expired").get(locale.get_untracked()));
                    conflict.set(Some(("hold_expired".to_string(), indices)));
                    request_animation_frame(|| focus("conflict-title"));
                }
                Err(error) if error.code == "email_limit_reached" => {
                    errors.update(|errors| {
                        errors.insert(Field::Email, Text::ErrTooManyOpen);
                    });
                    announcer.say(Text::ErrTooManyOpen.get(locale.get_untracked()));
                    request_animation_frame(|| focus("error-summary"));
                }
                Err(error) if error.code == "validation_failed" => {
                    let mut unmapped = false;
                    errors.update(|errors| {
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
                    if unmapped || error.errors.is_empty() {
                        general_error.set(Some(error));
                    }
                    announcer.say(Text::FormHasErrors.get(locale.get_untracked()));
                    request_animation_frame(|| focus("error-summary"));
                }
                Err(error) if matches!(error.code.as_str(), "slot_taken" | "hold_expired") => {
                    let indices = affected(&error, &appointments);
                    announcer.say(error_text(&error.code).get(locale.get_untracked()));
                    conflict.set(Some((error.code, indices)));
                    request_animation_frame(|| focus("conflict-title"));
                }
                Err(error) => {
                    announcer.say(error_text(&error.code).get(locale.get_untracked()));
                    general_error.set(Some(error));
                }
            }
        });
    };

    // Replace appointment `index` with a newly held time (from the conflict panel).
    let repick = move |index: usize, time: FreeTime| {
        let Some(old) = store
            .appointments
            .with_untracked(|list| list.get(index).cloned())
        else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let request = CreateHold {
                office_id: old.office_id,
                services: old.services.clone(),
                start: time.start,
            };
            let result = api::create_hold(&request).await;
            busy.set(false);
            match result {
                Ok(hold) => {
                    store.appointments.update(|list| {
                        if let Some(slot) = list.get_mut(index) {
                            *slot = HeldAppointment { hold, ..old };
                        }
                    });
                    conflict.update(|c| {
                        if let Some((_, indices)) = c {
                            indices.retain(|i| *i != index);
                            if indices.is_empty() {
                                *c = None;
                            }
                        }
                    });
                    announcer.say(crate::i18n::date_time(locale.get_untracked(), time.start));
                }
                Err(error) => general_error.set(Some(error)),
            }
        });
    };

    let other_day = move |index: usize| {
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
    };

    // A hold ran out while the citizen was typing: say so before they submit.
    let ran_out = RwSignal::new(false);
    let earliest_expiry = move || {
        store.appointments.with(|list| {
            list.iter()
                .filter(|a| !hold_expired(a))
                .map(|a| a.hold.expires_at)
                .min()
        })
    };

    let field_error = move |field: Field| move || errors.with(|e| e.get(&field).copied());
    let describedby = move |field: Field, hint: Option<&'static str>| {
        move || {
            let mut ids: Vec<String> = hint.map(str::to_string).into_iter().collect();
            if errors.with(|e| e.contains_key(&field)) {
                ids.push(format!("{}-error", field.id()));
            }
            ids.join(" ")
        }
    };

    let text_field = move |field: Field,
                           value: RwSignal<String>,
                           input_type: &'static str,
                           autocomplete: &'static str,
                           required: bool,
                           hint: Option<Text>| {
        let hint_id = hint.map(|_| match field {
            Field::Email => "citizen-email-hint",
            Field::Phone => "citizen-phone-hint",
            _ => "citizen-hint",
        });
        let error = field_error(field);
        view! {
            <div class="field" class:invalid=move || error().is_some()>
                <label for=field.id()>
                    {t(field.label())}
                    {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
                </label>
                {hint.zip(hint_id).map(|(hint, id)| view! { <p id=id class="hint">{t(hint)}</p> })}
                {move || {
                    error()
                        .map(|text| {
                            view! {
                                <p id=format!("{}-error", field.id()) class="field-error">
                                    <span class="visually-hidden">{t(Text::ErrorPrefix)} " "</span>
                                    {t(text)}
                                </p>
                            }
                        })
                }}
                <input
                    id=field.id()
                    name=field.id()
                    type=input_type
                    autocomplete=autocomplete
                    required=required
                    aria-required=required.to_string()
                    aria-invalid=move || error().is_some().to_string()
                    aria-describedby=describedby(field, hint_id)
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        typed(field);
                        if field == Field::Email {
                            typed(Field::EmailRepeat);
                        }
                    }
                    on:blur=move |_| blur(field)
                />
            </div>
        }
    };

    let consent_error = field_error(Field::Consent);

    view! {
        <section>
            <StepHeading>{t(Text::DetailsTitle)}</StepHeading>
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
            {move || {
                conflict
                    .get()
                    .map(|(code, indices)| {
                        view! {
                            <div class="notice notice-error" role="group" aria-labelledby="conflict-title">
                                <h3 id="conflict-title" tabindex="-1">{t(Text::ConflictTitle)}</h3>
                                <p>{t(error_text(&code))} " " {t(Text::ConflictKept)}</p>
                                {indices
                                    .into_iter()
                                    .filter_map(|index| {
                                        let appointment = store
                                            .appointments
                                            .with_untracked(|list| list.get(index).cloned())?;
                                        Some(
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
                                                        on_pick=Callback::new(move |time| repick(index, time))
                                                        busy=busy
                                                        near=appointment.hold.start
                                                    />
                                                    <button
                                                        type="button"
                                                        class="button secondary"
                                                        on:click=move |_| other_day(index)
                                                    >
                                                        {t(Text::ConflictOtherDay)}
                                                    </button>
                                                </div>
                                            },
                                        )
                                    })
                                    .collect_view()}
                            </div>
                        }
                    })
            }}
            {move || {
                let list = errors.get();
                (!list.is_empty() && submitted.get())
                    .then(|| {
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
            }}
            {move || general_error.get().map(|error| view! { <ErrorNotice error /> })}
            <form novalidate=true on:submit=submit>
                <p class="hint">{t(Text::RequiredHint)}</p>
                {text_field(Field::Name, store.name, "text", "name", true, None)}
                {text_field(Field::Email, store.email, "email", "email", true, Some(Text::EmailHint))}
                {text_field(Field::EmailRepeat, store.email_repeat, "email", "email", true, None)}
                {text_field(Field::Phone, store.phone, "tel", "tel", false, Some(Text::PhoneHint))}
                <div class="field" class:invalid=move || consent_error().is_some()>
                    <p id="privacy-notice" class="notice">{t(Text::PrivacyNotice)}</p>
                    {move || {
                        consent_error()
                            .map(|text| {
                                view! {
                                    <p id="citizen-consent-error" class="field-error">
                                        <span class="visually-hidden">{t(Text::ErrorPrefix)} " "</span>
                                        {t(text)}
                                    </p>
                                }
                            })
                    }}
                    <div class="choice">
                        <input
                            id=Field::Consent.id()
                            type="checkbox"
                            required=true
                            aria-required="true"
                            aria-invalid=move || consent_error().is_some().to_string()
                            aria-describedby=describedby(Field::Consent, Some("privacy-notice"))
                            prop:checked=move || store.consent.get()
                            on:change=move |ev| {
                                store.consent.set(event_target_checked(&ev));
                                typed(Field::Consent);
                            }
                        />
                        <label for=Field::Consent.id()>
                            {t(Text::Consent)}
                            <span class="required" aria-hidden="true">" *"</span>
                        </label>
                    </div>
                </div>
                <div class="button-row">
                    <button
                        type="button"
                        class="button secondary"
                        on:click=move |_| store.step.set(Step::Appointments)
                    >
                        {t(Text::Back)}
                    </button>
                    <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>
                        {move || if busy.get() { t(Text::Submitting)() } else { t(Text::SubmitBooking)() }}
                    </button>
                </div>
            </form>
        </section>
    }
}
