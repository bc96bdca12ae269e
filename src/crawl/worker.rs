//! A crawl worker (`ictrank crawl --worker`): one of several processes, on one machine or many,
//! sharing a run stored in PostgreSQL. It claims the run's sites one by one through
//! [`crate::store::claims`], crawls each with the ordinary per-site crawl (which resumes from what
//! the store holds, so a site taken over from a dead worker continues where that one stopped),
//! renews its claims from a background heartbeat, and stops when no site of the run is left
//! unfinished. Entry point: [`work`], tuned by [`WorkerOptions`].

use super::config::CrawlConfig;
use super::run::{RunSummary, run_context, summarize};
use super::site::crawl_site;
use crate::store::Store;
use crate::store::claims;
use crate::store::crawl as db;
use anyhow::{Context, Result, bail};
use std::time::{Duration, Instant};

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

/// Takes part in run `run_id` until none of its sites is left unfinished, then returns the run's
/// summary (every worker's sites, as stored).
pub async fn work(store: &Store, run_id: i64, cfg: &CrawlConfig, opts: &WorkerOptions) -> Result<RunSummary> {
    claims::require_postgres(store)?;
    if !db::run_exists(store, run_id).await? {
        bail!("no crawl run {run_id} in this database");
    }
    let started = Instant::now();
    let unfinished = claims::unfinished_sites(store, run_id).await?;
    let ctx = run_context(store, run_id, cfg, unfinished as usize)?;
    let in_flight = opts.sites.max(1);
    // heartbeats well inside the lease, and the pause before looking again for claimable sites
    let beat = (opts.lease / 4).max(Duration::from_millis(100));
    let poll = beat.clamp(Duration::from_millis(200), Duration::from_secs(5));
    tracing::info!(run_id, worker = %opts.id, unfinished, in_flight, "crawl worker starting");
    let heartbeat = {
        let (store, id) = (store.clone(), opts.id.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(beat).await;
                if let Err(e) = claims::heartbeat(&store, run_id, &id).await {
                    tracing::warn!(error = %format!("{e:#}"), "heartbeat failed; claims may lapse");
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
                let ctx = ctx.clone();
                tasks.spawn(async move {
                    let outcome = crawl_site(&ctx, &site)
                        .await
                        .with_context(|| format!("crawl of {} stopped", site.start_url))?;
                    ctx.progress.site_done(&site.start_url, &outcome);
                    anyhow::Ok(())
                });
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
                    Some(Err(e)) => failures.push(format!("a site's crawl task failed: {e}")),
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
        bail!("{} site(s) could not be stored; first: {first}", failures.len());
    }
    db::finish_run(store, run_id).await?;
    summarize(store, run_id, started.elapsed(), cfg.site_time_budget).await
}
