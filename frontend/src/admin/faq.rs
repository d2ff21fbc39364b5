//! `/admin/faq`: managers and administrators edit the questions and answers of the help page.
//! Every entry the account sees (hidden ones too) is listed with edit, move and delete; one
//! entry at a time is edited in [`FaqEntryEditor`].

use super::api;
use super::area::{AdminArea, StaffError, use_staff_offices};
use super::faq_editor::{EntryForm, FaqEntryEditor};
use super::session::Area;
use crate::api::{ApiError, ApiResult};
use crate::components::{Announcer, Loading, PageHeading, use_announcer};
use crate::i18n::admin::{Text, t};
use crate::i18n::{Locale, use_locale};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::faq::AdminFaqEntry;
use shared::ids::FaqEntryId;

#[component]
pub fn FaqPage() -> impl IntoView {
    view! {
        <AdminArea area=Area::Faq>
            <FaqEntries />
        </AdminArea>
    }
}

/// The list of entries, the editor above it when open, and the last failure.
#[component]
fn FaqEntries() -> impl IntoView {
    let reloads = RwSignal::new(0_u32);
    let entries = LocalResource::new(move || {
        reloads.track();
        api::faq_entries()
    });
    let reload = Callback::new(move |()| reloads.update(|n| *n += 1));
    let form = EntryForm::new();
    let editing = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let start_editing = move |entry: Option<AdminFaqEntry>| {
        form.fill(entry.as_ref());
        failure.set(None);
        editing.set(true);
    };
    let changes = Changes {
        failure,
        on_changed: reload,
        announcer: use_announcer(),
        locale: use_locale(),
    };
    let on_done = Callback::new(move |()| {
        editing.set(false);
        reload.run(());
    });

    view! {
        <PageHeading>{t(Text::FaqTitle)}</PageHeading>
        <p class="lead">{t(Text::FaqIntro)}</p>
        {move || failure.get().map(|error| view! { <StaffError error /> })}
        {move || editing.get().then(|| view! { <FaqEntryEditor form failure on_done /> })}
        <p hidden=move || editing.get()>
            <button type="button" class="button" on:click=move |_| start_editing(None)>
                {t(Text::FaqNew)}
            </button>
        </p>
        <Transition fallback=Loading>
            {move || {
                entries
                    .get()
                    .map(|result| match result {
                        Ok(list) => {
                            let on_edit = Callback::new(move |entry| start_editing(Some(entry)));
                            view! { <EntryList entries=list on_edit changes /> }.into_any()
                        }
                        Err(error) => view! { <StaffError error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// How a change made from the list ends: announced and the list reloaded, or the failure shown.
#[derive(Debug, Clone, Copy)]
struct Changes {
    failure: RwSignal<Option<ApiError>>,
    on_changed: Callback<()>,
    announcer: Announcer,
    locale: RwSignal<Locale>,
}

impl Changes {
    fn run<T>(self, change: impl Future<Output = ApiResult<T>> + 'static, done: Text) {
        spawn_local(async move {
            match change.await {
                Ok(_) => {
                    self.failure.set(None);
                    self.announcer.say(done.get(self.locale.get_untracked()));
                    self.on_changed.run(());
                }
                Err(error) => self.failure.set(Some(error)),
            }
        });
    }
}

#[component]
fn EntryList(
    entries: Vec<AdminFaqEntry>,
    on_edit: Callback<AdminFaqEntry>,
    changes: Changes,
) -> impl IntoView {
    // An entry moves by swapping places with its editable neighbour.
    let movable = |index: usize| entries.get(index).filter(|e| e.editable).map(|e| e.id);
    let neighbours: Vec<(Option<FaqEntryId>, Option<FaqEntryId>)> = entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let up = index.checked_sub(1).and_then(movable);
            let down = movable(index + 1);
            if entry.editable {
                (up, down)
            } else {
                (None, None)
            }
        })
        .collect();
    view! {
        <h2>{t(Text::FaqEntries)}</h2>
        <ol class="faq-admin-list">
            {entries
                .into_iter()
                .zip(neighbours)
                .map(|(entry, (up, down))| view! { <EntryItem entry up down on_edit changes /> })
                .collect_view()}
        </ol>
    }
}

/// One entry: its question, where it applies and whether it shows, and its actions.
#[component]
fn EntryItem(
    entry: AdminFaqEntry,
    /// The entry above to swap places with, if it may move up.
    up: Option<FaqEntryId>,
    /// The entry below to swap places with, if it may move down.
    down: Option<FaqEntryId>,
    on_edit: Callback<AdminFaqEntry>,
    changes: Changes,
) -> impl IntoView {
    let offices = use_staff_offices();
    let locale = use_locale();
    let id = entry.id;
    let settings = entry.settings.clone();
    let office = settings.office_id;
    let office_name = move || match office {
        None => Text::FaqAllOffices.get(locale.get()).to_owned(),
        Some(id) => offices.0.with(|list| {
            list.iter()
                .find(|o| o.id == id)
                .map_or_else(|| format!("#{id}"), |o| o.settings.name.clone())
        }),
    };
    let question = settings.question_de.clone();
    let edit = {
        let entry = entry.clone();
        move || on_edit.run(entry.clone())
    };
    let swap = move |ids: Option<[FaqEntryId; 2]>| {
        if let Some(ids) = ids {
            changes.run(api::reorder_faq(ids.to_vec()), Text::Saved);
        }
    };
    let delete = move || {
        let sure = window()
            .confirm_with_message(Text::FaqDeleteConfirm.get(locale.get_untracked()))
            .unwrap_or(false);
        if sure {
            changes.run(api::delete_faq_entry(id), Text::FaqDeleted);
        }
    };
    view! {
        <li class="faq-admin-entry">
            <p class="faq-admin-question">
                <strong>{question.clone()}</strong>
            </p>
            <p class="hint">
                {settings.group_de} " · " {office_name} " · " {settings.slug}
                {(!settings.visible).then(|| view! { " · " {t(Text::FaqHidden)} })}
                {(!entry.editable).then(|| view! { " · " {t(Text::FaqReadOnly)} })}
            </p>
            <div class="button-row" hidden=!entry.editable>
                <EntryButton label=Text::FaqEdit question=question.clone() on_click=edit />
                <EntryButton
                    label=Text::FaqUp
                    question=question.clone()
                    disabled=up.is_none()
                    on_click=move || swap(up.map(|previous| [id, previous]))
                />
                <EntryButton
                    label=Text::FaqDown
                    question=question.clone()
                    disabled=down.is_none()
                    on_click=move || swap(down.map(|next| [next, id]))
                />
                <EntryButton label=Text::FaqDelete question class="button danger" on_click=delete />
            </div>
        </li>
    }
}

/// An action on one entry; screen readers hear which entry (`Bearbeiten: <question>`).
#[component]
fn EntryButton(
    label: Text,
    question: String,
    on_click: impl Fn() + 'static,
    #[prop(optional)] disabled: bool,
    #[prop(default = "button secondary")] class: &'static str,
) -> impl IntoView {
    view! {
        <button type="button" class=class disabled=disabled on:click=move |_| on_click()>
            {t(label)}
            <span class="visually-hidden">{format!(": {question}")}</span>
        </button>
    }
}
