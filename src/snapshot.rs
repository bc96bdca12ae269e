//! What a crawl saw of one site, as the auditor reads it back from the store: the contract between
//! [`crate::crawl`] (which writes it) and [`crate::audit`] (which reads it, never the network).
//!
//! Main types: [`SiteSnapshot`] (one site in one run), [`Page`] (one fetch, with its decoded text)
//! and [`Probe`] (the site's HTTPS and IPv6, probed at crawl time).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Why a fetch failed; stored as its snake_case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Dns,
    Connect,
    Tls,
    Timeout,
    TooManyRedirects,
    RedirectLoop,
    RobotsDisallowed,
    HttpStatus,
    BodyTooLarge,
    Decode,
    BlockedOrChallenge,
    RefusedAddress,
    UnsupportedScheme,
    SiteBudgetExhausted,
    Other,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Dns => "dns",
            ErrorKind::Connect => "connect",
            ErrorKind::Tls => "tls",
            ErrorKind::Timeout => "timeout",
            ErrorKind::TooManyRedirects => "too_many_redirects",
            ErrorKind::RedirectLoop => "redirect_loop",
            ErrorKind::RobotsDisallowed => "robots_disallowed",
            ErrorKind::HttpStatus => "http_status",
            ErrorKind::BodyTooLarge => "body_too_large",
            ErrorKind::Decode => "decode",
            ErrorKind::BlockedOrChallenge => "blocked_or_challenge",
            ErrorKind::RefusedAddress => "refused_address",
            ErrorKind::UnsupportedScheme => "unsupported_scheme",
            ErrorKind::SiteBudgetExhausted => "site_budget_exhausted",
            ErrorKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> ErrorKind {
        serde_json::from_value(serde_json::Value::String(s.to_string())).unwrap_or(ErrorKind::Other)
    }
}

/// Why the crawler fetched a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageRole {
    Robots,
    Home,
    Sitemap,
    Feed,
    NotFoundProbe,
    /// A page reached through navigation or section links.
    Page,
    /// A further page of a paginated list.
    ListPage,
    Article,
}

/// One fetch of one URL.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Page {
    pub url: String,
    /// Where redirects (HTTP, meta refresh, same-site JavaScript) ended.
    pub final_url: String,
    pub role: PageRole,
    /// HTTP status; `None` when no response came (see `error`).
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub fetched_at: DateTime<Utc>,
    /// The body decoded to UTF-8 (for text content types); `None` for binary or failed fetches.
    pub text: Option<String>,
    /// The charset the body was decoded from, and how it was found ("header", "meta", "detected").
    pub charset: Option<String>,
    /// Set when the fetch failed.
    pub error: Option<ErrorKind>,
    pub error_detail: Option<String>,
    /// Response headers that matter to the audit (lower-case names).
    pub headers: Vec<(String, String)>,
}

impl Page {
    pub fn is_ok_html(&self) -> bool {
        self.error.is_none()
            && self.status.is_some_and(|s| (200..300).contains(&s))
            && self.text.is_some()
            && self.content_type.as_deref().is_none_or(|c| c.contains("html"))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Whether the site could be checked at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SiteOutcome {
    Ok,
    /// The home page could not be fetched (or was a challenge page): nothing about the site may be
    /// scored as absent.
    CouldNotVerify {
        kind: ErrorKind,
        detail: String,
    },
}

/// One site in one crawl run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SiteSnapshot {
    /// The start URL (the unit's website).
    pub start_url: String,
    pub crawled_at: DateTime<Utc>,
    pub outcome: SiteOutcome,
    pub pages: Vec<Page>,
    /// The transport probe of the crawl, when one was made.
    #[serde(default)]
    pub probe: Option<Probe>,
}

impl SiteSnapshot {
    /// The fetched home page, after redirects, when it was fetched.
    pub fn home(&self) -> Option<&Page> {
        self.pages.iter().find(|p| p.role == PageRole::Home)
    }

    /// The page stored for `url` (matching the requested or the final URL).
    pub fn page(&self, url: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.url == url || p.final_url == url)
    }
}

/// What the crawl probed of a site's transport besides its pages ([`crate::crawl::probe`]): its
/// HTTPS certificate, the http:// → https:// redirect, and IPv6. Stored with the site's crawl;
/// the `https` and `ipv6` checks read it (a snapshot without one is "could not verify").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Probe {
    pub probed_at: DateTime<Utc>,
    /// The https:// URL whose certificate was checked.
    pub https_url: String,
    pub certificate: CertificateState,
    /// The http:// URL asked for a redirect.
    pub http_url: String,
    pub redirect: RedirectState,
    pub ipv6: Ipv6State,
}

/// The certificate an https:// request met.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CertificateState {
    /// A chain to a trusted root, valid for the host and today; `not_after` when it could be read.
    Valid { not_after: Option<DateTime<Utc>> },
    /// Past its validity (`not_after` when the TLS library said it).
    Expired { not_after: Option<DateTime<Utc>> },
    /// Valid for other names than the host.
    WrongHost { detail: String },
    /// Not from a trusted root (self-signed, unknown issuer, bad signature, revoked…).
    Untrusted { detail: String },
    /// No TLS service answered (refused, or a handshake error other than the certificate).
    NoHttps { detail: String },
    /// The request timed out or the network failed on this side: nothing is known.
    Failed { detail: String },
    /// The address guard refused the host (an internal address without permission).
    Refused { detail: String },
}

/// What the http:// URL answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RedirectState {
    /// Redirected (possibly over several http:// hops) to an https:// URL.
    ToHttps { status: u16, location: String },
    /// Answered without leading to https:// (`location`: where its redirects ended).
    NotRedirected { status: u16, location: Option<String> },
    /// No HTTP service answered (or the guard refused it).
    Unreachable { detail: String },
    /// Not asked (the crawl could not read robots.txt): nothing is known.
    NotProbed { detail: String },
}

/// IPv6: the host's AAAA addresses and whether a page was served over one of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ipv6State {
    /// The IPv6 addresses the host resolves to (after the address guard).
    pub addresses: Vec<String>,
    /// Set when the lookup itself failed.
    pub lookup_error: Option<String>,
    /// The HTTP status of the home page requested over IPv6 (`None` when not served).
    pub status: Option<u16>,
    /// The address that served it, or why none did.
    pub detail: String,
    /// Why no page came over IPv6 when the host has addresses: "refused" (the host said no), or
    /// "no_route", "timeout", "guard", "other" (nothing is known of the site).
    #[serde(default)]
    pub failure: Option<String>,
}
