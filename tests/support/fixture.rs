//! Test fixtures for the crawler: an HTTP server on 127.0.0.1 that answers for many host names
//! (the crawler reaches them through `--resolve` overrides) and records every request it sees, and
//! a static file server for mirrored sites. Main types: [`Fixture`], [`Hit`], [`Reply`].

use axum::body::Body;
use axum::http::{HeaderMap, Request, Response, StatusCode};
use ictrank::crawl::CrawlConfig;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the fixture saw.
#[derive(Clone, Debug)]
pub struct Hit {
    pub host: String,
    /// Path and query.
    pub target: String,
    pub at: Instant,
    pub headers: HeaderMap,
}

/// What a route answers.
pub type Reply = Response<Body>;

type Handler = dyn Fn(&str, &str, &[Hit], &HeaderMap) -> Reply + Send + Sync;

/// A running fixture server.
pub struct Fixture {
    pub addr: SocketAddr,
    pub hits: Arc<Mutex<Vec<Hit>>>,
}

impl Fixture {
    /// Starts a server whose `handler(host, target, earlier hits, request headers)` answers.
    pub async fn start(handler: impl Fn(&str, &str, &[Hit], &HeaderMap) -> Reply + Send + Sync + 'static) -> Fixture {
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let h2 = hits.clone();
        let app = axum::Router::new().fallback(move |req: Request<Body>| {
            let hits = h2.clone();
            let handler = handler.clone();
            async move {
                let host = req
                    .headers()
                    .get("host")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .to_string();
                let target = req.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default();
                let earlier = hits.lock().unwrap().clone();
                hits.lock().unwrap().push(Hit {
                    host: host.clone(),
                    target: target.clone(),
                    at: Instant::now(),
                    headers: req.headers().clone(),
                });
                handler(&host, &target, &earlier, req.headers())
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Fixture { addr, hits }
    }

    /// Requests seen for `host`, in arrival order.
    pub fn hits_for(&self, host: &str) -> Vec<Hit> {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.host == host)
            .cloned()
            .collect()
    }

    pub fn count(&self, host: &str, target: &str) -> usize {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.host == host && h.target == target)
            .count()
    }

    /// A crawl configuration for tests: the given hosts resolved to this server, fast timeouts.
    pub fn config(&self, hosts: &[&str]) -> CrawlConfig {
        let mut cfg = test_config();
        for h in hosts {
            cfg.resolve.insert(h.to_string(), self.addr);
        }
        cfg
    }
}

/// Polite but quick settings for tests.
pub fn test_config() -> CrawlConfig {
    CrawlConfig {
        per_host_rate: Some(100.0),
        per_host_concurrency: 2,
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(5),
        stall_timeout: Duration::from_millis(600),
        retry_backoff: Duration::from_millis(100),
        max_retries: 1,
        max_body_bytes: 4 * 1024 * 1024,
        max_decompressed_bytes: 4 * 1024 * 1024,
        progress: false,
        ..CrawlConfig::default()
    }
}

pub fn reply(status: u16, content_type: &str, body: impl Into<Body>) -> Reply {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap())
        .header("content-type", content_type)
        .body(body.into())
        .unwrap()
}

pub fn html(body: &str) -> Reply {
    reply(200, "text/html; charset=utf-8", body.to_string())
}

pub fn not_found() -> Reply {
    reply(404, "text/html", "<h1>404</h1>")
}

pub fn redirect(status: u16, location: &str) -> Reply {
    Response::builder()
        .status(status)
        .header("location", location)
        .body(Body::empty())
        .unwrap()
}

/// An HTML page linking to `hrefs`.
pub fn page_with_links(title: &str, hrefs: &[&str]) -> Reply {
    let links: String = hrefs
        .iter()
        .map(|h| format!("<li><a href=\"{h}\">{h}</a></li>"))
        .collect();
    html(&format!(
        "<html><head><title>{title}</title></head><body><h1>{title}</h1><p>Nội dung trang {title}, đủ dài để là một trang thật của cổng thông tin điện tử.</p><ul>{links}</ul></body></html>"
    ))
}

/// A fresh SQLite store in a temporary folder (kept alive by the returned guard).
pub async fn temp_store() -> (ictrank::store::Store, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.db");
    let store = ictrank::store::Store::open(path.to_str().unwrap()).await.unwrap();
    (store, dir, path)
}

/// Serves the files under `root` for any host: `/` and paths ending in `/` map to `index.html`,
/// a query maps to `<path>@<query>.html` (the NukeViet mirror's layout), anything missing is 404.
pub async fn static_site(root: PathBuf) -> Fixture {
    Fixture::start(move |_host, target, _, _| {
        let (path, query) = target.split_once('?').map_or((target, None), |(p, q)| (p, Some(q)));
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned();
        if path.contains("..") {
            return not_found();
        }
        let mut rel = path.trim_start_matches('/').to_string();
        if let Some(q) = query {
            rel = format!("{rel}@{q}.html");
        } else if rel.is_empty() || rel.ends_with('/') {
            rel.push_str("index.html");
        }
        let file = root.join(&rel);
        let file = if file.is_dir() { file.join("index.html") } else { file };
        match std::fs::read(&file) {
            Ok(bytes) => {
                let ct = content_type_for(&rel, &bytes);
                reply(200, ct, bytes)
            }
            Err(_) => not_found(),
        }
    })
    .await
}

fn content_type_for(rel: &str, bytes: &[u8]) -> &'static str {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_string();
    if rel.ends_with(".xml") || head.trim_start().starts_with("<?xml") {
        "text/xml; charset=utf-8"
    } else if rel.ends_with(".txt") {
        "text/plain; charset=utf-8"
    } else if rel.ends_with(".css") {
        "text/css"
    } else {
        "text/html; charset=utf-8"
    }
}
