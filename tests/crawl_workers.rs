//! Crawl workers on PostgreSQL: `ictrank crawl --create-only` records a run of nine sites on four
//! hosts, three `ictrank crawl --worker` processes share it, and one is SIGKILLed mid-site. Its
//! sites are claimed again once its lease runs out and finished from what it had stored; every
//! site ends done, each fetch is stored once, and no host ever served two requests at once (one
//! host, one worker, at `--per-host-concurrency 1`). A worker paused past its lease leaves the sites
//! taken from it to their new owner; `crawl --resume` leaves a live worker's sites alone. Needs
//! ICTRANK_TEST_POSTGRES (skipped without).

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

/// The loopback sites of the tests: start pages "/", "/a/", "/b/" on any host, each linking
/// [`PAGES`] pages "<prefix>trang-<i>"; every answer takes 150 ms, counted in `in_flight`.
async fn sites_fixture(in_flight: Arc<InFlight>) -> Fixture {
    Fixture::start(move |host, target, _, _| {
        if host == "hop.test" && target == "/" {
            return redirect(302, "http://h0.test/c/");
        }
        let guard = Guard::new(in_flight.clone(), host);
        if target == "/robots.txt" {
            return slow(guard, "text/plain", "User-agent: *\nAllow: /\n".into());
        }
        let html = "text/html; charset=utf-8";
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
    .await
}

/// `--resolve` for every test host, `--per-host-rate 0 --per-host-concurrency 1`, and the store.
fn common_args<'a>(db: &'a str, resolve: &'a [String]) -> Vec<&'a str> {
    let mut common: Vec<&str> = vec!["--per-host-rate", "0", "--per-host-concurrency", "1", "--db", db];
    for r in resolve {
        common.extend(["--resolve", r.as_str()]);
    }
    common
}

/// `ictrank crawl <SITES> --create-only …`: the new run's id.
async fn create_run(store: &Store, common: &[&str]) -> i64 {
    let mut create = vec!["crawl"];
    create.extend(SITES);
    create.push("--create-only");
    create.extend(common);
    let out = ictrank(&create).stdout(Stdio::piped()).output().unwrap();
    assert!(out.status.success(), "--create-only failed");
    let run: i64 = String::from_utf8(out.stdout).unwrap().trim().parse().unwrap();
    assert_eq!(list_run_sites(store, run).await.unwrap().len(), SITES.len());
    run
}

/// No fetch of the run stored twice for one site; returns the run's (site id, URL) fetches.
async fn assert_each_fetch_once(store: &Store, run: i64) -> Vec<(i64, String)> {
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
    fetched
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_share_a_run_and_take_over_a_killed_one() {
    let Some(db) = postgres_url().await else { return };
    let in_flight = Arc::new(InFlight::default());
    let fx = sites_fixture(in_flight.clone()).await;
    let store = Store::open(&db).await.unwrap();
    let resolve: Vec<String> = HOSTS.iter().map(|h| format!("{h}={}", fx.addr)).collect();
    let common = common_args(&db, &resolve);
    let run = create_run(&store, &common).await;

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
    let fetched = assert_each_fetch_once(&store, run).await;
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

/// Sites of run `run` whose claim is held by the worker with process id `pid`, finished or not.
async fn claimed_by_pid(store: &Store, run: i64, pid: u32) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM crawl_sites WHERE run_id = $1 AND claimed_by LIKE $2 ORDER BY id")
        .bind(run)
        .bind(format!("%:{pid}"))
        .fetch_all(&store.pool)
        .await
        .unwrap()
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success(), "kill {sig} failed");
}

/// A worker paused (SIGSTOP) past its lease while crawling: another worker takes its sites over;
/// once it runs again (SIGCONT) its next heartbeat tells it, it stops those crawls and stores
/// nothing over the new owner (no fetch twice, the new owner's outcome), and it exits cleanly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_worker_leaves_its_taken_sites_to_the_new_owner() {
    let Some(db) = postgres_url().await else { return };
    let fx = sites_fixture(Arc::new(InFlight::default())).await;
    let store = Store::open(&db).await.unwrap();
    let resolve: Vec<String> = HOSTS.iter().map(|h| format!("{h}={}", fx.addr)).collect();
    let common = common_args(&db, &resolve);
    let run = create_run(&store, &common).await;
    let mut worker_args = vec!["crawl", "--worker", "--lease", "2", "--worker-sites", "2"];
    worker_args.extend(&common);

    let mut stalled = ictrank(&worker_args).spawn().unwrap();
    let t0 = Instant::now();
    loop {
        let (sites, fetches) = held_by(&store, stalled.id()).await;
        if !sites.is_empty() && fetches >= 2 {
            signal(&stalled, "-STOP");
            // paused outside a transaction, so that its row locks do not hold the others up
            let open: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND xact_start IS NOT NULL AND pid <> pg_backend_pid()",
            )
            .fetch_one(&store.pool)
            .await
            .unwrap();
            if open == 0 {
                break;
            }
            signal(&stalled, "-CONT");
        }
        assert!(
            stalled.try_wait().unwrap().is_none(),
            "the worker ended before it stalled"
        );
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "the worker never stored a fetch"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (taken, _) = held_by(&store, stalled.id()).await;
    let mut other = ictrank(&worker_args).spawn().unwrap();
    // the other worker takes the stalled one's unfinished sites once its lease ran out
    let t1 = Instant::now();
    loop {
        let mine = claimed_by_pid(&store, run, other.id()).await;
        if taken.iter().all(|s| mine.contains(s)) {
            break;
        }
        assert!(
            t1.elapsed() < Duration::from_secs(60),
            "the stalled worker's sites were not taken over"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    signal(&stalled, "-CONT");
    assert!(
        wait_exit(&mut stalled, "the stalled worker").await,
        "the stalled worker failed"
    );
    assert!(
        wait_exit(&mut other, "the other worker").await,
        "the other worker failed"
    );

    for s in list_run_sites(&store, run).await.unwrap() {
        assert_eq!(s.outcome, Some(SiteOutcome::Ok), "{}", s.start_url);
    }
    let mine = claimed_by_pid(&store, run, other.id()).await;
    for site in &taken {
        assert!(
            mine.contains(site),
            "site {site} finished under the stalled worker's claim"
        );
        let claims: i64 = sqlx::query_scalar("SELECT claims FROM crawl_sites WHERE id = $1")
            .bind(site)
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(
            claims, 2,
            "site {site}: claimed by the stalled worker, then by the other"
        );
    }
    assert_each_fetch_once(&store, run).await;
}

/// One host, one worker, also for a host reached by redirect: a site starting on hop.test lands
/// on h0.test, where another site starts; two workers, one site each, never request h0.test at
/// the same time (the second waits for the first's hold on the host).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_reached_by_redirect_is_crawled_by_one_worker_at_a_time() {
    let Some(db) = postgres_url().await else { return };
    let in_flight = Arc::new(InFlight::default());
    let fx = sites_fixture(in_flight.clone()).await;
    let store = Store::open(&db).await.unwrap();
    let resolve: Vec<String> = ["hop.test", "h0.test"]
        .iter()
        .map(|h| format!("{h}={}", fx.addr))
        .collect();
    let common = common_args(&db, &resolve);
    let mut create = vec!["crawl", "http://hop.test/", "http://h0.test/", "--create-only"];
    create.extend(&common);
    let out = ictrank(&create).stdout(Stdio::piped()).output().unwrap();
    assert!(out.status.success(), "--create-only failed");
    let run: i64 = String::from_utf8(out.stdout).unwrap().trim().parse().unwrap();

    let mut worker_args = vec!["crawl", "--worker", "--lease", "5", "--worker-sites", "1"];
    worker_args.extend(&common);
    let mut workers = [
        ictrank(&worker_args).spawn().unwrap(),
        ictrank(&worker_args).spawn().unwrap(),
    ];
    for (i, w) in workers.iter_mut().enumerate() {
        assert!(wait_exit(w, &format!("worker {i}")).await, "worker {i} failed");
    }
    let rows = sqlx::query("SELECT start_url, claimed_by FROM crawl_sites WHERE run_id = $1 ORDER BY id")
        .bind(run)
        .fetch_all(&store.pool)
        .await
        .unwrap();
    let owners: BTreeSet<String> = rows.iter().map(|r| r.get::<String, _>("claimed_by")).collect();
    assert_eq!(owners.len(), 2, "each worker crawled one of the two sites");
    for s in list_run_sites(&store, run).await.unwrap() {
        assert_eq!(s.outcome, Some(SiteOutcome::Ok), "{}", s.start_url);
    }
    for i in 0..PAGES {
        assert_eq!(fx.count("h0.test", &format!("/c/trang-{i}")), 1, "/c/trang-{i}");
        assert_eq!(fx.count("h0.test", &format!("/trang-{i}")), 1, "/trang-{i}");
    }
    let (now, max) = in_flight.0.lock().unwrap()["h0.test"];
    assert_eq!(now, 0);
    assert_eq!(max, 1, "h0.test served {max} requests at once, for two workers");
}

/// `crawl --resume` on PostgreSQL respects a live worker's claim: it crawls every other site,
/// never touches the claimed one (no request to its host), and waits for its owner to finish it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_leaves_a_live_workers_site_alone() {
    let Some(db) = postgres_url().await else { return };
    let fx = sites_fixture(Arc::new(InFlight::default())).await;
    let store = Store::open(&db).await.unwrap();
    let resolve: Vec<String> = HOSTS.iter().map(|h| format!("{h}={}", fx.addr)).collect();
    let common = common_args(&db, &resolve);
    let run = create_run(&store, &common).await;
    // a live worker elsewhere holds the sites of h3.test (its heartbeat is fresh)
    let held = sqlx::query(
        "UPDATE crawl_sites SET claimed_by = 'may-khac:1', heartbeat_at = now(), claims = 1 \
         WHERE run_id = $1 AND host = 'h3.test'",
    )
    .bind(run)
    .execute(&store.pool)
    .await
    .unwrap()
    .rows_affected();
    assert_eq!(held, 2);

    let run_text = run.to_string();
    let mut resume_args = vec!["crawl", "--resume", run_text.as_str()];
    resume_args.extend(&common);
    let mut resume = ictrank(&resume_args).spawn().unwrap();
    let t0 = Instant::now();
    loop {
        let unfinished: Vec<String> =
            sqlx::query_scalar("SELECT host FROM crawl_sites WHERE run_id = $1 AND outcome IS NULL")
                .bind(run)
                .fetch_all(&store.pool)
                .await
                .unwrap();
        if unfinished.iter().all(|h| h == "h3.test") {
            break;
        }
        assert!(resume.try_wait().unwrap().is_none(), "--resume ended with sites left");
        assert!(
            t0.elapsed() < Duration::from_secs(90),
            "--resume did not crawl the free sites"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        resume.try_wait().unwrap().is_none(),
        "--resume ended while a worker still crawls"
    );
    assert!(
        fx.hits_for("h3.test").is_empty(),
        "--resume fetched from a host a live worker holds"
    );
    // the owner finishes its sites; --resume then ends the run
    sqlx::query("UPDATE crawl_sites SET outcome = 'ok', finished_at = '2026-12-02T00:00:00Z' WHERE run_id = $1 AND host = 'h3.test'")
        .bind(run)
        .execute(&store.pool)
        .await
        .unwrap();
    assert!(wait_exit(&mut resume, "--resume").await, "--resume failed");
    assert!(fx.hits_for("h3.test").is_empty());
    for s in list_run_sites(&store, run).await.unwrap() {
        assert_eq!(s.outcome, Some(SiteOutcome::Ok), "{}", s.start_url);
    }
    assert_each_fetch_once(&store, run).await;
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
