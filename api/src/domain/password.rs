//! Staff passwords: argon2id with a random salt, stored as a PHC string.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::LazyLock;

/// Shortest password a staff account may have.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Whether a new password is long enough (and not absurdly long: argon2 hashes it all).
pub fn acceptable(password: &str) -> bool {
    (MIN_PASSWORD_CHARS..=1024).contains(&password.chars().count())
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes)
        .map_err(|error| anyhow::anyhow!("encoding the salt failed: {error}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::anyhow!("hashing the password failed: {error}"))
}

/// True when `password` matches the stored PHC hash; a malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash of a random password with the same parameters as real ones. Verifying against it
/// when the account does not exist makes an unknown username cost as much time as a wrong
/// password, so the timing does not tell which accounts exist.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let random: [u8; 16] = rand::random();
    hash(&format!("{random:?}")).unwrap_or_default()
});

/// Verifies `password` against the account's hash, or against [`DUMMY_HASH`] (never matching)
/// when there is no account.
pub fn verify_or_waste_time(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(stored) => verify(password, stored),
        None => {
            let _ = verify(password, &DUMMY_HASH);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse battery!", &stored));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn an_unknown_account_never_verifies() {
        assert!(!verify_or_waste_time("", None));
        assert!(!verify_or_waste_time("correct horse battery", None));
    }

    #[test]
    fn passwords_need_twelve_characters() {
        assert!(!acceptable("elevenchars"));
        assert!(acceptable("twelve chars"));
    }
}
