//! Kiosks of an office, for its managers and administrators: issuing one (its device token is
//! shown once, only its hash is kept), listing them, revoking one. Issuing and revoking are
//! audited, never with the token.

use super::audit::{self, Change};
use crate::domain::audit::{AuditAction, AuditEntity};
use crate::domain::call_queue::{new_kiosk_token, short_label};
use crate::domain::staff::StaffIdentity;
use crate::domain::tokens::hash_token;
use crate::scheduling::setup::OfficeSetup;
use crate::scheduling::{Error, Result, field};
use crate::store::Tx;
use crate::store::kiosks::{self, KioskRow};
use chrono::{DateTime, Utc};
use shared::call_queue::{IssuedKiosk, Kiosk, MAX_KIOSK_NAME_CHARS, NewKiosk};
use shared::ids::{KioskId, OfficeId};

fn view(row: KioskRow) -> Kiosk {
    Kiosk {
        id: KioskId(row.id),
        office_id: OfficeId(row.office_id),
        name: row.name,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
    }
}

/// `GET /admin/offices/{office_id}/kiosks`: the kiosks not revoked, oldest first.
#[tracing::instrument(skip_all, fields(office_id = office_id.0))]
pub async fn list(tx: &mut Tx, office_id: OfficeId) -> Result<Vec<Kiosk>> {
    Ok(kiosks::active_of(tx, office_id.0)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// `POST /admin/offices/{office_id}/kiosks`: a new kiosk and its device token.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0))]
pub async fn issue(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    office_id: OfficeId,
    request: &NewKiosk,
) -> Result<IssuedKiosk> {
    let name = short_label(&request.name, MAX_KIOSK_NAME_CHARS).ok_or_else(|| {
        Error::Invalid(vec![field(
            "name",
            "invalid_name",
            format!("name the kiosk in 1 to {MAX_KIOSK_NAME_CHARS} characters, e.g. Eingang"),
        )])
    })?;
    OfficeSetup::existing(tx, office_id.0).await?;
    let token = new_kiosk_token();
    let row = kiosks::insert(tx, office_id.0, name, &hash_token(&token), actor.id, now).await?;
    let kiosk = view(row);
    audit::record(
        tx,
        actor,
        now,
        Change::of(AuditAction::KioskIssued, AuditEntity::Kiosk, kiosk.id.0)
            .at_office(office_id.0)
            .after(&kiosk),
    )
    .await?;
    Ok(IssuedKiosk { kiosk, token })
}

/// `DELETE /admin/offices/{office_id}/kiosks/{kiosk_id}`: the kiosk's token opens nothing
/// from now on. 404 for a kiosk of another office, or one revoked already.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0))]
pub async fn revoke(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    office_id: OfficeId,
    kiosk_id: KioskId,
) -> Result<()> {
    let row = kiosks::active(tx, office_id.0, kiosk_id.0)
        .await?
        .ok_or(Error::NotFound)?;
    kiosks::revoke(tx, row.id, now).await?;
    audit::record(
        tx,
        actor,
        now,
        Change::of(AuditAction::KioskRevoked, AuditEntity::Kiosk, row.id)
            .at_office(office_id.0)
            .before(&view(row)),
    )
    .await?;
    Ok(())
}
