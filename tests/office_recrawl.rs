//! A crawl of one unit asked for in the web app, answered for real on loopback: in the demo's run
//! the Sông Xanh district's site is down (its host maps to a closed port); the site comes up on that port;
//! an evaluator (logged in, CSRF token, same Origin) presses the panel's button; the background
//! worker crawls just that unit with the run's stored crawl settings and audits it; the unit now
//! has verified website points, a total and a rank in the standing; the request reads "xong" with
//! who and when (Vietnam time), the audit trail says "thu thập lại theo yêu cầu của …", the run's
//! old audit is kept and its reports are written again as `run-N-v2`. Then `ictrank
//! crawl-requests` answers a request for a site that is down again: done, the unit back in the
//! panel with the cause. On SQLite, and on PostgreSQL when ICTRANK_TEST_POSTGRES is set.

mod support;
#[path = "support/webapp.rs"]
mod webapp;

use chrono::NaiveDate;
use ictrank::crawl::CrawlConfig;
use ictrank::pipeline::recrawl::{RecrawlOptions, spawn_worker};
use ictrank::pipeline::results::RunResults;
use ictrank::pipeline::standing::standing;
use ictrank::registry::Evaluation;
use ictrank::store::users::RequestState;
use ictrank::store::{self, Store};
use reqwest::StatusCode;
use scraper::Html;
use std::net::SocketAddr;
use std::time::Duration;
use webapp::{select, start_app};

const UNIT: &str = "ubnd-huyen-song-xanh";

fn opts() -> RecrawlOptions {
    RecrawlOptions {
        browser: ictrank::browser::BrowserConfig {
            mode: ictrank::browser::BrowserMode::Off,
            ..Default::default()
        },
        profiles: ictrank::audit::Profiles::builtin(),
    }
}

/// The unit's row in the overall ranking: (points, rank).
fn overall(r: &RunResults, unit: &str) -> Option<(f64, u32)> {
    r.ranking
        .rows()
        .find(|row| row.unit_id == unit && !row.table.contains('.'))
        .map(|row| (row.points, row.rank))
}

/// Forwards every connection made to `listen` to `to` (the site "comes up" on the address the
/// run's settings name) until the returned task is aborted.
async fn forward(listen: SocketAddr, to: SocketAddr) -> tokio::task::JoinHandle<()> {
    let listener = tokio::net::TcpListener::bind(listen).await.unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(to).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_crawl_of_an_unreachable_unit_moves_its_points_and_rank() {
    let out = tempfile::tempdir().unwrap();
    let db = out.path().join("ictrank.db").to_string_lossy().into_owned();
    queued_crawl(out.path(), db).await;
}

/// The same on PostgreSQL (when ICTRANK_TEST_POSTGRES names a server).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_crawl_works_the_same_on_postgres() {
    let Some(db) = support::postgres_url().await else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    queued_crawl(out.path(), db).await;
}

/// The whole story over the store `db` (a SQLite file or a postgres:// URL), files under `out`.
async fn queued_crawl(out: &std::path::Path, db: String) {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let store = Store::open(&db).await.unwrap();
    let outcome = ictrank::demo::run_in_store(out, &store, as_of, opts().browser)
        .await
        .unwrap();
    let run_id = outcome.results.run_id;
    let eval = Evaluation::load(&out.join("evaluation")).unwrap();
    let before = standing(&store, &eval, run_id).await.unwrap();
    assert_ne!(before.audits[UNIT].outcome, "ok", "the demo's unreachable site");
    assert!(!before.websites[UNIT].is_complete());
    assert_eq!(
        ictrank::pipeline::standing::unreachable_cause(&before.audits[UNIT]).0,
        "không kết nối được máy chủ"
    );
    assert_eq!(
        overall(&before, UNIT),
        None,
        "unranked while its site awaits an evaluator"
    );

    // The site comes up where the run's settings send its host.
    let host = url::Url::parse(eval.unit(UNIT).unwrap().website.as_deref().unwrap())
        .unwrap()
        .host_str()
        .unwrap()
        .to_string();
    let stored = store::users::crawl_run_config(&store, run_id).await.unwrap().unwrap();
    let closed = serde_json::from_str::<CrawlConfig>(&stored).unwrap().resolve[&host];
    let mut spec = ictrank_demo_sites::SITES
        .iter()
        .find(|s| s.unit_id == UNIT)
        .unwrap()
        .clone();
    spec.condition = ictrank_demo_sites::Condition::Fresh;
    let site = ictrank_demo_sites::serve_sites(as_of, &[spec]).await.unwrap();
    let proxy = forward(closed, site.addr).await;

    // The evaluator asks for the crawl from the unit's page (the app's client sends the session's
    // CSRF token and the app's Origin).
    let app = start_app(store.clone(), eval.clone(), tempfile::tempdir().unwrap()).await;
    let page = format!("/runs/{run_id}/units/{UNIT}");
    let (_, html) = app.get(&page).await;
    assert_eq!(
        select(
            &Html::parse_document(&html),
            &format!(r#"form.crawl[action="{page}/crawl"]"#)
        )
        .len(),
        1
    );
    let (status, location, body) = app.post(&format!("{page}/crawl"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location.as_deref(), Some(page.as_str()));
    let (_, html) = app.get(&page).await;
    let doc = Html::parse_document(&html);
    let row = select(&doc, "tr.crawl-request")[0].text().collect::<String>();
    assert!(row.contains("chờ") && row.contains("danhgia"), "{row}");

    // The server's background worker answers it.
    let worker = spawn_worker(db.clone(), eval.clone(), opts(), Duration::from_millis(100)).unwrap();
    let mut waited = 0;
    let request = loop {
        let r = store::users::crawl_requests(&store, &eval.id).await.unwrap().remove(0);
        if !r.state.open() || waited > 1200 {
            break r;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    };
    tokio::task::spawn_blocking(move || worker.stop()).await.unwrap();
    proxy.abort();
    site.shutdown().await;
    assert_eq!(request.state, RequestState::Done, "{request:?}");
    assert_eq!(request.requested_by, "danhgia");
    assert_eq!(request.run_id, Some(run_id));
    assert!(request.done_at.is_some());
    let crawl_run = request.crawl_run_id.unwrap();
    assert_ne!(crawl_run, run_id);

    // The unit now has verified website points, a total and a rank; the others keep theirs.
    let after = standing(&store, &eval, run_id).await.unwrap();
    assert_eq!(after.audits[UNIT].outcome, "ok");
    let web = after.websites[UNIT].clone();
    assert!(web.is_complete(), "{:?}", web.pending);
    assert!(web.points > 0.0);
    let (points, rank) = overall(&after, UNIT).expect("ranked now");
    assert!(points >= web.points);
    assert!(rank >= 1);
    assert!(
        !after
            .review
            .iter()
            .any(|r| r.unit_id == UNIT && r.reason.contains("không kiểm tra được website"))
    );
    assert_eq!(after.website_points("so-y-te"), before.website_points("so-y-te"));
    // The run's own audit of the unit is kept.
    let kept = store::audit::load_audits(&store, run_id).await.unwrap();
    let old = kept.iter().find(|(u, _)| u.as_deref() == Some(UNIT)).unwrap();
    assert_ne!(old.1.outcome, "ok");

    // Reports: a new version beside the old one, and the run points at it.
    let info = store::pipeline::run_info(&store, run_id).await.unwrap().unwrap();
    let v2 = outcome.dir.with_file_name(format!("run-{run_id}-v2"));
    assert_eq!(info.report_dir.as_deref(), Some(v2.to_string_lossy().as_ref()));
    assert_eq!(request.report_dir, info.report_dir);
    assert!(v2.join("ranking.html").is_file());
    assert!(outcome.dir.join("ranking.html").is_file(), "the old version stays");
    let old_json = std::fs::read_to_string(outcome.dir.join("ranking.json")).unwrap();
    let new_json = std::fs::read_to_string(v2.join("ranking.json")).unwrap();
    assert_ne!(old_json, new_json);

    // The pages: the unit page shows the verified points and the request done, with who and when
    // in Vietnam time; the panel is gone; the trail records it.
    let (_, html) = app.get(&page).await;
    let doc = Html::parse_document(&html);
    assert!(select(&doc, "#khong-kiem-tra-duoc").is_empty());
    let row = select(&doc, r#"tr.crawl-request[data-state="done"]"#)[0]
        .text()
        .collect::<String>();
    let asked = ictrank::util::time::timestamp_vn(&request.requested_at);
    assert!(
        row.contains("xong") && row.contains("danhgia") && row.contains(&asked),
        "{row}"
    );
    assert!(
        regex::Regex::new(r"\d\d/\d\d/\d{4} \d\d:\d\d")
            .unwrap()
            .is_match(&asked),
        "{asked}"
    );
    let heading = format!(
        "Tiêu chí website: {} / {} điểm",
        ictrank::report::points_text(web.points),
        ictrank::report::points_text(web.max_points)
    );
    assert!(html.contains(&heading), "unit page lacks {heading}");
    let (_, trail) = app.get("/overrides").await;
    assert!(
        trail.contains(&format!("thu thập lại theo yêu cầu của danhgia lúc {asked}")),
        "the audit trail records the crawl"
    );
    // The stored copy of an evidence page is found in the new crawl.
    let evidence = web
        .criteria
        .iter()
        .flat_map(|c| c.evidence.iter())
        .find(|e| e.url.starts_with("http"))
        .unwrap()
        .url
        .clone();
    let q = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("url", &evidence)
        .finish();
    let (status, stored) = app.get(&format!("/runs/{run_id}/stored?{q}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(stored.contains("Dưới đây là mã trang đã lưu"), "{evidence}");

    // `ictrank crawl-requests` (for a server run with --no-crawl): the site is down again; the
    // request is done and the unit is back in the panel with the cause.
    store::users::request_crawl(&store, &eval.id, run_id, UNIT, "danhgia")
        .await
        .unwrap();
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_ictrank"))
        .args(["crawl-requests", &out.join("evaluation").to_string_lossy(), "--db", &db])
        .args(["--browser", "off"])
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&cli.stdout);
    assert!(
        cli.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    assert!(printed.contains("Xong: UBND huyện Sông Xanh"), "{printed}");
    let again = standing(&store, &eval, run_id).await.unwrap();
    assert_ne!(again.audits[UNIT].outcome, "ok");
    assert_eq!(overall(&again, UNIT), None);
    let (_, html) = app.get(&page).await;
    let doc = Html::parse_document(&html);
    let heading = select(&doc, "#khong-kiem-tra-duoc h2")[0].text().collect::<String>();
    assert_eq!(
        heading,
        "Website không kiểm tra được: không kết nối được máy chủ",
        "{:?} / before: {:?}",
        ictrank::pipeline::standing::unreachable_cause(&again.audits[UNIT]),
        ictrank::pipeline::standing::unreachable_cause(&before.audits[UNIT])
    );
    assert!(
        outcome
            .dir
            .with_file_name(format!("run-{run_id}-v3"))
            .join("ranking.html")
            .is_file()
    );
}

/// A request that cannot be answered (here: the run's stored crawl settings are unreadable) is
/// marked "lỗi" with its cause in Vietnamese, nothing is crawled, the unit stays in the panel, and
/// the requests after it are still answered.
#[tokio::test]
async fn a_failed_request_is_marked_with_its_cause_and_the_queue_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("web.db").to_string_lossy()).await.unwrap();
    let eval = Evaluation::load(std::path::Path::new("data/evaluations/binh-dinh-2016")).unwrap();
    let app = start_app(store.clone(), eval.clone(), dir).await;
    let (run_id, unit) = webapp::synthetic_run(&app).await;
    let page = format!("/runs/{run_id}/units/{}", unit.id);
    let (status, _, body) = app.post(&format!("{page}/crawl"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let other = eval
        .units
        .iter()
        .find(|u| u.evaluated() && u.website.is_some() && u.id != unit.id)
        .unwrap();
    store::users::request_crawl(&store, &eval.id, run_id, &other.id, "danhgia")
        .await
        .unwrap();

    let answered = ictrank::pipeline::recrawl::answer_all(&store, &eval, &opts())
        .await
        .unwrap();
    assert_eq!(answered.len(), 2, "one failure does not stop the queue");
    let requests = store::users::crawl_requests(&store, &eval.id).await.unwrap();
    for r in &requests {
        assert_eq!(r.state, RequestState::Failed, "{r:?}");
        let why = r.error.as_deref().unwrap();
        assert!(
            why.contains(&format!("không đọc được thiết lập thu thập lưu cùng lượt #{run_id}")),
            "{why}"
        );
        assert_eq!(r.crawl_run_id, None);
    }
    let after = standing(&store, &eval, run_id).await.unwrap();
    assert_ne!(after.audits[&unit.id].outcome, "ok");

    let (_, html) = app.get(&page).await;
    let doc = Html::parse_document(&html);
    assert_eq!(select(&doc, "#khong-kiem-tra-duoc").len(), 1, "still in the panel");
    let row = select(&doc, r#"tr.crawl-request[data-state="failed"]"#)[0]
        .text()
        .collect::<String>();
    assert!(row.contains("lỗi: không đọc được thiết lập thu thập"), "{row}");
    // A failed request is closed: the button is back to ask again.
    assert_eq!(select(&doc, "form.crawl").len(), 1);
}
