//! Benchmark: auditing the 637-page sotttt.hanoi.gov.vn mirror (as of 2022-08-27) from an in-memory
//! snapshot, as `ictrank audit` does from the store. The snapshot is built once from the mirror by
//! the tests' local crawler; only `audit_site` is timed. Target: under 2 s on one core.
//!
//! Run: `cargo bench --bench audit_sotttt` (release profile).
#[path = "../tests/support/mirror.rs"]
mod mirror;

use chrono::NaiveDate;
use ictrank::audit::{Profiles, audit_site};
use ictrank::rubric::Rubric;
use std::time::{Duration, Instant};

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs benches without `--bench`: build-checked, not timed.
        println!("audit_sotttt: a benchmark; run it with `cargo bench --bench audit_sotttt`");
        return;
    }
    let snap = mirror::crawl(
        &mirror::corpus("sites/sotttt.hanoi.gov.vn"),
        "http://sotttt.hanoi.gov.vn/",
        mirror::at(2022, 8, 27, 3),
    );
    let rubric =
        Rubric::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rubrics/binh-dinh-4158-2015.toml"))
            .expect("rubric");
    let profiles = Profiles::builtin();
    let as_of = NaiveDate::from_ymd_opt(2022, 8, 27).unwrap();
    let ok = snap.pages.iter().filter(|p| p.is_ok_html()).count();
    let runs = 5;
    let mut times: Vec<Duration> = Vec::new();
    let mut points = 0.0;
    for _ in 0..runs {
        let t = Instant::now();
        let a = audit_site(&snap, &rubric, "department", as_of, &profiles);
        times.push(t.elapsed());
        points = a.points;
    }
    times.sort();
    println!(
        "audit_sotttt: {} pages in the snapshot ({ok} HTML pages), {runs} runs: min {:.3} s, median {:.3} s, max {:.3} s; points {points}/525",
        snap.pages.len(),
        times[0].as_secs_f64(),
        times[runs / 2].as_secs_f64(),
        times[runs - 1].as_secs_f64()
    );
}
