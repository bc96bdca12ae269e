//! Crawl settings: [`CrawlConfig`], with defaults fit for government hosts (slow, few connections)
//! that also reach the politeness bound on many sites with nothing but a rate given: every site is
//! in flight at once and the run-wide cap counts only requests on the wire.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

/// Everything a crawl run can be tuned by. `Default` gives polite values for government hosts.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CrawlConfig {
    /// Sent on every request; names the tool and a contact address.
    pub user_agent: String,
    /// Requests per second per host; `None` turns rate limiting off (benchmarks only).
    pub per_host_rate: Option<f64>,
    /// Requests in flight per host.
    pub per_host_concurrency: usize,
    /// Pages in hand over the whole run: requests on the wire and answers not yet parsed and
    /// stored (a request waiting for its host's turn holds none). Bounds the bodies in memory.
    pub global_concurrency: usize,
    /// Sites crawled at the same time; `None`: all of them, as far as the open-file limit allows.
    pub parallel_sites: Option<usize>,
    /// Hosts paced more than a second apart that keep their connection open between requests, at
    /// most (an idle connection holds ~85 KB of buffers); the others reconnect for each request.
    #[serde(default = "default_keep_alive_hosts")]
    pub keep_alive_hosts: usize,
    /// A robots.txt Crawl-delay above this is capped (and the cap noted in the run log).
    pub max_crawl_delay: Duration,
    /// Pages (home, navigation, lists, articles) fetched per site at most.
    pub max_pages: usize,
    /// How many link hops from the home page navigation is followed.
    pub max_depth: usize,
    /// Further pages of one paginated list fetched eagerly, with the level they are found on.
    pub max_list_pages: usize,
    /// A list is then followed page by page ("next page") while its page's oldest item is at most
    /// this many days old: the rubric's longest freshness window plus a margin, set from the rubric
    /// by the pipeline ([`crate::rubric::Rubric::list_window_days`]), so counts over it are exact.
    pub list_window_days: u32,
    /// The day that window ends on: the evaluation's as-of day, set by the pipeline (`None`: today in
    /// Việt Nam), so a run as of an earlier day still reads its lists back over that day's windows.
    pub list_as_of: Option<chrono::NaiveDate>,
    /// Page number a followed list is read to at most (page 1 is the section page).
    pub max_list_depth: usize,
    /// Pages fetched per site by following lists, a budget of their own beside `max_pages` so a
    /// site with many pages still reads its lists to the window.
    pub max_followed_list_pages: usize,
    /// Article pages sampled per site at most.
    pub max_articles: usize,
    /// Sitemap files (index and children) fetched per site at most.
    pub max_sitemaps: usize,
    /// Feeds fetched per site at most.
    pub max_feeds: usize,
    pub connect_timeout: Duration,
    /// Whole request, headers and body.
    pub request_timeout: Duration,
    /// Longest wait for the next body chunk.
    pub stall_timeout: Duration,
    /// A declared Content-Length above this is refused before reading.
    pub max_body_bytes: u64,
    /// Bytes after decompression read at most (gzip/brotli bombs stop here).
    pub max_decompressed_bytes: u64,
    pub max_redirects: usize,
    /// Retries of transient failures (timeout, reset, 5xx, 429).
    pub max_retries: u32,
    /// First retry backoff; doubles per attempt.
    pub retry_backoff: Duration,
    /// A Retry-After longer than this is not waited for: the fetch fails.
    pub max_retry_after: Duration,
    /// Wall-clock budget per site: every wait (pacing, Retry-After, backoff) and read counts
    /// against it; a Retry-After longer than what is left ends the site's crawl with a note.
    pub site_time_budget: Duration,
    /// Host name → address, like curl's `--resolve`; these hosts may be private addresses.
    pub resolve: BTreeMap<String, SocketAddr>,
    /// Probe each site's HTTPS and IPv6 after its crawl ([`super::probe`]): set by the pipeline when
    /// the rubric has network checks (`https`, `ipv6`). Off by default: the probe's two or three
    /// requests per site are not paced by the host's gates.
    #[serde(default)]
    pub probe_transport: bool,
    /// PEM certificates the crawler and its transport probe ([`super::probe`]) trust besides the
    /// system's roots (the demo's CA).
    #[serde(default)]
    pub extra_roots_pem: Vec<String>,
    /// Allow redirects and links to loopback, private and link-local addresses.
    pub allow_private_addresses: bool,
    /// Send If-None-Match / If-Modified-Since from earlier runs and reuse the body on 304.
    pub conditional_requests: bool,
    /// Show a progress bar when stderr is a terminal.
    pub progress: bool,
}

/// 640 idle connections: ~55 MB of buffers with 30–40 KB pages, so a national run of 2,000 sites
/// stays within 256 MB (1,024 peaked at 239 MB on a loaded machine) while a third of its hosts
/// skip a connection per request.
fn default_keep_alive_hosts() -> usize {
    640
}

impl Default for CrawlConfig {
    fn default() -> Self {
        CrawlConfig {
            user_agent: concat!(
                "ictrank/",
                env!("CARGO_PKG_VERSION"),
                " (+mailto:ictrank-crawler@example.gov.vn; website audit for the provincial IT ranking)"
            )
            .to_string(),
            per_host_rate: Some(1.0),
            per_host_concurrency: 2,
            global_concurrency: 256,
            parallel_sites: None,
            keep_alive_hosts: default_keep_alive_hosts(),
            max_crawl_delay: Duration::from_secs(10),
            max_pages: 150,
            max_depth: 2,
            max_list_pages: 3,
            list_window_days: crate::rubric::DEFAULT_LIST_WINDOW_DAYS,
            list_as_of: None,
            max_list_depth: 30,
            max_followed_list_pages: 120,
            max_articles: 30,
            max_sitemaps: 6,
            max_feeds: 10,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            stall_timeout: Duration::from_secs(15),
            max_body_bytes: 20 * 1024 * 1024,
            max_decompressed_bytes: 20 * 1024 * 1024,
            max_redirects: 10,
            max_retries: 2,
            retry_backoff: Duration::from_secs(2),
            max_retry_after: Duration::from_secs(120),
            site_time_budget: Duration::from_secs(10 * 60),
            resolve: BTreeMap::new(),
            probe_transport: false,
            extra_roots_pem: Vec::new(),
            allow_private_addresses: false,
            conditional_requests: true,
            progress: true,
        }
    }
}

impl CrawlConfig {
    /// Parses one `--resolve HOST=ADDR:PORT` value (also accepts curl's `HOST:PORT:ADDR`).
    pub fn parse_resolve(spec: &str) -> anyhow::Result<(String, SocketAddr)> {
        if let Some((host, addr)) = spec.split_once('=') {
            let addr: SocketAddr = addr
                .parse()
                .map_err(|e| anyhow::anyhow!("--resolve {spec}: bad address {addr:?}: {e}"))?;
            return Ok((host.trim().to_ascii_lowercase(), addr));
        }
        let parts: Vec<&str> = spec.splitn(3, ':').collect();
        if let [host, port, ip] = parts[..] {
            let ip = ip.trim_start_matches('[').trim_end_matches(']');
            let addr: SocketAddr = format!("{}:{port}", bracket_v6(ip))
                .parse()
                .map_err(|e| anyhow::anyhow!("--resolve {spec}: bad address: {e}"))?;
            return Ok((host.to_ascii_lowercase(), addr));
        }
        anyhow::bail!("--resolve {spec}: expected HOST=ADDR:PORT")
    }
}

/// Parses a duration given on the command line: seconds ("90", "90s"), minutes ("10m") or hours
/// ("1h").
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim().to_ascii_lowercase();
    let (num, unit) = match t.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => t.split_at(i),
        None => (t.as_str(), "s"),
    };
    let scale = match unit.trim() {
        "s" | "giây" => 1.0,
        "m" | "min" | "phút" => 60.0,
        "h" | "giờ" => 3600.0,
        _ => return Err(format!("{text:?}: đơn vị không hợp lệ (dùng s, m hoặc h, ví dụ 10m)")),
    };
    match num.parse::<f64>() {
        Ok(n) if n > 0.0 && n.is_finite() => Ok(Duration::from_secs_f64(n * scale)),
        _ => Err(format!(
            "{text:?}: cần một khoảng thời gian dương, ví dụ 600, 90s hoặc 10m"
        )),
    }
}

fn bracket_v6(ip: &str) -> String {
    if ip.contains(':') {
        format!("[{ip}]")
    } else {
        ip.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_resolve_forms() {
        let (h, a) = CrawlConfig::parse_resolve("Example.gov.vn=127.0.0.1:8080").unwrap();
        assert_eq!((h.as_str(), a.port()), ("example.gov.vn", 8080));
        let (h, a) = CrawlConfig::parse_resolve("a.vn:80:127.0.0.2").unwrap();
        assert_eq!((h.as_str(), a.to_string().as_str()), ("a.vn", "127.0.0.2:80"));
        assert!(CrawlConfig::parse_resolve("nohost").is_err());
        assert!(CrawlConfig::parse_resolve("a=notanaddr").is_err());
    }

    #[test]
    fn parses_durations() {
        assert_eq!(parse_duration("600"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1.5h"), Ok(Duration::from_secs(5400)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("10 ngày").unwrap_err().contains("đơn vị"));
        assert!(parse_duration("abc").is_err());
    }
}
