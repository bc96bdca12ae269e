//! The crawler's one tokenizer pass over a page (`crawl::page_scan`) against a full parse of the
//! same page (scraper's tree, what the crawler used before): on every HTML page of the corpus —
//! the whole sotttt.hanoi.gov.vn and NukeViet sites, the single real pages and the fixture sites —
//! both find the same links (first occurrences, in order) with the same text, the same `<base>` and
//! `<link>` tags, and the same dates in the visible text.

#[path = "support/corpus.rs"]
mod corpus;

use corpus::corpus;
use ictrank::crawl::page_scan::scan;
use ictrank::util::dates::find_dates;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap().path();
        if p.is_dir() {
            html_files(&p, out);
        } else if std::fs::read(&p).is_ok_and(|b| {
            let head = String::from_utf8_lossy(&b[..b.len().min(2048)]).to_ascii_lowercase();
            head.contains("<html") || head.contains("<!doctype html")
        }) {
            out.push(p);
        }
    }
}

/// What the full parse finds: first occurrences of link hrefs with their text, base, link tags.
struct Tree {
    anchors: Vec<(String, String)>,
    base: Option<String>,
    link_tags: Vec<String>,
    /// Text nodes outside `<script>` and `<style>`, joined with a space.
    text: String,
}

fn tree(html: &str) -> Tree {
    let doc = Html::parse_document(html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    let mut seen = std::collections::HashSet::new();
    let anchors = doc
        .select(&sel("a[href], area[href]"))
        .filter_map(|a| {
            let href = a.value().attr("href").unwrap().to_string();
            let text = a.text().collect::<Vec<_>>().join(" ");
            seen.insert(href.clone())
                .then(|| (href, text.split_whitespace().collect::<Vec<_>>().join(" ")))
        })
        .collect();
    let base = doc
        .select(&sel("base[href]"))
        .next()
        .map(|b| b.value().attr("href").unwrap().to_string());
    let link_tags = doc
        .select(&sel("link[href]"))
        .map(|l| l.value().attr("href").unwrap().to_string())
        .collect();
    let mut text = String::new();
    for node in doc.root_element().descendants() {
        let hidden = node
            .parent()
            .and_then(|p| p.value().as_element().map(|e| matches!(e.name(), "script" | "style")))
            .unwrap_or(false);
        if let Some(t) = node.value().as_text().filter(|_| !hidden) {
            text.push_str(t);
            text.push(' ');
        }
    }
    Tree {
        anchors,
        base,
        link_tags,
        text,
    }
}

#[test]
fn one_tokenizer_pass_finds_what_a_full_parse_finds() {
    let mut files = Vec::new();
    for dir in [
        corpus("sites/sotttt.hanoi.gov.vn"),
        corpus("sites/nukeviet-demo/ubnd-nvdemo.gialai.gov.vn"),
        corpus("real"),
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sites")).to_path_buf(),
    ] {
        html_files(&dir, &mut files);
    }
    assert!(files.len() > 700, "{} HTML pages", files.len());
    let (mut anchors, mut same_text, mut pages_with_dates) = (0, 0, 0);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let html = ictrank::util::charset::decode(&bytes, None).text;
        let (got, want) = (scan(&html), tree(&html));
        let mut seen = std::collections::HashSet::new();
        let first: Vec<(String, String)> = got
            .anchors
            .into_iter()
            .filter(|a| seen.insert(a.href.clone()))
            .map(|a| (a.href, a.text))
            .collect();
        let hrefs = |v: &[(String, String)]| v.iter().map(|(h, _)| h.clone()).collect::<Vec<_>>();
        assert_eq!(hrefs(&first), hrefs(&want.anchors), "{}: links", f.display());
        assert_eq!(got.base, want.base, "{}: <base>", f.display());
        let tags: Vec<String> = got.link_tags.into_iter().map(|l| l.href).collect();
        assert_eq!(tags, want.link_tags, "{}: <link> tags", f.display());
        // The dates in the visible text (how far back a list page reaches), with their kinds.
        let dates = |t: &str| find_dates(t).into_iter().map(|d| (d.date, d.kind)).collect::<Vec<_>>();
        assert_eq!(dates(&got.text), dates(&want.text), "{}: dates", f.display());
        pages_with_dates += usize::from(!dates(&got.text).is_empty());
        anchors += first.len();
        same_text += first.iter().zip(&want.anchors).filter(|(a, b)| a.1 == b.1).count();
    }
    eprintln!(
        "{} pages ({pages_with_dates} with dates), {anchors} links, {same_text} with the same text",
        files.len()
    );
    assert!(
        anchors > 20_000 && pages_with_dates > 500,
        "{anchors} links, {pages_with_dates} pages with dates"
    );
    assert_eq!(same_text, anchors, "anchors with the same text");
}
