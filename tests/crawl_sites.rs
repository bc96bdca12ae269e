//! Whole mirrored sites served on loopback: sotttt.hanoi.gov.vn (HTTrack mirror, relative links)
//! and the NukeViet demo commune portal (root-relative links, absolute URLs on port 80 reached
//! through a resolve override).

mod support;

use ictrank::crawl::{CrawlTarget, crawl};
use ictrank::snapshot::{ErrorKind, PageRole, SiteOutcome};
use ictrank::store::crawl::load_snapshot;
use regex::Regex;
use std::collections::BTreeSet;
use support::*;
use url::Url;

/// Same-host page links of an HTML file, found independently of the crawler's extractor.
fn linked_pages(base: &Url, html: &str) -> BTreeSet<String> {
    let re = Regex::new(r#"(?is)<a\s[^>]*?href\s*=\s*"([^"]*)""#).unwrap();
    let comments = Regex::new(r"(?s)<!--.*?-->").unwrap();
    let html = comments.replace_all(html, "");
    let assets =
        Regex::new(r"(?i)\.(png|jpe?g|gif|css|js|pdf|docx?|xlsx?|zip|rar|ico|svg|xml)$").unwrap();
    re.captures_iter(&html)
        .filter_map(|c| base.join(&c[1].replace("&amp;", "&")).ok())
        .filter(|u| u.scheme() == "http" && u.host_str() == base.host_str())
        .map(|mut u| {
            u.set_fragment(None);
            u
        })
        .filter(|u| !assets.is_match(u.path()))
        .map(|u| u.to_string())
        .collect()
}

#[tokio::test]
async fn sotttt_mirror_every_home_link_reached_and_missing_pages_are_404() {
    let root = corpus("sites/sotttt.hanoi.gov.vn");
    let fx = static_site(root.clone()).await;
    let (store, _dir, _) = temp_store().await;
    let cfg = fx.config(&["sotttt.hanoi.gov.vn"]);
    let start = "http://sotttt.hanoi.gov.vn/index.html";
    let summary = crawl(
        &store,
        vec![CrawlTarget {
            unit_id: Some("sotttt".into()),
            url: start.into(),
        }],
        &cfg,
    )
    .await
    .unwrap();
    let snap = load_snapshot(&store, summary.run_id, start).await.unwrap();
    assert_eq!(snap.outcome, SiteOutcome::Ok);
    let base = Url::parse(start).unwrap();
    let expected = linked_pages(
        &base,
        &std::fs::read_to_string(root.join("index.html")).unwrap(),
    );
    assert!(expected.len() > 60, "{}", expected.len());
    let (mut ok, mut missing) = (0, 0);
    for url in &expected {
        let page = snap
            .page(url)
            .unwrap_or_else(|| panic!("{url} linked from the home page was not fetched"));
        let path = Url::parse(url)
            .unwrap()
            .path()
            .trim_start_matches('/')
            .to_string();
        let path = path.replace("%20", " ");
        if root.join(&path).is_file() {
            assert_eq!(page.status, Some(200), "{url}");
            assert!(page.is_ok_html(), "{url}");
            ok += 1;
        } else {
            assert_eq!(
                (page.status, page.error),
                (Some(404), Some(ErrorKind::HttpStatus)),
                "{url}"
            );
            missing += 1;
        }
    }
    assert!(
        ok > 40 && missing > 0,
        "{ok} pages served, {missing} missing"
    );
    assert!(
        snap.pages.len() <= cfg.max_pages + 20,
        "budget kept: {} fetches",
        snap.pages.len()
    );
    let pages = snap
        .pages
        .iter()
        .filter(|p| {
            matches!(
                p.role,
                PageRole::Home | PageRole::Page | PageRole::ListPage | PageRole::Article
            )
        })
        .count();
    assert!(pages <= cfg.max_pages);
    // the home page's only RSS link is inside an HTML comment: no feed is announced
    assert!(!snap.pages.iter().any(|p| p.role == PageRole::Feed));
    let home = snap.home().unwrap();
    assert!(
        home.text
            .as_deref()
            .unwrap()
            .contains("Sở Thông Tin Và Truyền Thông")
    );
    assert_eq!(home.charset.as_deref(), Some("utf-8 (bom)"));
}

#[tokio::test]
async fn nukeviet_demo_with_absolute_port_80_urls_through_resolve() {
    let root = corpus("sites/nukeviet-demo/ubnd-nvdemo.gialai.gov.vn");
    let labels: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(corpus("sites/nukeviet-demo/LABELS.json")).unwrap(),
    )
    .unwrap();
    let fx = static_site(root).await;
    let (store, _dir, _) = temp_store().await;
    let host = "ubnd-nvdemo.gialai.gov.vn";
    let cfg = fx.config(&[host]);
    let start = "http://ubnd-nvdemo.gialai.gov.vn/";
    let summary = crawl(
        &store,
        vec![CrawlTarget {
            unit_id: None,
            url: start.into(),
        }],
        &cfg,
    )
    .await
    .unwrap();
    let snap = load_snapshot(&store, summary.run_id, start).await.unwrap();
    assert_eq!(snap.outcome, SiteOutcome::Ok);

    // robots.txt obeyed: /users/ linked from every page, never requested
    assert!(
        fx.hits_for(host)
            .iter()
            .all(|h| !h.target.starts_with("/users/") && !h.target.starts_with("/statistics/"))
    );
    assert!(
        snap.pages
            .iter()
            .any(|p| p.url.contains("/users/") && p.error == Some(ErrorKind::RobotsDisallowed))
    );

    // the primary menu is reached
    let mut menu = Vec::new();
    for item in labels["primary_menu"].as_array().unwrap() {
        menu.push(item["url"].as_str().unwrap().to_string());
        for child in item["children"].as_array().into_iter().flatten() {
            menu.push(child["url"].as_str().unwrap().to_string());
        }
    }
    menu.retain(|u| u.starts_with(start));
    assert!(menu.len() > 8);
    for url in &menu {
        let page = snap
            .page(url)
            .unwrap_or_else(|| panic!("menu item {url} not fetched"));
        assert!(
            page.is_ok_html(),
            "{url}: {:?} {:?}",
            page.status,
            page.error
        );
    }

    // sitemaps named by robots.txt, index and children; feeds announced by the pages
    let sitemap = snap
        .page("http://ubnd-nvdemo.gialai.gov.vn/sitemap.xml")
        .unwrap();
    assert_eq!(
        (sitemap.role, sitemap.status),
        (PageRole::Sitemap, Some(200))
    );
    let children = snap
        .pages
        .iter()
        .filter(|p| p.role == PageRole::Sitemap && p.url.contains("sitemap-vi."))
        .count();
    assert!(children >= 3, "{children} child sitemaps");
    let feed = snap.page("http://ubnd-nvdemo.gialai.gov.vn/rss/").unwrap();
    assert_eq!(feed.role, PageRole::Feed);
    assert!(feed.text.as_deref().unwrap().contains("<rss"));

    // a sample of articles, and their text decoded
    let posts: BTreeSet<&str> = labels["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap())
        .collect();
    let articles: Vec<_> = snap
        .pages
        .iter()
        .filter(|p| posts.contains(p.url.as_str()) && p.is_ok_html())
        .collect();
    assert!(articles.len() >= 5, "{} articles", articles.len());
    assert!(
        snap.page("http://ubnd-nvdemo.gialai.gov.vn/ictrank-404-probe-1-khong-ton-tai.html")
            .is_some_and(|p| p.status == Some(404))
    );
}
