//! One fetch of one URL: the HTTP client (timeouts, user agent, the guarded resolver that also
//! serves `--resolve` overrides), redirects followed by hand (limit, loop detection, address
//! refusal per hop), bodies read under caps, a stall timeout and a whole-request timeout, both
//! cut short by the site's deadline, transient failures retried with backoff (never past the
//! deadline), every failure classified as an [`ErrorKind`], and which slowly paced hosts keep
//! their connection between requests ([`KeepAliveBudget`]). Main types: [`Fetcher`],
//! [`FetchOptions`], [`FetchOutcome`], [`Validators`].

use super::address::{AddressPolicy, GuardedResolver, Refusal, RefusedAddress, check_url};
use super::config::CrawlConfig;
use super::politeness::{HostGates, PastDeadline, host_key};
use crate::snapshot::ErrorKind;
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::Url;

/// Validators from an earlier fetch, sent as a conditional request.
#[derive(Clone, Debug, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// How one fetch is bounded besides the run's settings.
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchOptions<'a> {
    /// Sent as a conditional request on the first hop.
    pub validators: Option<&'a Validators>,
    /// The site's deadline: no wait, retry or read goes past it.
    pub deadline: Option<Instant>,
    /// Keep the first this many body bytes and stop reading, instead of failing on size
    /// (robots.txt).
    pub body_prefix: Option<usize>,
    /// The run's site the fetch is for: with [`HostLock`]s (crawl workers), every host the fetch
    /// reaches, redirects included, is held for it before the request.
    pub site: Option<i64>,
}

/// Keeps each host to one crawling process at a time (crawl workers sharing a run): a site's
/// fetch holds the host of every hop first, waiting while another process crawls it.
pub trait HostLock: Send + Sync {
    /// Holds `host` for `site`: `Ok(true)` held, `Ok(false)` another process holds it now.
    fn try_hold<'a>(&'a self, site: i64, host: &'a str) -> futures::future::BoxFuture<'a, anyhow::Result<bool>>;
}

/// A host whose requests are spaced further apart than this keeps its connection between them
/// only while it holds a place in the run's [`KeepAliveBudget`]; otherwise the request asks for
/// `Connection: close`. An idle keep-alive connection holds its socket and hyper's buffers, sized
/// by the last reads (~85 KB each with 30–40 KB pages), for every site in flight: 2,000 sites at
/// `--per-host-rate 0.5` all keeping theirs held 167 MB; all closing cost a TCP (and TLS)
/// handshake per request, on both sides (~0.2 ms of the crawler's CPU per request on loopback).
pub const KEEP_ALIVE_MAX_SPACING: Duration = Duration::from_secs(1);

/// An idle pooled connection is dropped after this. Hosts paced further apart than this never
/// keep one (it would be gone before their next request).
pub const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a host keeps its place in the [`KeepAliveBudget`] after its last request: the pool
/// drops an idle connection between one and two [`POOL_IDLE_TIMEOUT`]s after its last use (its
/// sweep runs every timeout), so after this the place is free again.
const KEEP_ALIVE_FORGET: Duration = Duration::from_secs(11);

/// Which slowly paced hosts keep their connection between requests: at most `max` at a time,
/// first come first served, a place freed once its host has been idle long enough for the pool
/// to have dropped the connection. Bounds the memory of idle connections whatever the number of
/// sites in flight, while the hosts within the budget skip a handshake per request.
pub struct KeepAliveBudget {
    max: usize,
    /// Hosts holding a place, with their last request.
    held: std::sync::Mutex<std::collections::HashMap<String, Instant>>,
}

impl KeepAliveBudget {
    pub fn new(max: usize) -> KeepAliveBudget {
        KeepAliveBudget {
            max,
            held: Default::default(),
        }
    }

    /// Whether a request to `host`, paced `spacing` apart, keeps its connection; a host given a
    /// place keeps it from request to request (`now` is the request's time).
    pub fn keep(&self, host: &str, spacing: Duration, now: Instant) -> bool {
        if spacing <= KEEP_ALIVE_MAX_SPACING {
            return true;
        }
        if spacing >= POOL_IDLE_TIMEOUT || self.max == 0 {
            return false;
        }
        let mut held = self.held.lock().unwrap();
        if let Some(last) = held.get_mut(host) {
            *last = now;
            return true;
        }
        if held.len() >= self.max {
            held.retain(|_, last| now.saturating_duration_since(*last) < KEEP_ALIVE_FORGET);
        }
        if held.len() >= self.max {
            return false;
        }
        held.insert(host.to_string(), now);
        true
    }

    /// Hosts holding a place now.
    pub fn held(&self) -> usize {
        self.held.lock().unwrap().len()
    }
}

/// How often a fetch looks again whether a host another process holds is free.
const HOST_LOCK_POLL: Duration = Duration::from_millis(500);

/// What one fetch produced, success or failure.
#[derive(Clone, Debug)]
pub struct FetchOutcome {
    pub url: String,
    pub final_url: String,
    pub status: Option<u16>,
    /// Response headers, lower-case names, in order.
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    /// The body was cut at [`FetchOptions::body_prefix`].
    pub truncated: bool,
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
            truncated: false,
            error: None,
            redirects: Vec::new(),
            fetched_at: Utc::now(),
            ttfb_ms: None,
            total_ms: 0,
            attempts: 0,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn is_success(&self) -> bool {
        self.error.is_none() && self.status.is_some_and(|s| (200..300).contains(&s))
    }

    /// True when the fetch never left because the site's time was up.
    pub fn never_sent_for_budget(&self) -> bool {
        self.attempts == 0 && matches!(self.error, Some((ErrorKind::SiteBudgetExhausted, _)))
    }
}

/// The result of one attempt at one hop.
enum Attempt {
    Response {
        status: u16,
        headers: Vec<(String, String)>,
        body: Option<Vec<u8>>,
        truncated: bool,
        ttfb: Duration,
        /// When the response headers came.
        headers_at: Instant,
    },
    Failed {
        kind: ErrorKind,
        detail: String,
        /// Worth another attempt (a reset, a connect timeout, a stalled body).
        transient: bool,
    },
}

impl Attempt {
    fn failed(kind: ErrorKind, detail: String) -> Attempt {
        let transient = is_transient(kind, &detail);
        Attempt::Failed {
            kind,
            detail,
            transient,
        }
    }

    fn final_failure(kind: ErrorKind, detail: String) -> Attempt {
        Attempt::Failed {
            kind,
            detail,
            transient: false,
        }
    }
}

/// How a hop ended after its retries.
struct Hop {
    attempt: Attempt,
    tries: u32,
    /// The server asked for a wait longer than the site has left: the site stops here.
    budget_stop: Option<String>,
    /// The place under the run-wide cap the answer still holds (see [`Fetcher::fetch_in_hand`]).
    place: Option<OwnedSemaphorePermit>,
}

/// Fetches URLs politely; cheap to share behind an `Arc`.
pub struct Fetcher {
    client: reqwest::Client,
    cfg: Arc<CrawlConfig>,
    policy: Arc<AddressPolicy>,
    gates: Arc<HostGates>,
    /// Requests on the wire over the whole run.
    wire: Arc<Semaphore>,
    /// Hosts held across crawl workers, when this process is one.
    host_lock: Option<Arc<dyn HostLock>>,
    /// Slowly paced hosts that keep their connection.
    keep_alive: KeepAliveBudget,
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
    pub fn new(cfg: Arc<CrawlConfig>, gates: Arc<HostGates>) -> anyhow::Result<Fetcher> {
        let policy = Arc::new(AddressPolicy {
            allow_private: cfg.allow_private_addresses,
            resolve: cfg.resolve.clone(),
        });
        // No client-wide total timeout: `attempt` bounds each request by the request timeout
        // and the site's deadline, whichever comes first.
        let mut builder = client_builder()
            .user_agent(cfg.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(cfg.connect_timeout)
            .pool_max_idle_per_host(cfg.per_host_concurrency.max(1))
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .dns_resolver(GuardedResolver::new(policy.clone()))
            .no_proxy();
        // roots trusted besides the system's (the demo's CA), as the transport probe trusts them
        for pem in &cfg.extra_roots_pem {
            builder = builder.tls_certs_merge([reqwest::Certificate::from_pem(pem.as_bytes())?]);
        }
        let client = builder.build()?;
        let wire = Arc::new(Semaphore::new(cfg.global_concurrency.max(1)));
        let keep_alive = KeepAliveBudget::new(cfg.keep_alive_hosts);
        Ok(Fetcher {
            client,
            keep_alive,
            cfg,
            policy,
            gates,
            wire,
            host_lock: None,
        })
    }

    /// The fetcher of a crawl worker: each hop's host is held through `lock` first.
    pub fn with_host_lock(mut self, lock: Arc<dyn HostLock>) -> Fetcher {
        self.host_lock = Some(lock);
        self
    }

    /// Waits until `url`'s host is held for `site` (or the deadline comes: the error says why).
    async fn hold_host(&self, url: &Url, opts: &FetchOptions<'_>) -> Result<(), (ErrorKind, String)> {
        let (Some(lock), Some(site)) = (&self.host_lock, opts.site) else {
            return Ok(());
        };
        let host = url.host_str().unwrap_or("");
        loop {
            match lock.try_hold(site, host).await {
                Ok(true) => return Ok(()),
                Ok(false) => {}
                Err(e) => return Err((ErrorKind::Other, format!("{e:#}"))),
            }
            let next = Instant::now() + HOST_LOCK_POLL;
            if opts.deadline.is_some_and(|d| next > d) {
                return Err((
                    ErrorKind::SiteBudgetExhausted,
                    format!(
                        "another crawl worker held host {host} until the site's time budget ran out; not requested"
                    ),
                ));
            }
            tokio::time::sleep_until(next).await;
        }
    }

    pub fn gates(&self) -> &HostGates {
        &self.gates
    }

    /// Waits for `url`'s host's turn under the run's per-host gates and the run-wide cap, for a
    /// request sent outside [`Fetcher::fetch`] (the transport probe's); none for a URL without a host.
    pub async fn turn(&self, url: &Url) -> Option<super::politeness::Slot> {
        url.host_str()?;
        let gate = self.gates.gate(&super::politeness::host_key(url));
        gate.acquire(&self.wire, None).await.ok()
    }

    /// Fetches `url`, following HTTP redirects by hand.
    pub async fn fetch(&self, url: &Url, opts: FetchOptions<'_>) -> FetchOutcome {
        self.fetch_in_hand(url, opts).await.0
    }

    /// [`Fetcher::fetch`], the answer keeping its place under the run-wide cap
    /// (`global_concurrency`) until the caller drops the permit, once the body has been
    /// analysed: a crawler whose parsing falls behind then waits for it instead of piling up
    /// bodies, and pages in hand (on the wire or waiting to be parsed) stay within the cap.
    /// No permit when no answer came. Never hold it while fetching something else.
    pub async fn fetch_in_hand(
        &self,
        url: &Url,
        opts: FetchOptions<'_>,
    ) -> (FetchOutcome, Option<OwnedSemaphorePermit>) {
        let started = Instant::now();
        let mut out = FetchOutcome::blank(url);
        let mut current = url.clone();
        let mut seen: HashSet<String> = HashSet::new();
        let mut place;
        loop {
            place = None; // a redirect's answer is read: its place goes before the next hop takes one
            out.final_url = current.to_string();
            if let Err(refusal) = check_url(&current, &self.policy) {
                out.error = Some(match refusal {
                    Refusal::Scheme(s) => (ErrorKind::UnsupportedScheme, format!("scheme {s} in {current}")),
                    Refusal::Address(d) => (ErrorKind::RefusedAddress, d),
                });
                break;
            }
            if !seen.insert(strip_fragment(&current)) {
                out.error = Some((ErrorKind::RedirectLoop, format!("redirect loop back to {current}")));
                break;
            }
            let hop_opts = FetchOptions {
                validators: if out.redirects.is_empty() {
                    opts.validators
                } else {
                    None
                },
                ..opts
            };
            if let Err(why) = self.hold_host(&current, &hop_opts).await {
                out.error = Some(why);
                break;
            }
            let hop = self.request_with_retries(&current, hop_opts).await;
            out.attempts += hop.tries;
            place = hop.place;
            match hop.attempt {
                Attempt::Failed { kind, detail, .. } => {
                    out.error = Some((kind, detail));
                    break;
                }
                Attempt::Response {
                    status,
                    headers,
                    body,
                    truncated,
                    ttfb,
                    ..
                } => {
                    out.ttfb_ms.get_or_insert(ttfb.as_millis() as i64);
                    let location = headers
                        .iter()
                        .find(|(k, _)| k == "location")
                        .and_then(|(_, v)| current.join(v.trim()).ok());
                    out.status = Some(status);
                    out.headers = headers;
                    out.body = body;
                    out.truncated = truncated;
                    if let Some(why) = hop.budget_stop {
                        out.error = Some((ErrorKind::SiteBudgetExhausted, why));
                        break;
                    }
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
        (out, place)
    }

    /// One hop, retried for transient failures (reset, connect timeout, stalled body, 429, 5xx)
    /// with backoff; the host is slowed on each. Never waits past the site's deadline.
    async fn request_with_retries(&self, url: &Url, opts: FetchOptions<'_>) -> Hop {
        let key = host_key(url);
        let gate = self.gates.gate(&key);
        let mut tries = 0;
        loop {
            let (attempt, place) = match gate.acquire(&self.wire, opts.deadline).await {
                Ok(slot) => {
                    tries += 1;
                    let keep_alive = self.keep_alive.keep(&key, gate.spacing(), slot.sent_at);
                    let attempt = self.attempt(url, opts, keep_alive).await;
                    let mut place = None;
                    if let Attempt::Response { headers_at, .. } = &attempt {
                        // from the send time itself: a pause before the request left counts
                        gate.answered(slot.sent_at, *headers_at - slot.sent_at);
                        place = Some(slot.into_place());
                    }
                    (attempt, place)
                }
                Err(PastDeadline { ready_at }) => {
                    let wait = ready_at.saturating_duration_since(Instant::now()).as_secs_f64();
                    return Hop {
                        attempt: Attempt::final_failure(
                            ErrorKind::SiteBudgetExhausted,
                            format!(
                                "the host's next turn ({wait:.0} s from now) comes after the site's time budget ends; not requested"
                            ),
                        ),
                        tries,
                        budget_stop: None,
                        place: None,
                    };
                }
            };
            let left = opts
                .deadline
                .map(|d| d.saturating_duration_since(Instant::now()))
                .unwrap_or(Duration::MAX);
            let mut budget_stop = None;
            let retry = match &attempt {
                Attempt::Response { status, headers, .. } if *status == 429 || *status >= 500 => {
                    let asked = retry_after(headers);
                    let wait = asked.unwrap_or_else(|| self.backoff(tries));
                    gate.penalize(wait.min(self.cfg.max_retry_after));
                    if wait > self.cfg.max_retry_after {
                        false
                    } else if wait >= left {
                        if asked.is_some() && tries <= self.cfg.max_retries {
                            budget_stop = Some(format!(
                                "Retry-After {} s is longer than the {} s left of the site's time budget",
                                wait.as_secs(),
                                left.as_secs()
                            ));
                        }
                        false
                    } else {
                        true
                    }
                }
                Attempt::Failed { transient: true, .. } => {
                    let wait = self.backoff(tries);
                    gate.penalize(wait);
                    wait < left
                }
                _ => false,
            };
            if !retry || tries > self.cfg.max_retries {
                return Hop {
                    attempt,
                    tries,
                    budget_stop,
                    place,
                };
            }
            tracing::debug!(url = %url, tries, "retrying transient failure");
            // the gate holds the wait (`not_before`); acquire() sleeps it out
        }
    }

    fn backoff(&self, tries: u32) -> Duration {
        self.cfg.retry_backoff * 2u32.saturating_pow(tries.saturating_sub(1).min(6))
    }

    /// One request; without `keep_alive` the connection is closed after the answer.
    async fn attempt(&self, url: &Url, opts: FetchOptions<'_>, keep_alive: bool) -> Attempt {
        let started = Instant::now();
        let timeout_at = started + self.cfg.request_timeout;
        // the request is cut at its own timeout or the site's deadline, whichever comes first
        let (cut, by_budget) = match opts.deadline {
            Some(d) if d < timeout_at => (d, true),
            _ => (timeout_at, false),
        };
        let too_slow = |what: String| {
            if by_budget {
                Attempt::final_failure(
                    ErrorKind::SiteBudgetExhausted,
                    format!("the site's time budget ran out {what}"),
                )
            } else {
                // a server this slow (or a slowloris) is not asked again
                Attempt::final_failure(
                    ErrorKind::Timeout,
                    format!(
                        "no complete answer within {} s ({what})",
                        self.cfg.request_timeout.as_secs_f64()
                    ),
                )
            }
        };
        let mut req = self.client.get(url.clone());
        if !keep_alive {
            req = req.header(reqwest::header::CONNECTION, "close");
        }
        if let Some(v) = opts.validators {
            if let Some(etag) = &v.etag {
                req = req.header("if-none-match", etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header("if-modified-since", lm);
            }
        }
        let mut resp = match tokio::time::timeout_at(cut, req.send()).await {
            Err(_) => return too_slow("waiting for the response headers".into()),
            Ok(Ok(r)) => r,
            Ok(Err(e)) => {
                let (kind, detail) = classify(&e);
                return Attempt::failed(kind, detail);
            }
        };
        let headers_at = Instant::now();
        let ttfb = headers_at - started;
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
        let response = |body, truncated| Attempt::Response {
            status,
            headers: headers.clone(),
            body,
            truncated,
            ttfb,
            headers_at,
        };
        if is_redirect(status) && headers.iter().any(|(k, _)| k == "location") || status == 304 {
            return response(None, false);
        }
        if let Some(len) = resp.content_length()
            && len > self.cfg.max_body_bytes
            && opts.body_prefix.is_none()
        {
            return Attempt::final_failure(
                ErrorKind::BodyTooLarge,
                format!("declared Content-Length {len} exceeds {}", self.cfg.max_body_bytes),
            );
        }
        let mut body = Vec::new();
        loop {
            let now = Instant::now();
            if now >= cut {
                return too_slow(format!("reading the body, {} bytes received", body.len()));
            }
            let stall_at = now + self.cfg.stall_timeout;
            match tokio::time::timeout_at(stall_at.min(cut), resp.chunk()).await {
                Err(_) if stall_at < cut => {
                    return Attempt::failed(ErrorKind::Timeout, format!("body stalled after {} bytes", body.len()));
                }
                Err(_) => return too_slow(format!("reading the body, {} bytes received", body.len())),
                Ok(Err(e)) => {
                    let (kind, detail) = classify(&e);
                    return Attempt::failed(kind, detail);
                }
                Ok(Ok(None)) => break,
                Ok(Ok(Some(chunk))) => {
                    if let Some(max) = opts.body_prefix
                        && body.len() + chunk.len() >= max
                    {
                        body.extend_from_slice(&chunk[..max - body.len()]);
                        return response(Some(body), true);
                    }
                    if (body.len() + chunk.len()) as u64 > self.cfg.max_decompressed_bytes {
                        return Attempt::final_failure(
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
        response(Some(body), false)
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

/// Transient failures are retried: client timeouts (connect) and connection resets. DNS, TLS,
/// refusals are not.
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
        if let Some(refused) = s.downcast_ref::<RefusedAddress>() {
            return (ErrorKind::RefusedAddress, refused.0.clone());
        }
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

    /// Answers kept in hand count against the run-wide cap: with room for two, a third fetch
    /// does not leave until one of them is dropped (parsed and stored), so bodies awaiting the
    /// parser never exceed the cap.
    #[tokio::test]
    async fn answers_in_hand_hold_their_place_under_the_cap() {
        use wiremock::{Mock, MockServer, ResponseTemplate, matchers::any};
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_string("<p>trang</p>"))
            .mount(&server)
            .await;
        let cfg = CrawlConfig {
            per_host_rate: None,
            per_host_concurrency: 8,
            global_concurrency: 2,
            allow_private_addresses: true,
            ..CrawlConfig::default()
        };
        let gates = Arc::new(HostGates::new(None, 8));
        let f = Fetcher::new(Arc::new(cfg), gates).unwrap();
        let url = |p: &str| Url::parse(&format!("{}/{p}", server.uri())).unwrap();
        let opts = FetchOptions::default();
        let (a, place_a) = f.fetch_in_hand(&url("a"), opts).await;
        let (b, place_b) = f.fetch_in_hand(&url("b"), opts).await;
        assert!(a.is_success() && b.is_success(), "{a:?} {b:?}");
        assert!(place_a.is_some() && place_b.is_some());
        let c_url = url("c");
        let third = f.fetch_in_hand(&c_url, opts);
        tokio::pin!(third);
        assert!(
            tokio::time::timeout(Duration::from_millis(300), &mut third)
                .await
                .is_err(),
            "a third answer in hand while two wait to be parsed"
        );
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            2,
            "the third request left"
        );
        drop(place_a);
        let (c, place_c) = tokio::time::timeout(Duration::from_secs(5), third).await.unwrap();
        assert!(c.is_success() && place_c.is_some(), "{c:?}");
        drop((place_b, place_c));
        // `fetch` reads its answer and gives the place back at once
        for p in ["d", "e", "f"] {
            assert!(f.fetch(&url(p), opts).await.is_success());
        }
    }

    /// The keep-alive budget: hosts paced more than a second apart keep their connection only
    /// within the budget (first come, a place kept from request to request, freed once its host
    /// has been idle long enough for the pool to have dropped the connection); faster hosts always
    /// keep theirs; hosts slower than the pool's idle timeout never do.
    #[test]
    fn keep_alive_budget_bounds_the_slowly_paced_hosts_that_keep_a_connection() {
        let budget = KeepAliveBudget::new(2);
        let t0 = Instant::now();
        let two_s = Duration::from_secs(2);
        assert!(budget.keep("a:80", two_s, t0));
        assert!(budget.keep("b:80", two_s, t0));
        assert!(!budget.keep("c:80", two_s, t0), "a third host within a budget of two");
        assert!(budget.keep("a:80", two_s, t0 + two_s), "a host keeps its place");
        assert!(
            budget.keep("fast:80", Duration::from_millis(500), t0),
            "fast hosts are not counted"
        );
        assert!(
            !budget.keep("slow:80", POOL_IDLE_TIMEOUT, t0),
            "the pool would drop it anyway"
        );
        assert_eq!(budget.held(), 2);
        // b idle since t0: once its connection is surely gone, its place goes to c; a, used at
        // t0 + 2 s, keeps its own
        let later = t0 + KEEP_ALIVE_FORGET + Duration::from_millis(1);
        assert!(budget.keep("c:80", two_s, later));
        assert!(!budget.keep("d:80", two_s, later));
        assert!(budget.keep("a:80", two_s, later));
        assert_eq!(budget.held(), 2);
        assert!(!KeepAliveBudget::new(0).keep("a:80", two_s, t0));
    }

    /// On the wire: with a budget of one, the first slowly paced host keeps its connection (no
    /// `Connection: close`), the second slow host asks for `close` each time; a host paced under a second keeps its connection regardless.
    #[tokio::test]
    async fn slow_paced_hosts_beyond_the_budget_close_their_connection() {
        use wiremock::{Mock, MockServer, ResponseTemplate, matchers::any};
        let mut servers = Vec::new();
        for _ in 0..3 {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_string("<p>trang</p>"))
                .mount(&server)
                .await;
            servers.push(server);
        }
        let cfg = CrawlConfig {
            per_host_rate: Some(0.8),
            keep_alive_hosts: 1,
            allow_private_addresses: true,
            ..CrawlConfig::default()
        };
        let fetcher = |cfg: CrawlConfig| {
            let gates = Arc::new(HostGates::new(cfg.per_host_rate, cfg.per_host_concurrency));
            Fetcher::new(Arc::new(cfg), gates).unwrap()
        };
        let f = fetcher(cfg);
        // the fast host under its own run's rate (no budget at all: it is not counted)
        let fast_fetcher = fetcher(CrawlConfig {
            per_host_rate: Some(4.0),
            keep_alive_hosts: 0,
            allow_private_addresses: true,
            ..CrawlConfig::default()
        });
        let urls = |server: &MockServer| {
            let url = |p: &str| Url::parse(&format!("{}/{p}", server.uri())).unwrap();
            (url("1"), url("2"))
        };
        let (kept1, kept2) = urls(&servers[0]);
        let (closed1, closed2) = urls(&servers[1]);
        let (fast1, fast2) = urls(&servers[2]);
        let opts = FetchOptions::default();
        assert!(f.fetch(&kept1, opts).await.is_success());
        assert!(f.fetch(&closed1, opts).await.is_success());
        assert!(fast_fetcher.fetch(&fast1, opts).await.is_success());
        let (a, b, c) = tokio::join!(
            f.fetch(&kept2, opts),
            f.fetch(&closed2, opts),
            fast_fetcher.fetch(&fast2, opts)
        );
        assert!(a.is_success() && b.is_success() && c.is_success());
        for (server, closes) in [(&servers[0], false), (&servers[1], true), (&servers[2], false)] {
            let requests = server.received_requests().await.unwrap();
            assert_eq!(requests.len(), 2);
            for r in &requests {
                let connection = r
                    .headers
                    .get("connection")
                    .map(|v| v.to_str().unwrap().to_ascii_lowercase());
                assert_eq!(
                    connection.as_deref() == Some("close"),
                    closes,
                    "{}: {connection:?}",
                    r.url
                );
            }
        }
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
