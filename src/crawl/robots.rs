//! robots.txt rules for one site, as RFC 9309 asks: a robots.txt that is missing (4xx) allows
//! everything; one that cannot be read (5xx, 429, connection reset, timeout, DNS or TLS failure)
//! disallows the whole site for now, and the site is reported as "could not verify" with the
//! cause; only the first [`MAX_ROBOTS_BYTES`] are parsed (RFC 9309 §2.5: at least 500 KiB).
//! Parsing is texting_robots'. Main types: [`RobotsRules`], [`RobotsUnavailable`].

use crate::snapshot::ErrorKind;
use std::time::Duration;
use texting_robots::Robot;

/// Bytes of a robots.txt read and parsed at most; the rest is not read.
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;

/// The parsed rules, or no rules at all.
pub enum RobotsRules {
    AllowAll,
    Parsed(Robot),
}

/// robots.txt could not be read: the site may not be crawled this time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RobotsUnavailable {
    /// The fetch's own failure: `http_status` for a 5xx, else the network error's kind.
    pub kind: ErrorKind,
    /// Vietnamese, for the reports.
    pub detail: String,
}

impl RobotsRules {
    /// Rules from a robots.txt fetch: its status (None when no response), its error, and its body
    /// (at most [`MAX_ROBOTS_BYTES`]).
    pub fn from_fetch(
        agent_token: &str,
        status: Option<u16>,
        error: Option<&(ErrorKind, String)>,
        body: Option<&[u8]>,
    ) -> Result<RobotsRules, RobotsUnavailable> {
        let unavailable = |kind: ErrorKind, cause: String| {
            Err(RobotsUnavailable {
                kind,
                detail: format!(
                    "không đọc được robots.txt ({cause}); theo RFC 9309 coi như cấm thu thập toàn bộ trang, nên lần này chưa kiểm tra được"
                ),
            })
        };
        match (status, error) {
            // RFC 9309 §2.3.1.2: after too many redirects robots.txt counts as unavailable (4xx).
            (_, Some((ErrorKind::TooManyRedirects | ErrorKind::RedirectLoop, _))) => Ok(RobotsRules::AllowAll),
            (None, Some((kind, detail))) => unavailable(*kind, network_cause(*kind, detail)),
            (None, None) => unavailable(ErrorKind::Other, "không có câu trả lời".into()),
            // Like most crawlers, a 429 is read as "server busy", not as "no robots.txt".
            (Some(s @ (429 | 500..)), _) => unavailable(ErrorKind::HttpStatus, format!("máy chủ trả lời HTTP {s}")),
            (Some(200..=299), None) => Ok(parse(agent_token, body.unwrap_or_default())),
            (Some(200..=299), Some((kind, detail))) => unavailable(*kind, network_cause(*kind, detail)),
            // 4xx, and anything else that is not an answer with rules (a 3xx without Location…)
            (Some(_), _) => Ok(RobotsRules::AllowAll),
        }
    }

    pub fn allowed(&self, url: &str) -> bool {
        match self {
            RobotsRules::AllowAll => true,
            RobotsRules::Parsed(r) => r.allowed(url),
        }
    }

    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            RobotsRules::Parsed(r) => r
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(86_400.0))),
            RobotsRules::AllowAll => None,
        }
    }

    pub fn sitemaps(&self) -> Vec<String> {
        match self {
            RobotsRules::Parsed(r) => r.sitemaps.clone(),
            RobotsRules::AllowAll => Vec::new(),
        }
    }
}

/// Parses the rules; a body cut at the size limit is parsed up to its last complete line.
fn parse(agent_token: &str, body: &[u8]) -> RobotsRules {
    let body = if body.len() >= MAX_ROBOTS_BYTES {
        let end = body.iter().rposition(|b| *b == b'\n').map_or(body.len(), |i| i + 1);
        &body[..end]
    } else {
        body
    };
    match Robot::new(agent_token, body) {
        Ok(r) => RobotsRules::Parsed(r),
        // texting_robots' parser is forgiving; what it still rejects holds no usable rule
        Err(_) => RobotsRules::AllowAll,
    }
}

/// A network failure, in words for the reports.
/// The Vietnamese cause of a failed robots.txt fetch, with the technical detail kept after it (an
/// evaluator reads the first part; whoever fixes the site needs the second).
fn network_cause(kind: ErrorKind, detail: &str) -> String {
    let cause = network_cause_vi(kind, detail);
    if kind == ErrorKind::RefusedAddress || detail.is_empty() {
        cause
    } else {
        format!("{cause}; chi tiết kỹ thuật: {detail}")
    }
}

fn network_cause_vi(kind: ErrorKind, detail: &str) -> String {
    match kind {
        ErrorKind::Dns => "không phân giải được tên miền".into(),
        ErrorKind::Connect => {
            let d = detail.to_ascii_lowercase();
            if d.contains("reset") || d.contains("closed") || d.contains("broken pipe") || d.contains("eof") {
                "kết nối bị máy chủ cắt ngang".into()
            } else {
                "không kết nối được tới máy chủ".into()
            }
        }
        ErrorKind::Tls => "lỗi kết nối bảo mật TLS".into(),
        ErrorKind::Timeout => "quá thời gian chờ máy chủ trả lời".into(),
        ErrorKind::SiteBudgetExhausted => "hết thời gian dành cho trang".into(),
        // the refusal already says why, in Vietnamese
        ErrorKind::RefusedAddress => detail.to_string(),
        ErrorKind::UnsupportedScheme => "chuyển hướng sang giao thức không hỗ trợ".into(),
        ErrorKind::BodyTooLarge | ErrorKind::Decode => "nội dung không đọc được".into(),
        _ => "lỗi không xác định".into(),
    }
}

/// The product token robots.txt groups are matched against ("ictrank" from "ictrank/0.1 (…)").
pub fn agent_token(user_agent: &str) -> &str {
    user_agent.split(['/', ' ']).next().unwrap_or(user_agent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(
        status: Option<u16>,
        error: Option<(ErrorKind, &str)>,
        body: &[u8],
    ) -> Result<RobotsRules, RobotsUnavailable> {
        let error = error.map(|(k, d)| (k, d.to_string()));
        RobotsRules::from_fetch("ictrank", status, error.as_ref(), Some(body))
    }

    #[test]
    fn rules_delay_and_sitemaps() {
        let txt = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2.5\nSitemap: http://a.vn/sm.xml\n";
        let r = RobotsRules::from_fetch(agent_token("ictrank/0.1 (+mailto:x@y)"), Some(200), None, Some(txt)).unwrap();
        assert!(!r.allowed("http://a.vn/private/x"));
        assert!(r.allowed("http://a.vn/public"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_millis(2500)));
        assert_eq!(r.sitemaps(), vec!["http://a.vn/sm.xml".to_string()]);
    }

    #[test]
    fn missing_allows_all_and_unreadable_refuses_the_site() {
        for s in [400, 401, 403, 404, 410] {
            assert!(
                rules(Some(s), Some((ErrorKind::HttpStatus, "")), b"")
                    .unwrap()
                    .allowed("http://a.vn/x")
            );
        }
        for s in [500, 503, 429] {
            let e = rules(Some(s), Some((ErrorKind::HttpStatus, "")), b"").err().unwrap();
            assert_eq!(e.kind, ErrorKind::HttpStatus);
            assert!(e.detail.contains(&format!("HTTP {s}")) && e.detail.contains("không đọc được robots.txt"));
        }
        let reset = rules(None, Some((ErrorKind::Connect, "connection reset by peer")), b"")
            .err()
            .unwrap();
        assert_eq!(reset.kind, ErrorKind::Connect);
        assert!(reset.detail.contains("cắt ngang"), "{}", reset.detail);
        let slow = rules(None, Some((ErrorKind::Timeout, "")), b"").err().unwrap();
        assert_eq!(slow.kind, ErrorKind::Timeout);
        assert!(
            rules(Some(302), Some((ErrorKind::TooManyRedirects, "")), b"")
                .unwrap()
                .allowed("http://a.vn/")
        );
    }

    #[test]
    fn a_cut_body_is_parsed_up_to_its_last_line() {
        let mut txt = b"User-agent: *\nDisallow: /\n".to_vec();
        while txt.len() < MAX_ROBOTS_BYTES + 10 {
            txt.extend_from_slice(b"# filler comment line of a huge robots.txt\n");
        }
        txt.truncate(MAX_ROBOTS_BYTES);
        txt.extend_from_slice(b"Allow: /x"); // cut mid-line: not read
        let r = rules(Some(200), None, &txt).unwrap();
        assert!(!r.allowed("http://a.vn/"));
        assert!(!r.allowed("http://a.vn/x"));
    }
}
