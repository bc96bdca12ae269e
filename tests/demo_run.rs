//! `ictrank demo` end to end, offline: the bundled evaluation, its fixture sites on loopback, the
//! whole pipeline, and every report — the XLSX read back, the HTML parsed.

#[path = "support/xlsx.rs"]
mod xlsx_rows;

use chrono::NaiveDate;
use ictrank::audit::model::Outcome;
use std::collections::BTreeMap;

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_runs_the_whole_pipeline_and_writes_every_report() {
    let out = tempfile::tempdir().unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    // without the browser stage (tests/browser_stage.rs has the challenge site read by Chromium)
    let off = ictrank::browser::BrowserConfig {
        mode: ictrank::browser::BrowserMode::Off,
        ..Default::default()
    };
    let outcome = ictrank::demo::run(out.path(), as_of, off).await.unwrap();
    let r = &outcome.results;

    // Every report exists, with a scorecard per evaluated unit.
    for name in [
        "ranking.xlsx",
        "ranking.html",
        "ranking.csv",
        "ranking.json",
        "review.txt",
    ] {
        assert!(outcome.dir.join(name).is_file(), "missing {name}");
    }
    assert!(outcome.dir.join("scorecards/so-noi-vu.html").is_file());
    assert!(outcome.dir.join("scorecards/so-noi-vu.docx").is_file());

    // Each platform's site was recognised by its profile.
    let profiles: BTreeMap<&str, &str> = r.audits.iter().map(|(u, a)| (u.as_str(), a.profile.as_str())).collect();
    assert_eq!(profiles["so-thong-tin-va-truyen-thong"], "liferay");
    assert_eq!(profiles["so-tu-phap"], "sharepoint");
    assert_eq!(profiles["so-ke-hoach-va-dau-tu"], "nukeviet");
    assert_eq!(profiles["so-tai-chinh"], "inet");
    assert_eq!(profiles["so-y-te"], "dotnetnuke");
    assert_eq!(profiles["ubnd-huyen-an-binh"], "wordpress");

    // Fresh beats stale beats missing sections; the unreachable and challenge sites await review
    // instead of scoring zero.
    let web = |u: &str| r.websites[u].points;
    assert!(web("so-thong-tin-va-truyen-thong") > web("so-noi-vu"), "fresh vs stale");
    let stale_news = r.websites["so-noi-vu"]
        .criteria
        .iter()
        .find(|c| c.id == "tin_tuc")
        .unwrap();
    assert_eq!(stale_news.latest_date, Some(as_of - chrono::Days::new(200)));
    // The fresh, complete Liferay site has its HTML site map (all links, no prose) and sitemap.xml, a
    // directory of officials with phones and e-mails, and a real history page.
    let fresh = &r.websites["so-thong-tin-va-truyen-thong"];
    for id in ["so_do_site", "danh_ba", "lich_su_dia_ly"] {
        let c = fresh.criteria.iter().find(|c| c.id == id).unwrap();
        assert_eq!((c.outcome, c.points), (Outcome::Met, 15.0), "{id}: {:?}", c.evidence);
    }
    let map = fresh.criteria.iter().find(|c| c.id == "so_do_site").unwrap();
    assert!(
        map.evidence
            .iter()
            .any(|e| e.url.ends_with("so-do-cong") && e.note.starts_with("sơ đồ trang dạng HTML")),
        "{:?}",
        map.evidence
    );
    let missing = &r.websites["so-y-te"];
    for id in ["hoi_dap", "lich_lam_viec", "rss", "tim_kiem"] {
        let c = missing.criteria.iter().find(|c| c.id == id).unwrap();
        assert_eq!(
            (c.outcome, c.points),
            (Outcome::NotMet, 0.0),
            "{id} on the site without it"
        );
    }
    for unit in ["so-xay-dung", "ubnd-huyen-song-xanh"] {
        assert!(!r.websites[unit].is_complete(), "{unit} cannot be verified");
        assert!(r.review.iter().any(|i| i.unit_id == unit), "{unit} awaits review");
        assert!(
            r.ranking
                .table("1")
                .unwrap()
                .rows
                .iter()
                .chain(&r.ranking.table("2").unwrap().rows)
                .all(|row| row.unit_id != unit)
        );
    }

    // The XLSX read back equals the computed Bảng 1.
    let (_, rows) = xlsx_rows::sheet_rows(&outcome.dir.join("ranking.xlsx"), "Bảng 1");
    let bang1 = r.ranking.table("1").unwrap();
    assert!(!bang1.rows.is_empty());
    let expected = xlsx_rows::expected_rows(bang1);
    assert_eq!(rows, expected);

    // The HTML report parses and holds every table and the charts.
    let html = std::fs::read_to_string(outcome.dir.join("ranking.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let tables = doc.select(&scraper::Selector::parse("table").unwrap()).count();
    assert!(
        tables >= r.ranking.tables.len(),
        "{tables} tables for {} ranking tables",
        r.ranking.tables.len()
    );
    let svgs = doc.select(&scraper::Selector::parse("svg").unwrap()).count();
    assert!(
        svgs >= 2 + r.ranking.tables.len() - 2,
        "tier pies, group bars and timelines: {svgs}"
    );
    for t in &r.ranking.tables {
        assert!(html.contains(&format!("Bảng {}", t.id)), "Bảng {} missing", t.id);
    }
    assert!(html.contains("Hình 1") && html.contains("Hình 2"));
}
