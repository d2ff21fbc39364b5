//! How an office runs its call queue, for its managers and administrators: the order of
//! calling, from when an appointment counts as late, and the daily contingent of walk-in
//! tickets. Changes are audited with the settings before and after.

use super::audit::{self, Change};
use crate::domain::audit::{AuditAction, AuditEntity};
use crate::domain::staff::StaffIdentity;
use crate::scheduling::setup::OfficeSetup;
use crate::scheduling::{Error, Result, field};
use crate::store::{Tx, queue_settings};
use chrono::{DateTime, Utc};
use shared::call_queue::{MAX_LATE_AFTER_MINUTES, MAX_WALK_IN_LIMIT, QueueSettings};
use shared::ids::OfficeId;

/// `GET /admin/offices/{office_id}/queue-settings`: the office's settings (the defaults when
/// it never changed them). 404 for an office that does not exist.
#[tracing::instrument(skip_all, fields(office_id = office_id.0))]
pub async fn show(tx: &mut Tx, office_id: OfficeId) -> Result<QueueSettings> {
    let setup = OfficeSetup::existing(tx, office_id.0).await?;
    Ok(queue_settings::of_office(tx, setup.id()).await?)
}

/// Refusals of settings out of range, by field.
fn checked(settings: &QueueSettings) -> Result<()> {
    let mut problems = Vec::new();
    if settings.late_after_minutes > MAX_LATE_AFTER_MINUTES {
        problems.push(field(
            "late_after_minutes",
            "out_of_range",
            format!("say from 0 to {MAX_LATE_AFTER_MINUTES} minutes"),
        ));
    }
    if settings
        .walk_in_limit
        .is_some_and(|n| n > MAX_WALK_IN_LIMIT)
    {
        problems.push(field(
            "walk_in_limit",
            "out_of_range",
            format!("say from 0 to {MAX_WALK_IN_LIMIT} tickets, or no limit"),
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

/// `PUT /admin/offices/{office_id}/queue-settings`: replaces the office's settings; they apply
/// to the next call, check-in and ticket. Answers with what was stored.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0))]
pub async fn update(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    office_id: OfficeId,
    settings: &QueueSettings,
) -> Result<QueueSettings> {
    checked(settings)?;
    let before = show(tx, office_id).await?;
    queue_settings::save(tx, office_id.0, settings, now).await?;
    let change = Change::of(
        AuditAction::QueueSettingsUpdated,
        AuditEntity::QueueSettings,
        office_id.0,
    )
    .at_office(office_id.0)
    .before(&before)
    .after(settings);
    audit::record(tx, actor, now, change).await?;
    Ok(*settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_beyond_four_hours_late_or_a_thousand_tickets_are_refused_by_field() {
        assert!(checked(&QueueSettings::default()).is_ok());
        let edge = QueueSettings {
            late_after_minutes: MAX_LATE_AFTER_MINUTES,
            walk_in_limit: Some(MAX_WALK_IN_LIMIT),
            ..QueueSettings::default()
        };
        assert!(checked(&edge).is_ok());
        let beyond = QueueSettings {
            late_after_minutes: MAX_LATE_AFTER_MINUTES + 1,
            walk_in_limit: Some(MAX_WALK_IN_LIMIT + 1),
            ..QueueSettings::default()
        };
        let Err(Error::Invalid(problems)) = checked(&beyond) else {
            panic!("refused");
        };
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["late_after_minutes", "walk_in_limit"]);
    }
}
