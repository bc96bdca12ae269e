//! What a platform template is: a [`Skin`] says where a platform puts things (URLs, search form,
//! robots.txt) and how it marks them up; [`Parts`] are the pieces every page shows, already rendered,
//! for the skin to lay out. The skins themselves are in [`crate::platforms`], the shared page logic in
//! [`crate::render`].
//!
//! Main items: [`Skin`], [`Parts`], [`Search`], and [`menu_items`] and [`camel`] for the skins.

use crate::content::{Content, Item, Section};
use crate::markup::{esc, query_param, with_param};
use chrono::NaiveDateTime;

/// The pieces of a page every platform shows, already rendered, for the skin to lay out.
pub struct Parts {
    /// Main menu entries: (href, label).
    pub menu: Vec<(String, String)>,
    /// The site search form, empty when the site has none.
    pub search: String,
    pub main: String,
    /// The footer's text (agency, owner, person responsible, address, phone, e-mail).
    pub footer: String,
    /// The "Liên kết website" box.
    pub links: String,
}

/// Where a site's search form sends its query.
pub struct Search {
    pub action: String,
    pub param: &'static str,
    pub hidden: Vec<(&'static str, &'static str)>,
    pub class: &'static str,
}

/// One platform's URLs and markup.
pub trait Skin: Sync {
    /// The home page's path; "/" redirects there when it differs.
    fn home(&self) -> String {
        "/".into()
    }
    fn section(&self, s: &Section) -> String;
    fn item(&self, s: &Section, item: &Item) -> String;
    /// The print view of an article.
    fn print(&self, item_path: &str) -> String {
        with_param(item_path, "print=1")
    }
    /// The RSS feed of a section.
    fn feed(&self, s: &Section) -> String;
    /// The page listing the feeds.
    fn feeds_page(&self) -> String;
    fn search(&self) -> Search;
    /// The search terms when `path`/`query` is a search request.
    fn search_query(&self, path: &str, query: Option<&str>) -> Option<String> {
        let s = self.search();
        (path == s.action).then(|| query_param(query, s.param).unwrap_or_default())
    }
    /// Paths robots.txt disallows.
    fn disallow(&self) -> &'static [&'static str] {
        &[]
    }
    /// What the platform adds to `<head>` (generator meta, style sheets, scripts).
    fn head(&self, c: &Content) -> String;
    /// The whole `<body>` element.
    fn body(&self, c: &Content, p: &Parts) -> String;
    /// A list of dated items with links to their articles.
    fn list(&self, s: &Section, items: &[&Item]) -> String;
    /// The date line of an article page.
    fn article_date(&self, d: NaiveDateTime) -> String;
}

/// Menu entries as `<li><a>` items, optionally with a class on each `<li>` and `<a>`.
pub fn menu_items(menu: &[(String, String)], li_class: &str, a_class: &str) -> String {
    menu.iter()
        .map(|(href, label)| {
            format!(
                "<li class=\"{li_class}\"><a class=\"{a_class}\" href=\"{}\">{}</a></li>",
                esc(href),
                esc(label)
            )
        })
        .collect()
}

/// "tin-tuc" → "TinTuc", the CamelCase page names of .NET portals.
pub fn camel(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}
