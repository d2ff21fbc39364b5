//! The rules for what a citizen types — name, email, phone — in one place: the server parses
//! every booking with them, and the SPA checks the form with them as the citizen types, so the
//! two never disagree. Parsed values never show personal data in `Debug` output.

use std::fmt;

/// Why a citizen's detail was refused. The API answers with its [`code`](Refusal::code) and
/// [`message`](Refusal::message) in `errors[]`; the SPA shows its own words for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NameMissing,
    NameTooLong,
    NameControlCharacters,
    EmailMissing,
    EmailInvalid,
    PhoneCharacters,
    PhoneLength,
}

impl Refusal {
    /// The stable code in a 422's `errors[].code`.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NameMissing => "required",
            Refusal::NameTooLong => "too_long",
            Refusal::NameControlCharacters => "invalid_characters",
            Refusal::EmailMissing | Refusal::EmailInvalid => "invalid_email",
            Refusal::PhoneCharacters | Refusal::PhoneLength => "invalid_phone",
        }
    }

    /// How to fix it, for API clients.
    pub fn message(self) -> &'static str {
        match self {
            Refusal::NameMissing => "enter your name",
            Refusal::NameTooLong => "use at most 100 characters",
            Refusal::NameControlCharacters => "remove control characters",
            Refusal::EmailMissing => "enter your email address",
            Refusal::EmailInvalid => "enter an email address like name@example.org",
            Refusal::PhoneCharacters => "enter digits, optionally with +, spaces, / - ( )",
            Refusal::PhoneLength => "enter at least 3 digits and at most 30 characters",
        }
    }
}

/// Most characters of a name.
pub const NAME_MAX_CHARS: usize = 100;
/// Most bytes of a phone number.
pub const PHONE_MAX_LEN: usize = 30;
/// Fewest digits of a phone number.
pub const PHONE_MIN_DIGITS: usize = 3;

/// A plausible email address, lower-cased (the per-address limit compares these).
#[derive(Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, Refusal> {
        let value = raw.trim();
        let refuse = Refusal::EmailInvalid;
        if value.is_empty() {
            return Err(Refusal::EmailMissing);
        }
        if value.len() > 254 {
            return Err(refuse);
        }
        let (local, domain) = value.rsplit_once('@').ok_or(refuse)?;
        let labels_ok = domain.split('.').count() >= 2
            && domain.split('.').all(|label| {
                !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && local
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[],;:\"\\".contains(c));
        if !labels_ok || !local_ok {
            return Err(refuse);
        }
        Ok(EmailAddress(value.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the per-address limit counts: the address without a `+tag` in its local part
    /// (`erika+1@example.org` and `Erika@example.org` are one citizen's), lower-cased.
    pub fn limit_key(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or((&self.0, ""));
        let local = local.split_once('+').map_or(local, |(base, _)| base);
        format!("{local}@{domain}")
    }
}

impl fmt::Debug for EmailAddress {
    /// Personal data stays out of logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EmailAddress(…)")
    }
}

/// A person's name as they want to be addressed: 1–100 characters, no control characters,
/// inner whitespace collapsed.
#[derive(Clone, PartialEq, Eq)]
pub struct CitizenName(String);

impl CitizenName {
    pub fn parse(raw: &str) -> Result<Self, Refusal> {
        let value = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_empty() {
            return Err(Refusal::NameMissing);
        }
        if value.chars().count() > NAME_MAX_CHARS {
            return Err(Refusal::NameTooLong);
        }
        if value.chars().any(char::is_control) {
            return Err(Refusal::NameControlCharacters);
        }
        Ok(CitizenName(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CitizenName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CitizenName(…)")
    }
}

/// An optional phone number: digits with the usual separators, at most 30 characters.
#[derive(Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Blank input means "no phone".
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, Refusal> {
        let Some(value) = raw.map(str::trim).filter(|value| !value.is_empty()) else {
            return Ok(None);
        };
        let allowed = |c: char| c.is_ascii_digit() || " +-/()".contains(c);
        if !value.chars().all(allowed) {
            return Err(Refusal::PhoneCharacters);
        }
        let digits = value.chars().filter(char::is_ascii_digit).count();
        if value.len() > PHONE_MAX_LEN || digits < PHONE_MIN_DIGITS {
            return Err(Refusal::PhoneLength);
        }
        Ok(Some(PhoneNumber(value.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PhoneNumber(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_email_address_is_trimmed_and_lower_cased() {
        let email = EmailAddress::parse("  Erika.Mustermann@Example.ORG ").unwrap();
        assert_eq!(email.as_str(), "erika.mustermann@example.org");
    }

    #[test]
    fn addresses_without_a_proper_domain_are_refused() {
        for bad in [
            "not-an-email",
            "a@b",
            "a@.de",
            "@example.org",
            "a b@example.org",
            "a@exa mple.org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_collapse_inner_whitespace_and_must_not_be_blank() {
        assert_eq!(
            CitizenName::parse("  Erika   Mustermann ")
                .unwrap()
                .as_str(),
            "Erika Mustermann"
        );
        assert_eq!(CitizenName::parse("   "), Err(Refusal::NameMissing));
        assert_eq!(
            CitizenName::parse(&"x".repeat(101)),
            Err(Refusal::NameTooLong)
        );
    }

    #[test]
    fn a_blank_phone_is_no_phone_and_letters_are_refused() {
        assert_eq!(PhoneNumber::parse_optional(Some("  ")).unwrap(), None);
        assert!(
            PhoneNumber::parse_optional(Some("+49 (571) 79-12 23"))
                .unwrap()
                .is_some()
        );
        assert_eq!(
            PhoneNumber::parse_optional(Some("call me")),
            Err(Refusal::PhoneCharacters)
        );
        assert_eq!(
            PhoneNumber::parse_optional(Some("0571.12345")),
            Err(Refusal::PhoneCharacters)
        );
        assert_eq!(
            PhoneNumber::parse_optional(Some("12")),
            Err(Refusal::PhoneLength)
        );
    }

    #[test]
    fn a_blank_email_is_missing_and_half_an_address_is_invalid() {
        assert_eq!(EmailAddress::parse("  "), Err(Refusal::EmailMissing));
        assert_eq!(EmailAddress::parse("erika@"), Err(Refusal::EmailInvalid));
        assert_eq!(Refusal::EmailMissing.code(), Refusal::EmailInvalid.code());
    }

    #[test]
    fn personal_data_never_shows_in_debug_output() {
        let email = EmailAddress::parse("erika@example.org").unwrap();
        assert!(!format!("{email:?}").contains("erika"));
    }

    proptest! {
        #[test]
        fn parsing_arbitrary_text_never_panics(input in ".{0,300}") {
            let _ = EmailAddress::parse(&input);
            let _ = CitizenName::parse(&input);
            let _ = PhoneNumber::parse_optional(Some(&input));
        }
    }
}
