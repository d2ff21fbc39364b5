//! IP addresses and networks, without I/O: what request budgets are counted under, and the
//! networks an operator names (trusted reverse proxies).

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
}
