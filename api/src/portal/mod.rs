//! Third-party portals at run time: recognising an API key, the webhook events a change to a
//! portal's booking causes (queued in the caller's transaction), and the worker that delivers
//! them. Administration of API clients lives in `admin::api_clients`.

pub mod events; // which webhook event a change causes, queued with the change
pub mod targets; // where a webhook may go, checked after DNS resolution
pub mod worker; // the webhook courier: POSTs one queued event, signed, to checked addresses

use crate::domain::portal::{PortalIdentity, parse_scopes};
use crate::domain::tokens::hash_token;
use crate::scheduling::Result;
use crate::store::{Tx, api_clients};

/// The client an API key belongs to, unless the key is unknown or revoked.
pub async fn identify(tx: &mut Tx, key: &str) -> Result<Option<PortalIdentity>> {
    let Some(row) = api_clients::by_key_hash(tx, &hash_token(key)).await? else {
        return Ok(None);
    };
    if row.revoked_at.is_some() {
        return Ok(None);
    }
    Ok(Some(PortalIdentity {
        id: row.id,
        name: row.name,
        scopes: parse_scopes(&row.scopes),
        offices: api_clients::offices_of(tx, row.id).await?,
        requests_per_minute: u32::try_from(row.requests_per_minute).unwrap_or(1).max(1),
    }))
}
