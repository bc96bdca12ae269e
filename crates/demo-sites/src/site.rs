//! The pages of one demo site, generated for an evaluation date and kept in memory: [`Site::build`]
//! makes them, [`Site::respond`] answers a request (a challenge site walls every page behind
//! [`CHALLENGE_COOKIE`]).
//!
//! Main items: [`Site`] and [`CHALLENGE_COOKIE`].

use crate::content::{self, Content};
use crate::platforms;
use crate::render;
use crate::reply::Reply;
use crate::spec::{Condition, SITES, SiteSpec};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The cookie the challenge page sets; a client sending it back gets the real pages.
pub const CHALLENGE_COOKIE: &str = "D0N=7c3f0a91d2b84e65";

/// The pages of one site, generated for one evaluation date.
pub struct Site {
    pub spec: SiteSpec,
    pub content: Content,
    /// Path (with query, as linked) → reply.
    pages: HashMap<String, Reply>,
}

impl Site {
    /// Generates every page of `spec`'s site as of `as_of`.
    pub fn build(spec: &SiteSpec, as_of: NaiveDate) -> Site {
        let links = SITES
            .iter()
            .filter(|s| s.host != spec.host)
            .take(6)
            .map(|s| (s.agency.clone(), s.url()))
            .collect();
        let content = content::build(spec, as_of, links);
        let pages = render::pages(&content, platforms::skin(spec.platform));
        Site {
            spec: spec.clone(),
            content,
            pages,
        }
    }

    /// The paths this site serves (without the search results, which answer any query).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.pages.keys().map(String::as_str)
    }

    /// Answers a GET of `path` with `query` (raw, without `?`); `cookie` is the request's Cookie header.
    pub fn respond(&self, path: &str, query: Option<&str>, cookie: Option<&str>) -> Reply {
        if self.spec.condition == Condition::Challenge
            && path != "/robots.txt"
            && !cookie.is_some_and(|c| c.split(';').any(|kv| kv.trim() == CHALLENGE_COOKIE))
        {
            return Reply::html(challenge_page());
        }
        let skin = platforms::skin(self.spec.platform);
        if let Some(q) = skin.search_query(path, query) {
            return render::search_results(&self.content, skin, &q);
        }
        if let Some(q) = query
            && let Some(r) = self.pages.get(&format!("{path}?{q}"))
        {
            return r.clone();
        }
        // Unknown parameters are ignored, as most portals do (tracking tags, session ids).
        self.pages.get(path).cloned().unwrap_or_else(Reply::not_found)
    }
}

/// A page like the anti-bot walls some government hosts put in front of their portal: a script that
/// sets a cookie and reloads, nothing else (cf. corpus/real/chinhphu.vn/root-commoncrawl-2018-13.html).
fn challenge_page() -> String {
    let (name, value) = CHALLENGE_COOKIE.split_once('=').unwrap();
    format!(
        "<html><body><script>document.cookie=\"{name}={value}\"+\"; path=/\";window.location.reload(true);</script></body></html>"
    )
}
