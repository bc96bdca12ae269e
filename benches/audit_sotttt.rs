//! Benchmark (not a test): the audit of the sotttt.hanoi.gov.vn mirror (Liferay, 637 pages, as of
//! 27/08/2022) through the command line, as a user runs it. The mirror is served on loopback by
//! this process (the tests' static file server); `ictrank crawl` stores it once, without a rate
//! (a local copy), then `ictrank audit <run> --as-of 27/08/2022` is timed five times: process start,
//! reading and decompressing the stored pages, the audit and storing its result. CPU time and peak
//! RSS are the child's own (`wait4`). Target: under 2 s.
//!
//! Run: `cargo bench --bench audit_sotttt` (release profile).
#[path = "../tests/support/mod.rs"]
mod support;

#[path = "../tests/support/measure.rs"]
mod measure;

use std::path::Path;
use std::process::Command;

/// Runs `ictrank args…` to its end: what it took, and what it printed.
fn ictrank(args: &[&str]) -> (measure::Measured, String) {
    let out = tempfile::tempfile().unwrap();
    let took = measure::run(
        Command::new(env!("CARGO_BIN_EXE_ictrank"))
            .args(args)
            .env("RUST_LOG", "error")
            .stdout(out.try_clone().unwrap()),
    );
    (took, read_all(out))
}

fn read_all(mut file: std::fs::File) -> String {
    use std::io::{Read, Seek};
    let mut text = String::new();
    file.rewind().unwrap();
    file.read_to_string(&mut text).unwrap();
    text
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs benches without `--bench`: build-checked, not timed.
        println!("audit_sotttt: a benchmark; run it with `cargo bench --bench audit_sotttt`");
        return;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let site = runtime.block_on(support::static_site(support::corpus("sites/sotttt.hanoi.gov.vn")));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    let db = db.to_str().unwrap();
    let resolve = format!("sotttt.hanoi.gov.vn={}", site.addr);
    let (crawl, _) = ictrank(&[
        "crawl",
        "http://sotttt.hanoi.gov.vn/index.html",
        "--resolve",
        &resolve,
        "--per-host-rate",
        "0",
        "--max-pages",
        "2000",
        "--db",
        db,
    ]);
    let fetched = site.hits.lock().unwrap().len();
    println!(
        "crawl of the mirror (no rate): {fetched} requests in {:.2} s, CPU {:.2} s, peak RSS {:.1} MB",
        crawl.wall_s, crawl.cpu_s, crawl.peak_rss_mb
    );
    let rubric = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rubrics/binh-dinh-4158-2015.toml");
    let rubric = rubric.to_str().unwrap();
    let runs: Vec<(measure::Measured, String)> = (0..5)
        .map(|_| ictrank(&["audit", "1", "--as-of", "27/08/2022", "--rubric", rubric, "--db", db]))
        .collect();
    println!("{}", runs.last().unwrap().1.trim());
    let mut runs: Vec<measure::Measured> = runs.into_iter().map(|(took, _)| took).collect();
    runs.sort_by(|a, b| a.wall_s.total_cmp(&b.wall_s));
    let cpu_max = runs.iter().map(|r| r.cpu_s).fold(0.0, f64::max);
    let rss_max = runs.iter().map(|r| r.peak_rss_mb).fold(0.0, f64::max);
    println!(
        "ictrank audit, 5 runs: min {:.3} s, median {:.3} s, max {:.3} s (target < 2 s); CPU at most {cpu_max:.3} s; peak RSS at most {rss_max:.1} MB",
        runs[0].wall_s, runs[2].wall_s, runs[4].wall_s
    );
}
