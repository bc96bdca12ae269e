//! The demo's web server: one axum server on 127.0.0.1 that answers for every demo host by the
//! request's Host header, with the pages generated for the evaluation date. The crawler reaches it
//! through address overrides (like curl's `--resolve`); the unreachable site's host is mapped to a
//! loopback port where nothing listens, so connecting to it is refused.
//!
//! Main items: [`serve`] and [`DemoServer`].

use crate::front::{CA_PEM, DemoTls, spawn_front};
use crate::site::Site;
use crate::spec::{Condition, SITES, SITES_2026, SiteSpec, Transport};
use anyhow::{Context, Result, bail};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running demo server. Dropping it stops the server too.
pub struct DemoServer {
    /// Where the server listens.
    pub addr: SocketAddr,
    /// Host → address overrides the crawler must use, one per demo site (the unreachable one points
    /// to a closed port).
    pub resolve: Vec<(String, SocketAddr)>,
    /// Hosts deliberately left unreachable.
    pub unreachable: Vec<String>,
    /// The demo CA (PEM) when some site is served over HTTPS: the crawler must trust it.
    pub ca_pem: Option<String>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    /// The listeners before the web server (HTTPS, IPv6), when any.
    fronts: Vec<JoinHandle<()>>,
}

impl DemoServer {
    /// The override for one host.
    pub fn address_of(&self, host: &str) -> Option<SocketAddr> {
        self.resolve.iter().find(|(h, _)| h == host).map(|(_, a)| *a)
    }

    /// The overrides as a map, the shape of the crawler's `resolve` setting.
    pub fn resolve_map(&self) -> std::collections::BTreeMap<String, SocketAddr> {
        self.resolve.iter().cloned().collect()
    }

    /// Stops the server and waits for it to finish.
    pub async fn shutdown(mut self) {
        for f in self.fronts.drain(..) {
            f.abort();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        for f in &self.fronts {
            f.abort();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

type Sites = Arc<HashMap<String, Site>>;

/// Generates every demo site for `as_of` and serves them on an ephemeral loopback port.
pub async fn serve(as_of: NaiveDate) -> Result<DemoServer> {
    serve_sites(as_of, &SITES).await
}

/// Generates the current-regime demo's sites ([`SITES_2026`]) for `as_of` and serves them: plain
/// HTTP, HTTPS (valid or broken certificate) on 127.0.0.1, and one site on `[::1]`.
pub async fn serve_current(as_of: NaiveDate) -> Result<DemoServer> {
    serve_sites(as_of, &SITES_2026).await
}

/// Serves the given sites (any platform in any condition) for `as_of` on an ephemeral loopback port;
/// sites with another [`Transport`] than plain HTTP are reached through [`crate::front`] listeners.
pub async fn serve_sites(as_of: NaiveDate, specs: &[SiteSpec]) -> Result<DemoServer> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("demo server: cannot bind 127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let closed = closed_port().await?;
    let sites: HashMap<String, Site> = specs
        .iter()
        .filter(|s| s.condition != Condition::Unreachable)
        .map(|s| (s.host.clone(), Site::build(s, as_of)))
        .collect();
    // Sites over HTTPS or IPv6 go through the fronts; plain sites alone need none.
    let mut fronts = Vec::new();
    let (mut front4, mut front6, mut ca_pem) = (None, None, None);
    if specs.iter().any(|s| s.transport != Transport::Http) {
        let transports: HashMap<String, Transport> = specs.iter().map(|s| (s.host.clone(), s.transport)).collect();
        let tls = Arc::new(DemoTls::new(Arc::new(transports))?);
        let f = spawn_front("127.0.0.1:0", addr, tls.clone()).await?;
        front4 = Some(f.addr);
        fronts.push(f.task);
        if specs.iter().any(|s| s.transport == Transport::Ipv6) {
            let f = spawn_front("[::1]:0", addr, tls).await?;
            front6 = Some(f.addr);
            fronts.push(f.task);
        }
        ca_pem = Some(CA_PEM.to_string());
    }
    let resolve = specs
        .iter()
        .map(|s| {
            let a = match (s.condition, s.transport) {
                (Condition::Unreachable, _) => closed,
                (_, Transport::Ipv6) => front6.unwrap_or(addr),
                _ => front4.unwrap_or(addr),
            };
            (s.host.clone(), a)
        })
        .collect();
    let unreachable = specs
        .iter()
        .filter(|s| s.condition == Condition::Unreachable)
        .map(|s| s.host.clone())
        .collect();
    let app = axum::Router::new().fallback(handle).with_state(Arc::new(sites));
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let stop = async {
            // A dropped sender stops the server as well.
            let _ = rx.await;
        };
        if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(stop).await {
            tracing::warn!("demo server stopped: {e}");
        }
    });
    tracing::info!(%addr, "demo server listening");
    Ok(DemoServer {
        addr,
        resolve,
        unreachable,
        ca_pem,
        shutdown: Some(tx),
        task: Some(task),
        fronts,
    })
}

/// A loopback port where nothing listens: bound once to get a free number, released, then checked
/// to refuse connections.
async fn closed_port() -> Result<SocketAddr> {
    for _ in 0..5 {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        match tokio::net::TcpStream::connect(addr).await {
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => return Ok(addr),
            _ => continue,
        }
    }
    bail!("demo server: found no closed loopback port for the unreachable site")
}

async fn handle(State(sites): State<Sites>, req: Request) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| h.rsplit_once(':').map_or(h, |(name, _)| name).to_ascii_lowercase())
        .unwrap_or_default();
    let Some(site) = sites.get(&host) else {
        return plain(StatusCode::NOT_FOUND, format!("no demo site for host \"{host}\""));
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "Phương thức không được hỗ trợ.".into());
    }
    let cookie = req.headers().get(header::COOKIE).and_then(|c| c.to_str().ok());
    let reply = site.respond(req.uri().path(), req.uri().query(), cookie);
    let mut resp = Response::new(Body::from(reply.body));
    *resp.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(reply.content_type));
    if let Some(loc) = reply.location
        && let Ok(v) = HeaderValue::from_str(&loc)
    {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

fn plain(status: StatusCode, text: String) -> Response {
    let mut resp = Response::new(Body::from(text));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    resp
}
