//! `ictrank run`: the whole monthly job for one evaluation — crawl every unit's site, audit each
//! snapshot, merge the website scores with declared data and overrides, rank, and write the reports
//! into the run's folder — plus rebuilding those results from the store for `report` and
//! `rank --year`.
//!
//! Main types: [`RunOptions`], [`RunOutcome`] (the run's [`RunResults`] and report files); entry
//! points [`run_evaluation`], [`results_for_run`] and [`annual_points`].

use super::audit_runs::{AuditSetup, audit_stored_run};
use super::lock::RunLock;
use super::results::RunResults;
use crate::audit::Profiles;
use crate::crawl::CrawlConfig;
use crate::declared::GroupPoints;
use crate::rank::{self, UnitPoints};
use crate::registry::Evaluation;
use crate::store::{self, Store};
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How a run is done.
pub struct RunOptions {
    /// Reports go to `<out_dir>/<evaluation>/run-<id>/`; the lock file lives here too.
    pub out_dir: PathBuf,
    pub crawl: CrawlConfig,
    /// The evaluation date, resolved once by the caller ([`crate::util::time::resolve_as_of`]); a
    /// resumed run keeps the one it started with.
    pub as_of: NaiveDate,
    pub profiles: Profiles,
    /// Continue this killed run (its stored fetches are kept) instead of starting a new one.
    pub resume: Option<i64>,
}

/// What a run left behind.
pub struct RunOutcome {
    pub results: RunResults,
    /// The run's report folder and the files in it.
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
}

/// Crawls, audits, ranks and reports one evaluation.
pub async fn run_evaluation(store: &Store, eval: &Evaluation, opts: &RunOptions) -> Result<RunOutcome> {
    let _lock = RunLock::acquire(&opts.out_dir.join(format!("{}.lock", eval.id)))?;
    // lists are read as far back as the rubric's longest window
    let crawl = CrawlConfig {
        list_window_days: eval.rubric.list_window_days(),
        list_as_of: Some(opts.as_of),
        ..opts.crawl.clone()
    };
    let summary = match opts.resume {
        Some(run_id) => crate::crawl::resume(store, run_id, &crawl).await?,
        None => crate::crawl::crawl(store, super::crawl_targets(eval), &crawl).await?,
    };
    let run_id = summary.run_id;
    tracing::info!(
        run_id,
        sites = summary.sites_total,
        ok = summary.sites_ok,
        "crawl finished"
    );
    store::pipeline::start_run(store, run_id, &eval.id, &eval.dir.to_string_lossy(), opts.as_of).await?;
    // A resumed run keeps the as-of day it started with, so its record and its audits agree.
    let as_of = match store::pipeline::run_info(store, run_id).await? {
        Some(info) if info.as_of != opts.as_of => {
            tracing::warn!(run_id, kept = %info.as_of, asked = %opts.as_of, "a resumed run keeps its as-of day");
            info.as_of
        }
        _ => opts.as_of,
    };
    let setup = AuditSetup {
        rubric: &eval.rubric,
        evaluation: Some(eval),
        default_kind: "",
        as_of: Some(as_of),
        profiles: &opts.profiles,
    };
    audit_stored_run(store, run_id, &setup).await?;
    let results = results_for_run(store, eval, run_id).await?;
    let dir = opts.out_dir.join(&eval.id).join(format!("run-{run_id}"));
    let files = super::reports::write_run_reports(store, eval, &results, &dir).await?;
    store::pipeline::finish_run(store, run_id, results.review.len() as i64, &dir.to_string_lossy()).await?;
    // Crawls evaluators asked for from the web app are answered by this run's crawl of the unit.
    let crawled: Vec<String> = results.audits.keys().cloned().collect();
    store::users::finish_crawl_requests(store, &eval.id, &crawled).await?;
    Ok(RunOutcome { results, dir, files })
}

/// Rebuilds a run's results from the store: [`super::standing::standing`], the one computation.
pub use super::standing::standing as results_for_run;

/// The year's website points per unit: each run of that year re-merged with today's declarations and
/// overrides, combined by the rubric's `website_annual` method; units with no complete month get none.
pub async fn annual_points(store: &Store, eval: &Evaluation, year: i32) -> Result<UnitPoints> {
    let declared = super::declared::load_all(eval, store).await?;
    let mut points = rank::points_from_declared(eval, &declared);
    let mut monthly: BTreeMap<String, Vec<(NaiveDate, f64)>> = BTreeMap::new();
    for run in store::pipeline::runs_of_year(store, &eval.id, year).await? {
        let r = results_for_run(store, eval, run).await?;
        for (unit, w) in &r.websites {
            if w.is_complete() {
                monthly.entry(unit.clone()).or_default().push((r.as_of, w.points));
            }
        }
    }
    let group = eval.rubric.website_group().map(|g| g.id.clone()).unwrap_or_default();
    for (unit, months) in monthly {
        if let Some(p) = super::annual::combine(&eval.rubric.website_annual, &months)? {
            points.entry(unit).or_default().insert(
                group.clone(),
                GroupPoints {
                    points: p,
                    source: format!("{} of {} monthly runs", eval.rubric.website_annual, months.len()),
                    note: String::new(),
                    pending: None,
                },
            );
        }
    }
    Ok(points)
}
