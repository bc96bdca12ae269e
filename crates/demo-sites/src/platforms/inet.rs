//! iNet Portal markup (iNet Solutions' e-government portal): `.inet-menu` navigation, news lists as
//! `.list-news .news-item` with `.news-date`, articles at `/<category>/<slug>-<id>.html`, resources
//! under `/Data/` and `/Portal/`, a "Powered by iNet Solutions" credit.

use crate::content::{Content, Item, Section};
use crate::markup::{dmy, dmy_hm, esc};
use crate::skin::{Parts, Search, Skin, menu_items};
use chrono::NaiveDateTime;

pub struct Inet;

impl Skin for Inet {
    fn section(&self, s: &Section) -> String {
        format!("/{}", s.slug)
    }
    fn item(&self, s: &Section, item: &Item) -> String {
        format!("/{}/{}-{}.html", s.slug, item.slug, item.id)
    }
    fn feed(&self, s: &Section) -> String {
        format!("/rss/{}.rss", s.slug)
    }
    fn feeds_page(&self) -> String {
        "/rss".into()
    }
    fn search(&self) -> Search {
        Search {
            action: "/tim-kiem".into(),
            param: "keyword",
            hidden: vec![],
            class: "inet-search",
        }
    }
    fn disallow(&self) -> &'static [&'static str] {
        &["/Portal/Admin/"]
    }
    fn head(&self, _: &Content) -> String {
        "<meta name=\"author\" content=\"iNet Solutions\">\n\
         <link rel=\"stylesheet\" href=\"/Data/Themes/egov/css/portal-inet.css\">\n\
         <script src=\"/Portal/Scripts/inet.portal.min.js\"></script>\n"
            .into()
    }
    fn body(&self, c: &Content, p: &Parts) -> String {
        format!(
            "<body class=\"portal-inet\">\n<div class=\"inet-wrapper\"><div class=\"inet-header\"><a class=\"inet-logo\" href=\"/\">\
             <img src=\"/Data/Images/logo.png\" alt=\"Biểu trưng {agency}\"></a><div class=\"inet-title\">{agency}</div>{search}</div>\n\
             <nav class=\"inet-menu main-menu\"><ul>{menu}</ul></nav>\n\
             <div class=\"inet-content\"><div class=\"inet-main\">{main}</div><aside class=\"inet-sidebar\">{links}</aside></div>\n\
             <div class=\"inet-footer\">{footer}<p class=\"inet-credit\">Powered by <a href=\"https://inet.vn/\">iNet Solutions</a> - iNet Portal</p></div></div>\n</body>",
            agency = esc(&c.agency),
            search = p.search,
            menu = menu_items(&p.menu, "inet-menu-item", ""),
            main = p.main,
            links = p.links,
            footer = p.footer,
        )
    }
    fn list(&self, s: &Section, items: &[&Item]) -> String {
        let mut out = String::from("<div class=\"list-news\">");
        for i in items {
            out.push_str(&format!(
                "<div class=\"news-item\"><h3 class=\"news-title\"><a href=\"{}\">{}</a></h3>\
                 <span class=\"news-date\">({})</span><p class=\"news-sapo\">{}</p></div>",
                esc(&self.item(s, i)),
                esc(&i.title),
                dmy(i.published.date()),
                esc(&i.summary)
            ));
        }
        out.push_str("</div>");
        out
    }
    fn article_date(&self, d: NaiveDateTime) -> String {
        format!("<div class=\"detail-date\">Cập nhật: {}</div>", dmy_hm(d))
    }
}
