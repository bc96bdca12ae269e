//! One score everywhere: after the demo's run and evaluators' overrides (a website criterion, the
//! whole website group of the site that could not be checked, a declared group), every view of a
//! unit's points agrees for every unit — the ranking tables, ranking.json, the chart's tooltip, the
//! scorecard, `explain`, and the web app's unit page and ranking — and an override of a criterion
//! the ranking cannot move is refused with its reason. On SQLite, and on PostgreSQL when
//! ICTRANK_TEST_POSTGRES is set.

mod support;
#[path = "support/webapp.rs"]
mod webapp;

use chrono::NaiveDate;
use ictrank::pipeline::overrides::{OverrideError, OverrideRequest, Recorded, record};
use ictrank::pipeline::standing::standing;
use ictrank::registry::Evaluation;
use ictrank::report::points_text;
use ictrank::store::Store;
use scraper::Html;
use webapp::{select, start_app};

fn text(e: &scraper::ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// "Tổng điểm: 437,50/525" → 437.5
fn explain_total(explained: &str) -> f64 {
    let line = explained.lines().find(|l| l.starts_with("Tổng điểm: ")).unwrap();
    let n = line["Tổng điểm: ".len()..].split('/').next().unwrap();
    n.replace('.', "").replace(',', ".").parse().unwrap()
}

fn request<'a>(unit: &'a str, target: &'a str, points: f64, run_id: i64) -> OverrideRequest<'a> {
    OverrideRequest {
        unit,
        target,
        points,
        reason: "kiểm tra thủ công",
        evaluator: "danhgia",
        run_id,
        only_run: false,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_view_agrees_on_every_units_points_after_overrides() {
    let out = tempfile::tempdir().unwrap();
    let store = Store::open(&out.path().join("ictrank.db").to_string_lossy())
        .await
        .unwrap();
    every_view_agrees(out.path(), store).await;
}

/// The same on PostgreSQL (when ICTRANK_TEST_POSTGRES names a server).
#[tokio::test(flavor = "multi_thread")]
async fn every_view_agrees_on_postgres() {
    let Some(store) = support::postgres_store().await else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    every_view_agrees(out.path(), store).await;
}

/// The demo's run in `store` (its reports and evaluation under `out`), overrides, and every view.
async fn every_view_agrees(out: &std::path::Path, store: Store) {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let outcome = ictrank::demo::run_in_store(out, &store, as_of, browser_off())
        .await
        .unwrap();
    let run_id = outcome.results.run_id;
    let eval = Evaluation::load(&out.join("evaluation")).unwrap();
    let before = standing(&store, &eval, run_id).await.unwrap();

    let ask = |unit, target, points| request(unit, target, points, run_id);
    let stored = |r: Recorded| match r {
        Recorded::Stored { id, .. } => id,
        Recorded::Refused(e) => panic!("refused: {e}"),
    };
    stored(record(&store, &eval, &ask("so-y-te", "tin_tuc", 7.5)).await.unwrap());
    stored(
        record(&store, &eval, &ask("so-y-te", "infrastructure", 80.0))
            .await
            .unwrap(),
    );
    // The sites that could not be checked: every website criterion decided.
    let unreachable = "so-xay-dung";
    for unit in [unreachable, "ubnd-huyen-song-xanh"] {
        for c in &before.websites[unit].criteria {
            stored(
                record(&store, &eval, &request(unit, &c.id, c.max_points / 2.0, run_id))
                    .await
                    .unwrap(),
            );
        }
    }
    // Named but not movable: refused with the reason, never accepted and ignored.
    match record(&store, &eval, &ask("so-y-te", "ty_le_may_tinh", 5.0))
        .await
        .unwrap()
    {
        Recorded::Refused(OverrideError::GroupDeclaredWhole { group, .. }) => assert_eq!(group, "infrastructure"),
        other => panic!("{other:?}"),
    }
    let website_group = eval.rubric.website_group().unwrap().id.clone();
    assert!(matches!(
        record(&store, &eval, &request("so-y-te", &website_group, 100.0, run_id))
            .await
            .unwrap(),
        Recorded::Refused(OverrideError::WebsiteGroup { .. })
    ));

    let r = standing(&store, &eval, run_id).await.unwrap();
    ictrank::pipeline::reports::write_run_reports(&store, &eval, &r, &outcome.dir)
        .await
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outcome.dir.join("ranking.json")).unwrap()).unwrap();
    let json_rows = json
        .as_array()
        .cloned()
        .unwrap_or_else(|| json["rows"].as_array().unwrap().clone());
    let report = Html::parse_document(&std::fs::read_to_string(outcome.dir.join("ranking.html")).unwrap());
    let app = start_app(store.clone(), eval.clone(), tempfile::tempdir().unwrap()).await;
    let (_, index) = app.get("/").await;
    let index = Html::parse_document(&index);

    // The overrides moved the points: tin_tuc 15 → 7,5 on so-y-te; its infrastructure group 75 → 80.
    let web_before = before.website_points("so-y-te").unwrap();
    assert_eq!(r.website_points("so-y-te"), Some(web_before - 7.5));
    let total = |res: &ictrank::pipeline::results::RunResults, u: &str| {
        res.ranking
            .rows()
            .find(|row| row.unit_id == u && !row.table.contains('.'))
            .map(|row| row.points)
    };
    assert_eq!(
        total(&r, "so-y-te"),
        Some(total(&before, "so-y-te").unwrap() - 7.5 + 5.0)
    );
    assert!(
        total(&before, unreachable).is_none(),
        "unranked while its site awaits an evaluator"
    );
    assert!(total(&r, unreachable).is_some(), "ranked once decided");

    let mut compared = 0;
    for unit in eval.units.iter().filter(|u| u.evaluated()) {
        let Some(w) = r.websites.get(&unit.id) else { continue };
        let points = r.website_points(&unit.id);
        assert!(points.is_some(), "{}: every website is decided now", unit.id);
        let table = eval.rubric.website_group().unwrap().tables[&unit.kind].clone();
        // The ranking table.
        let row = r
            .ranking
            .table(&table)
            .unwrap()
            .rows
            .iter()
            .find(|row| row.unit_id == unit.id);
        assert_eq!(row.map(|row| row.points), points, "{} table {table}", unit.id);
        // ranking.json.
        let j = json_rows
            .iter()
            .find(|row| row["table"] == table.as_str() && row["unit_id"] == unit.id.as_str())
            .unwrap();
        assert_eq!(j["points"].as_f64(), points, "{} json", unit.id);
        // ranking.html: the unit's row in its website table.
        let html_cells: Vec<String> = select(
            &report,
            &format!(
                r#"table.ranking[data-table="{table}"] tr.unit[data-unit="{}"] td"#,
                unit.id
            ),
        )
        .iter()
        .map(text)
        .collect();
        assert!(
            html_cells.contains(&points_text(points.unwrap())),
            "{} ranking.html {html_cells:?}",
            unit.id
        );
        // The scorecard (when the site was checked it states the website total).
        let card = std::fs::read_to_string(outcome.dir.join(format!("scorecards/{}.html", unit.id))).unwrap();
        if r.audits[&unit.id].outcome == "ok" {
            let said = format!(": {}/{} điểm.", points_text(w.points), points_text(w.max_points));
            assert!(card.contains(&said), "{}: scorecard lacks {said}", unit.id);
        }
        // explain.
        let explained = ictrank::audit::explain(&r.merged_audit(&unit.id).unwrap(), Some(&eval.rubric));
        assert!(
            (explain_total(&explained) - w.points).abs() < 0.005,
            "{} explain",
            unit.id
        );
        // The web app: the unit page and the index's table.
        let (_, page) = app.get(&format!("/runs/{run_id}/units/{}", unit.id)).await;
        let heading = format!(
            "Tiêu chí website: {} / {} điểm",
            points_text(w.points),
            points_text(w.max_points)
        );
        assert!(page.contains(&heading), "{}: unit page lacks {heading}", unit.id);
        let unit_page = Html::parse_document(&page);
        // The chart's tooltip for this run, on the unit's page (ranking.html draws a unit's
        // timeline only from two runs on: this evaluation has one).
        let tip = select(
            &unit_page,
            &format!(r#"figure[data-unit="{}"] circle.score title"#, unit.id),
        )
        .iter()
        .map(text)
        .find(|t| t.starts_with(&as_of.format("%d/%m/%Y").to_string()))
        .unwrap_or_else(|| panic!("{}: no point for this run in the chart", unit.id));
        assert_eq!(
            tip,
            format!("{}: {}", as_of.format("%d/%m/%Y"), points_text(points.unwrap()))
        );
        let cells: Vec<String> = select(
            &index,
            &format!(r#"table[data-table="{table}"] tr[data-unit="{}"] td"#, unit.id),
        )
        .iter()
        .map(text)
        .collect();
        assert_eq!(cells[2], points_text(points.unwrap()), "{} index", unit.id);
        compared += 1;
    }
    assert!(compared >= 8, "compared {compared} units");
}

/// The demo without the browser stage (tests/browser_stage.rs drives Chromium).
fn browser_off() -> ictrank::browser::BrowserConfig {
    ictrank::browser::BrowserConfig {
        mode: ictrank::browser::BrowserMode::Off,
        ..Default::default()
    }
}
