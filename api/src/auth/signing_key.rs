//! The key that signs access tokens: `--jwt-secret` if configured, else a random one that the
//! first server process generates and stores in the database, so every process shares it.

use super::access_token::SigningKeys;
use crate::config::JwtSecret;
use crate::domain::tokens::new_secret_token;
use crate::store::{Db, StoreResult, secrets};
use chrono::{DateTime, Utc};

const SECRET_NAME: &str = "jwt_signing_key";

pub async fn resolve(
    db: &Db,
    configured: Option<&JwtSecret>,
    now: DateTime<Utc>,
) -> StoreResult<SigningKeys> {
    if let Some(secret) = configured {
        return Ok(SigningKeys::from_secret(secret.expose().as_bytes()));
    }
    let mut tx = db.begin().await?;
    let secret = secrets::get_or_create(&mut tx, SECRET_NAME, &new_secret_token(), now).await?;
    tx.commit().await?;
    Ok(SigningKeys::from_secret(secret.as_bytes()))
}
