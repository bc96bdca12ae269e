//! The browser stage: what the HTML alone cannot show. A real headless Chromium (Debian's
//! `chromium`, driven over the DevTools protocol) visits a small sample of each crawled site — the
//! home page, a list page, an article — and records load times ([`performance`]), the phone layout
//! with a screenshot ([`mobile`]), axe-core's WCAG 2.x A/AA violations ([`accessibility`]), pages
//! that only JavaScript builds ([`rendering`]), and reads sites behind a script challenge
//! ([`challenge`]). Chromium connects only through [`proxy`], which holds it to the crawler's
//! address policy and pace. [`pool`] bounds it (a few tabs, a per-page timeout, a memory cap); [`cdp`] is the
//! protocol client. The findings ([`findings::SiteFindings`]) are stored per site and read by the
//! audit's browser checks; [`apply`] gives the audit the pages the browser read.
//!
//! Optional by design: `--browser off` skips it, `auto` skips it with a warning when Chromium is
//! missing, `required` fails then. A criterion the stage did not measure is "could not verify",
//! never 0.
//!
//! Main items: [`BrowserConfig`], [`BrowserMode`], [`Browser`], [`browse_site`], [`apply`].

pub mod accessibility;
pub mod cdp;
pub mod challenge;
pub mod findings;
pub mod mobile;
pub mod performance;
pub mod pool;
pub mod proxy;
pub mod rendering;

use crate::snapshot::{ErrorKind, Page, PageRole, SiteOutcome, SiteSnapshot};
use findings::{PageFindings, Sample, SiteFindings};
pub use performance::NetworkProfile;
pub use pool::Browser;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The folder of a run's phone screenshots, inside the run's report folder (beside `scorecards/`).
pub const SHOTS_DIR: &str = "anh-dien-thoai";

/// Whether the stage runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BrowserMode {
    /// Run when Chromium is installed; otherwise warn and leave the browser criteria unverified.
    Auto,
    /// Do not run: the browser criteria stay unverified.
    Off,
    /// Run, and stop with an error when Chromium is missing.
    Required,
}

/// How the stage runs.
#[derive(Clone, Debug)]
pub struct BrowserConfig {
    pub mode: BrowserMode,
    pub chromium: PathBuf,
    /// Tabs open at once (sites browsed at once).
    pub tabs: usize,
    /// Loads per page for the load times (their median is kept).
    pub loads: u32,
    pub page_timeout: Duration,
    /// Memory cap of Chromium's process tree (MiB): over it the browser is restarted.
    pub memory_mb: u64,
    pub network: NetworkProfile,
    /// The crawler's user agent (the same honest one).
    pub user_agent: String,
    /// Time between two page loads on one host (the crawler's per-host rate).
    pub per_host_interval: Duration,
    /// Host → address mappings (the crawler's `--resolve`).
    pub resolve: BTreeMap<String, SocketAddr>,
    /// Internal addresses may be connected to (the crawler's `--allow-private-addresses`).
    pub allow_private: bool,
    /// The longest robots.txt Crawl-delay honoured between navigations (the crawler's cap).
    pub max_crawl_delay: Duration,
    /// Pages read behind a script challenge, at most.
    pub challenge_pages: usize,
    /// Where the phone screenshots go (none: not kept).
    pub shots_dir: Option<PathBuf>,
    /// The crawler was told to trust extra root certificates (the demo's own CA): Chromium cannot
    /// take a root on its command line, so it ignores certificate errors instead. The certificate
    /// itself is judged by the crawler and the `https` check, never by the browser stage.
    pub extra_roots: bool,
}

impl Default for BrowserConfig {
    fn default() -> Self {
        BrowserConfig {
            mode: BrowserMode::Auto,
            chromium: PathBuf::from("/usr/bin/chromium"),
            tabs: 2,
            loads: 3,
            page_timeout: Duration::from_secs(45),
            memory_mb: 1536,
            network: NetworkProfile::Real,
            user_agent: crate::crawl::CrawlConfig::default().user_agent,
            per_host_interval: Duration::from_secs(1),
            resolve: BTreeMap::new(),
            allow_private: false,
            max_crawl_delay: Duration::from_secs(10),
            challenge_pages: 30,
            shots_dir: None,
            extra_roots: false,
        }
    }
}

impl BrowserConfig {
    /// Takes the crawler's user agent, pace, host mappings and address policy.
    pub fn with_crawl(mut self, crawl: &crate::crawl::CrawlConfig) -> BrowserConfig {
        self.user_agent = crawl.user_agent.clone();
        self.per_host_interval = crawl
            .per_host_rate
            .filter(|r| *r > 0.0)
            .map_or(Duration::from_secs(1), |r| Duration::from_secs_f64(1.0 / r));
        self.resolve = crawl.resolve.clone();
        self.allow_private = crawl.allow_private_addresses;
        self.max_crawl_delay = crawl.max_crawl_delay;
        self.extra_roots = !crawl.extra_roots_pem.is_empty();
        self
    }
}

/// Starts the browser as `cfg.mode` says: `Ok(Err(why))` when the stage is skipped (why in
/// Vietnamese, for the evidence), an error when `required` cannot be met.
pub async fn start(cfg: &BrowserConfig) -> anyhow::Result<Result<Browser, String>> {
    if cfg.mode == BrowserMode::Off {
        return Ok(Err("giai đoạn trình duyệt bị tắt (--browser off)".into()));
    }
    let Some(bin) = pool::find_chromium(&cfg.chromium) else {
        let why = format!("không có trình duyệt Chromium tại {}", cfg.chromium.display());
        if cfg.mode == BrowserMode::Required {
            anyhow::bail!(
                "--browser required: Chromium is missing at {} (Debian: apt-get install chromium)",
                cfg.chromium.display()
            );
        }
        tracing::warn!("{why}: the browser criteria will be \"could not verify\"");
        return Ok(Err(why));
    };
    match Browser::launch(&bin, std::sync::Arc::new(cfg.clone())).await {
        Ok(b) => Ok(Ok(b)),
        Err(e) if cfg.mode == BrowserMode::Required => Err(e.context("--browser required")),
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "Chromium did not start; the browser criteria will be \"could not verify\"");
            Ok(Err(format!("không khởi động được Chromium ({e:#})")))
        }
    }
}

/// The findings of a site the stage could not look at.
pub fn unmeasured(why: &str) -> SiteFindings {
    SiteFindings {
        error: Some(why.to_string()),
        ..Default::default()
    }
}

/// The sample of `snap`: its home page, a list page, an article (each when the crawl has one).
pub fn sample(snap: &SiteSnapshot) -> Vec<(Sample, String)> {
    let ok = |p: &&Page| p.is_ok_html();
    let mut out = Vec::new();
    if let Some(h) = snap.home().filter(ok) {
        out.push((Sample::Home, h.final_url.clone()));
    }
    let list = snap
        .pages
        .iter()
        .filter(ok)
        .find(|p| p.role == PageRole::ListPage)
        .or_else(|| {
            snap.pages.iter().filter(ok).find(|p| {
                p.role == PageRole::Page && {
                    let path = url::Url::parse(&p.final_url)
                        .map(|u| u.path().to_ascii_lowercase())
                        .unwrap_or_default();
                    LIST_WORDS.iter().any(|w| path.contains(w))
                }
            })
        });
    if let Some(l) = list {
        out.push((Sample::List, l.final_url.clone()));
    }
    if let Some(a) = snap.pages.iter().filter(ok).find(|p| p.role == PageRole::Article) {
        out.push((Sample::Article, a.final_url.clone()));
    }
    out
}

/// URL path words of a news or announcements list.
const LIST_WORDS: &[&str] = &[
    "tin-tuc",
    "tintuc",
    "tin-hoat-dong",
    "thong-bao",
    "su-kien",
    "news",
    "danh-sach",
];

/// Browses one site: the challenge first when the crawl met one, then each sampled page (load
/// times, phone, accessibility, rendering). Each navigation waits for its host's turn
/// ([`cdp::Tab::navigate`]).
pub async fn browse_site(b: &Browser, cfg: &BrowserConfig, snap: &SiteSnapshot) -> SiteFindings {
    let mut f = SiteFindings {
        browser: b.version.clone(),
        network: cfg.network.describe().to_string(),
        loads: cfg.loads.max(1),
        pacing: b.guard().describe(cfg.per_host_interval),
        ..Default::default()
    };
    // the site's robots.txt Crawl-delay spaces the browser's navigations too (capped as the
    // crawler caps it), on every host its pages are on
    if let Some(delay) = challenge::robots_of(snap, &cfg.user_agent)
        .and_then(|r| r.delay)
        .filter(|d| d.is_finite() && *d > 0.0)
    {
        let delay = Duration::from_secs_f32(delay.min(86_400.0)).min(cfg.max_crawl_delay);
        for p in &snap.pages {
            if let Ok(u) = url::Url::parse(&p.final_url) {
                b.guard().crawl_delay(&u, delay);
            }
        }
    }
    let mut view = snap.clone();
    match &snap.outcome {
        SiteOutcome::CouldNotVerify {
            kind: ErrorKind::BlockedOrChallenge,
            ..
        } => {
            // each page within the page timeout, all of them within the sum
            let pages = cfg.challenge_pages.max(1) as u32;
            let limit = (cfg.page_timeout + cfg.per_host_interval) * pages;
            let pass = b
                .with_tab_for("vượt trang chặn", limit, async |tab| {
                    challenge::pass(tab, snap, cfg, cfg.challenge_pages).await
                })
                .await;
            match pass {
                Ok(p) => {
                    if p.passed {
                        view = apply_challenge(snap, &p);
                    } else {
                        f.error = Some(p.detail.clone());
                    }
                    f.challenge = Some(p);
                }
                Err(e) => f.error = Some(format!("trình duyệt không vượt được trang chặn: {e:#}")),
            }
            if f.error.is_some() {
                return f;
            }
        }
        SiteOutcome::CouldNotVerify { kind, detail } => {
            f.error = Some(format!(
                "trang không tải được khi thu thập ({}: {detail})",
                kind.as_str()
            ));
            return f;
        }
        SiteOutcome::Ok => {}
    }
    for (kind, url) in sample(&view) {
        let static_html = view.page(&url).and_then(|p| p.text.as_deref());
        let mut pf = PageFindings {
            url: url.clone(),
            sample: kind,
            perf: None,
            mobile: None,
            a11y: None,
            errors: vec![],
        };
        let mut runs = Vec::new();
        for i in 0..cfg.loads.max(1) {
            let last = i + 1 == cfg.loads.max(1);
            let r = b
                .with_tab(&url, async |tab| {
                    performance::load(tab, &url, cfg.network).await?;
                    let run = performance::read_run(tab).await?;
                    // the last load also gives the accessibility check and the rendered page
                    let extra = if last {
                        let a11y = accessibility::check(tab).await;
                        let html = tab.eval("document.documentElement.outerHTML").await?;
                        Some((a11y, html.as_str().unwrap_or_default().to_string()))
                    } else {
                        None
                    };
                    Ok((run, extra))
                })
                .await;
            match r {
                Ok((run, extra)) => {
                    runs.push(run);
                    if let Some((a11y, html)) = extra {
                        match a11y {
                            Ok(a) => pf.a11y = Some(a),
                            Err(e) => pf.errors.push(format!("không chạy được axe-core: {e:#}")),
                        }
                        if let Some(r) = rendering::judge(kind, &url, static_html, &html) {
                            f.rendered.push(r);
                        }
                    }
                }
                Err(e) => pf.errors.push(format!("lần tải {} không đo được: {e:#}", i + 1)),
            }
        }
        if !runs.is_empty() {
            pf.perf = Some(performance::median(runs));
        }
        let shot = cfg.shots_dir.as_ref().map(|d| d.join(shot_name(&url)));
        match b
            .with_tab(&url, async |tab| {
                mobile::check(tab, &url, cfg.network, shot.as_deref()).await
            })
            .await
        {
            Ok(m) => pf.mobile = Some(m),
            Err(e) => pf.errors.push(format!("không đo được giao diện điện thoại: {e:#}")),
        }
        f.pages.push(pf);
    }
    f
}

/// A screenshot's file name for `url`: host and path, with anything unsafe replaced.
fn shot_name(url: &str) -> String {
    let bare = url.split_once("://").map_or(url, |(_, r)| r);
    let mut name: String = bare
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    name.truncate(120);
    format!("{}.jpg", name.trim_end_matches('_'))
}

/// The snapshot the browser read behind a passed challenge: its pages, outcome Ok.
fn apply_challenge(snap: &SiteSnapshot, p: &findings::ChallengePass) -> SiteSnapshot {
    let mut pages: Vec<Page> = snap
        .pages
        .iter()
        .filter(|x| x.role == PageRole::Robots)
        .cloned()
        .collect();
    pages.extend(p.pages.iter().cloned());
    SiteSnapshot {
        start_url: snap.start_url.clone(),
        crawled_at: snap.crawled_at,
        outcome: SiteOutcome::Ok,
        pages,
        probe: snap.probe.clone(),
    }
}

/// The snapshot the audit reads: behind a passed challenge, the pages the browser read; a page
/// built by JavaScript, as the browser built it. Returns the notes to add to evidence at those URLs.
pub fn apply(snap: SiteSnapshot, f: &SiteFindings) -> (SiteSnapshot, Vec<(String, String)>) {
    let mut notes = Vec::new();
    let mut snap = match &f.challenge {
        Some(p) if p.passed => {
            notes.push((snap.start_url.clone(), p.detail.clone()));
            apply_challenge(&snap, p)
        }
        _ => snap,
    };
    for r in &f.rendered {
        if let Some(page) = snap.pages.iter_mut().find(|p| p.final_url == r.url || p.url == r.url) {
            page.text = Some(r.html.clone());
            page.content_type = Some("text/html".into());
            notes.push((r.url.clone(), format!("đọc trang do trình duyệt dựng: {}", r.why)));
        }
    }
    (snap, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screenshot_names_are_plain_file_names() {
        assert_eq!(
            shot_name("https://sotttt.gialai.gov.vn/tin-tuc?p=2"),
            "sotttt.gialai.gov.vn_tin-tuc_p_2.jpg"
        );
        assert!(!shot_name("http://x.gov.vn/../../etc/passwd").contains('/'));
    }
}
