//! Address refusal: the crawler never follows a redirect or link to a loopback, private, link-local
//! or otherwise internal address unless the run allows it. Main function: [`check_target`].

use std::collections::BTreeSet;
use std::net::IpAddr;
use url::{Host, Url};

/// Hosts allowed to be internal addresses: explicit `--resolve` hosts and the run's start hosts.
#[derive(Clone, Debug, Default)]
pub struct AddressPolicy {
    pub allow_private: bool,
    pub trusted_hosts: BTreeSet<String>,
}

/// Why a URL may not be fetched.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Scheme(String),
    Address(String),
    Dns(String),
}

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
                || (o[0] == 100 && (64..128).contains(&o[1])) // carrier-grade NAT
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
        }
    }
}

/// Checks scheme and address of `url` before a request; resolves names not in `policy`'s trusted
/// set to see where they point.
pub async fn check_target(url: &Url, policy: &AddressPolicy) -> Result<(), Refusal> {
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(Refusal::Scheme(url.scheme().to_string()));
    }
    if policy.allow_private {
        return Ok(());
    }
    let host = match url.host() {
        Some(h) => h,
        None => return Err(Refusal::Dns(format!("{url} has no host"))),
    };
    let name = host.to_string().to_ascii_lowercase();
    if policy.trusted_hosts.contains(&name) {
        return Ok(());
    }
    let ip = match host {
        Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        Host::Domain(_) => None,
    };
    if let Some(ip) = ip {
        return if is_internal(ip) {
            Err(Refusal::Address(format!("{ip} is an internal address")))
        } else {
            Ok(())
        };
    }
    let port = url.port_or_known_default().unwrap_or(80);
    match tokio::net::lookup_host((name.as_str(), port)).await {
        Ok(addrs) => {
            for a in addrs {
                if is_internal(a.ip()) {
                    return Err(Refusal::Address(format!(
                        "{name} resolves to internal {}",
                        a.ip()
                    )));
                }
            }
            Ok(())
        }
        Err(e) => Err(Refusal::Dns(format!("{name}: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_ranges() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.5",
            "169.254.1.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "0.0.0.0",
        ] {
            assert!(is_internal(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["203.162.0.1", "8.8.8.8", "2001:4860::1"] {
            assert!(!is_internal(ip.parse().unwrap()), "{ip}");
        }
    }

    #[tokio::test]
    async fn refuses_literal_loopback_unless_trusted_or_allowed() {
        let url = Url::parse("http://127.0.0.1:9/x").unwrap();
        let mut policy = AddressPolicy::default();
        assert!(matches!(
            check_target(&url, &policy).await,
            Err(Refusal::Address(_))
        ));
        policy.trusted_hosts.insert("127.0.0.1".into());
        assert_eq!(check_target(&url, &policy).await, Ok(()));
        let policy = AddressPolicy {
            allow_private: true,
            ..Default::default()
        };
        assert_eq!(check_target(&url, &policy).await, Ok(()));
        let ftp = Url::parse("ftp://example.gov.vn/").unwrap();
        assert!(matches!(
            check_target(&ftp, &policy).await,
            Err(Refusal::Scheme(_))
        ));
    }
}
