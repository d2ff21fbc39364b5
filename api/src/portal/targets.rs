//! Where a webhook may be delivered, checked after DNS resolution: every address a receiver's
//! host name resolves to must be allowed (`domain::network::WebhookTargets`), at registration
//! and again before every delivery, and the delivery then connects to exactly the addresses
//! that were checked — so a name that resolves differently a moment later (DNS rebinding)
//! cannot lead the request inside the network.

use crate::domain::network::{TargetRefusal, WebhookTargets};
use std::net::{IpAddr, SocketAddr};
use url::{Host, Url};

/// Why a receiver URL cannot be used now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("the webhook URL has no host")]
    NoHost,
    #[error("the webhook host {0} does not resolve")]
    Unresolvable(String),
    #[error("the webhook host resolves to a refused address: {0}")]
    Refused(#[from] TargetRefusal),
}

/// A receiver whose addresses were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedTarget {
    /// The host name to pin to `addresses` (none for an address literal).
    pub domain: Option<String>,
    pub addresses: Vec<SocketAddr>,
}

/// Resolves the URL's host and checks every address it leads to.
pub async fn check(url: &Url, targets: &WebhookTargets) -> Result<CheckedTarget, TargetError> {
    let https = url.scheme() == "https";
    let port = url.port_or_known_default().unwrap_or(443);
    let (domain, addresses): (Option<String>, Vec<IpAddr>) = match url.host() {
        None => return Err(TargetError::NoHost),
        Some(Host::Ipv4(v4)) => (None, vec![IpAddr::V4(v4)]),
        Some(Host::Ipv6(v6)) => (None, vec![IpAddr::V6(v6)]),
        Some(Host::Domain(name)) => {
            let resolved: Vec<IpAddr> = tokio::net::lookup_host((name, port))
                .await
                .map_err(|_| TargetError::Unresolvable(name.to_owned()))?
                .map(|address| address.ip())
                .collect();
            if resolved.is_empty() {
                return Err(TargetError::Unresolvable(name.to_owned()));
            }
            (Some(name.to_owned()), resolved)
        }
    };
    for address in &addresses {
        targets.permits(*address, https)?;
    }
    Ok(CheckedTarget {
        domain,
        addresses: addresses
            .into_iter()
            .map(|address| SocketAddr::new(address, port))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn checked(url: &str) -> Result<CheckedTarget, TargetError> {
        check(&Url::parse(url).unwrap(), &WebhookTargets::default()).await
    }

    #[tokio::test]
    async fn addresses_in_every_spelling_and_names_resolving_inside_are_refused() {
        for url in [
            "http://127.0.0.1:9000/hook",
            "https://127.0.0.1/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook",
            "https://localhost/hook",
            "https://2130706433/hook",
            "https://0x7f.1/hook",
            "https://10.0.0.1/hook",
            "https://[::ffff:127.0.0.1]/hook",
            "https://100.64.0.1/",
            "https://224.0.0.1/",
            "https://0.0.0.0/",
        ] {
            assert!(
                matches!(checked(url).await, Err(TargetError::Refused(_))),
                "{url}"
            );
        }
    }

    #[tokio::test]
    async fn a_public_address_over_https_is_a_target_over_http_not() {
        let target = checked("https://8.8.8.8:8443/hook").await.unwrap();
        assert_eq!(target.addresses, ["8.8.8.8:8443".parse().unwrap()]);
        assert_eq!(
            checked("http://8.8.8.8/hook").await,
            Err(TargetError::Refused(TargetRefusal::PlainHttp(
                "8.8.8.8".parse().unwrap()
            )))
        );
    }

    #[tokio::test]
    async fn an_intranet_network_the_operator_allows_takes_plain_http() {
        let targets =
            WebhookTargets::new(&["127.0.0.0/8".parse().unwrap(), "::1".parse().unwrap()]);
        let url = Url::parse("http://localhost:9000/hook").unwrap();
        let target = check(&url, &targets).await.unwrap();
        assert_eq!(target.domain.as_deref(), Some("localhost"));
        assert!(
            target
                .addresses
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 9000)
        );
    }
}
