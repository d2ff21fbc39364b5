//! `/admin/audit?entity=&page=`: the audit log for administrators — who changed what and when,
//! newest first, with the recorded state before and after each change, filtered by the kind
//! of thing changed, fifty entries a page.

use super::AdminPage;
use super::api;
use super::area::{AdminArea, StaffError, use_staff_offices};
use super::session::Area;
use super::table::{Column, DataTable};
use crate::components::{Loading, PageHeading};
use crate::i18n::admin::{Text, audit_entity_name, audit_page_of, t};
use crate::i18n::{local_date_time, use_locale};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::admin::{AuditEntry, AuditPage};

/// The kinds of things the server records changes of (the `entity` of an entry).
pub const AUDITED_ENTITIES: [&str; 13] = [
    "appointment",
    "booking",
    "office",
    "service",
    "office_service",
    "opening_rule",
    "closure",
    "staff_account",
    "api_client",
    "faq_entry",
    "kiosk",
    "queue_settings",
    // Historical: no longer recorded, old entries can still be found.
    "waiting_time_snapshot",
];

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <AdminArea area=Area::Audit>
            <AuditLog />
        </AdminArea>
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Filter {
    entity: Option<String>,
    page: u32,
}

impl Filter {
    fn path(&self) -> String {
        AdminPage::Audit {
            entity: self.entity.clone(),
            page: (self.page > 1).then_some(self.page),
        }
        .path()
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let filter = Memo::new(move |_| {
        query.with(|q| Filter {
            entity: q
                .get("entity")
                .filter(|entity| AUDITED_ENTITIES.contains(&entity.as_str())),
            page: q
                .get("page")
                .and_then(|page| page.parse().ok())
                .filter(|page| *page >= 1)
                .unwrap_or(1),
        })
    });
    let log = LocalResource::new(move || {
        let Filter { entity, page } = filter.get();
        async move { api::audit(entity.as_deref(), page).await }
    });
    let on_entity = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let filter = Filter {
            entity: (!value.is_empty()).then_some(value),
            page: 1,
        };
        navigate(&filter.path(), Default::default());
    };
    let locale = use_locale();
    view! {
        <PageHeading>{t(Text::AuditTitle)}</PageHeading>
        <p class="lead">{t(Text::AuditIntro)}</p>
        <div class="field">
            <label for="audit-entity">{t(Text::AuditEntityFilter)}</label>
            <select id="audit-entity" on:change=on_entity>
                <option value="" selected=move || filter.get().entity.is_none()>
                    {t(Text::AuditAllEntities)}
                </option>
                {AUDITED_ENTITIES
                    .iter()
                    .map(|entity| {
                        let selected = move || filter.get().entity.as_deref() == Some(*entity);
                        view! {
                            <option value=*entity selected=selected>
                                {move || audit_entity_name(locale.get(), entity)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
        <Transition fallback=Loading>
            {move || {
                log.get()
                    .map(|result| match result {
                        Ok(page) => view! { <AuditTable page filter=filter.get() /> }.into_any(),
                        Err(error) => view! { <StaffError error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn AuditTable(page: AuditPage, filter: Filter) -> impl IntoView {
    let locale = use_locale();
    if page.entries.is_empty() {
        return view! { <p>{t(Text::AuditEmpty)}</p> }.into_any();
    }
    let pages = page.total.div_ceil(u64::from(page.per_page.max(1)));
    let newer = (filter.page > 1).then(|| Filter {
        page: filter.page - 1,
        ..filter.clone()
    });
    let older = (u64::from(filter.page) < pages).then(|| Filter {
        page: filter.page + 1,
        ..filter.clone()
    });
    let rows = page
        .entries
        .into_iter()
        .map(|entry| view! { <AuditRow entry /> })
        .collect_view();
    view! {
        <section aria-labelledby="audit-entries" class="admin-section">
            <h2 id="audit-entries">
                {move || audit_page_of(locale.get(), page.page, pages, page.total)}
            </h2>
            <DataTable labelled_by="audit-entries" class="audit-table" columns=vec![
                Column::Shown(Text::AuditWhen),
                Column::Shown(Text::AuditWho),
                Column::Shown(Text::AuditWhat),
                Column::Shown(Text::AuditSubject),
                Column::Shown(Text::AuditOffice),
                Column::Shown(Text::AuditDetails),
            ]>
                {rows}
            </DataTable>
            <nav class="pager" aria-label=t(Text::AuditPages)>
                {newer.map(|f| view! { <A href=f.path()>{t(Text::AuditNewer)}</A> })}
                {older.map(|f| view! { <A href=f.path()>{t(Text::AuditOlder)}</A> })}
            </nav>
        </section>
    }
    .into_any()
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let locale = use_locale();
    let offices = use_staff_offices();
    let AuditEntry {
        at,
        username,
        action,
        entity,
        entity_id,
        office_id,
        before,
        after,
        ..
    } = entry;
    let office = move || {
        office_id.and_then(|id| {
            offices.0.with(|list| {
                list.iter()
                    .find(|office| office.id == id)
                    .map(|office| office.settings.name.clone())
            })
        })
    };
    let subject = move || {
        let name = audit_entity_name(locale.get(), &entity);
        match &entity_id {
            Some(id) => format!("{name} {id}"),
            None => name.to_string(),
        }
    };
    let details = (before.is_some() || after.is_some()).then(|| {
        view! {
            <details>
                <summary>{t(Text::AuditShowChange)}</summary>
                {before.map(|json| view! { <p>{t(Text::AuditBefore)}</p><pre>{readable(&json)}</pre> })}
                {after.map(|json| view! { <p>{t(Text::AuditAfter)}</p><pre>{readable(&json)}</pre> })}
            </details>
        }
    });
    view! {
        <tr>
            <td>{move || local_date_time(locale.get(), at)}</td>
            <td>{username}</td>
            <td><code>{action}</code></td>
            <td>{subject}</td>
            <td>{office}</td>
            <td>{details}</td>
        </tr>
    }
}

/// A recorded state, one field per line (as recorded if it is not JSON after all).
fn readable(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .and_then(|value| serde_json::to_string_pretty(&value))
        .unwrap_or_else(|_| json.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_page_needs_no_page_number_in_the_address() {
        let first = Filter {
            entity: Some("closure".into()),
            page: 1,
        };
        assert_eq!(first.path(), "/admin/audit?entity=closure");
        let third = Filter {
            entity: None,
            page: 3,
        };
        assert_eq!(third.path(), "/admin/audit?page=3");
    }

    #[test]
    fn recorded_states_are_shown_one_field_per_line_and_other_text_as_it_is() {
        assert_eq!(
            readable(r#"{"reason":"Stromausfall","units":2}"#),
            "{\n  \"reason\": \"Stromausfall\",\n  \"units\": 2\n}"
        );
        assert_eq!(readable("not json"), "not json");
    }
}
