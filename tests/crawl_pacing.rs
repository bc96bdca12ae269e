//! Pacing as the server sees it: no two requests to one host start closer than 98 % of the
//! interval, even when the run-wide cap on requests on the wire makes requests wait; and many
//! sites crawled with nothing but a rate given finish near the politeness bound (asserted loosely
//! here; the measured ratios are in BENCHMARKS.md).

mod support;

use axum::body::Body;
use axum::http::{Request, Response};
use bytes::Bytes;
use ictrank::crawl::{CrawlConfig, CrawlTarget, crawl};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{not_found, page_with_links, reply, temp_store};

type Reply = Response<Body>;

/// A server that notes each request's host and arrival time before anything else, on a runtime
/// of its own, so the times are not delayed by the crawler's work or by the route.
struct Clock {
    addr: SocketAddr,
    arrivals: Arc<Mutex<Vec<(String, Instant)>>>,
}

impl Clock {
    fn start(route: fn(&str) -> Reply) -> Clock {
        let arrivals: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
        let log = arrivals.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let app = axum::Router::new().fallback(move |req: Request<Body>| {
                    let at = Instant::now();
                    let host = req
                        .headers()
                        .get("host")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string();
                    log.lock().unwrap().push((host, at));
                    let path = req.uri().path().to_string();
                    async move { route(&path) }
                });
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                axum::serve(listener, app).await.unwrap();
            });
        });
        Clock {
            addr: rx.recv().unwrap(),
            arrivals,
        }
    }

    /// Arrival times per host.
    fn by_host(&self) -> BTreeMap<String, Vec<Instant>> {
        let mut by_host: BTreeMap<String, Vec<Instant>> = BTreeMap::new();
        for (host, at) in self.arrivals.lock().unwrap().iter() {
            by_host.entry(host.clone()).or_default().push(*at);
        }
        by_host
    }
}

/// The defaults, as a user gets them, with `hosts` resolved to `addr`.
fn config_for(addr: SocketAddr, hosts: &[String], rate: f64) -> CrawlConfig {
    let mut cfg = CrawlConfig {
        per_host_rate: Some(rate),
        progress: false,
        ..CrawlConfig::default()
    };
    for h in hosts {
        cfg.resolve.insert(h.clone(), addr);
    }
    cfg
}

fn targets(hosts: &[String]) -> Vec<CrawlTarget> {
    hosts
        .iter()
        .map(|h| CrawlTarget {
            unit_id: None,
            url: format!("http://{h}/"),
        })
        .collect()
}

/// A page whose body takes `delay` to arrive: the request stays on the wire that long.
fn slow_page(title: &str, delay: Duration) -> Reply {
    let head = format!("<html><body><h1>{title}</h1><p>Nội dung trang {title}.</p>");
    let stream = futures::stream::unfold(0u8, move |n| {
        let head = head.clone();
        async move {
            match n {
                0 => Some((Ok::<_, std::io::Error>(Bytes::from(head)), 1)),
                1 => {
                    tokio::time::sleep(delay).await;
                    Some((Ok(Bytes::from_static(b"</body></html>")), 2))
                }
                _ => None,
            }
        }
    });
    Response::builder()
        .header("content-type", "text/html; charset=utf-8")
        .body(Body::from_stream(stream))
        .unwrap()
}

/// A home page linking to `/trang/1` … `/trang/{n}`.
fn home(n: usize) -> Reply {
    let links: Vec<String> = (1..=n).map(|i| format!("/trang/{i}")).collect();
    let refs: Vec<&str> = links.iter().map(String::as_str).collect();
    page_with_links("home", &refs)
}

/// The shortest gap between two request arrivals at one host, over all hosts: the host, the
/// gap, and which of its requests came second.
fn shortest_gap(by_host: &BTreeMap<String, Vec<Instant>>) -> (String, Duration, usize) {
    let mut shortest = (String::new(), Duration::MAX, 0);
    for (host, times) in by_host {
        let mut times = times.clone();
        times.sort();
        for (i, w) in times.windows(2).enumerate() {
            if w[1] - w[0] < shortest.1 {
                shortest = (host.clone(), w[1] - w[0], i + 1);
            }
        }
    }
    shortest
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_to_a_host_are_spaced_on_their_send_time_even_when_the_wire_is_busy() {
    // 6 hosts at 5 req/s each want 30 requests/s; one request at a time on the wire, each
    // 50 ms long, serves about 20/s: requests wait for the wire after their host's turn came
    let server = Clock::start(|path| match path {
        "/robots.txt" => not_found(),
        "/" => home(8),
        t if t.starts_with("/trang/") => slow_page(t, Duration::from_millis(50)),
        _ => not_found(),
    });
    let hosts: Vec<String> = (0..6).map(|i| format!("h{i}.pace.test")).collect();
    let mut cfg = config_for(server.addr, &hosts, 5.0);
    cfg.per_host_concurrency = 2;
    cfg.global_concurrency = 1;
    let (store, _dir, _) = temp_store().await;
    let summary = crawl(&store, targets(&hosts), &cfg).await.unwrap();
    assert_eq!(summary.sites_ok, 6, "{summary}");
    let by_host = server.by_host();
    assert_eq!(by_host.len(), 6);
    assert!(by_host.values().all(|t| t.len() >= 10), "{by_host:?}");
    let (host, gap, nth) = shortest_gap(&by_host);
    assert!(
        gap >= Duration::from_millis(196),
        "{host}: requests {nth} and {} {gap:?} apart at 5 req/s",
        nth + 1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_sites_with_only_a_rate_finish_near_the_bound() {
    let server = Clock::start(|path| match path {
        "/robots.txt" => reply(200, "text/plain", "User-agent: *\nAllow: /\n"),
        "/" => home(7),
        t if t.starts_with("/trang/") => page_with_links(t, &["/"]),
        _ => not_found(),
    });
    let hosts: Vec<String> = (0..50).map(|i| format!("s{i}.farm.test")).collect();
    // the defaults, as a user gets them, with the rate and the test's resolve overrides only
    let cfg = config_for(server.addr, &hosts, 2.0);
    let (store, _dir, _) = temp_store().await;
    let t0 = Instant::now();
    let summary = crawl(&store, targets(&hosts), &cfg).await.unwrap();
    let wall = t0.elapsed();
    assert_eq!(summary.sites_ok, 50, "{summary}");
    let by_host = server.by_host();
    let busiest = by_host.values().map(Vec::len).max().unwrap();
    // robots.txt, home, 7 pages, the 404 probe, sitemap.xml
    assert_eq!(busiest, 11, "{by_host:?}");
    let bound = Duration::from_secs_f64((busiest - 1) as f64 / 2.0);
    assert!(
        wall < bound * 2,
        "{wall:?} for a bound of {bound:?}: sites are not all in flight"
    );
    let (host, gap, nth) = shortest_gap(&by_host);
    assert!(
        gap >= Duration::from_millis(490),
        "{host}: requests {nth} and {} {gap:?} apart at 2 req/s",
        nth + 1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_transport_probe_waits_for_its_hosts_turn_like_the_crawl() {
    // the probe's http:// request of the start URL comes after the crawl's (its https://
    // handshake meets a plain server and sends no request; no AAAA: no IPv6 request)
    let server = Clock::start(|path| match path {
        "/robots.txt" => not_found(),
        "/" => home(3),
        t if t.starts_with("/trang/") => page_with_links(t, &[]),
        _ => not_found(),
    });
    let plain: Vec<String> = (0..2).map(|i| format!("q{i}.pace.test")).collect();
    let probed: Vec<String> = (0..2).map(|i| format!("p{i}.pace.test")).collect();
    let (store, _dir, _) = temp_store().await;
    let summary = crawl(&store, targets(&plain), &config_for(server.addr, &plain, 5.0))
        .await
        .unwrap();
    assert_eq!(summary.sites_ok, 2, "{summary}");
    let mut cfg = config_for(server.addr, &probed, 5.0);
    cfg.probe_transport = true;
    let summary = crawl(&store, targets(&probed), &cfg).await.unwrap();
    assert_eq!(summary.sites_ok, 2, "{summary}");
    let by_host = server.by_host();
    let crawl_only = by_host["q0.pace.test"].len();
    for h in &probed {
        assert_eq!(
            by_host[h].len(),
            crawl_only + 1,
            "{h}: the crawl's requests and the probe's"
        );
    }
    let (host, gap, nth) = shortest_gap(&by_host);
    assert!(
        gap >= Duration::from_millis(196),
        "{host}: requests {nth} and {} {gap:?} apart at 5 req/s",
        nth + 1
    );
}
