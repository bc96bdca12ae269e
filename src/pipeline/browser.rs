//! The browser stage inside a run: after the crawl, [`run_stage`] browses every site of the run
//! (a few at once, one per tab) and stores each site's findings; before the audit, [`browsed`]
//! gives a site's snapshot as the browser read it (pages behind a passed challenge, pages built by
//! JavaScript) with the findings for the browser checks, and [`annotate`] says in the evidence
//! which pages were read that way.

use crate::audit::UnitFacts;
use crate::audit::model::SiteAudit;
use crate::browser::findings::SiteFindings;
use crate::browser::{BrowserConfig, browse_site, unmeasured};
use crate::snapshot::SiteSnapshot;
use crate::store::{self, Store};
use anyhow::Result;
use futures::StreamExt;
use std::sync::Arc;
use std::time::Instant;

/// What the stage did, for the log and the benchmark.
#[derive(Clone, Debug, Default)]
pub struct StageSummary {
    pub sites: usize,
    /// Sampled pages measured.
    pub pages: usize,
    pub seconds: f64,
    /// The browser's peak resident memory seen between sites (bytes).
    pub peak_rss: u64,
    /// Set when the stage was skipped (Vietnamese).
    pub skipped: Option<String>,
}

/// Browses every site of crawl run `run_id` and stores the findings. With `--browser off` nothing
/// is stored; with Chromium missing under `auto`, each site gets findings that say so.
pub async fn run_stage(store: &Store, run_id: i64, cfg: &BrowserConfig) -> Result<StageSummary> {
    let started = Instant::now();
    let sites = store::crawl::list_run_sites(store, run_id).await?;
    let mut summary = StageSummary {
        sites: sites.len(),
        ..Default::default()
    };
    let browser = match crate::browser::start(cfg).await? {
        Ok(b) => b,
        Err(why) => {
            if cfg.mode != crate::browser::BrowserMode::Off {
                for s in &sites {
                    store::browser::save_findings(store, run_id, &s.start_url, &unmeasured(&why)).await?;
                }
            }
            summary.skipped = Some(why);
            return Ok(summary);
        }
    };
    tracing::info!(run_id, sites = sites.len(), browser = %browser.version, "browser stage started");
    let b = &browser;
    let mut results = futures::stream::iter(sites.iter().map(|s| async move {
        let snap = store::crawl::load_snapshot(store, run_id, &s.start_url).await?;
        let f = browse_site(b, cfg, &snap).await;
        store::browser::save_findings(store, run_id, &s.start_url, &f).await?;
        anyhow::Ok(f.pages.len())
    }))
    .buffer_unordered(cfg.tabs.max(1));
    while let Some(r) = results.next().await {
        summary.pages += r?;
        summary.peak_rss = summary.peak_rss.max(b.rss_bytes().await);
    }
    drop(results);
    browser.close().await;
    summary.seconds = started.elapsed().as_secs_f64();
    tracing::info!(
        run_id,
        pages = summary.pages,
        seconds = summary.seconds,
        peak_rss_mb = summary.peak_rss >> 20,
        "browser stage finished"
    );
    Ok(summary)
}

/// The snapshot of `start_url` in run `run_id` as the audit reads it, the unit's `facts` with the
/// browser findings added, and the evidence notes of pages the browser read.
pub async fn browsed(
    store: &Store,
    run_id: i64,
    start_url: &str,
    mut facts: UnitFacts,
) -> Result<(SiteSnapshot, UnitFacts, Vec<(String, String)>)> {
    let snapshot = store::crawl::load_snapshot(store, run_id, start_url).await?;
    let Some(f) = store::browser::load_findings(store, run_id, start_url).await? else {
        return Ok((snapshot, facts, vec![]));
    };
    let (snapshot, notes) = crate::browser::apply(snapshot, &f);
    facts.browser = Some(Arc::new(strip_pages(f)));
    Ok((snapshot, facts, notes))
}

/// The findings without the page bodies (the audit has them in the snapshot already).
fn strip_pages(mut f: SiteFindings) -> SiteFindings {
    f.rendered.iter_mut().for_each(|r| r.html.clear());
    if let Some(c) = f.challenge.as_mut() {
        c.pages.clear();
    }
    f
}

/// Adds the browser's notes to the evidence at their URLs: a criterion decided on a page the
/// browser built says so. A passed challenge is noted on the site's start URL evidence.
pub fn annotate(audit: &mut SiteAudit, notes: &[(String, String)]) {
    for c in &mut audit.criteria {
        for e in &mut c.evidence {
            let trimmed = e.url.trim_end_matches('/');
            if let Some((_, n)) = notes.iter().find(|(u, _)| u.trim_end_matches('/') == trimmed)
                && !e.note.contains(n.as_str())
            {
                e.note = format!("{} ({n})", e.note);
            }
        }
    }
}
