//! `/admin/faq`: staff edit the questions and answers of the help page. Self-contained: without
//! a session cookie it offers the staff login (`POST /auth/login` sets the cookies), then lists
//! every entry the account sees (hidden ones too) with edit, move and delete, and edits one
//! entry at a time in both languages with a live preview of the answers.

use crate::api::{self, ApiError};
use crate::components::{ErrorNotice, FaqAnswer, Loading, PageHeading, use_announcer};
use crate::i18n::{Text, t, use_locale};
use crate::store::use_catalog;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::faq::{AdminFaqEntry, FaqEntrySettings};
use shared::ids::{FaqEntryId, OfficeId};
use shared::problem::FieldError;

/// What the page shows.
#[derive(Debug, Clone)]
enum State {
    Loading,
    LoggedOut,
    Forbidden,
    Failed(ApiError),
    Ready(Vec<AdminFaqEntry>),
}

impl From<Result<Vec<AdminFaqEntry>, ApiError>> for State {
    fn from(result: Result<Vec<AdminFaqEntry>, ApiError>) -> Self {
        match result {
            Ok(entries) => State::Ready(entries),
            Err(error) if error.status == 401 => State::LoggedOut,
            Err(error) if error.status == 403 => State::Forbidden,
            Err(error) => State::Failed(error),
        }
    }
}

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

/// The entry being edited.
#[derive(Debug, Clone, Copy)]
struct Form {
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
}

impl Form {
    fn new() -> Self {
        Form {
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
        }
    }

    fn fill(&self, entry: Option<&AdminFaqEntry>) {
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
}

/// The message for an invalid field, by its stable code.
fn field_text(code: &str) -> Text {
    match code {
        "unsafe_link" => Text::AdminFaqUnsafeLink,
        "slug_taken" => Text::AdminFaqSlugTaken,
        "invalid_slug" => Text::AdminFaqSlugInvalid,
        "required" => Text::AdminFaqRequired,
        _ => Text::ErrFieldInvalid,
    }
}

#[component]
pub fn AdminFaqPage() -> impl IntoView {
    let state = RwSignal::new(State::Loading);
    let load = move || spawn_local(async move { state.set(api::admin_faq().await.into()) });
    load();
    let form = Form::new();
    let editing = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);

    let start_editing = move |entry: Option<AdminFaqEntry>| {
        form.fill(entry.as_ref());
        errors.set(Vec::new());
        failure.set(None);
        editing.set(true);
    };

    view! {
        <PageHeading>{t(Text::AdminFaqTitle)}</PageHeading>
        {move || match state.get() {
            State::Loading => view! { <Loading /> }.into_any(),
            State::LoggedOut => view! { <LoginForm on_login=Callback::new(move |()| load()) /> }
                .into_any(),
            State::Forbidden => view! {
                <p class="notice notice-error" role="alert">{t(Text::AdminNoPermission)}</p>
            }
            .into_any(),
            State::Failed(error) => view! {
                <ErrorNotice error retry=Callback::new(move |()| load()) />
            }
            .into_any(),
            State::Ready(entries) => view! {
                <p class="lead">{t(Text::AdminFaqIntro)}</p>
                {move || failure.get().map(|error| view! { <ErrorNotice error /> })}
                {move || {
                    editing
                        .get()
                        .then(|| {
                            view! {
                                <Editor
                                    form
                                    errors
                                    failure
                                    on_done=Callback::new(move |()| {
                                        editing.set(false);
                                        load();
                                    })
                                />
                            }
                        })
                }}
                <p hidden=move || editing.get()>
                    <button type="button" class="button" on:click=move |_| start_editing(None)>
                        {t(Text::AdminFaqNew)}
                    </button>
                </p>
                <EntryList
                    entries
                    on_edit=Callback::new(move |entry| start_editing(Some(entry)))
                    failure
                    on_changed=Callback::new(move |()| load())
                />
            }
            .into_any(),
        }}
    }
}

#[component]
fn LoginForm(on_login: Callback<()>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let failed = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (user, pass) = (username.get_untracked(), password.get_untracked());
        spawn_local(async move {
            match api::staff_login(&user, &pass).await {
                Ok(()) => on_login.run(()),
                Err(_) => failed.set(true),
            }
        });
    };
    view! {
        <section aria-labelledby="login-title">
            <h2 id="login-title">{t(Text::AdminLoginTitle)}</h2>
            <p>{t(Text::AdminLoginNeeded)}</p>
            <form on:submit=submit>
                <p class="notice notice-error" role="alert" hidden=move || !failed.get()>
                    {t(Text::AdminLoginFailed)}
                </p>
                <div class="field">
                    <label for="login-username">{t(Text::AdminUsername)}</label>
                    <input id="login-username" type="text" autocomplete="username" bind:value=username />
                </div>
                <div class="field">
                    <label for="login-password">{t(Text::AdminPassword)}</label>
                    <input
                        id="login-password"
                        type="password"
                        autocomplete="current-password"
                        bind:value=password
                    />
                </div>
                <button type="submit" class="button">{t(Text::AdminLogin)}</button>
            </form>
        </section>
    }
}

#[component]
fn EntryList(
    entries: Vec<AdminFaqEntry>,
    on_edit: Callback<AdminFaqEntry>,
    failure: RwSignal<Option<ApiError>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let catalog = use_catalog();
    let locale = use_locale();
    let announcer = use_announcer();
    let run = move |change: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<(), ApiError>>>,
    >,
                    done: Text| {
        spawn_local(async move {
            match change.await {
                Ok(()) => {
                    failure.set(None);
                    announcer.say(done.get(locale.get_untracked()));
                    on_changed.run(());
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let count = entries.len();
    let editable: Vec<bool> = entries.iter().map(|e| e.editable).collect();
    let ids: Vec<FaqEntryId> = entries.iter().map(|e| e.id).collect();
    view! {
        <h2>{t(Text::AdminFaqEntries)}</h2>
        <ol class="faq-admin-list">
            {entries
                .into_iter()
                .enumerate()
                .map(|(index, entry)| {
                    let id = entry.id;
                    let question = entry.settings.question_de.clone();
                    let office = entry.settings.office_id;
                    let office_name = move || match office {
                        None => Text::AdminFaqAllOffices.get(locale.get()).to_owned(),
                        Some(id) => catalog.office(id).map(|o| o.name).unwrap_or_else(|| format!("#{id}")),
                    };
                    let may_move = |other: Option<usize>| {
                        entry.editable && other.is_some_and(|o| o < count && editable[o])
                    };
                    let up = may_move(index.checked_sub(1)).then(|| ids[index - 1]);
                    let down = may_move(Some(index + 1)).then(|| ids.get(index + 1).copied()).flatten();
                    let hidden_name = format!(": {question}");
                    let edit_entry = entry.clone();
                    view! {
                        <li class="faq-admin-entry">
                            <p class="faq-admin-question">
                                <strong>{question}</strong>
                            </p>
                            <p class="hint">
                                {entry.settings.group_de.clone()} " · " {office_name} " · " {entry.settings.slug.clone()}
                                {(!entry.settings.visible).then(|| view! { " · " {t(Text::AdminFaqHidden)} })}
                                {(!entry.editable).then(|| view! { " · " {t(Text::AdminFaqReadOnly)} })}
                            </p>
                            <div class="button-row" hidden=!entry.editable>
                                <button type="button" class="button secondary" on:click=move |_| on_edit.run(edit_entry.clone())>
                                    {t(Text::AdminFaqEdit)}
                                    <span class="visually-hidden">{hidden_name.clone()}</span>
                                </button>
                                <button
                                    type="button"
                                    class="button secondary"
                                    disabled=up.is_none()
                                    on:click=move |_| {
                                        if let Some(previous) = up {
                                            run(Box::pin(async move { api::reorder_faq(vec![id, previous]).await.map(|_| ()) }), Text::AdminFaqSaved);
                                        }
                                    }
                                >
                                    {t(Text::AdminFaqUp)}
                                    <span class="visually-hidden">{hidden_name.clone()}</span>
                                </button>
                                <button
                                    type="button"
                                    class="button secondary"
                                    disabled=down.is_none()
                                    on:click=move |_| {
                                        if let Some(next) = down {
                                            run(Box::pin(async move { api::reorder_faq(vec![next, id]).await.map(|_| ()) }), Text::AdminFaqSaved);
                                        }
                                    }
                                >
                                    {t(Text::AdminFaqDown)}
                                    <span class="visually-hidden">{hidden_name.clone()}</span>
                                </button>
                                <button
                                    type="button"
                                    class="button danger"
                                    on:click=move |_| {
                                        let sure = window()
                                            .confirm_with_message(Text::AdminFaqDeleteConfirm.get(locale.get_untracked()))
                                            .unwrap_or(false);
                                        if sure {
                                            run(Box::pin(api::delete_faq_entry(id)), Text::AdminFaqDeleted);
                                        }
                                    }
                                >
                                    {t(Text::AdminFaqDelete)}
                                    <span class="visually-hidden">{hidden_name}</span>
                                </button>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn Editor(
    form: Form,
    errors: RwSignal<Vec<FieldError>>,
    failure: RwSignal<Option<ApiError>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let catalog = use_catalog();
    let locale = use_locale();
    let announcer = use_announcer();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = form.settings();
        let id = form.id.get_untracked();
        spawn_local(async move {
            let result = match id {
                Some(id) => api::update_faq_entry(id, &settings).await,
                None => api::create_faq_entry(&settings).await,
            };
            match result {
                Ok(_) => {
                    errors.set(Vec::new());
                    failure.set(None);
                    announcer.say(Text::AdminFaqSaved.get(locale.get_untracked()));
                    on_done.run(());
                }
                Err(error) if error.status == 422 => {
                    announcer.say(Text::AdminFaqInvalid.get(locale.get_untracked()));
                    errors.set(error.errors);
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let suggest_slug = move |_| {
        if form.id.get_untracked().is_none() && form.slug.get_untracked().is_empty() {
            form.slug.set(slug_from(&form.question_de.get_untracked()));
        }
    };
    view! {
        <form class="faq-editor" on:submit=save>
            <p class="notice notice-error" role="alert" hidden=move || errors.with(Vec::is_empty)>
                {t(Text::AdminFaqInvalid)}
            </p>
            <TextField id="question_de" label=Text::AdminFaqQuestionDe value=form.question_de errors on_change=Callback::new(suggest_slug) />
            <TextField id="question_en" label=Text::AdminFaqQuestionEn value=form.question_en errors />
            <TextField id="slug" label=Text::AdminFaqSlug value=form.slug errors />
            <div class="field">
                <label for="faq-office_id">{t(Text::AdminFaqOffice)}</label>
                <select id="faq-office_id" on:change=move |ev| form.office.set(event_target_value(&ev))>
                    <option value="" selected=move || form.office.get().is_empty()>
                        {t(Text::AdminFaqAllOffices)}
                    </option>
                    {move || {
                        catalog
                            .offices
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|office| {
                                let value = office.id.to_string();
                                let selected = {
                                    let value = value.clone();
                                    move || form.office.get() == value
                                };
                                view! { <option value=value selected=selected>{office.name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <FieldMessage id="office_id" errors />
            </div>
            <TextField id="group_de" label=Text::AdminFaqGroupDe value=form.group_de errors />
            <TextField id="group_en" label=Text::AdminFaqGroupEn value=form.group_en errors />
            <AnswerField id="answer_de" label=Text::AdminFaqAnswerDe value=form.answer_de errors />
            <AnswerField id="answer_en" label=Text::AdminFaqAnswerEn value=form.answer_en errors />
            <div class="field checkbox">
                <input id="faq-visible" type="checkbox" bind:checked=form.visible />
                <label for="faq-visible">{t(Text::AdminFaqVisible)}</label>
            </div>
            <div class="button-row">
                <button type="submit" class="button">{t(Text::AdminFaqSave)}</button>
                <button type="button" class="button secondary" on:click=move |_| on_done.run(())>
                    {t(Text::AdminFaqCancel)}
                </button>
            </div>
        </form>
    }
}

/// The messages of the API for one field, if any.
#[component]
fn FieldMessage(id: &'static str, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let locale = use_locale();
    let message = move || {
        errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == id)
                .map(|e| field_text(&e.code).get(locale.get()))
        })
    };
    view! {
        <p class="field-error" id=format!("faq-{id}-error") hidden=move || message().is_none()>
            {message}
        </p>
    }
}

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
                <p class="hint">{t(Text::AdminFaqPreview)}</p>
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
