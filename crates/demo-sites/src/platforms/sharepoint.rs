//! Microsoft SharePoint 2013 publishing-site markup with the Vietnamese page library `/Trang/`:
//! "Microsoft SharePoint" generator meta, `/_layouts/15/` scripts, `s4-workspace`, `ms-` classes,
//! content query web part items (`.dfwp-item`) and the search centre at `osssearchresults.aspx`.

use crate::content::{Content, Item, Section};
use crate::markup::{dmy_hm, esc};
use crate::skin::{Parts, Search, Skin, camel, menu_items};
use chrono::NaiveDateTime;

pub struct SharePoint;

impl Skin for SharePoint {
    fn home(&self) -> String {
        "/Trang/default.aspx".into()
    }
    fn section(&self, s: &Section) -> String {
        format!("/Trang/{}.aspx", s.slug)
    }
    fn item(&self, s: &Section, item: &Item) -> String {
        format!("/Trang/{}/{}-{}.aspx", s.slug, item.slug, item.id)
    }
    fn feed(&self, s: &Section) -> String {
        format!("/_layouts/15/listfeed.aspx?List={}", camel(&s.slug))
    }
    fn feeds_page(&self) -> String {
        "/Trang/rss.aspx".into()
    }
    fn search(&self) -> Search {
        Search {
            action: "/_layouts/15/osssearchresults.aspx".into(),
            param: "k",
            hidden: vec![],
            class: "ms-srch-sb ms-srch-sb-border",
        }
    }
    fn disallow(&self) -> &'static [&'static str] {
        &["/_layouts/15/Authenticate.aspx", "/_vti_bin/"]
    }
    fn head(&self, _: &Content) -> String {
        "<meta name=\"GENERATOR\" content=\"Microsoft SharePoint\">\n\
         <meta name=\"progid\" content=\"SharePoint.WebPartPage.Document\">\n\
         <meta http-equiv=\"X-UA-Compatible\" content=\"IE=10\">\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"/_layouts/15/1066/styles/Themable/corev15.css?rev=2bpHeX9U8DH09TB5zpJcsQ%3D%3D\">\n\
         <script type=\"text/javascript\" src=\"/_layouts/15/init.js?rev=ZzKFgQBXmMEeGXc5nPwVmg%3D%3D\"></script>\n\
         <script type=\"text/javascript\">var _spPageContextInfo = {webServerRelativeUrl: \"\\u002f\", webLanguage: 1066, currentLanguage: 1066}; \
         var _spBodyOnLoadFunctionNames = [];</script>\n"
            .into()
    }
    fn body(&self, c: &Content, p: &Parts) -> String {
        format!(
            "<body>\n<form method=\"post\" action=\"./default.aspx\" id=\"aspnetForm\"><input type=\"hidden\" name=\"__VIEWSTATE\" value=\"/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAgIFD2QWAmYPZBYCAgEPFgIeE1ByZXZpb3VzQ29udHJvbE1vZGULKYgBTWljcm9zb2Z0LlNoYXJlUG9pbnQuV2ViQ29udHJvbHM=\"></form>\n\
             <div id=\"s4-workspace\" class=\"ms-core-overlay\"><div id=\"s4-bodyContainer\">\
             <div id=\"s4-titlerow\" class=\"ms-dialogHidden\"><div class=\"ms-siteicon-img\"><a href=\"/Trang/default.aspx\">\
             <img src=\"/SiteAssets/logo.png\" alt=\"Biểu trưng {agency}\"></a></div><h1 class=\"ms-core-pageTitle\">{agency}</h1>\
             <div id=\"SearchBox\" class=\"ms-mpSearchBox ms-floatRight\">{search}</div></div>\
             <div class=\"ms-core-listMenu-horizontalBox\" id=\"DeltaTopNavigation\"><ul id=\"zz1_TopNavigationMenu\" class=\"root ms-core-listMenu-root static\">{menu}</ul></div>\
             <div id=\"contentRow\"><div id=\"contentBox\" aria-live=\"polite\"><div class=\"ms-webpart-zone ms-fullWidth\"><div class=\"ms-webpart-chrome ms-webpart-chrome-fullWidth\">\
             <div class=\"ms-rtestate-field\">{main}</div></div></div></div>\
             <div id=\"sideNavBox\" class=\"ms-dialogHidden ms-forceWrap ms-noList\">{links}</div></div>\
             <div class=\"footer ms-footer\">{footer}</div></div></div>\n</body>",
            agency = esc(&c.agency),
            search = p.search,
            menu = menu_items(
                &p.menu,
                "static",
                "static menu-item ms-core-listMenu-item ms-displayInline"
            ),
            main = p.main,
            links = p.links,
            footer = p.footer,
        )
    }
    fn list(&self, s: &Section, items: &[&Item]) -> String {
        let mut out = String::from("<ul class=\"dfwp-column dfwp-list\">");
        for i in items {
            out.push_str(&format!(
                "<li class=\"dfwp-item\"><div class=\"item link-item\"><a href=\"{}\" title=\"{}\">{}</a>\
                 <div class=\"date ngay-dang\">Ngày đăng: {}</div><div class=\"description\">{}</div></div></li>",
                esc(&self.item(s, i)),
                esc(&i.title),
                esc(&i.title),
                dmy_hm(i.published),
                esc(&i.summary)
            ));
        }
        out.push_str("</ul>");
        out
    }
    fn article_date(&self, d: NaiveDateTime) -> String {
        format!("<div class=\"article-date ngay-dang\">Ngày đăng: {}</div>", dmy_hm(d))
    }
}
