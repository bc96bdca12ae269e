//! The demo's fixture sites and bundled evaluation: the server answers each demo host through address
//! overrides; every platform shows its fingerprint; fresh, stale, missing-sections, challenge and
//! unreachable sites are what they claim; every page in a sitemap answers; the evaluation loads and
//! declares every group but the website.

use chrono::{Duration, NaiveDate};
use ictrank::declared::{DeclaredSet, Target};
use ictrank::demo;
use ictrank::registry::Evaluation;
use ictrank_demo_sites::{self as sites, CHALLENGE_COOKIE, Condition, DemoServer, Platform, SITES, SiteSpec};
use regex::Regex;
use scraper::{Html, Selector};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn client(server: &DemoServer) -> reqwest::Client {
    let mut b = ictrank::crawl::fetch::client_builder().timeout(std::time::Duration::from_secs(10));
    for (host, addr) in &server.resolve {
        b = b.resolve(host, *addr);
    }
    b.build().unwrap()
}

fn spec(pred: impl Fn(&SiteSpec) -> bool) -> &'static SiteSpec {
    SITES
        .iter()
        .find(|s| pred(s))
        .expect("a demo site matching the condition")
}

async fn get(c: &reqwest::Client, url: &str) -> (u16, String) {
    let r = c.get(url).send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

/// Same-host links of a page: (absolute URL, link text).
fn links(base: &str, html: &str) -> Vec<(String, String)> {
    let base = url::Url::parse(base).unwrap();
    let doc = Html::parse_document(html);
    doc.select(&Selector::parse("a[href]").unwrap())
        .filter_map(|a| {
            let u = base.join(a.value().attr("href")?).ok()?;
            (u.host_str() == base.host_str() && u.scheme() == "http")
                .then(|| (u.to_string(), a.text().collect::<String>().trim().to_string()))
        })
        .collect()
}

fn link_to(base: &str, html: &str, text: &str) -> Option<String> {
    links(base, html).into_iter().find(|(_, t)| t == text).map(|(u, _)| u)
}

/// Dates written dd/mm/yyyy or in ISO `datetime` attributes (yyyy-mm-ddT…).
fn dates(text: &str) -> Vec<NaiveDate> {
    let dmy = Regex::new(r"\b(\d{2})/(\d{2})/(\d{4})\b").unwrap();
    let iso = Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})T").unwrap();
    let ymd = |y: &str, m: &str, d: &str| NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    dmy.captures_iter(text)
        .filter_map(|c| ymd(&c[3], &c[2], &c[1]))
        .chain(iso.captures_iter(text).filter_map(|c| ymd(&c[1], &c[2], &c[3])))
        .collect()
}

fn generator(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    doc.select(&Selector::parse("meta[name=generator], meta[name=GENERATOR]").unwrap())
        .find_map(|m| m.value().attr("content").map(str::to_string))
}

/// Home page (after redirects) of a site.
async fn home(c: &reqwest::Client, s: &SiteSpec) -> (String, String) {
    let r = c.get(s.url()).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", s.host);
    let url = r.url().to_string();
    (url, r.text().await.unwrap())
}

#[tokio::test]
async fn every_platform_shows_its_fingerprint() {
    let server = sites::serve(as_of()).await.unwrap();
    let c = client(&server);
    let checked = [
        (
            Platform::Liferay,
            vec![
                "Liferay.ThemeDisplay",
                "portlet-boundary",
                "/-/asset_publisher/",
                "/web/guest/",
            ],
        ),
        (
            Platform::SharePoint,
            vec!["/_layouts/15/", "s4-workspace", "ms-webpart-zone", "/Trang/"],
        ),
        (
            Platform::NukeViet { rewrite: false },
            vec![
                "nv_base_siteurl",
                "menu-site-default",
                "index.php?language=vi&amp;nv=news",
            ],
        ),
        (
            Platform::NukeViet { rewrite: true },
            vec!["nv_base_siteurl", "/themes/egov/", "href=\"/news/tin-tuc/\""],
        ),
        (
            Platform::Inet,
            vec!["iNet Solutions", "inet-menu", "list-news", "news-item"],
        ),
        (
            Platform::WordPress,
            vec![
                "/wp-content/",
                "entry-title",
                "<time class=\"entry-date published\" datetime=\"",
                "/category/tin-tuc/",
            ],
        ),
        (
            Platform::DotNetNuke,
            vec!["/DesktopModules/", "/Portals/0/", "dnn_ctr420", "edn_article"],
        ),
    ];
    for (platform, markers) in checked {
        let s = spec(|s| s.platform == platform);
        let (_, html) = home(&c, s).await;
        for m in markers {
            assert!(html.contains(m), "{} ({platform:?}) lacks {m:?}", s.host);
        }
        let expected_generator = match platform {
            Platform::SharePoint => Some("Microsoft SharePoint"),
            Platform::NukeViet { .. } => Some("NukeViet v4"),
            Platform::WordPress => Some("WordPress 6"),
            Platform::DotNetNuke => Some("DotNetNuke"),
            _ => None,
        };
        match expected_generator {
            Some(g) => assert!(
                generator(&html).is_some_and(|x| x.starts_with(g)),
                "{}: generator {:?}",
                s.host,
                generator(&html)
            ),
            None => assert_eq!(generator(&html), None, "{}", s.host),
        }
    }
    // The generic sites carry none of the platforms' fingerprints.
    let generic = spec(|s| s.platform == Platform::Generic && s.condition == Condition::Fresh);
    let (_, html) = home(&c, generic).await;
    for m in [
        "Liferay",
        "_layouts",
        "nv_base_siteurl",
        "iNet",
        "wp-content",
        "DesktopModules",
    ] {
        assert!(!html.contains(m), "{} has {m}", generic.host);
    }
    assert_eq!(generator(&html), None);
}

/// Newest date on the news page reached from the home page's "Tin tức - Sự kiện" link.
async fn newest_news(c: &reqwest::Client, s: &SiteSpec) -> (NaiveDate, usize, NaiveDate) {
    let (url, html) = home(c, s).await;
    let news = link_to(&url, &html, "Tin tức - Sự kiện").unwrap_or_else(|| panic!("{}: no news link", s.host));
    let (status, page) = get(c, &news).await;
    assert_eq!(status, 200, "{news}");
    let d = dates(&page);
    let newest = *d.iter().max().unwrap_or_else(|| panic!("{news}: no date"));
    let docs_url = link_to(&url, &html, "Văn bản").unwrap();
    let (_, docs) = get(c, &docs_url).await;
    let newest_doc = *dates(&docs).iter().max().unwrap();
    (newest, d.len(), newest_doc)
}

#[tokio::test]
async fn fresh_sites_are_fresh_and_the_stale_one_is_stale_whatever_the_evaluation_date() {
    for day in [as_of(), NaiveDate::from_ymd_opt(2031, 3, 2).unwrap()] {
        let server = sites::serve(day).await.unwrap();
        let c = client(&server);
        for s in SITES.iter().filter(|s| s.condition == Condition::Fresh) {
            let (newest, count, newest_doc) = newest_news(&c, s).await;
            assert!(
                newest <= day && day - newest <= Duration::days(7),
                "{}: newest news {newest} as of {day}",
                s.host
            );
            assert!(count >= 4, "{}: {count} dated news items", s.host);
            assert!(
                day - newest_doc <= Duration::days(30),
                "{}: newest document {newest_doc}",
                s.host
            );
        }
        let stale = spec(|s| s.condition == Condition::Stale);
        let (newest, _, newest_doc) = newest_news(&c, stale).await;
        assert!(
            day - newest > Duration::days(180),
            "stale newest news {newest} as of {day}"
        );
        assert!(
            day - newest_doc > Duration::days(365),
            "stale newest document {newest_doc} as of {day}"
        );
        // Its schedule is months old too.
        let (url, html) = home(&c, stale).await;
        let (_, sched) = get(&c, &link_to(&url, &html, "Lịch công tác").unwrap()).await;
        assert!(dates(&sched).iter().all(|d| day - *d > Duration::days(180)));
    }
}

#[tokio::test]
async fn the_feeds_agree_with_the_news_pages() {
    let server = sites::serve(as_of()).await.unwrap();
    let c = client(&server);
    for s in SITES
        .iter()
        .filter(|s| matches!(s.condition, Condition::Fresh | Condition::Stale))
    {
        let (url, html) = home(&c, s).await;
        let feeds = link_to(&url, &html, "RSS").unwrap_or_else(|| panic!("{}: no RSS link", s.host));
        let (_, page) = get(&c, &feeds).await;
        let news_feed = Html::parse_document(&page)
            .select(&Selector::parse("ul.rss-list a").unwrap())
            .find(|a| a.text().collect::<String>() == "Tin tức - Sự kiện")
            .and_then(|a| {
                a.value()
                    .attr("href")
                    .map(|h| url::Url::parse(&feeds).unwrap().join(h).unwrap().to_string())
            })
            .unwrap_or_else(|| panic!("{feeds}: no news feed"));
        let r = c.get(&news_feed).send().await.unwrap();
        assert!(
            r.headers()["content-type"].to_str().unwrap().contains("rss+xml"),
            "{news_feed}"
        );
        let feed = feed_rs::parser::parse(r.bytes().await.unwrap().as_ref()).unwrap();
        let newest = feed.entries.iter().filter_map(|e| e.published).max().unwrap();
        let (newest_page, _, _) = newest_news(&c, s).await;
        let vietnam = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
        assert_eq!(newest.with_timezone(&vietnam).date_naive(), newest_page, "{}", s.host);
    }
}

#[tokio::test]
async fn the_site_with_missing_sections_lacks_exactly_those() {
    let server = sites::serve(as_of()).await.unwrap();
    let c = client(&server);
    let missing = spec(|s| s.condition == Condition::MissingSections);
    let complete = spec(|s| s.condition == Condition::Fresh && s.platform == Platform::Liferay);
    for (s, present) in [(complete, true), (missing, false)] {
        let (url, html) = home(&c, s).await;
        for label in ["Hỏi đáp", "Lịch công tác", "RSS", "Sơ đồ cổng"] {
            assert_eq!(
                link_to(&url, &html, label).is_some(),
                present,
                "{}: link {label}",
                s.host
            );
        }
        for label in [
            "Giới thiệu",
            "Tin tức - Sự kiện",
            "Văn bản",
            "Thủ tục hành chính",
            "Liên hệ",
            "English",
        ] {
            assert!(link_to(&url, &html, label).is_some(), "{}: link {label}", s.host);
        }
        assert_eq!(html.contains("role=\"search\""), present, "{}: search form", s.host);
        assert_eq!(html.contains("application/rss+xml"), present, "{}: feed link", s.host);
        let (status, _) = get(&c, &format!("http://{}/sitemap.xml", s.host)).await;
        assert_eq!(status, if present { 200 } else { 404 }, "{}: sitemap.xml", s.host);
        let (_, robots) = get(&c, &format!("http://{}/robots.txt", s.host)).await;
        assert_eq!(robots.contains("Sitemap:"), present, "{}: {robots}", s.host);
    }
}

#[tokio::test]
async fn every_page_of_every_sitemap_answers_and_every_home_link_works() {
    let server = sites::serve(as_of()).await.unwrap();
    let c = client(&server);
    let mut pages = 0;
    let loc = Regex::new("<loc>([^<]+)</loc>").unwrap();
    for s in SITES
        .iter()
        .filter(|s| !matches!(s.condition, Condition::Challenge | Condition::Unreachable))
    {
        let (url, html) = home(&c, s).await;
        for (link, _) in links(&url, &html) {
            let (status, _) = get(&c, &link).await;
            assert_eq!(status, 200, "{}: home links to {link}", s.host);
        }
        let (status, xml) = get(&c, &format!("http://{}/sitemap.xml", s.host)).await;
        if s.condition == Condition::MissingSections {
            assert_eq!(status, 404);
            continue;
        }
        let locs: Vec<String> = loc.captures_iter(&xml).map(|c| c[1].replace("&amp;", "&")).collect();
        assert!(locs.len() > 60, "{}: {} URLs in sitemap", s.host, locs.len());
        for loc in locs {
            let (status, body) = get(&c, &loc).await;
            assert_eq!(status, 200, "{loc}");
            assert!(body.contains("</html>"), "{loc}");
            pages += 1;
        }
        let (status, _) = get(&c, &format!("http://{}/khong-co-trang-nay", s.host)).await;
        assert_eq!(status, 404);
    }
    assert!(pages > 500, "{pages} pages checked");
}

#[tokio::test]
async fn articles_have_dublin_core_a_print_view_and_a_dated_footer() {
    let server = sites::serve(as_of()).await.unwrap();
    let c = client(&server);
    for s in SITES.iter().filter(|s| s.condition == Condition::Fresh) {
        let (url, html) = home(&c, s).await;
        let (_, news) = get(&c, &link_to(&url, &html, "Tin tức - Sự kiện").unwrap()).await;
        let base = url::Url::parse(&url).unwrap();
        let doc = Html::parse_document(&news);
        // The first article link in the main content after the page heading.
        let article = doc
            .select(&Selector::parse("h2 a, h3 a, .link-item a, .news-list li > a").unwrap())
            .filter_map(|a| a.value().attr("href"))
            .map(|h| base.join(h).unwrap().to_string())
            .next()
            .unwrap_or_else(|| panic!("{}: no article link", s.host));
        let (status, page) = get(&c, &article).await;
        assert_eq!(status, 200, "{article}");
        for m in [
            "DC.title",
            "DC.creator",
            "DC.date",
            "DC.description",
            "DC.publisher",
            "DC.identifier",
        ] {
            assert!(page.contains(&format!("name=\"{m}\"")), "{article}: {m}");
        }
        for m in [
            "Cơ quan chủ quản",
            "Người chịu trách nhiệm",
            "Địa chỉ",
            "Điện thoại",
            "Thư điện tử",
        ] {
            assert!(page.contains(m), "{article}: footer {m}");
        }
        let print = link_to(&article, &page, "In bài viết").unwrap_or_else(|| panic!("{article}: no print link"));
        let (status, printed) = get(&c, &print).await;
        assert_eq!(status, 200, "{print}");
        assert!(printed.contains("window.print()"));
        assert!(!dates(&page).is_empty(), "{article}: no date");
    }
}

#[tokio::test]
async fn search_finds_items_ignoring_diacritics() {
    let server = sites::serve(as_of()).await.unwrap();
    let c = client(&server);
    let cases = [
        (
            Platform::Liferay,
            "web/guest/tim-kiem?p_p_id=3&_3_keywords=chuyen+doi+so",
        ),
        (
            Platform::NukeViet { rewrite: false },
            "index.php?language=vi&nv=seek&q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91",
        ),
        (Platform::WordPress, "?s=chuyen+doi+so"),
        (
            Platform::SharePoint,
            "_layouts/15/osssearchresults.aspx?k=CHUYEN+DOI+SO",
        ),
    ];
    let found = Regex::new(r"Tìm thấy (\d+) kết quả").unwrap();
    for (platform, q) in cases {
        let s = spec(|s| s.platform == platform);
        let (status, page) = get(&c, &format!("http://{}/{q}", s.host)).await;
        assert_eq!(status, 200, "{q}");
        let n: usize = found.captures(&page).unwrap()[1].parse().unwrap();
        assert!(n >= 2, "{}: {n} results for {q}", s.host);
        let (_, none) = get(
            &c,
            &format!(
                "http://{}/{}",
                s.host,
                q.replace("chuyen", "xyzzy")
                    .replace("CHUYEN", "XYZZY")
                    .replace("chuy%E1%BB%83n", "xyzzy")
            ),
        )
        .await;
        assert!(none.contains("Tìm thấy 0 kết quả"), "{}", s.host);
    }
}

#[tokio::test]
async fn the_challenge_site_answers_a_script_wall_until_the_cookie_comes_back() {
    let server = sites::serve(as_of()).await.unwrap();
    let c = client(&server);
    let s = spec(|s| s.condition == Condition::Challenge);
    for path in ["/", "/tin-tuc/", "/sitemap.xml"] {
        let (status, body) = get(&c, &format!("http://{}{path}", s.host)).await;
        assert_eq!(status, 200);
        assert!(body.len() < 300, "{path}: {} bytes", body.len());
        assert!(
            body.contains("document.cookie") && body.contains("location.reload"),
            "{body}"
        );
        assert!(!body.contains(&s.agency));
    }
    let r = c
        .get(s.url())
        .header("Cookie", format!("other=1; {CHALLENGE_COOKIE}"))
        .send()
        .await
        .unwrap();
    let body = r.text().await.unwrap();
    assert!(body.contains(&s.agency) && body.contains("Tin tức - Sự kiện"));
}

#[tokio::test]
async fn the_unreachable_host_refuses_connections_and_unknown_hosts_get_404() {
    let server = sites::serve(as_of()).await.unwrap();
    let c = client(&server);
    let s = spec(|s| s.condition == Condition::Unreachable);
    assert_eq!(server.unreachable, vec![s.host.to_string()]);
    assert_ne!(server.address_of(&s.host), Some(server.addr));
    assert_eq!(server.resolve_map().len(), SITES.len());
    let e = c.get(s.url()).send().await.unwrap_err();
    assert!(e.is_connect(), "{e:?}");
    let other = ictrank::crawl::fetch::client_builder()
        .resolve("khong-co.thunghiem.gov.vn", server.addr)
        .build()
        .unwrap();
    let r = other.get("http://khong-co.thunghiem.gov.vn/").send().await.unwrap();
    assert_eq!(r.status(), 404);
    server.shutdown().await;
}

#[tokio::test]
async fn dropping_the_server_stops_it() {
    let server = sites::serve(as_of()).await.unwrap();
    let addr = server.addr;
    drop(server);
    let mut refused = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(refused, "server still accepting on {addr}");
}

#[test]
fn the_demo_evaluation_loads_and_declares_every_group_but_the_website() {
    let tmp = tempfile::tempdir().unwrap();
    let written = demo::write_demo_evaluation(&tmp.path().join("demo")).unwrap();
    for dir in [written, demo::demo_dir()] {
        let eval = Evaluation::load(&dir).unwrap();
        let declared = DeclaredSet::from_evaluation_files(&eval).unwrap();
        assert_eq!(eval.units_of_kind("department").count(), 9);
        assert_eq!(eval.units_of_kind("district").count(), 4);
        for u in eval.units.iter().filter(|u| u.evaluated()) {
            let points = declared.group_points(&eval, &u.id);
            for g in &eval.rubric.groups {
                let skipped = g.skipped_for_flag.as_ref().is_some_and(|f| u.has_flag(f));
                let group_value = declared
                    .values
                    .iter()
                    .any(|v| v.unit_id == u.id && v.target == Target::Group(g.id.clone()));
                if g.id == "website" {
                    assert!(!group_value, "{}: website points must come from the audit", u.id);
                    let answer = declared.criterion(&u.id, "ban_bien_tap_quy_che");
                    assert!(answer.is_some(), "{}: no ban_bien_tap_quy_che answer", u.id);
                } else if skipped {
                    assert!(!points.contains_key(&g.id), "{}: {}", u.id, g.id);
                } else {
                    assert!(group_value, "{}: no declared points for {}", u.id, g.id);
                }
            }
        }
        let not_evaluated: Vec<_> = eval
            .units
            .iter()
            .filter(|u| !u.evaluated())
            .map(|u| u.id.as_str())
            .collect();
        assert_eq!(not_evaluated, ["so-du-lich"]);
        assert!(eval.units.iter().any(|u| u.has_flag("no_public_procedures")));
        assert!(!eval.previous_ranks.is_empty());
        assert!(eval.published.is_none());
        // Every unit's website is a demo site and every demo site belongs to a unit.
        for u in &eval.units {
            let site = sites::site_of_unit(&u.id);
            match (&u.website, site) {
                (Some(w), Some(s)) => assert_eq!(w, &s.url(), "{}", u.id),
                (None, None) => assert!(!u.evaluated()),
                _ => panic!(
                    "{}: website {:?} but demo site {:?}",
                    u.id,
                    u.website,
                    site.map(|s| &s.host)
                ),
            }
        }
        assert_eq!(SITES.len(), eval.units.iter().filter(|u| u.website.is_some()).count());
    }
}

#[test]
fn writing_the_demo_evaluation_where_a_file_stands_names_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let blocker = tmp.path().join("run");
    std::fs::write(&blocker, "not a folder").unwrap();
    let e = demo::write_demo_evaluation(&blocker.join("demo")).unwrap_err();
    assert!(format!("{e:#}").contains(&blocker.display().to_string()), "{e:#}");
}
