//! Holds Chromium to the crawler's rules. Chromium is launched with this in-process forward proxy
//! (`--proxy-server`, loopback included), so it never resolves a name or opens a connection by
//! itself: every connection it makes (HTTP `CONNECT` for https and WebSockets, absolute-URI
//! requests for plain http) is resolved and checked here by the crawler's own
//! [`AddressPolicy`] (`--allow-private-addresses`, the `--resolve` map), and refused with a
//! Vietnamese reason otherwise.
//!
//! Politeness: the page navigations (the document requests) take their host's turn at the
//! crawler's per-host rate ([`Guard::turn`], called by [`super::cdp::Tab::navigate`]); a page's
//! sub-resources are one visitor's single visit, so they are not paced one by one (that would
//! falsify the load times) but capped per host by concurrency, [`HOST_CONNECTIONS`] connections
//! per tab as a browser does.
//!
//! Main types: [`Guard`] (the policy, the navigation gates, the counters) and [`Proxy`] (the
//! listener).

use crate::crawl::address::{self, AddressPolicy, Refusal};
use crate::crawl::politeness::{HostGates, Slot, host_key};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use url::{Host, Url};

/// Connections a browser opens to one host at once (Chromium's and Firefox's HTTP/1.1 limit).
pub const HOST_CONNECTIONS: usize = 6;
/// Longest request head the proxy reads.
const MAX_HEAD: usize = 64 << 10;
/// How long a connection waits for its host's connection slot or for the upstream to answer.
const WAIT: Duration = Duration::from_secs(30);
/// Refusals and failures kept to explain failed navigations (and for the tests).
const KEEP_NOTES: usize = 256;

/// What Chromium may connect to and how fast it may navigate, shared by the proxy and the tabs.
pub struct Guard {
    policy: AddressPolicy,
    /// Connections at once per `host:port`.
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    /// The navigations' per-host pace (the crawler's rate).
    nav: HostGates,
    /// Navigations are not capped run-wide (the tab pool is): a wide-open "wire".
    wire: Arc<Semaphore>,
    refused: AtomicU64,
    connections: AtomicU64,
    /// The latest refusals and failures, numbered, so a failed navigation can name its cause.
    notes: Mutex<Notes>,
}

/// The proxy's latest refusals and upstream failures ("host:port: why").
#[derive(Default)]
struct Notes {
    next: u64,
    /// (number, text, whether a refusal)
    kept: std::collections::VecDeque<(u64, String, bool)>,
}

impl Guard {
    /// A guard for `cfg`: its address policy, `HOST_CONNECTIONS` per tab per host, its pace.
    pub fn new(cfg: &super::BrowserConfig) -> Arc<Guard> {
        let rate = (!cfg.per_host_interval.is_zero()).then(|| 1.0 / cfg.per_host_interval.as_secs_f64());
        Arc::new(Guard {
            policy: AddressPolicy {
                allow_private: cfg.allow_private,
                resolve: cfg.resolve.clone(),
            },
            per_host: HOST_CONNECTIONS * cfg.tabs.max(1),
            hosts: Mutex::new(HashMap::new()),
            nav: HostGates::new(rate, cfg.tabs.max(1)),
            wire: Arc::new(Semaphore::new(Semaphore::MAX_PERMITS)),
            refused: AtomicU64::new(0),
            connections: AtomicU64::new(0),
            notes: Mutex::new(Notes::default()),
        })
    }

    /// The addresses `authority` (`host:port` or `[v6]:port`) of a `scheme` URL may be connected
    /// to, or why not (Vietnamese). A `--resolve` host without an explicit port goes to its mapped
    /// address and port, as the crawler's resolver does.
    pub async fn admit(&self, scheme: &str, authority: &str) -> Result<Vec<SocketAddr>, String> {
        let url = Url::parse(&format!("{scheme}://{authority}/"))
            .map_err(|e| format!("địa chỉ \"{authority}\" không hợp lệ ({e})"))?;
        self.admit_url(&url).await
    }

    /// [`Guard::admit`] for a whole URL.
    pub async fn admit_url(&self, url: &Url) -> Result<Vec<SocketAddr>, String> {
        match address::check_url(url, &self.policy) {
            Ok(()) => {}
            Err(Refusal::Scheme(s)) => return Err(format!("giao thức \"{s}\" không được phép")),
            Err(Refusal::Address(why)) => return Err(why),
        }
        let port = url.port_or_known_default().unwrap_or(80);
        match url.host() {
            Some(Host::Ipv4(ip)) => Ok(vec![SocketAddr::new(ip.into(), port)]),
            Some(Host::Ipv6(ip)) => Ok(vec![SocketAddr::new(ip.into(), port)]),
            Some(Host::Domain(name)) => {
                let mapped = self.policy.resolve.contains_key(&name.to_ascii_lowercase());
                let found = address::lookup(name, &self.policy)
                    .await
                    .map_err(|e| format!("không phân giải được tên {name} ({e})"))?;
                Ok(found
                    .into_iter()
                    .map(|a| match (mapped, url.port()) {
                        // the mapped address, on its own port unless the URL names one
                        (true, None) => a,
                        _ => SocketAddr::new(a.ip(), port),
                    })
                    .collect())
            }
            None => Err(format!("{url} không có tên máy chủ")),
        }
    }

    /// Waits for `url`'s host's turn to navigate (its per-host pace), after checking the address:
    /// the slot is held until the navigation has been sent.
    pub async fn turn(&self, url: &Url) -> Result<Slot, String> {
        if let Err(why) = self.admit_url(url).await {
            self.refuse(&host_key(url), &why);
            return Err(why);
        }
        let gate = self.nav.gate(&host_key(url));
        gate.acquire(&self.wire, None)
            .await
            .map_err(|_| "không có lượt truy cập máy chủ".to_string())
    }

    /// Notes that a navigation to `url` has been answered: its host's pace counts from now (an
    /// answer "sent now, answered at once" moves the host's last send time to this moment).
    pub fn answered(&self, url: &Url) {
        self.nav
            .gate(&host_key(url))
            .answered(tokio::time::Instant::now(), Duration::ZERO);
    }

    /// Spaces `url`'s host's navigations by at least `delay` (its robots.txt Crawl-delay, as the
    /// crawler does); never speeds a host up.
    pub fn crawl_delay(&self, url: &Url, delay: Duration) {
        self.nav.gate(&host_key(url)).set_min_interval(delay);
    }

    /// Connections refused so far.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }

    /// Connections let through so far.
    pub fn connections(&self) -> u64 {
        self.connections.load(Ordering::Relaxed)
    }

    /// The latest refusals ("host:port: why").
    pub fn refusals(&self) -> Vec<String> {
        let n = self.notes.lock().unwrap();
        n.kept.iter().filter(|k| k.2).map(|k| k.1.clone()).collect()
    }

    /// A mark in the notes: [`Guard::notes_since`] gives what came after it.
    pub fn mark(&self) -> u64 {
        self.notes.lock().unwrap().next
    }

    /// The refusals and failures noted since `mark`.
    pub fn notes_since(&self, mark: u64) -> Vec<String> {
        let n = self.notes.lock().unwrap();
        n.kept.iter().filter(|k| k.0 >= mark).map(|k| k.1.clone()).collect()
    }

    fn refuse(&self, what: &str, why: &str) {
        self.refused.fetch_add(1, Ordering::Relaxed);
        tracing::info!(target = what, reason = why, "browser connection refused");
        self.note(format!("{what}: {why}"), true);
    }

    fn failed(&self, what: &str, why: &str) {
        tracing::debug!(target = what, reason = why, "browser connection failed");
        self.note(format!("{what}: {why}"), false);
    }

    fn note(&self, text: String, refusal: bool) {
        let mut n = self.notes.lock().unwrap();
        if n.kept.len() >= KEEP_NOTES {
            n.kept.pop_front();
        }
        let seq = n.next;
        n.kept.push_back((seq, text, refusal));
        n.next += 1;
    }

    fn host_slots(&self, key: &str) -> Arc<Semaphore> {
        self.hosts
            .lock()
            .unwrap()
            .entry(key.to_string())
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
            .clone()
    }

    /// How the browser's requests are paced, for the evidence (Vietnamese).
    pub fn describe(&self, interval: Duration) -> String {
        format!(
            "trình duyệt đi qua bộ kiểm soát địa chỉ của trình thu thập; mỗi lần mở trang cách nhau ít nhất {} ms trên cùng máy chủ; tài nguyên phụ của một trang là một lượt truy cập, không giãn nhịp từng yêu cầu mà giới hạn {HOST_CONNECTIONS} kết nối đồng thời mỗi máy chủ cho mỗi thẻ",
            interval.as_millis()
        )
    }
}

/// The proxy's listener on 127.0.0.1 (stopped when dropped).
pub struct Proxy {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// Listens on a free loopback port and serves every connection under `guard`.
    pub async fn start(guard: Arc<Guard>) -> std::io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                let guard = guard.clone();
                tokio::spawn(async move {
                    if let Err(e) = serve(&guard, client).await {
                        tracing::debug!(error = %e, "browser proxy connection ended");
                    }
                });
            }
        });
        Ok(Proxy { addr, task })
    }
}

/// One client connection: a `CONNECT` tunnel or one plain-http request (sent upstream with
/// `Connection: close`, so a kept-alive client connection never reaches a second host unchecked).
/// A refused or failed tunnel gets an error status (Chromium fails the request); a refused or
/// failed plain-http request gets no answer at all, since Chromium would show an answer as the
/// page itself (and the stage would measure it): the navigation fails, and [`Guard::notes_since`]
/// says why.
async fn serve(guard: &Guard, mut client: TcpStream) -> std::io::Result<()> {
    let Some((head, rest)) = tokio::time::timeout(WAIT, read_head(&mut client))
        .await
        .ok()
        .transpose()?
        .flatten()
    else {
        return Ok(());
    };
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let (method, target, version) = (
        first.next().unwrap_or_default(),
        first.next().unwrap_or_default(),
        first.next().unwrap_or("HTTP/1.1"),
    );
    let tunnel = method.eq_ignore_ascii_case("CONNECT");
    let (key, admitted, upstream_head) = if tunnel {
        (target.to_ascii_lowercase(), guard.admit("https", target).await, None)
    } else {
        match Url::parse(target) {
            Ok(url) if url.scheme() == "http" => {
                let head = origin_form(method, &url, version, lines);
                (host_key(&url), guard.admit_url(&url).await, Some(head))
            }
            _ => {
                let why = format!("yêu cầu \"{method} {target}\" không phải dạng proxy được hỗ trợ");
                guard.refuse(target, &why);
                return client.shutdown().await;
            }
        }
    };
    let fail = async |client: &mut TcpStream, status: &str, why: &str| {
        if tunnel {
            answer(client, status, why).await
        } else {
            client.shutdown().await
        }
    };
    let addrs = match admitted {
        Ok(a) => a,
        Err(why) => {
            guard.refuse(&key, &why);
            return fail(&mut client, "403 Forbidden", &why).await;
        }
    };
    let slots = guard.host_slots(&key);
    let Ok(Ok(_slot)) = tokio::time::timeout(WAIT, slots.acquire_owned()).await else {
        let why = format!("quá {} giây chờ kết nối", WAIT.as_secs());
        guard.failed(&key, &why);
        return fail(&mut client, "503 Service Unavailable", &why).await;
    };
    let mut upstream = match tokio::time::timeout(WAIT, TcpStream::connect(&addrs[..])).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            let why = format!("không kết nối được ({e})");
            guard.failed(&key, &why);
            return fail(&mut client, "502 Bad Gateway", &why).await;
        }
        Err(_) => {
            let why = format!("không trả lời trong {} giây", WAIT.as_secs());
            guard.failed(&key, &why);
            return fail(&mut client, "504 Gateway Timeout", &why).await;
        }
    };
    guard.connections.fetch_add(1, Ordering::Relaxed);
    match upstream_head {
        None => client.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n").await?,
        Some(h) => upstream.write_all(h.as_bytes()).await?,
    }
    if !rest.is_empty() {
        upstream.write_all(&rest).await?;
    }
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

/// Reads up to the end of the request head: the head, and whatever came after it.
async fn read_head(client: &mut TcpStream) -> std::io::Result<Option<(Vec<u8>, Vec<u8>)>> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buf.split_off(end + 4);
            return Ok(Some((buf, rest)));
        }
        if buf.len() > MAX_HEAD {
            return Ok(None);
        }
    }
}

/// The request head as the origin server gets it: the path in the request line, no proxy or
/// hop-by-hop connection headers, and `Connection: close`.
fn origin_form<'a>(method: &str, url: &Url, version: &str, headers: impl Iterator<Item = &'a str>) -> String {
    let mut path = url.path().to_string();
    if let Some(q) = url.query() {
        path.push('?');
        path.push_str(q);
    }
    let mut out = format!("{method} {path} {version}\r\n");
    for h in headers.filter(|h| !h.is_empty()) {
        let name = h.split(':').next().unwrap_or_default().trim().to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "proxy-connection" | "connection" | "keep-alive" | "proxy-authorization"
        ) {
            continue;
        }
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    out
}

/// Answers the client by the proxy itself (a refusal or a failure) and closes.
async fn answer(client: &mut TcpStream, status: &str, why: &str) -> std::io::Result<()> {
    let body = format!("ictrank: {why}\n");
    let msg = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    client.write_all(msg.as_bytes()).await?;
    client.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::BrowserConfig;

    fn guard(allow_private: bool, resolve: &[(&str, &str)]) -> Arc<Guard> {
        Guard::new(&BrowserConfig {
            allow_private,
            resolve: resolve
                .iter()
                .map(|(h, a)| (h.to_string(), a.parse().unwrap()))
                .collect(),
            ..BrowserConfig::default()
        })
    }

    #[tokio::test]
    async fn admits_as_the_crawler_does() {
        let g = guard(false, &[("site.test", "127.0.0.1:8080")]);
        let a = |s: &str| -> SocketAddr { s.parse().unwrap() };
        assert_eq!(g.admit("https", "site.test:443").await, Ok(vec![a("127.0.0.1:8080")]));
        assert_eq!(g.admit("https", "site.test:8080").await, Ok(vec![a("127.0.0.1:8080")]));
        let other = g.admit("https", "site.test:9090").await.unwrap_err();
        assert!(other.contains("9090"), "{other}");
        let lit = g.admit("http", "127.0.0.1:8080").await.unwrap_err();
        assert!(
            lit.contains("127.0.0.1") && lit.contains("--allow-private-addresses"),
            "{lit}"
        );
        assert!(g.admit("http", "[::1]:80").await.is_err());
        assert!(
            g.admit("https", "localhost:443").await.is_err(),
            "localhost resolves to loopback only"
        );
        let open = guard(true, &[]);
        assert_eq!(open.admit("http", "127.0.0.1:81").await, Ok(vec![a("127.0.0.1:81")]));
    }

    #[test]
    fn the_origin_gets_the_path_and_connection_close() {
        let url = Url::parse("http://a.test:8080/x/y?q=1").unwrap();
        let head = origin_form(
            "GET",
            &url,
            "HTTP/1.1",
            [
                "Host: a.test:8080",
                "Proxy-Connection: keep-alive",
                "Connection: keep-alive",
                "Accept: */*",
                "",
            ]
            .into_iter(),
        );
        assert_eq!(
            head,
            "GET /x/y?q=1 HTTP/1.1\r\nHost: a.test:8080\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        );
    }

    #[tokio::test]
    async fn refuses_a_tunnel_to_a_private_address_and_serves_an_allowed_one() {
        let echo = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let echo_addr = echo.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut s, _)) = echo.accept().await {
                tokio::spawn(async move {
                    let mut b = [0u8; 5];
                    if s.read_exact(&mut b).await.is_ok() {
                        let _ = s.write_all(&b).await;
                    }
                });
            }
        });
        let g = guard(false, &[("ok.test", &echo_addr.to_string())]);
        let proxy = Proxy::start(g.clone()).await.unwrap();
        let addr = proxy.addr;
        let talk = |req: String| async move {
            let mut c = TcpStream::connect(addr).await.unwrap();
            c.write_all(req.as_bytes()).await.unwrap();
            c.write_all(b"hello").await.unwrap();
            let mut out = Vec::new();
            let _ = tokio::time::timeout(Duration::from_secs(5), c.read_to_end(&mut out)).await;
            String::from_utf8_lossy(&out).into_owned()
        };
        let no = talk(format!("CONNECT {echo_addr} HTTP/1.1\r\nHost: {echo_addr}\r\n\r\n")).await;
        assert!(no.starts_with("HTTP/1.1 403"), "{no}");
        assert!(no.contains("địa chỉ nội bộ"), "{no}");
        assert_eq!(g.refused(), 1);
        let mut c = TcpStream::connect(proxy.addr).await.unwrap();
        c.write_all(b"CONNECT ok.test:443 HTTP/1.1\r\nHost: ok.test:443\r\n\r\nhello")
            .await
            .unwrap();
        let mut out = vec![0u8; 44];
        c.read_exact(&mut out).await.unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out),
            "HTTP/1.1 200 Connection Established\r\n\r\nhello"
        );
        assert_eq!((g.refused(), g.connections()), (1, 1));
        // a refused plain-http request gets no answer Chromium could show as the page
        let mark = g.mark();
        let none = talk(format!("GET http://{echo_addr}/ HTTP/1.1\r\nHost: {echo_addr}\r\n\r\n")).await;
        assert_eq!(none, "");
        assert_eq!(g.refused(), 2);
        let why = g.notes_since(mark);
        assert!(why.len() == 1 && why[0].contains("địa chỉ nội bộ"), "{why:?}");
    }
}
