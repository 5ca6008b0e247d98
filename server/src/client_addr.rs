//! The address a request really comes from, and whether it reached us over TLS.
//!
//! Behind a reverse proxy the peer is the proxy. Its `X-Forwarded-For` / `Forwarded` and
//! `X-Forwarded-Proto` are believed only when the peer is one of `IPT_TRUSTED_PROXIES`;
//! anybody else could write them. The client is then the right-most address of the chain that
//! is not itself a trusted proxy (each proxy appends the address it was reached from, so what
//! lies left of the first untrusted hop is the client's own say). The middleware [`resolve`]
//! works this out once per request and adds HSTS to answers that went out over TLS.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, web};
use ipnet::IpNet;
use std::net::IpAddr;
use std::str::FromStr;

/// `Strict-Transport-Security` of answers that went out over TLS: a year.
const HSTS: &str = "max-age=31536000";

/// The proxies whose forwarding headers are believed (`IPT_TRUSTED_PROXIES`): comma-separated
/// CIDRs or single addresses; empty trusts none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<IpNet>()
                    .or_else(|_| part.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{part:?} is not a CIDR (like 10.0.0.0/8) or an address"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }
}

impl TrustedProxies {
    /// Whether `ip` is one of the trusted proxies.
    #[must_use]
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// Whether any proxy is trusted at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An IPv4 address mapped into IPv6 (a dual-stack listener's view) as the IPv4 address.
#[must_use]
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// Where a request came from, as worked out by [`resolve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The client's address (the peer itself when it is not a trusted proxy).
    pub address: Option<IpAddr>,
    /// Whether the client's connection was TLS: said by a trusted proxy, or ours.
    pub https: bool,
}

/// Works out the [`Origin`] of a request from its peer and, if the peer is trusted, its
/// forwarding headers.
#[must_use]
pub fn origin_of(
    trusted: &TrustedProxies,
    peer: Option<IpAddr>,
    headers: &header::HeaderMap,
    own_tls: bool,
) -> Origin {
    let untrusted = Origin {
        address: peer.map(canonical),
        https: own_tls,
    };
    let Some(peer) = peer.filter(|p| trusted.contains(*p)) else {
        return untrusted;
    };
    let forwarded = forwarded_elements(headers);
    let (hops, protos): (Vec<Option<IpAddr>>, Vec<Option<String>>) = if forwarded.is_empty() {
        let hops = header_list(headers, "x-forwarded-for")
            .iter()
            .map(|hop| parse_hop(hop))
            .collect();
        // The right-most value, like the address: it is the one our trusted proxy appended (or
        // set); anything left of it may be the client's own say, and a client claiming `https`
        // over plain HTTP would get a `Secure` cookie sent in the clear.
        let proto = header_list(headers, "x-forwarded-proto").into_iter().last();
        (hops, vec![proto])
    } else {
        forwarded.into_iter().unzip()
    };
    // From the right: skip trusted proxies; the first other hop is the client. A hop that does
    // not parse (`unknown`, an obfuscated name) ends the walk at the last trusted one.
    let mut address = canonical(peer);
    let mut index = None;
    for (i, hop) in hops.iter().enumerate().rev() {
        match hop {
            Some(ip) => {
                address = canonical(*ip);
                index = Some(i);
                if !trusted.contains(*ip) {
                    break;
                }
            }
            None => break,
        }
    }
    // `Forwarded` says the scheme per hop: the client's hop's; `X-Forwarded-Proto` has one.
    let proto = index
        .and_then(|i| protos.get(i).cloned().flatten())
        .or_else(|| protos.first().cloned().flatten());
    Origin {
        address: Some(address),
        https: proto.is_some_and(|p| p.eq_ignore_ascii_case("https")) || own_tls,
    }
}

/// A header's comma-separated values over all its lines, in order.
fn header_list(headers: &header::HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// RFC 7239 `Forwarded` elements as (`for`, `proto`), in order.
fn forwarded_elements(headers: &header::HeaderMap) -> Vec<(Option<IpAddr>, Option<String>)> {
    header_list(headers, "forwarded")
        .iter()
        .map(|element| {
            let mut hop = None;
            let mut proto = None;
            for pair in element.split(';') {
                let Some((key, value)) = pair.split_once('=') else {
                    continue;
                };
                let value = value.trim().trim_matches('"');
                match key.trim().to_ascii_lowercase().as_str() {
                    "for" => hop = parse_hop(value),
                    "proto" => proto = Some(value.to_owned()),
                    _ => {}
                }
            }
            (hop, proto)
        })
        .collect()
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    let (host, _port) = hop.rsplit_once(':')?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

/// The client's address of a request (see the module).
#[must_use]
pub fn of(req: &HttpRequest) -> Option<IpAddr> {
    origin(req).address
}

/// Whether the client reached us over TLS (see the module).
#[must_use]
pub fn is_https(req: &HttpRequest) -> bool {
    origin(req).https
}

fn origin(req: &HttpRequest) -> Origin {
    if let Some(origin) = req.extensions().get::<Origin>() {
        return *origin;
    }
    // Outside the middleware (never in the server): trust nobody.
    origin_of(
        &TrustedProxies::default(),
        req.peer_addr().map(|a| a.ip()),
        req.headers(),
        req.app_config().secure(),
    )
}

/// Middleware: works out the request's [`Origin`] once, and sends HSTS with answers that went
/// out over TLS.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn resolve(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let none = TrustedProxies::default();
    let trusted = req
        .app_data::<web::Data<TrustedProxies>>()
        .map_or(&none, |trusted| trusted.as_ref());
    let origin = origin_of(
        trusted,
        req.peer_addr().map(|a| a.ip()),
        req.headers(),
        req.app_config().secure(),
    );
    req.extensions_mut().insert(origin);
    let mut res = next.call(req).await?;
    if origin.https {
        res.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderMap, HeaderName};

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_static(name),
                HeaderValue::from_str(value).expect("a header value"),
            );
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    #[test]
    fn forwarding_headers_of_an_untrusted_peer_are_ignored() {
        let trusted: TrustedProxies = "10.0.0.0/8".parse().expect("CIDRs");
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            ("x-forwarded-proto", "https"),
        ]);
        let origin = origin_of(&trusted, Some(ip("192.0.2.1")), &h, false);
        assert_eq!(origin.address, Some(ip("192.0.2.1")));
        assert!(!origin.https);
    }

    #[test]
    fn the_right_most_forwarded_proto_of_a_trusted_proxy_is_believed() {
        let trusted: TrustedProxies = "10.0.0.0/8".parse().expect("CIDRs");
        // The client wrote `https`; the trusted proxy, reached over plain HTTP, appended `http`.
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            ("x-forwarded-proto", "https, http"),
        ]);
        assert!(!origin_of(&trusted, Some(ip("10.0.0.1")), &h, false).https);
        let h = headers(&[
            ("x-forwarded-proto", "https"),
            ("x-forwarded-proto", "http"),
        ]);
        assert!(!origin_of(&trusted, Some(ip("10.0.0.1")), &h, false).https);
        let h = headers(&[("x-forwarded-proto", "http, https")]);
        assert!(origin_of(&trusted, Some(ip("10.0.0.1")), &h, false).https);
    }

    #[test]
    fn the_right_most_address_that_is_not_a_trusted_proxy_is_the_client() {
        let trusted: TrustedProxies = "127.0.0.1, 10.0.0.0/8".parse().expect("CIDRs");
        let h = headers(&[
            ("x-forwarded-for", "203.0.113.9, 198.51.100.7"),
            ("x-forwarded-for", "10.1.2.3"),
        ]);
        let origin = origin_of(&trusted, Some(ip("127.0.0.1")), &h, false);
        assert_eq!(origin.address, Some(ip("198.51.100.7")));
    }

    #[test]
    fn forwarded_elements_give_the_address_and_the_scheme() {
        let trusted: TrustedProxies = "10.0.0.0/8".parse().expect("CIDRs");
        let h = headers(&[(
            "forwarded",
            r#"for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.2;proto=http"#,
        )]);
        let origin = origin_of(&trusted, Some(ip("10.0.0.1")), &h, false);
        assert_eq!(origin.address, Some(ip("2001:db8:cafe::17")));
        assert!(origin.https);
    }

    #[test]
    fn a_chain_of_trusted_proxies_only_gives_the_left_most() {
        let trusted: TrustedProxies = "10.0.0.0/8".parse().expect("CIDRs");
        let h = headers(&[("x-forwarded-for", "10.0.0.3, 10.0.0.2")]);
        let origin = origin_of(&trusted, Some(ip("10.0.0.1")), &h, false);
        assert_eq!(origin.address, Some(ip("10.0.0.3")));
    }

    #[test]
    fn a_bad_proxy_list_is_refused() {
        assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
        assert!("".parse::<TrustedProxies>().expect("empty").is_empty());
    }
}
