//! A hand-written site matching no known platform: plain semantic HTML, sections at `/<slug>/`,
//! articles at `/<section>/<slug>-<id>.html`, dates as "Thứ Hai, 23/11/2026" in lists and
//! "Ngày đăng: 23/11/2026 08:15" on articles.

use crate::content::{Content, Item, Section};
use crate::markup::{dmy_hm, esc, weekday_dmy};
use crate::skin::{Parts, Search, Skin, menu_items};
use chrono::NaiveDateTime;

pub struct Generic;

impl Skin for Generic {
    fn section(&self, s: &Section) -> String {
        format!("/{}/", s.slug)
    }
    fn item(&self, s: &Section, item: &Item) -> String {
        format!("/{}/{}-{}.html", s.slug, item.slug, item.id)
    }
    fn feed(&self, s: &Section) -> String {
        format!("/rss/{}.xml", s.slug)
    }
    fn feeds_page(&self) -> String {
        "/rss/".into()
    }
    fn search(&self) -> Search {
        Search {
            action: "/tim-kiem/".into(),
            param: "q",
            hidden: vec![],
            class: "search",
        }
    }
    fn head(&self, _: &Content) -> String {
        "<link rel=\"stylesheet\" href=\"/css/style.css\">\n".into()
    }
    fn body(&self, c: &Content, p: &Parts) -> String {
        format!(
            "<body>\n<header class=\"site-header\"><a href=\"/\" class=\"logo\"><img src=\"/images/logo.png\" alt=\"Biểu trưng {agency}\"></a>\
             <p class=\"site-name\">{agency}</p>{search}</header>\n<nav class=\"main-menu\"><ul>{menu}</ul></nav>\n\
             <main>{main}</main>\n<aside>{links}</aside>\n<footer class=\"site-footer\">{footer}</footer>\n</body>",
            agency = esc(&c.agency),
            search = p.search,
            menu = menu_items(&p.menu, "", ""),
            main = p.main,
            links = p.links,
            footer = p.footer,
        )
    }
    fn list(&self, s: &Section, items: &[&Item]) -> String {
        let mut out = String::from("<ul class=\"news-list\">");
        for i in items {
            out.push_str(&format!(
                "<li><a href=\"{}\">{}</a> <span class=\"date\">{}</span><p>{}</p></li>",
                esc(&self.item(s, i)),
                esc(&i.title),
                weekday_dmy(i.published.date()),
                esc(&i.summary)
            ));
        }
        out.push_str("</ul>");
        out
    }
    fn article_date(&self, d: NaiveDateTime) -> String {
        format!("<p class=\"date\">Ngày đăng: {}</p>", dmy_hm(d))
    }
}
