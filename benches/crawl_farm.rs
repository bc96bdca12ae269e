//! Crawler benchmark (not a test): the `ictrank` binary, run through its command line as a user
//! would, against a synthetic farm of many hosts on loopback. Measures wall time against the
//! politeness bound (the busiest host's requests ÷ per-host rate), fetches/s with politeness off,
//! the smallest gap between two requests to one host as the farm saw them, and the crawler's CPU
//! time and peak RSS (from `wait4`, the child's own).
//!
//! The farm is an axum server in this process: host names `p<N>-h<i>.farm.test`, each a home page
//! linking to its N−1 pages, every answer delayed by `--latency-ms`. Each crawl is
//! `ictrank crawl http://p…/ … --resolve p…=127.0.0.1:PORT … --db <fresh SQLite file>` plus the
//! flags of that run, nothing the command line lacks.
//!
//! `cargo bench --bench crawl_farm -- [--hosts 200] [--pages 50] [--latency-ms 20] [--rate 2]`

#[path = "../tests/support/measure.rs"]
mod measure;

use axum::body::Body;
use axum::http::{Request, Response};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
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

/// When each host's requests arrived, as the farm saw them (cleared before each crawl).
type Arrivals = Arc<Mutex<HashMap<String, Vec<Instant>>>>;

/// The farm: every host has a home page linking to its `pages - 1` pages; robots.txt allows all.
async fn start_farm(latency: Duration, arrivals: Arrivals) -> SocketAddr {
    let app = axum::Router::new().fallback(move |req: Request<Body>| {
        let arrivals = arrivals.clone();
        async move {
            let host = req
                .headers()
                .get("host")
                .and_then(|h| h.to_str().ok())
                .unwrap_or("")
                .split(':')
                .next()
                .unwrap_or("")
                .to_string();
            arrivals
                .lock()
                .unwrap()
                .entry(host.clone())
                .or_default()
                .push(Instant::now());
            let path = req.uri().path().to_string();
            tokio::time::sleep(latency).await;
            let (status, body) = page(&host, &path);
            Response::builder()
                .status(status)
                .header("content-type", "text/html; charset=utf-8")
                .body(Body::from(body))
                .unwrap()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// The farm's answer to `path` on `host`: status and body (~3.6 KB of Vietnamese HTML a page).
fn page(host: &str, path: &str) -> (u16, String) {
    let pages = pages_of(host);
    let filler = "Ủy ban nhân dân xã thông báo kế hoạch tiếp công dân định kỳ tháng này. ".repeat(40);
    if path == "/robots.txt" {
        (200, "User-agent: *\nAllow: /\n".to_string())
    } else if path == "/" {
        let links: String = (1..pages)
            .map(|i| format!("<a href=\"/trang/{i}\">Trang {i}</a>\n"))
            .collect();
        (
            200,
            format!("<html><body><h1>{host}</h1>{links}<p>{filler}</p></body></html>"),
        )
    } else if let Some(i) = path
        .strip_prefix("/trang/")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|i| (1..pages).contains(i))
    {
        (
            200,
            format!("<html><body><h1>{host} trang {i}</h1><a href=\"/\">Trang chủ</a><p>{filler}</p></body></html>"),
        )
    } else {
        (404, "<h1>404</h1>".to_string())
    }
}

/// What one `ictrank crawl` did, measured from outside.
struct Crawl {
    wall_s: f64,
    cpu_s: f64,
    peak_rss_mb: f64,
    db_mb: f64,
    /// requests per host, as the farm saw them
    requests: Vec<usize>,
    /// the smallest gap between two requests to one host, as the farm saw them
    min_gap_s: f64,
}

impl Crawl {
    fn fetches(&self) -> usize {
        self.requests.iter().sum()
    }

    fn line(&self) -> String {
        format!(
            "requests={} wall_s={:.2} cpu_s={:.2} peak_rss_mb={:.1} db_mb={:.1} min_gap_s={:.3}",
            self.fetches(),
            self.wall_s,
            self.cpu_s,
            self.peak_rss_mb,
            self.db_mb,
            self.min_gap_s
        )
    }
}

/// Runs `ictrank crawl` on `hosts` hosts of `pages` pages with `flags` and reads the farm's arrivals.
fn crawl(addr: SocketAddr, arrivals: &Arrivals, hosts: usize, pages: usize, flags: &[&str]) -> Crawl {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ictrank"));
    cmd.arg("crawl");
    for i in 0..hosts {
        let host = host_name(i, pages);
        cmd.arg(format!("http://{host}/"));
        cmd.args(["--resolve", &format!("{host}={addr}")]);
    }
    cmd.args(["--max-pages", &(pages + 10).to_string()])
        .arg("--db")
        .arg(dir.path().join("bench.db"))
        .args(flags)
        .env("RUST_LOG", "error")
        .stdout(Stdio::null());
    arrivals.lock().unwrap().clear();
    let took = measure::run(&mut cmd);
    let db_mb = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum::<u64>() as f64
        / 1e6;
    let seen = arrivals.lock().unwrap();
    let min_gap_s = seen
        .values()
        .flat_map(|times| times.windows(2).map(|w| (w[1] - w[0]).as_secs_f64()))
        .fold(f64::INFINITY, f64::min);
    Crawl {
        wall_s: took.wall_s,
        cpu_s: took.cpu_s,
        peak_rss_mb: took.peak_rss_mb,
        db_mb,
        requests: seen.values().map(Vec::len).collect(),
        min_gap_s,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs benches without `--bench`: build-checked, not timed.
        println!("crawl_farm: a benchmark; run it with `cargo bench --bench crawl_farm`");
        return;
    }
    let a = parse_args(&args);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let arrivals = Arrivals::default();
    let addr = runtime.block_on(start_farm(Duration::from_millis(a.latency_ms), arrivals.clone()));
    println!(
        "farm: {} hosts × {} pages, {} ms latency per response",
        a.hosts, a.pages, a.latency_ms
    );

    // Politeness off: no rate, 4 requests per host and 64 in all on the wire.
    let unpaced = [
        "--per-host-rate",
        "0",
        "--per-host-concurrency",
        "4",
        "--global-concurrency",
        "64",
    ];
    let off = crawl(addr, &arrivals, a.hosts, a.pages, &unpaced);
    println!(
        "politeness off: {}\n  → {:.0} fetches/s (stored)",
        off.line(),
        off.fetches() as f64 / off.wall_s
    );

    // peak memory against the number of pages: same hosts, three times the pages per host
    let more = crawl(addr, &arrivals, a.hosts, a.pages * 3, &unpaced);
    println!("politeness off, {} pages per host: {}", a.pages * 3, more.line());

    // Polite, as a user runs it: only the rate given.
    let rate = a.rate.to_string();
    let on = crawl(addr, &arrivals, a.hosts, a.pages, &["--per-host-rate", &rate]);
    let busiest = on.requests.iter().copied().max().unwrap_or(1);
    let bound = (busiest - 1) as f64 / a.rate;
    println!(
        "politeness on ({} req/s per host, nothing else given): {}\n  → bound {bound:.1} s ({busiest} requests on the busiest host); wall/bound = {:.3}; smallest gap / interval = {:.3}",
        a.rate,
        on.line(),
        on.wall_s / bound,
        on.min_gap_s * a.rate
    );
}
