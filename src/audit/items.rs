//! A section's items: titles, links and dates of the entries of a news or document list, and the
//! freshness they show. The profile's `list_item` selectors are tried first; otherwise the generic
//! reading finds each article link's smallest container holding only that link, groups containers
//! by their nearest common list, and keeps the list that best fits the section (most dated items,
//! links under the section's path). Dates come from [`super::dates`]: quoted documents, prose
//! mentions, ranges, and dates before 1995 or after the evaluation date never date an item, whatever
//! carries them. Items without a date on the list are dated from their article page (profile
//! `article_date`, then meta tags and microdata, then JSON-LD) when fetched.
//!
//! Main types: [`Item`], [`ItemList`], [`Freshness`]; entry points [`list_items`], [`freshness`].

use super::dates::{best_item_date, find_dates, is_clock_text, parse_iso, plausible_item_date};
use super::profiles::Compiled;
use super::view::{Fetch, SiteView, collapse, link_label, norm_url, sel, select_first, visible_text};
use crate::snapshot::Page;
use crate::util::text::fold;
use chrono::NaiveDate;
use scraper::{ElementRef, Html};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use url::Url;

/// One entry of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub title: String,
    pub url: String,
    pub date: Option<NaiveDate>,
    /// Where the date came from: "danh sách" (the list) or "trang bài" (the article page).
    pub date_source: Option<&'static str>,
}

/// The items of a section and how they were read.
#[derive(Debug, Clone, Default)]
pub struct ItemList {
    pub items: Vec<Item>,
    /// The list pages read (the section page and further pages).
    pub pages: Vec<String>,
    /// `"selector <css>"` or `"generic"`.
    pub how: String,
}

/// Freshness of a list against the evaluation date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Freshness {
    pub newest: Option<NaiveDate>,
    pub items_last_30_days: u32,
    pub items_last_90_days: u32,
    /// Longest interval in days between consecutive item dates.
    pub longest_gap_days: Option<i64>,
    pub dated: usize,
    pub total: usize,
}

static A: LazyLock<scraper::Selector> = LazyLock::new(|| sel("a[href]"));
static BODY: LazyLock<scraper::Selector> = LazyLock::new(|| sel("body"));

/// Most list pages read per section (the first and further pages): the crawler follows a list to
/// its window's end, up to page 30 (`CrawlConfig::max_list_depth`), and every page it fetched counts.
const MAX_LIST_PAGES: usize = 31;
/// Most article pages opened to date undated items.
const MAX_ARTICLE_LOOKUPS: usize = 6;

/// Lists the items of the section at `page` (and its further pages).
pub fn list_items(view: &SiteView, page: &Page, sels: &Compiled, as_of: NaiveDate) -> ItemList {
    let mut out = ItemList::default();
    let mut seen = HashSet::new();
    let mut queue = vec![page];
    let mut visited = HashSet::new();
    while let Some(p) = queue.pop() {
        if !visited.insert(norm_url(&p.final_url)) || out.pages.len() >= MAX_LIST_PAGES {
            continue;
        }
        let Some(html) = view.html(p) else { continue };
        out.pages.push(p.final_url.clone());
        let (items, how) = page_items(view, &html, &p.final_url, sels, as_of);
        if out.how.is_empty() {
            out.how = how;
        }
        for it in items {
            if seen.insert(it.url.clone()) {
                out.items.push(it);
            }
        }
        if out.items.is_empty() {
            break;
        }
        for next in pagination(&html, &p.final_url, sels).into_iter().rev() {
            if let Fetch::Ok(np) = view.fetch(&next)
                && !visited.contains(&norm_url(&np.final_url))
            {
                queue.push(np);
            }
        }
    }
    date_from_articles(view, &mut out.items, sels, as_of);
    if out.items.iter().all(|i| i.date.is_none()) {
        // A section page that shows one article or a single page (its list, if any, is undated):
        // the page's own publication date (markup first, then its own text) dates it, quoted
        // documents and prose mentions excluded as everywhere.
        let d = view.html(page).and_then(|h| page_date(&h, sels, as_of)).or_else(|| {
            let own = view
                .own_blocks(page)
                .into_iter()
                .filter(|b| !is_clock_text(b, as_of))
                .collect::<Vec<_>>()
                .join(" ");
            best_item_date(&find_dates(&own), as_of).map(|f| f.date)
        });
        if let Some(d) = d {
            let title = view
                .html(page)
                .and_then(|h| {
                    h.select(&sel("h1, h2, .title, title"))
                        .map(visible_text)
                        .find(|t| !t.is_empty())
                })
                .unwrap_or_default();
            out.items.insert(
                0,
                Item {
                    title,
                    url: page.final_url.clone(),
                    date: Some(d),
                    date_source: Some("trang chuyên mục"),
                },
            );
        }
    }
    out
}

/// Links to further pages of a list: the profile's pagination selectors, or links labelled with a
/// page number or "next".
fn pagination(html: &Html, base: &str, sel: &Compiled) -> Vec<String> {
    let Ok(base) = Url::parse(base) else {
        return vec![];
    };
    let mut out = Vec::new();
    let push = |out: &mut Vec<String>, href: &str| {
        if let Ok(mut u) = base.join(href) {
            u.set_fragment(None);
            let s = u.to_string();
            if s != base.as_str() && !out.contains(&s) {
                out.push(s);
            }
        }
    };
    for s in &sel.pagination {
        for a in html.select(s) {
            if let Some(h) = a.attr("href") {
                push(&mut out, h);
            }
        }
    }
    if out.is_empty() {
        for a in html.select(&A) {
            let label = fold(&link_label(a));
            let numbered = label
                .parse::<u32>()
                .is_ok_and(|n| (2..=MAX_LIST_PAGES as u32).contains(&n));
            let next = matches!(
                label.as_str(),
                "tiep" | "trang sau" | "sau" | "next" | "xem tiep" | "trang tiep"
            );
            if (numbered || next)
                && let Some(h) = a.attr("href")
                && !h.starts_with("javascript")
            {
                push(&mut out, h);
            }
        }
    }
    out.truncate(MAX_LIST_PAGES);
    out
}

/// A title without a list date printed after it ("… năm 2022 (23/08/2022)").
fn clean_title(t: &str) -> String {
    let t = collapse(t);
    if let Some(open) = t.rfind('(')
        && t.ends_with(')')
        && find_dates(&t[open..]).len() == 1
        && t[open..].chars().filter(|c| c.is_alphabetic()).count() == 0
    {
        return t[..open].trim_end().to_string();
    }
    t
}

fn date_in(e: ElementRef, as_of: NaiveDate) -> Option<NaiveDate> {
    let text = visible_text(e);
    if is_clock_text(&text, as_of) {
        // A "today" clock ("Thứ bảy, 27/08/2022") shows when the page was seen, not an item.
        return None;
    }
    let found = find_dates(&text);
    best_item_date(&found, as_of).map(|f| f.date).or_else(|| {
        // A machine date in an attribute: <time datetime="…">.
        e.select(&sel("time[datetime]"))
            .filter_map(|t| t.attr("datetime").and_then(parse_iso))
            .map(|d| d.date())
            .find(|d| plausible_item_date(*d, as_of))
    })
}

/// Whether a URL is a document file (a PDF, an office file, an archive), not a page.
fn is_file(u: &Url) -> bool {
    const FILES: &[&str] = &["pdf", "doc", "docx", "xls", "xlsx", "odt", "rtf", "zip", "rar"];
    u.path()
        .rsplit_once('.')
        .is_some_and(|(_, ext)| FILES.contains(&ext.to_ascii_lowercase().as_str()))
}

fn is_title_like(label: &str) -> bool {
    let words = label.split_whitespace().count();
    words >= 3 && label.chars().count() >= 12
}

/// Items of one list page.
fn page_items(view: &SiteView, html: &Html, base: &str, sel: &Compiled, as_of: NaiveDate) -> (Vec<Item>, String) {
    let Ok(base_url) = Url::parse(base) else {
        return (vec![], String::new());
    };
    let resolve = |h: &str| -> Option<String> {
        let mut u = base_url.join(h).ok()?;
        u.set_fragment(None);
        Some(u.to_string())
    };
    // Profile selectors first.
    for (k, s) in sel.list_item.iter().enumerate() {
        let mut items = Vec::new();
        for el in html.select(s) {
            let title_el = select_first(el, &sel.item_title).or_else(|| el.select(&A).next());
            let Some(a) = title_el.filter(|a| a.attr("href").is_some()) else {
                continue;
            };
            let Some(url) = a.attr("href").and_then(resolve) else {
                continue;
            };
            let title = clean_title(&link_label(a));
            if title.is_empty() || !view.is_internal(&url) {
                continue;
            }
            let date = select_first(el, &sel.item_date)
                .and_then(|d| date_in(d, as_of))
                .or_else(|| date_in(el, as_of));
            items.push(Item {
                title,
                url,
                date,
                date_source: date.map(|_| "danh sách"),
            });
        }
        if items.len() >= 2 || (items.len() == 1 && items[0].date.is_some()) {
            return (
                items,
                format!("bộ chọn \"{}\"", sel.list_item_css.get(k).map_or("?", String::as_str)),
            );
        }
    }
    (
        match html.select(&BODY).next() {
            Some(body) => generic_items(view, body, base, as_of),
            None => Vec::new(),
        },
        "nhận dạng chung".into(),
    )
}

/// The generic list reading (see the module doc).
fn generic_items(view: &SiteView, body: ElementRef, base: &str, as_of: NaiveDate) -> Vec<Item> {
    let Ok(base_url) = Url::parse(base) else {
        return vec![];
    };
    let home = view.home().map(|h| norm_url(&h.final_url)).unwrap_or_default();
    let here = norm_url(base);
    let menu = view.menu_urls();
    // Candidate title links.
    let mut cands: Vec<(ElementRef, String, String)> = Vec::new();
    for a in body.select(&A) {
        let href = a.attr("href").unwrap_or("");
        if href.starts_with('#') || href.starts_with("javascript") {
            continue;
        }
        let Ok(mut u) = base_url.join(href) else {
            continue;
        };
        u.set_fragment(None);
        let url = u.to_string();
        if url == here || url == home || !view.is_internal(&url) || menu.contains(&url) {
            continue;
        }
        let mut label = clean_title(&link_label(a));
        // A documents table links each row's file with a bare "Tải về": the row says what it is.
        if !is_title_like(&label)
            && is_file(&u)
            && let Some(row) = a
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|e| e.value().name() == "tr")
        {
            label = clean_title(&collapse(&visible_text(row)));
        }
        cands.push((a, url, label));
    }
    // Distinct candidate URLs under each element.
    let mut urls_under: HashMap<ego_id::Id, HashSet<&str>> = HashMap::new();
    for (a, url, _) in &cands {
        for anc in a.ancestors() {
            urls_under
                .entry(ego_id::of(anc.value()))
                .or_default()
                .insert(url.as_str());
        }
    }
    // Each title-like link's container: the highest ancestor (up to 6 levels) holding only its URL.
    struct Found<'h> {
        container: ElementRef<'h>,
        url: String,
        title: String,
    }
    let mut found: Vec<Found> = Vec::new();
    let mut by_url: HashMap<String, usize> = HashMap::new();
    for (a, url, label) in &cands {
        if !is_title_like(label) {
            continue;
        }
        let mut container = *a;
        for anc in a.ancestors().take(6) {
            if urls_under.get(&ego_id::of(anc.value())).is_some_and(|s| s.len() == 1) {
                if let Some(e) = ElementRef::wrap(anc) {
                    container = e;
                }
            } else {
                break;
            }
        }
        match by_url.get(url) {
            Some(&i) => {
                if found[i].title.chars().count() < label.chars().count() && link_has_text(*a) {
                    found[i].title = label.clone();
                }
            }
            None => {
                by_url.insert(url.clone(), found.len());
                found.push(Found {
                    container,
                    url: url.clone(),
                    title: label.clone(),
                });
            }
        }
    }
    if found.is_empty() {
        return vec![];
    }
    // Group by the nearest ancestor of the container holding two or more items.
    let mut items_under: HashMap<ego_id::Id, usize> = HashMap::new();
    for f in &found {
        for anc in f.container.ancestors() {
            *items_under.entry(ego_id::of(anc.value())).or_default() += 1;
        }
    }
    let stem = base_url
        .path()
        .trim_end_matches('/')
        .trim_end_matches(".html")
        .trim_end_matches(".aspx")
        .to_string();
    let mut groups: HashMap<ego_id::Id, Vec<(usize, Option<NaiveDate>)>> = HashMap::new();
    for (i, f) in found.iter().enumerate() {
        let key = f
            .container
            .ancestors()
            .find(|a| items_under.get(&ego_id::of(a.value())).is_some_and(|&n| n >= 2))
            .map(|a| ego_id::of(a.value()));
        let Some(key) = key else { continue };
        let date = date_in(f.container, as_of);
        groups.entry(key).or_default().push((i, date));
    }
    let score = |g: &Vec<(usize, Option<NaiveDate>)>| -> f64 {
        let dated = g.iter().filter(|(_, d)| d.is_some()).count() as f64;
        let under = g
            .iter()
            .filter(|(i, _)| {
                stem.len() > 1 && Url::parse(&found[*i].url).is_ok_and(|u| u.path().starts_with(&format!("{stem}/")))
            })
            .count() as f64;
        g.len() as f64 + 2.0 * dated + 3.0 * under
    };
    let Some(best) = groups
        .values()
        .max_by(|a, b| score(a).total_cmp(&score(b)).then(b.len().cmp(&a.len())))
    else {
        return vec![];
    };
    let mut best = best.clone();
    best.sort_by_key(|(i, _)| *i);
    best.into_iter()
        .map(|(i, date)| Item {
            title: found[i].title.clone(),
            url: found[i].url.clone(),
            date,
            date_source: date.map(|_| "danh sách"),
        })
        .collect()
}

fn link_has_text(a: ElementRef) -> bool {
    !visible_text(a).is_empty()
}

/// Dates undated items from their article pages, when the crawl fetched them.
fn date_from_articles(view: &SiteView, items: &mut [Item], sels: &Compiled, as_of: NaiveDate) {
    let mut looked = 0;
    for it in items.iter_mut().filter(|i| i.date.is_none()) {
        if looked >= MAX_ARTICLE_LOOKUPS {
            break;
        }
        let Fetch::Ok(p) = view.fetch(&it.url) else {
            continue;
        };
        let Some(html) = view.html(p) else { continue };
        looked += 1;
        if let Some(d) = page_date(&html, sels, as_of) {
            it.date = Some(d);
            it.date_source = Some("trang bài");
        }
    }
}

static META_DATE: LazyLock<scraper::Selector> = LazyLock::new(|| {
    sel(
        "meta[property='article:published_time'], meta[name='DC.date'], meta[name='DC.Date'], meta[name='dcterms.created'], meta[itemprop=datePublished], [itemprop=datePublished], time[pubdate]",
    )
});

static JSON_LD: LazyLock<scraper::Selector> = LazyLock::new(|| sel("script[type='application/ld+json']"));

/// The publication date of an article page: the profile's `article_date` element, else machine dates
/// in meta tags and microdata (article:published_time, DC.date, itemprop=datePublished), else
/// JSON-LD `datePublished`. Whatever carries it, a date before 1995 or after `as_of` (a placeholder
/// such as `0000-00-00` or `1900-01-01`, a scheduled post) dates nothing.
pub fn page_date(html: &Html, sels: &Compiled, as_of: NaiveDate) -> Option<NaiveDate> {
    let root = html.root_element();
    let machine = |values: Vec<String>| {
        values
            .iter()
            .filter_map(|v| parse_iso(v))
            .map(|d| d.date())
            .find(|d| plausible_item_date(*d, as_of))
    };
    select_first(root, &sels.article_date)
        .and_then(|e| date_in(e, as_of))
        .or_else(|| {
            machine(
                root.select(&META_DATE)
                    .map(|m| {
                        m.attr("content")
                            .or(m.attr("datetime"))
                            .map_or_else(|| visible_text(m), str::to_string)
                    })
                    .collect(),
            )
        })
        .or_else(|| machine(json_ld_dates(html)))
}

/// The `datePublished` values of a page's JSON-LD blocks, block by block, from any object of them
/// (`@graph` lists and nested objects included). An unreadable block is skipped.
fn json_ld_dates(html: &Html) -> Vec<String> {
    use serde_json::Value;
    let mut out = Vec::new();
    for script in html.select(&JSON_LD) {
        let text: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        // serde_json bounds the nesting it reads; the walk is iterative all the same.
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Object(m) => {
                    if let Some(Value::String(d)) = m.get("datePublished") {
                        out.push(d.clone());
                    }
                    stack.extend(m.values().rev());
                }
                Value::Array(a) => stack.extend(a.iter().rev()),
                _ => {}
            }
        }
    }
    out
}

/// The items of the home page's block for a section: the smallest element around a link to
/// `section_url` ("Xem tất cả", the block's title) that holds at least three other item links. Used
/// when the section's own page is broken but the home page still shows its latest items.
pub fn home_block_items(view: &SiteView, section_url: &str, as_of: NaiveDate) -> Vec<Item> {
    let Some(home) = view.home() else {
        return vec![];
    };
    let Some(html) = view.html(home) else {
        return vec![];
    };
    let Ok(base) = Url::parse(&home.final_url) else {
        return vec![];
    };
    let target = norm_url(section_url);
    for a in html.select(&A) {
        let hits = a
            .attr("href")
            .and_then(|h| base.join(h).ok())
            .is_some_and(|u| norm_url(u.as_str()) == target);
        if !hits {
            continue;
        }
        for anc in a.ancestors().filter_map(ElementRef::wrap).take(8) {
            let others: HashSet<String> = anc
                .select(&A)
                .filter(|x| is_title_like(&link_label(*x)))
                .filter_map(|x| {
                    x.attr("href")
                        .and_then(|h| base.join(h).ok())
                        .map(|u| norm_url(u.as_str()))
                })
                .filter(|u| *u != target)
                .collect();
            if others.len() >= 3 {
                let items = generic_items(view, anc, &home.final_url, as_of);
                if items.iter().any(|i| i.date.is_some()) {
                    return items;
                }
                break;
            }
        }
    }
    Vec::new()
}

/// Freshness of items against `as_of`: items count in a window when `as_of - N ≤ date ≤ as_of`; a date
/// no item may carry (see [`plausible_item_date`]) counts nowhere.
pub fn freshness(items: &[Item], as_of: NaiveDate) -> Freshness {
    let mut dates: Vec<NaiveDate> = items
        .iter()
        .filter_map(|i| i.date)
        .filter(|d| plausible_item_date(*d, as_of))
        .collect();
    dates.sort();
    let within = |n: i64| dates.iter().filter(|d| (as_of - **d).num_days() <= n).count() as u32;
    let longest_gap_days = dates.windows(2).map(|w| (w[1] - w[0]).num_days()).max();
    Freshness {
        newest: dates.last().copied(),
        items_last_30_days: within(30),
        items_last_90_days: within(90),
        longest_gap_days,
        dated: dates.len(),
        total: items.len(),
    }
}

/// Node identity for maps (ego-tree's `NodeId` through the node reference).
mod ego_id {
    use scraper::Node;
    pub type Id = usize;
    /// The address of the node inside its tree: stable while the document lives.
    pub fn of(n: &Node) -> Id {
        std::ptr::from_ref::<Node>(n) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{PageRole, SiteOutcome, SiteSnapshot};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn as_of() -> NaiveDate {
        d(2026, 12, 1)
    }

    /// Values no carrier may date an item with: placeholders, history, the future.
    const IMPLAUSIBLE: &[&str] = &[
        "0000-01-01",
        "0070-01-01T00:00:00Z",
        "1900-01-01",
        "1970-01-01T07:00:00+07:00",
        "1994-12-31",
        "2026-12-02",
        "2099-01-01T08:00:00+07:00",
    ];

    /// Values that date an item, and the Vietnamese day they give.
    fn plausible() -> Vec<(&'static str, NaiveDate)> {
        vec![
            ("1995-01-01", d(1995, 1, 1)),
            ("2026-11-18T15:20:00+07:00", d(2026, 11, 18)),
            // 18:30 UTC on 30/11 is already 01/12 in Việt Nam: the as-of day itself.
            ("2026-11-30T18:30:00Z", d(2026, 12, 1)),
        ]
    }

    /// Each way an article page carries its machine date: (name, head, body) for a value.
    type Carrier = (&'static str, fn(&str) -> (String, String));

    const CARRIERS: &[Carrier] = &[
        ("meta article:published_time", |v| {
            (
                format!("<meta property='article:published_time' content='{v}'>"),
                String::new(),
            )
        }),
        ("meta DC.date", |v| {
            (format!("<meta name='DC.date' content='{v}'>"), String::new())
        }),
        ("meta dcterms.created", |v| {
            (format!("<meta name='dcterms.created' content='{v}'>"), String::new())
        }),
        ("microdata content", |v| {
            (
                String::new(),
                format!("<span itemprop='datePublished' content='{v}'></span>"),
            )
        }),
        ("microdata text", |v| {
            (String::new(), format!("<span itemprop='datePublished'>{v}</span>"))
        }),
        ("time pubdate", |v| {
            (String::new(), format!("<time pubdate datetime='{v}'>hôm nay</time>"))
        }),
        ("JSON-LD", |v| {
            (
                format!(
                    "<script type='application/ld+json'>{{\"@context\": \"https://schema.org\", \"@graph\": [\
                     {{\"@type\": \"WebPage\"}}, {{\"@type\": \"NewsArticle\", \"datePublished\": \"{v}\"}}]}}</script>"
                ),
                String::new(),
            )
        }),
    ];

    fn article_date(head: &str, body: &str) -> Option<NaiveDate> {
        let html = Html::parse_document(&format!(
            "<html><head>{head}</head><body><h1>Bài</h1>{body}</body></html>"
        ));
        page_date(&html, &Compiled::default(), as_of())
    }

    #[test]
    fn every_machine_carrier_dates_an_article_only_from_1995_to_the_as_of_day() {
        for (name, carrier) in CARRIERS {
            for bad in IMPLAUSIBLE {
                let (head, body) = carrier(bad);
                assert_eq!(article_date(&head, &body), None, "{name}: {bad}");
            }
            for (good, want) in plausible() {
                let (head, body) = carrier(good);
                assert_eq!(article_date(&head, &body), Some(want), "{name}: {good}");
            }
        }
        // A placeholder in one carrier leaves the article to the next one.
        let (meta, _) = CARRIERS[0].1("0000-00-00");
        let (epoch, _) = CARRIERS[1].1("1970-01-01");
        let (json_ld, _) = CARRIERS[6].1("2026-11-20T09:00:00+07:00");
        assert_eq!(
            article_date(&format!("{meta}{epoch}{json_ld}"), ""),
            Some(d(2026, 11, 20))
        );
        // Unreadable JSON-LD is no date, and no error.
        let broken = "<script type='application/ld+json'>{\"datePublished\": \"2026-11-20\",</script>";
        assert_eq!(article_date(broken, ""), None);
    }

    #[test]
    fn list_entries_are_dated_by_time_tags_and_text_only_from_1995_to_the_as_of_day() {
        let entry = |inner: &str| {
            let html = Html::parse_fragment(&format!("<li><a href='/tin/1'>Tiêu đề một bài viết</a> {inner}</li>"));
            let li = html.select(&sel("li")).next().unwrap();
            date_in(li, as_of())
        };
        for bad in IMPLAUSIBLE {
            assert_eq!(entry(&format!("<time datetime='{bad}'></time>")), None, "time {bad}");
        }
        for (good, want) in plausible() {
            assert_eq!(
                entry(&format!("<time datetime='{good}'></time>")),
                Some(want),
                "time {good}"
            );
        }
        // Dates in the text: a year 1900 or a day after the as-of day dates nothing.
        for bad in [
            "Ngày đăng: 01/01/1900",
            "Ngày đăng: 31/12/1994",
            "Ngày đăng: 02/12/2026",
            "<time>15/06/2030</time>",
        ] {
            assert_eq!(entry(bad), None, "{bad}");
        }
        assert_eq!(entry("<time>27/11/2026</time>"), Some(d(2026, 11, 27)));
        assert_eq!(entry("Ngày đăng: 01/01/1995"), Some(d(1995, 1, 1)));
    }

    #[test]
    fn placeholder_article_dates_never_become_a_sections_latest_date() {
        let page = |url: &str, role, head: &str, body: &str| Page {
            url: url.into(),
            final_url: url.into(),
            role,
            status: Some(200),
            content_type: Some("text/html; charset=utf-8".into()),
            fetched_at: chrono::Utc::now(),
            text: Some(format!("<html><head>{head}</head><body>{body}</body></html>")),
            charset: None,
            error: None,
            error_detail: None,
            headers: vec![],
        };
        let list: String = (1..=4)
            .map(|i| format!("<li><a href='/tin/{i}.html'>Tiêu đề bài viết số {i} của Sở</a></li>"))
            .collect();
        let meta = |v: &str| format!("<meta property='article:published_time' content='{v}'>");
        let time = |v: &str| format!("<time pubdate datetime='{v}'></time>");
        let snap = SiteSnapshot {
            probe: None,
            start_url: "http://s.gov.vn/".into(),
            crawled_at: chrono::Utc::now(),
            outcome: SiteOutcome::Ok,
            pages: vec![
                page("http://s.gov.vn/", PageRole::Home, "", "<p>Trang chủ</p>"),
                page(
                    "http://s.gov.vn/tin-tuc",
                    PageRole::Page,
                    "",
                    &format!("<ul>{list}</ul>"),
                ),
                page(
                    "http://s.gov.vn/tin/1.html",
                    PageRole::Article,
                    &meta("0000-00-00T00:00:00+07:00"),
                    "",
                ),
                page("http://s.gov.vn/tin/2.html", PageRole::Article, "", &time("0070-01-01")),
                page("http://s.gov.vn/tin/3.html", PageRole::Article, &meta("1900-01-01"), ""),
                page(
                    "http://s.gov.vn/tin/4.html",
                    PageRole::Article,
                    &meta("2026-10-15T08:00:00+07:00"),
                    "",
                ),
            ],
        };
        let view = SiteView::new(&snap, as_of());
        let items = list_items(&view, &snap.pages[1], &Compiled::default(), as_of()).items;
        let dates: Vec<Option<NaiveDate>> = items.iter().map(|i| i.date).collect();
        assert_eq!(dates, [None, None, None, Some(d(2026, 10, 15))]);
        let fresh = freshness(&items, as_of());
        assert_eq!((fresh.newest, fresh.dated, fresh.total), (Some(d(2026, 10, 15)), 1, 4));
        // Even an item dated by hand with a placeholder counts nowhere.
        let mut odd = items.clone();
        odd[0].date = Some(d(70, 1, 1));
        let fresh = freshness(&odd, as_of());
        assert_eq!((fresh.dated, fresh.longest_gap_days), (1, None));
    }
}
