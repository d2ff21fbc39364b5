//! The proof of work that public holds and bookings (and staff logins after repeated
//! failures) need: a challenge signed with this installation's secret (`domain::pow` signs,
//! checks and solves), each usable once — redeemed in the database, so no instance accepts a
//! challenge another instance already took.

use crate::domain::pow;
use crate::store::{Db, StoreError, secrets};
use chrono::{DateTime, Utc};

/// How long a challenge may be used.
const CHALLENGE_LIFETIME: chrono::Duration = chrono::Duration::minutes(5);

/// The proof-of-work settings of this server.
#[derive(Clone)]
pub struct PowSettings {
    pub difficulty: u32,
    pub secret: Vec<u8>,
}

impl std::fmt::Debug for PowSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PowSettings")
            .field("difficulty", &self.difficulty)
            .field("secret", &crate::domain::Redacted)
            .finish()
    }
}

/// Why a solution is not accepted.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("this request needs a proof of work")]
    Missing,
    #[error("the challenge expired")]
    Expired,
    #[error("{0}")]
    Invalid(String),
    #[error("this challenge was already used")]
    Reused,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Refused {
    /// The stable code clients translate.
    pub fn code(&self) -> &'static str {
        match self {
            Refused::Missing => "pow_required",
            Refused::Expired => "pow_expired",
            Refused::Invalid(_) => "pow_invalid",
            Refused::Reused => "pow_reused",
            Refused::Store(_) => "internal",
        }
    }
}

impl PowSettings {
    /// Loads (or creates, once for all processes) the signing secret.
    pub async fn load(db: &Db, difficulty: u32, now: DateTime<Utc>) -> anyhow::Result<PowSettings> {
        let mut tx = db.begin().await?;
        let fresh = crate::domain::tokens::new_secret_token();
        let secret = secrets::get_or_create(&mut tx, "pow_signing_key", &fresh, now).await?;
        tx.commit().await?;
        Ok(PowSettings {
            difficulty,
            secret: secret.into_bytes(),
        })
    }

    /// A fresh challenge.
    pub fn issue(&self, now: DateTime<Utc>) -> pow::Challenge {
        pow::issue(&self.secret, self.difficulty, now, CHALLENGE_LIFETIME)
    }

    /// Checks a solution and uses its challenge up. Nothing is needed at difficulty 0.
    pub async fn redeem(
        &self,
        db: &Db,
        solution: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), Refused> {
        if self.difficulty == 0 {
            return Ok(());
        }
        let solution = solution.ok_or(Refused::Missing)?;
        let verified = pow::verify(&self.secret, solution, self.difficulty, now).map_err(
            |error| match error {
                pow::PowError::Expired => Refused::Expired,
                other => Refused::Invalid(other.to_string()),
            },
        )?;
        let mut tx = db.begin().await?;
        if !secrets::redeem_challenge(&mut tx, &verified.challenge_id, verified.expires_at).await? {
            return Err(Refused::Reused);
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_of_the_pow_settings_hides_the_signing_key() {
        let settings = super::PowSettings {
            difficulty: 18,
            secret: b"signing-key".to_vec(),
        };
        let shown = format!("{settings:?}");
        assert!(
            !shown.contains("signing") && !shown.contains("115"),
            "{shown}"
        );
    }
}
