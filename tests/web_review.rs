//! The evaluators' web app (`ictrank serve`) over the bundled 2016 evaluation and a temporary SQLite
//! store holding a synthetic run (audits written directly, no crawl): the index lists the run and
//! ranks with its website points, the run page lists the flagged unit first, the unit page has an
//! override form per website criterion, a posted override is stored, shown and merged, and a bad one
//! answers 422 with a Vietnamese message and stores nothing; an override whose evidence changes in
//! the next run is queued again (on PostgreSQL too, when ICTRANK_TEST_POSTGRES is set).

use chrono::NaiveDate;
use ictrank::audit::model::{Outcome, SiteAudit};
use ictrank::pipeline::run::results_for_run;
use ictrank::registry::{Evaluation, Unit};
use ictrank::report::points_text;
use ictrank::store::{self, Store};
use reqwest::StatusCode;
use scraper::Html;
use std::path::Path;

mod support;
#[path = "support/webapp.rs"]
mod webapp;
use webapp::{App, audit_of, select, start_app, synthetic_run};

const EVALUATION: &str = "data/evaluations/binh-dinh-2016";

/// Starts the app over the bundled 2016 evaluation and a fresh store, signed in as the evaluator.
async fn start() -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("web.db").to_string_lossy()).await.unwrap();
    let eval = Evaluation::load(Path::new(EVALUATION)).unwrap();
    start_app(store, eval, dir).await
}

fn text(e: &scraper::ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

#[tokio::test]
async fn index_lists_runs_and_ranks_with_the_latest_runs_website_points() {
    let app = start().await;
    let (status, before) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(before.contains("Chưa có lượt đánh giá nào"), "{before}");
    assert!(
        before.contains(r#"data-table="1""#),
        "declared data is ranked before any run"
    );

    let (run_id, flagged) = synthetic_run(&app).await;
    let (status, html) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    let doc = Html::parse_document(&html);
    let runs = select(&doc, &format!(r#"tr[data-run="{run_id}"]"#));
    assert_eq!(runs.len(), 1);
    assert!(text(&runs[0]).contains("01/12/2016"), "{}", text(&runs[0]));
    assert!(text(&runs[0]).contains("1 (hiện còn 1)"), "{}", text(&runs[0]));
    assert!(html.contains(&format!(r#"href="/runs/{run_id}""#)));
    assert!(html.contains(&format!("lượt đánh giá #{run_id}")));

    // A unit audited at full marks has the whole website group in its group table; the flagged
    // unit (pending criteria) has no website points and is not in that table.
    let eval = &app.state.eval;
    let good = eval
        .units
        .iter()
        .find(|u| u.website.is_some() && u.id != flagged.id && u.kind == "department")
        .unwrap();
    let website = eval.rubric.website_group().unwrap();
    let full = website.max[&good.kind];
    let results = results_for_run(&app.state.store, eval, run_id).await.unwrap();
    let table = results
        .ranking
        .tables
        .iter()
        .find(|t| t.group.as_deref() == Some(website.id.as_str()) && t.kind == good.kind)
        .unwrap();
    let cells: Vec<String> = select(
        &doc,
        &format!(r#"table[data-table="{}"] tr[data-unit="{}"] td"#, table.id, good.id),
    )
    .iter()
    .map(text)
    .collect();
    assert_eq!(cells[2], points_text(full), "{cells:?}");
    assert!(
        select(
            &doc,
            &format!(r#"table[data-table="{}"] tr[data-unit="{}"]"#, table.id, flagged.id)
        )
        .is_empty()
    );

    // Once an evaluator has decided every pending criterion, the unit has website points again.
    let run = run_id.to_string();
    let pending = results.websites[&flagged.id].pending.clone();
    for criterion in &pending {
        let (status, _, _) = app
            .post_override(&[
                ("run_id", run.as_str()),
                ("unit_id", &flagged.id),
                ("criterion_id", criterion),
                ("points", "5"),
                ("reason", "Kiểm tra thủ công trên website"),
            ])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let (_, html) = app.get("/").await;
    let doc = Html::parse_document(&html);
    let row = text(&select(&doc, &format!(r#"tr[data-run="{run_id}"]"#))[0]);
    assert!(row.contains("1 (hiện còn 0)"), "{row}");
    let table = results
        .ranking
        .tables
        .iter()
        .find(|t| t.group.as_deref() == Some(website.id.as_str()) && t.kind == flagged.kind)
        .unwrap();
    let cells: Vec<String> = select(
        &doc,
        &format!(r#"table[data-table="{}"] tr[data-unit="{}"] td"#, table.id, flagged.id),
    )
    .iter()
    .map(text)
    .collect();
    assert_eq!(cells[2], points_text(5.0 * pending.len() as f64), "{cells:?}");
}

#[tokio::test]
async fn the_run_page_lists_the_flagged_unit_first_then_every_unit() {
    let app = start().await;
    let (run_id, flagged) = synthetic_run(&app).await;
    let (status, html) = app.get(&format!("/runs/{run_id}")).await;
    assert_eq!(status, StatusCode::OK);
    let doc = Html::parse_document(&html);
    let review = select(&doc, "#can-xem-lai tr.review");
    assert_eq!(review.len(), 1, "only the unverified unit is flagged");
    assert_eq!(review[0].value().attr("data-unit"), Some(flagged.id.as_str()));
    assert!(text(&review[0]).contains("không kiểm tra được"), "{}", text(&review[0]));
    let first_unit_row = select(&doc, "tr[data-unit]")[0];
    assert_eq!(first_unit_row.value().attr("data-unit"), Some(flagged.id.as_str()));
    let units = select(&doc, "#don-vi tr.unit");
    let evaluated = app.state.eval.units.iter().filter(|u| u.evaluated()).count();
    assert_eq!(units.len(), evaluated);
    let link = format!(r#"a[href="/runs/{run_id}/units/{}"]"#, flagged.id);
    assert_eq!(select(&doc, &format!("#don-vi {link}")).len(), 1);
    let flagged_row = units
        .iter()
        .find(|r| r.value().attr("data-unit") == Some(flagged.id.as_str()))
        .unwrap();
    assert!(text(flagged_row).contains("chờ cán bộ đánh giá"));

    let (status, missing) = app.get("/runs/9999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains("Không có lượt đánh giá #9999"));
}

#[tokio::test]
async fn the_unit_page_has_an_override_form_per_website_criterion() {
    let app = start().await;
    let (run_id, flagged) = synthetic_run(&app).await;
    let eval = &app.state.eval;
    let criteria: Vec<String> = eval
        .rubric
        .website_group()
        .unwrap()
        .criteria
        .iter()
        .filter(|c| c.applies_to(&flagged.kind))
        .map(|c| c.id.clone())
        .collect();
    // The site that could not be checked is one case: one panel, one cause, one form for all.
    let (status, html) = app.get(&format!("/runs/{run_id}/units/{}", flagged.id)).await;
    assert_eq!(status, StatusCode::OK);
    let doc = Html::parse_document(&html);
    assert!(select(&doc, "form.override").is_empty(), "no form per criterion");
    let panel = select(&doc, "#khong-kiem-tra-duoc");
    assert_eq!(panel.len(), 1);
    assert!(
        text(&panel[0]).contains("Website không kiểm tra được"),
        "{}",
        text(&panel[0])
    );
    let forms = select(&doc, r#"form.panel[method="post"]"#);
    assert_eq!(forms.len(), 1);
    assert_eq!(
        forms[0].value().attr("action"),
        Some(format!("/runs/{run_id}/units/{}/website", flagged.id).as_str())
    );
    let posted: Vec<String> = select(&doc, r#"form.panel input[type="number"]"#)
        .iter()
        .map(|i| i.value().attr("name").unwrap().trim_start_matches("p_").to_string())
        .collect();
    assert_eq!(posted, criteria);
    assert_eq!(
        select(&doc, r#"form.crawl button"#).len(),
        1,
        "a button queues a new crawl"
    );
    assert!(html.contains("Chưa có điều chỉnh nào cho đơn vị này"));

    // A unit checked: one override form per criterion.
    let checked = eval
        .units
        .iter()
        .find(|u| u.website.is_some() && u.id != flagged.id && u.kind == flagged.kind)
        .unwrap();
    let (_, html) = app.get(&format!("/runs/{run_id}/units/{}", checked.id)).await;
    let doc = Html::parse_document(&html);
    let forms = select(&doc, r#"form.override[method="post"][action="/overrides"]"#);
    assert_eq!(forms.len(), criteria.len());
    let posted: Vec<String> = select(&doc, r#"form.override input[name="criterion_id"]"#)
        .iter()
        .map(|i| i.value().attr("value").unwrap().to_string())
        .collect();
    assert_eq!(posted, criteria);
    for field in ["points", "reason", "csrf", "only_run"] {
        assert_eq!(
            select(&doc, &format!(r#"form.override input[name="{field}"]"#)).len(),
            criteria.len()
        );
    }

    // A unit checked at full marks: evidence links, outcome, confidence, no review marker.
    let good = eval
        .units
        .iter()
        .find(|u| u.website.is_some() && u.id != flagged.id)
        .unwrap();
    let (_, html) = app.get(&format!("/runs/{run_id}/units/{}", good.id)).await;
    let doc = Html::parse_document(&html);
    let row = select(&doc, r#"tr[data-criterion="tin_tuc"]"#)[0];
    let cells: Vec<String> = select(&doc, r#"tr[data-criterion="tin_tuc"] td"#)
        .iter()
        .map(text)
        .collect();
    assert_eq!(cells[1], "15 / 15");
    assert_eq!(cells[2], "Đạt");
    assert_eq!(cells[3], "90%");
    assert_eq!(row.value().attr("data-review"), None);
    let href = format!("{}tin_tuc", good.website.as_deref().unwrap());
    assert_eq!(
        select(&doc, &format!(r#"td.evidence a[href="{href}"]"#)).len(),
        1,
        "the live page"
    );
    let stored = format!(
        "/runs/{run_id}/stored?{}",
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("url", &href)
            .finish()
    );
    assert_eq!(
        select(&doc, &format!(r#"td.evidence a[href="{stored}"]"#)).len(),
        1,
        "the stored copy"
    );
    let (status, copy) = app.get(&stored).await;
    assert_eq!(status, StatusCode::OK);
    assert!(copy.contains("không lưu nội dung"), "a synthetic run stored no page");

    let (status, _) = app.get(&format!("/runs/{run_id}/units/khong-co")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_posted_override_is_stored_shown_and_merged() {
    let app = start().await;
    let (run_id, unreachable) = synthetic_run(&app).await;
    let flagged = app
        .state
        .eval
        .units
        .iter()
        .find(|u| u.website.is_some() && u.evaluated() && u.id != unreachable.id)
        .unwrap()
        .clone();
    let run = run_id.to_string();
    let reason = "Đã kiểm tra thủ công: tin tức cập nhật hằng tuần <b>&</b>";
    let (status, location, _) = app
        .post_override(&[
            ("run_id", &run),
            ("unit_id", &flagged.id),
            ("criterion_id", "tin_tuc"),
            ("points", "10"),
            ("reason", reason),
        ])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = location.unwrap();
    let unit_page = format!("/runs/{run_id}/units/{}", flagged.id);
    assert!(location.starts_with(&unit_page), "{location}");

    let (status, html) = app.get(&location).await;
    assert_eq!(status, StatusCode::OK);
    let doc = Html::parse_document(&html);
    let history: Vec<String> = select(&doc, "#lich-su tr.override").iter().map(text).collect();
    assert_eq!(history.len(), 1);
    assert!(
        history[0].contains("danhgia") && history[0].contains(reason),
        "{history:?}"
    );
    assert!(
        html.contains("tin tức cập nhật hằng tuần &lt;b&gt;&amp;&lt;/b&gt;"),
        "escaped"
    );
    assert!(!html.contains("<b>&</b>"));
    let cells: Vec<String> = select(&doc, r#"tr[data-criterion="tin_tuc"] td"#)
        .iter()
        .map(text)
        .collect();
    assert_eq!(cells[1], "10 / 15");
    assert_eq!(cells[2], "Đạt một phần");

    let (status, trail) = app.get("/overrides").await;
    assert_eq!(status, StatusCode::OK);
    let doc = Html::parse_document(&trail);
    let rows = select(&doc, "tr.override");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].value().attr("data-unit"), Some(flagged.id.as_str()));
    let row = text(&rows[0]);
    for part in [
        "danhgia",
        flagged.name.as_str(),
        "Tin tức, sự kiện",
        reason,
        "theo bằng chứng lượt đánh giá",
    ] {
        assert!(row.contains(part), "{part} missing from {row}");
    }

    let results = results_for_run(&app.state.store, &app.state.eval, run_id)
        .await
        .unwrap();
    let merged = &results.websites[&flagged.id];
    let tin = merged.criteria.iter().find(|c| c.id == "tin_tuc").unwrap();
    assert_eq!((tin.points, tin.outcome), (10.0, Outcome::Partial));
    assert!(merged.is_complete());
    // The override keeps what the run showed: the criterion met, with its evidence address.
    let kept = store::declared::load_overrides(&app.state.store, &app.state.eval.id)
        .await
        .unwrap();
    let evidence = kept[0].evidence.as_ref().unwrap();
    assert_eq!(
        (kept[0].run_id, evidence.outcome, evidence.points),
        (Some(run_id), Outcome::Met, 15.0)
    );
    assert_eq!(
        evidence.urls,
        vec![format!("{}tin_tuc", flagged.website.as_deref().unwrap())]
    );
}

#[tokio::test]
async fn a_bad_override_answers_422_in_vietnamese_and_stores_nothing() {
    let app = start().await;
    let (run_id, unreachable) = synthetic_run(&app).await;
    let flagged = app
        .state
        .eval
        .units
        .iter()
        .find(|u| u.website.is_some() && u.evaluated() && u.id != unreachable.id)
        .unwrap()
        .clone();
    let run = run_id.to_string();
    let cases: [(&str, &str, &str); 4] = [
        ("16", "Trang tin tức đầy đủ", "phải từ 0 đến 15, không thể là 16"),
        ("-1", "Trang tin tức đầy đủ", "phải từ 0 đến 15"),
        ("10", "   ", "Cần ghi lý do điều chỉnh"),
        ("mười", "Trang tin tức đầy đủ", "không phải là một số"),
    ];
    for (points, reason, message) in cases {
        let (status, location, html) = app
            .post_override(&[
                ("run_id", &run),
                ("unit_id", &flagged.id),
                ("criterion_id", "tin_tuc"),
                ("points", points),
                ("reason", reason),
            ])
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "points {points}, reason {reason:?}"
        );
        assert_eq!(location, None);
        let doc = Html::parse_document(&html);
        let alert = select(&doc, r#"p.error[role="alert"]"#);
        assert_eq!(alert.len(), 1, "{html}");
        assert!(text(&alert[0]).contains(message), "{}", text(&alert[0]));
        // The refused form is shown again with what was typed, beside its criterion.
        let typed = select(&doc, r#"tr[data-criterion="tin_tuc"] input[name="points"]"#)[0];
        assert_eq!(typed.value().attr("value"), Some(points));
        assert_eq!(app.override_count().await, 0, "nothing stored for points {points}");
    }

    let (status, _, html) = app
        .post_override(&[
            ("run_id", &run),
            ("unit_id", &flagged.id),
            ("criterion_id", "khong_co"),
            ("points", "5"),
            ("reason", "Có trang tin"),
        ])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let doc = Html::parse_document(&html);
    let alert = text(&select(&doc, r#"p.error[role="alert"]"#)[0]);
    assert!(alert.contains("Không có tiêu chí \"khong_co\""), "{alert}");
    assert_eq!(app.override_count().await, 0);
    let (_, trail) = app.get("/overrides").await;
    assert!(trail.contains("Chưa có điều chỉnh nào."));
}

/// Saves a finished run of every unit with a website, each audited by `audit`.
async fn run_of(app: &App, as_of: NaiveDate, audit: impl Fn(&Unit) -> SiteAudit) -> i64 {
    let (store, eval) = (&app.state.store, &app.state.eval);
    let run_id = store::crawl::create_run(store, "{}").await.unwrap();
    store::pipeline::start_run(store, run_id, &eval.id, EVALUATION, as_of)
        .await
        .unwrap();
    for unit in eval.units.iter().filter(|u| u.evaluated() && u.website.is_some()) {
        let mut a = audit(unit);
        a.as_of = as_of;
        store::audit::save_audit(store, run_id, Some(&unit.id), &a)
            .await
            .unwrap();
    }
    store::pipeline::finish_run(store, run_id, 0, "runs/x").await.unwrap();
    run_id
}

#[tokio::test]
async fn an_override_whose_evidence_changes_in_the_next_run_is_queued_again() {
    evidence_changes(&start().await).await;
}

/// The same on PostgreSQL (when ICTRANK_TEST_POSTGRES names a server).
#[tokio::test]
async fn an_override_whose_evidence_changes_is_queued_again_on_postgres() {
    let Some(store) = support::postgres_store().await else {
        return;
    };
    let eval = Evaluation::load(Path::new(EVALUATION)).unwrap();
    evidence_changes(&start_app(store, eval, tempfile::tempdir().unwrap()).await).await;
}

async fn evidence_changes(app: &App) {
    let eval = app.state.eval.clone();
    let unit = eval
        .units
        .iter()
        .find(|u| u.evaluated() && u.website.is_some())
        .unwrap()
        .clone();
    let jan = NaiveDate::from_ymd_opt(2016, 1, 5).unwrap();
    let first = run_of(app, jan, |u| audit_of(&eval, u, true)).await;
    let (status, _, body) = app
        .post_override(&[
            ("run_id", &first.to_string()),
            ("unit_id", &unit.id),
            ("criterion_id", "tin_tuc"),
            ("points", "5"),
            ("reason", "tin chỉ là ảnh chụp văn bản"),
        ])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let tin = |r: &ictrank::pipeline::results::RunResults| {
        r.websites[&unit.id]
            .criteria
            .iter()
            .find(|c| c.id == "tin_tuc")
            .unwrap()
            .points
    };

    // February shows the same evidence: the January decision holds.
    let feb = run_of(app, NaiveDate::from_ymd_opt(2016, 2, 5).unwrap(), |u| {
        audit_of(&eval, u, true)
    })
    .await;
    let r = results_for_run(&app.state.store, &eval, feb).await.unwrap();
    assert_eq!(tin(&r), 5.0);
    assert!(r.stale.is_empty() && !r.review.iter().any(|i| i.unit_id == unit.id));

    // March: the news section moved to a new address. The override no longer decides; the
    // criterion is back in the queue with both versions.
    let mar = run_of(app, NaiveDate::from_ymd_opt(2016, 3, 5).unwrap(), |u| {
        let mut a = audit_of(&eval, u, true);
        for c in a.criteria.iter_mut().filter(|c| c.id == "tin_tuc") {
            c.evidence[0].url = format!("{}tin-tuc-moi", u.website.as_deref().unwrap());
        }
        a
    })
    .await;
    let r = results_for_run(&app.state.store, &eval, mar).await.unwrap();
    assert_eq!(tin(&r), 15.0, "the audit decides again");
    assert_eq!(r.stale.len(), 1);
    let item = r.review.iter().find(|i| i.unit_id == unit.id).expect("queued again");
    assert_eq!(item.reason, "bằng chứng đã thay đổi: tin_tuc");
    let (_, html) = app.get(&format!("/runs/{mar}/units/{}", unit.id)).await;
    let doc = Html::parse_document(&html);
    let row = select(&doc, r#"#bang-chung-thay-doi tr.stale[data-criterion="tin_tuc"] td"#);
    assert_eq!(row.len(), 3, "{html}");
    let (then, now) = (text(&row[1]), text(&row[2]));
    assert!(
        then.contains(&format!("{}tin_tuc", unit.website.as_deref().unwrap())),
        "{then}"
    );
    assert!(now.contains("tin-tuc-moi"), "{now}");
    let (_, queue) = app.get(&format!("/runs/{mar}")).await;
    assert!(queue.contains("bằng chứng đã thay đổi"), "{queue}");
    // The February run still shows the decision it was made for.
    let r = results_for_run(&app.state.store, &eval, feb).await.unwrap();
    assert_eq!(tin(&r), 5.0);
}
