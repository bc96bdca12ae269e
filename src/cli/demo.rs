//! `ictrank demo`: the whole job on a bundled demo evaluation and its fixture sites, served on
//! loopback by the command itself: the current regime's by default, the 2015 rubric's with
//! `--rubric-2015`. It ends with what to do next (the report to open, the exact `ictrank serve`
//! command, where the database is).

use super::args::DemoArgs;
use super::run::print_run_outcome;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub async fn demo(a: DemoArgs) -> Result<ExitCode> {
    let as_of = ictrank::util::time::resolve_as_of(a.as_of);
    println!("Đang chạy thử trên bộ dữ liệu mẫu (các trang mẫu phục vụ ngay trên máy này)…");
    let browser = a.browser.config(&Default::default(), None);
    // today's rules by default; the 2015 rubric's demo on request
    let outcome = if a.rubric_2015 {
        ictrank::demo::run(&a.out, as_of, browser).await?
    } else {
        ictrank::demo::run_current(&a.out, as_of, browser).await?
    };
    print_run_outcome(&outcome.results, &outcome.dir, &outcome.files);
    print!("{}", next_steps(&a.out, &outcome.dir));
    // Units awaiting review are part of the demo (an unreachable site, a challenge page).
    Ok(ExitCode::SUCCESS)
}

/// What to do after the demo, with absolute paths a person can paste.
pub fn next_steps(out: &Path, report_dir: &Path) -> String {
    let abs = |p: &Path| -> PathBuf { std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()) };
    let eval = abs(&out.join("evaluation"));
    let db = abs(&out.join("ictrank.db"));
    let report = abs(&report_dir.join("ranking.html"));
    let mut s = String::from("\nBước tiếp theo:\n");
    s += &format!("  1. Mở báo cáo xếp hạng trong trình duyệt: {}\n", report.display());
    let pdf = abs(&report_dir.join("ranking.pdf"));
    if pdf.is_file() {
        s += &format!(
            "     Bản in: {} và {}\n",
            pdf.display(),
            abs(&report_dir.join("ranking.xlsx")).display()
        );
    }
    s += &format!(
        "  2. Mở ứng dụng xem xét cho cán bộ đánh giá:\n     ictrank serve {} --db {}\n     rồi vào http://127.0.0.1:8080\n",
        shell_word(&eval),
        shell_word(&db)
    );
    s += &format!("  3. Cơ sở dữ liệu của đợt đánh giá mẫu: {}\n", db.display());
    s
}

/// A path as one shell word (quoted when it holds a space or a quote).
fn shell_word(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars().any(|c| c.is_whitespace() || "'\"$`\\".contains(c)) {
        format!("'{}'", s.replace('\'', "'\\''"))
    } else {
        s
    }
}
