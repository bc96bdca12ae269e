//! `ictrank run`: the whole monthly job for one evaluation — crawl every unit's site, audit each
//! snapshot, merge the website scores with declared data and overrides, rank, and write the reports
//! into the run's folder — plus rebuilding those results from the store for `report` and
//! `rank --year`.
//!
//! Main types: [`RunOptions`], [`RunOutcome`] (the run's [`RunResults`] and report files); entry
//! points [`run_evaluation`], [`results_for_run`] and [`annual_points`] / [`annual_result`] (which
//! also says which rubric scored which months of a year over which the rules changed).

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
    /// The browser stage (its screenshots go to the run's folder, `anh-dien-thoai/`).
    pub browser: crate::browser::BrowserConfig,
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

/// Crawls, browses, audits, ranks and reports one evaluation.
pub async fn run_evaluation(store: &Store, eval: &Evaluation, opts: &RunOptions) -> Result<RunOutcome> {
    let _lock = RunLock::acquire(&opts.out_dir.join(format!("{}.lock", eval.id)))?;
    // lists are read as far back as the rubric's longest window
    // the transport probe when a rubric of the evaluation has network checks (https, ipv6)
    let network = std::iter::once(&eval.rubric)
        .chain(eval.periods.iter().map(|p| &p.rubric))
        .flat_map(|r| &r.groups)
        .flat_map(|g| &g.criteria)
        .any(|c| c.check.is_some_and(|k| k.stage() == crate::rubric::Stage::Network));
    let crawl = CrawlConfig {
        probe_transport: opts.crawl.probe_transport || network,
        list_window_days: eval.rubric_on(opts.as_of).list_window_days(),
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
    // a year over which the rules changed: the run is scored by the rubric of its day
    let eval = &eval.in_force_on(as_of);
    let dir = opts.out_dir.join(&eval.id).join(format!("run-{run_id}"));
    let browser = crate::browser::BrowserConfig {
        shots_dir: Some(dir.join(crate::browser::SHOTS_DIR)),
        ..opts.browser.clone()
    };
    super::browser::run_stage(store, run_id, &browser).await?;
    let setup = AuditSetup {
        rubric: &eval.rubric,
        evaluation: Some(eval),
        default_kind: "",
        as_of: Some(as_of),
        profiles: &opts.profiles,
    };
    audit_stored_run(store, run_id, &setup).await?;
    let results = results_for_run(store, eval, run_id).await?;
    let files = super::reports::write_run_reports(store, eval, &results, &dir).await?;
    store::pipeline::finish_run(store, run_id, results.review.len() as i64, &dir.to_string_lossy()).await?;
    // Crawls evaluators asked for from the web app are answered by this run's crawl of the unit.
    let crawled: Vec<String> = results.audits.keys().cloned().collect();
    store::users::finish_crawl_requests(store, &eval.id, &crawled).await?;
    Ok(RunOutcome { results, dir, files })
}

/// Rebuilds a run's results from the store: [`super::standing::standing`], the one computation.
pub use super::standing::standing as results_for_run;

/// The rubric that scored some of a year's runs, and the as-of days of those runs.
#[derive(Clone, Debug, PartialEq)]
pub struct RubricMonths {
    pub rubric_id: String,
    pub rubric_title: String,
    pub days: Vec<NaiveDate>,
}

impl RubricMonths {
    /// "nd224-2026: tháng 07/2026–12/2026 (6 lượt đánh giá)".
    pub fn text(&self) -> String {
        let m = |d: &NaiveDate| d.format("%m/%Y").to_string();
        let span = match (self.days.first(), self.days.last()) {
            (Some(a), Some(b)) if m(a) == m(b) => format!("tháng {}", m(a)),
            (Some(a), Some(b)) => format!("tháng {}–{}", m(a), m(b)),
            _ => "không có lượt đánh giá".into(),
        };
        format!("{}: {span} ({} lượt đánh giá)", self.rubric_id, self.days.len())
    }
}

/// A year's result: the website points per unit and which rubric scored which runs.
pub struct AnnualResult {
    pub points: UnitPoints,
    /// In the order of the runs; one entry per rubric when the rules did not change.
    pub rubrics: Vec<RubricMonths>,
}

/// The year's website points per unit: each run of that year re-merged with today's declarations and
/// overrides, combined by the rubric's `website_annual` method; units with no complete month get none.
pub async fn annual_points(store: &Store, eval: &Evaluation, year: i32) -> Result<UnitPoints> {
    Ok(annual_result(store, eval, year).await?.points)
}

/// [`annual_points`], saying which rubric scored which runs. When the rules changed during the year
/// a run's website points are its share of its own rubric's website maximum, carried onto the
/// evaluation's (the last period's) maximum before the months are combined.
pub async fn annual_result(store: &Store, eval: &Evaluation, year: i32) -> Result<AnnualResult> {
    let declared = super::declared::load_all(eval, store).await?;
    let mut points = rank::points_from_declared(eval, &declared);
    let mut monthly: BTreeMap<String, Vec<(NaiveDate, f64)>> = BTreeMap::new();
    let mut rubrics: Vec<RubricMonths> = Vec::new();
    let final_web = eval.rubric.website_group();
    for run in store::pipeline::runs_of_year(store, &eval.id, year).await? {
        let r = results_for_run(store, eval, run).await?;
        let scoring = eval.rubric_on(r.as_of);
        match rubrics.last_mut() {
            Some(last) if last.rubric_id == scoring.id => last.days.push(r.as_of),
            _ => rubrics.push(RubricMonths {
                rubric_id: scoring.id.clone(),
                rubric_title: scoring.title.clone(),
                days: vec![r.as_of],
            }),
        }
        for (unit, w) in &r.websites {
            if !w.is_complete() {
                continue;
            }
            let kind = eval.unit(unit).map(|u| u.kind.as_str()).unwrap_or("");
            let own_max = scoring.website_group().and_then(|g| g.max.get(kind)).copied();
            let final_max = final_web.and_then(|g| g.max.get(kind)).copied();
            let p = match (own_max, final_max) {
                (Some(own), Some(fin)) if own > 0.0 && scoring.id != eval.rubric.id => w.points / own * fin,
                _ => w.points,
            };
            monthly.entry(unit.clone()).or_default().push((r.as_of, p));
        }
    }
    let group = eval.rubric.website_group().map(|g| g.id.clone()).unwrap_or_default();
    let by_rubric = rubrics.iter().map(RubricMonths::text).collect::<Vec<_>>().join("; ");
    for (unit, months) in monthly {
        if let Some(p) = super::annual::combine(&eval.rubric.website_annual, &months)? {
            points.entry(unit).or_default().insert(
                group.clone(),
                GroupPoints {
                    points: p,
                    source: format!("{} of {} monthly runs", eval.rubric.website_annual, months.len()),
                    note: if rubrics.len() > 1 {
                        format!("chấm theo bộ tiêu chí {by_rubric}")
                    } else {
                        String::new()
                    },
                    pending: None,
                },
            );
        }
    }
    Ok(AnnualResult { points, rubrics })
}
