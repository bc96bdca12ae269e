//! Crawl workers on PostgreSQL: `ictrank crawl --create-only` records a run of nine sites on four
//! hosts, three `ictrank crawl --worker` processes share it, and one is SIGKILLed mid-site. Its
//! sites are claimed again once its lease runs out and finished from what it had stored; every
//! site ends done, each fetch is stored once, and no host ever served two requests at once (one
//! host, one worker, at `--per-host-concurrency 1`). Needs ICTRANK_TEST_POSTGRES (skipped without).

mod support;

use axum::body::Body;
use axum::http::Response;
use bytes::Bytes;
use ictrank::snapshot::SiteOutcome;
use ictrank::store::Store;
use ictrank::store::crawl::list_run_sites;
use sqlx::Row;
use std::collections::{BTreeSet, HashMap};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;

/// Pages linked from each site's start page.
const PAGES: usize = 4;
const HOSTS: [&str; 4] = ["h0.test", "h1.test", "h2.test", "h3.test"];
/// Site start URLs, hosts interleaved so that consecutive claims meet other workers' hosts.
const SITES: [&str; 9] = [
    "http://h0.test/",
    "http://h1.test/",
    "http://h2.test/",
    "http://h3.test/",
    "http://h0.test/a/",
    "http://h1.test/a/",
    "http://h2.test/a/",
    "http://h3.test/a/",
    "http://h0.test/b/",
];

/// Requests in flight per host, and the most ever seen at once.
#[derive(Default)]
struct InFlight(Mutex<HashMap<String, (usize, usize)>>);

/// Counts one request in flight until dropped (the body sent, or the client gone).
struct Guard(Arc<InFlight>, String);

impl Guard {
    fn new(t: Arc<InFlight>, host: &str) -> Guard {
        {
            let mut m = t.0.lock().unwrap();
            let e = m.entry(host.to_string()).or_default();
            e.0 += 1;
            e.1 = e.1.max(e.0);
        }
        Guard(t, host.to_string())
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.0.lock().unwrap().get_mut(&self.1).unwrap().0 -= 1;
    }
}

fn slow(guard: Guard, content_type: &'static str, body: String) -> Response<Body> {
    let stream = futures::stream::once(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        drop(guard);
        Ok::<_, std::io::Error>(Bytes::from(body))
    });
    Response::builder()
        .header("content-type", content_type)
        .body(Body::from_stream(stream))
        .unwrap()
}

fn ictrank(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ictrank"));
    cmd.args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Waits for a worker to exit (generously: the machine may be busy) and returns whether it succeeded.
async fn wait_exit(child: &mut Child, what: &str) -> bool {
    let t0 = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        if t0.elapsed() > Duration::from_secs(180) {
            child.kill().unwrap();
            panic!("{what} did not finish");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Unfinished sites claimed by the worker with process id `pid`, and the fetches stored for them.
async fn held_by(store: &Store, pid: u32) -> (Vec<i64>, i64) {
    let pattern = format!("%:{pid}");
    let sites: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM crawl_sites WHERE claimed_by LIKE $1 AND outcome IS NULL ORDER BY id")
            .bind(&pattern)
            .fetch_all(&store.pool)
            .await
            .unwrap();
    let fetches: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM crawl_fetches f JOIN crawl_sites s ON s.id = f.site_id \
         WHERE s.claimed_by LIKE $1 AND s.outcome IS NULL",
    )
    .bind(&pattern)
    .fetch_one(&store.pool)
    .await
    .unwrap();
    (sites, fetches)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_share_a_run_and_take_over_a_killed_one() {
    let Some(db) = postgres_url().await else { return };
    let in_flight = Arc::new(InFlight::default());
    let t = in_flight.clone();
    let fx = Fixture::start(move |host, target, _, _| {
        let guard = Guard::new(t.clone(), host);
        if target == "/robots.txt" {
            return slow(guard, "text/plain", "User-agent: *\nAllow: /\n".into());
        }
        let html = "text/html; charset=utf-8";
        // start pages: "/", "/a/", "/b/"; pages: "<prefix>trang-<i>"
        let (prefix, rest) = match target.rfind('/') {
            Some(i) => target.split_at(i + 1),
            None => return not_found(),
        };
        if rest.is_empty() {
            let links: String = (0..PAGES)
                .map(|i| format!("<a href=\"{prefix}trang-{i}\">Trang {i}</a> "))
                .collect();
            return slow(
                guard,
                html,
                format!("<html><body><h1>Cổng {host}{prefix}</h1>{links}</body></html>"),
            );
        }
        match rest.strip_prefix("trang-").and_then(|n| n.parse::<usize>().ok()) {
            Some(i) if i < PAGES => slow(guard, html, format!("<html><body><p>Trang số {i}</p></body></html>")),
            _ => not_found(),
        }
    })
    .await;
    let store = Store::open(&db).await.unwrap();
    let resolve: Vec<String> = HOSTS.iter().map(|h| format!("{h}={}", fx.addr)).collect();
    let mut common: Vec<&str> = vec!["--per-host-rate", "0", "--per-host-concurrency", "1", "--db", &db];
    for r in &resolve {
        common.extend(["--resolve", r.as_str()]);
    }

    let mut create = vec!["crawl"];
    create.extend(SITES);
    create.push("--create-only");
    create.extend(&common);
    let out = ictrank(&create).stdout(Stdio::piped()).output().unwrap();
    assert!(out.status.success(), "--create-only failed");
    let run: i64 = String::from_utf8(out.stdout).unwrap().trim().parse().unwrap();
    assert_eq!(list_run_sites(&store, run).await.unwrap().len(), SITES.len());

    let mut worker_args = vec!["crawl", "--worker", "--lease", "5", "--worker-sites", "2"];
    worker_args.extend(&common);
    // the doomed worker starts first and is killed once it has stored part of a site
    let mut doomed = ictrank(&worker_args).spawn().unwrap();
    let mut others = [
        ictrank(&worker_args).spawn().unwrap(),
        ictrank(&worker_args).spawn().unwrap(),
    ];
    let t0 = Instant::now();
    loop {
        let (sites, fetches) = held_by(&store, doomed.id()).await;
        if !sites.is_empty() && fetches >= 2 {
            break;
        }
        assert!(
            doomed.try_wait().unwrap().is_none(),
            "the worker ended before it could be killed"
        );
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "the worker never stored a fetch"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    doomed.kill().unwrap(); // SIGKILL
    doomed.wait().unwrap();
    let (orphaned, _) = held_by(&store, doomed.id()).await;
    assert!(!orphaned.is_empty(), "the killed worker held an unfinished site");
    let stored_before: BTreeSet<String> = sqlx::query_scalar("SELECT url FROM crawl_fetches")
        .fetch_all(&store.pool)
        .await
        .unwrap()
        .into_iter()
        .collect();

    for (i, w) in others.iter_mut().enumerate() {
        assert!(wait_exit(w, &format!("worker {i}")).await, "worker {i} failed");
    }

    // every site done, each claimed once, except the killed worker's unfinished ones (twice)
    let rows = sqlx::query("SELECT id, start_url, claims, claimed_by FROM crawl_sites WHERE run_id = $1 ORDER BY id")
        .bind(run)
        .fetch_all(&store.pool)
        .await
        .unwrap();
    for r in &rows {
        let (id, url): (i64, String) = (r.get("id"), r.get("start_url"));
        let claims: i64 = r.get("claims");
        let by: String = r.get("claimed_by");
        if orphaned.contains(&id) {
            assert_eq!(claims, 2, "{url}: taken over once after the kill");
            assert!(
                !by.ends_with(&format!(":{}", doomed.id())),
                "{url} finished by a live worker"
            );
        } else {
            assert_eq!(claims, 1, "{url} claimed once");
        }
    }
    for s in list_run_sites(&store, run).await.unwrap() {
        assert_eq!(s.outcome, Some(SiteOutcome::Ok), "{}", s.start_url);
    }

    // each site's fetches stored once each, none lost
    let fetched: Vec<(i64, String)> = sqlx::query("SELECT site_id, url FROM crawl_fetches WHERE run_id = $1")
        .bind(run)
        .fetch_all(&store.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let unique: BTreeSet<&(i64, String)> = fetched.iter().collect();
    assert_eq!(unique.len(), fetched.len(), "a fetch stored twice");
    for r in &rows {
        let (id, start): (i64, String) = (r.get("id"), r.get("start_url"));
        let urls: BTreeSet<&str> = fetched.iter().filter(|f| f.0 == id).map(|f| f.1.as_str()).collect();
        assert!(urls.contains(start.as_str()), "{start} lost");
        for i in 0..PAGES {
            assert!(
                urls.contains(format!("{start}trang-{i}").as_str()),
                "{start}trang-{i} lost"
            );
        }
    }

    // what was stored before the kill was not fetched again (only requests in flight were)
    let mut hits: HashMap<String, usize> = HashMap::new();
    for h in fx.hits.lock().unwrap().iter() {
        *hits.entry(format!("http://{}{}", h.host, h.target)).or_default() += 1;
    }
    for (start, page) in SITES.iter().flat_map(|s| (0..PAGES).map(move |i| (s, i))) {
        let url = format!("{start}trang-{page}");
        if stored_before.contains(&url) {
            assert_eq!(hits.get(&url), Some(&1), "{url} stored before the kill, fetched again");
        }
    }

    // one host, one worker: never two requests at once on a host
    for (host, (now, max)) in in_flight.0.lock().unwrap().iter() {
        assert_eq!(*now, 0, "{host}");
        assert_eq!(*max, 1, "{host} served {max} requests at once");
    }
}

#[test]
fn worker_on_sqlite_refuses_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out = Command::new(env!("CARGO_BIN_EXE_ictrank"))
        .args(["crawl", "--worker", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--worker cần cơ sở dữ liệu PostgreSQL"), "{err}");
    assert!(err.contains("SKIP LOCKED"), "{err}");
}
