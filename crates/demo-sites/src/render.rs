//! Turns a site's [`Content`] into pages through a platform [`Skin`]: home, section pages, articles
//! and their print views, search results, RSS feeds, the site map (page and sitemap.xml), robots.txt.
//! What every platform shares lives here; what differs (URLs, markup, date formats) is the skin's.
//!
//! Main items: [`pages`] (every page of a site) and [`search_results`] (answered per query).

use crate::content::{Body, Content, Document, Item, ScheduleDay, Section};
use crate::markup::{dmy, dmy_hm, esc, iso, weekday_dmy};
use crate::reply::Reply;
use crate::skin::{Parts, Skin};
use chrono::NaiveDateTime;
use ictrank_text::fold;
use std::collections::HashMap;

/// Dublin Core metadata of a page (TT 24/2011): title, creator, date, description, publisher, identifier.
struct Meta<'a> {
    title: &'a str,
    description: &'a str,
    date: Option<NaiveDateTime>,
    url: String,
}

fn page(c: &Content, skin: &dyn Skin, meta: Meta, main: String) -> Reply {
    let mut head = format!(
        "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} - {agency}</title>\n<meta name=\"description\" content=\"{desc}\">\n\
         <link rel=\"schema.DC\" href=\"http://purl.org/dc/elements/1.1/\">\n\
         <meta name=\"DC.title\" content=\"{title}\">\n<meta name=\"DC.creator\" content=\"{agency}\">\n\
         <meta name=\"DC.publisher\" content=\"{agency}\">\n<meta name=\"DC.description\" content=\"{desc}\">\n\
         <meta name=\"DC.identifier\" content=\"{url}\">\n<meta name=\"DC.language\" content=\"vi\">\n\
         <meta name=\"DC.type\" content=\"Text\">\n",
        title = esc(meta.title),
        agency = esc(&c.agency),
        desc = esc(meta.description),
        url = esc(&meta.url),
    );
    if let Some(d) = meta.date {
        head.push_str(&format!("<meta name=\"DC.date\" content=\"{}\">\n", iso(d)));
    }
    if c.has_rss
        && let Some(news) = c.section("tin-tuc")
    {
        head.push_str(&format!(
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{} - Tin tức\" href=\"{}\">\n",
            esc(&c.agency),
            esc(&skin.feed(news))
        ));
    }
    head.push_str(&skin.head(c));
    let parts = Parts {
        menu: menu(c, skin),
        search: if c.has_search { search_form(skin) } else { String::new() },
        main,
        footer: footer(c),
        links: links_box(c),
    };
    Reply::html(format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n{head}</head>\n{}\n</html>\n",
        skin.body(c, &parts)
    ))
}

fn absolute(c: &Content, path: &str) -> String {
    format!("http://{}{}", c.host, path)
}

/// The main menu: home, every section, the feeds page.
fn menu(c: &Content, skin: &dyn Skin) -> Vec<(String, String)> {
    let mut out = vec![(skin.home(), "Trang chủ".to_string())];
    out.extend(c.sections.iter().map(|s| (skin.section(s), s.title.clone())));
    if c.has_rss {
        out.push((skin.feeds_page(), "RSS".to_string()));
    }
    out
}

fn search_form(skin: &dyn Skin) -> String {
    let s = skin.search();
    let hidden: String = s
        .hidden
        .iter()
        .map(|(k, v)| format!("<input type=\"hidden\" name=\"{k}\" value=\"{v}\">"))
        .collect();
    format!(
        "<form class=\"{class}\" action=\"{action}\" method=\"get\" role=\"search\">{hidden}\
         <label for=\"search-box\" class=\"sr-only\">Tìm kiếm</label>\
         <input id=\"search-box\" type=\"text\" name=\"{param}\" placeholder=\"Nhập từ khóa tìm kiếm...\">\
         <button type=\"submit\">Tìm kiếm</button></form>",
        class = s.class,
        action = esc(&s.action),
        param = s.param,
    )
}

fn footer(c: &Content) -> String {
    let f = &c.footer;
    format!(
        "<p><strong>{}</strong></p><p>{}</p><p>{}</p><p>Địa chỉ: {}</p><p>Điện thoại: {} - Fax: {}</p>\
         <p>Thư điện tử: <a href=\"mailto:{email}\">{email}</a></p>\
         <p>Ghi rõ nguồn \"{}\" khi phát hành lại thông tin từ website này.</p>",
        esc(&c.agency),
        esc(&f.owner),
        esc(&f.responsible),
        esc(&f.address),
        f.phone,
        f.fax,
        esc(&c.agency),
        email = f.email,
    )
}

fn links_box(c: &Content) -> String {
    let mut out = String::from("<div class=\"lien-ket-website\"><h3>Liên kết website</h3><ul>");
    out.push_str("<li><a href=\"http://chinhphu.vn/\" title=\"Cổng Thông tin điện tử Chính phủ\">Cổng Thông tin điện tử Chính phủ</a></li>");
    for (name, url) in &c.links {
        out.push_str(&format!("<li><a href=\"{}\">{}</a></li>", esc(url), esc(name)));
    }
    out.push_str("</ul></div>");
    out
}

fn accessibility_tools() -> &'static str {
    "<div class=\"accessibility\" aria-label=\"Hỗ trợ người khuyết tật\">\
     <a href=\"#main-content\" class=\"skip-link\">Bỏ qua đến nội dung chính</a>\
     <button type=\"button\" class=\"font-up\" title=\"Tăng cỡ chữ\">A+</button>\
     <button type=\"button\" class=\"font-down\" title=\"Giảm cỡ chữ\">A-</button>\
     <button type=\"button\" class=\"contrast\" title=\"Chế độ tương phản cao\">Tương phản</button></div>"
}

/// Every page of a site (search results excepted).
pub fn pages(c: &Content, skin: &dyn Skin) -> HashMap<String, Reply> {
    let mut out = HashMap::new();
    let home = skin.home();
    if home != "/" {
        out.insert("/".to_string(), Reply::redirect(absolute(c, &home)));
    }
    out.insert(home.clone(), home_page(c, skin));
    for s in &c.sections {
        out.insert(skin.section(s), section_page(c, skin, s));
        if let Body::Documents(docs) = &s.body {
            for d in docs {
                out.insert(d.file.clone(), Reply::typed("application/pdf", pdf(&d.number)));
            }
        }
        if let Body::Items(items) = &s.body {
            for item in items {
                let path = skin.item(s, item);
                out.insert(skin.print(&path), print_page(c, s, item));
                out.insert(path.clone(), article_page(c, skin, s, item, &path));
            }
        }
    }
    if c.has_rss {
        out.insert(skin.feeds_page(), feeds_page(c, skin));
        for s in &c.sections {
            if let Body::Items(items) = &s.body {
                out.insert(
                    skin.feed(s),
                    Reply::typed("application/rss+xml; charset=utf-8", rss(c, skin, s, items)),
                );
            }
        }
    }
    if c.has_sitemap {
        // Pages only: no redirect, feed, file or print view.
        let mut urls: Vec<_> = out
            .iter()
            .filter(|(p, r)| r.status == 200 && r.content_type.starts_with("text/html") && !p.contains("print"))
            .map(|(p, _)| p.clone())
            .collect();
        urls.sort();
        out.insert(
            "/sitemap.xml".into(),
            Reply::typed("application/xml; charset=utf-8", sitemap_xml(c, &urls)),
        );
    }
    out.insert(
        "/robots.txt".into(),
        Reply::typed("text/plain; charset=utf-8", robots(c, skin)),
    );
    out
}

/// A one-page PDF standing for a document's file (its text is the document number).
fn pdf(title: &str) -> String {
    let ascii: String = ictrank_text::slug(title);
    format!(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
         3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n\
         4 0 obj<</Length {}>>stream\nBT /F1 12 Tf 72 770 Td ({ascii}) Tj ET\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        ascii.len() + 30
    )
}

fn robots(c: &Content, skin: &dyn Skin) -> String {
    let mut out = String::from("User-agent: *\n");
    for d in skin.disallow() {
        out.push_str(&format!("Disallow: {d}\n"));
    }
    if c.has_sitemap {
        out.push_str(&format!("\nSitemap: http://{}/sitemap.xml\n", c.host));
    }
    out
}

fn sitemap_xml(c: &Content, paths: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        out.push_str(&format!(
            "<url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
            esc(&absolute(c, p)),
            c.as_of.format("%Y-%m-%d")
        ));
    }
    out.push_str("</urlset>\n");
    out
}

fn rss(c: &Content, skin: &dyn Skin, s: &Section, items: &[Item]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>{} - {}</title>\n\
         <link>{}</link>\n<description>{}</description>\n<language>vi</language>\n",
        esc(&c.agency),
        esc(&s.title),
        esc(&absolute(c, &skin.section(s))),
        esc(&s.title)
    );
    for i in items {
        let link = absolute(c, &skin.item(s, i));
        out.push_str(&format!(
            "<item><title>{}</title><link>{link}</link><guid>{link}</guid><description>{}</description>\
             <pubDate>{}</pubDate></item>\n",
            esc(&i.title),
            esc(&i.summary),
            i.published.format("%a, %d %b %Y %H:%M:%S +0700"),
            link = esc(&link),
        ));
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

fn feeds_page(c: &Content, skin: &dyn Skin) -> Reply {
    let mut main = String::from(
        "<h1>RSS</h1><p>Tin được cung cấp theo chuẩn RSS 2.0 theo từng chuyên mục:</p><ul class=\"rss-list\">",
    );
    for s in &c.sections {
        if matches!(s.body, Body::Items(_)) {
            main.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                esc(&skin.feed(s)),
                esc(&s.title)
            ));
        }
    }
    main.push_str("</ul>");
    page(c, skin, meta(c, "RSS", "Kênh RSS", &skin.feeds_page()), main)
}

fn meta<'a>(c: &Content, title: &'a str, description: &'a str, path: &str) -> Meta<'a> {
    Meta {
        title,
        description,
        date: None,
        url: absolute(c, path),
    }
}

fn home_page(c: &Content, skin: &dyn Skin) -> Reply {
    let mut main = format!("{}<div id=\"main-content\">", accessibility_tools());
    for (slug, count) in [("tin-tuc", 6), ("chi-dao-dieu-hanh", 3), ("pho-bien-phap-luat", 3)] {
        if let Some(s) = c.section(slug)
            && let Body::Items(items) = &s.body
        {
            main.push_str(&format!(
                "<div class=\"home-block\"><h2 class=\"block-title\"><a href=\"{}\">{}</a></h2>{}</div>",
                esc(&skin.section(s)),
                esc(&s.title),
                skin.list(s, &items.iter().take(count).collect::<Vec<_>>())
            ));
        }
    }
    if let Some(s) = c.section("van-ban")
        && let Body::Documents(docs) = &s.body
    {
        main.push_str(&format!(
            "<div class=\"home-block\"><h2 class=\"block-title\"><a href=\"{}\">Văn bản mới</a></h2>{}</div>",
            esc(&skin.section(s)),
            documents_table(&docs[..3.min(docs.len())])
        ));
    }
    main.push_str("</div>");
    let title = format!("Trang thông tin điện tử {}", c.agency);
    page(c, skin, meta(c, &title, &title, &skin.home()), main)
}

fn section_page(c: &Content, skin: &dyn Skin, s: &Section) -> Reply {
    let mut main = format!("<h1 class=\"page-title\">{}</h1>", esc(&s.title));
    match &s.body {
        Body::Text(blocks) => {
            for (h, ps) in blocks {
                main.push_str(&format!("<h2>{}</h2>", esc(h)));
                for p in ps {
                    main.push_str(&format!("<p>{}</p>", esc(p)));
                }
            }
        }
        Body::Items(items) => {
            main.push_str(&skin.list(s, &items.iter().collect::<Vec<_>>()));
            if s.slug == "hoi-dap" {
                main.push_str(&form(
                    "Gửi câu hỏi",
                    &["Họ và tên", "Thư điện tử", "Tiêu đề", "Nội dung câu hỏi"],
                    &skin.section(s),
                ));
            }
        }
        Body::Documents(docs) => {
            if c.has_search {
                main.push_str(&format!(
                    "<form class=\"tim-kiem-van-ban\" action=\"{}\" method=\"get\"><h2>Tìm kiếm văn bản</h2>\
                     <label>Số ký hiệu <input type=\"text\" name=\"so_ky_hieu\"></label>\
                     <label>Trích yếu <input type=\"text\" name=\"trich_yeu\"></label>\
                     <label>Loại văn bản <select name=\"loai\"><option>Quyết định</option><option>Kế hoạch</option>\
                     <option>Công văn</option></select></label><button type=\"submit\">Tìm kiếm</button></form>",
                    esc(&skin.section(s))
                ));
            }
            main.push_str(&documents_table(docs));
        }
        Body::Schedule(days) => main.push_str(&schedule(days)),
        Body::Procedures(list) => {
            main.push_str(
                "<table class=\"table thu-tuc\"><thead><tr><th>STT</th><th>Tên thủ tục</th><th>Mức độ</th>\
                           <th>Ngày cập nhật</th></tr></thead><tbody>",
            );
            for (n, (name, level, updated)) in list.iter().enumerate() {
                main.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>Mức độ {level}</td><td>{}</td></tr>",
                    n + 1,
                    esc(name),
                    dmy(*updated)
                ));
            }
            main.push_str("</tbody></table>");
        }
        Body::Form(fields) => main.push_str(&form("Gửi phản ánh, kiến nghị", fields, &skin.section(s))),
        Body::SiteMap => {
            main.push_str("<ul class=\"so-do-cong\">");
            for (href, label) in menu(c, skin) {
                main.push_str(&format!("<li><a href=\"{}\">{}</a></li>", esc(&href), esc(&label)));
            }
            main.push_str("<li><a href=\"/sitemap.xml\">Sơ đồ XML cho máy tìm kiếm</a></li></ul>");
        }
    }
    let path = skin.section(s);
    page(c, skin, meta(c, &s.title, &s.title, &path), main)
}

fn form(title: &str, fields: &[impl AsRef<str>], action: &str) -> String {
    let mut out = format!(
        "<form class=\"form-gui\" method=\"post\" action=\"{}\"><h2>{}</h2>",
        esc(action),
        esc(title)
    );
    for (n, f) in fields.iter().enumerate() {
        out.push_str(&format!(
            "<p><label for=\"f{n}\">{}</label><input id=\"f{n}\" type=\"text\" name=\"field{n}\"></p>",
            esc(f.as_ref())
        ));
    }
    out.push_str("<button type=\"submit\">Gửi</button></form>");
    out
}

fn documents_table(docs: &[Document]) -> String {
    let posted = docs.iter().any(|d| d.posted.is_some());
    let mut out = format!(
        "<table class=\"table van-ban\"><thead><tr><th>Số ký hiệu</th><th>Ngày ban hành</th>{}<th>Ngày hiệu lực</th>\
         <th>Trích yếu</th><th>Tải về</th></tr></thead><tbody>",
        if posted { "<th>Ngày đăng</th>" } else { "" }
    );
    for d in docs {
        let posted_cell = match (posted, d.posted) {
            (false, _) => String::new(),
            (true, Some(p)) => format!("<td>{}</td>", dmy(p)),
            (true, None) => "<td></td>".to_string(),
        };
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td>{posted_cell}<td>{}</td><td>{}</td><td><a href=\"{}\" title=\"Tải về {}\">Tải về</a></td></tr>",
            esc(&d.number),
            dmy(d.issued),
            dmy(d.effective),
            esc(&d.summary),
            esc(&d.file),
            esc(&d.number)
        ));
    }
    out.push_str("</tbody></table>");
    out
}

fn schedule(days: &[ScheduleDay]) -> String {
    let (first, last) = (days.first().map(|d| d.date), days.last().map(|d| d.date));
    let mut out = String::new();
    if let (Some(f), Some(l)) = (first, last) {
        out.push_str(&format!(
            "<h2>Lịch công tác tuần từ ngày {} đến ngày {}</h2>",
            dmy(f),
            dmy(l)
        ));
    }
    out.push_str("<table class=\"table lich-cong-tac\"><thead><tr><th>Ngày</th><th>Thời gian</th><th>Nội dung</th></tr></thead><tbody>");
    for d in days {
        for (n, (time, what)) in d.entries.iter().enumerate() {
            let day = if n == 0 {
                format!("<td rowspan=\"{}\">{}</td>", d.entries.len(), weekday_dmy(d.date))
            } else {
                String::new()
            };
            out.push_str(&format!("<tr>{day}<td>{time}</td><td>{}</td></tr>", esc(what)));
        }
    }
    out.push_str("</tbody></table>");
    out
}

fn article_page(c: &Content, skin: &dyn Skin, s: &Section, item: &Item, path: &str) -> Reply {
    let mut main = format!(
        "<article class=\"article-detail\"><p class=\"breadcrumb\"><a href=\"{}\">{}</a></p><h1 class=\"article-title\">{}</h1>{}\
         <div class=\"article-summary\"><strong>{}</strong></div><div class=\"article-body\">",
        esc(&skin.section(s)),
        esc(&s.title),
        esc(&item.title),
        skin.article_date(item.published),
        esc(&item.summary)
    );
    for p in item.paragraphs.iter().skip(1) {
        main.push_str(&format!("<p>{}</p>", esc(p)));
    }
    main.push_str(&format!(
        "<p><img src=\"/uploads/anh/{}.jpg\" alt=\"Ảnh minh họa: {}\" width=\"600\"></p></div>\
         <div class=\"article-tools\"><a class=\"print\" href=\"{}\" rel=\"nofollow\" title=\"In bài viết\">In bài viết</a> \
         <a class=\"email\" href=\"mailto:?subject={}\" title=\"Gửi email\">Gửi email</a> \
         <a class=\"save\" href=\"{}\" download title=\"Lưu bài viết\">Lưu bài viết</a></div></article>",
        item.id,
        esc(&item.title),
        esc(&skin.print(path)),
        esc(&item.slug),
        esc(&skin.print(path)),
    ));
    page(
        c,
        skin,
        Meta {
            title: &item.title,
            description: &item.summary,
            date: Some(item.published),
            url: absolute(c, path),
        },
        main,
    )
}

fn print_page(c: &Content, s: &Section, item: &Item) -> Reply {
    let body: String = item.paragraphs.iter().map(|p| format!("<p>{}</p>", esc(p))).collect();
    Reply::html(format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta name=\"robots\" content=\"noindex\"></head><body onload=\"window.print()\" class=\"print-view\">\
         <p>{agency} - {section}</p><h1>{title}</h1><p>Ngày đăng: {date}</p>{body}</body></html>",
        title = esc(&item.title),
        agency = esc(&c.agency),
        section = esc(&s.title),
        date = dmy_hm(item.published),
    ))
}

/// Search results for `query` over item titles and summaries (case- and diacritic-insensitive).
pub fn search_results(c: &Content, skin: &dyn Skin, query: &str) -> Reply {
    let q = fold(query);
    let found: Vec<_> = c
        .all_items()
        .into_iter()
        .filter(|(_, i)| !q.is_empty() && (fold(&i.title).contains(&q) || fold(&i.summary).contains(&q)))
        .collect();
    let mut main = format!(
        "<h1 class=\"page-title\">Kết quả tìm kiếm</h1><p>Tìm thấy {} kết quả cho từ khóa \"{}\".</p><ul class=\"search-results\">",
        found.len(),
        esc(query)
    );
    for (s, i) in found.iter().take(20) {
        main.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <span class=\"date\">{}</span></li>",
            esc(&skin.item(s, i)),
            esc(&i.title),
            dmy(i.published.date())
        ));
    }
    main.push_str("</ul>");
    let action = skin.search().action;
    page(c, skin, meta(c, "Kết quả tìm kiếm", "Kết quả tìm kiếm", &action), main)
}
