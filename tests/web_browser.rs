//! The evaluators' office end to end in a real headless Chromium (driven over the DevTools
//! protocol, tests/support/cdp.rs), on a 420 px wide window: log in, open the review queue, resolve
//! the site that could not be checked in its one panel, override one criterion with a reason, and
//! see the unit's points and rank change in the ranking table, the chart and the scorecard. Skipped
//! where Chromium is not installed (CI installs it).

#[path = "support/cdp.rs"]
mod cdp;
#[path = "support/webapp.rs"]
mod webapp;

use ictrank::registry::Evaluation;
use ictrank::report::points_text;
use ictrank::store::Store;
use serde_json::Value;
use webapp::{PASSWORD, start_app, synthetic_run};

/// A script that sets the fields of the form matching `form` and submits it with its button.
fn submit(form: &str, fields: &[(&str, &str)]) -> String {
    let mut js = format!(
        "(() => {{ const f = document.querySelector({});",
        serde_json::to_string(form).unwrap()
    );
    for (name, value) in fields {
        js += &format!(
            "f.querySelector('[name=\"{name}\"]').value = {};",
            serde_json::to_string(value).unwrap()
        );
    }
    js + "f.querySelector('button[type=submit]').click(); })()"
}

#[tokio::test(flavor = "multi_thread")]
async fn an_evaluator_resolves_an_unreachable_site_and_sees_points_and_rank_move() {
    let Some(binary) = cdp::chromium_binary() else {
        assert!(std::env::var("CI").is_err(), "CI must install chromium");
        eprintln!("skipped: no Chromium");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("web.db").to_string_lossy()).await.unwrap();
    let eval = Evaluation::load(std::path::Path::new("data/evaluations/binh-dinh-2016")).unwrap();
    let app = start_app(store, eval, dir).await;
    let (run_id, unit) = synthetic_run(&app).await;
    let website = app.state.eval.rubric.website_group().unwrap();
    let table = website.tables[&unit.kind].clone();
    let full = website.max[&unit.kind];
    let b = cdp::Chromium::launch(&binary).await.unwrap();

    // Log in.
    b.goto(&format!("{}/", app.base)).await.unwrap();
    assert!(b.location().await.ends_with("/login"), "pages need a login");
    b.act(&submit("form.login", &[("name", "danhgia"), ("password", PASSWORD)]))
        .await
        .unwrap();
    assert_eq!(b.location().await, format!("{}/", app.base));
    let row = format!(r#"table[data-table="{table}"] tr[data-unit="{}"]"#, unit.id);
    assert_eq!(b.text(&row).await, "", "the unreachable unit is not ranked yet");

    // The queue: the unreachable unit first; follow its link.
    b.goto(&format!("{}/runs/{run_id}", app.base)).await.unwrap();
    let first = b.text("#can-xem-lai tr.review").await;
    assert!(
        first.contains(&unit.name) && first.contains("không kiểm tra được website"),
        "{first}"
    );
    b.act("document.querySelector('#can-xem-lai tr.review a').click()")
        .await
        .unwrap();
    assert!(b.location().await.contains(&format!("/units/{}", unit.id)));

    // One panel: every criterion at its maximum but the news, one reason.
    assert!(
        b.text("#khong-kiem-tra-duoc h2")
            .await
            .starts_with("Website không kiểm tra được")
    );
    let filled = b
        .eval(
            "(() => { const f = document.querySelector('form.panel'); let n = 0; \
             f.querySelectorAll('input[type=number]').forEach(i => { i.value = i.name === 'p_tin_tuc' ? '0' : i.max; n++; }); \
             f.querySelector('[name=reason]').value = 'Kiểm tra thủ công trên trình duyệt'; return n; })()",
        )
        .await
        .unwrap();
    assert!(filled.as_u64().unwrap() > 30, "{filled}");
    b.act("document.querySelector('form.panel button[type=submit]').click()")
        .await
        .unwrap();
    let heading = b.text("h2").await;
    let partial = full - 15.0;
    assert!(
        b.eval("document.body.innerText")
            .await
            .unwrap()
            .as_str()
            .unwrap()
            .contains(&format!(
                "Tiêu chí website: {} / {} điểm",
                points_text(partial),
                points_text(full)
            )),
        "{heading}"
    );

    // Ranked now, below the units at full marks.
    let (points_before, rank_before) = ranked(&b, &app.base, &row).await;
    assert_eq!(points_before, points_text(partial));
    assert_eq!(rank_before, "2");
    let tip = chart_tip(&b, &app.base, run_id, &unit.id).await;
    assert!(tip.ends_with(&points_text(partial)), "{tip}");
    assert!(
        scorecard(&b, &app.base, run_id, &unit.id)
            .await
            .contains(&points_text(partial))
    );

    // Override the news criterion with a reason: full marks, first place.
    b.goto(&format!("{}/runs/{run_id}/units/{}", app.base, unit.id))
        .await
        .unwrap();
    b.act(&submit(
        r#"tr[data-criterion="tin_tuc"] form.override"#,
        &[("points", "15"), ("reason", "Tin tức cập nhật hằng tuần (xem tay)")],
    ))
    .await
    .unwrap();
    assert!(b.location().await.contains("#tc-tin_tuc"));
    let (points_after, rank_after) = ranked(&b, &app.base, &row).await;
    assert_eq!(
        (points_after.as_str(), rank_after.as_str()),
        (points_text(full).as_str(), "1")
    );
    let tip = chart_tip(&b, &app.base, run_id, &unit.id).await;
    assert!(tip.ends_with(&points_text(full)), "{tip}");
    assert!(
        scorecard(&b, &app.base, run_id, &unit.id)
            .await
            .contains(&points_text(full))
    );

    // The page fits a 420 px screen: nothing wider than the window but the tables' own boxes.
    b.goto(&format!("{}/runs/{run_id}/units/{}", app.base, unit.id))
        .await
        .unwrap();
    let widths = b
        .eval("[document.documentElement.scrollWidth, window.innerWidth]")
        .await
        .unwrap();
    let w: Vec<u64> = widths.as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    assert!(w[0] <= w[1], "page {} px wide on a {} px screen", w[0], w[1]);
}

/// The unit's points and rank in the index's ranking table.
async fn ranked(b: &cdp::Chromium, base: &str, row: &str) -> (String, String) {
    b.goto(&format!("{base}/")).await.unwrap();
    let cells = b
        .eval(&format!(
            "Array.from(document.querySelectorAll({} + ' td')).map(c => c.innerText.trim())",
            serde_json::to_string(row).unwrap()
        ))
        .await
        .unwrap();
    let cells: Vec<String> = cells
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(cells.len() >= 5, "{cells:?}");
    (cells[2].clone(), cells[4].clone())
}

/// The chart's tooltip for the run on the unit's page.
async fn chart_tip(b: &cdp::Chromium, base: &str, run_id: i64, unit: &str) -> String {
    b.goto(&format!("{base}/runs/{run_id}/units/{unit}")).await.unwrap();
    match b
        .eval("(document.querySelector('figure.freshness circle.score title') || {textContent: ''}).textContent")
        .await
        .unwrap()
    {
        Value::String(s) => s,
        v => panic!("{v}"),
    }
}

/// The text of the unit's scorecard's group table.
async fn scorecard(b: &cdp::Chromium, base: &str, run_id: i64, unit: &str) -> String {
    b.goto(&format!("{base}/runs/{run_id}/units/{unit}/scorecard"))
        .await
        .unwrap();
    b.text("table.groups").await
}
