//! A year over which the rules changed: an evaluation naming the 2015 rubric until 30/06/2026 and
//! the NĐ 224/2026 rubric from 01/7/2026. Each monthly run is scored by the rubric of its day (its
//! website table and maximum are that rubric's), and the annual result says which rubric scored
//! which months, carrying each month's share of its own maximum onto the new rubric's.

mod support;

use chrono::NaiveDate;
use ictrank::audit::model::{CriterionResult, Outcome, SiteAudit};
use ictrank::pipeline::run::{RubricMonths, annual_result, results_for_run};
use ictrank::registry::Evaluation;
use ictrank::rubric::Rubric;
use ictrank::store::{self, Store};
use std::path::Path;
use support::*;

fn day(m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, 15).unwrap()
}

/// An evaluation of two departments with the two periods (paths into the repository's rubrics).
fn evaluation(dir: &Path) -> Evaluation {
    let rubrics = repo().join("data/rubrics");
    std::fs::write(
        dir.join("evaluation.toml"),
        format!(
            r#"id = "chuyen-tiep-2026"
title = "Đánh giá năm 2026 (chuyển tiếp quy định)"
year = 2026

[[periods]]
rubric = "{}"
until = "2026-06-30"

[[periods]]
rubric = "{}"
from = "2026-07-01"
"#,
            rubrics.join("binh-dinh-4158-2015.toml").display(),
            rubrics.join("nd224-2026.toml").display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("units.toml"),
        r#"[[units]]
id = "so-a"
name = "Sở A"
kind = "department"
website = "https://soa.thunghiem.gov.vn/"

[[units]]
id = "so-b"
name = "Sở B"
kind = "department"
website = "https://sob.thunghiem.gov.vn/"
"#,
    )
    .unwrap();
    Evaluation::load(dir).unwrap()
}

/// An audit under `rubric`: each automatic website criterion at `share` of its maximum.
fn audit(rubric: &Rubric, unit: &str, as_of: NaiveDate, share: f64) -> SiteAudit {
    let criteria: Vec<CriterionResult> = rubric
        .website_group()
        .unwrap()
        .criteria
        .iter()
        .filter(|c| c.applies_to("department"))
        .map(|c| {
            let max = rubric.criterion_max(c, "department");
            let auto = rubric.assessment(c).is_automatic();
            CriterionResult {
                id: c.id.clone(),
                outcome: if auto { Outcome::Met } else { Outcome::Declared },
                points: if auto { max * share } else { 0.0 },
                max_points: max,
                latest_date: None,
                confidence: 0.9,
                evidence: vec![],
                needs_review: false,
            }
        })
        .collect();
    SiteAudit {
        site: format!("https://{unit}.thunghiem.gov.vn/"),
        as_of,
        pages_fetched: 10,
        outcome: "ok".into(),
        profile: "generic".into(),
        news: Default::default(),
        points: criteria.iter().map(|c| c.points).sum(),
        max_points: 0.0,
        criteria,
    }
}

/// The automatic criteria's share of a rubric's website maximum for departments.
fn automatic_share(r: &Rubric) -> f64 {
    let g = r.website_group().unwrap();
    let auto: f64 = g
        .criteria
        .iter()
        .filter(|c| c.applies_to("department") && r.assessment(c).is_automatic())
        .map(|c| r.criterion_max(c, "department"))
        .sum();
    auto / g.max["department"]
}

async fn store_month(store: &Store, eval: &Evaluation, run_id: i64, m: u32, share: f64) {
    let rubric = eval.rubric_on(day(m));
    store::pipeline::start_run(store, run_id, &eval.id, "x", day(m))
        .await
        .unwrap();
    for unit in ["so-a", "so-b"] {
        let s = if unit == "so-a" { share } else { share / 2.0 };
        store::audit::save_audit(store, run_id, Some(unit), &audit(rubric, unit, day(m), s))
            .await
            .unwrap();
    }
    store::pipeline::finish_run(store, run_id, 0, "runs/x").await.unwrap();
}

#[tokio::test]
async fn each_month_is_scored_by_its_rubric_and_the_year_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let eval = evaluation(dir.path());
    assert_eq!(
        eval.rubric.id, "nd224-2026",
        "the evaluation's rubric is the last period's"
    );
    assert_eq!(eval.rubric_on(day(6)).id, "binh-dinh-4158-2015");
    assert_eq!(
        eval.rubric_on(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()).id,
        "binh-dinh-4158-2015"
    );
    assert_eq!(
        eval.rubric_on(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()).id,
        "nd224-2026"
    );

    let (store, _d) = sqlite_store().await;
    // January–June: Sở A at full marks on every automatic criterion; July–December: at half.
    for m in 1..=12u32 {
        store_month(&store, &eval, m as i64, m, if m <= 6 { 1.0 } else { 0.5 }).await;
    }
    // A March run: the 2015 rubric's website table (1.3, maximum 525 for departments).
    let march = results_for_run(&store, &eval, 3).await.unwrap();
    let t = march.ranking.table("1.3").expect("the 2015 website table");
    assert_eq!(t.max_points, 525.0);
    let old = Rubric::load(&repo().join("data/rubrics/binh-dinh-4158-2015.toml")).unwrap();
    let a = t.rows.iter().find(|r| r.unit_id == "so-a").unwrap();
    assert!((a.points - 525.0 * automatic_share(&old)).abs() < 1e-6, "{}", a.points);
    // A September run: the NĐ 224 rubric's website table (1.1, maximum 270).
    let sept = results_for_run(&store, &eval, 9).await.unwrap();
    let t = sept.ranking.table("1.1").expect("the NĐ 224 website table");
    assert_eq!((t.max_points, t.group.as_deref()), (270.0, Some("website")));
    let new = eval.rubric.clone();
    let a = t.rows.iter().find(|r| r.unit_id == "so-a").unwrap();
    assert!(
        (a.points - 270.0 * automatic_share(&new) * 0.5).abs() < 1e-6,
        "{}",
        a.points
    );

    // The year: which rubric scored which months.
    let year = annual_result(&store, &eval, 2026).await.unwrap();
    assert_eq!(
        year.rubrics,
        vec![
            RubricMonths {
                rubric_id: "binh-dinh-4158-2015".into(),
                rubric_title: old.title.clone(),
                days: (1..=6).map(day).collect(),
            },
            RubricMonths {
                rubric_id: "nd224-2026".into(),
                rubric_title: new.title.clone(),
                days: (7..=12).map(day).collect(),
            },
        ]
    );
    assert_eq!(
        year.rubrics[0].text(),
        "binh-dinh-4158-2015: tháng 01/2026–06/2026 (6 lượt đánh giá)"
    );
    assert_eq!(
        year.rubrics[1].text(),
        "nd224-2026: tháng 07/2026–12/2026 (6 lượt đánh giá)"
    );
    // Sở A's months as shares of their own maximum, on the new maximum: the median of six at
    // 270 × share(2015) and six at 270 × share(NĐ 224) / 2 is their mean.
    let expected = (270.0 * automatic_share(&old) + 270.0 * automatic_share(&new) * 0.5) / 2.0;
    let got = &year.points["so-a"]["website"];
    assert!((got.points - expected).abs() < 1e-6, "{} vs {expected}", got.points);
    assert!(
        got.note.contains("binh-dinh-4158-2015: tháng 01/2026–06/2026"),
        "{}",
        got.note
    );
    assert!(got.note.contains("nd224-2026: tháng 07/2026–12/2026"), "{}", got.note);
}

#[test]
fn periods_must_follow_each_other() {
    let dir = tempfile::tempdir().unwrap();
    evaluation(dir.path());
    let text = std::fs::read_to_string(dir.path().join("evaluation.toml")).unwrap();
    std::fs::write(
        dir.path().join("evaluation.toml"),
        text.replace("from = \"2026-07-01\"", "from = \"2026-07-02\""),
    )
    .unwrap();
    let e = Evaluation::load(dir.path()).unwrap_err().to_string();
    assert!(
        e.contains("periods[1].from: cần là 2026-07-01 (ngày sau periods[0].until), nhưng lại là 2026-07-02"),
        "{e}"
    );
    std::fs::write(
        dir.path().join("evaluation.toml"),
        text.replace("year = 2026\n", "year = 2026\nrubric = \"x.toml\"\n"),
    )
    .unwrap();
    let e = Evaluation::load(dir.path()).unwrap_err().to_string();
    assert!(e.contains("chỉ ghi một trong hai, `rubric` hoặc `periods`"), "{e}");
    // A commune under the 2015 rubric (which has no commune kind) is refused, naming the period.
    evaluation(dir.path());
    let units = std::fs::read_to_string(dir.path().join("units.toml")).unwrap();
    std::fs::write(
        dir.path().join("units.toml"),
        units + "\n[[units]]\nid = \"xa-c\"\nname = \"Xã C\"\nkind = \"commune\"\n",
    )
    .unwrap();
    let e = Evaluation::load(dir.path()).unwrap_err().to_string();
    assert!(
        e.contains("loại \"commune\" không có trong bộ tiêu chí") && e.contains("đến 30/06/2026"),
        "{e}"
    );
}
