//! One help entry edited in both languages: question, short name for links, office, group,
//! answers with a live preview of their markup, and whether it shows. The server checks the
//! entry; what it finds wrong is shown at the field.

use super::api;
use super::area::allowed_offices;
use super::session::Area;
use crate::api::ApiError;
use crate::components::{Announcer, FaqAnswer, use_announcer};
use crate::i18n::admin::{Text, faq_field_error, t};
use crate::i18n::{Locale, use_locale};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::faq::{AdminFaqEntry, FaqEntrySettings};
use shared::ids::{FaqEntryId, OfficeId};
use shared::problem::FieldError;

/// A slug suggested from a question: lower case, umlauts spelled out, words joined by `-`.
fn slug_from(text: &str) -> String {
    let mut slug = String::new();
    for c in text.to_lowercase().chars() {
        match c {
            'ä' => slug.push_str("ae"),
            'ö' => slug.push_str("oe"),
            'ü' => slug.push_str("ue"),
            'ß' => slug.push_str("ss"),
            c if c.is_ascii_alphanumeric() => slug.push(c),
            _ if !slug.ends_with('-') && !slug.is_empty() => slug.push('-'),
            _ => {}
        }
    }
    let mut slug: String = slug.chars().take(60).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The entry being edited, and what the server found wrong with it.
#[derive(Debug, Clone, Copy)]
pub struct EntryForm {
    id: RwSignal<Option<FaqEntryId>>,
    slug: RwSignal<String>,
    /// The office id as the select's value; empty for every office.
    office: RwSignal<String>,
    group_de: RwSignal<String>,
    group_en: RwSignal<String>,
    question_de: RwSignal<String>,
    question_en: RwSignal<String>,
    answer_de: RwSignal<String>,
    answer_en: RwSignal<String>,
    visible: RwSignal<bool>,
    errors: RwSignal<Vec<FieldError>>,
}

impl EntryForm {
    pub fn new() -> Self {
        EntryForm {
            id: RwSignal::new(None),
            slug: RwSignal::new(String::new()),
            office: RwSignal::new(String::new()),
            group_de: RwSignal::new(String::new()),
            group_en: RwSignal::new(String::new()),
            question_de: RwSignal::new(String::new()),
            question_en: RwSignal::new(String::new()),
            answer_de: RwSignal::new(String::new()),
            answer_en: RwSignal::new(String::new()),
            visible: RwSignal::new(true),
            errors: RwSignal::new(Vec::new()),
        }
    }

    /// Starts editing `entry`, or a new entry when `None`.
    pub fn fill(&self, entry: Option<&AdminFaqEntry>) {
        let settings = entry.map(|e| e.settings.clone());
        let text = |pick: fn(&FaqEntrySettings) -> &String| {
            settings.as_ref().map(pick).cloned().unwrap_or_default()
        };
        self.id.set(entry.map(|e| e.id));
        self.slug.set(text(|s| &s.slug));
        self.office.set(
            settings
                .as_ref()
                .and_then(|s| s.office_id)
                .map(|id| id.to_string())
                .unwrap_or_default(),
        );
        self.group_de.set(text(|s| &s.group_de));
        self.group_en.set(text(|s| &s.group_en));
        self.question_de.set(text(|s| &s.question_de));
        self.question_en.set(text(|s| &s.question_en));
        self.answer_de.set(text(|s| &s.answer_de));
        self.answer_en.set(text(|s| &s.answer_en));
        self.visible.set(settings.is_none_or(|s| s.visible));
        self.errors.set(Vec::new());
    }

    fn settings(&self) -> FaqEntrySettings {
        FaqEntrySettings {
            slug: self.slug.get_untracked().trim().to_owned(),
            office_id: self.office.get_untracked().parse::<OfficeId>().ok(),
            group_de: self.group_de.get_untracked(),
            group_en: self.group_en.get_untracked(),
            question_de: self.question_de.get_untracked(),
            question_en: self.question_en.get_untracked(),
            answer_de: self.answer_de.get_untracked(),
            answer_en: self.answer_en.get_untracked(),
            visible: self.visible.get_untracked(),
        }
    }

    /// A new entry gets a short name from its German question until one is typed.
    fn suggest_slug(&self) {
        if self.id.get_untracked().is_none() && self.slug.get_untracked().is_empty() {
            self.slug.set(slug_from(&self.question_de.get_untracked()));
        }
    }
}

/// Sends the entry (changed or new): says so and calls `on_done`, marks the fields the server
/// refused, or shows the failure.
fn save_entry(
    form: EntryForm,
    failure: RwSignal<Option<ApiError>>,
    on_done: Callback<()>,
    announcer: Announcer,
    locale: RwSignal<Locale>,
) {
    let settings = form.settings();
    let id = form.id.get_untracked();
    spawn_local(async move {
        let result = match id {
            Some(id) => api::update_faq_entry(id, &settings).await,
            None => api::create_faq_entry(&settings).await,
        };
        match result {
            Ok(_) => {
                form.errors.set(Vec::new());
                failure.set(None);
                announcer.say(Text::Saved.get(locale.get_untracked()));
                on_done.run(());
            }
            Err(error) if error.status == 422 => {
                announcer.say(Text::FaqInvalid.get(locale.get_untracked()));
                form.errors.set(error.errors);
            }
            Err(error) => failure.set(Some(error)),
        }
    });
}

#[component]
pub fn FaqEntryEditor(
    form: EntryForm,
    failure: RwSignal<Option<ApiError>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let announcer = use_announcer();
    let locale = use_locale();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save_entry(form, failure, on_done, announcer, locale);
    };
    let errors = form.errors;
    view! {
        <form class="faq-editor" on:submit=save>
            <p class="notice notice-error" role="alert" hidden=move || errors.with(Vec::is_empty)>
                {t(Text::FaqInvalid)}
            </p>
            <TextField
                id="question_de"
                label=Text::FaqQuestionDe
                value=form.question_de
                errors
                on_change=Callback::new(move |()| form.suggest_slug())
            />
            <TextField id="question_en" label=Text::FaqQuestionEn value=form.question_en errors />
            <TextField id="slug" label=Text::FaqSlug value=form.slug errors />
            <OfficeField value=form.office errors />
            <TextField id="group_de" label=Text::FaqGroupDe value=form.group_de errors />
            <TextField id="group_en" label=Text::FaqGroupEn value=form.group_en errors />
            <AnswerField id="answer_de" label=Text::FaqAnswerDe value=form.answer_de errors />
            <AnswerField id="answer_en" label=Text::FaqAnswerEn value=form.answer_en errors />
            <div class="field checkbox">
                <input id="faq-visible" type="checkbox" bind:checked=form.visible />
                <label for="faq-visible">{t(Text::FaqVisible)}</label>
            </div>
            <div class="button-row">
                <button type="submit" class="button">{t(Text::FaqSave)}</button>
                <button type="button" class="button secondary" on:click=move |_| on_done.run(())>
                    {t(Text::FaqCancel)}
                </button>
            </div>
        </form>
    }
}

/// Which office the entry applies to: every office, or one this account may edit.
#[component]
fn OfficeField(value: RwSignal<String>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let offices = allowed_offices(Area::Faq);
    view! {
        <div class="field">
            <label for="faq-office_id">{t(Text::FaqOffice)}</label>
            <select id="faq-office_id" on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>
                    {t(Text::FaqAllOffices)}
                </option>
                {move || {
                    offices
                        .get()
                        .into_iter()
                        .map(|office| {
                            let id = office.id.to_string();
                            let selected = {
                                let id = id.clone();
                                move || value.get() == id
                            };
                            view! { <option value=id selected=selected>{office.settings.name}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <FieldMessage id="office_id" errors />
        </div>
    }
}

/// The message of the server for one field, if any.
#[component]
fn FieldMessage(id: &'static str, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let locale = use_locale();
    let message = move || {
        errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == id)
                .map(|e| faq_field_error(locale.get(), &e.code))
        })
    };
    view! {
        <p class="field-error" id=format!("faq-{id}-error") hidden=move || message().is_none()>
            {message}
        </p>
    }
}

/// `aria-invalid` of a field the server refused.
fn invalid(
    errors: RwSignal<Vec<FieldError>>,
    id: &'static str,
) -> impl Fn() -> Option<&'static str> {
    move || {
        errors
            .with(|errors| errors.iter().any(|e| e.field == id))
            .then_some("true")
    }
}

#[component]
fn TextField(
    id: &'static str,
    label: Text,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional)] on_change: Option<Callback<()>>,
) -> impl IntoView {
    let input_id = format!("faq-{id}");
    view! {
        <div class="field">
            <label for=input_id.clone()>{t(label)}</label>
            <input
                id=input_id
                type="text"
                aria-invalid=invalid(errors, id)
                aria-describedby=format!("faq-{id}-error")
                bind:value=value
                on:change=move |_| {
                    if let Some(on_change) = on_change {
                        on_change.run(());
                    }
                }
            />
            <FieldMessage id errors />
        </div>
    }
}

/// An answer in the help page's markup, with a preview of how citizens will read it.
#[component]
fn AnswerField(
    id: &'static str,
    label: Text,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let input_id = format!("faq-{id}");
    view! {
        <div class="field">
            <label for=input_id.clone()>{t(label)}</label>
            <textarea
                id=input_id
                rows="8"
                aria-invalid=invalid(errors, id)
                aria-describedby=format!("faq-{id}-error")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <FieldMessage id errors />
            <div class="faq-preview">
                <p class="hint">{t(Text::FaqPreview)}</p>
                {move || view! { <FaqAnswer blocks=shared::markup::parse(&value.get()) /> }}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::slug_from;

    #[test]
    fn slugs_are_suggested_from_german_questions() {
        assert_eq!(
            slug_from("Was muss ich mitbringen?"),
            "was-muss-ich-mitbringen"
        );
        assert_eq!(slug_from("Größe & Gebühren"), "groesse-gebuehren");
        assert_eq!(slug_from("?!"), "");
    }
}
