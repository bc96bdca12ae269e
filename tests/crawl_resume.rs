//! Kill-then-resume: the built binary crawls a slow fixture site, is SIGKILLed mid-crawl, then
//! `ictrank crawl --resume <run>` finishes the run. Nothing stored before the kill is fetched again
//! and nothing is lost.

mod support;

use axum::body::Body;
use axum::http::Response;
use bytes::Bytes;
use ictrank::snapshot::SiteOutcome;
use ictrank::store::Store;
use ictrank::store::crawl::{list_run_sites, load_snapshot};
use std::collections::{BTreeSet, HashMap};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

const PAGES: usize = 40;

fn slow_page(html: String) -> Response<Body> {
    let body = futures::stream::once(async move {
        tokio::time::sleep(Duration::from_millis(120)).await;
        Ok::<_, std::io::Error>(Bytes::from(html))
    });
    Response::builder()
        .header("content-type", "text/html; charset=utf-8")
        .body(Body::from_stream(body))
        .unwrap()
}

fn ictrank(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ictrank"));
    cmd.args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

async fn stored_urls(store: &Store) -> Vec<String> {
    sqlx::query_scalar::<_, String>("SELECT url FROM crawl_fetches ORDER BY id")
        .fetch_all(&store.pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_run_resumes_without_refetching_or_losing() {
    let fx = Fixture::start(|_, target, _, _| {
        if target == "/" {
            let links: String = (0..PAGES)
                .map(|i| format!("<a href=\"/trang-{i}\">Trang {i}</a> "))
                .collect();
            return slow_page(format!("<html><body><h1>Cổng</h1>{links}</body></html>"));
        }
        match target.strip_prefix("/trang-").and_then(|n| n.parse::<usize>().ok()) {
            Some(i) if i < PAGES => slow_page(format!("<html><body><p>Trang số {i}</p></body></html>")),
            _ => not_found(),
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("run.db");
    let db = db.to_str().unwrap();
    let resolve = format!("slow.test={}", fx.addr);
    let args = [
        "crawl",
        "http://slow.test/",
        "--resolve",
        &resolve,
        "--per-host-rate",
        "0",
        "--db",
        db,
    ];
    // the database exists (migrated) before the crawler starts, so the two never migrate at once
    let store = Store::open(db).await.unwrap();
    let mut child = ictrank(&args).spawn().unwrap();

    // wait until part of the site is stored, then kill -9
    let t0 = Instant::now();
    loop {
        let n = stored_urls(&store).await.len();
        if n >= 12 {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the crawl stored only {n} fetches"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the crawl ended before it could be killed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before_kill = stored_urls(&store).await;
    let sites = list_run_sites(&store, 1).await.unwrap();
    assert_eq!(sites[0].outcome, None, "the site was not finished when killed");
    assert!(
        before_kill.len() < PAGES + 2,
        "killed mid-crawl: {} stored",
        before_kill.len()
    );

    let out = ictrank(&[
        "crawl",
        "--resume",
        "1",
        "--resolve",
        &resolve,
        "--per-host-rate",
        "0",
        "--db",
        db,
    ])
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "resume failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let after = stored_urls(&store).await;
    let unique: BTreeSet<&String> = after.iter().collect();
    assert_eq!(unique.len(), after.len(), "no URL stored twice: {after:?}");
    for i in 0..PAGES {
        assert!(
            unique.contains(&format!("http://slow.test/trang-{i}")),
            "trang-{i} lost"
        );
    }
    assert!(unique.contains(&"http://slow.test/".to_string()));
    assert!(unique.contains(&"http://slow.test/robots.txt".to_string()));

    let mut hits: HashMap<String, usize> = HashMap::new();
    for h in fx.hits.lock().unwrap().iter() {
        *hits.entry(format!("http://slow.test{}", h.target)).or_default() += 1;
    }
    for url in &before_kill {
        assert_eq!(
            hits.get(url),
            Some(&1),
            "{url} was stored before the kill and must not be fetched again"
        );
    }
    // only requests in flight at the kill (never committed) may have been sent twice
    let twice = hits.values().filter(|n| **n > 1).count();
    assert!(twice <= 4, "{twice} URLs fetched twice; per-host concurrency is 2");
    assert!(hits.values().all(|n| *n <= 2));

    let snap = load_snapshot(&store, 1, "http://slow.test/").await.unwrap();
    assert_eq!(snap.outcome, SiteOutcome::Ok);
    assert!(
        snap.page("http://slow.test/trang-7")
            .unwrap()
            .text
            .as_deref()
            .unwrap()
            .contains("Trang số 7")
    );
}
