//! Who is coming — name, email twice, phone, consent —, checked with the server's rules
//! (`shared::citizen`) as the citizen types, so what passes here passes there. The booking's
//! details step and the waitlist's form both use it.

use crate::api::ApiError;
use crate::components::form_errors::{FieldError, error_id};
use crate::i18n::{Text, field_error_text, refusal_text, t};
use crate::store::CitizenInput;
use leptos::prelude::*;
use shared::citizen::{CitizenName, EmailAddress, PhoneNumber, Refusal};
use std::collections::{BTreeMap, BTreeSet};

/// The fields, in order (also the order of the error summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CitizenField {
    Name,
    Email,
    EmailRepeat,
    Phone,
    Consent,
}

impl CitizenField {
    const ALL: [CitizenField; 5] = [
        CitizenField::Name,
        CitizenField::Email,
        CitizenField::EmailRepeat,
        CitizenField::Phone,
        CitizenField::Consent,
    ];

    pub fn id(self) -> &'static str {
        match self {
            CitizenField::Name => "citizen-name",
            CitizenField::Email => "citizen-email",
            CitizenField::EmailRepeat => "citizen-email-repeat",
            CitizenField::Phone => "citizen-phone",
            CitizenField::Consent => "citizen-consent",
        }
    }

    fn label(self) -> Text {
        match self {
            CitizenField::Name => Text::Name,
            CitizenField::Email => Text::Email,
            CitizenField::EmailRepeat => Text::EmailRepeat,
            CitizenField::Phone => Text::Phone,
            CitizenField::Consent => Text::Consent,
        }
    }

    /// The API's name for this field in 422 `errors[].field`.
    fn from_api(field: &str) -> Option<CitizenField> {
        match field {
            "citizen.name" => Some(CitizenField::Name),
            "citizen.email" => Some(CitizenField::Email),
            "citizen.phone" => Some(CitizenField::Phone),
            _ => None,
        }
    }

    /// What is wrong with this field in `input` now.
    fn check(self, input: CitizenInput) -> Option<Text> {
        let refused = |outcome: Result<(), Refusal>| outcome.err().map(refusal_text);
        match self {
            CitizenField::Name => {
                refused(CitizenName::parse(&input.name.get_untracked()).map(drop))
            }
            CitizenField::Email => {
                refused(EmailAddress::parse(&input.email.get_untracked()).map(drop))
            }
            CitizenField::EmailRepeat => {
                let first = input.email.get_untracked();
                let second = input.email_repeat.get_untracked();
                (first.trim().to_lowercase() != second.trim().to_lowercase())
                    .then_some(Text::ErrEmailMismatch)
            }
            CitizenField::Phone => {
                let phone = input.phone.get_untracked();
                refused(PhoneNumber::parse_optional(Some(&phone)).map(drop))
            }
            CitizenField::Consent => {
                (!input.consent.get_untracked()).then_some(Text::ErrConsentMissing)
            }
        }
    }
}

/// The state of the citizen's part of a form: what is wrong where, and since when it shows.
#[derive(Debug, Clone, Copy)]
pub struct CitizenForm {
    pub input: CitizenInput,
    errors: RwSignal<BTreeMap<CitizenField, Text>>,
    touched: RwSignal<BTreeSet<CitizenField>>,
    /// Once submitted, every error updates as the citizen types.
    submitted: RwSignal<bool>,
}

impl CitizenForm {
    pub fn new(input: CitizenInput) -> Self {
        CitizenForm {
            input,
            errors: RwSignal::new(BTreeMap::new()),
            touched: RwSignal::new(BTreeSet::new()),
            submitted: RwSignal::new(false),
        }
    }

    fn validate(self, field: CitizenField) {
        match field.check(self.input) {
            Some(text) => self.refuse(field, text),
            None => self.errors.update(|errors| {
                errors.remove(&field);
            }),
        }
    }

    /// Checks every field as on a submit; true when all are fine.
    pub fn validate_all(self) -> bool {
        self.submitted.set(true);
        for field in CitizenField::ALL {
            self.validate(field);
        }
        self.errors.with_untracked(BTreeMap::is_empty)
    }

    /// Marks `field` as wrong with `text` (e.g. an answer of the server).
    pub fn refuse(self, field: CitizenField, text: Text) {
        self.errors.update(|errors| {
            errors.insert(field, text);
        });
    }

    /// Puts the server's field errors of a 422 at their fields; true if one names a field
    /// that is not the citizen's.
    pub fn mark_api_errors(self, error: &ApiError) -> bool {
        let mut unmapped = false;
        for field_error in &error.errors {
            match CitizenField::from_api(&field_error.field) {
                Some(field) => self.refuse(
                    field,
                    field_error_text(&field_error.field, &field_error.code),
                ),
                None => unmapped = true,
            }
        }
        unmapped
    }

    /// After a submit: every error as (field id, message), in the order of the fields.
    pub fn summary(self) -> Vec<(&'static str, Text)> {
        if !self.submitted.get() {
            return Vec::new();
        }
        self.errors.with(|errors| {
            errors
                .iter()
                .map(|(field, text)| (field.id(), *text))
                .collect()
        })
    }

    fn blur(self, field: CitizenField) {
        self.touched.update(|t| {
            t.insert(field);
        });
        self.validate(field);
    }

    /// Once shown, an error updates as the citizen types, so they see when it is fixed.
    fn typed(self, field: CitizenField) {
        if self.touched.with_untracked(|t| t.contains(&field)) || self.submitted.get_untracked() {
            self.validate(field);
        }
    }

    /// What is wrong with `field` now (reactive).
    fn error(self, field: CitizenField) -> Signal<Option<Text>> {
        Signal::derive(move || self.errors.with(|e| e.get(&field).copied()))
    }

    /// The ids that describe `field`: its hint, if any, and its error while there is one.
    fn describedby(self, field: CitizenField, hint: Option<&'static str>) -> impl Fn() -> String {
        move || {
            let mut ids: Vec<String> = hint.map(str::to_string).into_iter().collect();
            if self.errors.with(|e| e.contains_key(&field)) {
                ids.push(error_id(field.id()));
            }
            ids.join(" ")
        }
    }
}

/// The citizen's fields: name, email twice, phone, the privacy notice and consent.
#[component]
pub fn CitizenDetailsFields(form: CitizenForm) -> impl IntoView {
    let input = form.input;
    view! {
        <CitizenTextField form field=CitizenField::Name value=input.name kind="text" autocomplete="name" required=true />
        <CitizenTextField form field=CitizenField::Email value=input.email kind="email" autocomplete="email" required=true hint=Text::EmailHint />
        <CitizenTextField form field=CitizenField::EmailRepeat value=input.email_repeat kind="email" autocomplete="email" required=true />
        <CitizenTextField form field=CitizenField::Phone value=input.phone kind="tel" autocomplete="tel" hint=Text::PhoneHint />
        <ConsentField form />
    }
}

/// One text field of the citizen's details, with its hint and its inline error.
#[component]
fn CitizenTextField(
    form: CitizenForm,
    field: CitizenField,
    value: RwSignal<String>,
    /// The input's `type`.
    kind: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<Text>,
) -> impl IntoView {
    let hint_id = hint.map(|_| match field {
        CitizenField::Email => "citizen-email-hint",
        CitizenField::Phone => "citizen-phone-hint",
        _ => "citizen-hint",
    });
    let error = form.error(field);
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=field.id()>
                {t(field.label())}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.zip(hint_id).map(|(hint, id)| view! { <p id=id class="hint">{t(hint)}</p> })}
            <FieldError field_id=field.id() error />
            <input
                id=field.id()
                name=field.id()
                type=kind
                autocomplete=autocomplete
                required=required
                aria-required=required.to_string()
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=form.describedby(field, hint_id)
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    form.typed(field);
                    if field == CitizenField::Email {
                        form.typed(CitizenField::EmailRepeat);
                    }
                }
                on:blur=move |_| form.blur(field)
            />
        </div>
    }
}

/// The privacy notice and the consent checkbox.
#[component]
fn ConsentField(form: CitizenForm) -> impl IntoView {
    let field = CitizenField::Consent;
    let error = form.error(field);
    let consent = form.input.consent;
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <p id="privacy-notice" class="notice">{t(Text::PrivacyNotice)}</p>
            <FieldError field_id=field.id() error />
            <div class="choice">
                <input
                    id=field.id()
                    type="checkbox"
                    required=true
                    aria-required="true"
                    aria-invalid=move || error.get().is_some().to_string()
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
