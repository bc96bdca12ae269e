//! Metadata on the home page and articles (NĐ 224 Đ11.5, Đ3.24; TT 24/2011 Đ6): for each page read,
//! its `<title>`, `meta description`, Dublin Core `DC.*`/`DCTERMS.*` elements, OpenGraph `og:*`
//! properties and JSON-LD blocks that parse. The decree names no schema, so any of the three
//! structured schemes counts; the home page needs a title, a description and one scheme, every
//! article read a title and a description or a scheme.

use super::print::article_pages;
use super::{Check, Ctx, Home, ev};
use crate::audit::view::{Fetch, sel};
use scraper::Html;

/// The metadata one page carries.
#[derive(Default)]
struct Meta {
    title: bool,
    description: bool,
    dc: Vec<String>,
    og: Vec<String>,
    json_ld: Vec<String>,
}

impl Meta {
    fn read(h: &Html) -> Meta {
        let mut m = Meta {
            title: h
                .select(&sel("title"))
                .next()
                .is_some_and(|t| !t.text().collect::<String>().trim().is_empty()),
            ..Meta::default()
        };
        for e in h.select(&sel("meta")) {
            let v = e.value();
            let content = v.attr("content").is_some_and(|c| !c.trim().is_empty());
            if !content {
                continue;
            }
            let name = v.attr("name").unwrap_or("").to_ascii_lowercase();
            let prop = v.attr("property").unwrap_or("").to_ascii_lowercase();
            if name == "description" {
                m.description = true;
            }
            if let Some(el) = name.strip_prefix("dc.").or(name.strip_prefix("dcterms.")) {
                m.dc.push(el.to_string());
            }
            if let Some(el) = prop.strip_prefix("og:").or(name.strip_prefix("og:")) {
                m.og.push(el.to_string());
            }
        }
        for s in h.select(&sel("script[type]")) {
            if !s
                .value()
                .attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
            {
                continue;
            }
            let text: String = s.text().collect();
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                let types = |v: &serde_json::Value| v.get("@type").map(|t| t.to_string().replace('"', ""));
                let t = match &v {
                    serde_json::Value::Array(a) => a.iter().filter_map(types).collect::<Vec<_>>().join(", "),
                    _ => types(&v).unwrap_or_else(|| "không rõ @type".into()),
                };
                m.json_ld.push(t);
            }
        }
        m.dc.sort();
        m.dc.dedup();
        m.og.sort();
        m.og.dedup();
        m
    }

    /// A structured scheme: three DC elements, two OpenGraph properties or a JSON-LD block.
    fn structured(&self) -> bool {
        self.dc.len() >= 3 || self.og.len() >= 2 || !self.json_ld.is_empty()
    }

    fn note(&self) -> String {
        let yes_no = |b: bool| if b { "có" } else { "không có" };
        let list = |v: &[String]| {
            if v.is_empty() {
                "không có".to_string()
            } else {
                v.join(", ")
            }
        };
        format!(
            "title: {}; description: {}; DC.*: {}; OpenGraph og:*: {}; JSON-LD: {}",
            yes_no(self.title),
            yes_no(self.description),
            list(&self.dc),
            list(&self.og),
            list(&self.json_ld)
        )
    }
}

pub(super) fn page_metadata(_c: &crate::rubric::Criterion, ctx: &Ctx, home: &Home) -> Check {
    let hm = Meta::read(home.html);
    let home_ok = hm.title && hm.description && hm.structured();
    let mut e = vec![ev(home.url, format!("trang chủ — {}", hm.note()))];
    let mut read = 0;
    let mut failing = 0;
    for u in article_pages(ctx) {
        if read >= 3 {
            break;
        }
        let Fetch::Ok(p) = ctx.view.fetch(&u) else { continue };
        if p.final_url == home.url || e.iter().any(|x| x.url == p.final_url) {
            continue;
        }
        let Some(h) = ctx.view.html(p) else { continue };
        read += 1;
        let m = Meta::read(&h);
        if !(m.title && (m.description || m.structured())) {
            failing += 1;
        }
        e.push(ev(&p.final_url, format!("bài viết — {}", m.note())));
    }
    if read == 0 {
        e.push(ev(
            home.url,
            "không có trang bài viết nào đã thu thập: chỉ xét trang chủ",
        ));
    }
    match (home_ok, failing) {
        (true, 0) => Check::yes(if read > 0 { 0.9 } else { 0.7 }, e),
        (false, _) => Check::no(0.85, e),
        (true, n) => {
            e.push(ev(
                home.url,
                format!("{n}/{read} bài viết thiếu tiêu đề hoặc mô tả, dữ liệu đặc tả"),
            ));
            Check::no(0.75, e)
        }
    }
}
