//! A crawl worker (`ictrank crawl --worker`): one of several processes, on one machine or many,
//! sharing a run stored in PostgreSQL. It claims the run's sites one by one through
//! [`crate::store::claims`], crawls each with the ordinary per-site crawl (which resumes from what
//! the store holds, so a site taken over from a dead worker continues where that one stopped),
//! renews its claims from a background heartbeat, and stops when no site of the run is left
//! unfinished. A worker that stalled (paused, swapped out, cut off) past its lease may find on its
//! next heartbeat that some of its sites were taken over: their crawls are stopped there, and
//! whatever they still try to store is refused (the store checks the claim on every commit).
//! Each host a worker's fetches reach (start hosts and hosts reached by redirect alike) is held
//! through [`claims::HostLocks`] first, so a host is crawled by one worker at a time.
//! Entry points: [`work`], tuned by [`WorkerOptions`]; [`resume`] (a run continued by hand, which
//! on PostgreSQL takes part as a worker so it respects the claims of live ones).

use super::config::CrawlConfig;
use super::fetch::HostLock;
use super::run::{RunSummary, resume_alone, run_context, sites_in_flight, summarize};
use super::site::crawl_site;
use crate::store::claims;
use crate::store::crawl::{self as db, ClaimLost};
use crate::store::{Backend, Store};
use anyhow::{Result, bail};
use futures::future::BoxFuture;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::task::AbortHandle;

/// The lease of a run continued with [`resume`] on PostgreSQL (the CLI's `--lease` default).
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);

/// Continues run `run_id`. On PostgreSQL, where crawl workers may be sharing the run, this process
/// takes part as one more worker: it claims the sites it crawls, leaves those a live worker holds
/// to it (waiting for them to finish), and takes over those of dead workers once their lease ran
/// out. On SQLite (no workers) it crawls every unfinished site itself.
pub async fn resume(store: &Store, run_id: i64, cfg: &CrawlConfig) -> Result<RunSummary> {
    if store.backend != Backend::Postgres {
        return resume_alone(store, run_id, cfg).await;
    }
    let opts = WorkerOptions {
        id: default_worker_id(),
        lease: DEFAULT_LEASE,
        sites: sites_in_flight(cfg),
    };
    work(store, run_id, cfg, &opts).await
}

/// Who a worker is and how long its claims live without a heartbeat.
#[derive(Clone, Debug)]
pub struct WorkerOptions {
    /// Unique among the run's workers; `host:pid` by default ([`default_worker_id`]).
    pub id: String,
    /// A claim not renewed for this long belongs to a dead worker and is claimed again.
    pub lease: Duration,
    /// Sites crawled at once: the claims held at a time. Kept modest so that the first worker to
    /// start does not claim the whole run.
    pub sites: usize,
}

/// `machine-name:pid`: unique across the machines of a run, and readable in the store.
pub fn default_worker_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "may".to_string());
    format!("{host}:{}", std::process::id())
}

/// Frees the hosts only `site` held (a failure is logged: the lock then lasts until the worker
/// ends, which only slows other workers down).
async fn release_hosts(hosts: &claims::HostLocks, site: i64) {
    if let Err(e) = hosts.release(site).await {
        tracing::warn!(site, error = %format!("{e:#}"), "cannot release the site's hosts");
    }
}

impl HostLock for claims::HostLocks {
    fn try_hold<'a>(&'a self, site: i64, host: &'a str) -> BoxFuture<'a, Result<bool>> {
        Box::pin(claims::HostLocks::try_hold(self, site, host))
    }
}

/// Takes part in run `run_id` until none of its sites is left unfinished, then returns the run's
/// summary (every worker's sites, as stored).
pub async fn work(store: &Store, run_id: i64, cfg: &CrawlConfig, opts: &WorkerOptions) -> Result<RunSummary> {
    claims::require_postgres(store)?;
    if !db::run_exists(store, run_id).await? {
        bail!("cơ sở dữ liệu này không có lượt thu thập {run_id}");
    }
    let started = Instant::now();
    let unfinished = claims::unfinished_sites(store, run_id).await?;
    let hosts = Arc::new(claims::HostLocks::open(store, run_id).await?);
    let ctx = run_context(
        store,
        run_id,
        cfg,
        unfinished as usize,
        Some(opts.id.clone()),
        Some(hosts.clone()),
    )
    .await?;
    // the sites being crawled, to stop those whose claim another worker took over
    let crawling: Arc<Mutex<HashMap<i64, AbortHandle>>> = Arc::default();
    let in_flight = opts.sites.max(1);
    // heartbeats well inside the lease, and the pause before looking again for claimable sites
    let beat = (opts.lease / 4).max(Duration::from_millis(100));
    let poll = beat.clamp(Duration::from_millis(200), Duration::from_secs(5));
    tracing::info!(run_id, worker = %opts.id, unfinished, in_flight, "crawl worker starting");
    let heartbeat = {
        let (store, id, crawling, hosts) = (store.clone(), opts.id.clone(), crawling.clone(), hosts.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(beat).await;
                // sites claimed before the heartbeat: a claim made after it is not judged by it
                let before: Vec<i64> = crawling.lock().unwrap().keys().copied().collect();
                match claims::heartbeat(&store, run_id, &id).await {
                    Ok(held) => {
                        let held: HashSet<i64> = held.into_iter().collect();
                        let mut stopped = Vec::new();
                        {
                            let mut crawling = crawling.lock().unwrap();
                            for site in before.into_iter().filter(|s| !held.contains(s)) {
                                if let Some(task) = crawling.remove(&site) {
                                    tracing::warn!(site, worker = %id, "claim taken over by another worker (this one stalled past its lease); the site's crawl stops here");
                                    task.abort();
                                    stopped.push(site);
                                }
                            }
                        }
                        for site in stopped {
                            release_hosts(&hosts, site).await;
                        }
                    }
                    Err(e) => tracing::warn!(error = %format!("{e:#}"), "heartbeat failed; claims may lapse"),
                }
            }
        })
    };
    let mut tasks = tokio::task::JoinSet::new();
    let mut failures: Vec<String> = Vec::new();
    let outcome: Result<()> = async {
        loop {
            while tasks.len() < in_flight {
                let Some(site) = claims::claim_site(store, run_id, &opts.id, opts.lease).await? else {
                    break;
                };
                tracing::info!(site = %site.start_url, worker = %opts.id, "site claimed");
                let (ctx, crawling_now, hosts) = (ctx.clone(), crawling.clone(), hosts.clone());
                let site_id = site.site_id;
                // the map is locked across the spawn so the task cannot end (and unlist itself) first
                let mut listed = crawling.lock().unwrap();
                let task = tasks.spawn(async move {
                    let crawled = crawl_site(&ctx, &site).await;
                    crawling_now.lock().unwrap().remove(&site.site_id);
                    release_hosts(&hosts, site.site_id).await;
                    match crawled {
                        Ok(outcome) => ctx.progress.site_done(&site.start_url, &outcome),
                        Err(e) if e.is::<ClaimLost>() => {
                            tracing::warn!(site = %site.start_url, "{e}; left to its new owner");
                        }
                        Err(e) => return Err(e.context(format!("crawl of {} stopped", site.start_url))),
                    }
                    anyhow::Ok(())
                });
                listed.insert(site_id, task);
            }
            if tasks.is_empty() {
                if claims::unfinished_sites(store, run_id).await? == 0 {
                    return Ok(());
                }
                // the rest is claimed by live workers (or by one whose lease has not run out yet)
                tokio::time::sleep(poll).await;
                continue;
            }
            // a finished site frees a slot; the poll catches sites freed elsewhere
            tokio::select! {
                joined = tasks.join_next() => match joined {
                    Some(Ok(Err(e))) => failures.push(format!("{e:#}")),
                    Some(Err(e)) if !e.is_cancelled() => failures.push(format!("a site's crawl task failed: {e}")),
                    _ => {}
                },
                _ = tokio::time::sleep(poll) => {}
            }
            if !failures.is_empty() {
                // a storage error: stop claiming, let the others (or a later worker) take over
                while let Some(joined) = tasks.join_next().await {
                    if let Ok(Err(e)) = joined {
                        failures.push(format!("{e:#}"));
                    }
                }
                return Ok(());
            }
        }
    }
    .await;
    heartbeat.abort();
    ctx.progress.finish();
    outcome?;
    if let Some(first) = failures.first() {
        bail!("không lưu được {} trang web; trang đầu tiên: {first}", failures.len());
    }
    db::finish_run(store, run_id).await?;
    summarize(store, run_id, started.elapsed(), cfg.site_time_budget).await
}
