//! The pipeline over stored runs, without crawling: website merge into the ranking, change detection
//! between two runs, the annual combination of monthly runs, and one run at a time.

mod support;

use chrono::NaiveDate;
use ictrank::audit::model::{CriterionResult, Outcome, SiteAudit};
use ictrank::pipeline::lock::RunLock;
use ictrank::pipeline::run::{annual_points, results_for_run};
use ictrank::rank;
use ictrank::registry::Evaluation;
use ictrank::store::{self, Store};
use support::*;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// An audit of `eval`'s website criteria: every automatic one at `points` (or unverified when the site
/// could not be checked), with `gone` criteria not met.
fn audit(eval: &Evaluation, unit: &str, as_of: &str, points: f64, ok: bool, gone: &[&str]) -> SiteAudit {
    let group = eval.rubric.website_group().unwrap();
    let criteria: Vec<CriterionResult> = group
        .criteria
        .iter()
        .map(|c| {
            let declared = c.rule == "status";
            let (outcome, p) = match () {
                _ if declared => (Outcome::Declared, 0.0),
                _ if !ok => (Outcome::Unverified, 0.0),
                _ if gone.contains(&c.id.as_str()) => (Outcome::NotMet, 0.0),
                _ => (if points >= 15.0 { Outcome::Met } else { Outcome::Partial }, points),
            };
            CriterionResult {
                id: c.id.clone(),
                outcome,
                points: p,
                max_points: 15.0,
                latest_date: (c.rule == "freshness").then(|| date(as_of)),
                confidence: 0.9,
                evidence: vec![],
                needs_review: !ok && !declared,
            }
        })
        .collect();
    SiteAudit {
        site: format!("http://{unit}.example.gov.vn/"),
        as_of: date(as_of),
        pages_fetched: if ok { 40 } else { 0 },
        outcome: if ok { "ok" } else { "could_not_verify" }.into(),
        profile: "generic".into(),
        news: Default::default(),
        points: criteria.iter().map(|c| c.points).sum(),
        max_points: 525.0,
        criteria,
    }
}

/// Stores a finished run of `eval` with the given audits.
async fn store_run(store: &Store, eval: &Evaluation, run_id: i64, as_of: &str, audits: &[(&str, SiteAudit)]) {
    store::pipeline::start_run(store, run_id, &eval.id, "data/evaluations/binh-dinh-2016", date(as_of))
        .await
        .unwrap();
    for (unit, a) in audits {
        store::audit::save_audit(store, run_id, Some(unit), a).await.unwrap();
    }
    store::pipeline::finish_run(store, run_id, 0, "runs/x").await.unwrap();
}

fn website_row(results: &ictrank::pipeline::results::RunResults, table: &str, unit: &str) -> Option<rank::Row> {
    results
        .ranking
        .table(table)?
        .rows
        .iter()
        .find(|r| r.unit_id == unit)
        .cloned()
}

#[tokio::test]
async fn audited_website_points_replace_the_declared_ones_and_unverified_units_await_review() {
    let eval = evaluation_2016();
    let (store, _d) = sqlite_store().await;
    // 34 automatic criteria at 10 points each; the declared-only criterion has no declaration → 0.
    store_run(
        &store,
        &eval,
        1,
        "2016-12-01",
        &[
            (
                "so-tai-chinh",
                audit(&eval, "so-tai-chinh", "2016-12-01", 10.0, true, &[]),
            ),
            ("so-y-te", audit(&eval, "so-y-te", "2016-12-01", 0.0, false, &[])),
        ],
    )
    .await;
    let r = results_for_run(&store, &eval, 1).await.unwrap();
    assert_eq!(website_row(&r, "1.3", "so-tai-chinh").unwrap().points, 340.0);
    // Sở Tài chính's total: its published 1280 with 340 instead of 490 for the website.
    assert_eq!(
        website_row(&r, "1", "so-tai-chinh").unwrap().points,
        1280.0 - 490.0 + 340.0
    );
    // Sở Y tế could not be checked: no website points, no overall rank, flagged — never scored 0.
    assert!(website_row(&r, "1.3", "so-y-te").is_none());
    assert!(website_row(&r, "1", "so-y-te").is_none());
    let why = r
        .ranking
        .table("1")
        .unwrap()
        .unranked
        .iter()
        .find(|u| u.unit_id == "so-y-te")
        .unwrap()
        .reason
        .clone();
    assert_eq!(why, "website chưa kiểm tra được, chờ cán bộ đánh giá xem xét");
    assert!(
        r.review
            .iter()
            .any(|i| i.unit_id == "so-y-te" && i.reason.starts_with("không kiểm tra được website"))
    );
    // Units without an audit keep their declared (published) website points.
    assert_eq!(website_row(&r, "1.3", "so-xay-dung").unwrap().points, 475.0);
}

#[tokio::test]
async fn changes_between_runs_are_listed_and_flag_the_unit() {
    let eval = evaluation_2016();
    let (store, _d) = sqlite_store().await;
    store_run(
        &store,
        &eval,
        1,
        "2026-10-01",
        &[
            (
                "so-tai-chinh",
                audit(&eval, "so-tai-chinh", "2026-10-01", 15.0, true, &[]),
            ),
            ("so-y-te", audit(&eval, "so-y-te", "2026-10-01", 15.0, true, &[])),
        ],
    )
    .await;
    store_run(
        &store,
        &eval,
        2,
        "2026-11-01",
        &[
            (
                "so-tai-chinh",
                audit(
                    &eval,
                    "so-tai-chinh",
                    "2026-11-01",
                    15.0,
                    true,
                    &["hoi_dap", "rss", "so_do_site", "tim_kiem"],
                ),
            ),
            ("so-y-te", audit(&eval, "so-y-te", "2026-11-01", 0.0, false, &[])),
        ],
    )
    .await;
    let r = results_for_run(&store, &eval, 2).await.unwrap();
    let tc: Vec<(Option<&str>, &str)> = r
        .changes
        .iter()
        .filter(|c| c.unit_id == "so-tai-chinh")
        .map(|c| (c.criterion.as_deref(), c.what.as_str()))
        .collect();
    assert!(tc.contains(&(Some("hoi_dap"), "Mục không còn trên website")), "{tc:?}");
    assert!(
        tc.contains(&(None, "Điểm website thay đổi lớn")),
        "60 points lost is more than the 45-point margin: {tc:?}"
    );
    assert!(
        r.changes
            .iter()
            .any(|c| c.unit_id == "so-y-te" && c.what == "Không kiểm tra được website lần này")
    );
    assert!(
        r.review
            .iter()
            .any(|i| i.unit_id == "so-tai-chinh" && i.reason.contains("thay đổi"))
    );
    // Sở Y tế could not be checked now: its earlier results are carried, flagged for review.
    let yt = r.websites.get("so-y-te").unwrap();
    assert!(yt.is_complete());
    assert_eq!(yt.points, 34.0 * 15.0);
    assert_eq!(yt.review.len(), 34);
    // The first run has nothing to compare with.
    assert!(results_for_run(&store, &eval, 1).await.unwrap().changes.is_empty());
}

#[tokio::test]
async fn the_year_combines_monthly_runs_by_the_median() {
    let eval = evaluation_2016();
    let (store, _d) = sqlite_store().await;
    for (run, day, pts) in [
        (1, "2026-01-15", 10.0),
        (2, "2026-02-15", 5.0),
        (3, "2026-03-15", 15.0),
        (4, "2025-12-15", 0.0),
    ] {
        store_run(
            &store,
            &eval,
            run,
            day,
            &[("so-tai-chinh", audit(&eval, "so-tai-chinh", day, pts, true, &[]))],
        )
        .await;
    }
    let points = annual_points(&store, &eval, 2026).await.unwrap();
    let web = &points["so-tai-chinh"]["website"];
    // Monthly 340, 170, 510 (34 criteria × 10, 5, 15): the median is 340; December 2025 is not in 2026.
    assert_eq!(web.points, 340.0);
    assert_eq!(web.source, "median of 3 monthly runs");
    let ranking = rank::rank(&eval, &points);
    assert_eq!(
        ranking
            .table("1.3")
            .unwrap()
            .rows
            .iter()
            .find(|r| r.unit_id == "so-tai-chinh")
            .unwrap()
            .points,
        340.0
    );
}

#[tokio::test]
async fn a_run_started_while_another_holds_the_lock_refuses() {
    let out = tempfile::tempdir().unwrap();
    let _held = RunLock::acquire(&out.path().join("binh-dinh-2016.lock")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ictrank"))
        .args([
            "run",
            evaluation_2016_dir().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--db",
        ])
        .arg(out.path().join("t.db"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("another ictrank run is in progress"), "{stderr}");
}
