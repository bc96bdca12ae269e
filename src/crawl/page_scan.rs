//! One pass of html5ever's tokenizer over a fetched page, without building its tree: what
//! discovery reads from a page — anchors with their text, the first `<base href>`, `<link>` tags
//! and the visible text — for a fraction of a full parse's cost (the crawler reads every page
//! once; building the tree, then walking it with selectors, was most of its CPU), and in time
//! linear in the page however deep its nesting. Main function: [`scan`] → [`PageScan`].
//!
//! Where the tree builder would change what a page says, it is imitated:
//! - raw-text elements (`<script>`, `<style>`, `<noscript>`, `<title>`…) switch the tokenizer's
//!   state as the tree builder does (scripting on), so their content is never read as tags;
//! - an anchor's text ends at its `</a>`, at the next `<a>` (the tree builder closes the open one),
//!   or at an end tag of an element opened before it (`</li>`, `</td>`, `</p>`…, where the tree
//!   builder pops it); end tags of elements opened inside it do not end it;
//! - text nodes are separated by a space, as a tree's text nodes joined with one would be;
//!   the content of `<script>` and `<style>` is not text.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use std::cell::RefCell;

/// A link of the page (`<a href>` or `<area href>`), its href as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub href: String,
    /// The anchor's text, whitespace collapsed (empty for `<area>`).
    pub text: String,
}

/// A `<link>` tag with an href.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkTag {
    pub href: String,
    pub rel: Option<String>,
    pub ty: Option<String>,
}

/// What one pass over a page found, in document order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageScan {
    /// The href of the first `<base href>`.
    pub base: Option<String>,
    pub anchors: Vec<Anchor>,
    pub link_tags: Vec<LinkTag>,
    /// The text outside `<script>` and `<style>`, a space between text nodes.
    pub text: String,
}

/// Reads `html` once, with html5ever's tokenizer and no tree.
pub fn scan(html: &str) -> PageScan {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The sink never asks to pause for a script, so one call reads the whole input.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut state = tokenizer.sink.state.into_inner();
    state.close_anchor();
    state.scan
}

/// The anchor whose text is being read.
struct OpenAnchor {
    /// Its index in [`PageScan::anchors`].
    index: usize,
    /// Its text so far, text nodes separated by a space.
    text: String,
    /// Elements opened inside it and not closed yet.
    inside: Vec<String>,
}

#[derive(Default)]
struct State {
    scan: PageScan,
    anchor: Option<OpenAnchor>,
    /// Inside `<script>` or `<style>`.
    hidden: bool,
    /// A tag or comment came since the last text: the next text starts a new text node.
    boundary: bool,
}

impl State {
    fn close_anchor(&mut self) {
        if let Some(a) = self.anchor.take() {
            self.scan.anchors[a.index].text = a.text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }

    fn text(&mut self, t: &str) {
        if self.hidden {
            return;
        }
        if self.boundary {
            if !self.scan.text.is_empty() {
                self.scan.text.push(' ');
            }
            if let Some(a) = &mut self.anchor {
                a.text.push(' ');
            }
            self.boundary = false;
        }
        self.scan.text.push_str(t);
        if let Some(a) = &mut self.anchor {
            a.text.push_str(t);
        }
    }

    fn start_tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let attr = |wanted: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == wanted)
                .map(|a| a.value.to_string())
        };
        match name {
            "a" => {
                self.close_anchor();
                if let Some(href) = attr("href") {
                    self.anchor = Some(OpenAnchor {
                        index: self.scan.anchors.len(),
                        text: String::new(),
                        inside: Vec::new(),
                    });
                    self.scan.anchors.push(Anchor {
                        href,
                        text: String::new(),
                    });
                }
                return TokenSinkResult::Continue;
            }
            "area" => {
                if let Some(href) = attr("href") {
                    self.scan.anchors.push(Anchor {
                        href,
                        text: String::new(),
                    });
                }
            }
            "base" if self.scan.base.is_none() => self.scan.base = attr("href"),
            "link" => {
                if let Some(href) = attr("href") {
                    self.scan.link_tags.push(LinkTag {
                        href,
                        rel: attr("rel"),
                        ty: attr("type"),
                    });
                }
            }
            _ => {}
        }
        if let Some(a) = &mut self.anchor
            && !crate::util::html::is_void(name)
        {
            a.inside.push(name.to_string());
        }
        match name {
            "script" => {
                self.hidden = true;
                TokenSinkResult::RawData(RawKind::ScriptData)
            }
            "style" => {
                self.hidden = true;
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => TokenSinkResult::RawData(RawKind::Rawtext),
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }

    fn end_tag(&mut self, tag: &Tag) {
        let name: &str = &tag.name;
        if matches!(name, "script" | "style") {
            self.hidden = false;
        }
        if name == "a" {
            self.close_anchor();
            return;
        }
        let Some(a) = &mut self.anchor else {
            return;
        };
        match a.inside.iter().rposition(|n| n == name) {
            Some(i) => a.inside.truncate(i),
            // `</br>` is read as `<br>`; any other end tag closes an element the anchor is in.
            None if name != "br" => self.close_anchor(),
            None => {}
        }
    }
}

#[derive(Default)]
struct Sink {
    state: RefCell<State>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::CharacterTokens(t) => state.text(&t),
            Token::TagToken(tag) => {
                state.boundary = true;
                return match tag.kind {
                    TagKind::StartTag => state.start_tag(&tag),
                    TagKind::EndTag => {
                        state.end_tag(&tag);
                        TokenSinkResult::Continue
                    }
                };
            }
            Token::CommentToken(_) => state.boundary = true,
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors(html: &str) -> Vec<(String, String)> {
        scan(html).anchors.into_iter().map(|a| (a.href, a.text)).collect()
    }

    fn pair(href: &str, text: &str) -> (String, String) {
        (href.to_string(), text.to_string())
    }

    #[test]
    fn anchors_end_where_the_tree_builder_would_end_them() {
        let html = "<ul><li><a href='/a'>Tin <b>một</b></li><li><a href='/b'>Tin hai<a href='/c'>ba</a> \
                    <a href='/d'><div>Khối</div><div>hai</div></a><area href='/e'><a>không</a></ul>";
        assert_eq!(
            anchors(html),
            [
                pair("/a", "Tin một"),
                pair("/b", "Tin hai"),
                pair("/c", "ba"),
                pair("/d", "Khối hai"),
                pair("/e", "")
            ]
        );
    }

    #[test]
    fn raw_text_comments_and_hidden_text() {
        let html = "<head><title>Trang &amp; chủ</title><base href='/goc/'><base href='/khac/'>\
                    <link rel='alternate' type='application/rss+xml' href='/rss'>\
                    <style>a{}</style><script>var s = '<a href=\"/js\">x</a>';</script></head>\
                    <body><!-- <a href='/chu-thich'>c</a> --><noscript><a href='/ns'>n</a></noscript>\
                    <p>Ngày 01/02/2026</p><textarea><a href='/ta'></textarea></body>";
        let s = scan(html);
        assert!(s.anchors.is_empty(), "{:?}", s.anchors);
        assert_eq!(s.base.as_deref(), Some("/goc/"));
        assert_eq!(
            s.link_tags,
            [LinkTag {
                href: "/rss".into(),
                rel: Some("alternate".into()),
                ty: Some("application/rss+xml".into())
            }]
        );
        assert!(s.text.contains("Trang & chủ"), "{}", s.text);
        assert!(s.text.contains("Ngày 01/02/2026"), "{}", s.text);
        assert!(!s.text.contains("var s") && !s.text.contains("a{}"), "{}", s.text);
    }

    #[test]
    fn text_nodes_are_separated_but_not_split() {
        let s = scan("<p>01/02/2026\nsáng</p><p>hai</p>ba<!--x-->bốn");
        assert_eq!(s.text, "01/02/2026\nsáng hai ba bốn");
    }
}
