//! Staff passwords: argon2id with a random salt, stored as a PHC string.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::LazyLock;

/// Shortest password a staff account may have.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Longer passwords are refused: argon2 hashes all of it.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Why a new password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRefusal {
    #[error("the password must have {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters")]
    Length,
    #[error("the password is too easy to guess{0}")]
    Guessable(String),
}

impl PasswordRefusal {
    /// The stable code clients translate.
    pub fn code(&self) -> &'static str {
        match self {
            PasswordRefusal::Length => "password_too_short",
            PasswordRefusal::Guessable(_) => "password_too_weak",
        }
    }
}

/// Words an attacker tries first here that zxcvbn's English dictionaries lack: this product's
/// and a town hall's, and the most frequent German password words (HPI's yearly lists).
const KNOWN_HERE: [&str; 24] = [
    "terminvergabe",
    "buergeramt",
    "bürgeramt",
    "termin",
    "rathaus",
    "verwaltung",
    "stadt",
    "passwort",
    "kennwort",
    "hallo",
    "schatz",
    "geheim",
    "sommer",
    "winter",
    "fruehling",
    "herbst",
    "fussball",
    "schalke",
    "bayern",
    "dortmund",
    "willkommen",
    "liebe",
    "sonne",
    "mausi",
];

/// Checks a new password: long enough, and not guessable — zxcvbn must estimate at least
/// 10^10 guesses (its score 3), counting the user name and [`KNOWN_HERE`] as known words.
pub fn check(password: &str, username: &str) -> Result<(), PasswordRefusal> {
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&password.chars().count()) {
        return Err(PasswordRefusal::Length);
    }
    let mut known = KNOWN_HERE.to_vec();
    known.push(username);
    let estimate = zxcvbn::zxcvbn(password, &known);
    if estimate.score() >= zxcvbn::Score::Three {
        return Ok(());
    }
    let hint = estimate
        .feedback()
        .and_then(|feedback| feedback.warning())
        .map(|warning| format!(": {warning}"))
        .unwrap_or_default();
    Err(PasswordRefusal::Guessable(hint))
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
        assert_eq!(check("Zq8#vL2!pX9", "clerk"), Err(PasswordRefusal::Length));
        assert_eq!(check("Zq8#vL2!pX9w", "clerk"), Ok(()));
    }

    #[test]
    fn common_and_guessable_passwords_are_refused_however_long() {
        for weak in [
            "password1234",
            "123456789012",
            "qwertzuiopasdf",
            "Passwort2026!",
            "Terminvergabe1",
            "mueller.hans2026",
            "aaaaaaaaaaaaaaaa",
        ] {
            let refused = check(weak, "mueller.hans");
            assert!(
                matches!(refused, Err(PasswordRefusal::Guessable(_))),
                "{weak}: {refused:?}"
            );
        }
    }

    #[test]
    fn passphrases_and_random_passwords_are_accepted() {
        for strong in [
            "Weserbergland-2026!",
            "Porta-Westfalica-2026",
            "Neues-Passwort-2026",
            "Weser-Ufer-2026!",
            "correct horse battery staple",
            "vX7!kP2#qL9@",
        ] {
            assert_eq!(check(strong, "clerk"), Ok(()), "{strong}");
        }
    }
}
