//! Access tokens: JWTs signed with HS256 that name the account, its role and offices, the
//! session they belong to, and when they expire. Expiry is checked against the application's
//! clock (not the system's), so tests can move time.

use chrono::{DateTime, Duration, TimeZone, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How long an access token is valid; the refresh token renews it.
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::minutes(15);

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The staff account id.
    pub sub: String,
    /// The session (login) the token belongs to; revoking it ends the token too.
    pub sid: i64,
    pub role: String,
    pub offices: Vec<i64>,
    pub iat: i64,
    pub exp: i64,
    /// Unique per token.
    pub jti: String,
}

impl AccessClaims {
    pub fn staff_id(&self) -> Option<i64> {
        self.sub.parse().ok()
    }
}

/// The keys for signing and checking access tokens.
#[derive(Clone)]
pub struct SigningKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKeys(***)")
    }
}

/// What a new access token says about its holder.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub staff_id: i64,
    pub session_id: i64,
    pub role: &'a str,
    pub offices: &'a [i64],
}

impl SigningKeys {
    pub fn from_secret(secret: &[u8]) -> Self {
        SigningKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// A signed token for `subject`, valid for [`ACCESS_TOKEN_LIFETIME`] from `now`.
    pub fn issue(
        &self,
        subject: Subject<'_>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<(String, DateTime<Utc>)> {
        let expires_at = now + ACCESS_TOKEN_LIFETIME;
        let claims = AccessClaims {
            sub: subject.staff_id.to_string(),
            sid: subject.session_id,
            role: subject.role.to_owned(),
            offices: subject.offices.to_vec(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
            jti: uuid::Uuid::new_v4().to_string(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, expires_at))
    }

    /// The claims of a token signed by us that has not expired at `now`; `None` otherwise.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Option<AccessClaims> {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked below against the application's clock.
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let claims = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &validation)
            .ok()?
            .claims;
        let expires_at = Utc.timestamp_opt(claims.exp, 0).single()?;
        (now < expires_at).then_some(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: &str) -> SigningKeys {
        SigningKeys::from_secret(secret.as_bytes())
    }

    fn subject() -> Subject<'static> {
        Subject {
            staff_id: 7,
            session_id: 3,
            role: "clerk",
            offices: &[1, 2],
        }
    }

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_token_carries_its_claims_until_it_expires() {
        let keys = keys("a secret of at least thirty-two characters");
        let (token, expires_at) = keys.issue(subject(), noon()).unwrap();
        assert_eq!(expires_at, noon() + ACCESS_TOKEN_LIFETIME);
        let claims = keys.verify(&token, noon() + Duration::minutes(14)).unwrap();
        assert_eq!(claims.staff_id(), Some(7));
        assert_eq!((claims.sid, claims.role.as_str()), (3, "clerk"));
        assert_eq!(claims.offices, vec![1, 2]);
        assert!(keys.verify(&token, expires_at).is_none());
    }

    #[test]
    fn a_token_signed_with_another_key_or_changed_is_refused() {
        let (token, _) = keys("a secret of at least thirty-two characters")
            .issue(subject(), noon())
            .unwrap();
        let other = keys("another secret of at least thirty-two chars");
        assert!(other.verify(&token, noon()).is_none());
        let mut tampered = token.clone();
        tampered.insert(token.len() / 2, 'x');
        let keys = keys("a secret of at least thirty-two characters");
        assert!(keys.verify(&tampered, noon()).is_none());
        assert!(keys.verify("not.a.jwt", noon()).is_none());
    }

    #[test]
    fn two_tokens_for_the_same_subject_differ() {
        let keys = keys("a secret of at least thirty-two characters");
        let (first, _) = keys.issue(subject(), noon()).unwrap();
        let (second, _) = keys.issue(subject(), noon()).unwrap();
        assert_ne!(first, second);
    }
}
