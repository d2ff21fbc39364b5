//! Editing the help page: managers change the entries of their offices, administrators also
//! those for every office. Entries are validated (the answers must parse without refused
//! links) and every change is audited; the public help reads the table on every request, so
//! changes show at once.

use super::audit::{self, Change};
use crate::domain::audit::{AuditAction, AuditEntity};
use crate::domain::staff::StaffIdentity;
use crate::scheduling::{Error, Result, ensure_valid, field};
use crate::store::catalog;
use crate::store::faq::{self as stored, FaqRow, FaqValues};
use crate::store::{StoreError, Tx};
use chrono::{DateTime, Utc};
use shared::faq::{AdminFaqEntry, FaqEntrySettings, FaqOrder};
use shared::ids::{FaqEntryId, OfficeId};
use shared::markup;
use shared::problem::FieldError;
use std::collections::HashSet;

fn settings_of(row: &FaqRow) -> FaqEntrySettings {
    FaqEntrySettings {
        slug: row.slug.clone(),
        office_id: row.office_id.map(OfficeId),
        group_de: row.group_de.clone(),
        group_en: row.group_en.clone(),
        question_de: row.question_de.clone(),
        question_en: row.question_en.clone(),
        answer_de: row.answer_de.clone(),
        answer_en: row.answer_en.clone(),
        visible: row.visible,
    }
}

fn admin_view(row: &FaqRow, actor: &StaffIdentity) -> AdminFaqEntry {
    AdminFaqEntry {
        id: FaqEntryId(row.id),
        position: row.position,
        editable: actor.may_edit_help(row.office_id),
        settings: settings_of(row),
    }
}

/// Every entry `actor` sees, hidden ones included: administrators all, managers those for
/// every office (read-only) and those of their offices.
#[tracing::instrument(skip_all, fields(actor_id = actor.id))]
pub async fn entries(tx: &mut Tx, actor: &StaffIdentity) -> Result<Vec<AdminFaqEntry>> {
    Ok(stored::all(tx)
        .await?
        .iter()
        .filter(|row| {
            row.office_id.is_none_or(|office| {
                actor
                    .visible_offices()
                    .is_none_or(|ids| ids.contains(&office))
            })
        })
        .map(|row| admin_view(row, actor))
        .collect())
}

fn valid_slug(slug: &str) -> bool {
    (1..=60).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

fn validate(settings: &FaqEntrySettings) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !valid_slug(&settings.slug) {
        errors.push(field(
            "slug",
            "invalid_slug",
            "use 1 to 60 of a-z, 0-9 and -, not at either end",
        ));
    }
    for (name, value, max) in [
        ("group_de", &settings.group_de, 100),
        ("group_en", &settings.group_en, 100),
        ("question_de", &settings.question_de, 300),
        ("question_en", &settings.question_en, 300),
        ("answer_de", &settings.answer_de, 10_000),
        ("answer_en", &settings.answer_en, 10_000),
    ] {
        if value.trim().is_empty() || value.chars().count() > max {
            errors.push(field(
                name,
                "required",
                format!("enter 1 to {max} characters"),
            ));
        }
    }
    for (name, source) in [
        ("answer_de", &settings.answer_de),
        ("answer_en", &settings.answer_en),
    ] {
        for target in markup::rejected_links(source) {
            errors.push(field(
                name,
                "unsafe_link",
                format!(
                    "link target {target:?} is not allowed: use https://, http://, mailto:, tel: or a path starting with /"
                ),
            ));
        }
    }
    errors
}

fn values(settings: &FaqEntrySettings) -> FaqValues<'_> {
    FaqValues {
        office_id: settings.office_id.map(|id| id.0),
        slug: &settings.slug,
        group_de: settings.group_de.trim(),
        group_en: settings.group_en.trim(),
        question_de: settings.question_de.trim(),
        question_en: settings.question_en.trim(),
        answer_de: settings.answer_de.trim(),
        answer_en: settings.answer_en.trim(),
        visible: settings.visible,
    }
}

/// Validates the settings, including that their office exists.
async fn check(tx: &mut Tx, settings: &FaqEntrySettings) -> Result<()> {
    let mut errors = validate(settings);
    if let Some(office) = settings.office_id
        && catalog::office(tx, office.0).await?.is_none()
    {
        errors.push(field("office_id", "unknown_office", "no such office"));
    }
    ensure_valid(errors)
}

fn slug_taken(error: StoreError) -> Error {
    match error {
        StoreError::Duplicate(_) => Error::Invalid(vec![field(
            "slug",
            "slug_taken",
            "another entry has this slug",
        )]),
        other => other.into(),
    }
}

async fn load(tx: &mut Tx, id: i64) -> Result<FaqRow> {
    stored::get(tx, id).await?.ok_or(Error::NotFound)
}

/// The audit row of a change to entry `id`.
fn change(
    action: AuditAction,
    id: i64,
    office_id: Option<i64>,
    before: Option<String>,
    after: Option<String>,
) -> Change {
    Change {
        action,
        entity: AuditEntity::FaqEntry,
        entity_id: Some(id.to_string()),
        office_id,
        before,
        after,
    }
}

/// Creates an entry at the end. The caller has checked `may_edit_help(settings.office_id)`.
#[tracing::instrument(skip_all, fields(actor_id = actor.id))]
pub async fn create(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    settings: &FaqEntrySettings,
) -> Result<AdminFaqEntry> {
    check(tx, settings).await?;
    let id = stored::insert(tx, &values(settings))
        .await
        .map_err(slug_taken)?;
    let row = load(tx, id).await?;
    let settings = settings_of(&row);
    audit::record(
        tx,
        actor,
        now,
        change(
            AuditAction::FaqEntryCreated,
            id,
            row.office_id,
            None,
            audit::json(&settings),
        ),
    )
    .await?;
    Ok(admin_view(&row, actor))
}

/// Changes an entry; 403 unless `actor` may edit it both where it is and where it goes.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, id = id))]
pub async fn update(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    id: i64,
    settings: &FaqEntrySettings,
) -> Result<AdminFaqEntry, UpdateError> {
    let before = load(tx, id).await?;
    if !actor.may_edit_help(before.office_id) {
        return Err(UpdateError::NotAllowed);
    }
    check(tx, settings).await?;
    stored::update(tx, id, &values(settings))
        .await
        .map_err(slug_taken)?;
    let row = load(tx, id).await?;
    audit::record(
        tx,
        actor,
        now,
        change(
            AuditAction::FaqEntryUpdated,
            id,
            row.office_id,
            audit::json(&settings_of(&before)),
            audit::json(&settings_of(&row)),
        ),
    )
    .await?;
    Ok(admin_view(&row, actor))
}

/// Deletes an entry; 403 unless `actor` may edit it.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, id = id))]
pub async fn delete(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    id: i64,
) -> Result<(), UpdateError> {
    let before = load(tx, id).await?;
    if !actor.may_edit_help(before.office_id) {
        return Err(UpdateError::NotAllowed);
    }
    stored::delete(tx, id).await?;
    audit::record(
        tx,
        actor,
        now,
        change(
            AuditAction::FaqEntryDeleted,
            id,
            before.office_id,
            audit::json(&settings_of(&before)),
            None,
        ),
    )
    .await?;
    Ok(())
}

/// Puts the listed entries, in the given order, onto the positions they occupy now; other
/// entries keep theirs. 403 unless `actor` may edit every listed entry.
#[tracing::instrument(skip_all, fields(actor_id = actor.id))]
pub async fn reorder(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    order: &FaqOrder,
) -> Result<Vec<AdminFaqEntry>, UpdateError> {
    let ids: Vec<i64> = order.ids.iter().map(|id| id.0).collect();
    let unique: HashSet<i64> = ids.iter().copied().collect();
    if ids.is_empty() || unique.len() != ids.len() {
        return Err(Error::Invalid(vec![field(
            "ids",
            "invalid_order",
            "list each entry once, at least one",
        )])
        .into());
    }
    let rows = stored::all(tx).await?;
    let mut listed = Vec::with_capacity(ids.len());
    for id in &ids {
        let row = rows.iter().find(|row| row.id == *id).ok_or_else(|| {
            Error::Invalid(vec![field(
                "ids",
                "unknown_entry",
                format!("no entry {id}"),
            )])
        })?;
        if !actor.may_edit_help(row.office_id) {
            return Err(UpdateError::NotAllowed);
        }
        listed.push(row);
    }
    let before: Vec<(i64, i64)> = listed.iter().map(|row| (row.id, row.position)).collect();
    let mut positions: Vec<i64> = listed.iter().map(|row| row.position).collect();
    positions.sort_unstable();
    let mut after = Vec::with_capacity(ids.len());
    let mut previous: Option<i64> = None;
    for (id, mut position) in ids.iter().zip(positions) {
        // Equal positions (never written here, but possible by hand) are spread apart.
        if let Some(previous) = previous
            && position <= previous
        {
            position = previous + 1;
        }
        stored::set_position(tx, *id, position).await?;
        after.push((*id, position));
        previous = Some(position);
    }
    audit::record(
        tx,
        actor,
        now,
        change(
            AuditAction::FaqEntryReordered,
            ids[0],
            None,
            audit::json(&before),
            audit::json(&after),
        ),
    )
    .await?;
    Ok(entries(tx, actor).await?)
}

/// A refusal of a change to an existing entry: not allowed (403), or a use-case error.
#[derive(Debug)]
pub enum UpdateError {
    NotAllowed,
    Failed(Error),
}

impl From<Error> for UpdateError {
    fn from(error: Error) -> Self {
        UpdateError::Failed(error)
    }
}

impl From<StoreError> for UpdateError {
    fn from(error: StoreError) -> Self {
        UpdateError::Failed(error.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> FaqEntrySettings {
        FaqEntrySettings {
            slug: "absagen".into(),
            office_id: None,
            group_de: "Termine".into(),
            group_en: "Appointments".into(),
            question_de: "Wie sage ich ab?".into(),
            question_en: "How do I cancel?".into(),
            answer_de: "Über den [Link](/help).".into(),
            answer_en: "With the [link](/help).".into(),
            visible: true,
        }
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_hyphens() {
        for good in ["absagen", "was-mitbringen", "a1"] {
            assert!(valid_slug(good), "{good}");
        }
        for bad in ["", "-x", "x-", "Groß", "a b", "a/b", &"x".repeat(61)] {
            assert!(!valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn answers_with_refused_links_are_invalid_and_name_the_field() {
        assert!(validate(&settings()).is_empty());
        let hostile = FaqEntrySettings {
            answer_en: "[click](javascript:alert(1))".into(),
            ..settings()
        };
        let errors = validate(&hostile);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            ("answer_en", "unsafe_link")
        );
    }
}
