//! Liferay Portal 6.2 markup: pages under `/web/guest/`, asset publisher portlets whose articles live
//! at `/-/asset_publisher/<instance>/content/<slug>`, `portlet-boundary` wrappers, the
//! `Liferay.ThemeDisplay` script, no generator meta (Liferay prints none).

use crate::content::{Content, Item, Section};
use crate::markup::{dmy, dmy_hm, esc, with_param};
use crate::skin::{Parts, Search, Skin, menu_items};
use chrono::NaiveDateTime;

pub struct Liferay;

/// A stable portlet instance id for a section ("101_INSTANCE_<id>").
fn instance(slug: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in slug.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..12)
        .map(|i| ALPHABET[((h >> (i * 5)) % 62) as usize] as char)
        .collect()
}

impl Skin for Liferay {
    fn home(&self) -> String {
        "/web/guest/trang-chu".into()
    }
    fn section(&self, s: &Section) -> String {
        format!("/web/guest/{}", s.slug)
    }
    fn item(&self, s: &Section, item: &Item) -> String {
        format!(
            "/web/guest/{}/-/asset_publisher/{}/content/{}",
            s.slug,
            instance(&s.slug),
            item.slug
        )
    }
    fn print(&self, item_path: &str) -> String {
        with_param(item_path, "p_p_state=pop_up&viewMode=print")
    }
    fn feed(&self, s: &Section) -> String {
        format!("/web/guest/{}/-/asset_publisher/{}/rss", s.slug, instance(&s.slug))
    }
    fn feeds_page(&self) -> String {
        "/web/guest/rss".into()
    }
    fn search(&self) -> Search {
        Search {
            action: "/web/guest/tim-kiem".into(),
            param: "_3_keywords",
            hidden: vec![("p_p_id", "3"), ("p_p_state", "normal")],
            class: "form-search",
        }
    }
    fn head(&self, c: &Content) -> String {
        format!(
            "<link class=\"lfr-css-file\" href=\"/html/themes/classic/css/main.css?browserId=other&amp;themeId=thunghiem_WAR_thunghiemtheme&amp;languageId=vi_VN\" rel=\"stylesheet\" type=\"text/css\">\n\
             <script src=\"/html/js/barebone.jsp?browserId=other&amp;themeId=thunghiem_WAR_thunghiemtheme&amp;colorSchemeId=01&amp;minifierType=js&amp;languageId=vi_VN\" type=\"text/javascript\"></script>\n\
             <script type=\"text/javascript\">var themeDisplay = Liferay.ThemeDisplay = {{getCompanyId: function() {{ return \"20155\"; }}, \
             getLanguageId: function() {{ return \"vi_VN\"; }}, getPathMain: function() {{ return \"/c\"; }}, \
             getPortalURL: function() {{ return \"http://{host}\"; }}, isSignedIn: function() {{ return false; }}}};\
             Liferay.authToken = \"Xa1bC2dE\"; Liferay.currentURL = \"\\u002fweb\\u002fguest\";</script>\n",
            host = c.host
        )
    }
    fn body(&self, c: &Content, p: &Parts) -> String {
        format!(
            "<body class=\"yui3-skin-sam controls-visible guest-site signed-out public-page site\">\n\
             <div class=\"container-fluid\" id=\"wrapper\">\n<header id=\"banner\" role=\"banner\"><div id=\"heading\">\
             <h1 class=\"site-title\"><a class=\"logo custom-logo\" href=\"/web/guest/trang-chu\" title=\"{agency}\">\
             <img alt=\"Biểu trưng {agency}\" height=\"90\" src=\"/image/company_logo?img_id=20601\" width=\"90\"></a>\
             <span class=\"site-name\">{agency}</span></h1></div>{search}\n\
             <nav class=\"sort-pages modify-pages navbar site-navigation\" id=\"navigation\" role=\"navigation\">\
             <ul aria-label=\"Các trang\" role=\"menubar\">{menu}</ul></nav></header>\n\
             <div id=\"content\"><div class=\"portlet-layout row-fluid\"><div class=\"portlet-column portlet-column-first span8\" id=\"column-1\">\
             <div class=\"portlet-dropzone portlet-column-content\" id=\"layout-column_column-1\">\
             <div class=\"portlet-boundary portlet-boundary_101_ portlet-static portlet-static-end portlet-borderless portlet-asset-publisher\" id=\"p_p_id_101_INSTANCE_{inst}_\">\
             <section class=\"portlet\" id=\"portlet_101_INSTANCE_{inst}\"><div class=\"portlet-content\"><div class=\"portlet-body\">{main}</div></div></section></div>\
             </div></div><div class=\"portlet-column portlet-column-last span4\" id=\"column-2\"><div class=\"portlet-boundary portlet-boundary_73_\" id=\"p_p_id_73_INSTANCE_lk01_\">{links}</div></div></div></div>\n\
             <footer id=\"footer\" role=\"contentinfo\">{footer}<p class=\"powered-by\">Powered by Liferay</p></footer>\n</div>\n</body>",
            agency = esc(&c.agency),
            search = p.search,
            menu = menu_items(&p.menu, "lfr-nav-item", ""),
            inst = instance("main"),
            main = p.main,
            links = p.links,
            footer = p.footer,
        )
    }
    fn list(&self, s: &Section, items: &[&Item]) -> String {
        let mut out = String::from("<div class=\"asset-publisher\">");
        for i in items {
            out.push_str(&format!(
                "<div class=\"asset-abstract\"><div class=\"asset-content\"><h3 class=\"asset-title\"><a href=\"{}\">{}</a></h3>\
                 <div class=\"asset-metadata\"><span class=\"metadata-entry metadata-publish-date assetPublishDate\">{}</span></div>\
                 <div class=\"asset-summary\">{}</div></div></div>",
                esc(&self.item(s, i)),
                esc(&i.title),
                dmy(i.published.date()),
                esc(&i.summary)
            ));
        }
        out.push_str("<div class=\"taglib-page-iterator\"><ul class=\"pagination lfr-pagination-buttons\"><li class=\"disabled\"><a href=\"javascript:;\">Đầu</a></li></ul></div></div>");
        out
    }
    fn article_date(&self, d: NaiveDateTime) -> String {
        format!(
            "<div class=\"asset-metadata\"><span class=\"metadata-entry metadata-publish-date assetPublishDate\">Ngày đăng: {}</span></div>",
            dmy_hm(d)
        )
    }
}
