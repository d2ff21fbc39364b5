//! Who is asking: the client's address, as rate limits, the login throttle and the logs see
//! it. It is the TCP peer, unless the peer is one of the operator's trusted reverse proxies;
//! then it is the right-most address in the proxy header that is not itself a trusted proxy
//! (every hop appends the address it received the request from, so everything left of the
//! first untrusted hop may be forged by the client). Only the header the operator named is
//! read: a proxy that sets `X-Forwarded-For` passes a client's own `Forwarded` through
//! untouched, and the other way round.

use crate::domain::network::{Network, ProxyHeader};
use actix_web::http::header::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// The reverse proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    networks: Vec<IpNet>,
    header: ProxyHeader,
}

impl TrustedProxies {
    pub fn new(networks: &[Network], header: ProxyHeader) -> TrustedProxies {
        TrustedProxies {
            networks: networks.iter().map(|network| network.net()).collect(),
            header,
        }
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.networks
            .iter()
            .any(|network| network.contains(&address))
    }

    /// The client of a request from `peer` with these headers.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let name = match self.header {
            ProxyHeader::XForwardedFor => "x-forwarded-for",
            ProxyHeader::Forwarded => "forwarded",
        };
        let hops: Vec<Option<IpAddr>> = headers
            .get_all(name)
            // A header line that is not text cannot be read: no hop of it is believed.
            .map(|line| line.to_str().unwrap_or("unknown"))
            .flat_map(|line| line.split(','))
            .map(|hop| match self.header {
                ProxyHeader::XForwardedFor => parse_hop(hop),
                ProxyHeader::Forwarded => forwarded_for_parameter(hop).and_then(parse_hop),
            })
            .collect();
        let mut nearest = peer;
        for hop in hops.into_iter().rev() {
            match hop {
                Some(address) if self.trusts(address) => nearest = address,
                Some(address) => return address.to_canonical(),
                // An unreadable hop ends the chain: what lies beyond it cannot be believed.
                None => return nearest,
            }
        }
        nearest
    }
}

/// The `for=` value of one `Forwarded` element (`for=192.0.2.1;proto=https`).
fn forwarded_for_parameter(element: &str) -> Option<&str> {
    element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim().eq_ignore_ascii_case("for").then_some(value)
    })
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `"[2001:db8::1]:4711"`,
/// `2001:db8::1`. Obfuscated identifiers (`unknown`, `_hidden`) are no address.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(address);
    }
    if let Some(bracketed) = hop.strip_prefix('[') {
        let (inside, _port) = bracketed.split_once(']')?;
        return inside.parse().ok();
    }
    let (host, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(networks: &[&str], header: ProxyHeader) -> TrustedProxies {
        let networks: Vec<Network> = networks.iter().map(|n| n.parse().unwrap()).collect();
        TrustedProxies::new(&networks, header)
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn client(
        proxies: &TrustedProxies,
        peer: &str,
        header: &'static str,
        lines: &[&'static str],
    ) -> IpAddr {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(
                actix_web::http::header::HeaderName::from_static(header),
                actix_web::http::header::HeaderValue::from_static(line),
            );
        }
        proxies.client(ip(peer), &headers)
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say() {
        let none = TrustedProxies::default();
        let got = client(&none, "198.51.100.7", "x-forwarded-for", &["203.0.113.1"]);
        assert_eq!(got, ip("198.51.100.7"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        let nginx = proxies(&["127.0.0.1", "10.0.0.0/8"], ProxyHeader::XForwardedFor);
        // A client forged the first entry; the proxy appended the real one.
        let got = client(
            &nginx,
            "127.0.0.1",
            "x-forwarded-for",
            &["6.6.6.6, 203.0.113.9, 10.1.2.3"],
        );
        assert_eq!(got, ip("203.0.113.9"));
        let lines = client(
            &nginx,
            "127.0.0.1",
            "x-forwarded-for",
            &["6.6.6.6", "203.0.113.9"],
        );
        assert_eq!(
            lines,
            ip("203.0.113.9"),
            "several header lines form one list"
        );
    }

    #[test]
    fn an_untrusted_peer_cannot_choose_its_address_by_header() {
        let nginx = proxies(&["127.0.0.1"], ProxyHeader::XForwardedFor);
        let got = client(&nginx, "127.0.0.3", "x-forwarded-for", &["203.0.113.9"]);
        assert_eq!(got, ip("127.0.0.3"));
    }

    #[test]
    fn only_the_named_header_is_read() {
        let nginx = proxies(&["127.0.0.1"], ProxyHeader::XForwardedFor);
        let got = client(&nginx, "127.0.0.1", "forwarded", &["for=6.6.6.6"]);
        assert_eq!(
            got,
            ip("127.0.0.1"),
            "a Forwarded header the proxy passed through is ignored"
        );
    }

    #[test]
    fn forwarded_elements_are_read_with_ports_brackets_and_quotes() {
        let caddy = proxies(&["::1"], ProxyHeader::Forwarded);
        let got = client(
            &caddy,
            "::1",
            "forwarded",
            &[r#"for=6.6.6.6, for="[2001:db8:cafe::17]:4711";proto=https"#],
        );
        assert_eq!(got, ip("2001:db8:cafe::17"));
        let v4 = client(
            &caddy,
            "::1",
            "forwarded",
            &["For=192.0.2.60:8080;by=203.0.113.43"],
        );
        assert_eq!(v4, ip("192.0.2.60"));
    }

    #[test]
    fn an_unreadable_hop_ends_the_chain_at_the_nearest_trusted_proxy() {
        let nginx = proxies(&["127.0.0.1", "10.0.0.0/8"], ProxyHeader::XForwardedFor);
        let got = client(
            &nginx,
            "127.0.0.1",
            "x-forwarded-for",
            &["203.0.113.9, unknown, 10.0.0.5"],
        );
        assert_eq!(got, ip("10.0.0.5"));
    }

    #[test]
    fn ipv4_mapped_ipv6_peers_are_their_ipv4_address() {
        let nginx = proxies(&["127.0.0.1"], ProxyHeader::XForwardedFor);
        let got = client(
            &nginx,
            "::ffff:127.0.0.1",
            "x-forwarded-for",
            &["203.0.113.9"],
        );
        assert_eq!(got, ip("203.0.113.9"));
    }
}
