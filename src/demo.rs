//! `ictrank demo`: a fictional province ("tỉnh Thử Nghiệm") whose units' websites are the fixture
//! sites of the `ictrank_demo_sites` crate, served on loopback by the command itself, so the whole
//! pipeline runs offline. Two demos are bundled in the binary: the current regime's (the default:
//! NĐ 224/2026, departments and communes, sites over HTTP, HTTPS — one with a broken certificate —
//! and IPv6 on ::1, two communes without a website) and the 2015 rubric's (departments and
//! districts, kept as it was). This module wires the sites to the pipeline: the sites crate knows
//! nothing of ictrank.
//!
//! Main items: [`run_current`] and [`run`] (the whole job on each demo), [`write_current_evaluation`],
//! [`write_demo_evaluation`] and [`demo_dir`] (the evaluation data).

use anyhow::{Context, Result};
use ictrank_demo_sites::serve;
use std::path::{Path, PathBuf};

/// The demo evaluation's files as bundled in the binary: (file name, text).
const FILES: &[(&str, &str)] = &[
    ("units.toml", include_str!("../data/evaluations/demo/units.toml")),
    (
        "declared-points.csv",
        include_str!("../data/evaluations/demo/declared-points.csv"),
    ),
    (
        "declared-answers.csv",
        include_str!("../data/evaluations/demo/declared-answers.csv"),
    ),
    (
        "previous-ranks-2025.csv",
        include_str!("../data/evaluations/demo/previous-ranks-2025.csv"),
    ),
];
const EVALUATION: &str = include_str!("../data/evaluations/demo/evaluation.toml");
const RUBRIC: &str = include_str!("../data/rubrics/binh-dinh-4158-2015.toml");
/// The rubric line of the bundled evaluation.toml, pointing into the repository.
const RUBRIC_LINE: &str = "rubric = \"../../rubrics/binh-dinh-4158-2015.toml\"";

/// The current-regime demo's files: (file name, text), its evaluation.toml, rubric and rubric line.
const CURRENT_FILES: &[(&str, &str)] = &[
    ("units.toml", include_str!("../data/evaluations/demo-2026/units.toml")),
    (
        "declared-answers.csv",
        include_str!("../data/evaluations/demo-2026/declared-answers.csv"),
    ),
];
const CURRENT_EVALUATION: &str = include_str!("../data/evaluations/demo-2026/evaluation.toml");
const CURRENT_RUBRIC: &str = include_str!("../data/rubrics/nd224-2026.toml");
const CURRENT_RUBRIC_LINE: &str = "rubric = \"../../rubrics/nd224-2026.toml\"";

/// The demo evaluation folder in the source tree (data/evaluations/demo), found from the current
/// directory first (running from the repository root), else from where the crate was built.
pub fn demo_dir() -> PathBuf {
    let rel = Path::new("data").join("evaluations").join("demo");
    if rel.join("evaluation.toml").is_file() {
        return rel;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Writes the bundled demo evaluation into `dir` (created if needed), with its rubric beside it as
/// `rubric.toml`, so that the demo needs no source tree. Returns `dir`.
pub fn write_demo_evaluation(dir: &Path) -> Result<PathBuf> {
    write_bundled(dir, FILES, EVALUATION, RUBRIC_LINE, RUBRIC)
}

/// Writes the bundled current-regime demo evaluation into `dir`, as [`write_demo_evaluation`].
pub fn write_current_evaluation(dir: &Path) -> Result<PathBuf> {
    write_bundled(
        dir,
        CURRENT_FILES,
        CURRENT_EVALUATION,
        CURRENT_RUBRIC_LINE,
        CURRENT_RUBRIC,
    )
}

/// Writes `files`, the evaluation.toml (its `rubric_line` pointing at `rubric.toml`) and the rubric.
fn write_bundled(
    dir: &Path,
    files: &[(&str, &str)],
    evaluation: &str,
    rubric_line: &str,
    rubric: &str,
) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    anyhow::ensure!(
        evaluation.contains(rubric_line),
        "bundled demo evaluation.toml no longer holds `{rubric_line}`"
    );
    let evaluation = evaluation.replace(rubric_line, "rubric = \"rubric.toml\"");
    let all = files
        .iter()
        .copied()
        .chain([("evaluation.toml", evaluation.as_str()), ("rubric.toml", rubric)]);
    for (name, text) in all {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(dir.to_path_buf())
}

/// Runs the whole job on the demo: writes the bundled evaluation into `out_dir/evaluation`, serves
/// the fixture sites on loopback, and runs crawl → audit → merge → rank → reports with the store in
/// `out_dir/ictrank.db` and the reports in `out_dir/runs/demo/run-<id>/`. Runs accumulate in the
/// store, so a second demo also shows the changes between runs.
///
/// `browser` is the browser stage's setting (its pace and host mappings are the demo's own); with
/// it on, the challenge site is read through the real browser instead of awaiting review.
pub async fn run(
    out_dir: &Path,
    as_of: chrono::NaiveDate,
    browser: crate::browser::BrowserConfig,
) -> Result<crate::pipeline::run::RunOutcome> {
    let eval_dir = write_demo_evaluation(&out_dir.join("evaluation"))?;
    let server = serve(as_of).await?;
    run_on(out_dir, &eval_dir, server, as_of, browser).await
}

/// The whole job on the current-regime demo (`ictrank demo`'s default), as [`run`]: its evaluation
/// in `out_dir/evaluation`, the store in `out_dir/ictrank.db`, the reports in
/// `out_dir/runs/demo-2026/run-<id>/`. The crawler trusts the demo's CA for its https sites.
pub async fn run_current(
    out_dir: &Path,
    as_of: chrono::NaiveDate,
    browser: crate::browser::BrowserConfig,
) -> Result<crate::pipeline::run::RunOutcome> {
    let eval_dir = write_current_evaluation(&out_dir.join("evaluation"))?;
    let server = ictrank_demo_sites::serve_current(as_of).await?;
    run_on(out_dir, &eval_dir, server, as_of, browser).await
}

/// [`run`] over a store of the caller's (PostgreSQL, say) instead of `out_dir/ictrank.db`.
pub async fn run_in_store(
    out_dir: &Path,
    store: &crate::store::Store,
    as_of: chrono::NaiveDate,
    browser: crate::browser::BrowserConfig,
) -> Result<crate::pipeline::run::RunOutcome> {
    let eval_dir = write_demo_evaluation(&out_dir.join("evaluation"))?;
    let server = serve(as_of).await?;
    run_with(out_dir, &eval_dir, server, store, as_of, browser).await
}

async fn run_on(
    out_dir: &Path,
    eval_dir: &Path,
    server: ictrank_demo_sites::DemoServer,
    as_of: chrono::NaiveDate,
    browser: crate::browser::BrowserConfig,
) -> Result<crate::pipeline::run::RunOutcome> {
    let store = crate::store::Store::open(&out_dir.join("ictrank.db").to_string_lossy()).await?;
    run_with(out_dir, eval_dir, server, &store, as_of, browser).await
}

async fn run_with(
    out_dir: &Path,
    eval_dir: &Path,
    server: ictrank_demo_sites::DemoServer,
    store: &crate::store::Store,
    as_of: chrono::NaiveDate,
    browser: crate::browser::BrowserConfig,
) -> Result<crate::pipeline::run::RunOutcome> {
    let eval = crate::registry::Evaluation::load(eval_dir)?;
    // The fixture sites are ours, on loopback: politeness stays on, at a pace fit for a demo.
    let crawl = crate::crawl::CrawlConfig {
        resolve: server.resolve.iter().cloned().collect(),
        extra_roots_pem: server.ca_pem.iter().cloned().collect(),
        per_host_rate: Some(50.0),
        progress: false,
        ..Default::default()
    };
    let browser = browser.with_crawl(&crawl);
    let opts = crate::pipeline::run::RunOptions {
        out_dir: out_dir.join("runs"),
        browser,
        crawl,
        as_of,
        profiles: crate::audit::Profiles::builtin(),
        resume: None,
    };
    let outcome = crate::pipeline::run::run_evaluation(store, &eval, &opts).await;
    server.shutdown().await;
    outcome
}
