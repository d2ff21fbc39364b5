//! Recording staff changes in the audit log (in the transaction of the change) and reading it.

use crate::domain::audit::{AuditAction, AuditEntity};
use crate::domain::staff::StaffIdentity;
use crate::scheduling::Result;
use crate::store::{Tx, audit};
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::admin::{AuditEntry, AuditPage};
use shared::ids::{OfficeId, StaffId};

/// What changed, for one audit row. `before` and `after` are JSON documents (see [`json`]).
#[derive(Debug)]
pub struct Change {
    pub action: AuditAction,
    pub entity: AuditEntity,
    pub entity_id: Option<String>,
    pub office_id: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Change {
    /// `action` on the thing `entity_id` of kind `entity`; no office, nothing before or after
    /// until said so.
    pub fn of(
        action: AuditAction,
        entity: AuditEntity,
        entity_id: impl std::fmt::Display,
    ) -> Change {
        Change {
            action,
            entity,
            entity_id: Some(entity_id.to_string()),
            office_id: None,
            before: None,
            after: None,
        }
    }

    /// The office the thing belongs to.
    pub fn at_office(self, office_id: i64) -> Change {
        Change {
            office_id: Some(office_id),
            ..self
        }
    }

    /// How the thing was.
    pub fn before(self, value: &impl Serialize) -> Change {
        Change {
            before: json(value),
            ..self
        }
    }

    /// How the thing is now.
    pub fn after(self, value: &impl Serialize) -> Change {
        Change {
            after: json(value),
            ..self
        }
    }
}

/// A value as the JSON document the audit log keeps.
pub fn json<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// Writes one audit row for `actor`.
pub async fn record(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    change: Change,
) -> Result<()> {
    audit::insert(
        tx,
        &audit::NewEntry {
            at: now,
            staff_id: actor.id,
            username: &actor.username,
            action: change.action,
            entity: change.entity,
            entity_id: change.entity_id,
            office_id: change.office_id,
            before: change.before,
            after: change.after,
        },
    )
    .await?;
    Ok(())
}

/// Most entries one page may hold.
pub const MAX_PER_PAGE: u32 = 200;

/// Page `page` (from 1) of the log, newest first.
#[tracing::instrument(skip_all)]
pub async fn page(
    tx: &mut Tx,
    entity: Option<AuditEntity>,
    page: u32,
    per_page: u32,
) -> Result<AuditPage> {
    let page = page.max(1);
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let offset = i64::from(page - 1) * i64::from(per_page);
    let rows = audit::page(tx, entity, i64::from(per_page), offset).await?;
    let total = audit::count(tx, entity).await?;
    Ok(AuditPage {
        entries: rows
            .into_iter()
            .map(|row| AuditEntry {
                id: row.id,
                at: row.at,
                staff_id: row.staff_id.map(StaffId),
                username: row.username,
                action: row.action.as_str().to_owned(),
                entity: row.entity.as_str().to_owned(),
                entity_id: row.entity_id,
                office_id: row.office_id.map(OfficeId),
                before: row.before_json,
                after: row.after_json,
            })
            .collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}
