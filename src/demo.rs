//! `ictrank demo`: a fictional province ("tỉnh Thử Nghiệm") whose units' websites are the fixture
//! sites of the `ictrank_demo_sites` crate, served on loopback by the command itself, so the whole
//! pipeline runs offline. The evaluation (units, declared data, previous ranks) is bundled in the
//! binary. This module wires the two: the sites crate knows nothing of ictrank.
//!
//! Main items: [`run`] (the whole job on the demo), [`write_demo_evaluation`] and [`demo_dir`] (the
//! evaluation data).

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
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    anyhow::ensure!(
        EVALUATION.contains(RUBRIC_LINE),
        "bundled demo evaluation.toml no longer holds `{RUBRIC_LINE}`"
    );
    let evaluation = EVALUATION.replace(RUBRIC_LINE, "rubric = \"rubric.toml\"");
    let all = FILES
        .iter()
        .copied()
        .chain([("evaluation.toml", evaluation.as_str()), ("rubric.toml", RUBRIC)]);
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
    let eval = crate::registry::Evaluation::load(&eval_dir)?;
    let store = crate::store::Store::open(&out_dir.join("ictrank.db").to_string_lossy()).await?;
    let server = serve(as_of).await?;
    // The fixture sites are ours, on loopback: politeness stays on, at a pace fit for a demo.
    let crawl = crate::crawl::CrawlConfig {
        resolve: server.resolve.iter().cloned().collect(),
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
    let outcome = crate::pipeline::run::run_evaluation(&store, &eval, &opts).await;
    server.shutdown().await;
    outcome
}
