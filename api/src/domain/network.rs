//! IP addresses and networks, without I/O: what request budgets are counted under, the
//! networks an operator names (trusted reverse proxies, intranet webhook receivers), and which
//! addresses a webhook may be delivered to.

use ipnet::{IpNet, Ipv6Net};
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// What budgets are counted under: an IPv4 address, or the /64 network of an IPv6 address
/// (one household or phone gets a whole /64, so counting single IPv6 addresses would give
/// everyone 2^64 budgets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(IpNet);

impl ClientKey {
    pub fn of(address: IpAddr) -> ClientKey {
        match address.to_canonical() {
            IpAddr::V4(v4) => ClientKey(IpNet::from(IpAddr::V4(v4))),
            IpAddr::V6(v6) => ClientKey(IpNet::V6(
                Ipv6Net::new(v6, 64).expect("64 is a valid prefix").trunc(),
            )),
        }
    }
}

impl fmt::Display for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpNet::V4(v4) => v4.addr().fmt(f),
            IpNet::V6(v6) => v6.fmt(f),
        }
    }
}

/// Which header a trusted proxy writes the client's address into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ProxyHeader {
    /// `X-Forwarded-For: client, proxy1, proxy2` (nginx, Caddy, most load balancers).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for=proxy1`.
    Forwarded,
}

/// A network an operator names (a trusted proxy, an intranet webhook receiver): a CIDR
/// (`10.0.0.0/8`) or a single address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network(IpNet);

impl FromStr for Network {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        s.parse::<IpNet>()
            .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
            .map(|network| Network(network.trunc()))
            .map_err(|_| format!("`{s}` is neither a CIDR network nor an IP address"))
    }
}

impl Network {
    pub fn net(self) -> IpNet {
        self.0
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Addresses that are not globally reachable (IANA's special-purpose registries), or that lead
/// to IPv4 addresses through a translation (IPv4-mapped, NAT64, 6to4, Teredo): a webhook aimed
/// at one of them would make the server reach into its own network.
const NOT_PUBLIC: &[&str] = &[
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "255.255.255.255/32",
    "::/128",
    "::1/128",
    "::ffff:0:0/96",
    "::/96",
    "64:ff9b::/96",
    "64:ff9b:1::/48",
    "100::/64",
    "2001::/23",
    "2001:db8::/32",
    "2002::/16",
    "3fff::/20",
    "5f00::/16",
    "fc00::/7",
    "fe80::/10",
    "fec0::/10",
    "ff00::/8",
    "2001:20::/28",
];

static NOT_PUBLIC_NETWORKS: std::sync::LazyLock<Vec<IpNet>> = std::sync::LazyLock::new(|| {
    NOT_PUBLIC
        .iter()
        .map(|network| network.parse().expect("the list holds valid networks"))
        .collect()
});

/// Whether `address` is reachable on the public internet (and leads nowhere else).
pub fn is_public(address: IpAddr) -> bool {
    !NOT_PUBLIC_NETWORKS
        .iter()
        .any(|network| network.contains(&address))
}

/// Why a webhook may not go to an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TargetRefusal {
    #[error(
        "{0} is not a public address (loopback, private, link-local, shared, multicast, reserved or mapped)"
    )]
    NotPublic(IpAddr),
    #[error("plain http is only allowed to the operator's intranet networks; {0} needs https")]
    PlainHttp(IpAddr),
}

/// Where webhooks may be delivered: public addresses over https, and the networks the operator
/// allows for intranet portals (`--webhook-allowed-networks`), there also over plain http.
#[derive(Debug, Clone, Default)]
pub struct WebhookTargets {
    intranet: Vec<IpNet>,
}

impl WebhookTargets {
    pub fn new(intranet: &[Network]) -> WebhookTargets {
        WebhookTargets {
            intranet: intranet.iter().map(|network| network.net()).collect(),
        }
    }

    pub fn permits(&self, address: IpAddr, https: bool) -> Result<(), TargetRefusal> {
        let address_as_seen = address;
        let address = address.to_canonical();
        if self
            .intranet
            .iter()
            .any(|network| network.contains(&address))
        {
            return Ok(());
        }
        if !is_public(address_as_seen) || !is_public(address) {
            return Err(TargetRefusal::NotPublic(address_as_seen));
        }
        if !https {
            return Err(TargetRefusal::PlainHttp(address_as_seen));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ipv6_clients_are_counted_per_64_network_ipv4_clients_per_address() {
        let a = ClientKey::of(ip("2001:db8:1:2:aaaa::1"));
        let b = ClientKey::of(ip("2001:db8:1:2:bbbb::2"));
        let other = ClientKey::of(ip("2001:db8:1:3::1"));
        assert_eq!(a, b);
        assert_ne!(a, other);
        assert_eq!(a.to_string(), "2001:db8:1:2::/64");
        assert_eq!(
            ClientKey::of(ip("::ffff:192.0.2.1")).to_string(),
            "192.0.2.1"
        );
        assert_ne!(
            ClientKey::of(ip("192.0.2.1")),
            ClientKey::of(ip("192.0.2.2"))
        );
    }

    #[test]
    fn trusted_networks_are_cidrs_or_single_addresses() {
        assert!("10.0.0.0/8".parse::<Network>().is_ok());
        assert!("::1".parse::<Network>().is_ok());
        assert!("example.org".parse::<Network>().is_err());
    }

    #[test]
    fn internal_shared_reserved_and_mapped_addresses_are_not_public() {
        for address in [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "224.0.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:8.8.8.8",
            "64:ff9b::a00:1",
            "2002:a00:1::",
            "fd00::1",
            "fe80::1",
            "ff02::1",
        ] {
            assert!(!is_public(ip(address)), "{address}");
        }
        for address in ["8.8.8.8", "185.199.108.153", "2606:4700:4700::1111"] {
            assert!(is_public(ip(address)), "{address}");
        }
    }

    #[test]
    fn webhooks_go_to_public_addresses_over_https_and_to_the_intranet_as_the_operator_allows() {
        let none = WebhookTargets::default();
        assert_eq!(none.permits(ip("8.8.8.8"), true), Ok(()));
        assert_eq!(
            none.permits(ip("8.8.8.8"), false),
            Err(TargetRefusal::PlainHttp(ip("8.8.8.8")))
        );
        assert_eq!(
            none.permits(ip("10.1.2.3"), true),
            Err(TargetRefusal::NotPublic(ip("10.1.2.3")))
        );
        let intranet = WebhookTargets::new(&["10.1.0.0/16".parse().unwrap()]);
        assert_eq!(intranet.permits(ip("10.1.2.3"), false), Ok(()));
        assert!(intranet.permits(ip("10.2.0.1"), true).is_err());
        assert_eq!(intranet.permits(ip("::ffff:10.1.2.3"), true), Ok(()));
    }
}
