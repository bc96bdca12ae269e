//! NukeViet 4 (egov theme) markup: "NukeViet v4.x" generator meta, `nv_base_siteurl` script, the
//! `#menu-site-default` menu, modules addressed as `/index.php?language=vi&nv=<module>&op=<op>` or,
//! with URL rewriting, `/<module>/<op>/`; category lists of `.news_column .panel-body` with 12-hour
//! times, detail pages with "Thứ tư - 18/11/2026 15:20" in `.newsdetailmetatop`.

use crate::content::{Body, Content, Item, Section};
use crate::markup::{esc, query_param, weekday_vi};
use crate::skin::{Parts, Search, Skin, menu_items};
use chrono::{Datelike, NaiveDateTime};

pub struct NukeViet {
    pub rewrite: bool,
}

/// The NukeViet module that holds a section and the section's `op` inside it.
fn module(s: &Section) -> (&'static str, &str) {
    match (&s.body, s.slug.as_str()) {
        (_, "hoi-dap") => ("faq", ""),
        (_, "lien-he") => ("contact", ""),
        (Body::Items(_), slug) => ("news", slug),
        (Body::Documents(_), _) => ("laws", ""),
        (
            _,
            slug @ ("gioi-thieu"
            | "co-cau-to-chuc"
            | "qua-trinh-hinh-thanh"
            | "dieu-kien-tu-nhien"
            | "lanh-dao"
            | "ban-bien-tap"),
        ) => ("about", slug),
        (_, slug) => ("page", slug),
    }
}

impl NukeViet {
    fn url(&self, module: &str, op: &str) -> String {
        match (self.rewrite, op.is_empty()) {
            (true, true) => format!("/{module}/"),
            (true, false) if module == "news" || op.starts_with("rss") => format!("/{module}/{op}/"),
            (true, false) => format!("/{module}/{op}.html"),
            (false, true) => format!("/index.php?language=vi&nv={module}"),
            (false, false) => format!("/index.php?language=vi&nv={module}&op={op}"),
        }
    }
}

impl Skin for NukeViet {
    fn section(&self, s: &Section) -> String {
        if s.slug == "en" {
            return if self.rewrite {
                "/en/".into()
            } else {
                "/index.php?language=en".into()
            };
        }
        let (m, op) = module(s);
        self.url(m, op)
    }
    fn item(&self, s: &Section, item: &Item) -> String {
        let (m, op) = module(s);
        let leaf = format!("{}-{}", item.slug, item.id);
        match (self.rewrite, op.is_empty()) {
            (true, true) => format!("/{m}/{leaf}.html"),
            (true, false) => format!("/{m}/{op}/{leaf}.html"),
            (false, true) => format!("/index.php?language=vi&nv={m}&op={leaf}"),
            (false, false) => format!("/index.php?language=vi&nv={m}&op={op}/{leaf}"),
        }
    }
    fn feed(&self, s: &Section) -> String {
        let (m, op) = module(s);
        if op.is_empty() {
            self.url(m, "rss")
        } else {
            self.url(m, &format!("rss/{op}"))
        }
    }
    fn feeds_page(&self) -> String {
        self.url("feeds", "")
    }
    fn search(&self) -> Search {
        if self.rewrite {
            Search {
                action: "/seek/".into(),
                param: "q",
                hidden: vec![],
                class: "form-search",
            }
        } else {
            Search {
                action: "/index.php".into(),
                param: "q",
                hidden: vec![("language", "vi"), ("nv", "seek")],
                class: "form-search",
            }
        }
    }
    fn search_query(&self, path: &str, query: Option<&str>) -> Option<String> {
        let s = self.search();
        let is_seek = self.rewrite || query_param(query, "nv").as_deref() == Some("seek");
        (path == s.action && is_seek).then(|| query_param(query, "q").unwrap_or_default())
    }
    fn disallow(&self) -> &'static [&'static str] {
        &["/data/", "/includes/", "/install/", "/modules/", "/admin/"]
    }
    fn head(&self, _: &Content) -> String {
        format!(
            "<meta name=\"generator\" content=\"NukeViet v4.5\">\n\
             <link rel=\"stylesheet\" href=\"/themes/egov/css/bootstrap.non-responsive.css\">\n\
             <link rel=\"stylesheet\" href=\"/themes/egov/css/style.css\">\n\
             <script data-show=\"inline\">var nv_base_siteurl=\"/\",nv_lang_data=\"vi\",nv_lang_interface=\"vi\",\
             nv_name_variable=\"nv\",nv_fc_variable=\"op\",nv_lang_variable=\"language\",nv_module_name=\"news\",\
             nv_func_name=\"main\",nv_is_user=0,nv_my_ofs=7,nv_my_abbr=\"+07\",nv_cookie_prefix=\"nv4\",\
             nv_area_admin=0,nv_rewrite={};</script>\n\
             <script src=\"/assets/js/jquery/jquery.min.js\"></script>\n<script src=\"/assets/js/global.js\"></script>\n\
             <script src=\"/themes/egov/js/main.js\"></script>\n",
            u8::from(self.rewrite)
        )
    }
    fn body(&self, c: &Content, p: &Parts) -> String {
        format!(
            "<body>\n<noscript><div class=\"alert alert-danger\">Trình duyệt của bạn đã tắt chức năng hỗ trợ JavaScript.</div></noscript>\n\
             <div class=\"body-bg\"><div class=\"wraper\"><header><div class=\"container\"><div id=\"header\" class=\"row\">\
             <div class=\"logo col-xs-24 col-sm-24 col-md-8\"><a title=\"{agency}\" href=\"/\"><img src=\"/uploads/logo.png\" alt=\"{agency}\"></a>\
             <span class=\"site_name\">{agency}</span><span class=\"site_description\">Trang thông tin điện tử</span></div>\
             <div class=\"col-xs-24 col-sm-24 col-md-16\"><div class=\"headerSearch\">{search}</div></div></div></div></header>\n\
             <nav class=\"second-nav\" id=\"menusite\"><div class=\"container\"><div class=\"row\"><div class=\"bg box-shadow\">\
             <div class=\"navbar navbar-default navbar-static-top\" role=\"navigation\"><ul class=\"nav navbar-nav menu\" id=\"menu-site-default\">{menu}</ul></div></div></div></div></nav>\n\
             <section><div class=\"container\" id=\"body\"><div class=\"row\"><div class=\"col-md-18\">{main}</div>\
             <div class=\"col-md-6\"><div class=\"panel panel-default\"><div class=\"panel-body\">{links}</div></div></div></div></div></section>\n\
             <footer id=\"footer\"><div class=\"wraper\"><div class=\"container\"><div class=\"row\"><div class=\"col-md-24\">{footer}</div></div>\
             <div class=\"copyright\">Powered by <a href=\"https://nukeviet.vn/\">NukeViet CMS</a></div></div></div></footer></div></div>\n</body>",
            agency = esc(&c.agency),
            search = p.search,
            menu = menu_items(&p.menu, "", ""),
            main = p.main,
            links = p.links,
            footer = p.footer,
        )
    }
    fn list(&self, s: &Section, items: &[&Item]) -> String {
        let mut out = String::from("<div class=\"news_column\">");
        for (n, i) in items.iter().enumerate() {
            let href = esc(&self.item(s, i));
            out.push_str(&format!(
                "<div class=\"panel panel-default\"><div class=\"panel-body{featured}\">\
                 <a href=\"{href}\" title=\"{title}\"><img alt=\"{title}\" src=\"/uploads/no-image.jpg\" width=\"170\" class=\"img-thumbnail pull-left imghome\"></a>\
                 <h3><a href=\"{href}\" title=\"{title}\">{title}</a></h3><div class=\"text-muted\"><ul class=\"list-unstyled list-inline\">\
                 <li><em class=\"fa fa-clock-o\">&nbsp;</em> {date}</li><li><em class=\"fa fa-eye\">&nbsp;</em> Đã xem: {views}</li></ul></div>\
                 <p>{summary}</p></div></div>",
                featured = if n == 0 { " featured" } else { "" },
                title = esc(&i.title),
                date = i.published.format("%d/%m/%Y %I:%M:%S %p"),
                views = 20 + i.id % 97,
                summary = esc(&i.summary),
            ));
        }
        out.push_str("</div>");
        out
    }
    fn article_date(&self, d: NaiveDateTime) -> String {
        // NukeViet prints the weekday in lower case after "Thứ": "Thứ tư - 18/11/2026 15:20".
        let wd = weekday_vi(d.weekday());
        let wd = match wd.split_once(' ') {
            Some((a, b)) => format!("{a} {}", b.to_lowercase()),
            None => wd.to_string(),
        };
        format!(
            "<div class=\"newsdetailmetatop\"><span class=\"h5\">{wd} - {}</span></div>",
            d.format("%d/%m/%Y %H:%M")
        )
    }
}
