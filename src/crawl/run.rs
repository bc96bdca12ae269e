//! A crawl run: all its sites in flight at once, each at its hosts' pace (per-host pacing and the
//! run-wide cap on requests on the wire live in [`super::politeness`]), every fetch streamed to the
//! store, and a [`RunSummary`] at the end. Sites are started lazily, each as its own task, up to
//! what the process's file-descriptor limit can hold connections for; a site not yet started
//! costs its row only. Entry points: [`crawl`] and `resume_alone` (reached through [`super::worker::resume`]).

use super::config::CrawlConfig;
use super::fetch::{Fetcher, HostLock};
use super::politeness::HostGates;
use super::progress::Progress;
use super::site::{RunContext, crawl_site};
use crate::snapshot::{ErrorKind, SiteOutcome};
use crate::store::Store;
use crate::store::crawl as db;
use anyhow::{Context, Result, bail};
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
    /// Start URL and cause of each site that could not be verified, in the run's order.
    pub could_not_verify: Vec<(String, String)>,
    /// The per-site time budget the run used.
    pub site_time_budget: Duration,
    /// Sites whose crawl the time budget cut short.
    pub sites_out_of_time: usize,
    /// Fetches stored for the run (all attempts at this run, resumed ones included).
    pub fetches: i64,
    /// Failed fetches by error kind.
    pub errors_by_kind: BTreeMap<String, i64>,
    pub elapsed: Duration,
}

impl fmt::Display for RunSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Lượt thu thập #{} — {} trang web", self.run_id, self.sites_total)?;
        writeln!(f, "  truy cập được: {}", self.sites_ok)?;
        writeln!(f, "  không kiểm tra được: {}", self.sites_could_not_verify)?;
        for (url, cause) in self.could_not_verify.iter().take(MAX_LISTED) {
            writeln!(f, "    {url}: {cause}")?;
        }
        if self.could_not_verify.len() > MAX_LISTED {
            writeln!(f, "    … và {} trang khác", self.could_not_verify.len() - MAX_LISTED)?;
        }
        writeln!(
            f,
            "  thời gian tối đa cho mỗi trang web: {}; dừng sớm vì hết thời gian: {}",
            vi_duration(self.site_time_budget),
            self.sites_out_of_time
        )?;
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
            let list: Vec<String> = self.errors_by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
            writeln!(f, "  lỗi theo loại: {}", list.join(", "))?;
        }
        Ok(())
    }
}

/// Could-not-verify sites listed one by one in the summary at most.
const MAX_LISTED: usize = 20;

/// "10 phút", "1 phút 30 giây", "45 giây".
fn vi_duration(d: Duration) -> String {
    let secs = d.as_secs_f64().round() as u64;
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} giây"),
        (m, 0) => format!("{m} phút"),
        (m, s) => format!("{m} phút {s} giây"),
    }
}

/// Checks a start URL: absolute, http or https, with a host.
pub fn parse_target_url(raw: &str) -> Result<Url> {
    let url = Url::parse(raw.trim()).with_context(|| format!("địa chỉ bắt đầu không hợp lệ {raw:?}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        bail!(
            "start URL {raw:?}: only http and https are crawled, not {}",
            url.scheme()
        );
    }
    if url.host_str().is_none_or(str::is_empty) {
        bail!("địa chỉ bắt đầu {raw:?} không có tên máy chủ");
    }
    Ok(url)
}

/// Starts a new run over `targets` and crawls it to the end.
pub async fn crawl(store: &Store, targets: Vec<CrawlTarget>, cfg: &CrawlConfig) -> Result<RunSummary> {
    let run_id = create(store, &targets, cfg).await?;
    execute(store, run_id, cfg).await
}

/// Records a new run over `targets`, one row per site, without crawling it (crawl workers or
/// `resume` do); returns its id.
pub async fn create(store: &Store, targets: &[CrawlTarget], cfg: &CrawlConfig) -> Result<i64> {
    if targets.is_empty() {
        bail!("không có gì để thu thập: chưa nêu địa chỉ bắt đầu nào");
    }
    let urls: Vec<Url> = targets
        .iter()
        .map(|t| parse_target_url(&t.url))
        .collect::<Result<_>>()?;
    let run_id = db::create_run(store, &serde_json::to_string(cfg)?).await?;
    let sites: Vec<(Option<&str>, &str)> = targets
        .iter()
        .zip(&urls)
        .map(|(t, url)| (t.unit_id.as_deref(), url.as_str()))
        .collect();
    db::add_sites(store, run_id, &sites).await?;
    Ok(run_id)
}

/// Continues run `run_id` (e.g. after the process was killed) in this process alone: finished
/// sites are kept, the others are crawled again reusing every fetch the store already holds.
/// [`super::worker::resume`] is the entry point: on PostgreSQL it respects workers' claims.
pub(super) async fn resume_alone(store: &Store, run_id: i64, cfg: &CrawlConfig) -> Result<RunSummary> {
    if !db::run_exists(store, run_id).await? {
        bail!("cơ sở dữ liệu này không có lượt thu thập {run_id}");
    }
    execute(store, run_id, cfg).await
}

async fn execute(store: &Store, run_id: i64, cfg: &CrawlConfig) -> Result<RunSummary> {
    let started = Instant::now();
    let sites = db::list_run_sites(store, run_id).await?;
    let pending: Vec<_> = sites.into_iter().filter(|s| s.outcome.is_none()).collect();
    let ctx = run_context(store, run_id, cfg, pending.len(), None, None).await?;
    let (cfg, progress) = (ctx.cfg.clone(), ctx.progress.clone());
    let in_flight = sites_in_flight(&cfg);
    tracing::info!(run_id, pending = pending.len(), in_flight, "crawl run starting");
    // Each site is a task of its own (the runtime spreads page parsing over the cores); waiting
    // for a host's turn costs nothing but the task.
    let mut tasks = tokio::task::JoinSet::new();
    let mut queue = pending.into_iter();
    let mut failures: Vec<String> = Vec::new();
    loop {
        while tasks.len() < in_flight {
            let Some(site) = queue.next() else { break };
            let ctx = ctx.clone();
            tasks.spawn(async move {
                let outcome = crawl_site(&ctx, &site)
                    .await
                    .with_context(|| format!("việc thu thập {} đã dừng", site.start_url))?;
                ctx.progress.site_done(&site.start_url, &outcome);
                anyhow::Ok(())
            });
        }
        match tasks.join_next().await {
            None => break,
            Some(Ok(Ok(()))) => {}
            Some(Ok(Err(e))) => failures.push(format!("{e:#}")),
            Some(Err(e)) => failures.push(format!("a site's crawl task failed: {e}")),
        }
    }
    progress.finish();
    if let Some(first) = failures.first() {
        bail!("không lưu được {} trang web; trang đầu tiên: {first}", failures.len());
    }
    db::finish_run(store, run_id).await?;
    summarize(store, run_id, started.elapsed(), cfg.site_time_budget).await
}

/// What every site task of run `run_id` shares: fetcher (with its per-host gates), writer,
/// progress over `sites` sites; `owner`: the crawl worker holding the sites' claims, and its
/// `host_lock` on the hosts it crawls.
pub(super) async fn run_context(
    store: &Store,
    run_id: i64,
    cfg: &CrawlConfig,
    sites: usize,
    owner: Option<String>,
    host_lock: Option<Arc<dyn HostLock>>,
) -> Result<Arc<RunContext>> {
    let cfg = Arc::new(cfg.clone());
    let gates = Arc::new(HostGates::new(cfg.per_host_rate, cfg.per_host_concurrency));
    let mut fetcher = Fetcher::new(cfg.clone(), gates)?;
    if let Some(lock) = host_lock {
        fetcher = fetcher.with_host_lock(lock);
    }
    let fetcher = Arc::new(fetcher);
    let conditional = cfg.conditional_requests && db::earlier_fetches_exist(store, run_id).await?;
    Ok(Arc::new(RunContext {
        store: store.clone(),
        fetcher,
        writer: db::FetchWriter::spawn(store.clone(), owner.clone()),
        owner,
        progress: Arc::new(Progress::new(sites, cfg.progress)),
        cfg,
        run_id,
        conditional,
        analysis: Arc::new(tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get()),
        )),
    }))
}

/// Sites crawled at once by one process.
pub(super) fn sites_in_flight(cfg: &CrawlConfig) -> usize {
    cfg.parallel_sites.unwrap_or_else(|| auto_parallel_sites(cfg)).max(1)
}

/// Sites crawled at once when the configuration does not say: as many as the open-file limit
/// leaves connections for (each site holds up to `per_host_concurrency` connections, plus one
/// to another of its hosts), keeping room for the store and the rest.
fn auto_parallel_sites(cfg: &CrawlConfig) -> usize {
    let files = crate::util::fds::open_file_limit().unwrap_or(1024);
    (files.saturating_sub(128) / (cfg.per_host_concurrency.max(1) + 1) as u64).max(16) as usize
}

/// The soft limit on open files of this process (Linux), if it can be read.
/// The summary of run `run_id` as stored.
pub async fn summarize(
    store: &Store,
    run_id: i64,
    elapsed: Duration,
    site_time_budget: Duration,
) -> Result<RunSummary> {
    let sites = db::list_run_sites(store, run_id).await?;
    let (fetches, by_kind) = db::run_fetch_counts(store, run_id).await?;
    let could_not_verify = sites
        .iter()
        .filter_map(|s| match &s.outcome {
            Some(SiteOutcome::CouldNotVerify { kind, detail }) => {
                Some((s.start_url.clone(), format!("{} — {detail}", kind.as_str())))
            }
            _ => None,
        })
        .collect();
    let sites_out_of_time = db::sites_with_note(store, run_id, ErrorKind::SiteBudgetExhausted.as_str()).await?;
    Ok(RunSummary {
        run_id,
        sites_total: sites.len(),
        sites_ok: sites.iter().filter(|s| s.outcome == Some(SiteOutcome::Ok)).count(),
        sites_could_not_verify: sites
            .iter()
            .filter(|s| matches!(s.outcome, Some(SiteOutcome::CouldNotVerify { .. })))
            .count(),
        sites_unfinished: sites.iter().filter(|s| s.outcome.is_none()).count(),
        could_not_verify,
        site_time_budget,
        sites_out_of_time,
        fetches,
        errors_by_kind: by_kind.into_iter().collect(),
        elapsed,
    })
}
