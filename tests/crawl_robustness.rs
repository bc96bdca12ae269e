//! Robustness against hostile or broken servers on loopback: redirect loop, 50 MB body, stalled
//! body, gzip bomb, Windows-1258 page, redirect to 127.0.0.1, challenge page, soft redirects, a
//! dead host, conditional requests on the next run, and the site time budget (a Retry-After
//! beyond it, a slowloris answer).

mod support;

use axum::body::Body;
use axum::http::Response;
use bytes::Bytes;
use ictrank::crawl::{CrawlTarget, crawl};
use ictrank::snapshot::{ErrorKind, PageRole, SiteOutcome};
use ictrank::store::crawl::{list_run_sites, load_snapshot};
use std::io::Write;
use std::time::Duration;
use support::*;

fn targets(urls: &[&str]) -> Vec<CrawlTarget> {
    urls.iter()
        .map(|u| CrawlTarget {
            unit_id: None,
            url: u.to_string(),
        })
        .collect()
}

fn endless(chunk: usize, pause: Option<Duration>) -> Body {
    let stream = futures::stream::unfold(0u64, move |n| async move {
        if let Some(p) = pause
            && n > 0
        {
            tokio::time::sleep(p).await;
        }
        Some((Ok::<_, std::io::Error>(Bytes::from(vec![b'a'; chunk])), n + 1))
    });
    Body::from_stream(stream)
}

fn gzip_bomb() -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..64 {
        enc.write_all(&zeros).unwrap();
    }
    enc.finish().unwrap()
}

#[tokio::test]
async fn hostile_pages_are_recorded_with_their_error_kind() {
    let bomb = gzip_bomb();
    assert!(bomb.len() < 200 * 1024, "64 MB of zeros compress small");
    let fx = Fixture::start(move |host, target, _, _| match (host, target) {
        (_, "/robots.txt") => not_found(),
        ("bad.test", "/") => page_with_links(
            "home",
            &[
                "/loop1",
                "/big",
                "/big-declared",
                "/stall",
                "/bomb",
                "/to-loopback",
                "/ok",
            ],
        ),
        ("bad.test", "/loop1") => redirect(302, "/loop2"),
        ("bad.test", "/loop2") => redirect(301, "http://bad.test/loop1"),
        ("bad.test", "/big") => {
            // 50 MB, chunked: only the read cap stops it
            Response::builder()
                .header("content-type", "text/html")
                .body(endless(1024 * 1024, None))
                .unwrap()
        }
        ("bad.test", "/big-declared") => Response::builder()
            .header("content-type", "text/html")
            .header("content-length", (50 * 1024 * 1024).to_string())
            .body(endless(1024 * 1024, None))
            .unwrap(),
        ("bad.test", "/stall") => Response::builder()
            .header("content-type", "text/html")
            .body(endless(100, Some(Duration::from_secs(60))))
            .unwrap(),
        ("bad.test", "/bomb") => Response::builder()
            .header("content-type", "text/html")
            .header("content-encoding", "gzip")
            .body(Body::from(bomb.clone()))
            .unwrap(),
        ("bad.test", "/to-loopback") => redirect(302, "http://127.0.0.1:9/secret"),
        ("bad.test", "/ok") => page_with_links("ok", &[]),
        _ => not_found(),
    })
    .await;
    let (store, _dir, _) = temp_store().await;
    let mut cfg = fx.config(&["bad.test"]);
    cfg.max_retries = 1;
    let t0 = std::time::Instant::now();
    let summary = crawl(&store, targets(&["http://bad.test/"]), &cfg).await.unwrap();
    assert!(
        t0.elapsed() < Duration::from_secs(20),
        "caps and timeouts keep the crawl short: {:?}",
        t0.elapsed()
    );
    let snap = load_snapshot(&store, summary.run_id, "http://bad.test/").await.unwrap();
    let kind = |path: &str| {
        snap.page(&format!("http://bad.test{path}"))
            .unwrap_or_else(|| panic!("{path} stored"))
            .error
    };
    assert_eq!(kind("/loop1"), Some(ErrorKind::RedirectLoop));
    assert_eq!(kind("/big"), Some(ErrorKind::BodyTooLarge));
    assert_eq!(kind("/big-declared"), Some(ErrorKind::BodyTooLarge));
    assert_eq!(kind("/stall"), Some(ErrorKind::Timeout));
    assert_eq!(kind("/bomb"), Some(ErrorKind::BodyTooLarge));
    assert_eq!(kind("/to-loopback"), Some(ErrorKind::RefusedAddress));
    assert_eq!(kind("/ok"), None);
    assert_eq!(
        snap.page("http://bad.test/to-loopback").unwrap().final_url,
        "http://127.0.0.1:9/secret"
    );
    assert!(
        fx.hits.lock().unwrap().iter().all(|h| h.host == "bad.test"),
        "nothing but bad.test was contacted"
    );
    assert_eq!(
        fx.count("bad.test", "/stall"),
        2,
        "a stalled body is a transient failure: retried once"
    );
    assert_eq!(fx.count("bad.test", "/big"), 1, "a too-large body is not retried");
    assert_eq!(snap.outcome, SiteOutcome::Ok);
}

#[tokio::test]
async fn redirect_to_loopback_is_followed_when_allowed() {
    let fx = Fixture::start(|host, target, _, _| match (host, target) {
        ("hop.test", "/") => redirect(302, "/next"),
        ("hop.test", "/next") => page_with_links("next", &[]),
        _ => not_found(),
    })
    .await;
    let (store, _dir, _) = temp_store().await;
    let mut cfg = fx.config(&["hop.test"]);
    // a redirect to the fixture's own loopback address, named by IP
    let fx2 = Fixture::start(|_, _, _, _| page_with_links("loopback", &[])).await;
    let loop_url = format!("http://127.0.0.1:{}/", fx2.addr.port());
    let fx3 = Fixture::start(move |_, target, _, _| match target {
        "/" => redirect(302, &loop_url),
        _ => not_found(),
    })
    .await;
    cfg.resolve.insert("jump.test".into(), fx3.addr);
    let summary = crawl(&store, targets(&["http://hop.test/", "http://jump.test/"]), &cfg)
        .await
        .unwrap();
    let sites = list_run_sites(&store, summary.run_id).await.unwrap();
    assert_eq!(sites[0].outcome, Some(SiteOutcome::Ok));
    assert!(matches!(
        &sites[1].outcome,
        Some(SiteOutcome::CouldNotVerify {
            kind: ErrorKind::RefusedAddress,
            ..
        })
    ));
    assert_eq!(fx2.hits.lock().unwrap().len(), 0);
    cfg.allow_private_addresses = true;
    let summary = crawl(&store, targets(&["http://jump.test/"]), &cfg).await.unwrap();
    assert_eq!(summary.sites_ok, 1);
    assert!(!fx2.hits.lock().unwrap().is_empty());
}

#[tokio::test]
async fn windows_1258_challenge_soft_redirect_and_dead_host() {
    let challenge = std::fs::read(corpus("real/chinhphu.vn/root-commoncrawl-2018-13.html")).unwrap();
    let fx = Fixture::start(move |host, target, _, _| match (host, target) {
        (_, "/robots.txt") => not_found(),
        ("vn1258.test", "/") => reply(
            200,
            "text/html; charset=windows-1258",
            // "Cổng thông tin Việt Nam" in Windows-1258: tones as combining marks
            b"<html><body><h1>C\xF4\xD2ng th\xF4ng tin Vi\xEA\xF2t Nam</h1></body></html>".to_vec(),
        ),
        ("challenge.test", "/") => reply(200, "text/html", challenge.clone()),
        ("soft.test", "/") => {
            html("<html><head><meta http-equiv=\"refresh\" content=\"0; url=/portal/home\"></head></html>")
        }
        ("soft.test", "/portal/home") => {
            html("<html><body><script>window.location.href='https://www.soft.test/';</script></body></html>")
        }
        ("soft.test", "/portal/home2") => page_with_links("home2", &["/portal/tin-tuc"]),
        ("soft.test", "/portal/tin-tuc") => page_with_links("tin", &[]),
        _ => not_found(),
    })
    .await;
    let (store, _dir, _) = temp_store().await;
    let mut cfg = fx.config(&["vn1258.test", "challenge.test", "soft.test"]);
    // a host that answers nothing: a closed port on loopback
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = closed.local_addr().unwrap();
    drop(closed);
    cfg.resolve.insert("dead.test".into(), dead);
    // https to a server that speaks plain HTTP: the TLS handshake fails
    cfg.resolve.insert("tls.test".into(), fx.addr);
    let summary = crawl(
        &store,
        targets(&[
            "http://vn1258.test/",
            "http://challenge.test/",
            "http://soft.test/",
            "http://dead.test/",
            "https://tls.test/",
        ]),
        &cfg,
    )
    .await
    .unwrap();
    assert_eq!((summary.sites_ok, summary.sites_could_not_verify), (1, 4), "{summary}");

    let snap = load_snapshot(&store, summary.run_id, "http://vn1258.test/")
        .await
        .unwrap();
    let home = snap.home().unwrap();
    assert!(
        home.text.as_deref().unwrap().contains("Cổng thông tin Việt Nam"),
        "{:?}",
        home.text
    );
    assert_eq!(
        home.charset.as_deref(),
        Some("windows-1258 (header); legacy=windows-1258")
    );

    let snap = load_snapshot(&store, summary.run_id, "http://challenge.test/")
        .await
        .unwrap();
    assert!(matches!(
        snap.outcome,
        SiteOutcome::CouldNotVerify {
            kind: ErrorKind::BlockedOrChallenge,
            ..
        }
    ));
    assert_eq!(
        fx.hits_for("challenge.test").len(),
        2,
        "robots.txt and the home page, nothing more"
    );

    let snap = load_snapshot(&store, summary.run_id, "https://tls.test/")
        .await
        .unwrap();
    assert!(
        matches!(
            snap.outcome,
            SiteOutcome::CouldNotVerify {
                kind: ErrorKind::Tls,
                ..
            }
        ),
        "{:?}",
        snap.outcome
    );
    assert_eq!(
        fx.hits_for("tls.test").len(),
        0,
        "no HTTP request went through the failed handshake"
    );

    let snap = load_snapshot(&store, summary.run_id, "http://dead.test/")
        .await
        .unwrap();
    assert!(
        matches!(
            snap.outcome,
            SiteOutcome::CouldNotVerify {
                kind: ErrorKind::Connect,
                ..
            }
        ),
        "{:?}",
        snap.outcome
    );

    // a meta refresh, then a script redirect to https://www. (same site, another host that does
    // not resolve here): both followed, and the home page's failure is the last hop's
    let snap = load_snapshot(&store, summary.run_id, "http://soft.test/")
        .await
        .unwrap();
    let home = snap.home().unwrap();
    assert_eq!(home.url, "http://soft.test/");
    assert_eq!(home.final_url, "https://www.soft.test/");
    assert!(
        matches!(
            snap.outcome,
            SiteOutcome::CouldNotVerify {
                kind: ErrorKind::Dns,
                ..
            }
        ),
        "{:?}",
        snap.outcome
    );
}

#[tokio::test]
async fn soft_redirects_on_the_same_host_are_followed() {
    let fx = Fixture::start(|_, target, _, _| match target {
        "/" => html("<html><head><meta http-equiv=\"refresh\" content=\"1; url=/c\"></head></html>"),
        "/c" => html("<script language=\"Javascript\">window.location.href=\"/portal/\";</script>"),
        "/portal/" => page_with_links("portal", &["/portal/gioi-thieu"]),
        "/portal/gioi-thieu" => page_with_links("gt", &[]),
        _ => not_found(),
    })
    .await;
    let (store, _dir, _) = temp_store().await;
    let summary = crawl(&store, targets(&["http://meta.test/"]), &fx.config(&["meta.test"]))
        .await
        .unwrap();
    let snap = load_snapshot(&store, summary.run_id, "http://meta.test/")
        .await
        .unwrap();
    assert_eq!(snap.outcome, SiteOutcome::Ok);
    let home = snap.home().unwrap();
    assert_eq!(
        (home.url.as_str(), home.final_url.as_str()),
        ("http://meta.test/", "http://meta.test/portal/")
    );
    assert!(home.text.as_deref().unwrap().contains("portal"));
    assert_eq!(snap.pages.iter().filter(|p| p.role == PageRole::Home).count(), 1);
    assert!(
        snap.page("http://meta.test/portal/gioi-thieu")
            .is_some_and(|p| p.is_ok_html())
    );
}

#[tokio::test]
async fn next_run_sends_validators_and_reuses_the_body_on_304() {
    let fx = Fixture::start(|_, target, _, headers| match target {
        "/" => page_with_links("home", &["/doc"]),
        "/doc" if headers.get("if-none-match").is_some_and(|v| v == "\"v1\"") => {
            Response::builder().status(304).body(Body::empty()).unwrap()
        }
        "/doc" => {
            let mut r = page_with_links("tài liệu", &[]);
            r.headers_mut().insert("etag", "\"v1\"".parse().unwrap());
            r
        }
        _ => not_found(),
    })
    .await;
    let (store, _dir, _) = temp_store().await;
    let cfg = fx.config(&["cond.test"]);
    let first = crawl(&store, targets(&["http://cond.test/"]), &cfg).await.unwrap();
    let second = crawl(&store, targets(&["http://cond.test/"]), &cfg).await.unwrap();
    assert_ne!(first.run_id, second.run_id);
    let a = load_snapshot(&store, first.run_id, "http://cond.test/").await.unwrap();
    let b = load_snapshot(&store, second.run_id, "http://cond.test/").await.unwrap();
    let (pa, pb) = (
        a.page("http://cond.test/doc").unwrap(),
        b.page("http://cond.test/doc").unwrap(),
    );
    assert_eq!(pb.status, Some(200), "the 304 is presented with the stored page");
    assert_eq!(pa.text, pb.text);
    assert!(pb.text.as_deref().unwrap().contains("tài liệu"));
    let not_modified: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM crawl_fetches WHERE not_modified = 1 AND run_id = $1")
            .bind(second.run_id)
            .fetch_one(&store.pool)
            .await
            .unwrap();
    assert_eq!(not_modified, 1);
    let bodies: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM crawl_bodies")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    let fetches_with_body: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM crawl_fetches WHERE body_sha256 IS NOT NULL")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert!(
        bodies < fetches_with_body,
        "identical bodies are stored once ({bodies} bodies, {fetches_with_body} fetches)"
    );
}

#[tokio::test]
async fn site_time_budget_stops_the_crawl_with_a_note() {
    let fx = Fixture::start(|_, target, _, _| match target {
        "/" => {
            let links: Vec<String> = (0..30).map(|i| format!("/cham-{i}")).collect();
            let refs: Vec<&str> = links.iter().map(String::as_str).collect();
            page_with_links("home", &refs)
        }
        t if t.starts_with("/cham-") => page_with_links(t, &[]),
        _ => not_found(),
    })
    .await;
    let (store, _dir, _) = temp_store().await;
    let mut cfg = fx.config(&["budget.test"]);
    cfg.per_host_rate = Some(10.0);
    cfg.site_time_budget = Duration::from_millis(800);
    let t0 = std::time::Instant::now();
    let summary = crawl(&store, targets(&["http://budget.test/"]), &cfg).await.unwrap();
    assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    let snap = load_snapshot(&store, summary.run_id, "http://budget.test/")
        .await
        .unwrap();
    assert_eq!(
        snap.outcome,
        SiteOutcome::Ok,
        "the home page was fetched: the site is verified"
    );
    let fetched = fx.hits_for("budget.test").len();
    assert!(
        (3..20).contains(&fetched),
        "{fetched} requests in an 0.8 s budget at 10/s"
    );
    let notes: String = sqlx::query_scalar("SELECT notes FROM crawl_sites")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert!(notes.contains("site_budget_exhausted"), "{notes}");
}

#[tokio::test]
async fn a_retry_after_beyond_the_site_budget_ends_the_site_with_a_note() {
    let fx = Fixture::start(|_, target, _, _| match target {
        "/robots.txt" => not_found(),
        "/" => page_with_links("home", &["/ban", "/a", "/b", "/c"]),
        "/ban" => {
            let mut r = reply(503, "text/plain", "bảo trì");
            r.headers_mut().insert("retry-after", "120".parse().unwrap());
            r
        }
        t => page_with_links(t, &[]),
    })
    .await;
    let (store, _dir, _) = temp_store().await;
    let mut cfg = fx.config(&["wait.test"]);
    cfg.per_host_rate = Some(20.0);
    cfg.per_host_concurrency = 1;
    cfg.site_time_budget = Duration::from_secs(20);
    let t0 = std::time::Instant::now();
    let summary = crawl(&store, targets(&["http://wait.test/"]), &cfg).await.unwrap();
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "no 120 s wait: {:?}",
        t0.elapsed()
    );
    assert_eq!(fx.count("wait.test", "/ban"), 1, "not asked again");
    let snap = load_snapshot(&store, summary.run_id, "http://wait.test/")
        .await
        .unwrap();
    assert_eq!(snap.outcome, SiteOutcome::Ok, "the home page was read");
    let ban = snap.page("http://wait.test/ban").unwrap();
    assert_eq!(
        (ban.status, ban.error),
        (Some(503), Some(ErrorKind::SiteBudgetExhausted))
    );
    assert_eq!(summary.sites_out_of_time, 1);
    let notes: String = sqlx::query_scalar("SELECT notes FROM crawl_sites")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert!(notes.contains("Retry-After 120 s"), "{notes}");
    let text = summary.to_string();
    assert!(
        text.contains("thời gian tối đa cho mỗi trang web: 20 giây; dừng sớm vì hết thời gian: 1"),
        "{text}"
    );
}

#[tokio::test]
async fn a_slowloris_page_is_cut_by_the_request_timeout_or_the_site_budget() {
    // one byte every 100 ms: never stalls long enough for the stall timeout
    let trickle = || {
        Response::builder()
            .header("content-type", "text/html")
            .body(endless(1, Some(Duration::from_millis(100))))
            .unwrap()
    };
    let fx = Fixture::start(move |host, target, _, _| match (host, target) {
        (_, "/robots.txt") => not_found(),
        ("slow.test", "/") => trickle(),
        ("slowpages.test", "/") => page_with_links("home", &["/slow"]),
        ("slowpages.test", "/slow") => trickle(),
        _ => not_found(),
    })
    .await;
    let (store, _dir, _) = temp_store().await;
    let mut cfg = fx.config(&["slow.test", "slowpages.test"]);
    cfg.request_timeout = Duration::from_millis(1500);
    let t0 = std::time::Instant::now();
    let summary = crawl(&store, targets(&["http://slow.test/"]), &cfg).await.unwrap();
    assert!(t0.elapsed() < Duration::from_secs(4), "{:?}", t0.elapsed());
    let snap = load_snapshot(&store, summary.run_id, "http://slow.test/")
        .await
        .unwrap();
    assert!(
        matches!(&snap.outcome, SiteOutcome::CouldNotVerify { kind: ErrorKind::Timeout, detail } if detail.contains("bytes received")),
        "{:?}",
        snap.outcome
    );
    assert_eq!(
        fx.count("slow.test", "/"),
        1,
        "a trickling answer is not asked for again"
    );

    // the site's budget cuts a read that the request timeout would still allow
    cfg.request_timeout = Duration::from_secs(30);
    cfg.site_time_budget = Duration::from_millis(1200);
    let t0 = std::time::Instant::now();
    let summary = crawl(&store, targets(&["http://slowpages.test/"]), &cfg).await.unwrap();
    assert!(t0.elapsed() < Duration::from_secs(4), "{:?}", t0.elapsed());
    let snap = load_snapshot(&store, summary.run_id, "http://slowpages.test/")
        .await
        .unwrap();
    assert_eq!(snap.outcome, SiteOutcome::Ok);
    assert_eq!(
        snap.page("http://slowpages.test/slow").unwrap().error,
        Some(ErrorKind::SiteBudgetExhausted)
    );
    assert_eq!(summary.sites_out_of_time, 1);
}
