//! HTML parsing with bounded nesting: [`parse_document`] is `scraper::Html::parse_document` on a
//! copy of the page whose element nesting is capped at [`MAX_DEPTH`], as browsers cap it (Blink
//! flattens beyond 512 levels).
//!
//! Why: html5ever's tree builder scans its whole stack of open elements for each `<div>`-like start
//! tag (is a `<p>` in button scope?), so 100,000 nested `<div>`s take minutes and a million take
//! hours; and every walk up a tree (is this link in a menu? which list holds it?) costs the depth. A
//! hostile or broken page must not stall or crash a run, so [`bound_depth`] drops the start tags
//! (and their end tags) nested deeper than the cap, keeping all their text: such a page parses in
//! linear time into a tree at most about [`MAX_DEPTH`] deep. A page within the cap is parsed
//! unchanged.
//!
//! The depth is estimated by a light tokenizer that knows comments, raw-text elements (`<script>`,
//! `<style>`…), quoted attributes, void elements, elements that close their own kind (`<p>`, `<li>`,
//! `<option>`, table cells) and SVG/MathML self-closing tags. It may overestimate the depth of odd
//! markup, never the text: at worst a page deeper than the cap loses some structure.

use scraper::Html;
use std::borrow::Cow;

/// Deepest element nesting kept (Blink's `kMaximumHTMLParserDOMTreeDepth`).
pub const MAX_DEPTH: usize = 512;

/// How far down the stack an end tag looks for its start tag: a farther one is taken as stray.
const END_TAG_REACH: usize = 256;

/// Parses a whole document with its nesting capped at [`MAX_DEPTH`].
pub fn parse_document(text: &str) -> Html {
    Html::parse_document(&bound_depth(text))
}

/// Elements without content.
pub(crate) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "image"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements that never nest in themselves (a new one closes the open one, or is ignored), nor in
/// one another without a tracked element between: they add no depth of their own.
fn is_untracked(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "head"
            | "body"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "rb"
            | "rp"
            | "rt"
            | "rtc"
            | "tr"
            | "tbody"
            | "thead"
            | "tfoot"
            | "colgroup"
    )
}

/// Elements whose content the tokenizer reads as text up to their end tag.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript"
    )
}

/// Where an end tag's search for its start tag stops (the parser's default scope).
fn is_boundary(name: &str) -> bool {
    matches!(
        name,
        "table" | "td" | "th" | "caption" | "template" | "marquee" | "object" | "applet"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// An open element as the estimate sees it.
struct Open {
    name: String,
    /// Whether its start tag was kept (it is within the cap).
    kept: bool,
    /// SVG or MathML content (where `/>` closes an element).
    foreign: bool,
}

/// The open elements, with the part beyond the cap dropped from the output.
#[derive(Default)]
struct Stack {
    open: Vec<Open>,
    /// Open elements whose start tag was kept.
    kept: usize,
}

impl Stack {
    fn foreign(&self) -> bool {
        self.open.last().is_some_and(|o| o.foreign)
    }

    /// Index of the nearest open `name` (any heading for a heading) above a scope boundary.
    fn find(&self, name: &str, through_boundaries: bool) -> Option<usize> {
        for (i, o) in self.open.iter().enumerate().rev().take(END_TAG_REACH) {
            if o.name == name || (is_heading(name) && is_heading(&o.name)) {
                return Some(i);
            }
            if !through_boundaries && is_boundary(&o.name) {
                return None;
            }
        }
        None
    }

    /// Closes the elements from `i` up; returns whether the one at `i` had been kept.
    fn close_from(&mut self, i: usize) -> bool {
        let kept = self.open[i].kept;
        for o in self.open.drain(i..) {
            if o.kept {
                self.kept -= 1;
            }
        }
        kept
    }

    /// Opens `name`; returns whether its start tag is kept.
    fn push(&mut self, name: &str, foreign: bool) -> bool {
        let kept = self.kept < MAX_DEPTH;
        if kept {
            self.kept += 1;
        }
        self.open.push(Open {
            name: name.to_string(),
            kept,
            foreign,
        });
        kept
    }

    /// A start tag; returns whether to keep it in the output.
    fn start(&mut self, name: &str, self_closing: bool) -> bool {
        let foreign = self.foreign() || name == "svg" || name == "math";
        // Raw-text elements hold no elements: they add no depth, and dropping their tag would turn
        // a script into visible text.
        if is_void(name) || (self_closing && foreign) || (is_raw_text(name) && !foreign) {
            return true;
        }
        if !foreign {
            if is_untracked(name) {
                return true;
            }
            match name {
                // A new cell closes the open one; a row or a section closes what its table holds.
                "td" | "th" | "caption" => {
                    if let Some(i) = self.find_cell() {
                        self.close_from(i);
                    }
                }
                // A new link closes an open one (the adoption agency); a heading right in a heading
                // closes it; a nested form is ignored.
                "a" | "nobr" | "button" => {
                    if let Some(i) = self.find(name, false) {
                        self.close_from(i);
                    }
                }
                _ if is_heading(name) && self.open.last().is_some_and(|o| is_heading(&o.name)) => {
                    self.close_from(self.open.len() - 1);
                }
                "form" if self.find("form", true).is_some() => return true,
                _ => {}
            }
        }
        self.push(name, foreign)
    }

    /// The nearest open cell (or caption) inside the nearest table.
    fn find_cell(&self) -> Option<usize> {
        for (i, o) in self.open.iter().enumerate().rev().take(END_TAG_REACH) {
            match o.name.as_str() {
                "td" | "th" | "caption" => return Some(i),
                "table" | "template" => return None,
                _ => {}
            }
        }
        None
    }

    /// An end tag; returns whether to keep it in the output.
    fn end(&mut self, name: &str) -> bool {
        if is_void(name) || (is_untracked(name) && !self.foreign()) {
            return true;
        }
        let at = match name {
            "tr" | "tbody" | "thead" | "tfoot" => {
                // Closes what the row holds, up to the table.
                let table = self.find("table", true);
                if let Some(t) = table
                    && t + 1 < self.open.len()
                {
                    self.close_from(t + 1);
                }
                return true;
            }
            _ if is_boundary(name) => self.find(name, true),
            _ => self.find(name, false),
        };
        // An end tag without its start tag is ignored by the parser: keep it, it changes nothing.
        at.is_none_or(|i| self.close_from(i))
    }
}

/// A tag read by the light tokenizer.
enum Token<'a> {
    Start {
        name: &'a str,
        self_closing: bool,
    },
    End {
        name: &'a str,
    },
    /// A comment, doctype or processing instruction.
    Other,
}

/// Reads the tag at `at` (`bytes[at] == b'<'`): the token and where it ends, or `None` when the `<`
/// is text.
fn read_tag(bytes: &[u8], at: usize) -> Option<(Token<'_>, usize)> {
    let rest = &bytes[at..];
    let to_gt = |from: usize| memchr(b'>', &bytes[from.min(bytes.len())..]).map_or(bytes.len(), |i| from + i + 1);
    if rest.starts_with(b"<!--") {
        let body = at + 4;
        // "<!-->" and "<!--->" are empty comments.
        for short in [&b">"[..], b"->"] {
            if bytes[body.min(bytes.len())..].starts_with(short) {
                return Some((Token::Other, body + short.len()));
            }
        }
        let end = find(&bytes[body.min(bytes.len())..], b"-->").map_or(bytes.len(), |i| body + i + 3);
        return Some((Token::Other, end));
    }
    match rest.get(1) {
        Some(b'!' | b'?') => Some((Token::Other, to_gt(at + 2))),
        Some(b'/') => {
            let name_end = name_end(bytes, at + 2);
            if name_end == at + 2 {
                // "</>" is nothing; "</ x>" is a bogus comment.
                return Some((Token::Other, to_gt(at + 2)));
            }
            let name = std::str::from_utf8(&bytes[at + 2..name_end]).ok()?;
            let (end, _) = attributes_end(bytes, name_end);
            Some((Token::End { name }, end))
        }
        Some(c) if c.is_ascii_alphabetic() => {
            let name_end = name_end(bytes, at + 1);
            let name = std::str::from_utf8(&bytes[at + 1..name_end]).ok()?;
            let (end, self_closing) = attributes_end(bytes, name_end);
            Some((Token::Start { name, self_closing }, end))
        }
        _ => None,
    }
}

fn name_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        .map_or(bytes.len(), |i| from + i)
}

/// Skips a tag's attributes (quoted values may hold `>`): where the tag ends, and whether it ends
/// with `/>`.
fn attributes_end(bytes: &[u8], mut i: usize) -> (usize, bool) {
    let n = bytes.len();
    loop {
        while i < n && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'>') {
                return (i + 2, true);
            }
            i += 1;
        }
        if i >= n {
            return (n, false);
        }
        if bytes[i] == b'>' {
            return (i + 1, false);
        }
        // An attribute name (its first character may be "=" or a quote), then maybe a value.
        i += 1;
        while i < n && !matches!(bytes[i], b'=' | b'>' | b'/') && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut j = i;
        while j < n && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < n && bytes[j] == b'=' {
            j += 1;
            while j < n && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    i = memchr(q, &bytes[j + 1..]).map_or(n, |k| j + 1 + k + 1);
                }
                _ => {
                    i = j;
                    while i < n && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                }
            }
        }
    }
}

fn memchr(b: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&x| x == b)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where the raw text of `name` (a `<script>`, `<style>`…) ends: at its end tag, or the end of input.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(k) = find(&bytes[i..], b"</") {
        let at = i + k;
        let after = at + 2 + name.len();
        if bytes
            .get(at + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(after)
                .is_none_or(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        {
            return at;
        }
        i = at + 2;
    }
    bytes.len()
}

/// `text` with the tags nested deeper than [`MAX_DEPTH`] removed (their text stays); the text itself
/// when no tag is that deep.
pub fn bound_depth(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut stack = Stack::default();
    // Byte ranges of dropped tags, in order.
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(k) = memchr(b'<', &bytes[i..]) {
        let at = i + k;
        let Some((token, end)) = read_tag(bytes, at) else {
            i = at + 1;
            continue;
        };
        i = end;
        match token {
            Token::Other => {}
            Token::Start { name, self_closing } => {
                let name = name.to_ascii_lowercase();
                if !stack.start(&name, self_closing) {
                    dropped.push((at, end));
                }
                if stack.foreign() {
                    continue;
                }
                if name == "plaintext" {
                    break;
                }
                if is_raw_text(&name) {
                    i = raw_text_end(bytes, i, &name);
                }
            }
            Token::End { name } => {
                if !stack.end(&name.to_ascii_lowercase()) {
                    dropped.push((at, end));
                }
            }
        }
    }
    if dropped.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (a, b) in dropped {
        out.push_str(&text[from..a]);
        from = b;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// The depth of the deepest element of a parsed document (iteratively: it may be deep).
pub fn max_depth(html: &Html) -> usize {
    let mut deepest = 0;
    let mut depth = 0usize;
    for edge in html.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) if n.value().is_element() => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ego_tree::iter::Edge::Close(n) if n.value().is_element() => depth -= 1,
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(tag: &str, n: usize, inner: &str) -> String {
        format!(
            "<html><body>{}{inner}{}</body></html>",
            format!("<{tag}>").repeat(n),
            format!("</{tag}>").repeat(n)
        )
    }

    #[test]
    fn ordinary_pages_are_left_alone() {
        for page in [
            "<html><head><title>a < b</title><script>if (a<b) { document.write('<div>'.repeat(9999)) }</script></head><body><p>x<p>y</body></html>",
            "<ul><li>a<li>b</ul><table><tr><td>1<td>2<tr><td>3</table>",
            "<div title='a > b' data-x=\"<div>\"><!-- <div><div> --><br/><img src=x></div>",
            "<svg><path/><path/><g><path d='M0'/></g></svg>",
        ] {
            assert!(matches!(bound_depth(page), Cow::Borrowed(_)), "{page}");
        }
        // A long page of unclosed paragraphs, list items, options and cells is not deep.
        let flat = format!(
            "<body>{}<ul>{}</ul><select>{}</select><table>{}</table><svg>{}</svg></body>",
            "<p>đoạn văn".repeat(2000),
            "<li>mục".repeat(2000),
            "<option>lựa chọn".repeat(2000),
            "<tr><td><div>ô</td><td><span>ô</td>".repeat(2000),
            "<path d='M0 0'/>".repeat(2000),
        );
        assert!(matches!(bound_depth(&flat), Cow::Borrowed(_)));
        let a_list = "<div><a href='/x'>liên kết không đóng".to_string() + &"<a href='/y'>tin".repeat(3000);
        assert!(matches!(bound_depth(&a_list), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_capped_and_the_text_kept() {
        for tag in ["div", "span", "b", "section", "font"] {
            let page = nested(tag, 20_000, "Nội dung sâu nhất");
            let bounded = bound_depth(&page);
            assert!(bounded.len() < page.len(), "{tag}");
            let html = Html::parse_document(&bounded);
            let depth = max_depth(&html);
            assert!(depth <= MAX_DEPTH + 8, "{tag}: depth {depth}");
            assert!(
                depth >= MAX_DEPTH,
                "{tag}: depth {depth}: the cap keeps the first levels"
            );
            let text: String = html.root_element().text().collect();
            assert!(text.contains("Nội dung sâu nhất"), "{tag}");
        }
        // Stray end tags do not let the nesting grow unseen.
        let page = format!("<body>{}</body>", "<span></div>".repeat(20_000));
        assert!(max_depth(&parse_document(&page)) <= MAX_DEPTH + 8);
        let page = format!("<body>{}</body>", "<div><table></div>".repeat(5_000));
        assert!(max_depth(&parse_document(&page)) <= 2 * MAX_DEPTH + 8);
    }

    #[test]
    fn tags_after_a_deep_part_are_kept() {
        let page = format!(
            "<body>{}sâu<script>var bi_mat = 1;</script><style>p {{ color: red }}</style>{}<nav><a href='/lien-he'>Liên hệ</a></nav></body>",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        let html = parse_document(&page);
        let a = scraper::Selector::parse("nav > a[href]").unwrap();
        assert_eq!(html.select(&a).count(), 1);
        // A script or style below the cap stays a script or style, never visible text.
        let body = scraper::Selector::parse("body").unwrap();
        let text = crate::audit::view::visible_text(html.select(&body).next().unwrap());
        assert_eq!(text, "sâu Liên hệ");
    }
}
