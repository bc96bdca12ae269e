//! One site, start to finish: robots.txt (a site whose robots.txt cannot be read is not crawled),
//! the home page (soft redirects followed, challenges recognised), a 404 probe, sitemaps, feeds, then navigation and section pages level by level,
//! list pagination and a sample of articles, within the page and time budgets; then every list met is
//! followed page by page while its items reach into the rubric's window (`list_window_days`, pages
//! of their own budget `max_followed_list_pages`, up to page `max_list_depth`) (the time budget
//! also bounds every wait and read: a Retry-After beyond it ends the site's crawl). Every fetch is
//! committed as it completes; on resume, what the store holds is reused instead of refetched, and
//! discovery replays deterministically. Main type: `SiteCrawl` (private), entry [`crawl_site`].

use super::challenge::{self, Verdict, same_site};
use super::charset;
use super::config::CrawlConfig;
use super::discover::{self, Link, PageLinks};
use super::fetch::{FetchOptions, FetchOutcome, Fetcher, Validators};
use super::politeness::host_key;
use super::progress::Progress;
use super::robots::{MAX_ROBOTS_BYTES, RobotsRules, agent_token};
use crate::snapshot::{ErrorKind, PageRole, SiteOutcome};
use crate::store::Store;
use crate::store::crawl::{self as db, FetchRecord, RunSite, StoredBody, StoredFetch};
use anyhow::Result;
use futures::StreamExt;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::time::Instant;
use url::Url;

/// Soft redirects (meta refresh, JavaScript) followed from the home page at most.
const MAX_SOFT_REDIRECTS: usize = 3;
/// Articles sampled from one list page at most.
const ARTICLES_PER_LIST: usize = 3;

/// What the run shares with every site.
pub struct RunContext {
    pub store: Store,
    pub fetcher: Arc<Fetcher>,
    pub writer: db::FetchWriter,
    pub cfg: Arc<CrawlConfig>,
    pub run_id: i64,
    /// The crawl worker whose claims this run's sites are crawled under (`None`: a run in one
    /// process): fetches and outcomes are stored only while it holds the site.
    pub owner: Option<String>,
    pub progress: Arc<Progress>,
    /// Conditional requests are sent: asked for and an earlier run of the store has fetches
    /// (the first run skips looking up each URL's history, a query per fetch).
    pub conditional: bool,
    /// Pages analysed (decoded, parsed, compressed) at once: one per core, so a page's parse
    /// tree exists for a handful of pages at a time however many sites are in flight.
    pub analysis: Arc<tokio::sync::Semaphore>,
}

/// One fetch as the site logic sees it (fresh or reused from the store). Only what discovery
/// needs is kept — links, a parsed sitemap — never the body, so memory stays flat however many
/// pages a site has: bodies stream to the store.
#[derive(Clone, Debug)]
struct Got {
    final_url: Url,
    status: Option<u16>,
    error: Option<(ErrorKind, String)>,
    soft_redirect: Option<Url>,
    /// Links of a successful HTML page.
    links: Option<PageLinks>,
    /// A successfully parsed sitemap.
    sitemap: Option<discover::Sitemap>,
}

impl Got {
    fn ok(&self) -> bool {
        self.error.is_none() && self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Extracts what discovery needs from a fetched text body.
fn digest(
    role: PageRole,
    final_url: &Url,
    ok: bool,
    content_type: Option<&str>,
    text: Option<&str>,
) -> (Option<PageLinks>, Option<discover::Sitemap>) {
    let Some(text) = text.filter(|_| ok) else {
        return (None, None);
    };
    if role == PageRole::Sitemap {
        return (None, discover::parse_sitemap(text).ok());
    }
    let is_html = content_type.is_none_or(|c| c.to_ascii_lowercase().contains("html"));
    if !is_html || matches!(role, PageRole::Robots | PageRole::Feed | PageRole::NotFoundProbe) {
        return (None, None);
    }
    (Some(extract(final_url, text)), None)
}

/// Candidates for the next level, gathered as the pages of this one complete: deduplicated and
/// bounded by the budgets, so their size never grows with the pages fetched.
#[derive(Default)]
struct NextLevel {
    seen: HashSet<String>,
    lists: Vec<(Url, PageRole)>,
    articles: Vec<(Url, PageRole)>,
    pages: Vec<(Url, PageRole)>,
    feeds: Vec<Url>,
    articles_left: usize,
    pages_left: usize,
    max_list_pages: usize,
}

impl NextLevel {
    /// Sorts one page's links into list pages, sampled articles and other pages.
    fn absorb(&mut self, found: PageLinks, scheduled: &HashSet<String>) {
        for f in found.feeds {
            if !scheduled.contains(f.as_str()) && self.seen.insert(f.to_string()) {
                self.feeds.push(f);
            }
        }
        let mut sampled = 0;
        for link in found.links {
            let key = link.url.as_str();
            if scheduled.contains(key) || self.seen.contains(key) {
                continue;
            }
            let (list, role) = if discover::is_pagination(&link) {
                let wanted = discover::page_number(&link).is_none_or(|n| n as usize <= self.max_list_pages + 1);
                (&mut self.lists, wanted.then_some(PageRole::ListPage))
            } else if discover::looks_like_article(&link.url) {
                let wanted = sampled < ARTICLES_PER_LIST && self.articles.len() < self.articles_left;
                sampled += usize::from(wanted);
                (&mut self.articles, wanted.then_some(PageRole::Article))
            } else {
                let wanted = self.pages.len() < self.pages_left;
                (&mut self.pages, wanted.then_some(PageRole::Page))
            };
            if let Some(role) = role {
                self.seen.insert(key.to_string());
                list.push((link.url, role));
            }
        }
    }
}

struct SiteCrawl<'a> {
    ctx: &'a RunContext,
    site_id: i64,
    /// Fetches stored by an earlier, killed attempt at this site.
    stored: HashMap<String, StoredFetch>,
    robots: RobotsRules,
    deadline: Instant,
    /// Set when the time budget ran out (or a server asked for a wait beyond it): nothing more
    /// is requested.
    out_of_time: AtomicBool,
    notes: Mutex<Vec<String>>,
    scheduled: HashSet<String>,
    pages_used: usize,
    /// robots.txt Crawl-delay (capped), applied to every host the site's URLs are on.
    crawl_delay: Option<std::time::Duration>,
}

/// Crawls one site of the run and records its outcome.
pub async fn crawl_site(ctx: &RunContext, site: &RunSite) -> Result<SiteOutcome> {
    // Only a site started before (a killed attempt, a dead worker's claim) can have stored fetches.
    let first_start = db::mark_site_started(&ctx.store, site.site_id).await?;
    let stored = if first_start {
        HashMap::new()
    } else {
        db::site_fetches(&ctx.store, site.site_id)
            .await?
            .into_iter()
            .map(|f| (f.url.clone(), f))
            .collect()
    };
    let mut crawl = SiteCrawl {
        ctx,
        site_id: site.site_id,
        stored,
        robots: RobotsRules::AllowAll,
        deadline: Instant::now() + ctx.cfg.site_time_budget,
        out_of_time: AtomicBool::new(false),
        notes: Mutex::new(Vec::new()),
        scheduled: HashSet::new(),
        pages_used: 0,
        crawl_delay: None,
    };
    let outcome = match Url::parse(&site.start_url) {
        Ok(start) => crawl.run(start).await?,
        Err(e) => SiteOutcome::CouldNotVerify {
            kind: ErrorKind::Other,
            detail: format!("invalid URL {}: {e}", site.start_url),
        },
    };
    let notes = crawl.notes.into_inner().unwrap();
    // HTTPS and IPv6 of the site: in full when the crawl read it (robots.txt allowed the start
    // URL), its certificate alone when the handshake failed, nothing otherwise
    let scope = match &outcome {
        _ if !ctx.cfg.probe_transport => None,
        SiteOutcome::Ok => Some(super::probe::ProbeScope::Full),
        SiteOutcome::CouldNotVerify {
            kind: ErrorKind::Tls, ..
        } => Some(super::probe::ProbeScope::CertificateOnly),
        SiteOutcome::CouldNotVerify { .. } => None,
    };
    if let (Some(scope), Ok(start)) = (scope, Url::parse(&site.start_url)) {
        let opts = super::probe::ProbeOptions {
            pacer: Some(super::probe::Pacer(ctx.fetcher.clone())),
            ..super::probe::ProbeOptions::from_crawl(&ctx.cfg)
        };
        let probe = super::probe::probe_site(&start, &opts, scope).await;
        db::save_probe(&ctx.store, site.site_id, &probe).await?;
    }
    db::finish_site_owned(&ctx.store, site.site_id, ctx.owner.as_deref(), &outcome, &notes).await?;
    Ok(outcome)
}

impl SiteCrawl<'_> {
    fn note(&self, msg: String) {
        tracing::warn!(site_id = self.site_id, "{msg}");
        let mut n = self.notes.lock().unwrap();
        if !n.contains(&msg) {
            n.push(msg);
        }
    }

    async fn run(&mut self, start: Url) -> Result<SiteOutcome> {
        let cfg = self.ctx.cfg.clone();
        // robots.txt
        let robots_url = start.join("/robots.txt")?;
        self.scheduled.insert(robots_url.to_string());
        let (robots_got, robots_body) = self.get_with_body(&robots_url, PageRole::Robots).await?;
        if robots_body.as_ref().is_some_and(|b| b.len() >= MAX_ROBOTS_BYTES) {
            self.note(format!(
                "robots.txt is {} KiB or more: only its first {} KiB were read and parsed",
                MAX_ROBOTS_BYTES / 1024,
                MAX_ROBOTS_BYTES / 1024
            ));
        }
        self.robots = match RobotsRules::from_fetch(
            agent_token(&cfg.user_agent),
            robots_got.status,
            robots_got.error.as_ref(),
            robots_body.as_deref(),
        ) {
            Ok(rules) => rules,
            Err(unavailable) => {
                self.note_if_out_of_time();
                return Ok(SiteOutcome::CouldNotVerify {
                    kind: unavailable.kind,
                    detail: unavailable.detail,
                });
            }
        };
        if let Some(delay) = self.robots.crawl_delay() {
            let applied = if delay > cfg.max_crawl_delay {
                self.note(format!(
                    "robots.txt Crawl-delay {:.1} s capped to {:.1} s",
                    delay.as_secs_f64(),
                    cfg.max_crawl_delay.as_secs_f64()
                ));
                cfg.max_crawl_delay
            } else {
                delay
            };
            self.crawl_delay = Some(applied);
        }

        // home page, following soft redirects
        self.scheduled.insert(start.to_string());
        let mut home = self.get(&start, PageRole::Home).await?;
        for _ in 0..MAX_SOFT_REDIRECTS {
            let Some(next) = home.soft_redirect.clone() else {
                break;
            };
            if !self.scheduled.insert(next.to_string()) {
                break;
            }
            home = self.get(&next, PageRole::Home).await?;
        }
        if let Some((kind, detail)) = home.error.clone() {
            self.note_if_out_of_time();
            return Ok(SiteOutcome::CouldNotVerify { kind, detail });
        }
        if !home.ok() {
            let detail = format!("home page answered HTTP {}", home.status.unwrap_or(0));
            return Ok(SiteOutcome::CouldNotVerify {
                kind: ErrorKind::HttpStatus,
                detail,
            });
        }
        if home.soft_redirect.is_some() {
            return Ok(SiteOutcome::CouldNotVerify {
                kind: ErrorKind::TooManyRedirects,
                detail: format!("more than {MAX_SOFT_REDIRECTS} meta-refresh/script redirects"),
            });
        }
        self.pages_used = 1;
        let base = home.final_url.clone();
        self.scheduled.insert(base.to_string());
        let home_links = home.links.clone().unwrap_or_default();

        // 404 probe, sitemaps and feeds
        let probe = base.join(&format!("/ictrank-404-probe-{}-khong-ton-tai.html", self.ctx.run_id))?;
        let mut meta: Vec<(Url, PageRole)> = vec![(probe, PageRole::NotFoundProbe)];
        let mut sitemaps = vec![base.join("/sitemap.xml")?];
        sitemaps.extend(self.robots.sitemaps().iter().filter_map(|s| Url::parse(s).ok()));
        meta.extend(sitemaps.into_iter().map(|u| (u, PageRole::Sitemap)));
        meta.extend(
            home_links
                .feeds
                .iter()
                .take(cfg.max_feeds)
                .map(|u| (u.clone(), PageRole::Feed)),
        );
        let meta = self.take_new(meta, usize::MAX);
        let mut feeds_used = meta.iter().filter(|(_, r)| *r == PageRole::Feed).count();
        let mut sitemaps_used = meta.iter().filter(|(_, r)| *r == PageRole::Sitemap).count();
        let mut results = self.get_all(meta).await?;
        // children of sitemap indexes, breadth first
        while sitemaps_used < cfg.max_sitemaps {
            let children: Vec<(Url, PageRole)> = results
                .iter()
                .filter(|(_, role, g)| *role == PageRole::Sitemap && g.ok())
                .filter_map(|(_, _, g)| g.sitemap.clone())
                .filter(|s| s.is_index)
                .flat_map(|s| s.locs)
                .filter_map(|l| Url::parse(&l).ok())
                .map(|u| (u, PageRole::Sitemap))
                .collect();
            let children = self.take_new(children, cfg.max_sitemaps - sitemaps_used);
            if children.is_empty() {
                break;
            }
            sitemaps_used += children.len();
            results = self.get_all(children).await?;
        }

        // navigation and section pages, level by level
        let mut level: Vec<(Url, PageRole)> = home_links
            .links
            .iter()
            .map(|l| (l.url.clone(), first_level_role(l)))
            .collect();
        let mut articles_used = 0;
        // next pages of the list pages met, followed once the levels are done
        let mut follow: Vec<(Url, u32)> = Vec::new();
        for depth in 1..=cfg.max_depth {
            let budget = cfg.max_pages.saturating_sub(self.pages_used);
            let batch = self.take_new(level, budget);
            if batch.is_empty() {
                break;
            }
            self.pages_used += batch.len();
            let last = depth == cfg.max_depth;
            let mut next = NextLevel {
                articles_left: cfg.max_articles.saturating_sub(articles_used),
                pages_left: cfg.max_pages.saturating_sub(self.pages_used),
                max_list_pages: cfg.max_list_pages,
                ..NextLevel::default()
            };
            {
                // fold each page into the next level as it completes: nothing per page is kept
                let this = &*self;
                let width = cfg.per_host_concurrency.max(1) * 2;
                let mut done = futures::stream::iter(batch)
                    .map(|(url, role)| async move { Ok::<_, anyhow::Error>((role, this.get(&url, role).await?)) })
                    .buffered(width);
                while let Some(done) = done.next().await {
                    let (role, got) = done?;
                    let Some(found) = got.links else { continue };
                    if role != PageRole::Article {
                        follow.extend(this.next_list_page(&got.final_url, 1, &found));
                    }
                    if !last {
                        next.absorb(found, &this.scheduled);
                    }
                }
            }
            if last {
                break;
            }
            let feeds: Vec<_> = next.feeds.into_iter().map(|u| (u, PageRole::Feed)).collect();
            let feeds = self.take_new(feeds, cfg.max_feeds.saturating_sub(feeds_used));
            feeds_used += feeds.len();
            self.get_all(feeds).await?;
            articles_used += next.articles.len();
            level = next.lists;
            level.extend(next.articles);
            level.extend(next.pages);
        }
        self.follow_lists(follow).await?;
        self.note_if_out_of_time();
        Ok(SiteOutcome::Ok)
    }

    /// The first day of the window lists are read to (the as-of day, else Vietnam's today, minus
    /// `list_window_days`).
    fn list_cutoff(&self) -> chrono::NaiveDate {
        let end = self.ctx.cfg.list_as_of.unwrap_or_else(crate::util::time::vietnam_today);
        end - chrono::Days::new(u64::from(self.ctx.cfg.list_window_days))
    }

    /// The next page to follow of a fetched page, when it is a list page still inside the window.
    fn next_list_page(&self, page_url: &Url, known: u32, found: &PageLinks) -> Option<(Url, u32)> {
        let max_page = u32::try_from(self.ctx.cfg.max_list_depth).unwrap_or(u32::MAX);
        discover::next_list_page(page_url, known, found, self.list_cutoff(), max_page)
    }

    /// Follows lists page by page, all lists a step at a time, while each page's oldest item is
    /// inside the window and up to `max_list_depth`; these pages have their own budget
    /// (`max_followed_list_pages`), so `max_pages` spent on navigation never starves them.
    async fn follow_lists(&mut self, mut follow: Vec<(Url, u32)>) -> Result<()> {
        let budget = self.ctx.cfg.max_followed_list_pages;
        let mut used = 0;
        while !follow.is_empty() && !self.is_out_of_time() {
            let numbers: HashMap<String, u32> = follow.iter().map(|(u, n)| (u.to_string(), *n)).collect();
            let step: Vec<(Url, PageRole)> = follow.into_iter().map(|(u, _)| (u, PageRole::ListPage)).collect();
            let step = self.take_new(step, budget.saturating_sub(used));
            if step.is_empty() {
                break;
            }
            used += step.len();
            follow = self
                .get_all(step)
                .await?
                .into_iter()
                .filter_map(|(url, _, got)| {
                    let known = numbers.get(url.as_str()).copied().unwrap_or(1);
                    self.next_list_page(&got.final_url, known, &got.links?)
                })
                .collect();
        }
        Ok(())
    }

    fn is_out_of_time(&self) -> bool {
        self.out_of_time.load(Ordering::Relaxed) || Instant::now() > self.deadline
    }

    /// Notes, once, that the site's crawl stopped early for time (the summary counts these).
    fn note_if_out_of_time(&self) {
        if self.is_out_of_time() {
            self.note(format!(
                "{}: site time budget of {} s exhausted; the crawl of this site stopped early",
                ErrorKind::SiteBudgetExhausted.as_str(),
                self.ctx.cfg.site_time_budget.as_secs()
            ));
        }
    }

    /// Keeps the URLs not scheduled yet, up to `limit`, and marks them scheduled.
    fn take_new(&mut self, items: Vec<(Url, PageRole)>, limit: usize) -> Vec<(Url, PageRole)> {
        let mut out = Vec::new();
        for (url, role) in items {
            if out.len() >= limit {
                break;
            }
            if self.scheduled.insert(url.to_string()) {
                out.push((url, role));
            }
        }
        out
    }

    /// Fetches a batch with the host's concurrency; results in input order.
    async fn get_all(&self, items: Vec<(Url, PageRole)>) -> Result<Vec<(Url, PageRole, Got)>> {
        let width = self.ctx.cfg.per_host_concurrency.max(1) * 2;
        let results: Vec<Result<(Url, PageRole, Got)>> = futures::stream::iter(items)
            .map(|(url, role)| async move {
                let got = self.get(&url, role).await?;
                Ok((url, role, got))
            })
            .buffered(width)
            .collect()
            .await;
        results.into_iter().collect()
    }

    async fn get(&self, url: &Url, role: PageRole) -> Result<Got> {
        Ok(self.get_with_body(url, role).await?.0)
    }

    /// Fetches `url` (or reuses what a killed attempt stored) and commits the fetch.
    async fn get_with_body(&self, url: &Url, role: PageRole) -> Result<(Got, Option<Vec<u8>>)> {
        if let Some(s) = self.stored.get(url.as_str()) {
            return Ok(from_stored(url, s));
        }
        if let Some(delay) = self.crawl_delay {
            self.ctx.fetcher.gates().gate(&host_key(url)).set_min_interval(delay);
        }
        if role != PageRole::Robots && !self.robots.allowed(url.as_str()) {
            let mut out = FetchOutcome::blank(url);
            out.error = Some((
                ErrorKind::RobotsDisallowed,
                "robots.txt không cho phép thu thập địa chỉ này".into(),
            ));
            return self.record(out, role, None, None, None).await;
        }
        if self.is_out_of_time() {
            let mut out = FetchOutcome::blank(url);
            out.error = Some((
                ErrorKind::SiteBudgetExhausted,
                "site time budget exhausted; not fetched".into(),
            ));
            return Ok((got_from(&out, None), None));
        }
        let previous = if self.ctx.conditional {
            db::previous_fetch(&self.ctx.store, url.as_str(), self.ctx.run_id).await?
        } else {
            None
        };
        let validators = previous.as_ref().map(|(p, _)| Validators {
            etag: header(&p.headers, "etag"),
            last_modified: header(&p.headers, "last-modified"),
        });
        let validators = validators.filter(|v| v.etag.is_some() || v.last_modified.is_some());
        let opts = FetchOptions {
            validators: validators.as_ref(),
            deadline: Some(self.deadline),
            body_prefix: (role == PageRole::Robots).then_some(MAX_ROBOTS_BYTES),
            site: Some(self.site_id),
        };
        // The answer keeps its place under the run-wide cap until it is analysed: when parsing
        // falls behind, fetches wait for it rather than piling up bodies.
        let (mut out, place) = self.ctx.fetcher.fetch_in_hand(url, opts).await;
        if let Some((ErrorKind::SiteBudgetExhausted, why)) = &out.error {
            if !self.out_of_time.swap(true, Ordering::Relaxed) {
                self.note(format!(
                    "{}: {}: {why}",
                    ErrorKind::SiteBudgetExhausted.as_str(),
                    out.final_url
                ));
            }
            if out.never_sent_for_budget() {
                return Ok((got_from(&out, None), None));
            }
        }
        if out.status == Some(304)
            && out.error.is_none()
            && let Some((prev, size)) = &previous
            && let Some(sha) = &prev.body_sha256
            && let Some(raw) = db::body(&self.ctx.store, sha).await?
        {
            out.status = prev.status;
            out.headers = prev.headers.clone();
            out.body = Some(raw);
            return self
                .record(
                    out,
                    role,
                    Some(StoredBody::existing(sha.clone(), *size)),
                    Some(true),
                    place,
                )
                .await;
        }
        self.record(out, role, None, None, place).await
    }

    /// Decodes, classifies and stores one fetch; returns what the site logic needs. `place`, the
    /// answer's place under the run-wide cap, is given back once the page is analysed.
    async fn record(
        &self,
        out: FetchOutcome,
        role: PageRole,
        reused: Option<StoredBody>,
        not_modified: Option<bool>,
        place: Option<tokio::sync::OwnedSemaphorePermit>,
    ) -> Result<(Got, Option<Vec<u8>>)> {
        // Decoding, parsing and compressing are CPU work: off the async workers, so that the
        // requests of other sites leave on time while a big page is being read.
        let cpu = self.ctx.analysis.acquire().await?;
        let Analysed {
            out,
            content_type,
            charset,
            body,
            got,
        } = tokio::task::spawn_blocking(move || analyse(out, role, reused)).await??;
        // The core and the answer's place are free again before the store's commit is awaited:
        // held through the write, the core permits would let only that many fetches into a batch,
        // and the places would hold requests back behind commits (the 2,000 first answers of a
        // national run waited up to 1 s for places); the crawl would run at the store's latency.
        // The writer's bounded queue keeps the records waiting for a commit few.
        drop(cpu);
        drop(place);
        if let Some((kind, detail)) = &out.error {
            tracing::debug!(url = %out.url, kind = kind.as_str(), detail = %detail, "fetch failed");
        }
        let record = FetchRecord {
            run_id: self.ctx.run_id,
            site_id: self.site_id,
            url: out.url.clone(),
            final_url: out.final_url.clone(),
            role,
            status: out.status,
            content_type,
            headers: out.headers,
            redirects: out.redirects,
            soft_redirect: got.soft_redirect.as_ref().map(Url::to_string),
            fetched_at: out.fetched_at,
            ttfb_ms: out.ttfb_ms,
            total_ms: out.total_ms,
            attempts: out.attempts,
            error: out.error.clone(),
            body,
            charset,
            not_modified: not_modified.unwrap_or(false),
        };
        self.ctx.writer.write(record).await?;
        self.ctx.progress.fetched(out.error.as_ref().map(|e| e.0));
        Ok((got, out.body))
    }
}

/// A fetch made ready for the store and for discovery.
struct Analysed {
    /// The fetch, its error set when the home page is a challenge.
    out: FetchOutcome,
    content_type: Option<String>,
    charset: Option<String>,
    body: Option<StoredBody>,
    got: Got,
}

/// Decodes a fetched body, recognises challenges and soft redirects on the home page,
/// compresses the body for the store and extracts what discovery needs.
fn analyse(mut out: FetchOutcome, role: PageRole, reused: Option<StoredBody>) -> Result<Analysed> {
    let content_type = header(&out.headers, "content-type");
    let decoded = out
        .body
        .as_deref()
        .filter(|b| charset::is_textual(content_type.as_deref(), b))
        .map(|b| charset::decode(b, content_type.as_deref()));
    let mut soft_redirect = None;
    if role == PageRole::Home
        && out.is_success()
        && let Some(d) = &decoded
        && content_type
            .as_deref()
            .is_none_or(|c| c.to_ascii_lowercase().contains("html"))
        && let Ok(final_url) = Url::parse(&out.final_url)
    {
        match challenge::classify(&final_url, &d.text) {
            Verdict::Content => {}
            Verdict::SoftRedirect(to) => soft_redirect = Some(to),
            Verdict::Challenge(why) => out.error = Some((ErrorKind::BlockedOrChallenge, why)),
        }
    }
    let body = match (reused, &out.body) {
        (Some(b), _) => Some(b),
        (None, Some(raw)) => Some(StoredBody::compress(raw)?),
        (None, None) => None,
    };
    let mut got = got_from(&out, soft_redirect);
    let ok = got.ok() && got.soft_redirect.is_none();
    (got.links, got.sitemap) = digest(
        role,
        &got.final_url,
        ok,
        content_type.as_deref(),
        decoded.as_ref().map(|d| d.text.as_str()),
    );
    Ok(Analysed {
        out,
        content_type,
        charset: decoded.as_ref().map(charset::Decoded::label),
        body,
        got,
    })
}

fn extract(base: &Url, html: &str) -> PageLinks {
    let mut links = discover::extract(base, html);
    links.links.retain(|l| same_site(base, &l.url));
    links
}

fn first_level_role(link: &Link) -> PageRole {
    if discover::is_pagination(link) {
        PageRole::ListPage
    } else if discover::looks_like_article(&link.url) {
        PageRole::Article
    } else {
        PageRole::Page
    }
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

fn got_from(out: &FetchOutcome, soft_redirect: Option<Url>) -> Got {
    Got {
        final_url: Url::parse(&out.final_url).unwrap_or_else(|_| Url::parse(&out.url).expect("fetched URLs parse")),
        status: out.status,
        error: out.error.clone(),
        soft_redirect,
        links: None,
        sitemap: None,
    }
}

fn from_stored(url: &Url, s: &StoredFetch) -> (Got, Option<Vec<u8>>) {
    let text = s
        .body
        .as_deref()
        .filter(|b| charset::is_textual(s.content_type.as_deref(), b))
        .map(|b| charset::decode(b, s.content_type.as_deref()).text);
    let mut got = Got {
        final_url: Url::parse(&s.final_url).unwrap_or_else(|_| url.clone()),
        status: s.status,
        error: s.error.clone(),
        soft_redirect: s.soft_redirect.as_deref().and_then(|u| Url::parse(u).ok()),
        links: None,
        sitemap: None,
    };
    let ok = got.ok() && got.soft_redirect.is_none();
    (got.links, got.sitemap) = digest(s.role, &got.final_url, ok, s.content_type.as_deref(), text.as_deref());
    (got, s.body.clone())
}
