//! Checks of the markup and naming of the site: Unicode (the declared character set), accessibility
//! basics (image alt texts, `lang`, headings), Dublin Core meta elements, the .gov.vn host name
//! (`markers.domains`), and dates on news items (role `news`) with a footer naming the owner (the
//! criterion's synonyms) and giving an address and a phone or e-mail.

use super::contacts::{contact_in, footer_text};
use super::links::under_domain;
use super::{Check, Ctx, Home, ev, folded, lower};
use crate::audit::view::{Fetch, sel};
use crate::rubric::Criterion;
use crate::util::text::fold;
use scraper::Html;

pub(super) fn unicode(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    let (html, home) = (home.html, home.page);
    let meta = html
        .select(&sel("meta[charset], meta[http-equiv]"))
        .filter_map(|m| m.value().attr("charset").or(m.value().attr("content")))
        .collect::<Vec<_>>()
        .join(" ");
    let declared = format!(
        "{} {} {}",
        home.charset.as_deref().unwrap_or(""),
        home.header("content-type").unwrap_or(""),
        meta
    )
    .to_ascii_lowercase();
    if declared.contains("utf-8") || declared.contains("utf8") || declared.contains("utf-16") {
        return Check::yes(0.95, vec![ev(&home.final_url, "trang dùng bảng mã Unicode (UTF-8)")]);
    }
    if home.charset.as_deref().is_some_and(|c| !c.is_empty()) || !declared.trim().is_empty() {
        return Check::no(
            0.8,
            vec![ev(&home.final_url, format!("bảng mã khai báo: {}", declared.trim()))],
        );
    }
    Check::no(0.5, vec![ev(&home.final_url, "không khai báo bảng mã")])
}

pub(super) fn accessibility(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    let (html, url) = (home.html, home.url);
    let imgs: Vec<_> = html.select(&sel("img")).collect();
    let with_alt = imgs
        .iter()
        .filter(|i| i.value().attr("alt").is_some_and(|a| !a.trim().is_empty()))
        .count();
    let share = if imgs.is_empty() {
        1.0
    } else {
        with_alt as f64 / imgs.len() as f64
    };
    let lang = html
        .select(&sel("html"))
        .next()
        .and_then(|h| h.value().attr("lang"))
        .map(str::to_string);
    let headings = html.select(&sel("h1, h2, h3")).count();
    let note = format!(
        "{with_alt}/{} ảnh có văn bản thay thế ({:.0}%); thuộc tính lang: {}; {headings} tiêu đề h1–h3",
        imgs.len(),
        share * 100.0,
        lang.as_deref().unwrap_or("không có")
    );
    let ok = share >= 0.8 && lang.is_some() && headings > 0;
    // Contrast and font-size controls need a browser: the automatic reading is only partial.
    if ok {
        Check::yes(0.7, vec![ev(url, note)])
    } else {
        Check::no(0.7, vec![ev(url, note)])
    }
}

pub(super) fn dublin_core(_c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let (html, url) = (home.html, home.url);
    let mut names = std::collections::BTreeSet::new();
    let mut scan = |h: &Html| {
        for m in h.select(&sel("meta[name]")) {
            let n = m.value().attr("name").unwrap_or("").to_ascii_lowercase();
            if let Some(el) = n.strip_prefix("dc.").or(n.strip_prefix("dcterms.")) {
                names.insert(el.to_string());
            }
        }
    };
    scan(html);
    if let Some(u) = ctx.article_urls.first()
        && let Fetch::Ok(p) = ctx.view.fetch(u)
        && let Some(h) = ctx.view.html(p)
    {
        scan(&h);
    }
    let list = names.iter().cloned().collect::<Vec<_>>().join(", ");
    if names.len() >= 3 {
        Check::yes(0.9, vec![ev(url, format!("thẻ Dublin Core: {list}"))])
    } else if names.is_empty() {
        Check::no(0.9, vec![ev(url, "không có thẻ meta Dublin Core (DC.*)")])
    } else {
        Check::no(0.6, vec![ev(url, format!("chỉ có {list}"))])
    }
}

pub(super) fn gov_domain(c: &Criterion, ctx: &Ctx, _home: &Home) -> Check {
    let host = ctx.view.host();
    let url = ctx.view.snapshot.start_url.as_str();
    let domains = lower(c.markers("domains"));
    let Some(domain) = domains
        .iter()
        .find(|d| under_domain(&host, d) && host != d.trim_start_matches('.'))
    else {
        let names = domains
            .iter()
            .map(|d| format!(".{}", d.trim_start_matches('.')))
            .collect::<Vec<_>>();
        return Check::no(
            0.95,
            vec![ev(url, format!("tên miền {host} không thuộc {}", names.join(", ")))],
        );
    };
    let domain = domain.trim_start_matches('.');
    // The agency and the province, then the domain: tencoquan.tentinh.gov.vn.
    let before = host.split('.').count() - domain.split('.').count();
    if before >= 2 {
        Check::yes(
            0.95,
            vec![ev(url, format!("tên miền {host} theo dạng tencoquan.tentinh.{domain}"))],
        )
    } else {
        Check::yes(0.75, vec![ev(url, format!("tên miền {host} thuộc .{domain}"))])
    }
}

pub(super) fn dates_and_footer(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let (html, url) = (home.html, home.url);
    let total = ctx.news_items.len();
    let dated = ctx
        .news_items
        .iter()
        .filter(|i| i.date_source == Some("danh sách"))
        .count();
    let dates_ok = total > 0 && dated * 2 >= total;
    let f = footer_text(html);
    let ff = fold(&f);
    let owner = folded(&c.synonyms).iter().any(|w| ff.contains(w.as_str()));
    // A responsible person, when the rubric names the words (`markers.responsible`): an owner or a
    // licence number alone does not say who answers for the site.
    let responsible = c.markers("responsible");
    let answers = responsible.is_empty() || folded(responsible).iter().any(|w| ff.contains(w.as_str()));
    let contact = contact_in(c, &f);
    let footer_ok = owner && answers && (contact.phone || contact.email) && contact.address;
    let mut e = vec![ev(url, format!("{dated}/{total} tin trong danh sách có ngày đăng"))];
    e.push(ev(
        url,
        format!(
            "chân trang: {}cơ quan chủ quản/người chịu trách nhiệm, {}địa chỉ, {}điện thoại, {}thư điện tử",
            if owner && answers { "có " } else { "thiếu " },
            if contact.address { "có " } else { "thiếu " },
            if contact.phone { "có " } else { "thiếu " },
            if contact.email { "có " } else { "thiếu " }
        ),
    ));
    if dates_ok && footer_ok {
        Check::yes(0.8, e)
    } else {
        Check::no(0.7, e)
    }
}
