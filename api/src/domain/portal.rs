//! Third-party portals without I/O: API keys and their scopes, the offices a client may use, webhook URLs, and the signature of webhook deliveries.
//!
//! A webhook delivery is signed with HMAC-SHA256 keyed with the client's webhook secret over
//! `"{timestamp}.{body}"`, where `timestamp` is the Unix seconds sent in
//! `Terminvergabe-Timestamp`; the signature travels as `Terminvergabe-Signature: v1=<hex>`.

use super::tokens::new_secret_token;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use shared::portal::{API_KEY_PREFIX, ApiScope};

type HmacSha256 = Hmac<Sha256>;

/// Prefix of webhook signing secrets.
pub const WEBHOOK_SECRET_PREFIX: &str = "whsec_";
/// How many characters of a key are kept to recognise it.
const KEY_PREFIX_CHARS: usize = API_KEY_PREFIX.len() + 4;

/// A fresh API key: `tv_key_` and 256 random bits.
pub fn new_api_key() -> String {
    format!("{API_KEY_PREFIX}{}", new_secret_token())
}

/// The recognisable start of a key (`tv_key_Xq3v`), safe to show and log.
pub fn key_prefix(key: &str) -> String {
    key.chars().take(KEY_PREFIX_CHARS).collect()
}

/// A fresh webhook signing secret: `whsec_` and 256 random bits.
pub fn new_webhook_secret() -> String {
    format!("{WEBHOOK_SECRET_PREFIX}{}", new_secret_token())
}

/// The scopes as stored (space-separated, sorted, without duplicates).
pub fn stored_scopes(scopes: &[ApiScope]) -> String {
    let mut scopes = scopes.to_vec();
    scopes.sort_unstable();
    scopes.dedup();
    scopes
        .iter()
        .map(|scope| scope.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The scopes of a stored list; unknown names are ignored (they grant nothing).
pub fn parse_scopes(stored: &str) -> Vec<ApiScope> {
    stored
        .split_whitespace()
        .filter_map(ApiScope::parse)
        .collect()
}

/// An authenticated API client as the permission checks see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalIdentity {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<ApiScope>,
    /// The offices it may use; empty: every office.
    pub offices: Vec<i64>,
    pub requests_per_minute: u32,
}

impl PortalIdentity {
    pub fn has(&self, scope: ApiScope) -> bool {
        self.scopes.contains(&scope)
    }

    pub fn may_use_office(&self, office_id: i64) -> bool {
        self.offices.is_empty() || self.offices.contains(&office_id)
    }

    /// The offices this client is restricted to (`None`: every office).
    pub fn restricted_to(&self) -> Option<&[i64]> {
        (!self.offices.is_empty()).then_some(self.offices.as_slice())
    }
}

/// Why a webhook URL is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WebhookUrlError {
    #[error("the webhook URL is not a valid absolute URL")]
    Malformed,
    #[error("the webhook URL must use http or https")]
    Scheme,
    #[error("the webhook URL must not carry a user name or password")]
    Credentials,
}

/// Parses a webhook URL: absolute, http or https, with a host and without credentials.
pub fn parse_webhook_url(raw: &str) -> Result<url::Url, WebhookUrlError> {
    let url = url::Url::parse(raw.trim()).map_err(|_| WebhookUrlError::Malformed)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(WebhookUrlError::Scheme);
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(WebhookUrlError::Malformed);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(WebhookUrlError::Credentials);
    }
    Ok(url)
}

/// The `Terminvergabe-Signature` value of a delivery: `v1=<hex HMAC-SHA256>` over
/// `"{timestamp}.{body}"`.
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac =
        HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("v1={hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_the_prefix_and_256_bits_and_show_only_their_start() {
        let key = new_api_key();
        assert!(key.starts_with("tv_key_"));
        assert_eq!(key.len(), "tv_key_".len() + 43);
        assert_eq!(key_prefix(&key).len(), "tv_key_".len() + 4);
        assert!(key.starts_with(&key_prefix(&key)));
        assert_ne!(key, new_api_key());
    }

    #[test]
    fn scopes_are_stored_sorted_once_and_read_back() {
        let stored = stored_scopes(&[
            ApiScope::StaffRead,
            ApiScope::AvailabilityRead,
            ApiScope::StaffRead,
        ]);
        assert_eq!(stored, "availability:read staff:read");
        assert_eq!(
            parse_scopes(&format!("{stored} unknown:scope")),
            vec![ApiScope::AvailabilityRead, ApiScope::StaffRead]
        );
    }

    #[test]
    fn an_unrestricted_client_may_use_every_office_a_restricted_one_only_its_own() {
        let mut client = PortalIdentity {
            id: 1,
            name: "Portal".into(),
            scopes: vec![ApiScope::BookingsWrite],
            offices: Vec::new(),
            requests_per_minute: 60,
        };
        assert!(client.may_use_office(7));
        assert_eq!(client.restricted_to(), None);
        client.offices = vec![2];
        assert!(client.may_use_office(2) && !client.may_use_office(1));
        assert!(client.has(ApiScope::BookingsWrite) && !client.has(ApiScope::StaffRead));
    }

    #[test]
    fn only_http_and_https_urls_without_credentials_are_webhook_urls() {
        assert!(parse_webhook_url("https://portal.example.org/hooks").is_ok());
        assert!(parse_webhook_url("http://127.0.0.1:9000/hook").is_ok());
        assert_eq!(
            parse_webhook_url("ftp://example.org/x"),
            Err(WebhookUrlError::Scheme)
        );
        assert_eq!(
            parse_webhook_url("file:///etc/passwd"),
            Err(WebhookUrlError::Scheme)
        );
        assert_eq!(
            parse_webhook_url("/relative"),
            Err(WebhookUrlError::Malformed)
        );
        assert_eq!(
            parse_webhook_url("https://user:pw@example.org/"),
            Err(WebhookUrlError::Credentials)
        );
    }

    #[test]
    fn the_signature_is_the_hmac_of_timestamp_dot_body() {
        // Reference value computed independently:
        // python3 -c 'import hmac,hashlib;print(hmac.new(b"whsec_test",b"1700000000.{}",hashlib.sha256).hexdigest())'
        assert_eq!(
            sign("whsec_test", 1_700_000_000, "{}"),
            "v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
        );
        assert_ne!(
            sign("whsec_test", 1_700_000_001, "{}"),
            sign("whsec_test", 1_700_000_000, "{}")
        );
    }
}
