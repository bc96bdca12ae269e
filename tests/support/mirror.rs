//! Test support: "crawls" a local mirror directory into a [`SiteSnapshot`] without a network, by
//! following links from the start page through the files (URL path → file; `/dir/` → `dir/index.html`;
//! `path?query` → `path@query.html`, as the corpus stores them). A missing file is a 404 page, as a
//! broken link is on a live site. Roles: home, robots, sitemap (from robots.txt and /sitemap.xml,
//! and sitemap indexes), feed (RSS links and XML bodies), page. Robots `Disallow` lines for `*` are
//! obeyed. Used by the audit tests.
#![allow(dead_code)]

#[path = "corpus.rs"]
mod corpus_files;
#[allow(unused_imports)] // not every test that crawls a mirror reads the corpus
pub use corpus_files::corpus;

use chrono::{DateTime, TimeZone, Utc};
use ictrank::snapshot::{ErrorKind, Page, PageRole, SiteOutcome, SiteSnapshot};
use scraper::{Html, Selector};
use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use url::Url;

const ASSET_EXT: &[&str] = &[
    "css", "js", "png", "jpg", "jpeg", "gif", "ico", "svg", "pdf", "doc", "docx", "xls", "xlsx", "zip", "rar", "mp4",
    "swf", "woff", "woff2", "ttf", "eot", "bmp", "webp", "mp3", "flv",
];

/// This repository's test fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The file that stores `url` under `root`, if any.
pub fn file_for(root: &Path, url: &Url) -> Option<PathBuf> {
    let path = percent_decode(url.path());
    let rel = path.trim_start_matches('/');
    let mut tries = Vec::new();
    if let Some(q) = url.query() {
        tries.push(format!("{rel}@{q}.html"));
    }
    if rel.is_empty() || rel.ends_with('/') {
        tries.push(format!("{rel}index.html"));
    } else {
        tries.push(rel.to_string());
        tries.push(format!("{rel}/index.html"));
    }
    tries.into_iter().map(|t| root.join(t)).find(|p| p.is_file())
}

fn is_asset(url: &Url) -> bool {
    let last = url.path().rsplit('/').next().unwrap_or("");
    last.rsplit_once('.')
        .is_some_and(|(_, ext)| ASSET_EXT.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Crawls the mirror at `root` served as `base` (e.g. "http://sotttt.hanoi.gov.vn/").
pub fn crawl(root: &Path, base: &str, crawled_at: DateTime<Utc>) -> SiteSnapshot {
    let base = Url::parse(base).expect("base URL");
    let host = base.host_str().unwrap_or("").to_string();
    let mut pages = Vec::new();
    let mut seen = HashSet::new();
    let mut queue: VecDeque<(Url, PageRole)> = VecDeque::new();
    let robots_url = base.join("/robots.txt").unwrap();
    let mut disallow: Vec<String> = Vec::new();
    if let Some(f) = file_for(root, &robots_url) {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let mut star = false;
        for line in text.lines() {
            let (k, v) = line
                .split_once(':')
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim()))
                .unwrap_or_default();
            match k.as_str() {
                "user-agent" => star = v == "*",
                "disallow" if star && !v.is_empty() => disallow.push(v.to_string()),
                "sitemap" => {
                    if let Ok(u) = Url::parse(v) {
                        queue.push_back((u, PageRole::Sitemap));
                    }
                }
                _ => {}
            }
        }
        pages.push(page(&robots_url, PageRole::Robots, Some(text), crawled_at));
        seen.insert(robots_url.to_string());
    }
    queue.push_front((base.clone(), PageRole::Home));
    queue.push_back((base.join("/sitemap.xml").unwrap(), PageRole::Sitemap));
    let a = Selector::parse("a[href], link[rel=alternate][href]").unwrap();
    while let Some((mut url, role)) = queue.pop_front() {
        url.set_fragment(None);
        if !seen.insert(url.to_string()) || pages.len() > 3000 {
            continue;
        }
        let text = file_for(root, &url)
            .and_then(|f| std::fs::read(f).ok())
            .map(|b| String::from_utf8_lossy(&b).trim_start_matches('\u{feff}').to_string());
        let xml = text.as_deref().is_some_and(|t| {
            let t = t.trim_start();
            t.starts_with("<?xml")
                || t.starts_with("<rss")
                || t.starts_with("<urlset")
                || t.starts_with("<sitemapindex")
        });
        let role = if role == PageRole::Page
            && xml
            && text
                .as_deref()
                .is_some_and(|t| t.contains("<rss") || t.contains("<feed"))
        {
            PageRole::Feed
        } else {
            role
        };
        if role == PageRole::Sitemap
            && let Some(t) = text.as_deref().filter(|t| t.contains("<sitemapindex"))
        {
            for loc in t.split("<loc>").skip(1).filter_map(|s| s.split("</loc>").next()) {
                if let Ok(u) = Url::parse(loc.trim()) {
                    queue.push_back((u, PageRole::Sitemap));
                }
            }
        }
        if !xml && let Some(t) = text.as_deref() {
            let html = Html::parse_document(t);
            for l in html.select(&a) {
                let href = l.value().attr("href").unwrap_or("").trim();
                if href.starts_with('#') || href.starts_with("javascript") || href.starts_with("mailto") {
                    continue;
                }
                let Ok(mut u) = url.join(href) else { continue };
                u.set_fragment(None);
                let allowed = !disallow.iter().any(|d| u.path().starts_with(d.as_str()));
                if u.host_str() == Some(host.as_str()) && !is_asset(&u) && allowed && !seen.contains(u.as_str()) {
                    let is_feed = l
                        .value()
                        .attr("type")
                        .is_some_and(|t| t.contains("rss") || t.contains("atom"));
                    queue.push_back((u, if is_feed { PageRole::Feed } else { PageRole::Page }));
                }
            }
        }
        let mut p = page(&url, role, text, crawled_at);
        if xml {
            p.content_type = Some("text/xml; charset=utf-8".into());
        }
        pages.push(p);
    }
    SiteSnapshot {
        probe: None,
        start_url: base.to_string(),
        crawled_at,
        outcome: SiteOutcome::Ok,
        pages,
    }
}

fn page(url: &Url, role: PageRole, text: Option<String>, at: DateTime<Utc>) -> Page {
    let found = text.is_some();
    let ct = if url.path().ends_with(".txt") {
        "text/plain; charset=utf-8"
    } else {
        "text/html; charset=utf-8"
    };
    Page {
        url: url.to_string(),
        final_url: url.to_string(),
        role,
        status: Some(if found { 200 } else { 404 }),
        content_type: Some(ct.into()),
        fetched_at: at,
        text,
        charset: found.then(|| "utf-8".into()),
        error: (!found).then_some(ErrorKind::HttpStatus),
        error_detail: (!found).then(|| "HTTP 404".into()),
        headers: vec![("content-type".into(), ct.into())],
    }
}

/// A UTC time from its parts.
pub fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

/// A snapshot of single pages from files: `(url, file, role)`; the first `Home` is the home page.
pub fn snapshot_of(pages: &[(&str, PathBuf, PageRole)], crawled_at: DateTime<Utc>) -> SiteSnapshot {
    let start = pages
        .iter()
        .find(|p| p.2 == PageRole::Home)
        .map(|p| p.0)
        .unwrap_or(pages[0].0);
    let pages = pages
        .iter()
        .map(|(u, f, role)| {
            let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            page(
                &Url::parse(u).unwrap(),
                *role,
                Some(text.trim_start_matches('\u{feff}').to_string()),
                crawled_at,
            )
        })
        .collect();
    SiteSnapshot {
        probe: None,
        start_url: start.to_string(),
        crawled_at,
        outcome: SiteOutcome::Ok,
        pages,
    }
}
