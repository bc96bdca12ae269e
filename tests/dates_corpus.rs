//! The date finder on the real pages of tests/corpus: the NukeViet demo site, whose LABELS.json
//! gives every post's publication time in each of the forms NukeViet prints, and the sotttt.hanoi.gov.vn
//! mirror (Liferay 6.2, taken 27/08/2022). The corpus is read in place and never changed.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use ictrank::audit::dates::{DateKind, find_dates, item_date, parse_iso, parse_rfc2822_local};
use serde_json::Value;

#[path = "support/corpus.rs"]
mod corpus_files;
use corpus_files::corpus;

/// Text of the elements matching `selector` (the whole document for `None`), scripts and styles left out.
fn text_of(html: &str, selector: Option<&str>) -> String {
    let doc = scraper::Html::parse_document(html);
    let roots: Vec<scraper::ElementRef> = match selector {
        Some(s) => doc.select(&scraper::Selector::parse(s).unwrap()).collect(),
        None => vec![doc.root_element()],
    };
    let mut out = String::new();
    for root in roots {
        for node in root.descendants() {
            let Some(t) = node.value().as_text() else {
                continue;
            };
            let in_code = node
                .parent()
                .and_then(|p| p.value().as_element().map(|e| matches!(e.name(), "script" | "style")))
                .unwrap_or(false);
            if !in_code {
                out.push_str(t);
                out.push(' ');
            }
        }
    }
    out
}

/// Every `.html` file under `dir`, sorted.
fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn labels() -> Value {
    let path = corpus("sites/nukeviet-demo/LABELS.json");
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&raw).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The single item-eligible date in a displayed date string.
fn only_item_date(shown: &str) -> (NaiveDate, Option<chrono::NaiveTime>) {
    let found: Vec<_> = find_dates(shown)
        .into_iter()
        .filter(|f| f.kind.may_date_item())
        .collect();
    assert_eq!(found.len(), 1, "{shown:?}: {found:?}");
    (found[0].date, found[0].time)
}

#[test]
fn nukeviet_every_displayed_form_gives_the_publication_time() {
    let labels = labels();
    let posts = labels["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 31);
    for post in posts {
        let published =
            NaiveDateTime::parse_from_str(&post["published"].as_str().unwrap()[..19], "%Y-%m-%dT%H:%M:%S").unwrap();
        let shown = |k: &str| post["displayed"][k].as_str().unwrap().to_owned();
        let url = post["url"].as_str().unwrap();

        // "Thứ tư - 18/11/2026 15:20", "18/11/2026 03:20:00 PM", "18/11/2026 15:20"
        for form in ["detail_page", "category_list", "home_blocks"] {
            assert_eq!(
                only_item_date(&shown(form)),
                (published.date(), Some(published.time())),
                "{url} {form}"
            );
        }
        let detail = &find_dates(&shown("detail_page"))[0];
        assert!(detail.weekday_agrees(), "{url}: {detail:?}");
        // "(18/11/2026)"
        assert_eq!(
            only_item_date(&shown("related_lists")),
            (published.date(), None),
            "{url}"
        );
        // ISO microdata and sitemap, and NukeViet's malformed article:published_time
        for form in [
            "microdata_datePublished",
            "sitemap_lastmod",
            "meta_article_published_time",
        ] {
            assert_eq!(parse_iso(&shown(form)), Some(published), "{url} {form}");
        }
        // RSS: the date and hour are right; NukeViet writes the month into the minutes.
        let rss = parse_rfc2822_local(&shown("rss_pubDate")).unwrap();
        assert_eq!((rss.date(), rss.hour()), (published.date(), published.hour()), "{url}");
        assert_eq!(rss.minute(), published.month(), "{url}: the minutes bug");
    }
}

#[test]
fn nukeviet_article_bodies_never_date_the_article_with_a_trap() {
    let labels = labels();
    let as_of = date(labels["evaluation_date"].as_str().unwrap());
    let root = corpus("sites/nukeviet-demo/ubnd-nvdemo.gialai.gov.vn");
    let mut bodies = 0;
    for post in labels["posts"].as_array().unwrap() {
        if !post["in_snapshot"].as_bool().unwrap() {
            continue;
        }
        let url = post["url"].as_str().unwrap();
        let rel = url.split_once(".gov.vn/").unwrap().1;
        let html = std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let body = text_of(&html, Some("#news-bodyhtml"));
        assert!(!body.trim().is_empty(), "{rel}: no body");
        bodies += 1;
        let traps: Vec<NaiveDate> = post["trap_dates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| date(d.as_str().unwrap()))
            .collect();
        for f in find_dates(&body) {
            if traps.contains(&f.date) {
                assert!(
                    !f.kind.may_date_item() || f.date > as_of || f.date.year() < 1995,
                    "{rel}: trap {} taken as {:?} in {:?}",
                    f.date,
                    f.kind,
                    &body[body.floor_char_boundary(f.start.saturating_sub(60))..f.end]
                );
            }
        }
        if let Some(d) = item_date(&body, as_of) {
            assert!(!traps.contains(&d) && d <= as_of, "{rel}: body dated {d}");
        }
        // The page as a whole is dated by its own header line.
        let whole = text_of(&html, Some(".newsdetailmetatop"));
        let published = date(post["published_date"].as_str().unwrap());
        assert_eq!(item_date(&whole, as_of), Some(published), "{rel}");
    }
    assert!(bodies >= 30, "only {bodies} article bodies read");
}

/// The sotttt mirror was taken on 27/08/2022: no date that may date an item is later than that,
/// though bodies quote and announce many dates.
#[test]
fn sotttt_no_item_date_after_the_mirror_date() {
    let dir = corpus("sites/sotttt.hanoi.gov.vn");
    let as_of = date("2022-08-27");
    let (mut pages, mut labelled, mut quoted) = (0, 0, 0);
    for path in html_files(&dir) {
        let html = std::fs::read(&path).unwrap();
        let text = text_of(&String::from_utf8_lossy(&html), None);
        pages += 1;
        for f in find_dates(&text) {
            if f.kind.may_date_item() {
                assert!(f.date <= as_of, "{}: {f:?}", path.display());
            }
            labelled += usize::from(f.kind == DateKind::Labelled);
            quoted += usize::from(f.kind == DateKind::Quoted);
        }
    }
    assert_eq!(pages, 637);
    // Every "Ngày đăng"/"Publish date" entry is labelled; many summaries quote documents.
    assert!(labelled > 250 && quoted > 400, "labelled {labelled}, quoted {quoted}");
}

/// sotttt list entries: each "Ngày đăng dd/mm/yyyy | hh:mm AM" is the entry's date, whatever the
/// summary after it quotes (cai-cach-hanh-chinh pages).
#[test]
fn sotttt_labelled_list_dates_match_their_label() {
    let label = regex::Regex::new(r"(?:Ngày đăng|Publish date)\s+(\d{2})/(\d{2})/(\d{4})").unwrap();
    let dir = corpus("sites/sotttt.hanoi.gov.vn");
    let mut checked = 0;
    for path in html_files(&dir) {
        let text = text_of(&std::fs::read_to_string(&path).unwrap_or_default(), None);
        let found = find_dates(&text);
        for caps in label.captures_iter(&text) {
            let day_at = caps.get(1).unwrap().start();
            let expected = NaiveDate::from_ymd_opt(
                caps[3].parse().unwrap(),
                caps[2].parse().unwrap(),
                caps[1].parse().unwrap(),
            )
            .unwrap();
            let f = found
                .iter()
                .find(|f| f.start <= day_at && day_at < f.end)
                .unwrap_or_else(|| panic!("{}: no date at {day_at}", path.display()));
            assert_eq!((f.date, f.kind), (expected, DateKind::Labelled), "{}", path.display());
            assert!(f.time.is_some(), "{}: {f:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 250, "only {checked} labels");
}
