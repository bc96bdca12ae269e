//! A read-only view of a [`SiteSnapshot`] for the audit as of its evaluation date: pages by URL, HTML
//! parsed once and on demand with its nesting capped ([`crate::util::html`]; a `scraper::Html` is not
//! `Send`, so this stays on one thread), links with their labels, visible text, and the home page's
//! boilerplate text used to tell a page's own content from menus and footers. Walks over a document
//! are iterative: no page, however deep, exhausts the stack.
//!
//! Main types: [`SiteView`], [`Link`], [`Fetch`].

use crate::snapshot::{Page, SiteSnapshot};
use crate::util::text::fold;
use chrono::NaiveDate;
use scraper::{ElementRef, Html, Node, Selector};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::LazyLock;
use url::Url;

/// What the snapshot says about one URL.
#[derive(Debug, Clone, Copy)]
pub enum Fetch<'a> {
    /// A 2xx answer (HTML, XML, or a binary file without text).
    Ok(&'a Page),
    /// The server answered 404/410: a broken link, which counts as absent.
    Missing(&'a Page),
    /// The fetch failed otherwise (timeout, block, 5xx): nothing may be concluded.
    Failed(&'a Page),
    /// The crawler did not fetch it.
    NotFetched,
}

/// A link on a page, with everything that names it.
#[derive(Debug, Clone)]
pub struct Link {
    /// Absolute URL without its fragment.
    pub url: String,
    /// Visible text, or else the `title` attribute or an image's `alt`.
    pub label: String,
    /// Inside a `nav`, header or menu container.
    pub in_menu: bool,
    /// The links of its submenu, when it heads one (`li > a + ul`).
    pub children: Vec<String>,
}

/// Selector lists compiled once.
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("built-in selector {s:?} does not parse: {e:?}"))
}

static A: LazyLock<Selector> = LazyLock::new(|| sel("a[href]"));
static IMG: LazyLock<Selector> = LazyLock::new(|| sel("img"));

pub struct SiteView<'a> {
    pub snapshot: &'a SiteSnapshot,
    /// The evaluation date: no item is dated after it.
    pub as_of: NaiveDate,
    by_url: HashMap<String, usize>,
    parsed: RefCell<HashMap<usize, Rc<Html>>>,
    boilerplate: RefCell<Option<Rc<HashSet<String>>>>,
    menu_urls: RefCell<Option<Rc<HashSet<String>>>>,
    home_links: RefCell<Option<Rc<Vec<Link>>>>,
    url_words: RefCell<HashMap<String, Rc<(String, String)>>>,
    host: RefCell<Option<String>>,
}

/// Normalises a URL for lookup: no fragment, and a bare host gets its `/`.
pub fn norm_url(u: &str) -> String {
    match Url::parse(u) {
        Ok(mut url) => {
            url.set_fragment(None);
            url.to_string()
        }
        Err(_) => u.split('#').next().unwrap_or(u).to_string(),
    }
}

impl<'a> SiteView<'a> {
    pub fn new(snapshot: &'a SiteSnapshot, as_of: NaiveDate) -> Self {
        let mut by_url = HashMap::new();
        for (i, p) in snapshot.pages.iter().enumerate() {
            // A successful fetch wins over a failed one of the same URL.
            for u in [&p.url, &p.final_url] {
                let key = norm_url(u);
                let better = by_url
                    .get(&key)
                    .is_none_or(|&j: &usize| !snapshot.pages[j].is_ok_html() && p.is_ok_html());
                if better {
                    by_url.insert(key, i);
                }
            }
        }
        SiteView {
            snapshot,
            as_of,
            by_url,
            parsed: RefCell::default(),
            boilerplate: RefCell::default(),
            menu_urls: RefCell::default(),
            home_links: RefCell::default(),
            url_words: RefCell::default(),
            host: RefCell::default(),
        }
    }

    pub fn home(&self) -> Option<&'a Page> {
        self.snapshot.home()
    }

    /// The home page's links (cached).
    pub fn home_links(&self) -> Rc<Vec<Link>> {
        if let Some(l) = self.home_links.borrow().as_ref() {
            return l.clone();
        }
        let v = Rc::new(
            self.home()
                .filter(|h| h.text.is_some())
                .and_then(|p| self.html(p).map(|h| links(&h, &p.final_url)))
                .unwrap_or_default(),
        );
        *self.home_links.borrow_mut() = Some(v.clone());
        v
    }

    /// The folded words of a URL's last path segment and of its whole path (cached).
    pub fn url_words(&self, url: &str) -> Rc<(String, String)> {
        if let Some(w) = self.url_words.borrow().get(url) {
            return w.clone();
        }
        let w = Rc::new(super::urls::url_words(url));
        self.url_words.borrow_mut().insert(url.to_string(), w.clone());
        w
    }

    /// The host of the site (after the home page's redirects).
    pub fn host(&self) -> String {
        if let Some(h) = self.host.borrow().as_ref() {
            return h.clone();
        }
        let h = self.compute_host();
        *self.host.borrow_mut() = Some(h.clone());
        h
    }

    fn compute_host(&self) -> String {
        let u = self
            .home()
            .map_or(self.snapshot.start_url.as_str(), |p| p.final_url.as_str());
        Url::parse(u)
            .ok()
            .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()))
            .unwrap_or_default()
    }

    /// Whether `url` belongs to this site (same host, ignoring `www.`).
    pub fn is_internal(&self, url: &str) -> bool {
        Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.") == self.host()))
            .unwrap_or(false)
    }

    pub fn fetch(&self, url: &str) -> Fetch<'a> {
        let Some(&i) = self.by_url.get(&norm_url(url)) else {
            return Fetch::NotFetched;
        };
        let p = &self.snapshot.pages[i];
        match p.status {
            Some(s) if (200..300).contains(&s) && p.error.is_none() => Fetch::Ok(p),
            Some(404 | 410) => Fetch::Missing(p),
            _ => Fetch::Failed(p),
        }
    }

    /// The parsed HTML of a fetched page.
    pub fn html(&self, page: &Page) -> Option<Rc<Html>> {
        let i = *self.by_url.get(&norm_url(&page.url))?;
        if let Some(h) = self.parsed.borrow().get(&i) {
            return Some(h.clone());
        }
        let text = self.snapshot.pages[i].text.as_deref()?;
        let h = Rc::new(crate::util::html::parse_document(text));
        self.parsed.borrow_mut().insert(i, h.clone());
        Some(h)
    }

    /// Text blocks of the home page (folded), which other pages repeat in menus and footers.
    pub fn boilerplate(&self) -> Rc<HashSet<String>> {
        if let Some(b) = self.boilerplate.borrow().as_ref() {
            return b.clone();
        }
        let set: HashSet<String> = self
            .home()
            .and_then(|p| self.html(p))
            .map(|h| text_blocks(h.root_element()).into_iter().map(|t| fold(&t)).collect())
            .unwrap_or_default();
        let set = Rc::new(set);
        *self.boilerplate.borrow_mut() = Some(set.clone());
        set
    }

    /// URLs the home page links from its menus: navigation, not items of a list.
    pub fn menu_urls(&self) -> Rc<HashSet<String>> {
        if let Some(m) = self.menu_urls.borrow().as_ref() {
            return m.clone();
        }
        let set: HashSet<String> = self
            .home()
            .and_then(|p| self.html(p).map(|h| (p, h)))
            .map(|(p, h)| {
                links(&h, &p.final_url)
                    .into_iter()
                    .filter(|l| l.in_menu)
                    .map(|l| l.url)
                    .collect()
            })
            .unwrap_or_default();
        let set = Rc::new(set);
        *self.menu_urls.borrow_mut() = Some(set.clone());
        set
    }

    /// The page's own visible text blocks: those the home page does not repeat (menus, footers).
    /// On the home page itself every block counts.
    pub fn own_blocks(&self, page: &Page) -> Vec<String> {
        let Some(h) = self.html(page) else {
            return Vec::new();
        };
        let is_home = self.home().is_some_and(|hp| hp.url == page.url);
        let bp = self.boilerplate();
        text_blocks(h.root_element())
            .into_iter()
            .filter(|t| is_home || !bp.contains(&fold(t)))
            .collect()
    }

    /// The page's own visible text ([`Self::own_blocks`] joined).
    pub fn own_text(&self, page: &Page) -> String {
        self.own_blocks(page).join(" ")
    }
}

/// The links of a document, resolved against `base`.
pub fn links(html: &Html, base: &str) -> Vec<Link> {
    let Ok(base) = Url::parse(base) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for a in html.select(&A) {
        let href = a.attr("href").unwrap_or("").trim();
        if href.is_empty() || href.starts_with('#') || href.starts_with("javascript:") || href.starts_with("mailto:") {
            continue;
        }
        let Ok(mut url) = base.join(href) else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") {
            continue;
        }
        url.set_fragment(None);
        let children = submenu(a)
            .into_iter()
            .filter_map(|h| base.join(&h).ok())
            .map(|mut u| {
                u.set_fragment(None);
                u.to_string()
            })
            .collect();
        out.push(Link {
            url: url.to_string(),
            label: link_label(a),
            in_menu: in_menu(a),
            children,
        });
    }
    out
}

static SUBLIST: LazyLock<Selector> = LazyLock::new(|| sel("ul a[href], ol a[href]"));

/// The hrefs of the list nested beside a menu link (`<li><a>Tin tức</a><ul>…</ul></li>`).
fn submenu(a: ElementRef) -> Vec<String> {
    let Some(li) = a
        .parent()
        .and_then(ElementRef::wrap)
        .filter(|p| p.value().name() == "li")
    else {
        return Vec::new();
    };
    li.select(&SUBLIST)
        .filter_map(|x| x.attr("href").map(str::to_string))
        .filter(|h| !h.starts_with('#'))
        .collect()
}

/// What names a link: its text, else its title, else the alt text of an image inside it.
pub fn link_label(a: ElementRef) -> String {
    let t = collapse(&visible_text(a));
    if !t.is_empty() {
        return t;
    }
    if let Some(t) = a.attr("title").map(collapse).filter(|t| !t.is_empty()) {
        return t;
    }
    a.select(&IMG)
        .filter_map(|i| i.attr("alt").or(i.attr("title")))
        .map(collapse)
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

fn in_menu(e: ElementRef) -> bool {
    e.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let v = a.value();
        if matches!(v.name(), "nav" | "header") {
            return true;
        }
        let mut names = v.classes().chain(v.id());
        names.any(|c| {
            let c = c.to_ascii_lowercase();
            c.contains("menu") || c.contains("nav")
        })
    })
}

/// Runs of white space made one space, trimmed.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn skipped(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "head" | "title" | "select" | "option"
    )
}

/// Visible text of an element (no script, style or head), collapsed.
pub fn visible_text(e: ElementRef) -> String {
    let mut out = String::new();
    walk_visible(e, |n, closing| match (n, closing) {
        (Node::Text(t), false) => out.push_str(t),
        // Block-ish elements and links end a word.
        (Node::Element(el), true)
            if matches!(
                el.name(),
                "br" | "p" | "div" | "li" | "td" | "tr" | "h1" | "h2" | "h3" | "h4" | "span" | "a"
            ) =>
        {
            out.push(' ')
        }
        _ => {}
    });
    collapse(&out)
}

/// The text nodes of a document that carry words, trimmed and collapsed.
pub fn text_blocks(e: ElementRef) -> Vec<String> {
    let mut out = Vec::new();
    walk_visible(e, |n, closing| {
        if let (Node::Text(t), false) = (n, closing) {
            let t = collapse(t);
            if t.chars().any(char::is_alphanumeric) {
                out.push(t);
            }
        }
    });
    out
}

/// Visits the visible nodes under `root` in document order (not `root` itself), skipping the
/// subtrees of [`skipped`] elements: `visit(node, false)` on entering a node, `visit(node, true)` on
/// leaving an element. Iterative, so a page nested a million levels deep costs no stack.
fn walk_visible(root: ElementRef, mut visit: impl FnMut(&Node, bool)) {
    use ego_tree::iter::Edge;
    // Depth inside a skipped element (0: visible).
    let mut hidden = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) if n.id() == root.id() => {}
            Edge::Close(n) if n.id() == root.id() => {}
            Edge::Open(n) => match n.value() {
                Node::Element(el) if hidden > 0 || skipped(el.name()) => hidden += 1,
                v if hidden == 0 => visit(v, false),
                _ => {}
            },
            Edge::Close(n) => match n.value() {
                Node::Element(_) if hidden > 0 => hidden -= 1,
                v @ Node::Element(_) => visit(v, true),
                _ => {}
            },
        }
    }
}

/// The first element matching any selector of a list (invalid selectors are skipped; profiles are
/// validated when loaded).
pub fn select_first<'h>(root: ElementRef<'h>, selectors: &[Selector]) -> Option<ElementRef<'h>> {
    selectors.iter().find_map(|s| root.select(s).next())
}
