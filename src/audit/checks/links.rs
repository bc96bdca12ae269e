//! Checks read from the home page's links: an English version (a link that leads to a page in
//! English), online public services and their statistics, and links to other state agencies'
//! sites. The labels, URL words and domains are the criterion's synonyms, slugs and markers.

use super::{Check, Ctx, Home, ev, folded, lower};
use crate::audit::sections::match_link;
use crate::audit::view::{Fetch, link_label, links, sel, visible_text};
use crate::rubric::Criterion;
use crate::util::text::fold;
use url::Url;

/// Whether `host` is `domain` or under it.
pub(super) fn under_domain(host: &str, domain: &str) -> bool {
    let d = domain.trim_start_matches('.');
    !d.is_empty() && (host == d || host.ends_with(&format!(".{d}")))
}

pub(super) fn english_version(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let (html, url) = (home.html, home.url);
    let Ok(base) = Url::parse(url) else {
        return Check::no(0.5, vec![]);
    };
    let labels = folded(&c.synonyms);
    let segments = lower(&c.slugs);
    let suffixes = lower(c.markers("path_suffixes"));
    let classes = lower(c.markers("classes"));
    let english_words = lower(c.markers("words"));
    let mut targets: Vec<(String, String)> = Vec::new();
    // The language code is HTML's, not the rubric's: `hreflang="en…"`.
    for l in html.select(&sel("link[hreflang], a[hreflang]")) {
        if l.value()
            .attr("hreflang")
            .is_some_and(|h| h.to_ascii_lowercase().starts_with("en"))
            && let Some(u) = l.value().attr("href").and_then(|h| base.join(h).ok())
        {
            targets.push((u.to_string(), "liên kết hreflang=en".into()));
        }
    }
    for a in html.select(&sel("a[href]")) {
        let label = fold(&link_label(a));
        let class = format!(
            "{} {}",
            a.value().attr("class").unwrap_or(""),
            a.value().attr("id").unwrap_or("")
        )
        .to_ascii_lowercase();
        let href = a.value().attr("href").unwrap_or("");
        let path_hit = base.join(href).is_ok_and(|u| {
            u.path().split('/').any(|s| {
                let s = s.trim_end_matches(".html").to_ascii_lowercase();
                segments.contains(&s) || suffixes.iter().any(|x| s.ends_with(x.as_str()))
            })
        });
        if (labels.contains(&label) || classes.iter().any(|k| class.contains(k.as_str())) || path_hit)
            && let Ok(u) = base.join(href)
        {
            targets.push((
                u.to_string(),
                format!("liên kết \"{}\"", if label.is_empty() { href } else { &label }),
            ));
        }
    }
    let mut unfetched = None;
    for (t, how) in &targets {
        match ctx.view.fetch(t) {
            Fetch::Ok(p) => {
                let text = ctx
                    .view
                    .html(p)
                    .and_then(|h| h.select(&sel("body")).next().map(visible_text))
                    .unwrap_or_default();
                let english = text
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| english_words.contains(&w.to_lowercase()))
                    .count();
                let lang_en = ctx.view.html(p).is_some_and(|h| {
                    h.select(&sel("html"))
                        .next()
                        .and_then(|e| e.value().attr("lang"))
                        .is_some_and(|l| l.to_ascii_lowercase().starts_with("en"))
                });
                if english >= 5 || lang_en {
                    return Check::yes(0.85, vec![ev(t, format!("phiên bản tiếng Anh ({how})"))]);
                }
            }
            Fetch::NotFetched | Fetch::Failed(_) => unfetched = Some((t.clone(), how.clone())),
            Fetch::Missing(_) => {}
        }
    }
    if let Some((t, how)) = unfetched {
        return Check::yes(
            0.5,
            vec![ev(
                &t,
                format!("có {how} tới bản tiếng Anh nhưng trang chưa được thu thập để xác nhận"),
            )],
        );
    }
    if !targets.is_empty() {
        return Check::no(
            0.6,
            vec![ev(&targets[0].0, "liên kết tiếng Anh không dẫn tới trang tiếng Anh")],
        );
    }
    Check::no(0.8, vec![ev(url, "không có liên kết tới bản tiếng Anh")])
}

pub(super) fn online_services(c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    let (html, url) = (home.html, home.url);
    let fragments = lower(c.markers("urls"));
    for l in links(html, url) {
        let u = l.url.to_ascii_lowercase();
        let by_url = fragments.iter().any(|k| u.contains(k.as_str()));
        if by_url || match_link(c, &l.label, &l.url).is_some_and(|(s, _)| s >= 0.7) {
            return Check::yes(
                0.85,
                vec![ev(
                    &l.url,
                    format!(
                        "liên kết dịch vụ công \"{}\"",
                        if l.label.is_empty() { &l.url } else { &l.label }
                    ),
                )],
            );
        }
    }
    Check::no(
        0.75,
        vec![ev(url, "không có mục hoặc liên kết dịch vụ công trực tuyến")],
    )
}

pub(super) fn online_service_stats(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let (html, url) = (home.html, home.url);
    for l in links(html, url) {
        if match_link(c, &l.label, &l.url).is_some_and(|(s, _)| s >= 0.6) {
            return Check::yes(0.7, vec![ev(&l.url, format!("liên kết \"{}\"", l.label))]);
        }
    }
    let text = fold(&ctx.view.own_text(home.page));
    for w in c.markers("text") {
        let f = fold(w);
        if !f.is_empty() && text.contains(f.as_str()) {
            return Check::yes(0.65, vec![ev(url, format!("trang chủ có \"{w}\""))]);
        }
    }
    Check::no(
        0.5,
        vec![ev(
            url,
            "không thấy thống kê, tra cứu hồ sơ dịch vụ công trên trang (có thể nằm ở cổng dịch vụ công)",
        )],
    )
}

pub(super) fn gov_links(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let (html, url) = (home.html, home.url);
    let own = ctx.view.host();
    let domains = lower(c.markers("domains"));
    let mut hosts: Vec<(String, String)> = Vec::new();
    for l in links(html, url) {
        if let Some(h) = Url::parse(&l.url)
            .ok()
            .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()))
            && domains.iter().any(|d| under_domain(&h, d))
            && h != own
            && !hosts.iter().any(|x| x.0 == h)
        {
            hosts.push((h, l.url));
        }
    }
    if hosts.is_empty() {
        return Check::no(
            0.8,
            vec![ev(url, "không có liên kết tới trang của cơ quan nhà nước khác")],
        );
    }
    let names: Vec<_> = hosts.iter().take(5).map(|h| h.0.clone()).collect();
    Check::yes(
        0.9,
        vec![ev(
            &hosts[0].1,
            format!(
                "{} trang cơ quan nhà nước được liên kết: {}",
                hosts.len(),
                names.join(", ")
            ),
        )],
    )
}
