//! Politeness against a loopback fixture: robots.txt disallow obeyed and recorded, Crawl-delay
//! applied (and capped with a note), 429 with Retry-After honoured, 503 then 200 retried.

mod support;

use ictrank::crawl::{CrawlTarget, crawl};
use ictrank::snapshot::{ErrorKind, PageRole, SiteOutcome};
use ictrank::store::crawl::load_snapshot;
use std::time::Duration;
use support::*;

fn target(url: &str) -> Vec<CrawlTarget> {
    vec![CrawlTarget {
        unit_id: Some("u1".into()),
        url: url.into(),
    }]
}

#[tokio::test]
async fn robots_disallow_and_capped_crawl_delay() {
    let fx = Fixture::start(|_, target, _, _| match target {
        "/robots.txt" => reply(
            200,
            "text/plain",
            "User-agent: *\nDisallow: /secret/\nCrawl-delay: 30\n",
        ),
        "/" => page_with_links("home", &["/a", "/b", "/secret/x", "/c"]),
        "/a" | "/b" | "/c" => page_with_links(target, &[]),
        _ => not_found(),
    })
    .await;
    let (store, _dir, _) = temp_store().await;
    let mut cfg = fx.config(&["robots.test"]);
    cfg.max_crawl_delay = Duration::from_millis(300);
    let summary = crawl(&store, target("http://robots.test"), &cfg).await.unwrap();
    assert_eq!(summary.sites_ok, 1);
    assert_eq!(
        fx.count("robots.test", "/secret/x"),
        0,
        "a disallowed URL is never requested"
    );
    // the start URL as the user typed it (no trailing slash) finds the stored site
    let snap = load_snapshot(&store, summary.run_id, "http://robots.test")
        .await
        .unwrap();
    let secret = snap
        .page("http://robots.test/secret/x")
        .expect("the disallowed link is recorded");
    assert_eq!(secret.error, Some(ErrorKind::RobotsDisallowed));
    assert_eq!(summary.errors_by_kind.get("robots_disallowed"), Some(&1));
    for p in ["/a", "/b", "/c"] {
        assert_eq!(fx.count("robots.test", p), 1, "{p} fetched once");
    }
    // the capped Crawl-delay (0.3 s) spaces every request after robots.txt, far above 100/s
    let hits = fx.hits_for("robots.test");
    let starts: Vec<_> = hits.iter().skip(1).map(|h| h.at).collect();
    assert!(starts.len() >= 5, "{hits:?}");
    for w in starts.windows(2) {
        let gap = w[1] - w[0];
        assert!(gap >= Duration::from_millis(280), "requests {gap:?} apart");
    }
    let notes: String = sqlx::query_scalar::<_, String>("SELECT notes FROM crawl_sites")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert!(notes.contains("Crawl-delay 30.0 s capped to 0.3 s"), "{notes}");
}

#[tokio::test]
async fn retry_after_and_server_errors_slow_down_and_retry() {
    let fx = Fixture::start(|_, target, earlier, _| {
        let seen = earlier.iter().filter(|h| h.target == target).count();
        match target {
            "/" => page_with_links("home", &["/busy", "/flaky", "/gone"]),
            "/busy" if seen == 0 => {
                let mut r = reply(429, "text/plain", "slow down");
                r.headers_mut().insert("retry-after", "1".parse().unwrap());
                r
            }
            "/flaky" if seen == 0 => reply(503, "text/plain", "try later"),
            "/busy" | "/flaky" => page_with_links(target, &[]),
            _ => not_found(),
        }
    })
    .await;
    let (store, _dir, _) = temp_store().await;
    let summary = crawl(&store, target("http://retry.test/"), &fx.config(&["retry.test"]))
        .await
        .unwrap();
    let busy: Vec<_> = fx
        .hits_for("retry.test")
        .into_iter()
        .filter(|h| h.target == "/busy")
        .collect();
    assert_eq!(busy.len(), 2);
    assert!(
        busy[1].at - busy[0].at >= Duration::from_millis(990),
        "Retry-After: 1 honoured"
    );
    assert_eq!(fx.count("retry.test", "/flaky"), 2, "503 retried once");
    assert_eq!(fx.count("retry.test", "/gone"), 1, "404 is not retried");
    let snap = load_snapshot(&store, summary.run_id, "http://retry.test/")
        .await
        .unwrap();
    for p in ["http://retry.test/busy", "http://retry.test/flaky"] {
        let page = snap.page(p).unwrap();
        assert_eq!((page.status, page.error), (Some(200), None), "{p}");
        assert!(page.is_ok_html());
    }
    assert_eq!(
        snap.page("http://retry.test/gone").unwrap().error,
        Some(ErrorKind::HttpStatus)
    );
    assert_eq!(snap.outcome, SiteOutcome::Ok);
    assert!(
        snap.pages
            .iter()
            .any(|p| p.role == PageRole::NotFoundProbe && p.status == Some(404))
    );
    // requests after the 429 never come faster than before: the host only ever slows down
    let hits = fx.hits_for("retry.test");
    let after: Vec<_> = hits.iter().filter(|h| h.at > busy[0].at).map(|h| h.at).collect();
    for w in after.windows(2) {
        assert!(w[1] - w[0] >= Duration::from_millis(9), "{:?}", w[1] - w[0]);
    }
}
