//! Pages built by JavaScript: the static HTML the crawler stored is compared with the page the
//! browser built; where the static one lacks what the audit looks for on that kind of page (a
//! dated list on a list page, navigation links on the home page, the text of an article) and the
//! rendered one has it, the audit reads the rendered page ([`RenderedPage`]) and says so.
//!
//! Main items: [`judge`], [`Signals`].

use super::findings::{RenderedPage, Sample};
use crate::util::dates::find_dates;
use scraper::{Html, Node, Selector};
use std::sync::LazyLock;

/// Dated entries a list page needs before it counts as a list.
const MIN_DATES: usize = 3;
/// Links a home page needs before its navigation counts as present.
const MIN_LINKS: usize = 10;
/// Visible characters an article needs.
const MIN_TEXT: usize = 400;

static LINK: LazyLock<Selector> = LazyLock::new(|| Selector::parse("a[href]").expect("selector"));

/// What the audit looks for on a page, counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signals {
    pub dates: usize,
    pub links: usize,
    pub text: usize,
}

impl Signals {
    /// Counts `html`'s dates and links and its visible text (scripts and styles left out).
    pub fn of(html: &str) -> Signals {
        let doc = Html::parse_document(html);
        let mut text = String::new();
        for node in doc.root_element().descendants() {
            if let Node::Text(t) = node.value() {
                let hidden = node
                    .parent()
                    .and_then(|p| p.value().as_element())
                    .is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript" | "template"));
                if !hidden {
                    text.push_str(t);
                    text.push(' ');
                }
            }
        }
        Signals {
            dates: find_dates(&text).len(),
            links: doc.select(&LINK).count(),
            text: text.chars().filter(|c| !c.is_whitespace()).count(),
        }
    }
}

/// The rendered page to read instead of the static one, when the static page of kind `sample`
/// lacks what the rendered one has.
pub fn judge(sample: Sample, url: &str, static_html: Option<&str>, rendered: &str) -> Option<RenderedPage> {
    let before = static_html.map(Signals::of).unwrap_or(Signals {
        dates: 0,
        links: 0,
        text: 0,
    });
    let after = Signals::of(rendered);
    let why = match sample {
        Sample::List if before.dates < MIN_DATES && after.dates >= MIN_DATES => format!(
            "danh sách do JavaScript dựng: HTML tĩnh có {} ngày tháng, trang trình duyệt dựng có {}",
            before.dates, after.dates
        ),
        Sample::Home if before.links < MIN_LINKS && after.links >= MIN_LINKS => format!(
            "trang chủ do JavaScript dựng: HTML tĩnh có {} liên kết, trang trình duyệt dựng có {}",
            before.links, after.links
        ),
        Sample::Article if before.text < MIN_TEXT && after.text >= MIN_TEXT => format!(
            "bài viết do JavaScript dựng: HTML tĩnh có {} ký tự chữ, trang trình duyệt dựng có {}",
            before.text, after.text
        ),
        _ => return None,
    };
    Some(RenderedPage {
        url: url.to_string(),
        html: rendered.to_string(),
        why,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY_LIST: &str = r#"<html><body><h1>Tin tức</h1><ul id="tin"></ul>
        <script>fetch('/api/tin').then(r => r.json()).then(show)</script></body></html>"#;
    const FULL_LIST: &str = r#"<html><body><h1>Tin tức</h1><ul id="tin">
        <li><a href="/a">Họp giao ban</a> 01/12/2026</li><li><a href="/b">Tập huấn</a> 28/11/2026</li>
        <li><a href="/c">Hội nghị</a> 20/11/2026</li></ul><script>var d = "01/01/2020";</script></body></html>"#;

    #[test]
    fn a_list_the_script_fills_is_read_rendered() {
        let r = judge(Sample::List, "http://x.gov.vn/tin-tuc", Some(EMPTY_LIST), FULL_LIST).unwrap();
        assert!(r.why.contains("HTML tĩnh có 0 ngày tháng"), "{}", r.why);
        assert!(r.why.contains("dựng có 3"), "{}", r.why);
    }

    #[test]
    fn a_static_list_that_has_its_dates_is_kept() {
        assert_eq!(
            judge(Sample::List, "http://x.gov.vn/tin-tuc", Some(FULL_LIST), FULL_LIST),
            None
        );
    }

    #[test]
    fn dates_inside_scripts_do_not_count() {
        assert_eq!(Signals::of(EMPTY_LIST).dates, 0);
        assert_eq!(Signals::of(FULL_LIST).dates, 3);
    }
}
