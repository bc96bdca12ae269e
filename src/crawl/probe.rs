//! Crawl-time facts about a site's transport that its pages do not show, probed once per site
//! after its crawl and stored with it as a [`Probe`]: the HTTPS certificate (a chain to a trusted
//! root, valid for the host, not expired, with its expiry date), whether http:// redirects to
//! https://, and IPv6 (AAAA addresses, and the home page served over one of them). The `https` and
//! `ipv6` checks read it back; mixed content is read from the stored pages by the check itself.
//!
//! Every request goes through the crawler's address guard ([`super::address`]): an internal
//! address (127.0.0.1, ::1…) is reached only with `--allow-private-addresses` or a `--resolve`
//! override, as for the crawl.
//!
//! Only the start URL is requested (the crawl was allowed to read it), and only when the crawl
//! read it ([`ProbeScope`]): a site whose robots.txt forbids or could not be read gets no probe.
//!
//! Main items: [`ProbeOptions`], [`ProbeScope`] and [`probe_site`].

use super::address::{AddressPolicy, GuardedResolver, Refusal, RefusedAddress, check_url, is_internal};
use super::config::CrawlConfig;
use super::fetch::client_builder;
use crate::snapshot::{CertificateState, Ipv6State, Probe, RedirectState};
use chrono::{DateTime, TimeZone, Utc};
use std::error::Error as StdError;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// How the probe connects.
#[derive(Clone, Debug)]
pub struct ProbeOptions {
    pub policy: AddressPolicy,
    /// PEM certificates trusted besides the system's roots (a test's or the demo's CA).
    pub extra_roots_pem: Vec<String>,
    pub user_agent: String,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    /// The crawl's fetcher, whose per-host gates pace the probe's requests like the crawl's own
    /// (rate, concurrency, robots.txt Crawl-delay, slow-down after errors); none in unit tests.
    pub pacer: Option<Pacer>,
}

/// The per-host gates a probe waits on before each request.
#[derive(Clone)]
pub struct Pacer(pub Arc<super::fetch::Fetcher>);

impl std::fmt::Debug for Pacer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pacer")
    }
}

impl ProbeOptions {
    /// Waits for `url`'s host's turn; the slot is held while the request is answered.
    async fn turn(&self, url: &Url) -> Option<super::politeness::Slot> {
        let pacer = self.pacer.as_ref()?;
        pacer.0.turn(url).await
    }

    /// The options of a crawl: its guard, user agent and timeouts.
    pub fn from_crawl(cfg: &CrawlConfig) -> ProbeOptions {
        ProbeOptions {
            policy: AddressPolicy {
                allow_private: cfg.allow_private_addresses,
                resolve: cfg.resolve.clone(),
            },
            extra_roots_pem: cfg.extra_roots_pem.clone(),
            user_agent: cfg.user_agent.clone(),
            connect_timeout: cfg.connect_timeout,
            request_timeout: cfg.request_timeout,
            pacer: None,
        }
    }
}

/// GET `url` once its host's turn came (the slot is held until the answer's headers).
async fn send(client: &reqwest::Client, url: &Url, opts: &ProbeOptions) -> reqwest::Result<reqwest::Response> {
    let _turn = opts.turn(url).await;
    client.get(url.clone()).send().await
}

/// A guard refusal in words.
fn refusal_text(r: &Refusal) -> String {
    match r {
        Refusal::Address(m) => m.clone(),
        Refusal::Scheme(s) => format!("lược đồ \"{s}\" không được hỗ trợ"),
    }
}

/// Redirect hops followed on http:// before giving up on reaching https://.
const MAX_HOPS: usize = 5;

/// How much of a site the probe may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeScope {
    /// The crawl read the start URL (robots.txt allowed it): the start URL may be requested over
    /// https://, http:// and IPv6.
    Full,
    /// The crawl failed on the TLS handshake, so robots.txt was never read: only the certificate
    /// is looked at (a refused handshake sends no request); the redirect and IPv6 are not probed.
    CertificateOnly,
}

/// Probes the site at `start`: its https:// certificate, its http:// redirect and IPv6, at once.
/// Only the start URL is requested (the page the crawl was allowed to read), never another path.
pub async fn probe_site(start: &Url, opts: &ProbeOptions, scope: ProbeScope) -> Probe {
    let mut https_url = start.clone();
    let _ = https_url.set_scheme("https");
    let mut http_url = start.clone();
    let _ = http_url.set_scheme("http");
    let (certificate, redirect, ipv6) = match scope {
        ProbeScope::Full => {
            // one after the other, each at the host's pace: the probe is a polite client too
            let certificate = certificate(&https_url, opts).await;
            let redirect = redirect(&http_url, opts).await;
            (certificate, redirect, ipv6(start, opts).await)
        }
        ProbeScope::CertificateOnly => {
            let skipped = "không thăm dò: lần thu thập không đọc được robots.txt của trang".to_string();
            (
                certificate(&https_url, opts).await,
                RedirectState::NotProbed {
                    detail: skipped.clone(),
                },
                Ipv6State {
                    addresses: vec![],
                    lookup_error: None,
                    status: None,
                    detail: skipped,
                    failure: Some("not_probed".into()),
                },
            )
        }
    };
    Probe {
        probed_at: Utc::now(),
        https_url: https_url.to_string(),
        certificate,
        http_url: http_url.to_string(),
        redirect,
        ipv6,
    }
}

/// A client that follows no redirects and connects only where the guard allows; `resolver`
/// replaces the guarded one (the IPv6 probe's).
fn client(opts: &ProbeOptions, resolver: Option<V6Resolver>) -> Result<reqwest::Client, String> {
    let mut b = client_builder()
        .user_agent(opts.user_agent.clone())
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(opts.connect_timeout)
        .timeout(opts.request_timeout)
        .tls_info(true)
        .no_proxy();
    b = match resolver {
        Some(r) => b.dns_resolver(r),
        None => b.dns_resolver(GuardedResolver::new(Arc::new(opts.policy.clone()))),
    };
    for pem in &opts.extra_roots_pem {
        let cert =
            reqwest::Certificate::from_pem(pem.as_bytes()).map_err(|e| format!("chứng chỉ gốc không đọc được: {e}"))?;
        b = b.tls_certs_merge([cert]);
    }
    b.build().map_err(|e| format!("không tạo được HTTP client: {e}"))
}

/// The https:// URL's certificate, judged by the TLS library's verification.
async fn certificate(url: &Url, opts: &ProbeOptions) -> CertificateState {
    if let Err(r) = check_url(url, &opts.policy) {
        return CertificateState::Refused {
            detail: refusal_text(&r),
        };
    }
    let client = match client(opts, None) {
        Ok(c) => c,
        Err(detail) => return CertificateState::NoHttps { detail },
    };
    match send(&client, url, opts).await {
        Ok(resp) => {
            let not_after = resp
                .extensions()
                .get::<reqwest::tls::TlsInfo>()
                .and_then(|t| t.peer_certificate())
                .and_then(not_after_of);
            CertificateState::Valid { not_after }
        }
        Err(e) => classify_tls_error(&e),
    }
}

/// Sorts a failed https:// request: a certificate the TLS library refused, a guard refusal, or no
/// HTTPS service at all.
fn classify_tls_error(e: &reqwest::Error) -> CertificateState {
    use rustls::CertificateError as C;
    let detail = chain_text(e);
    if find::<RefusedAddress>(e).is_some() {
        return CertificateState::Refused { detail };
    }
    if e.is_timeout() || matches!(failure_of(e), "no_route" | "timeout") {
        return CertificateState::Failed { detail };
    }
    match find::<rustls::Error>(e) {
        Some(rustls::Error::InvalidCertificate(c)) => match c {
            C::Expired => CertificateState::Expired { not_after: None },
            C::ExpiredContext { not_after, .. } => CertificateState::Expired {
                not_after: Utc.timestamp_opt(not_after.as_secs() as i64, 0).single(),
            },
            C::NotValidForName | C::NotValidForNameContext { .. } => CertificateState::WrongHost { detail },
            _ => CertificateState::Untrusted { detail },
        },
        Some(_) | None if detail.contains("InvalidCertificate") => {
            // a verifier that wraps its error in another type: read its name
            if detail.contains("Expired") {
                CertificateState::Expired { not_after: None }
            } else if detail.contains("NotValidForName") {
                CertificateState::WrongHost { detail }
            } else {
                CertificateState::Untrusted { detail }
            }
        }
        _ if failure_of(e) == "refused" || e.is_connect() || find::<rustls::Error>(e).is_some() => {
            CertificateState::NoHttps { detail }
        }
        _ => CertificateState::Failed { detail },
    }
}

/// Why a connection failed, as far as this side can tell: "refused" (the host answered no),
/// "no_route" (this machine cannot reach it), "timeout", "guard" (the address guard) or "other".
fn failure_of(e: &reqwest::Error) -> &'static str {
    use std::io::ErrorKind as K;
    if find::<RefusedAddress>(e).is_some() {
        return "guard";
    }
    if e.is_timeout() {
        return "timeout";
    }
    match find::<std::io::Error>(e).map(std::io::Error::kind) {
        Some(K::ConnectionRefused | K::ConnectionReset) => "refused",
        Some(K::NetworkUnreachable | K::HostUnreachable | K::AddrNotAvailable) => "no_route",
        Some(K::TimedOut) => "timeout",
        _ => "other",
    }
}

/// The first error of type `T` in `e`'s cause chain, looking inside I/O errors (whose `source`
/// skips the error they wrap).
fn find<'a, T: StdError + 'static>(e: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(t) = err.downcast_ref::<T>() {
            return Some(t);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(t) = find::<T>(inner)
        {
            return Some(t);
        }
        cur = err.source();
    }
    None
}

/// An error and its causes on one line, for evidence.
fn chain_text(e: &(dyn StdError + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(err) = cur {
        let s = err.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
        {
            parts.push(format!("{inner:?}"));
        }
        cur = err.source();
    }
    parts.join(": ")
}

/// Where http:// leads: followed hop by hop (each through the guard) until it reaches https:// or
/// stops redirecting.
async fn redirect(start: &Url, opts: &ProbeOptions) -> RedirectState {
    let client = match client(opts, None) {
        Ok(c) => c,
        Err(detail) => return RedirectState::Unreachable { detail },
    };
    let mut url = start.clone();
    let mut first_status = None;
    for _ in 0..MAX_HOPS {
        if let Err(r) = check_url(&url, &opts.policy) {
            return RedirectState::Unreachable {
                detail: format!("{url}: {}", refusal_text(&r)),
            };
        }
        let resp = match send(&client, &url, opts).await {
            Ok(r) => r,
            Err(e) => {
                return match first_status {
                    Some(status) => RedirectState::NotRedirected {
                        status,
                        location: Some(url.to_string()),
                    },
                    None => RedirectState::Unreachable { detail: chain_text(&e) },
                };
            }
        };
        let status = resp.status().as_u16();
        let status0 = *first_status.get_or_insert(status);
        let next = resp
            .status()
            .is_redirection()
            .then(|| resp.headers().get(reqwest::header::LOCATION))
            .flatten()
            .and_then(|l| l.to_str().ok())
            .and_then(|l| url.join(l).ok());
        match next {
            Some(next) if next.scheme() == "https" => {
                return RedirectState::ToHttps {
                    status: status0,
                    location: next.to_string(),
                };
            }
            Some(next) if next.scheme() == "http" && next != url => url = next,
            _ => {
                return RedirectState::NotRedirected {
                    status: status0,
                    location: (url != *start).then(|| url.to_string()),
                };
            }
        }
    }
    RedirectState::NotRedirected {
        status: first_status.unwrap_or(0),
        location: Some(url.to_string()),
    }
}

/// The host's IPv6 addresses the guard allows: a `--resolve` override when it is one (the only
/// address of that host), else the system resolver's AAAA answers.
async fn v6_addresses(host: &str, port: u16, policy: &AddressPolicy) -> Result<Vec<SocketAddr>, String> {
    if let Some(addr) = policy.resolve.get(&host.to_ascii_lowercase()) {
        return Ok(if addr.is_ipv6() { vec![*addr] } else { vec![] });
    }
    let found = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| format!("không tra được tên {host}: {e}"))?;
    Ok(found
        .filter(|a| a.is_ipv6())
        .filter(|a| policy.allow_private || !is_internal(a.ip()))
        .collect())
}

/// A resolver that gives the client only the IPv6 addresses found, so the request goes over IPv6.
#[derive(Clone)]
struct V6Resolver {
    addrs: Arc<Vec<SocketAddr>>,
}

impl reqwest::dns::Resolve for V6Resolver {
    fn resolve(&self, _name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let addrs = self.addrs.clone();
        Box::pin(async move {
            let it: reqwest::dns::Addrs = Box::new(addrs.as_ref().clone().into_iter());
            Ok::<_, Box<dyn StdError + Send + Sync>>(it)
        })
    }
}

/// The start URL's host over IPv6: its AAAA addresses, then the start URL requested over them
/// (any HTTP answer counts as served; the certificate is the HTTPS probe's business).
async fn ipv6(start: &Url, opts: &ProbeOptions) -> Ipv6State {
    let mut state = Ipv6State {
        addresses: vec![],
        lookup_error: None,
        status: None,
        detail: String::new(),
        failure: None,
    };
    if let Err(r) = check_url(start, &opts.policy) {
        state.detail = refusal_text(&r);
        state.failure = Some("guard".into());
        return state;
    }
    let port = start.port_or_known_default().unwrap_or(80);
    let addrs = match start.host() {
        Some(url::Host::Ipv6(ip)) => vec![SocketAddr::new(ip.into(), port)],
        Some(url::Host::Ipv4(_)) => vec![],
        Some(url::Host::Domain(name)) => match v6_addresses(name, port, &opts.policy).await {
            Ok(a) => a,
            Err(e) => {
                state.lookup_error = Some(e.clone());
                state.detail = e;
                return state;
            }
        },
        None => vec![],
    };
    state.addresses = addrs.iter().map(|a| a.ip().to_string()).collect();
    if addrs.is_empty() {
        state.detail = "không có bản ghi AAAA (địa chỉ IPv6)".into();
        return state;
    }
    // an IP literal start URL is requested as it is
    let client = match client(opts, Some(V6Resolver { addrs: Arc::new(addrs) })) {
        Ok(c) => c,
        Err(e) => {
            state.detail = e;
            return state;
        }
    };
    let url = start.clone();
    // the certificate is judged by the HTTPS probe; here only "is it served over IPv6"
    match send(&client, &url, opts).await {
        Ok(resp) => {
            state.status = Some(resp.status().as_u16());
            state.detail = format!("{url} trả lời qua IPv6 (HTTP {})", resp.status().as_u16());
        }
        Err(e) if find::<rustls::Error>(&e).is_some() => {
            // a TLS answer came over IPv6: served, though its certificate fails
            state.status = Some(0);
            state.detail = format!("{url} trả lời TLS qua IPv6 ({})", chain_text(&e));
        }
        Err(e) => {
            state.failure = Some(failure_of(&e).to_string());
            state.detail = format!("{url} không trả lời qua IPv6: {}", chain_text(&e));
        }
    }
    state
}

/// The `notAfter` of a DER X.509 certificate: Certificate → TBSCertificate → (version) serial,
/// signature, issuer, validity → notAfter. `None` for anything that does not read.
pub fn not_after_of(der: &[u8]) -> Option<DateTime<Utc>> {
    let (_, cert, _) = der_item(der)?;
    let (_, tbs, _) = der_item(cert)?;
    let mut rest = tbs;
    let (tag, _, r) = der_item_tag(rest)?;
    if tag == 0xa0 {
        rest = r; // explicit version
    }
    for _ in 0..3 {
        let (_, _, r) = der_item_tag(rest)?; // serial, signature algorithm, issuer
        rest = r;
    }
    let (_, validity, _) = der_item(rest)?;
    let (_, _, after) = der_item_tag(validity)?; // notBefore
    let (tag, value, _) = der_item_tag(after)?;
    let text = std::str::from_utf8(value).ok()?;
    let (fmt, text) = match tag {
        0x17 => ("%y%m%d%H%M%SZ", text), // UTCTime
        0x18 => ("%Y%m%d%H%M%SZ", text), // GeneralizedTime
        _ => return None,
    };
    chrono::NaiveDateTime::parse_from_str(text, fmt)
        .ok()
        .map(|d| d.and_utc())
}

/// One DER item: (tag, contents, rest), requiring a SEQUENCE.
fn der_item(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    der_item_tag(b).filter(|(t, _, _)| *t == 0x30)
}

/// One DER item of any tag: (tag, contents, rest).
fn der_item_tag(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *b.first()?;
    let first = *b.get(1)? as usize;
    let (len, head) = if first < 0x80 {
        (first, 2)
    } else {
        let n = first & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let len = b.get(2..2 + n)?.iter().fold(0usize, |acc, x| (acc << 8) | *x as usize);
        (len, 2 + n)
    };
    let end = head.checked_add(len)?;
    Some((tag, b.get(head..end)?, b.get(end..)?))
}
