//! The script challenge (a page whose script sets a cookie and reloads, as chinhphu.vn once
//! answered): the real browser, with the crawler's own honest user agent, runs the script, keeps
//! the cookie and reads the site behind it — the home page and the pages it links to, breadth
//! first, within robots.txt and at the crawler's per-host pace — so the site is audited instead of
//! flagged. A wall the browser cannot pass (a CAPTCHA) stays "could not verify".
//!
//! Main item: [`pass`].

use super::BrowserConfig;
use super::cdp::Tab;
use super::findings::ChallengePass;
use super::performance::settle;
use crate::crawl::challenge::{Verdict, classify, same_site};
use crate::snapshot::{Page, PageRole, SiteSnapshot};
use anyhow::Result;
use serde_json::{Value, json};
use std::collections::{HashSet, VecDeque};
use std::time::Duration;
use url::Url;

/// Reads `snap`'s site through the challenge in `tab` (one browser context: the cookie is kept),
/// up to `max_pages` pages, each at its host's turn ([`Tab::navigate`]) and within the page timeout.
pub async fn pass(tab: &Tab, snap: &SiteSnapshot, cfg: &BrowserConfig, max_pages: usize) -> Result<ChallengePass> {
    let user_agent = cfg.user_agent.as_str();
    let start = snap
        .home()
        .map_or(snap.start_url.as_str(), |h| h.url.as_str())
        .to_string();
    tab.call("Page.enable", json!({})).await?;
    let robots = robots_of(snap, user_agent);
    let mut pages: Vec<Page> = Vec::new();
    let mut queue: VecDeque<String> = VecDeque::from([start.clone()]);
    let mut seen: HashSet<String> = HashSet::from([start.clone()]);
    while let Some(url) = queue.pop_front() {
        if pages.len() >= max_pages {
            break;
        }
        let read = tokio::time::timeout(cfg.page_timeout, read(tab, &url, pages.is_empty()));
        let page = match read.await.unwrap_or_else(|_| {
            Err(anyhow::anyhow!(
                "quá thời gian {} giây cho một trang",
                cfg.page_timeout.as_secs()
            ))
        }) {
            Ok(p) => p,
            Err(e) if pages.is_empty() => {
                return Ok(ChallengePass {
                    passed: false,
                    detail: format!("trình duyệt không mở được trang chủ: {e}"),
                    pages: vec![],
                });
            }
            Err(e) => {
                tracing::debug!(%url, error = %e, "browser read failed behind a challenge");
                continue;
            }
        };
        let final_url = Url::parse(&page.final_url).ok();
        let html = page.text.clone().unwrap_or_default();
        if pages.is_empty() {
            // still a wall after the script ran: not passed
            if let Some(u) = &final_url
                && let Verdict::Challenge(sig) = classify(u, &html)
            {
                return Ok(ChallengePass {
                    passed: false,
                    detail: format!("trình duyệt thật vẫn gặp trang chặn sau khi chạy mã ({sig})"),
                    pages: vec![],
                });
            }
        }
        if let Some(base) = &final_url {
            for link in links(tab).await.unwrap_or_default() {
                let Ok(mut u) = base.join(&link) else { continue };
                u.set_fragment(None);
                if !matches!(u.scheme(), "http" | "https") || !same_site(base, &u) {
                    continue;
                }
                if robots.as_ref().is_some_and(|r| !r.allowed(u.as_str())) {
                    continue;
                }
                if seen.insert(u.to_string()) {
                    queue.push_back(u.to_string());
                }
            }
        }
        pages.push(page);
    }
    let detail = format!(
        "trang chặn bằng mã JavaScript đặt cookie rồi tải lại: trình duyệt thật (cùng chuỗi nhận diện) đã vượt qua và đọc {} trang",
        pages.len()
    );
    Ok(ChallengePass {
        passed: true,
        detail,
        pages,
    })
}

/// Loads `url` and keeps the page as the browser built it.
async fn read(tab: &Tab, url: &str, home: bool) -> Result<Page> {
    let nav = tab.navigate(url).await?;
    if let Some(e) = nav.get("errorText").and_then(Value::as_str) {
        anyhow::bail!("{e}");
    }
    // the challenge's own reload happens in here
    settle(tab).await?;
    if home {
        // give a second reload its chance (some walls reload twice)
        tokio::time::sleep(Duration::from_millis(300)).await;
        settle(tab).await?;
    }
    let v = tab
        .eval(
            "({url: location.href, html: document.documentElement.outerHTML, \
              status: (performance.getEntriesByType('navigation')[0] || {}).responseStatus || 200, \
              type: document.contentType})",
        )
        .await?;
    Ok(Page {
        url: url.to_string(),
        final_url: v["url"].as_str().unwrap_or(url).to_string(),
        role: if home { PageRole::Home } else { PageRole::Page },
        status: Some(v["status"].as_u64().unwrap_or(200) as u16),
        content_type: v["type"].as_str().map(str::to_string),
        fetched_at: chrono::Utc::now(),
        text: v["html"].as_str().map(str::to_string),
        charset: Some("utf-8 (trình duyệt)".into()),
        error: None,
        error_detail: None,
        headers: vec![],
    })
}

async fn links(tab: &Tab) -> Result<Vec<String>> {
    let v = tab
        .eval("Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))")
        .await?;
    Ok(v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default())
}

/// The site's robots.txt as the crawler stored it, when it was read.
pub(super) fn robots_of(snap: &SiteSnapshot, user_agent: &str) -> Option<texting_robots::Robot> {
    let page = snap
        .pages
        .iter()
        .find(|p| p.role == PageRole::Robots && p.status == Some(200))?;
    let text = page.text.as_deref()?;
    let agent = user_agent.split('/').next().unwrap_or(user_agent);
    texting_robots::Robot::new(agent, text.as_bytes()).ok()
}
