//! Booking references (`PW-7K3M-Q9`: short, readable, no look-alike characters) and secret
//! tokens (256 random bits, URL-safe). Only SHA-256 hashes of tokens are stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng;
use sha2::{Digest, Sha256};

/// No 0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B: nothing a citizen could misread on the phone.
const REFERENCE_ALPHABET: &[u8] = b"34679ACEFGHJKMNPRTUVWXY";

/// A fresh reference for an office with the given code: `CODE-XXXX-XX`.
pub fn new_reference(office_code: &str) -> String {
    let mut rng = rand::rng();
    let mut pick = || char::from(REFERENCE_ALPHABET[rng.random_range(0..REFERENCE_ALPHABET.len())]);
    let first: String = (0..4).map(|_| pick()).collect();
    let second: String = (0..2).map(|_| pick()).collect();
    format!("{office_code}-{first}-{second}")
}

/// Normalises what a citizen typed (`pw 7k3m q9`) to the stored form, if it can be one.
pub fn normalize_reference(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !(7..=10).contains(&compact.len()) {
        return None;
    }
    let (code, rest) = compact.split_at(compact.len() - 6);
    Some(format!("{code}-{}-{}", &rest[..4], &rest[4..]))
}

/// A secret token: 32 random bytes, base64url without padding (43 characters).
pub fn new_secret_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The hex SHA-256 of a token, which is all the database ever sees.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn references_have_the_office_code_and_two_groups() {
        let reference = new_reference("PW");
        assert_eq!(reference.len(), "PW-7K3M-Q9".len());
        assert!(reference.starts_with("PW-"));
        assert_eq!(reference.as_bytes()[7], b'-');
    }

    #[test]
    fn tokens_carry_256_bits_and_are_url_safe() {
        let token = new_secret_token();
        assert_eq!(token.len(), 43);
        assert!(
            token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(token, new_secret_token());
    }

    #[test]
    fn a_token_hash_is_stable_and_hides_the_token() {
        let hash = hash_token("abc");
        assert_eq!(hash, hash_token("abc"));
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains("abc"));
    }

    proptest! {
        #[test]
        fn references_use_no_ambiguous_characters(code in "[A-Z]{2}") {
            let reference = new_reference(&code);
            let body = &reference[code.len()..];
            prop_assert!(body.chars().filter(|c| *c != '-').all(|c| REFERENCE_ALPHABET.contains(&(c as u8))));
        }

        #[test]
        fn a_reference_typed_sloppily_normalises_back(code in "[A-Z]{2}") {
            let reference = new_reference(&code);
            let sloppy = reference.replace('-', " ").to_lowercase();
            prop_assert_eq!(normalize_reference(&sloppy), Some(reference));
        }
    }
}
