//! Crawls of one unit asked for from the web app, answered on their own (not by the next whole
//! run): [`answer_next`] takes the oldest queued request, crawls just that unit's site with the
//! crawl settings stored with the run it was asked from (rate, user agent, `--resolve`,
//! `--allow-private-addresses`, list window: the run's own, so the unit is crawled as its peers
//! were), runs the browser stage and the audit on it as of the run's evaluation date, and records
//! the new crawl run as the unit's source in that run. The run's old audit of the unit stays in the
//! store; [`super::standing`] reads the newest answered request's audit instead, so standing, rank,
//! the queue and the web app move at once. The run's reports are written again as a new version
//! beside the old ones (`run-N-v2`, …) and the run points at it.
//!
//! A failure (site list, store, reports) marks the request failed with its cause and never stops
//! the caller; a site still unreachable is not a failure: the request is done and the unit stays
//! in the panel with the new cause. Who calls it: `ictrank serve`'s background task
//! ([`spawn_worker`]) and `ictrank crawl-requests` for deployments where the web server must not
//! crawl.
//!
//! Main items: [`RecrawlOptions`], [`Answered`], [`answer_next`], [`answer_all`], [`spawn_worker`]
//! ([`Worker`]).

use super::audit_runs::{AuditSetup, audit_stored_run};
use crate::audit::Profiles;
use crate::browser::BrowserConfig;
use crate::crawl::{CrawlConfig, CrawlTarget};
use crate::registry::Evaluation;
use crate::store::users::{self, CrawlRequest};
use crate::store::{self, Store};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How requests are answered besides the run's stored crawl settings.
#[derive(Clone)]
pub struct RecrawlOptions {
    /// The browser stage (its user agent, pace and host mappings are taken from the run's crawl
    /// settings; its screenshots go to the new report version).
    pub browser: BrowserConfig,
    pub profiles: Profiles,
}

/// A request taken from the queue, and how it ended.
#[derive(Clone, Debug)]
pub struct Answered {
    pub request: CrawlRequest,
    /// The run whose results for the unit were replaced.
    pub run_id: i64,
    /// Ok: the crawl run that now stands for the unit, and the new report folder (if the run has
    /// reports); Err: why the request failed (Vietnamese, also stored with the request).
    pub outcome: std::result::Result<(i64, Option<PathBuf>), String>,
}

/// Takes the evaluation's oldest queued request and answers it; None when the queue is empty.
/// Only an error of the store itself (taking the request, recording its end) is returned.
pub async fn answer_next(store: &Store, eval: &Evaluation, opts: &RecrawlOptions) -> Result<Option<Answered>> {
    match users::take_crawl_request(store, &eval.id).await? {
        Some(request) => Ok(Some(answer_taken(store, eval, request, opts).await?)),
        None => Ok(None),
    }
}

/// Answers a request already taken from the queue (marked running), and records how it ended.
async fn answer_taken(
    store: &Store,
    eval: &Evaluation,
    request: CrawlRequest,
    opts: &RecrawlOptions,
) -> Result<Answered> {
    tracing::info!(id = request.id, unit = %request.unit_id, by = %request.requested_by, "answering a crawl request");
    let run_id = match request.run_id {
        Some(r) => Some(r),
        None => store::pipeline::runs_of(store, &eval.id)
            .await?
            .into_iter()
            .filter(|r| r.finished)
            .map(|r| r.run_id)
            .max(),
    };
    let outcome = match run_id {
        Some(run_id) => answer(store, eval, &request, run_id, opts)
            .await
            .map_err(|e| format!("{e:#}")),
        None => Err(format!(
            "đợt đánh giá {} chưa có lượt đánh giá nào đã xong để thay kết quả",
            eval.id
        )),
    };
    match &outcome {
        Ok((crawl_run, dir)) => {
            let dir = dir.as_ref().map(|d| d.to_string_lossy().into_owned());
            users::crawl_request_done(
                store,
                request.id,
                run_id.unwrap_or_default(),
                *crawl_run,
                dir.as_deref(),
            )
            .await?;
            tracing::info!(id = request.id, unit = %request.unit_id, crawl_run, "crawl request answered");
        }
        Err(why) => {
            users::crawl_request_failed(store, request.id, why).await?;
            tracing::warn!(id = request.id, unit = %request.unit_id, error = %why, "crawl request failed");
        }
    }
    Ok(Answered {
        request,
        run_id: run_id.unwrap_or_default(),
        outcome,
    })
}

/// Answers every queued request of the evaluation, one at a time, oldest first.
pub async fn answer_all(store: &Store, eval: &Evaluation, opts: &RecrawlOptions) -> Result<Vec<Answered>> {
    users::requeue_interrupted(store, &eval.id).await?;
    let mut out = Vec::new();
    while let Some(a) = answer_next(store, eval, opts).await? {
        out.push(a);
    }
    Ok(out)
}

/// The background worker of `ictrank serve`: a thread of its own (with its own runtime and its own
/// connection to the store `db_spec`, so crawling never holds up the web server's tasks) that
/// every `every` answers the queued requests one at a time. An error is logged and the worker goes
/// on; a panic while answering marks that request failed ("lỗi nội bộ") and the worker goes on:
/// the web server never stops for it.
pub fn spawn_worker(db_spec: String, eval: Evaluation, opts: RecrawlOptions, every: Duration) -> Result<Worker> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("không tạo được luồng thu thập lại")?;
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    let thread = std::thread::Builder::new()
        .name("crawl-requests".into())
        .spawn(move || runtime.block_on(worker_loop(db_spec, eval, opts, every, stopped)))
        .context("không tạo được luồng thu thập lại")?;
    Ok(Worker { stop, thread })
}

/// The running background worker ([`spawn_worker`]); it runs until the process ends or [`Worker::stop`].
pub struct Worker {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl Worker {
    /// Stops taking requests and waits for the one in hand (blocking: call it off the runtime).
    pub fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.thread.join();
    }
}

async fn worker_loop(db_spec: String, eval: Evaluation, opts: RecrawlOptions, every: Duration, stop: Arc<AtomicBool>) {
    use futures::FutureExt;
    let store = loop {
        match Store::open(&db_spec).await {
            Ok(s) => break s,
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "the crawl-request worker cannot open the store; retrying later");
                tokio::time::sleep(every).await;
            }
        }
    };
    if let Err(e) = users::requeue_interrupted(&store, &eval.id).await {
        tracing::warn!(error = %format!("{e:#}"), "cannot requeue interrupted crawl requests");
    }
    while !stop.load(Ordering::SeqCst) {
        match users::take_crawl_request(&store, &eval.id).await {
            Ok(Some(request)) => {
                let id = request.id;
                let answered = std::panic::AssertUnwindSafe(answer_taken(&store, &eval, request, &opts))
                    .catch_unwind()
                    .await;
                match answered {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => {
                        tracing::warn!(id, error = %format!("{e:#}"), "a crawl request could not be recorded")
                    }
                    Err(_) => {
                        tracing::error!(id, "answering a crawl request panicked");
                        let why = "lỗi nội bộ khi thu thập lại (chi tiết trong nhật ký máy chủ)";
                        if let Err(e) = users::crawl_request_failed(&store, id, why).await {
                            tracing::warn!(id, error = %format!("{e:#}"), "cannot mark the crawl request failed");
                        }
                    }
                }
                continue;
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "the crawl-request worker cannot read the queue; retrying later")
            }
        }
        tokio::time::sleep(every).await;
    }
}

/// Crawls, browses and audits the request's unit again for run `run_id`, records the new crawl
/// run as the unit's source and writes the run's reports as a new version.
async fn answer(
    store: &Store,
    eval: &Evaluation,
    request: &CrawlRequest,
    run_id: i64,
    opts: &RecrawlOptions,
) -> Result<(i64, Option<PathBuf>)> {
    let info = store::pipeline::run_info(store, run_id)
        .await?
        .filter(|i| i.evaluation == eval.id)
        .with_context(|| format!("không có lượt đánh giá #{run_id} của đợt đánh giá {}", eval.id))?;
    let unit = eval
        .unit(&request.unit_id)
        .with_context(|| format!("đợt đánh giá {} không có đơn vị \"{}\"", eval.id, request.unit_id))?;
    let website = unit
        .website
        .clone()
        .with_context(|| format!("đơn vị {} không có website để thu thập", unit.name))?;
    let crawl = run_crawl_config(store, run_id, info.as_of).await?;
    let target = CrawlTarget {
        unit_id: Some(unit.id.clone()),
        url: website,
    };
    let summary = crate::crawl::crawl(store, vec![target], &crawl).await?;
    let crawl_run = summary.run_id;
    // The new version of the run's reports (its screenshots go there too).
    let dir = info
        .report_dir
        .as_deref()
        .map(|d| super::reports::next_version_dir(Path::new(d)));
    let browser = BrowserConfig {
        shots_dir: dir.as_ref().map(|d| d.join(crate::browser::SHOTS_DIR)),
        ..opts.browser.clone().with_crawl(&crawl)
    };
    super::browser::run_stage(store, crawl_run, &browser).await?;
    let eval = &eval.in_force_on(info.as_of);
    let setup = AuditSetup {
        rubric: &eval.rubric,
        evaluation: Some(eval),
        default_kind: "",
        as_of: Some(info.as_of),
        profiles: &opts.profiles,
    };
    audit_stored_run(store, crawl_run, &setup).await?;
    // From here the new audit stands for the unit in the run.
    users::crawl_request_crawled(store, request.id, run_id, crawl_run).await?;
    let Some(dir) = dir else {
        return Ok((crawl_run, None));
    };
    let results = super::standing::standing(store, eval, run_id).await?;
    super::reports::write_run_reports(store, eval, &results, &dir).await?;
    store::pipeline::finish_run(store, run_id, results.review.len() as i64, &dir.to_string_lossy()).await?;
    Ok((crawl_run, Some(dir)))
}

/// The crawl settings stored with run `run_id`, for one site, as of the run's evaluation date.
async fn run_crawl_config(store: &Store, run_id: i64, as_of: chrono::NaiveDate) -> Result<CrawlConfig> {
    let stored = users::crawl_run_config(store, run_id)
        .await?
        .with_context(|| format!("không có lượt thu thập #{run_id}"))?;
    // Without them the unit would not be crawled as its peers were (another pace, no --resolve):
    // the request fails with the cause instead.
    let cfg: CrawlConfig = serde_json::from_str(&stored).with_context(|| {
        format!(
            "không đọc được thiết lập thu thập lưu cùng lượt #{run_id}; hãy thu thập lại bằng một lượt đánh giá mới"
        )
    })?;
    Ok(CrawlConfig {
        list_as_of: Some(as_of),
        progress: false,
        ..cfg
    })
}
