//! Search checks: a visible search box on the home page (a box hidden by CSS, an attribute or an
//! inline style is reported as such, never counted), and a document search form on the documents
//! page or on pages linked as document search.

use super::{Check, Ctx, Home, ev, folded, lower};
use crate::audit::sections::match_link;
use crate::audit::view::{Fetch, links, sel, visible_text};
use crate::rubric::Criterion;
use crate::util::text::fold;
use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use std::sync::LazyLock;

/// What makes an input a search box: fragments of its name, id or class (`markers.inputs`) and
/// folded words of its placeholder, value or title (site search: the criterion's synonyms; document
/// search: `markers.input_words`).
pub(super) struct SearchInput {
    fragments: Vec<String>,
    words: Vec<String>,
}

impl SearchInput {
    fn of(c: &Criterion) -> SearchInput {
        SearchInput {
            fragments: lower(c.markers("inputs")),
            words: folded(&c.synonyms),
        }
    }

    /// A text input that takes search words.
    fn matches(&self, e: ElementRef) -> bool {
        let v = e.value();
        if v.name() != "input" {
            return false;
        }
        let ty = v.attr("type").unwrap_or("text").to_ascii_lowercase();
        if ty == "search" {
            return true;
        }
        if !matches!(ty.as_str(), "text" | "") {
            return false;
        }
        let attrs = ["name", "id", "class"]
            .iter()
            .filter_map(|a| v.attr(a))
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        let said = fold(&format!(
            "{} {} {}",
            v.attr("placeholder").unwrap_or(""),
            v.attr("value").unwrap_or(""),
            v.attr("title").unwrap_or("")
        ));
        // `q` is the conventional name of a query parameter.
        v.attr("name") == Some("q")
            || self.fragments.iter().any(|k| attrs.contains(k.as_str()))
            || self.words.iter().any(|w| said.contains(w.as_str()))
    }
}

/// CSS rules in `<style>` blocks that hide what they select.
fn hiding_rules(html: &Html) -> Vec<(String, Selector)> {
    static RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([^{}]+)\{([^{}]*)\}").expect("css rule regex"));
    static COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)/\*.*?\*/").expect("css comment regex"));
    let mut out = Vec::new();
    for st in html.select(&sel("style")) {
        let css = st.text().collect::<String>();
        let css = COMMENT.replace_all(&css, "");
        for cap in RULE.captures_iter(&css) {
            let body: String = cap[2]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if !(body.contains("display:none") || body.contains("visibility:hidden")) {
                continue;
            }
            for s in cap[1].split(',') {
                let s = s.trim();
                if s.starts_with('@') || s.contains(':') {
                    continue;
                }
                if let Ok(parsed) = Selector::parse(s) {
                    out.push((s.to_string(), parsed));
                }
            }
        }
    }
    out
}

/// Why an element is hidden, if it is: its own or an ancestor's `hidden`/inline style, or a CSS rule.
fn hidden_by(e: ElementRef, rules: &[(String, Selector)]) -> Option<String> {
    let chain = std::iter::once(e).chain(e.ancestors().filter_map(ElementRef::wrap));
    for x in chain {
        let v = x.value();
        if v.attr("hidden").is_some() {
            return Some(format!("thuộc tính hidden trên <{}>", v.name()));
        }
        if let Some(st) = v.attr("style") {
            let st: String = st
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if st.contains("display:none") || st.contains("visibility:hidden") {
                return Some(format!(
                    "style=\"{}\" trên <{}>",
                    v.attr("style").unwrap_or("").trim(),
                    v.name()
                ));
            }
        }
        if let Some((s, _)) = rules.iter().find(|(_, r)| r.matches(&x)) {
            return Some(format!("quy tắc CSS \"{s}\" (display:none)"));
        }
    }
    None
}

pub(super) fn site_search(c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    search_box(&SearchInput::of(c), home.html, home.url)
}

/// A visible search box on a page, and the hidden ones.
fn search_box(search: &SearchInput, html: &Html, url: &str) -> Check {
    let rules = hiding_rules(html);
    let inputs: Vec<ElementRef> = html.select(&sel("input")).filter(|e| search.matches(*e)).collect();
    let mut hidden = Vec::new();
    let mut visible = None;
    for i in &inputs {
        match hidden_by(*i, &rules) {
            None => visible = visible.or(Some(*i)),
            Some(why) => hidden.push(why),
        }
    }
    if let Some(i) = visible {
        let what = i.value().attr("id").or(i.value().attr("name")).unwrap_or("input");
        let mut e = vec![ev(url, format!("ô tìm kiếm hiển thị trên trang chủ (input {what})"))];
        // A second, hidden search box is a finding of its own even when another one works.
        e.extend(
            hidden
                .iter()
                .map(|why| ev(url, format!("ngoài ra có ô tìm kiếm bị ẩn bằng CSS: {why}"))),
        );
        return Check::yes(0.9, e);
    }
    if let Some(why) = hidden.first() {
        return Check::no(
            0.5,
            vec![ev(
                url,
                format!("có ô tìm kiếm nhưng bị ẩn bằng CSS: {why}; người dùng không thấy chức năng tìm kiếm"),
            )],
        );
    }
    Check::no(0.75, vec![ev(url, "không thấy ô tìm kiếm trên trang chủ")])
}

pub(super) fn document_search(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let (html, url) = (home.html, home.url);
    // The search box itself is known like any other (its placeholder words are a marker set here:
    // this criterion's synonyms name document search links).
    let search = SearchInput {
        fragments: lower(c.markers("inputs")),
        words: folded(c.markers("input_words")),
    };
    let fields = folded(c.markers("fields"));
    let labels = folded(&c.synonyms);
    let mut pages: Vec<(String, std::rc::Rc<Html>)> = vec![];
    if let Some(p) = ctx.documents_page
        && let Some(h) = ctx.view.html(p)
    {
        pages.push((p.final_url.clone(), h));
    }
    // Pages linked as document search: by label, or by a slug in their URL.
    for l in links(html, url) {
        let f = fold(&l.label);
        let named =
            labels.iter().any(|w| f.contains(w.as_str())) || match_link(c, "", &l.url).is_some_and(|(s, _)| s >= 0.7);
        if named
            && let Fetch::Ok(p) = ctx.view.fetch(&l.url)
            && let Some(h) = ctx.view.html(p)
            && !pages.iter().any(|(u, _)| *u == p.final_url)
        {
            pages.push((p.final_url.clone(), h));
        }
    }
    for (u, h) in &pages {
        for form in h.select(&sel("form")) {
            let has_input = form
                .select(&sel("input, select"))
                .any(|i| search.matches(i) || i.value().name() == "select");
            let text = fold(&format!(
                "{} {}",
                visible_text(form),
                form.value().attr("action").unwrap_or("")
            ));
            if has_input && fields.iter().any(|w| text.contains(w.as_str())) {
                return Check::yes(
                    0.85,
                    vec![ev(
                        u,
                        "biểu mẫu tìm kiếm văn bản (số ký hiệu, trích yếu, loại văn bản…)",
                    )],
                );
            }
        }
        // Search boxes outside a form, labelled for documents.
        for i in h.select(&sel("input")).filter(|i| search.matches(*i)) {
            let around = i
                .ancestors()
                .filter_map(ElementRef::wrap)
                .take(3)
                .last()
                .map(visible_text)
                .unwrap_or_default();
            if fields.iter().any(|w| fold(&around).contains(w.as_str())) {
                return Check::yes(0.7, vec![ev(u, "ô tìm kiếm trong khu vực văn bản")]);
            }
        }
    }
    let note = if pages.is_empty() {
        "không tìm thấy trang văn bản để kiểm tra"
    } else {
        "trang văn bản không có công cụ tìm kiếm"
    };
    // Without a document page nothing was really checked: below the review threshold.
    let confidence = if pages.is_empty() { 0.5 } else { 0.65 };
    Check::no(confidence, vec![ev(pages.first().map_or(url, |p| p.0.as_str()), note)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;

    #[test]
    fn hidden_search_boxes_by_attribute_inline_style_or_stylesheet() {
        let rubric = Rubric::builtin();
        let c = rubric.criterion("tim_kiem").unwrap().1;
        let search = SearchInput::of(c);
        let h = Html::parse_document(
            r#"<html><head><style>#menu .nav-search{position:absolute; display : none}</style></head><body>
            <div id="menu"><div class="nav-search"><input type="text" value="--Nhập từ tìm kiếm--" id="a"></div></div>
            <div style="display: none"><input type="search" id="b"></div>
            <div hidden><input name="keyword" id="c"></div>
            <form><input name="q" id="d"></form></body></html>"#,
        );
        let rules = hiding_rules(&h);
        let why = |id: &str| {
            let e = h.select(&sel(&format!("#{id}"))).next().unwrap();
            assert!(search.matches(e), "{id}");
            hidden_by(e, &rules)
        };
        assert!(why("a").unwrap().contains("#menu .nav-search"));
        assert!(why("b").unwrap().contains("display: none"));
        assert!(why("c").unwrap().contains("hidden"));
        assert_eq!(why("d"), None);
        let c = search_box(&search, &h, "http://x.gov.vn/");
        assert!(c.met && c.evidence.len() == 4, "{:?}", c.evidence);
    }

    #[test]
    fn a_search_box_is_known_by_the_rubric_s_words() {
        let rubric = Rubric::builtin();
        let c = rubric.criterion("tim_kiem").unwrap().1;
        let h = Html::parse_document(r#"<input id="x" class="o-tra" placeholder="Gõ từ khóa tra cứu">"#);
        let e = h.select(&sel("#x")).next().unwrap();
        assert!(!SearchInput::of(c).matches(e));
        // The words are data: a rubric that names "tra cứu" (or the class) recognises the box.
        let mut c2 = c.clone();
        c2.synonyms.push("tra cứu".into());
        assert!(SearchInput::of(&c2).matches(e));
        let mut c3 = c.clone();
        c3.markers.insert("inputs".into(), vec!["o-tra".into()]);
        assert!(SearchInput::of(&c3).matches(e));
    }
}
