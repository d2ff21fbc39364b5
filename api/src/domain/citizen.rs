//! Citizen details, parsed once at the edge: the core only ever sees valid values.

use std::fmt;

/// Why a value was refused: a stable code and a message that says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub code: &'static str,
    pub message: &'static str,
}

const fn invalid(code: &'static str, message: &'static str) -> Invalid {
    Invalid { code, message }
}

/// A plausible email address, lower-cased (the per-address limit compares these).
#[derive(Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.trim();
        let refuse = invalid(
            "invalid_email",
            "enter an email address like name@example.org",
        );
        if value.is_empty() || value.len() > 254 {
            return Err(refuse);
        }
        let (local, domain) = value.rsplit_once('@').ok_or(refuse.clone())?;
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

/// A person's name as they want to be addressed: 1–100 characters, no control characters.
#[derive(Clone, PartialEq, Eq)]
pub struct CitizenName(String);

impl CitizenName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_empty() {
            return Err(invalid("required", "enter your name"));
        }
        if value.chars().count() > 100 {
            return Err(invalid("too_long", "use at most 100 characters"));
        }
        if value.chars().any(char::is_control) {
            return Err(invalid("invalid_characters", "remove control characters"));
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
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, Invalid> {
        let Some(value) = raw.map(str::trim).filter(|value| !value.is_empty()) else {
            return Ok(None);
        };
        let allowed = |c: char| c.is_ascii_digit() || " +-/()".contains(c);
        let digits = value.chars().filter(char::is_ascii_digit).count();
        if value.len() > 30 || !value.chars().all(allowed) || digits < 3 {
            return Err(invalid(
                "invalid_phone",
                "enter digits, optionally with +, spaces, / - ( )",
            ));
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
        assert_eq!(CitizenName::parse("   ").unwrap_err().code, "required");
        assert_eq!(
            CitizenName::parse(&"x".repeat(101)).unwrap_err().code,
            "too_long"
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
        assert!(PhoneNumber::parse_optional(Some("call me")).is_err());
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
