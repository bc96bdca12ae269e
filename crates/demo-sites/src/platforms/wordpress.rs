//! WordPress 6 markup (a Twenty-Twenty-style theme): "WordPress 6.x" generator meta, `/wp-content/`
//! and `/wp-includes/` assets, category archives at `/category/<slug>/` listing `article.post` with
//! `.entry-title` and `<time class="entry-date" datetime=…>`, posts at `/<yyyy>/<mm>/<dd>/<slug>/`,
//! feeds at `…/feed/`, search as `/?s=`.

use crate::content::{Body, Content, Item, Section};
use crate::markup::{esc, iso};
use crate::skin::{Parts, Search, Skin, menu_items};
use chrono::{Datelike, NaiveDateTime};

pub struct WordPress;

/// "23 Tháng 11, 2026", as the Vietnamese locale of WordPress prints dates.
fn wp_date(d: NaiveDateTime) -> String {
    format!("{} Tháng {}, {}", d.day(), d.month(), d.year())
}

impl Skin for WordPress {
    fn section(&self, s: &Section) -> String {
        match s.body {
            Body::Items(_) => format!("/category/{}/", s.slug),
            _ => format!("/{}/", s.slug),
        }
    }
    fn item(&self, _: &Section, item: &Item) -> String {
        format!("/{}/{}/", item.published.format("%Y/%m/%d"), item.slug)
    }
    fn feed(&self, s: &Section) -> String {
        format!("{}feed/", self.section(s))
    }
    fn feeds_page(&self) -> String {
        "/feed/".into()
    }
    fn search(&self) -> Search {
        Search {
            action: "/".into(),
            param: "s",
            hidden: vec![],
            class: "search-form",
        }
    }
    fn search_query(&self, path: &str, query: Option<&str>) -> Option<String> {
        if path == "/" {
            crate::markup::query_param(query, "s")
        } else {
            None
        }
    }
    fn disallow(&self) -> &'static [&'static str] {
        &["/wp-admin/"]
    }
    fn head(&self, _: &Content) -> String {
        "<meta name=\"generator\" content=\"WordPress 6.6.2\">\n\
         <link rel=\"stylesheet\" id=\"twentytwenty-style-css\" href=\"/wp-content/themes/twentytwenty/style.css?ver=2.7\" media=\"all\">\n\
         <link rel=\"https://api.w.org/\" href=\"/wp-json/\">\n\
         <script src=\"/wp-includes/js/jquery/jquery.min.js?ver=3.7.1\" id=\"jquery-core-js\"></script>\n"
            .into()
    }
    fn body(&self, c: &Content, p: &Parts) -> String {
        format!(
            "<body class=\"home blog wp-embed-responsive\">\n<a class=\"skip-link screen-reader-text\" href=\"#site-content\">Chuyển đến nội dung</a>\n\
             <header id=\"site-header\" class=\"header-footer-group\"><div class=\"header-titles\"><div class=\"site-logo faux-heading\">\
             <a href=\"/\" class=\"custom-logo-link\" rel=\"home\"><img src=\"/wp-content/uploads/2024/01/logo.png\" class=\"custom-logo\" alt=\"{agency}\"></a>\
             <span class=\"screen-reader-text\">{agency}</span></div><div class=\"site-description\">Trang thông tin điện tử {agency}</div></div>\
             {search}\n<nav class=\"primary-menu-wrapper main-navigation\" aria-label=\"Ngang\"><ul class=\"primary-menu reset-list-style menu\" id=\"primary-menu\">{menu}</ul></nav></header>\n\
             <main id=\"site-content\">{main}</main>\n\
             <div class=\"footer-widgets-outer-wrapper\"><div class=\"widget widget_text\">{links}</div></div>\n\
             <footer id=\"site-footer\" class=\"header-footer-group\"><div class=\"footer-credits\">{footer}\
             <p class=\"powered-by-wordpress\"><a href=\"https://vi.wordpress.org/\">Được vận hành bởi WordPress</a></p></div></footer>\n</body>",
            agency = esc(&c.agency),
            search = p.search,
            menu = menu_items(&p.menu, "menu-item menu-item-type-taxonomy", ""),
            main = p.main,
            links = p.links,
            footer = p.footer,
        )
    }
    fn list(&self, s: &Section, items: &[&Item]) -> String {
        let mut out = String::new();
        for i in items {
            out.push_str(&format!(
                "<article class=\"post-{id} post type-post status-publish format-standard hentry category-{cat}\" id=\"post-{id}\">\
                 <header class=\"entry-header\"><h2 class=\"entry-title heading-size-1\"><a href=\"{href}\">{title}</a></h2>\
                 <div class=\"post-meta-wrapper\"><span class=\"posted-on\"><time class=\"entry-date published\" datetime=\"{iso}\">{date}</time></span></div></header>\
                 <div class=\"entry-content\"><p>{summary}</p></div></article>",
                id = i.id,
                cat = s.slug,
                href = esc(&self.item(s, i)),
                title = esc(&i.title),
                iso = iso(i.published),
                date = wp_date(i.published),
                summary = esc(&i.summary),
            ));
        }
        out.push_str("<nav class=\"navigation pagination\" aria-label=\"Bài viết\"><div class=\"nav-links\"><span aria-current=\"page\" class=\"page-numbers current\">1</span></div></nav>");
        out
    }
    fn article_date(&self, d: NaiveDateTime) -> String {
        format!(
            "<div class=\"post-meta-wrapper\"><span class=\"posted-on\"><time class=\"entry-date published\" datetime=\"{}\">{}</time></span></div>",
            iso(d),
            wp_date(d)
        )
    }
}
