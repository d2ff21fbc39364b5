//! API clients of third-party portals, for administrators: listing, creating (the key is
//! issued once), changing scopes, offices, quota and webhook, revoking. Every change is audited
//! (never with a key or secret).

use super::audit::{self, Change};
use crate::domain::audit::{AuditAction, AuditEntity};
use crate::domain::network::WebhookTargets;
use crate::domain::portal::{
    self, key_prefix, new_api_key, new_webhook_secret, parse_scopes, stored_scopes,
};
use crate::domain::staff::StaffIdentity;
use crate::domain::tokens::hash_token;
use crate::portal::targets::TargetError;
use crate::scheduling::{Error, Result, ensure_valid, field};
use crate::store::api_clients::{self, ClientRow, ClientSettings, NewClient};
use crate::store::{StoreError, Tx};
use chrono::{DateTime, Utc};
use shared::ids::{ApiClientId, OfficeId};
use shared::portal::{ApiClient, ApiClientUpdate, ApiClientWithSecrets, ApiScope, NewApiClient};
use shared::problem::FieldError;

/// Largest quota an administrator may grant.
pub const MAX_REQUESTS_PER_MINUTE: u32 = 100_000;
/// Longest client name.
pub const MAX_NAME_CHARS: usize = 100;

fn view(row: &ClientRow, offices: Vec<i64>) -> ApiClient {
    ApiClient {
        id: ApiClientId(row.id),
        name: row.name.clone(),
        key_prefix: row.key_prefix.clone(),
        scopes: parse_scopes(&row.scopes),
        offices: offices.into_iter().map(OfficeId).collect(),
        requests_per_minute: u32::try_from(row.requests_per_minute).unwrap_or(0),
        webhook_url: row.webhook_url.clone(),
        created_at: row.created_at,
        revoked_at: row.revoked_at,
    }
}

#[tracing::instrument(skip_all)]
pub async fn list(tx: &mut Tx) -> Result<Vec<ApiClient>> {
    let links = api_clients::all_offices(tx).await?;
    Ok(api_clients::all(tx)
        .await?
        .iter()
        .map(|row| {
            let offices = links
                .iter()
                .filter(|(client, _)| *client == row.id)
                .map(|(_, office)| *office)
                .collect();
            view(row, offices)
        })
        .collect())
}

#[tracing::instrument(skip_all, fields(id = id))]
pub async fn client(tx: &mut Tx, id: i64) -> Result<ApiClient> {
    let row = api_clients::by_id(tx, id).await?.ok_or(Error::NotFound)?;
    let offices = api_clients::offices_of(tx, id).await?;
    Ok(view(&row, offices))
}

/// Checks where a webhook URL leads, after DNS resolution (`portal::targets`); call it before
/// opening the transaction, as resolving may take a moment. A name that does not resolve yet
/// is accepted: every delivery checks again.
#[tracing::instrument(skip_all)]
pub async fn check_webhook_target(url: Option<&str>, targets: &WebhookTargets) -> Result<()> {
    let Some(Ok(url)) = url.map(portal::parse_webhook_url) else {
        return Ok(());
    };
    match crate::portal::targets::check(&url, targets).await {
        Ok(_) | Err(TargetError::Unresolvable(_)) => Ok(()),
        Err(refused) => ensure_valid(vec![field(
            "webhook_url",
            "webhook_target_refused",
            refused.to_string(),
        )]),
    }
}

/// The settings every create and update checks, in valid form.
struct ValidSettings {
    name: String,
    scopes: String,
    offices: Vec<i64>,
    requests_per_minute: i64,
    webhook_url: Option<String>,
}

async fn validate(
    tx: &mut Tx,
    name: &str,
    scopes: &[ApiScope],
    offices: &[OfficeId],
    requests_per_minute: u32,
    webhook_url: Option<&str>,
) -> Result<ValidSettings> {
    let mut errors: Vec<FieldError> = Vec::new();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        errors.push(field(
            "name",
            "invalid_name",
            format!("the name must have 1 to {MAX_NAME_CHARS} characters"),
        ));
    }
    if scopes.is_empty() {
        errors.push(field("scopes", "required", "grant at least one scope"));
    }
    if !(1..=MAX_REQUESTS_PER_MINUTE).contains(&requests_per_minute) {
        errors.push(field(
            "requests_per_minute",
            "out_of_range",
            format!("the quota must be 1 to {MAX_REQUESTS_PER_MINUTE} requests per minute"),
        ));
    }
    let webhook_url = match webhook_url.map(portal::parse_webhook_url) {
        Some(Ok(url)) => Some(url.to_string()),
        Some(Err(error)) => {
            errors.push(field(
                "webhook_url",
                "invalid_webhook_url",
                error.to_string(),
            ));
            None
        }
        None => None,
    };
    let offices = super::existing_offices(tx, offices, &mut errors).await?;
    ensure_valid(errors)?;
    Ok(ValidSettings {
        name: name.to_owned(),
        scopes: stored_scopes(scopes),
        offices,
        requests_per_minute: i64::from(requests_per_minute),
        webhook_url,
    })
}

fn name_taken(name: &str) -> impl FnOnce(StoreError) -> Error + '_ {
    move |error| match error {
        StoreError::Duplicate(_) => Error::Conflict(
            "name_taken",
            format!("an API client `{name}` exists already"),
        ),
        other => other.into(),
    }
}

/// Creates a client with a fresh key (and a webhook secret if it has a webhook URL).
#[tracing::instrument(skip_all, fields(actor_id = actor.id))]
pub async fn create(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    request: &NewApiClient,
) -> Result<ApiClientWithSecrets> {
    let settings = validate(
        tx,
        &request.name,
        &request.scopes,
        &request.offices,
        request.requests_per_minute,
        request.webhook_url.as_deref(),
    )
    .await?;
    let key = new_api_key();
    let webhook_secret = settings.webhook_url.as_ref().map(|_| new_webhook_secret());
    let id = api_clients::insert(
        tx,
        &NewClient {
            name: &settings.name,
            key_hash: &hash_token(&key),
            key_prefix: &key_prefix(&key),
            scopes: &settings.scopes,
            requests_per_minute: settings.requests_per_minute,
            webhook_url: settings.webhook_url.as_deref(),
            webhook_secret: webhook_secret.as_deref(),
            created_at: now,
        },
    )
    .await
    .map_err(name_taken(&settings.name))?;
    api_clients::set_offices(tx, id, &settings.offices).await?;
    let created = client(tx, id).await?;
    audit::record(
        tx,
        actor,
        now,
        Change::of(AuditAction::ApiClientCreated, AuditEntity::ApiClient, id).after(&created),
    )
    .await?;
    Ok(ApiClientWithSecrets {
        client: created,
        key: Some(key),
        webhook_secret,
    })
}

/// Replaces a client's settings. A webhook secret is issued when a webhook URL is set for the
/// first time or when asked to rotate it; removing the URL removes the secret.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, id = id))]
pub async fn update(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    id: i64,
    request: &ApiClientUpdate,
) -> Result<ApiClientWithSecrets> {
    let row = api_clients::by_id(tx, id).await?.ok_or(Error::NotFound)?;
    let before = client(tx, id).await?;
    let settings = validate(
        tx,
        &request.name,
        &request.scopes,
        &request.offices,
        request.requests_per_minute,
        request.webhook_url.as_deref(),
    )
    .await?;
    let issued = (settings.webhook_url.is_some()
        && (row.webhook_secret.is_none() || request.rotate_webhook_secret))
        .then(new_webhook_secret);
    let secret = match (&settings.webhook_url, &issued) {
        (None, _) => None,
        (Some(_), Some(new)) => Some(new.clone()),
        (Some(_), None) => row.webhook_secret.clone(),
    };
    api_clients::update(
        tx,
        id,
        &ClientSettings {
            name: &settings.name,
            scopes: &settings.scopes,
            requests_per_minute: settings.requests_per_minute,
            webhook_url: settings.webhook_url.as_deref(),
            webhook_secret: secret.as_deref(),
        },
    )
    .await
    .map_err(name_taken(&settings.name))?;
    api_clients::set_offices(tx, id, &settings.offices).await?;
    let after = client(tx, id).await?;
    audit::record(
        tx,
        actor,
        now,
        Change::of(
            if issued.is_some() && row.webhook_secret.is_some() {
                AuditAction::ApiClientUpdatedWithNewWebhookSecret
            } else {
                AuditAction::ApiClientUpdated
            },
            AuditEntity::ApiClient,
            id,
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    Ok(ApiClientWithSecrets {
        client: after,
        key: None,
        webhook_secret: issued,
    })
}

/// Revokes a client's key: every later request with it gets 401 at once.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, id = id))]
pub async fn revoke(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    id: i64,
) -> Result<ApiClient> {
    let before = client(tx, id).await?;
    api_clients::revoke(tx, id, now).await?;
    let after = client(tx, id).await?;
    audit::record(
        tx,
        actor,
        now,
        Change::of(AuditAction::ApiClientRevoked, AuditEntity::ApiClient, id)
            .before(&before)
            .after(&after),
    )
    .await?;
    Ok(after)
}
