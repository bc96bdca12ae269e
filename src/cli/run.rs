//! `ictrank run` (the whole job for an evaluation) and `ictrank report` (rebuild a run's reports),
//! and [`print_run_outcome`], the summary every whole-job command prints.

use super::args::{ReportArgs, RunArgs};
use super::open_store;
use anyhow::{Context, Result};
use ictrank::audit::Profiles;
use ictrank::pipeline::results::RunResults;
use ictrank::pipeline::run::RunOptions;
use ictrank::registry::Evaluation;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub async fn run(a: RunArgs) -> Result<ExitCode> {
    let eval = Evaluation::load(&a.evaluation)?;
    let store = open_store(a.db.as_deref()).await?;
    let crawl = a.crawl.config()?;
    let opts = RunOptions {
        browser: a.browser.config(&crawl, None),
        out_dir: a.out,
        crawl,
        as_of: ictrank::util::time::resolve_as_of(a.as_of),
        profiles: load_profiles(a.selectors.as_deref())?,
        resume: a.resume,
    };
    let outcome = ictrank::pipeline::run::run_evaluation(&store, &eval, &opts).await?;
    Ok(print_run_outcome(&outcome.results, &outcome.dir, &outcome.files))
}

pub async fn report(a: ReportArgs) -> Result<ExitCode> {
    let run = a.run;
    let store = open_store(a.db.as_deref()).await?;
    let info = ictrank::store::pipeline::run_info(&store, run)
        .await?
        .with_context(|| format!("run {run} is not a run of `ictrank run` in this database"))?;
    let eval = Evaluation::load(a.evaluation.as_deref().unwrap_or(Path::new(&info.evaluation_dir)))?;
    let results = ictrank::pipeline::run::results_for_run(&store, &eval, run).await?;
    let dir = a
        .out
        .or(info.report_dir.map(PathBuf::from))
        .context("the run has no report folder yet; give --out")?;
    let files = ictrank::pipeline::reports::write_run_reports(&store, &eval, &results, &dir).await?;
    Ok(print_run_outcome(&results, &dir, &files))
}

fn load_profiles(dir: Option<&Path>) -> Result<Profiles> {
    match dir {
        Some(d) => Profiles::load(d),
        None => Ok(Profiles::builtin()),
    }
}

/// Prints where the reports are; the last line says whether anything awaits review (exit 3 if so).
pub fn print_run_outcome(results: &RunResults, dir: &Path, files: &[PathBuf]) -> ExitCode {
    println!(
        "run {} (as of {}): reports in {}",
        results.run_id,
        results.as_of,
        dir.display()
    );
    for f in files {
        println!("  {}", f.display());
    }
    if results.review.is_empty() {
        println!("review: nothing awaits review");
        ExitCode::SUCCESS
    } else {
        for r in &results.review {
            println!("  review {}: {}", r.unit_id, r.reason);
        }
        println!(
            "review: {} item(s) await review, see {}",
            results.review.len(),
            dir.join("review.txt").display()
        );
        ExitCode::from(3)
    }
}
