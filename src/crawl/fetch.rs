//! One fetch of one URL: the HTTP client (timeouts, `--resolve` overrides, user agent), redirects
//! followed by hand (limit, loop detection, address refusal per hop), bodies read under caps and a
//! stall timeout, transient failures retried with backoff, and every failure classified as an
//! [`ErrorKind`]. Main types: [`Fetcher`], [`FetchOutcome`], [`Validators`].

use super::address::{AddressPolicy, Refusal, check_target};
use super::config::CrawlConfig;
use super::politeness::{HostGates, host_key};
use crate::snapshot::ErrorKind;
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use url::Url;

/// Validators from an earlier fetch, sent as a conditional request.
#[derive(Clone, Debug, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What one fetch produced, success or failure.
#[derive(Clone, Debug)]
pub struct FetchOutcome {
    pub url: String,
    pub final_url: String,
    pub status: Option<u16>,
    /// Response headers, lower-case names, in order.
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    pub error: Option<(ErrorKind, String)>,
    /// URLs of the redirect hops after `url`.
    pub redirects: Vec<String>,
    pub fetched_at: DateTime<Utc>,
    pub ttfb_ms: Option<i64>,
    pub total_ms: i64,
    pub attempts: u32,
}

impl FetchOutcome {
    /// An outcome for `url` with nothing fetched yet.
    pub fn blank(url: &Url) -> FetchOutcome {
        FetchOutcome {
            url: url.to_string(),
            final_url: url.to_string(),
            status: None,
            headers: Vec::new(),
            body: None,
            error: None,
            redirects: Vec::new(),
            fetched_at: Utc::now(),
            ttfb_ms: None,
            total_ms: 0,
            attempts: 0,
        }
    }
}

impl FetchOutcome {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn is_success(&self) -> bool {
        self.error.is_none() && self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// The result of one attempt at one hop.
enum Attempt {
    Response {
        status: u16,
        headers: Vec<(String, String)>,
        body: Option<Vec<u8>>,
        ttfb: Duration,
    },
    Failed(ErrorKind, String),
}

/// Fetches URLs politely; cheap to share behind an `Arc`.
pub struct Fetcher {
    client: reqwest::Client,
    cfg: Arc<CrawlConfig>,
    policy: AddressPolicy,
    gates: Arc<HostGates>,
    global: Arc<Semaphore>,
}

/// A `reqwest::Client` builder whose TLS runs on rustls's ring provider. reqwest is built without a
/// provider of its own (no aws-lc C build), so every client of the program and its tests starts here:
/// the first call installs ring as the process's default provider.
pub fn client_builder() -> reqwest::ClientBuilder {
    static PROVIDER: std::sync::Once = std::sync::Once::new();
    PROVIDER.call_once(|| {
        // Err only when another provider is installed already, which then serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
}

impl Fetcher {
    pub fn new(cfg: Arc<CrawlConfig>, policy: AddressPolicy, gates: Arc<HostGates>) -> anyhow::Result<Fetcher> {
        let mut builder = client_builder()
            .user_agent(cfg.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(cfg.connect_timeout)
            .timeout(cfg.request_timeout)
            .pool_max_idle_per_host(cfg.per_host_concurrency.max(1))
            .no_proxy();
        for (host, addr) in &cfg.resolve {
            builder = builder.resolve(host, *addr);
        }
        let client = builder.build()?;
        let global = Arc::new(Semaphore::new(cfg.global_concurrency.max(1)));
        Ok(Fetcher {
            client,
            cfg,
            policy,
            gates,
            global,
        })
    }

    pub fn gates(&self) -> &HostGates {
        &self.gates
    }

    /// Fetches `url`, following HTTP redirects by hand.
    pub async fn fetch(&self, url: &Url, validators: Option<&Validators>) -> FetchOutcome {
        let started = Instant::now();
        let mut out = FetchOutcome::blank(url);
        let mut current = url.clone();
        let mut seen: HashSet<String> = HashSet::new();
        loop {
            out.final_url = current.to_string();
            if let Err(refusal) = check_target(&current, &self.policy).await {
                out.error = Some(match refusal {
                    Refusal::Scheme(s) => (ErrorKind::UnsupportedScheme, format!("scheme {s} in {current}")),
                    Refusal::Address(d) => (ErrorKind::RefusedAddress, d),
                    Refusal::Dns(d) => (ErrorKind::Dns, d),
                });
                break;
            }
            if !seen.insert(strip_fragment(&current)) {
                out.error = Some((ErrorKind::RedirectLoop, format!("redirect loop back to {current}")));
                break;
            }
            let conditional = if out.redirects.is_empty() { validators } else { None };
            let (attempt, tries) = self.request_with_retries(&current, conditional).await;
            out.attempts += tries;
            match attempt {
                Attempt::Failed(kind, detail) => {
                    out.error = Some((kind, detail));
                    break;
                }
                Attempt::Response {
                    status,
                    headers,
                    body,
                    ttfb,
                } => {
                    out.ttfb_ms.get_or_insert(ttfb.as_millis() as i64);
                    let location = headers
                        .iter()
                        .find(|(k, _)| k == "location")
                        .and_then(|(_, v)| current.join(v.trim()).ok());
                    out.status = Some(status);
                    out.headers = headers;
                    out.body = body;
                    if let (true, Some(next)) = (is_redirect(status), location) {
                        if out.redirects.len() >= self.cfg.max_redirects {
                            out.error = Some((
                                ErrorKind::TooManyRedirects,
                                format!("more than {} redirects", self.cfg.max_redirects),
                            ));
                            break;
                        }
                        out.redirects.push(next.to_string());
                        current = next;
                        continue;
                    }
                    if status >= 400 {
                        out.error = Some((ErrorKind::HttpStatus, format!("HTTP {status}")));
                    }
                    break;
                }
            }
        }
        out.total_ms = started.elapsed().as_millis() as i64;
        out
    }

    /// One hop, retried for transient failures (timeout, reset, 429, 5xx) with backoff; the host is
    /// slowed on each. Returns the last attempt and the number of attempts.
    async fn request_with_retries(&self, url: &Url, validators: Option<&Validators>) -> (Attempt, u32) {
        let gate = self.gates.gate(&host_key(url));
        let mut tries = 0;
        loop {
            tries += 1;
            let attempt = {
                let _host_slot = gate.acquire().await;
                let _global = self.global.acquire().await.expect("semaphore never closed");
                self.attempt(url, validators).await
            };
            let retry_wait = match &attempt {
                Attempt::Response { status, headers, .. } if *status == 429 || *status >= 500 => {
                    let backoff = self.backoff(tries);
                    let wait = retry_after(headers).unwrap_or(backoff);
                    gate.penalize(wait.min(self.cfg.max_retry_after));
                    (wait <= self.cfg.max_retry_after).then_some(wait)
                }
                Attempt::Failed(kind, detail) if is_transient(*kind, detail) => {
                    let wait = self.backoff(tries);
                    gate.penalize(wait);
                    Some(wait)
                }
                _ => None,
            };
            match retry_wait {
                Some(_) if tries <= self.cfg.max_retries => {
                    tracing::debug!(url = %url, tries, "retrying transient failure");
                    // the gate holds the wait (`not_before`); acquire() sleeps it out
                }
                _ => return (attempt, tries),
            }
        }
    }

    fn backoff(&self, tries: u32) -> Duration {
        self.cfg.retry_backoff * 2u32.saturating_pow(tries.saturating_sub(1).min(6))
    }

    async fn attempt(&self, url: &Url, validators: Option<&Validators>) -> Attempt {
        let started = Instant::now();
        let mut req = self.client.get(url.clone());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.header("if-none-match", etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header("if-modified-since", lm);
            }
        }
        let mut resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                let (kind, detail) = classify(&e);
                return Attempt::Failed(kind, detail);
            }
        };
        let ttfb = started.elapsed();
        let status = resp.status().as_u16();
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .take(100)
            .map(|(k, v)| {
                let v = String::from_utf8_lossy(v.as_bytes());
                (k.as_str().to_string(), v.chars().take(2000).collect())
            })
            .collect();
        if is_redirect(status) && headers.iter().any(|(k, _)| k == "location") || status == 304 {
            return Attempt::Response {
                status,
                headers,
                body: None,
                ttfb,
            };
        }
        if let Some(len) = resp.content_length()
            && len > self.cfg.max_body_bytes
        {
            return Attempt::Failed(
                ErrorKind::BodyTooLarge,
                format!("declared Content-Length {len} exceeds {}", self.cfg.max_body_bytes),
            );
        }
        let deadline = started + self.cfg.request_timeout;
        let mut body = Vec::new();
        loop {
            let now = Instant::now();
            if now >= deadline {
                return Attempt::Failed(ErrorKind::Timeout, "whole-request timeout while reading body".into());
            }
            let wait = self.cfg.stall_timeout.min(deadline - now);
            match tokio::time::timeout(wait, resp.chunk()).await {
                Err(_) => {
                    return Attempt::Failed(ErrorKind::Timeout, format!("body stalled after {} bytes", body.len()));
                }
                Ok(Err(e)) => {
                    let (kind, detail) = classify(&e);
                    return Attempt::Failed(kind, detail);
                }
                Ok(Ok(None)) => break,
                Ok(Ok(Some(chunk))) => {
                    if (body.len() + chunk.len()) as u64 > self.cfg.max_decompressed_bytes {
                        return Attempt::Failed(
                            ErrorKind::BodyTooLarge,
                            format!(
                                "body exceeds {} bytes (after decompression)",
                                self.cfg.max_decompressed_bytes
                            ),
                        );
                    }
                    body.extend_from_slice(&chunk);
                }
            }
        }
        Attempt::Response {
            status,
            headers,
            body: Some(body),
            ttfb,
        }
    }
}

fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

fn strip_fragment(url: &Url) -> String {
    let mut u = url.clone();
    u.set_fragment(None);
    u.to_string()
}

/// Retry-After as seconds or an HTTP date.
fn retry_after(headers: &[(String, String)]) -> Option<Duration> {
    let v = headers.iter().find(|(k, _)| k == "retry-after")?.1.trim().to_string();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = DateTime::parse_from_rfc2822(&v).ok()?;
    let secs = (when.with_timezone(&Utc) - Utc::now()).num_milliseconds().max(0);
    Some(Duration::from_millis(secs as u64))
}

/// Transient failures are retried: timeouts and connection resets. DNS, TLS, refusals are not.
fn is_transient(kind: ErrorKind, detail: &str) -> bool {
    match kind {
        ErrorKind::Timeout => true,
        ErrorKind::Connect => {
            let d = detail.to_ascii_lowercase();
            d.contains("reset") || d.contains("broken pipe") || d.contains("closed")
        }
        _ => false,
    }
}

/// Phrases of rustls errors (reqwest does not expose the TLS error type itself).
const TLS_SIGNS: &[&str] = &[
    "certificate",
    "tls",
    "handshake",
    "unknownissuer",
    "corrupt message",
    "peer is incompatible",
    "peer misbehaved",
    "fatal alert",
    "unexpected message",
];

/// Maps a reqwest error to an error kind, with the whole cause chain as detail.
pub fn classify(e: &reqwest::Error) -> (ErrorKind, String) {
    let mut chain = e.to_string();
    let mut src = e.source();
    let mut io_kind = None;
    while let Some(s) = src {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            io_kind = Some(io.kind());
        }
        src = s.source();
    }
    let lower = chain.to_ascii_lowercase();
    let kind = if e.is_timeout() || io_kind == Some(std::io::ErrorKind::TimedOut) {
        ErrorKind::Timeout
    } else if TLS_SIGNS.iter().any(|s| lower.contains(s)) {
        ErrorKind::Tls
    } else if e.is_dns() || lower.contains("dns error") || lower.contains("failed to lookup") {
        ErrorKind::Dns
    } else if e.is_connect()
        || matches!(
            io_kind,
            Some(std::io::ErrorKind::ConnectionReset)
                | Some(std::io::ErrorKind::ConnectionAborted)
                | Some(std::io::ErrorKind::ConnectionRefused)
                | Some(std::io::ErrorKind::BrokenPipe)
                | Some(std::io::ErrorKind::UnexpectedEof)
        )
        || lower.contains("connection")
    {
        ErrorKind::Connect
    } else if e.is_decode() || e.is_body() {
        ErrorKind::Decode
    } else {
        ErrorKind::Other
    };
    (kind, chain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_date() {
        let h = vec![("retry-after".to_string(), "7".to_string())];
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        let later = (Utc::now() + chrono::Duration::seconds(30)).to_rfc2822();
        let h = vec![("retry-after".to_string(), later)];
        let d = retry_after(&h).unwrap();
        assert!(d > Duration::from_secs(25) && d <= Duration::from_secs(30), "{d:?}");
        assert_eq!(retry_after(&[]), None);
    }

    #[test]
    fn only_transient_kinds_retry() {
        assert!(is_transient(ErrorKind::Timeout, ""));
        assert!(is_transient(ErrorKind::Connect, "connection reset by peer"));
        assert!(!is_transient(ErrorKind::Connect, "connection refused"));
        assert!(!is_transient(ErrorKind::Dns, ""));
        assert!(!is_transient(ErrorKind::Tls, ""));
    }
}
