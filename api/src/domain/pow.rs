//! A privacy-friendly proof of work against bots: no third party, no cookies. The server hands
//! out a signed challenge; the client finds a nonce such that SHA-256(challenge ":" nonce) starts
//! with `difficulty` zero bits, and sends `challenge:nonce` with its hold or booking. Checking
//! costs one hash; solving costs about 2^difficulty. Challenges expire quickly, and the store
//! makes each single-use.
//!
//! A challenge is `<random id>.<difficulty>.<expiry unix seconds>.<HMAC-SHA256 signature>`, all
//! URL-safe, so the server needs no state to hand one out.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// A challenge as handed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub token: String,
    pub difficulty: u32,
    pub expires_at: DateTime<Utc>,
}

/// Why a solution is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PowError {
    #[error("the proof of work is missing or malformed")]
    Malformed,
    #[error("the challenge was not issued by this server")]
    BadSignature,
    #[error("the challenge expired")]
    Expired,
    #[error("the nonce does not solve the challenge")]
    Unsolved,
    #[error("the challenge is easier than required")]
    TooEasy,
}

/// Issues a challenge valid for `lifetime`.
pub fn issue(secret: &[u8], difficulty: u32, now: DateTime<Utc>, lifetime: Duration) -> Challenge {
    let id: [u8; 16] = rand::random();
    let expires_at = now + lifetime;
    let body = format!(
        "{}.{difficulty}.{}",
        URL_SAFE_NO_PAD.encode(id),
        expires_at.timestamp()
    );
    let token = format!("{body}.{}", URL_SAFE_NO_PAD.encode(sign(secret, &body)));
    Challenge {
        token,
        difficulty,
        expires_at,
    }
}

/// A verified solution: the challenge id (to redeem once) and when it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub challenge_id: String,
    pub expires_at: DateTime<Utc>,
}

/// Checks `challenge:nonce` against the secret, the clock and the required difficulty.
pub fn verify(
    secret: &[u8],
    solution: &str,
    required: u32,
    now: DateTime<Utc>,
) -> Result<Verified, PowError> {
    let (token, nonce) = solution.rsplit_once(':').ok_or(PowError::Malformed)?;
    if nonce.is_empty() || nonce.len() > 64 || token.len() > 200 {
        return Err(PowError::Malformed);
    }
    let (body, signature) = token.rsplit_once('.').ok_or(PowError::Malformed)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| PowError::Malformed)?;
    let mut mac = HmacSha256::new_from_slice(secret).map_err(|_| PowError::BadSignature)?;
    mac.update(body.as_bytes());
    mac.verify_slice(&signature)
        .map_err(|_| PowError::BadSignature)?;
    let mut parts = body.split('.');
    let (Some(id), Some(difficulty), Some(expiry), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(PowError::Malformed);
    };
    let difficulty: u32 = difficulty.parse().map_err(|_| PowError::Malformed)?;
    let expires_at = expiry
        .parse::<i64>()
        .ok()
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .ok_or(PowError::Malformed)?;
    if expires_at <= now {
        return Err(PowError::Expired);
    }
    if difficulty < required {
        return Err(PowError::TooEasy);
    }
    if !shared::challenge::solves(token, nonce, difficulty) {
        return Err(PowError::Unsolved);
    }
    Ok(Verified {
        challenge_id: id.to_owned(),
        expires_at,
    })
}

fn sign(secret: &[u8], body: &str) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(body.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use shared::challenge::solve;

    const SECRET: &[u8] = b"test secret";

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    #[test]
    fn a_solved_challenge_verifies_once_per_id() {
        let challenge = issue(SECRET, 8, now(), Duration::minutes(2));
        let nonce = solve(&challenge.token, 8);
        let verified = verify(SECRET, &format!("{}:{nonce}", challenge.token), 8, now()).unwrap();
        assert_eq!(verified.expires_at, challenge.expires_at);
        assert!(challenge.token.starts_with(&verified.challenge_id));
    }

    #[test]
    fn expired_forged_easier_and_unsolved_challenges_are_refused() {
        let challenge = issue(SECRET, 8, now(), Duration::minutes(2));
        let nonce = solve(&challenge.token, 8);
        let solution = format!("{}:{nonce}", challenge.token);
        assert_eq!(
            verify(SECRET, &solution, 8, now() + Duration::minutes(3)),
            Err(PowError::Expired)
        );
        assert_eq!(
            verify(b"other secret", &solution, 8, now()),
            Err(PowError::BadSignature)
        );
        assert_eq!(verify(SECRET, &solution, 12, now()), Err(PowError::TooEasy));
        let forged = solution.replacen(".8.", ".0.", 1);
        assert_eq!(
            verify(SECRET, &forged, 0, now()),
            Err(PowError::BadSignature)
        );
        let unsolved = (0..)
            .map(|n: u32| n.to_string())
            .find(|n| verify(SECRET, &format!("{}:{n}", challenge.token), 8, now()).is_err())
            .unwrap();
        assert_eq!(
            verify(SECRET, &format!("{}:{unsolved}", challenge.token), 8, now()),
            Err(PowError::Unsolved)
        );
        assert_eq!(
            verify(SECRET, "garbage", 8, now()),
            Err(PowError::Malformed)
        );
    }

    proptest! {
        #[test]
        fn arbitrary_solutions_never_panic(input in ".{0,300}") {
            let _ = verify(SECRET, &input, 4, now());
        }
    }
}
