//! Sessions: a login starts one and hands out an opaque refresh token (only its hash is
//! stored); a refresh rotates that token in place; presenting an already rotated token again
//! means it was copied, so the whole session is revoked; logout revokes it.

use crate::domain::tokens::{hash_token, new_secret_token};
use crate::store::{StoreResult, Tx, sessions};
use chrono::{DateTime, Duration, Utc};

/// How long a session lives without being refreshed: one working day.
pub const REFRESH_TOKEN_LIFETIME: Duration = Duration::hours(12);

/// A session's current refresh token, to hand out once.
pub struct RefreshGrant {
    pub session_id: i64,
    pub staff_id: i64,
    pub refresh_token: String,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for RefreshGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshGrant")
            .field("session_id", &self.session_id)
            .field("staff_id", &self.staff_id)
            .field("refresh_token", &crate::domain::Redacted)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

pub async fn start(tx: &mut Tx, staff_id: i64, now: DateTime<Utc>) -> StoreResult<RefreshGrant> {
    let refresh_token = new_secret_token();
    let expires_at = now + REFRESH_TOKEN_LIFETIME;
    let session_id =
        sessions::insert(tx, staff_id, &hash_token(&refresh_token), now, expires_at).await?;
    Ok(RefreshGrant {
        session_id,
        staff_id,
        refresh_token,
        expires_at,
    })
}

/// Exchanges a refresh token for a new one; `None` if it is unknown, expired or revoked.
/// A rotated token presented again revokes its session.
pub async fn refresh(
    tx: &mut Tx,
    presented: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<RefreshGrant>> {
    let presented_hash = hash_token(presented);
    let Some(session) = sessions::by_token_hash_for_update(tx, &presented_hash).await? else {
        if let Some(session_id) = sessions::by_previous_token_hash(tx, &presented_hash).await? {
            tracing::warn!(
                session_id,
                "a rotated refresh token was used again; session revoked"
            );
            sessions::revoke(tx, session_id, now).await?;
        }
        return Ok(None);
    };
    if session.revoked_at.is_some() || session.expires_at <= now {
        return Ok(None);
    }
    let refresh_token = new_secret_token();
    let expires_at = now + REFRESH_TOKEN_LIFETIME;
    let rotated = sessions::rotate(
        tx,
        session.id,
        &presented_hash,
        &hash_token(&refresh_token),
        now,
        expires_at,
    )
    .await?;
    Ok(rotated.then_some(RefreshGrant {
        session_id: session.id,
        staff_id: session.staff_id,
        refresh_token,
        expires_at,
    }))
}

pub async fn end(tx: &mut Tx, session_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    sessions::revoke(tx, session_id, now).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_of_a_refresh_grant_hides_the_token() {
        let grant = super::RefreshGrant {
            session_id: 1,
            staff_id: 2,
            refresh_token: "refresh-secret".into(),
            expires_at: chrono::Utc::now(),
        };
        assert!(!format!("{grant:?}").contains("refresh-secret"));
    }
}
