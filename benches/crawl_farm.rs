//! Crawler benchmark (not a test): a synthetic farm of many hosts on loopback, crawled into a
//! fresh SQLite store. Measures wall time against the politeness lower bound (requests per host ÷
//! per-host rate), pages/s with politeness off, CPU time and peak memory (VmHWM) of the crawler.
//!
//! The farm server runs in this process; each crawl runs in a child process (this executable
//! re-run with `--child`), so CPU time and peak memory are the crawler's alone.
//!
//! `cargo bench --bench crawl_farm -- [--hosts 200] [--pages 50] [--latency-ms 20] [--rate 2]`

use axum::body::Body;
use axum::http::{Request, Response};
use ictrank::crawl::{CrawlConfig, CrawlTarget, crawl};
use ictrank::store::Store;
use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};

struct Args {
    hosts: usize,
    pages: usize,
    latency_ms: u64,
    rate: f64,
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn parse_args(args: &[String]) -> Args {
    Args {
        hosts: arg(args, "--hosts", 200),
        pages: arg(args, "--pages", 50),
        latency_ms: arg(args, "--latency-ms", 20),
        rate: arg(args, "--rate", 2.0),
    }
}

/// Host `i` of the farm; hosts named `p<N>-…` have N pages.
fn host_name(i: usize, pages: usize) -> String {
    format!("p{pages}-h{i}.farm.test")
}

fn pages_of(host: &str) -> usize {
    host.strip_prefix('p')
        .and_then(|r| r.split('-').next()?.parse().ok())
        .unwrap_or(0)
}

/// The farm: every host has a home page linking to its `pages - 1` pages; robots.txt allows all.
async fn start_farm(latency: Duration) -> SocketAddr {
    let app = axum::Router::new().fallback(move |req: Request<Body>| async move {
        let host = req
            .headers()
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_string();
        let path = req.uri().path().to_string();
        let pages = pages_of(&host);
        tokio::time::sleep(latency).await;
        let filler = "Ủy ban nhân dân xã thông báo kế hoạch tiếp công dân định kỳ tháng này. ".repeat(40);
        let (status, body) = if path == "/robots.txt" {
            (200, "User-agent: *\nAllow: /\n".to_string())
        } else if path == "/" {
            let links: String = (1..pages)
                .map(|i| format!("<a href=\"/trang/{i}\">Trang {i}</a>\n"))
                .collect();
            (
                200,
                format!("<html><body><h1>{host}</h1>{links}<p>{filler}</p></body></html>"),
            )
        } else if let Some(i) = path.strip_prefix("/trang/").and_then(|n| n.parse::<usize>().ok()) {
            (
                200,
                format!(
                    "<html><body><h1>{host} trang {i}</h1><a href=\"/\">Trang chủ</a><p>{filler}</p></body></html>"
                ),
            )
        } else {
            (404, "<h1>404</h1>".to_string())
        };
        Response::builder()
            .status(status)
            .header("content-type", "text/html; charset=utf-8")
            .body(Body::from(body))
            .unwrap()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// user + system CPU seconds of this process.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0 // utime, stime; CLK_TCK is 100 on Linux
}

fn vm_hwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Child: crawl the farm at `addr` and print one result line.
async fn child(args: &[String]) {
    let a = parse_args(args);
    let addr: SocketAddr = arg(args, "--addr", "127.0.0.1:1".to_string()).parse().unwrap();
    let polite = args.iter().any(|x| x == "--polite");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("bench.db").to_str().unwrap())
        .await
        .unwrap();
    // Polite runs use the defaults (every site in flight, 256 requests on the wire) with only the
    // rate set, as a user would.
    let mut cfg = CrawlConfig {
        per_host_rate: polite.then_some(a.rate),
        per_host_concurrency: if polite { 2 } else { 4 },
        global_concurrency: if polite { 256 } else { 64 },
        progress: false,
        conditional_requests: true,
        ..CrawlConfig::default()
    };
    let mut targets = Vec::new();
    for i in 0..a.hosts {
        let host = host_name(i, a.pages);
        cfg.resolve.insert(host.clone(), addr);
        targets.push(CrawlTarget {
            unit_id: None,
            url: format!("http://{host}/"),
        });
    }
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let summary = crawl(&store, targets, &cfg).await.unwrap();
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let db_bytes: u64 = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "RESULT wall_s={wall:.2} fetches={} sites_ok={} cpu_s={cpu:.2} vmhwm_mb={:.1} db_mb={:.1}",
        summary.fetches,
        summary.sites_ok,
        vm_hwm_kb() as f64 / 1024.0,
        db_bytes as f64 / 1e6
    );
}

fn field(line: &str, name: &str) -> f64 {
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

fn run_child(addr: SocketAddr, a: &Args, hosts: usize, pages: usize, polite: bool) -> String {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new(exe);
    cmd.arg("--child").args(["--addr", &addr.to_string()]);
    cmd.args([
        "--hosts",
        &hosts.to_string(),
        "--pages",
        &pages.to_string(),
        "--rate",
        &a.rate.to_string(),
    ]);
    if polite {
        cmd.arg("--polite");
    }
    let out = cmd.env("RUST_LOG", "error").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().find(|l| l.starts_with("RESULT")).unwrap_or_else(|| {
        panic!("child failed: {}", String::from_utf8_lossy(&out.stderr));
    });
    line.to_string()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--child") {
        return child(&args).await;
    }
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs benches without `--bench`: build-checked, not timed.
        println!("crawl_farm: a benchmark; run it with `cargo bench --bench crawl_farm`");
        return;
    }
    let a = parse_args(&args);
    let addr = start_farm(Duration::from_millis(a.latency_ms)).await;
    // requests per host: robots.txt, home, pages-1 pages, 404 probe, sitemap.xml
    let per_host_requests = a.pages + 3;
    println!(
        "farm: {} hosts × {} pages, {} ms latency per response",
        a.hosts, a.pages, a.latency_ms
    );

    let off = run_child(addr, &a, a.hosts, a.pages, false);
    let pages = field(&off, "fetches");
    let wall = field(&off, "wall_s");
    println!("politeness off: {off}\n  → {:.0} fetches/s (stored)", pages / wall);

    // peak memory against the number of pages: same hosts, three times the pages per host
    let more = run_child(addr, &a, a.hosts, a.pages * 3, false);
    println!("politeness off, {} pages per host: {more}", a.pages * 3);

    let on = run_child(addr, &a, a.hosts, a.pages, true);
    let bound_pages = a.pages as f64 / a.rate;
    let bound_requests = (per_host_requests - 1) as f64 / a.rate;
    let wall = field(&on, "wall_s");
    println!(
        "politeness on ({} req/s per host): {on}\n  → lower bound {bound_pages:.1} s (pages ÷ rate), {bound_requests:.1} s (all {} requests per host); wall/bound = {:.3} (pages), {:.3} (requests)",
        a.rate,
        per_host_requests,
        wall / bound_pages,
        wall / bound_requests
    );
}
