//! Finding what to fetch next from a fetched page: same-site links (document order, deduplicated),
//! feeds announced by `<link rel="alternate">` (a link inside an HTML comment is not one), the
//! pagination of news lists, article-looking URLs, and the URLs a sitemap lists.
//! A page with pagination links also tells how far back it reaches (its oldest item date, read with
//! [`crate::util::dates`]), so a list is followed page by page only while it is inside the window.
//! Main functions: [`extract`] → [`PageLinks`], [`parse_sitemap`] → [`Sitemap`], [`next_list_page`].

use super::challenge::same_site;
use super::page_scan;
use crate::util::text::fold;
use chrono::NaiveDate;
use quick_xml::events::Event;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;
use url::Url;

/// One outgoing link of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub url: Url,
    /// The anchor text, whitespace collapsed.
    pub text: String,
}

/// What a page points to on its own site.
#[derive(Clone, Debug, Default)]
pub struct PageLinks {
    /// Same-site http(s) links to pages (not assets), fragments dropped, first occurrence order.
    pub links: Vec<Link>,
    /// Feeds the page announces.
    pub feeds: Vec<Url>,
    /// On a page with pagination links: the oldest date in its text that may date an item (quoted
    /// documents, prose mentions and ranges excluded; 1995 to today), i.e. how far back it lists.
    pub oldest_date: Option<NaiveDate>,
}

/// File extensions that are not pages.
const ASSET_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "css", "js", "pdf", "doc", "docx", "xls",
    "xlsx", "ppt", "pptx", "zip", "rar", "7z", "gz", "tar", "mp3", "mp4", "avi", "wmv", "flv", "mov", "swf", "exe",
    "msi", "apk", "woff", "woff2", "ttf", "eot", "odt", "ods", "txt", "csv", "xml",
];

/// The extension of the last path segment, lower case.
fn extension(url: &Url) -> Option<String> {
    let seg = url.path_segments()?.next_back()?;
    let (_, ext) = seg.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

pub fn is_asset(url: &Url) -> bool {
    extension(url).is_some_and(|e| ASSET_EXTENSIONS.contains(&e.as_str()))
}

/// Reads `html` served at `base` (one tokenizer pass, [`page_scan::scan`]) and collects its
/// same-site links and announced feeds.
pub fn extract(base: &Url, html: &str) -> PageLinks {
    let page = page_scan::scan(html);
    let base = page
        .base
        .as_deref()
        .and_then(|h| base.join(h.trim()).ok())
        .unwrap_or_else(|| base.clone());
    let mut out = PageLinks::default();
    let mut seen = HashSet::new();
    for a in page.anchors {
        let Some(url) = resolve(&base, &a.href) else {
            continue;
        };
        if !same_site(&base, &url) || is_asset(&url) || !seen.insert(url.to_string()) {
            continue;
        }
        out.links.push(Link { url, text: a.text });
    }
    if out.links.iter().any(is_pagination) {
        out.oldest_date = oldest_item_date(&page.text);
    }
    let mut seen_feeds = HashSet::new();
    for l in page.link_tags {
        let rel = l.rel.unwrap_or_default().to_ascii_lowercase();
        let ty = l.ty.unwrap_or_default().to_ascii_lowercase();
        if !rel.split_whitespace().any(|r| r == "alternate") || !(ty.contains("rss") || ty.contains("atom")) {
            continue;
        }
        if let Some(url) = resolve(&base, &l.href)
            && seen_feeds.insert(url.to_string())
        {
            out.feeds.push(url);
        }
    }
    out
}

/// The oldest date in a page's visible text that may date an item.
fn oldest_item_date(text: &str) -> Option<NaiveDate> {
    use crate::util::dates::{find_dates, plausible_item_date};
    let today = crate::util::time::vietnam_today();
    find_dates(text)
        .into_iter()
        .filter(|f| f.kind.may_date_item() && plausible_item_date(f.date, today))
        .map(|f| f.date)
        .min()
}

/// The next page of the list `page` (served at `page_url`) to follow, with its page number: the
/// link numbered one more than this page (the number its URL carries, else `known`: 1 for a section
/// page, one more than the page it was followed from), else a "next" control. `None` when the page is no list page or reaches back no further than `cutoff` (its
/// oldest item is older: later pages hold older items still), or the next page would be past
/// `max_page`.
pub fn next_list_page(
    page_url: &Url,
    known: u32,
    page: &PageLinks,
    cutoff: NaiveDate,
    max_page: u32,
) -> Option<(Url, u32)> {
    let oldest = page.oldest_date?;
    if oldest < cutoff {
        return None;
    }
    let own = page_number(&Link {
        url: page_url.clone(),
        text: String::new(),
    })
    .unwrap_or(known);
    let want = own.saturating_add(1);
    if want > max_page {
        return None;
    }
    let numbered = page.links.iter().find(|l| page_number(l) == Some(want));
    let control = || {
        page.links
            .iter()
            .find(|l| page_number(l).is_none() && is_pagination(l) && l.url != *page_url)
    };
    numbered.or_else(control).map(|l| (l.url.clone(), want))
}

/// Resolves an href to an absolute http(s) URL without fragment.
fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let mut url = base.join(href).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.set_fragment(None);
    Some(url)
}

static PAGE_PARAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|&)(?:page|p|trang|cur|pageindex|paged|pagenumber|pg|start)=(\d{1,4})(?:&|$)").unwrap()
});
static PAGE_PATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)/(?:page|trang|p)[-/_]?(\d{1,4})(?:/|\.html?|$)").unwrap());

/// The page number a pagination link points to, when `link` looks like one.
pub fn page_number(link: &Link) -> Option<u32> {
    if let Some(c) = link.url.query().and_then(|q| PAGE_PARAM.captures(q)) {
        return c[1].parse().ok();
    }
    if let Some(c) = PAGE_PATH.captures(link.url.path()) {
        return c[1].parse().ok();
    }
    None
}

/// True when `link` is a "next page" control or a numbered page of a list.
pub fn is_pagination(link: &Link) -> bool {
    if page_number(link).is_some() {
        return true;
    }
    let t = fold(&link.text);
    matches!(link.text.trim(), "»" | "›" | ">" | ">>" | "→")
        || matches!(t.as_str(), "next" | "trang sau" | "tiep" | "sau" | "trang tiep")
}

static ARTICLE_ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{3,}").unwrap());

/// True for URLs shaped like an article: a long slug or a numeric id in a path two levels deep or
/// more, or a query naming an item.
pub fn looks_like_article(url: &Url) -> bool {
    let segs: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    let Some(last) = segs.last() else {
        return false;
    };
    let words = last.split(['-', '_']).filter(|w| !w.is_empty()).count();
    let query_item = url.query().is_some_and(|q| {
        q.split('&').any(|kv| {
            kv.split_once('=').is_some_and(|(k, v)| {
                let k = k.to_ascii_lowercase();
                (k == "id" || k.ends_with("id") || k == "article" || k == "news")
                    && v.chars().any(|c| c.is_ascii_digit())
            })
        })
    });
    query_item || (segs.len() >= 2 && (words >= 5 || ARTICLE_ID.is_match(last)))
}

/// The URLs a sitemap file lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sitemap {
    /// True for a sitemap index (its URLs are further sitemaps).
    pub is_index: bool,
    pub locs: Vec<String>,
}

/// Parses a sitemap or sitemap index; `Err` names what is wrong.
pub fn parse_sitemap(xml: &str) -> Result<Sitemap, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Sitemap::default();
    // text of the <loc> being read; entity references arrive as separate events
    let mut loc: Option<String> = None;
    let mut root_seen = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let local = e.local_name();
                let name: &str = local.as_ref();
                if !root_seen {
                    root_seen = true;
                    out.is_index = name == "sitemapindex";
                    if name != "sitemapindex" && name != "urlset" {
                        return Err(format!("root element <{name}> is not a sitemap"));
                    }
                }
                loc = (name == "loc").then(String::new);
            }
            Ok(Event::Text(t)) => {
                if let Some(l) = loc.as_mut() {
                    l.push_str(&t.xml10_content());
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(l) = loc.as_mut() {
                    l.push_str(&t.into_inner());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(l) = loc.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => l.push(c),
                        _ => l.push_str(match &*r.into_inner() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        }),
                    }
                }
            }
            Ok(Event::End(_)) => {
                if let Some(l) = loc.take().filter(|l| !l.trim().is_empty()) {
                    out.locs.push(l.trim().to_string());
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                return Err(format!("XML error at byte {}: {e}", reader.buffer_position()));
            }
            _ => {}
        }
    }
    if !root_seen {
        return Err("no XML root element".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_feeds_and_comments() {
        let base = Url::parse("http://www.a.gov.vn/tin-tuc/").unwrap();
        let html = r#"<html><head>
            <link rel="alternate" type="application/rss+xml" href="/rss/">
            <!-- <link rel="alternate" type="application/rss+xml" href="/hidden.rss"> -->
            <link rel="stylesheet" href="/x.css"></head><body>
            <a href="bai-viet-mot-hai-ba-bon.html#top">Bài</a> <a href="/tin-tuc/page-2/">2</a>
            <a href="http://a.gov.vn/gioi-thieu">Giới thiệu</a> <a href="https://other.vn/">x</a>
            <a href="/logo.png">logo</a> <a href="mailto:a@b">m</a> <a href="/gioi-thieu#x">dup</a>
            <!-- <a href="/an-trong-chu-thich">c</a> --></body></html>"#;
        let p = extract(&base, html);
        let urls: Vec<String> = p.links.iter().map(|l| l.url.to_string()).collect();
        assert_eq!(
            urls,
            [
                "http://www.a.gov.vn/tin-tuc/bai-viet-mot-hai-ba-bon.html",
                "http://www.a.gov.vn/tin-tuc/page-2/",
                "http://a.gov.vn/gioi-thieu",
                "http://www.a.gov.vn/gioi-thieu",
            ]
        );
        assert_eq!(p.feeds, vec![Url::parse("http://www.a.gov.vn/rss/").unwrap()]);
        assert!(is_pagination(&p.links[1]));
        assert_eq!(page_number(&p.links[1]), Some(2));
        assert!(!is_pagination(&p.links[0]));
        assert!(looks_like_article(&p.links[0].url));
        assert!(!looks_like_article(&p.links[2].url));
    }

    #[test]
    fn pagination_and_articles() {
        let l = |u: &str, t: &str| Link {
            url: Url::parse(u).unwrap(),
            text: t.into(),
        };
        assert!(is_pagination(&l("http://a.vn/news?cur=3", "3")));
        assert!(is_pagination(&l("http://a.vn/news/x", "Trang sau")));
        assert!(!is_pagination(&l("http://a.vn/news/x", "Tin tức")));
        assert!(looks_like_article(
            &Url::parse("http://a.vn/tin/-/view_content/4400169-thanh-lap.html").unwrap()
        ));
        assert!(looks_like_article(
            &Url::parse("http://a.vn/Pages/tin.aspx?ItemID=1234").unwrap()
        ));
    }

    #[test]
    fn sitemaps() {
        let idx = r#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>http://a.vn/sitemap-news.xml</loc></sitemap></sitemapindex>"#;
        assert_eq!(
            parse_sitemap(idx).unwrap(),
            Sitemap {
                is_index: true,
                locs: vec!["http://a.vn/sitemap-news.xml".into()]
            }
        );
        let set = "<urlset><url><loc>http://a.vn/a?x=1&amp;y=2</loc></url></urlset>";
        assert_eq!(
            parse_sitemap(set).unwrap().locs,
            vec!["http://a.vn/a?x=1&y=2".to_string()]
        );
        assert!(parse_sitemap("<html><body>404</body></html>").is_err());
    }

    #[test]
    fn a_list_page_is_followed_to_its_next_page_while_it_reaches_into_the_window() {
        let today = crate::util::time::vietnam_today();
        let d = |days: u64| (today - chrono::Days::new(days)).format("%d/%m/%Y").to_string();
        let base = Url::parse("http://a.gov.vn/tin-tuc?page=3").unwrap();
        let page = |numbered: bool| {
            let pager = if numbered {
                r#"<a href="?page=2">2</a> <a href="?page=4">4</a> <a href="?page=9">Sau</a>"#
            } else {
                r#"<a href="/tin-tuc/tiep-theo">Trang sau</a>"#
            };
            let html = format!(
                "<ul><li><a href='/a'>Tin một</a> {}</li><li><a href='/b'>Tin hai</a> {}</li></ul>\
                 <p>Quyết định số 12/QĐ-UBND ngày {}</p><script>var d='{}';</script>{pager}",
                d(20),
                d(40),
                d(400),
                d(500)
            );
            extract(&base, &html)
        };
        // the oldest item counts, not a quoted document's date nor a script's
        let numbered = page(true);
        assert_eq!(numbered.oldest_date, Some(today - chrono::Days::new(40)));
        let cutoff = |days: u64| today - chrono::Days::new(days);
        let next = next_list_page(&base, 1, &numbered, cutoff(97), 30).map(|(u, n)| (u.to_string(), n));
        assert_eq!(next, Some(("http://a.gov.vn/tin-tuc?page=4".into(), 4)));
        // past the window, or past the last page allowed: not followed
        assert_eq!(next_list_page(&base, 1, &numbered, cutoff(30), 30), None);
        assert_eq!(next_list_page(&base, 1, &numbered, cutoff(97), 3), None);
        // no numbered link: the "next" control, numbered from the page it was followed from
        let control = page(false);
        let plain = Url::parse("http://a.gov.vn/tin-tuc/trang-truoc").unwrap();
        let next = next_list_page(&plain, 5, &control, cutoff(97), 30).map(|(u, n)| (u.to_string(), n));
        assert_eq!(next, Some(("http://a.gov.vn/tin-tuc/tiep-theo".into(), 6)));
        // a page without pagination links reaches nowhere
        assert_eq!(extract(&base, "<p>01/01/2020</p>").oldest_date, None);
    }
}
