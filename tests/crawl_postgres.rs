//! The crawl store on PostgreSQL: the same runtime queries as SQLite. Runs in a fresh database on the
//! server named by ICTRANK_TEST_POSTGRES (which .ci/run starts); skipped locally without it.

mod support;

use ictrank::crawl::{CrawlTarget, crawl};
use ictrank::snapshot::{ErrorKind, SiteOutcome};
use ictrank::store::crawl::{latest_run_id, list_run_sites, load_snapshot};
use support::*;

#[tokio::test]
async fn crawl_store_round_trip_on_postgres() {
    let Some(store) = postgres_store().await else { return };
    let fx = Fixture::start(|_, target, _, headers| match target {
        "/robots.txt" => reply(200, "text/plain", "User-agent: *\nDisallow: /private\n"),
        "/" => page_with_links("Trang chủ", &["/gioi-thieu", "/private"]),
        "/gioi-thieu" if headers.get("if-modified-since").is_some() => axum::http::Response::builder()
            .status(304)
            .body(axum::body::Body::empty())
            .unwrap(),
        "/gioi-thieu" => {
            let mut r = page_with_links("Giới thiệu", &[]);
            r.headers_mut()
                .insert("last-modified", "Wed, 25 Nov 2026 04:23:53 GMT".parse().unwrap());
            r
        }
        _ => not_found(),
    })
    .await;
    let cfg = fx.config(&["pg.test"]);
    let targets = || {
        vec![CrawlTarget {
            unit_id: Some("u-pg".into()),
            url: "http://pg.test/".into(),
        }]
    };
    let first = crawl(&store, targets(), &cfg).await.unwrap();
    let second = crawl(&store, targets(), &cfg).await.unwrap();
    assert_eq!(latest_run_id(&store).await.unwrap(), Some(second.run_id));
    let sites = list_run_sites(&store, first.run_id).await.unwrap();
    assert_eq!(sites[0].unit_id.as_deref(), Some("u-pg"));
    assert_eq!(sites[0].outcome, Some(SiteOutcome::Ok));
    for run in [first.run_id, second.run_id] {
        let snap = load_snapshot(&store, run, "http://pg.test/").await.unwrap();
        let page = snap.page("http://pg.test/gioi-thieu").unwrap();
        assert!(page.text.as_deref().unwrap().contains("Giới thiệu"), "run {run}");
        assert_eq!(page.status, Some(200));
        assert_eq!(
            snap.page("http://pg.test/private").unwrap().error,
            Some(ErrorKind::RobotsDisallowed)
        );
    }
    assert_eq!(
        fx.hits_for("pg.test")
            .iter()
            .filter(|h| h.target == "/gioi-thieu")
            .count(),
        2
    );
}
