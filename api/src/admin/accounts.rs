//! Staff accounts: who is logged in, listing, creating, changing role and offices, disabling,
//! changing one's own password. Every change is audited.

use super::audit::{self, Change};
use crate::domain::audit::{AuditAction, AuditEntity};
use crate::domain::password;
use crate::domain::staff::StaffIdentity;
use crate::scheduling::{Error, Result, ensure_valid, field};
use crate::store::{StoreError, Tx, sessions, staff};
use chrono::{DateTime, Utc};
use shared::admin::{NewStaffAccount, StaffAccountUpdate};
use shared::auth::{StaffAccount, StaffRole};
use shared::ids::{OfficeId, StaffId};

/// The identity of an enabled account (for tokens and permission checks).
pub async fn identity(tx: &mut Tx, staff_id: i64) -> Result<Option<StaffIdentity>> {
    let Some(row) = staff::account_by_id(tx, staff_id).await? else {
        return Ok(None);
    };
    if row.disabled_at.is_some() {
        return Ok(None);
    }
    let role = parse_role(&row.role)?;
    Ok(Some(StaffIdentity {
        id: row.id,
        username: row.username,
        role,
        offices: staff::offices_of(tx, staff_id).await?,
    }))
}

/// The account of a live session — neither revoked nor expired, the account not disabled —
/// with its role and offices as stored now (re-read on every staff request, so logout,
/// disabling and changed offices take effect at once).
pub async fn identity_of_session(
    tx: &mut Tx,
    session_id: i64,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<StaffIdentity>> {
    let Some((id, username, role)) = sessions::live_account(tx, session_id, staff_id, now).await?
    else {
        return Ok(None);
    };
    Ok(Some(StaffIdentity {
        id,
        username,
        role: parse_role(&role)?,
        offices: staff::offices_of(tx, id).await?,
    }))
}

/// The account that may log in with `username` (none, or disabled: `None`), and its password
/// hash.
pub async fn login_candidate(tx: &mut Tx, username: &str) -> Result<Option<(i64, String)>> {
    Ok(staff::account_by_username(tx, username)
        .await?
        .filter(|account| account.disabled_at.is_none())
        .map(|account| (account.id, account.password_hash)))
}

/// The password hash of an account.
pub async fn password_hash(tx: &mut Tx, staff_id: i64) -> Result<Option<String>> {
    Ok(staff::account_by_id(tx, staff_id)
        .await?
        .map(|account| account.password_hash))
}

fn parse_role(stored: &str) -> Result<StaffRole> {
    StaffRole::parse(stored)
        .ok_or_else(|| Error::Store(StoreError::Corrupt(format!("staff role {stored}"))))
}

fn view(row: &staff::AccountRow, offices: Vec<i64>) -> Result<StaffAccount> {
    Ok(StaffAccount {
        id: StaffId(row.id),
        username: row.username.clone(),
        role: parse_role(&row.role)?,
        offices: offices.into_iter().map(OfficeId).collect(),
        disabled: row.disabled_at.is_some(),
        created_at: row.created_at,
    })
}

/// One account as shown to itself or an administrator.
#[tracing::instrument(skip_all, fields(staff_id = staff_id))]
pub async fn account(tx: &mut Tx, staff_id: i64) -> Result<StaffAccount> {
    let row = staff::account_by_id(tx, staff_id)
        .await?
        .ok_or(Error::NotFound)?;
    let offices = staff::offices_of(tx, staff_id).await?;
    view(&row, offices)
}

#[tracing::instrument(skip_all)]
pub async fn list(tx: &mut Tx) -> Result<Vec<StaffAccount>> {
    let links = staff::all_offices(tx).await?;
    staff::accounts(tx)
        .await?
        .iter()
        .map(|row| {
            let offices = links
                .iter()
                .filter(|(staff_id, _)| *staff_id == row.id)
                .map(|(_, office)| *office)
                .collect();
            view(row, offices)
        })
        .collect()
}

/// Checks the role/offices combination and that the offices exist.
async fn valid_offices(tx: &mut Tx, role: StaffRole, offices: &[OfficeId]) -> Result<Vec<i64>> {
    let mut errors = Vec::new();
    if role != StaffRole::Admin && offices.is_empty() {
        errors.push(field(
            "offices",
            "required",
            "managers and clerks need at least one office",
        ));
    }
    let ids = super::existing_offices(tx, offices, &mut errors).await?;
    ensure_valid(errors)?;
    Ok(ids)
}

/// Creates an account; the password hash is computed by the caller (off the async threads).
#[tracing::instrument(skip_all, fields(actor_id = actor.id))]
pub async fn create(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    request: &NewStaffAccount,
    password_hash: &str,
) -> Result<StaffAccount> {
    let username = request.username.trim();
    let mut errors = Vec::new();
    if username.is_empty()
        || username.chars().count() > 64
        || username.chars().any(char::is_control)
    {
        errors.push(field(
            "username",
            "invalid_username",
            "the username must have 1 to 64 characters, none of them control characters",
        ));
    }
    if let Err(refused) = password::check(&request.password, username) {
        errors.push(field("password", refused.code(), refused.to_string()));
    }
    ensure_valid(errors)?;
    let offices = valid_offices(tx, request.role, &request.offices).await?;
    let id = staff::create_account(
        tx,
        username,
        password_hash,
        request.role.as_str(),
        &offices,
        now,
    )
    .await
    .map_err(|error| match error {
        StoreError::Duplicate(_) => Error::Conflict(
            "username_taken",
            format!("an account `{username}` exists already"),
        ),
        other => other.into(),
    })?;
    let created = account(tx, id).await?;
    audit::record(
        tx,
        actor,
        now,
        Change::of(AuditAction::StaffCreated, AuditEntity::StaffAccount, id).after(&created),
    )
    .await?;
    Ok(created)
}

#[tracing::instrument(skip_all, fields(actor_id = actor.id, staff_id = staff_id))]
pub async fn update(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    staff_id: i64,
    request: &StaffAccountUpdate,
) -> Result<StaffAccount> {
    let before = account(tx, staff_id).await?;
    if staff_id == actor.id && request.role != StaffRole::Admin {
        return Err(Error::Conflict(
            "cannot_demote_self",
            "administrators cannot take away their own administrator role".into(),
        ));
    }
    let offices = valid_offices(tx, request.role, &request.offices).await?;
    staff::set_role_and_offices(tx, staff_id, request.role.as_str(), &offices).await?;
    let after = account(tx, staff_id).await?;
    audit::record(
        tx,
        actor,
        now,
        Change::of(
            AuditAction::StaffUpdated,
            AuditEntity::StaffAccount,
            staff_id,
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    Ok(after)
}

/// Disables an account and ends its sessions at once.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, staff_id = staff_id))]
pub async fn disable(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    staff_id: i64,
) -> Result<StaffAccount> {
    if staff_id == actor.id {
        return Err(Error::Conflict(
            "cannot_disable_self",
            "you cannot disable your own account".into(),
        ));
    }
    let before = account(tx, staff_id).await?;
    staff::disable(tx, staff_id, now).await?;
    sessions::revoke_all_of_staff(tx, staff_id, None, now).await?;
    let after = account(tx, staff_id).await?;
    audit::record(
        tx,
        actor,
        now,
        Change::of(
            AuditAction::StaffDisabled,
            AuditEntity::StaffAccount,
            staff_id,
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    Ok(after)
}

/// Stores a new password hash and ends every other session of the account.
#[tracing::instrument(skip_all, fields(actor_id = actor.id))]
pub async fn set_password(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    current_session: i64,
    new_hash: &str,
) -> Result<()> {
    staff::set_password_hash(tx, actor.id, new_hash).await?;
    sessions::revoke_all_of_staff(tx, actor.id, Some(current_session), now).await?;
    audit::record(
        tx,
        actor,
        now,
        Change::of(
            AuditAction::StaffPasswordChanged,
            AuditEntity::StaffAccount,
            actor.id,
        ),
    )
    .await
}
