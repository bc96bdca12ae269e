//! DotNetNuke (DNN 9) markup with the EasyDNNnews module: "DotNetNuke" generator meta,
//! `/DesktopModules/` and `/Portals/0/` resources, `dnn_` ids, friendly URLs `/<page>` with articles at
//! `/<page>/ArticleID/<id>/<slug>`, `.edn_article` items with `.edn_metaDetails` dates.

use crate::content::{Content, Item, Section};
use crate::markup::{dmy_hm, esc};
use crate::skin::{Parts, Search, Skin, menu_items};
use chrono::NaiveDateTime;

pub struct DotNetNuke;

/// "23/11/2026 08:15 SA" — DNN's vi-VN culture writes SA/CH for AM/PM.
fn dnn_date(d: NaiveDateTime) -> String {
    let ampm = if d.format("%p").to_string() == "AM" { "SA" } else { "CH" };
    format!("{} {ampm}", d.format("%d/%m/%Y %I:%M"))
}

impl Skin for DotNetNuke {
    fn section(&self, s: &Section) -> String {
        format!("/{}", s.slug)
    }
    fn item(&self, s: &Section, item: &Item) -> String {
        format!("/{}/ArticleID/{}/{}", s.slug, item.id, item.slug)
    }
    fn feed(&self, s: &Section) -> String {
        format!("/DesktopModules/EasyDNNNews/RSS.ashx?portalid=0&cat={}", s.slug)
    }
    fn feeds_page(&self) -> String {
        "/rss".into()
    }
    fn search(&self) -> Search {
        Search {
            action: "/SearchResults".into(),
            param: "Search",
            hidden: vec![],
            class: "SearchContainer",
        }
    }
    fn disallow(&self) -> &'static [&'static str] {
        &[
            "/admin/",
            "/App_Browsers/",
            "/App_Code/",
            "/bin/",
            "/Config/",
            "/controls/",
        ]
    }
    fn head(&self, _: &Content) -> String {
        "<meta id=\"MetaGenerator\" name=\"GENERATOR\" content=\"DotNetNuke \">\n\
         <link href=\"/Resources/Shared/stylesheets/dnndefault/7.0.0/default.css?cdv=120\" type=\"text/css\" rel=\"stylesheet\">\n\
         <link href=\"/DesktopModules/EasyDNNNews/Templates/_default/Ozone/Ozone.css?cdv=120\" type=\"text/css\" rel=\"stylesheet\">\n\
         <link href=\"/Portals/0/portal.css?cdv=120\" type=\"text/css\" rel=\"stylesheet\">\n\
         <script src=\"/Resources/libraries/jQuery/03_05_01/jquery.js?cdv=120\"></script>\n\
         <script src=\"/js/dnn.modalpopup.js?cdv=120\"></script>\n"
            .into()
    }
    fn body(&self, c: &Content, p: &Parts) -> String {
        format!(
            "<body id=\"Body\">\n<form method=\"post\" action=\"/\" id=\"Form\"><input type=\"hidden\" name=\"__VIEWSTATE\" id=\"__VIEWSTATE\" value=\"dnnVs\"></form>\n\
             <div id=\"dnn_ContentPane_wrapper\" class=\"dnnWrapper\"><div id=\"dnn_HeaderPane\" class=\"header\">\
             <a id=\"dnn_dnnLOGO_hypLogo\" title=\"{agency}\" href=\"/\"><img id=\"dnn_dnnLOGO_imgLogo\" src=\"/Portals/0/logo.png\" alt=\"{agency}\"></a>\
             <span class=\"portal-name\">{agency}</span><div id=\"dnn_dnnSearch_ClassicSearch\">{search}</div></div>\n\
             <div id=\"dnn_dnnNav\" class=\"dnnmenu\"><ul class=\"topLevel\">{menu}</ul></div>\n\
             <div id=\"dnn_ContentPane\" class=\"contentPane\"><div class=\"DnnModule DnnModule-EasyDNNnews DnnModule-420\">\
             <a name=\"420\"></a><div id=\"dnn_ctr420_ContentPane\">{main}</div></div></div>\n\
             <div id=\"dnn_RightPane\" class=\"rightPane\"><div class=\"DnnModule DnnModule-DNN_HTML\">{links}</div></div>\n\
             <div id=\"dnn_FooterPane\" class=\"footer\">{footer}<span id=\"dnn_dnnCOPYRIGHT_lblCopyright\" class=\"SkinObject\">Bản quyền © {agency}</span></div></div>\n</body>",
            agency = esc(&c.agency),
            search = p.search,
            menu = menu_items(&p.menu, "item", ""),
            main = p.main,
            links = p.links,
            footer = p.footer,
        )
    }
    fn list(&self, s: &Section, items: &[&Item]) -> String {
        let mut out = String::from("<div class=\"eds_news_Ozone\"><div class=\"edn_articleList\">");
        for i in items {
            out.push_str(&format!(
                "<div class=\"edn_article edn_clearFix\"><h2 class=\"edn_articleTitle\"><a href=\"{}\">{}</a></h2>\
                 <div class=\"edn_metaDetails\"><time>{}</time></div><div class=\"edn_articleSummary\">{}</div></div>",
                esc(&self.item(s, i)),
                esc(&i.title),
                dnn_date(i.published),
                esc(&i.summary)
            ));
        }
        out.push_str("</div></div>");
        out
    }
    fn article_date(&self, d: NaiveDateTime) -> String {
        format!(
            "<div class=\"edn_metaDetails\"><time>{}</time> <span class=\"edn_date\">Ngày đăng: {}</span></div>",
            dnn_date(d),
            dmy_hm(d)
        )
    }
}
