//! Runs of the whole job (`ictrank run`): the crawl run of an evaluation with its evaluation date,
//! so a run's results can be rebuilt, compared with the one before and combined over a year.

use super::{Store, now_text};
use anyhow::Result;
use chrono::NaiveDate;
use sqlx::Row;

/// What the store knows of one run of an evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct RunInfo {
    pub run_id: i64,
    pub evaluation: String,
    /// The evaluation folder the run was made from.
    pub evaluation_dir: String,
    pub as_of: NaiveDate,
    pub finished: bool,
    pub review_count: Option<i64>,
    pub report_dir: Option<String>,
}

/// Records the start of a run (again, harmlessly, when a killed run is resumed).
pub async fn start_run(
    store: &Store,
    run_id: i64,
    evaluation: &str,
    evaluation_dir: &str,
    as_of: NaiveDate,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO pipeline_runs (run_id, evaluation, evaluation_dir, as_of, started_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (run_id) DO NOTHING",
    )
    .bind(run_id)
    .bind(evaluation)
    .bind(evaluation_dir)
    .bind(as_of.to_string())
    .bind(now_text())
    .execute(&store.pool)
    .await?;
    Ok(())
}

pub async fn finish_run(store: &Store, run_id: i64, review_count: i64, report_dir: &str) -> Result<()> {
    sqlx::query("UPDATE pipeline_runs SET finished_at = $1, review_count = $2, report_dir = $3 WHERE run_id = $4")
        .bind(now_text())
        .bind(review_count)
        .bind(report_dir)
        .bind(run_id)
        .execute(&store.pool)
        .await?;
    Ok(())
}

fn info(r: &sqlx::any::AnyRow) -> Result<RunInfo> {
    let as_of: String = r.try_get("as_of")?;
    Ok(RunInfo {
        run_id: r.try_get("run_id")?,
        evaluation: r.try_get("evaluation")?,
        evaluation_dir: r.try_get("evaluation_dir")?,
        as_of: as_of.parse()?,
        finished: r.try_get::<Option<String>, _>("finished_at")?.is_some(),
        review_count: r.try_get("review_count")?,
        report_dir: r.try_get("report_dir")?,
    })
}

const COLUMNS: &str = "run_id, evaluation, evaluation_dir, as_of, finished_at, review_count, report_dir";

pub async fn run_info(store: &Store, run_id: i64) -> Result<Option<RunInfo>> {
    let q = format!("SELECT {COLUMNS} FROM pipeline_runs WHERE run_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(q))
        .bind(run_id)
        .fetch_optional(&store.pool)
        .await?;
    row.as_ref().map(info).transpose()
}

/// The evaluation's runs, oldest first.
pub async fn runs_of(store: &Store, evaluation: &str) -> Result<Vec<RunInfo>> {
    let q = format!("SELECT {COLUMNS} FROM pipeline_runs WHERE evaluation = $1 ORDER BY as_of, run_id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(q))
        .bind(evaluation)
        .fetch_all(&store.pool)
        .await?;
    rows.iter().map(info).collect()
}

/// The latest finished run of the evaluation before `run_id`.
pub async fn previous_run(store: &Store, evaluation: &str, run_id: i64) -> Result<Option<i64>> {
    Ok(runs_of(store, evaluation)
        .await?
        .into_iter()
        .filter(|r| r.run_id < run_id && r.finished)
        .map(|r| r.run_id)
        .max())
}

/// The finished runs of the evaluation whose evaluation date falls in `year`.
pub async fn runs_of_year(store: &Store, evaluation: &str, year: i32) -> Result<Vec<i64>> {
    use chrono::Datelike;
    Ok(runs_of(store, evaluation)
        .await?
        .into_iter()
        .filter(|r| r.finished && r.as_of.year() == year)
        .map(|r| r.run_id)
        .collect())
}
