//! `ictrank run` (the whole job for an evaluation) and `ictrank report` (rebuild a run's reports as
//! a new version beside the old ones, see `pipeline::reports::next_version_dir`), and [`print_run_outcome`], the
//! summary every whole-job command prints.

use super::args::{ReportArgs, RunArgs};
use super::{open_existing_store, open_store};
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
    let store = open_existing_store(a.db.as_deref()).await?;
    let info = ictrank::store::pipeline::run_info(&store, run)
        .await?
        .with_context(|| {
            format!(
                "cơ sở dữ liệu {} không có lượt đánh giá #{run} (lượt do `ictrank run` tạo)",
                ictrank::store::Store::spec_from(a.db.as_deref())
            )
        })?;
    let eval = Evaluation::load(a.evaluation.as_deref().unwrap_or(Path::new(&info.evaluation_dir)))?;
    let results = ictrank::pipeline::run::results_for_run(&store, &eval, run).await?;
    let dir = a
        .out
        .or(info.report_dir.map(PathBuf::from))
        .context("lượt đánh giá này chưa có thư mục báo cáo; hãy chỉ ra bằng --out")?;
    // Copies of the old reports may already be out: they stay as they are.
    let dir = ictrank::pipeline::reports::next_version_dir(&dir);
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
        "Lượt đánh giá #{} (ngày đánh giá {}): báo cáo trong {}",
        results.run_id,
        results.as_of.format("%d/%m/%Y"),
        dir.display()
    );
    // The stored copies of evidence pages are many: counted, not listed.
    let is_copy = |f: &PathBuf| f.components().any(|c| c.as_os_str() == ictrank::report::STORED_DIR);
    for f in files.iter().filter(|f| !is_copy(f)) {
        println!("  {}", f.display());
    }
    let copies = files.iter().filter(|f| is_copy(f)).count();
    if copies > 0 {
        println!(
            "  và {copies} bản lưu trang làm bằng chứng trong {}",
            dir.join("scorecards").join(ictrank::report::STORED_DIR).display()
        );
    }
    if results.review.is_empty() {
        println!("Xem xét: không có đơn vị nào cần xem xét.");
        ExitCode::SUCCESS
    } else {
        for r in &results.review {
            println!("  cần xem xét {}: {}", r.unit_id, r.reason);
        }
        println!(
            "Xem xét: {} đơn vị cần cán bộ đánh giá xem xét, xem {}",
            results.review.len(),
            dir.join("review.txt").display()
        );
        ExitCode::from(3)
    }
}
