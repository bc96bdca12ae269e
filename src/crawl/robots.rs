//! robots.txt rules for one site (texting_robots): which URLs may be fetched, the Crawl-delay and
//! the sitemaps it names. A missing robots.txt (4xx) allows everything; a server error (5xx)
//! disallows everything, as RFC 9309 asks.
//! Main type: [`RobotsRules`].

use std::time::Duration;
use texting_robots::Robot;

/// The parsed rules, or a blanket allow/deny.
pub enum RobotsRules {
    AllowAll,
    DenyAll(String),
    Parsed(Robot),
}

impl RobotsRules {
    /// Rules from a robots.txt fetch: its status (None when no response) and body.
    pub fn from_fetch(agent_token: &str, status: Option<u16>, body: Option<&[u8]>) -> RobotsRules {
        match status {
            Some(s) if (200..300).contains(&s) => {
                match Robot::new(agent_token, body.unwrap_or_default()) {
                    Ok(r) => RobotsRules::Parsed(r),
                    Err(_) => RobotsRules::AllowAll,
                }
            }
            Some(s) if (400..500).contains(&s) => RobotsRules::AllowAll,
            Some(s) => RobotsRules::DenyAll(format!("robots.txt answered HTTP {s}")),
            // No answer at all: the home page fetch that follows records the real failure (DNS,
            // TLS, timeout…) rather than a "disallowed" that would hide it.
            None => RobotsRules::AllowAll,
        }
    }

    pub fn allowed(&self, url: &str) -> bool {
        match self {
            RobotsRules::AllowAll => true,
            RobotsRules::DenyAll(_) => false,
            RobotsRules::Parsed(r) => r.allowed(url),
        }
    }

    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            RobotsRules::Parsed(r) => r
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(86_400.0))),
            _ => None,
        }
    }

    pub fn sitemaps(&self) -> Vec<String> {
        match self {
            RobotsRules::Parsed(r) => r.sitemaps.clone(),
            _ => Vec::new(),
        }
    }
}

/// The product token robots.txt groups are matched against ("ictrank" from "ictrank/0.1 (…)").
pub fn agent_token(user_agent: &str) -> &str {
    user_agent.split(['/', ' ']).next().unwrap_or(user_agent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_delay_and_sitemaps() {
        let txt =
            b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2.5\nSitemap: http://a.vn/sm.xml\n";
        let r = RobotsRules::from_fetch(
            agent_token("ictrank/0.1 (+mailto:x@y)"),
            Some(200),
            Some(txt),
        );
        assert!(!r.allowed("http://a.vn/private/x"));
        assert!(r.allowed("http://a.vn/public"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_millis(2500)));
        assert_eq!(r.sitemaps(), vec!["http://a.vn/sm.xml".to_string()]);
        assert!(RobotsRules::from_fetch("ictrank", Some(404), None).allowed("http://a.vn/x"));
        assert!(!RobotsRules::from_fetch("ictrank", Some(503), None).allowed("http://a.vn/x"));
    }
}
