//! Address refusal: the crawler never connects to a loopback, private, link-local or otherwise
//! internal address unless the run allows it (`--allow-private-addresses`) or the user named that
//! exact address for a host (`--resolve HOST=ADDR:PORT`). Start URLs, redirects and links all
//! pass the same guard, in two places:
//!
//! - [`GuardedResolver`], the HTTP client's DNS resolver, drops internal addresses from every DNS
//!   answer at connect time; the connection uses exactly the addresses it returned, so a name
//!   cannot resolve to a public address when checked and to an internal one when connected.
//! - [`check_url`], before each request, checks what the resolver never sees: the scheme, IP
//!   literals (connected without resolution) and the port of a `--resolve` host (an explicit port
//!   in the URL replaces the resolved one, so another port of that address is another service).

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use url::{Host, Url};

/// What may be connected to besides the public internet.
#[derive(Clone, Debug, Default)]
pub struct AddressPolicy {
    pub allow_private: bool,
    /// `--resolve` overrides: lower-case host name → the one address it connects to.
    pub resolve: BTreeMap<String, SocketAddr>,
}

/// Why a URL may not be fetched.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Scheme(String),
    Address(String),
}

/// The error the resolver returns for a name that points only at internal addresses; the fetcher
/// finds it in the client error's cause chain and records a refusal, not a DNS failure.
#[derive(Debug)]
pub struct RefusedAddress(pub String);

impl fmt::Display for RefusedAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RefusedAddress {}

const HOW_TO_ALLOW: &str = "chỉ thu thập địa chỉ công cộng; dùng --allow-private-addresses, hoặc --resolve TÊN=ĐỊA_CHỈ:CỔNG cho đúng địa chỉ đó, để cho phép";

/// True for addresses that are not on the public internet.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || o[0] == 0
                || o[0] >= 240 // reserved
                || (o[0] == 100 && (64..128).contains(&o[1])) // carrier-grade NAT
                || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
                || (o[0] == 198 && (o[1] == 18 || o[1] == 19)) // benchmarking
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link local
                || (s[0] & 0xffc0) == 0xfec0 // site local (deprecated)
                || (s[..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible (deprecated)
        }
    }
}

/// Checks what the resolver cannot: the scheme, an IP literal host, and the port of a
/// `--resolve` host whose address is internal.
pub fn check_url(url: &Url, policy: &AddressPolicy) -> Result<(), Refusal> {
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(Refusal::Scheme(url.scheme().to_string()));
    }
    if policy.allow_private {
        return Ok(());
    }
    let ip = match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(Host::Domain(name)) => {
            let name = name.to_ascii_lowercase();
            if let (Some(addr), Some(port)) = (policy.resolve.get(&name), url.port())
                && port != addr.port()
                && is_internal(addr.ip())
            {
                return Err(Refusal::Address(format!(
                    "{name} được --resolve tới {addr}; cổng {port} là dịch vụ khác trên địa chỉ nội bộ đó, bị từ chối ({HOW_TO_ALLOW})"
                )));
            }
            return Ok(());
        }
        None => return Err(Refusal::Address(format!("{url} không có tên máy chủ"))),
    };
    if is_internal(ip) {
        return Err(Refusal::Address(format!(
            "{ip} là địa chỉ nội bộ, bị từ chối ({HOW_TO_ALLOW})"
        )));
    }
    Ok(())
}

/// The HTTP client's resolver: `--resolve` overrides first (their exact address, internal or
/// not), then the system resolver, whose internal answers are dropped unless the run allows
/// them. A name left with no address fails with [`RefusedAddress`].
pub struct GuardedResolver {
    policy: Arc<AddressPolicy>,
}

impl GuardedResolver {
    pub fn new(policy: Arc<AddressPolicy>) -> GuardedResolver {
        GuardedResolver { policy }
    }
}

/// Keeps the addresses `policy` lets `name` connect to.
fn screen(name: &str, found: Vec<SocketAddr>, policy: &AddressPolicy) -> Result<Vec<SocketAddr>, RefusedAddress> {
    if policy.allow_private {
        return Ok(found);
    }
    let (internal, public): (Vec<SocketAddr>, Vec<SocketAddr>) = found.into_iter().partition(|a| is_internal(a.ip()));
    if public.is_empty() && !internal.is_empty() {
        let list: Vec<String> = internal.iter().map(|a| a.ip().to_string()).collect();
        return Err(RefusedAddress(format!(
            "{name} chỉ trỏ tới địa chỉ nội bộ ({}), bị từ chối ({HOW_TO_ALLOW})",
            list.join(", ")
        )));
    }
    if !internal.is_empty() {
        tracing::warn!(
            name,
            dropped = internal.len(),
            "internal addresses dropped from a DNS answer"
        );
    }
    Ok(public)
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The addresses `name` may connect to under `policy` (port 0 unless a `--resolve` override
/// gives one): the override first, else the system resolver's public answers. Shared by the
/// HTTP client's resolver and the browser stage's proxy ([`crate::browser::proxy`]).
pub async fn lookup(name: &str, policy: &AddressPolicy) -> Result<Vec<SocketAddr>, BoxError> {
    let name = name.to_ascii_lowercase();
    if let Some(addr) = policy.resolve.get(&name) {
        return Ok(vec![*addr]);
    }
    let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
    Ok(screen(&name, found, policy)?)
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy.clone();
        let name = name.as_str().to_ascii_lowercase();
        Box::pin(async move {
            let kept = lookup(&name, &policy).await?;
            let addrs: reqwest::dns::Addrs = Box::new(kept.into_iter());
            Ok::<_, BoxError>(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::dns::Resolve;

    #[test]
    fn internal_ranges() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.5",
            "169.254.1.1",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::127.0.0.1",
            "0.0.0.0",
            "255.255.255.255",
        ] {
            assert!(is_internal(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["203.162.0.1", "8.8.8.8", "2001:4860::1"] {
            assert!(!is_internal(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn refuses_literal_internal_addresses_unless_allowed() {
        let url = Url::parse("http://127.0.0.1:9/x").unwrap();
        let policy = AddressPolicy::default();
        assert!(matches!(check_url(&url, &policy), Err(Refusal::Address(m)) if m.contains("127.0.0.1")));
        let v6 = Url::parse("http://[::1]:9/x").unwrap();
        assert!(matches!(check_url(&v6, &policy), Err(Refusal::Address(_))));
        assert_eq!(check_url(&Url::parse("http://203.162.0.1/").unwrap(), &policy), Ok(()));
        let allowed = AddressPolicy {
            allow_private: true,
            ..Default::default()
        };
        assert_eq!(check_url(&url, &allowed), Ok(()));
        let ftp = Url::parse("ftp://example.gov.vn/").unwrap();
        assert!(matches!(check_url(&ftp, &allowed), Err(Refusal::Scheme(_))));
    }

    #[test]
    fn a_resolved_host_is_allowed_only_on_its_port() {
        let mut policy = AddressPolicy::default();
        policy
            .resolve
            .insert("a.test".into(), "127.0.0.1:8080".parse().unwrap());
        policy
            .resolve
            .insert("pub.test".into(), "203.162.0.1:80".parse().unwrap());
        let ok = |u: &str| check_url(&Url::parse(u).unwrap(), &policy);
        assert_eq!(ok("http://a.test/"), Ok(()), "no port: the resolved one is used");
        assert_eq!(ok("https://a.test:8080/x"), Ok(()));
        assert!(matches!(ok("http://a.test:8081/"), Err(Refusal::Address(m)) if m.contains("8081")));
        assert_eq!(ok("http://pub.test:8443/"), Ok(()), "a public address on any port");
    }

    #[test]
    fn screening_keeps_public_answers_and_refuses_internal_only_ones() {
        let policy = AddressPolicy::default();
        let a = |s: &str| -> SocketAddr { s.parse().unwrap() };
        let mixed = vec![a("10.0.0.1:0"), a("203.162.0.1:0")];
        assert_eq!(
            screen("x.vn", mixed.clone(), &policy).unwrap(),
            vec![a("203.162.0.1:0")]
        );
        let err = screen("x.vn", vec![a("127.0.0.1:0")], &policy).unwrap_err();
        assert!(err.0.contains("x.vn") && err.0.contains("127.0.0.1"), "{err}");
        let allowed = AddressPolicy {
            allow_private: true,
            ..Default::default()
        };
        assert_eq!(screen("x.vn", mixed.clone(), &allowed).unwrap(), mixed);
    }

    #[tokio::test]
    async fn the_resolver_refuses_localhost_but_serves_overrides() {
        let mut policy = AddressPolicy::default();
        policy
            .resolve
            .insert("site.test".into(), "127.0.0.1:8080".parse().unwrap());
        let r = GuardedResolver::new(Arc::new(policy));
        let err = match r.resolve("localhost".parse().unwrap()).await {
            Ok(addrs) => panic!("localhost resolved to {:?}", addrs.collect::<Vec<_>>()),
            Err(e) => e,
        };
        assert!(err.downcast_ref::<RefusedAddress>().is_some(), "{err}");
        let got: Vec<SocketAddr> = r.resolve("site.test".parse().unwrap()).await.unwrap().collect();
        assert_eq!(got, vec!["127.0.0.1:8080".parse::<SocketAddr>().unwrap()]);
    }
}
