//! A crawl run: its sites crawled in parallel (each polite per host, all under a global cap), every
//! fetch streamed to the store, and a [`RunSummary`] at the end. Entry points: [`crawl`] and
//! [`resume`].

use super::address::AddressPolicy;
use super::config::CrawlConfig;
use super::fetch::Fetcher;
use super::politeness::HostGates;
use super::progress::Progress;
use super::site::{RunContext, crawl_site};
use crate::snapshot::SiteOutcome;
use crate::store::Store;
use crate::store::crawl as db;
use anyhow::{Context, Result, bail};
use futures::StreamExt;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use url::Url;

/// One site to crawl: the unit it belongs to (when known) and its start URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrawlTarget {
    pub unit_id: Option<String>,
    pub url: String,
}

/// What a run did.
#[derive(Clone, Debug)]
pub struct RunSummary {
    pub run_id: i64,
    pub sites_total: usize,
    pub sites_ok: usize,
    pub sites_could_not_verify: usize,
    /// Sites left unfinished (only when a site failed on a storage error).
    pub sites_unfinished: usize,
    /// Fetches stored for the run (all attempts at this run, resumed ones included).
    pub fetches: i64,
    /// Failed fetches by error kind.
    pub errors_by_kind: BTreeMap<String, i64>,
    pub elapsed: Duration,
}

impl fmt::Display for RunSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Lượt thu thập #{} — {} trang web",
            self.run_id, self.sites_total
        )?;
        writeln!(f, "  truy cập được: {}", self.sites_ok)?;
        writeln!(f, "  không kiểm tra được: {}", self.sites_could_not_verify)?;
        if self.sites_unfinished > 0 {
            writeln!(
                f,
                "  chưa xong: {} (chạy lại với --resume {})",
                self.sites_unfinished, self.run_id
            )?;
        }
        writeln!(
            f,
            "  số lượt tải: {} trong {:.1} giây",
            self.fetches,
            self.elapsed.as_secs_f64()
        )?;
        if self.errors_by_kind.is_empty() {
            writeln!(f, "  lỗi: không có")?;
        } else {
            let list: Vec<String> = self
                .errors_by_kind
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            writeln!(f, "  lỗi theo loại: {}", list.join(", "))?;
        }
        Ok(())
    }
}

/// Checks a start URL: absolute, http or https, with a host.
pub fn parse_target_url(raw: &str) -> Result<Url> {
    let url = Url::parse(raw.trim()).with_context(|| format!("invalid start URL {raw:?}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        bail!(
            "start URL {raw:?}: only http and https are crawled, not {}",
            url.scheme()
        );
    }
    if url.host_str().is_none_or(str::is_empty) {
        bail!("start URL {raw:?} has no host");
    }
    Ok(url)
}

/// Starts a new run over `targets` and crawls it to the end.
pub async fn crawl(
    store: &Store,
    targets: Vec<CrawlTarget>,
    cfg: &CrawlConfig,
) -> Result<RunSummary> {
    if targets.is_empty() {
        bail!("nothing to crawl: no start URL given");
    }
    let urls: Vec<Url> = targets
        .iter()
        .map(|t| parse_target_url(&t.url))
        .collect::<Result<_>>()?;
    let run_id = db::create_run(store, &serde_json::to_string(cfg)?).await?;
    for (t, url) in targets.iter().zip(&urls) {
        db::add_site(store, run_id, t.unit_id.as_deref(), url.as_str()).await?;
    }
    execute(store, run_id, cfg).await
}

/// Continues run `run_id` (e.g. after the process was killed): finished sites are kept, the others
/// are crawled again reusing every fetch the store already holds.
pub async fn resume(store: &Store, run_id: i64, cfg: &CrawlConfig) -> Result<RunSummary> {
    if !db::run_exists(store, run_id).await? {
        bail!("no crawl run {run_id} in this database");
    }
    execute(store, run_id, cfg).await
}

async fn execute(store: &Store, run_id: i64, cfg: &CrawlConfig) -> Result<RunSummary> {
    let started = Instant::now();
    let sites = db::list_run_sites(store, run_id).await?;
    let pending: Vec<_> = sites
        .iter()
        .filter(|s| s.outcome.is_none())
        .cloned()
        .collect();
    let mut policy = AddressPolicy {
        allow_private: cfg.allow_private_addresses,
        ..Default::default()
    };
    policy.trusted_hosts.extend(cfg.resolve.keys().cloned());
    for s in &sites {
        if let Some(h) = Url::parse(&s.start_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        {
            policy.trusted_hosts.insert(h);
        }
    }
    let cfg = Arc::new(cfg.clone());
    let gates = Arc::new(HostGates::new(cfg.per_host_rate, cfg.per_host_concurrency));
    let fetcher = Arc::new(Fetcher::new(cfg.clone(), policy, gates)?);
    let progress = Arc::new(Progress::new(pending.len(), cfg.progress));
    tracing::info!(
        run_id,
        sites = sites.len(),
        pending = pending.len(),
        "crawl run starting"
    );
    let ctx = RunContext {
        store: store.clone(),
        fetcher,
        writer: db::FetchWriter::spawn(store.clone()),
        cfg: cfg.clone(),
        run_id,
        progress: progress.clone(),
    };
    let results: Vec<Result<()>> = futures::stream::iter(pending)
        .map(|site| {
            let ctx = &ctx;
            async move {
                let outcome = crawl_site(ctx, &site)
                    .await
                    .with_context(|| format!("crawl of {} stopped", site.start_url))?;
                ctx.progress.site_done(&site.start_url, &outcome);
                Ok(())
            }
        })
        .buffer_unordered(cfg.parallel_sites.max(1))
        .collect()
        .await;
    progress.finish();
    let failures: Vec<String> = results
        .into_iter()
        .filter_map(|r| r.err())
        .map(|e| format!("{e:#}"))
        .collect();
    if let Some(first) = failures.first() {
        bail!(
            "{} site(s) could not be stored; first: {first}",
            failures.len()
        );
    }
    db::finish_run(store, run_id).await?;
    summarize(store, run_id, started.elapsed()).await
}

/// The summary of run `run_id` as stored.
pub async fn summarize(store: &Store, run_id: i64, elapsed: Duration) -> Result<RunSummary> {
    let sites = db::list_run_sites(store, run_id).await?;
    let (fetches, by_kind) = db::run_fetch_counts(store, run_id).await?;
    Ok(RunSummary {
        run_id,
        sites_total: sites.len(),
        sites_ok: sites
            .iter()
            .filter(|s| s.outcome == Some(SiteOutcome::Ok))
            .count(),
        sites_could_not_verify: sites
            .iter()
            .filter(|s| matches!(s.outcome, Some(SiteOutcome::CouldNotVerify { .. })))
            .count(),
        sites_unfinished: sites.iter().filter(|s| s.outcome.is_none()).count(),
        fetches,
        errors_by_kind: by_kind.into_iter().collect(),
        elapsed,
    })
}
