//! robots.txt as RFC 9309 reads it (missing: allowed; server error or reset: the site is not
//! crawled and is reported as such; a robots.txt over 500 KiB: its first 500 KiB honoured), and the
//! address guard on every connection (start URLs, redirects, DNS answers), against loopback
//! servers only.

mod support;

use ictrank::crawl::{CrawlTarget, crawl};
use ictrank::snapshot::{ErrorKind, PageRole, SiteOutcome};
use ictrank::store::crawl::{list_run_sites, load_snapshot};
use std::net::SocketAddr;
use std::process::Command;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn targets(urls: &[&str]) -> Vec<CrawlTarget> {
    urls.iter()
        .map(|u| CrawlTarget {
            unit_id: None,
            url: u.to_string(),
        })
        .collect()
}

fn outcome_of(sites: &[ictrank::store::crawl::RunSite], url: &str) -> SiteOutcome {
    sites
        .iter()
        .find(|s| s.start_url == url)
        .and_then(|s| s.outcome.clone())
        .unwrap_or_else(|| panic!("{url} has no outcome"))
}

/// A server that resets every connection asking for /robots.txt and answers anything else
/// with a small page; returns its address and a counter of requests per path.
async fn resetting_server() -> (SocketAddr, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: std::sync::Arc<std::sync::Mutex<Vec<String>>> = Default::default();
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                break;
            };
            let log = log.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let n = sock.read(&mut buf).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]).to_string();
                let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
                log.lock().unwrap().push(path.clone());
                if path == "/robots.txt" {
                    sock.set_zero_linger().unwrap();
                    drop(sock); // RST
                } else {
                    let body = "<html><body><h1>trang</h1></body></html>";
                    let reply = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = sock.write_all(reply.as_bytes()).await;
                }
            });
        }
    });
    (addr, seen)
}

#[tokio::test]
async fn robots_txt_is_read_as_rfc_9309_says() {
    let mut huge = String::from("User-agent: *\nDisallow: /\n");
    while huge.len() < 600 * 1024 {
        huge.push_str("# Tệp robots.txt rất lớn của một cổng thông tin, dòng chú thích để lấp chỗ.\n");
    }
    let fx = Fixture::start(move |host, target, _, _| match (host, target) {
        ("missing.test", "/robots.txt") => not_found(),
        ("broken.test", "/robots.txt") => reply(500, "text/html", "<h1>Lỗi máy chủ</h1>"),
        ("huge.test", "/robots.txt") => reply(200, "text/plain", huge.clone()),
        (_, "/") => page_with_links("home", &["/gioi-thieu"]),
        (_, "/gioi-thieu") => page_with_links("gt", &[]),
        _ => not_found(),
    })
    .await;
    let (reset_addr, reset_seen) = resetting_server().await;
    let (store, _dir, _) = temp_store().await;
    let mut cfg = fx.config(&["missing.test", "broken.test", "huge.test"]);
    cfg.resolve.insert("reset.test".into(), reset_addr);
    let urls = [
        "http://missing.test/",
        "http://broken.test/",
        "http://reset.test/",
        "http://huge.test/",
    ];
    let summary = crawl(&store, targets(&urls), &cfg).await.unwrap();
    let sites = list_run_sites(&store, summary.run_id).await.unwrap();

    // 404: no rules, the site is crawled
    assert_eq!(outcome_of(&sites, urls[0]), SiteOutcome::Ok);
    assert_eq!(fx.count("missing.test", "/gioi-thieu"), 1);

    // 500: nothing but robots.txt requested, reported as the server error it is
    match outcome_of(&sites, urls[1]) {
        SiteOutcome::CouldNotVerify { kind, detail } => {
            assert_eq!(kind, ErrorKind::HttpStatus);
            assert!(
                detail.contains("không đọc được robots.txt") && detail.contains("HTTP 500"),
                "{detail}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        fx.hits_for("broken.test").iter().all(|h| h.target == "/robots.txt"),
        "{:?}",
        fx.hits_for("broken.test")
    );
    let snap = load_snapshot(&store, summary.run_id, urls[1]).await.unwrap();
    assert!(
        snap.pages.iter().all(|p| p.role == PageRole::Robots),
        "no page is recorded as disallowed"
    );
    assert_eq!(
        summary.errors_by_kind.get("robots_disallowed"),
        Some(&1),
        "only huge.test's home page: {summary}"
    );

    // reset: the same, with the network failure as the kind
    match outcome_of(&sites, urls[2]) {
        SiteOutcome::CouldNotVerify { kind, detail } => {
            assert_eq!(kind, ErrorKind::Connect, "{detail}");
            assert!(detail.contains("không đọc được robots.txt"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    let asked = reset_seen.lock().unwrap().clone();
    assert!(
        !asked.is_empty() && asked.iter().all(|p| p == "/robots.txt"),
        "{asked:?}"
    );

    // 600 KiB: the first 500 KiB are parsed, and `Disallow: /` at the top is honoured
    assert_eq!(fx.count("huge.test", "/"), 0, "the home page is disallowed");
    assert!(matches!(
        outcome_of(&sites, urls[3]),
        SiteOutcome::CouldNotVerify {
            kind: ErrorKind::RobotsDisallowed,
            ..
        }
    ));
    let notes: String = sqlx::query_scalar("SELECT notes FROM crawl_sites WHERE start_url = $1")
        .bind(urls[3])
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert!(notes.contains("500 KiB"), "{notes}");

    // the summary names each site that could not be verified, and why
    let text = summary.to_string();
    assert!(
        text.contains("http://broken.test/: http_status — không đọc được robots.txt"),
        "{text}"
    );
}

#[tokio::test]
async fn internal_addresses_are_refused_on_every_connection() {
    let inner = Fixture::start(|_, _, _, _| page_with_links("nội bộ", &[])).await;
    let inner_port = inner.addr.port();
    let to_other_port = format!("http://site.test:{inner_port}/admin");
    let to_localhost = format!("http://localhost:{inner_port}/");
    let fx = Fixture::start(move |host, target, _, _| match (host, target) {
        (_, "/robots.txt") => not_found(),
        ("site.test", "/") => page_with_links("home", &["/port", "/named", "/ok"]),
        ("site.test", "/port") => redirect(302, &to_other_port),
        ("site.test", "/named") => redirect(302, &to_localhost),
        ("site.test", "/ok") => page_with_links("ok", &[]),
        _ => not_found(),
    })
    .await;
    let (store, _dir, _) = temp_store().await;
    let cfg = fx.config(&["site.test"]);
    let literal = format!("http://127.0.0.1:{inner_port}/");
    let named = format!("http://localhost:{inner_port}/");
    let summary = crawl(&store, targets(&["http://site.test/", &literal, &named]), &cfg)
        .await
        .unwrap();
    let sites = list_run_sites(&store, summary.run_id).await.unwrap();
    assert_eq!(outcome_of(&sites, "http://site.test/"), SiteOutcome::Ok);
    // start URLs are guarded like any other: an IP literal, and a name the resolver answers
    // with loopback addresses only
    for (url, shown) in [(&literal, "127.0.0.1"), (&named, "localhost")] {
        match outcome_of(&sites, url) {
            SiteOutcome::CouldNotVerify { kind, detail } => {
                assert_eq!(kind, ErrorKind::RefusedAddress, "{url}: {detail}");
                assert!(
                    detail.contains(shown) && detail.contains("--allow-private-addresses"),
                    "{detail}"
                );
            }
            other => panic!("{url}: {other:?}"),
        }
    }
    let snap = load_snapshot(&store, summary.run_id, "http://site.test/")
        .await
        .unwrap();
    let page = |p: &str| snap.page(&format!("http://site.test{p}")).unwrap();
    // another port of a --resolve host is another service on that internal address
    assert_eq!(page("/port").error, Some(ErrorKind::RefusedAddress));
    assert!(page("/port").final_url.contains(&inner_port.to_string()));
    // a redirect to a name whose DNS answer is internal, refused at connect time
    assert_eq!(page("/named").error, Some(ErrorKind::RefusedAddress));
    assert_eq!(page("/ok").error, None);
    assert_eq!(
        inner.hits.lock().unwrap().len(),
        0,
        "the internal service was never reached"
    );

    // allowed explicitly, the same crawl reaches it
    let mut open = cfg.clone();
    open.allow_private_addresses = true;
    let summary = crawl(&store, targets(&[&named]), &open).await.unwrap();
    assert_eq!(summary.sites_ok, 1, "{summary}");
    assert!(!inner.hits.lock().unwrap().is_empty());
}

// multi-threaded: the fixture keeps serving while the test waits for the child process
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_refuses_localhost_with_a_clear_message() {
    let fx = Fixture::start(|_, target, _, _| match target {
        "/" => page_with_links("home", &[]),
        _ => not_found(),
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let url = format!("http://localhost:{}/", fx.addr.port());
    let run = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_ictrank"))
            .args(["crawl", &url, "--db", db.to_str().unwrap()])
            .args(extra)
            .env("RUST_LOG", "error")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let stdout = run(&[]);
    assert!(stdout.contains("không kiểm tra được: 1"), "{stdout}");
    assert!(
        stdout.contains("refused_address") && stdout.contains("localhost chỉ trỏ tới địa chỉ nội bộ"),
        "{stdout}"
    );
    assert!(stdout.contains("--allow-private-addresses"), "{stdout}");
    assert_eq!(fx.hits.lock().unwrap().len(), 0);
    let stdout = run(&["--allow-private-addresses"]);
    assert!(stdout.contains("truy cập được: 1"), "{stdout}");
    assert!(fx.count("localhost", "/") >= 1);
}
