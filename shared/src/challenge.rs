//! The proof-of-work challenge that public holds and bookings need (see the API docs).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Header carrying `<challenge token>:<nonce>` on `POST /holds` and `POST /bookings`.
pub const PROOF_OF_WORK_HEADER: &str = "X-Proof-Of-Work";

/// Find a nonce such that SHA-256(`token` ":" nonce) starts with `difficulty` zero bits, then
/// send `token:nonce` in the `X-Proof-Of-Work` header. Difficulty 0 means no work is needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Challenge {
    pub token: String,
    pub difficulty: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: DateTime<Utc>,
}

/// Whether `nonce` solves `token` at `difficulty`: SHA-256(`token` ":" `nonce`) starts with
/// `difficulty` zero bits. The server checks with this; clients search with [`solve`].
pub fn solves(token: &str, nonce: &str, difficulty: u32) -> bool {
    use sha2::{Digest, Sha256};
    leading_zero_bits(&Sha256::digest(format!("{token}:{nonce}").as_bytes())) >= difficulty
}

/// The first decimal nonce that solves `token` at `difficulty` (about 2^difficulty hashes).
pub fn solve(token: &str, difficulty: u32) -> String {
    (0_u64..)
        .map(|n| n.to_string())
        .find(|nonce| solves(token, nonce, difficulty))
        .expect("some nonce solves any difficulty up to 256")
}

fn leading_zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        if *byte != 0 {
            return bits + byte.leading_zeros();
        }
        bits += 8;
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_zero_bits_counts_across_bytes() {
        assert_eq!(leading_zero_bits(&[0, 0, 0x0f, 0xff]), 20);
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
    }

    #[test]
    fn a_found_nonce_solves_and_its_neighbour_usually_does_not() {
        let nonce = solve("token", 10);
        assert!(solves("token", &nonce, 10));
        assert!(solves("token", "anything", 0));
    }
}
