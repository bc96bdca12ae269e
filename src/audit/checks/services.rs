//! Online public services on the portal: the TTHC/DVC section integrated from the national DVC
//! portal or the province's (NĐ 224 Đ9.1.a; Luật CĐS Đ32.1) — links or embedded frames going to a
//! DVC host (`markers.hosts`) on the home page or the section found by the criterion's synonyms —
//! and the six service-quality items of Luật CĐS Đ34.2, found as candidates (a link label or a
//! page's text naming an item, one marker set per item) for a person to confirm.

use super::{Check, Ctx, Home, describe, ev, folded, host_named, host_of, lower, site_pages};
use crate::audit::sections::{SectionFind, find_section_where};
use crate::audit::view::{links, sel, visible_text};
use crate::rubric::Criterion;
use crate::util::text::fold;
use scraper::Html;
use url::Url;

/// Links and frames of `html` that go to a host named by `hosts`: (what, URL).
fn dvc_targets(html: &Html, base: &str, hosts: &[String]) -> Vec<(String, String)> {
    let named = |u: &str| host_of(u).is_some_and(|h| hosts.iter().any(|m| host_named(&h, m)));
    let mut out: Vec<(String, String)> = links(html, base)
        .into_iter()
        .filter(|l| named(&l.url))
        .map(|l| {
            let what = if l.label.is_empty() {
                "liên kết không nhãn".to_string()
            } else {
                format!("liên kết \"{}\"", l.label)
            };
            (what, l.url)
        })
        .collect();
    let b = Url::parse(base).ok();
    for f in html.select(&sel("iframe[src], embed[src], object[data], form[action]")) {
        let v = f.value();
        let Some(src) = v.attr("src").or(v.attr("data")).or(v.attr("action")) else {
            continue;
        };
        let Some(u) = b.as_ref().and_then(|b| b.join(src).ok()) else {
            continue;
        };
        if named(u.as_str()) {
            out.push((format!("khung nhúng {}", describe(f)), u.to_string()));
        }
    }
    out
}

pub(super) fn public_services_integration(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let hosts = lower(c.markers("hosts"));
    let national = |u: &str| host_of(u).is_some_and(|h| hosts.first().is_some_and(|m| host_named(&h, m)));
    let mut e = Vec::new();
    let mut targets = dvc_targets(home.html, home.url, &hosts);
    let mut where_ = home.url.to_string();
    if targets.is_empty() {
        // The section's page may be only a frame of the DVC portal: it qualifies by its DVC links
        // as well as by text of its own.
        let qualifies = |p: &crate::snapshot::Page| {
            let linked = ctx
                .view
                .html(p)
                .is_some_and(|h| !dvc_targets(&h, &p.final_url, &hosts).is_empty());
            if linked || ctx.view.own_text(p).chars().count() >= 40 {
                Ok(())
            } else {
                Err("trang không có nội dung riêng và không liên kết đến cổng dịch vụ công".to_string())
            }
        };
        match find_section_where(ctx.view, ctx.prof, c, &qualifies) {
            SectionFind::Found { cand, page, .. } => {
                e.push(ev(&cand.url, format!("chuyên mục TTHC/DVC tìm thấy theo {}", cand.how)));
                if let Some(h) = ctx.view.html(page) {
                    targets = dvc_targets(&h, &page.final_url, &hosts);
                    where_ = page.final_url.clone();
                } else if host_of(&cand.url).is_some_and(|h| hosts.iter().any(|m| host_named(&h, m))) {
                    // The section's menu entry itself goes to the DVC portal.
                    targets.push((format!("mục \"{}\"", cand.label), cand.url.clone()));
                }
            }
            SectionFind::Unverified { notes } => {
                return Check::unverified(vec![ev(
                    home.url,
                    format!("không tải được chuyên mục TTHC/DVC: {}", notes.join("; ")),
                )]);
            }
            _ => e.push(ev(
                home.url,
                "không tìm thấy chuyên mục thủ tục hành chính, dịch vụ công",
            )),
        }
    }
    if targets.is_empty() {
        e.push(ev(
            &where_,
            "không có liên kết hoặc khung nhúng đến Cổng Dịch vụ công quốc gia hay cổng DVC tỉnh",
        ));
        return Check::no(0.75, e);
    }
    let nat = targets.iter().any(|(_, u)| national(u));
    let list = targets
        .iter()
        .take(4)
        .map(|(w, u)| format!("{w} → {u}"))
        .collect::<Vec<_>>()
        .join("; ");
    e.push(ev(
        &where_,
        format!(
            "{} liên kết hoặc khung nhúng đến {}: {list}",
            targets.len(),
            if nat {
                "Cổng Dịch vụ công quốc gia"
            } else {
                "cổng dịch vụ công của tỉnh"
            }
        ),
    ));
    Check::yes(if nat { 0.9 } else { 0.8 }, e)
}

/// The Đ34.2 items: marker set and Vietnamese name.
const ITEMS: [(&str, &str); 6] = [
    ("commitment", "a) cam kết chất lượng dịch vụ"),
    ("realtime", "b) chỉ số giám sát chất lượng theo thời gian thực"),
    ("incidents", "c) cơ chế phản hồi và xử lý sự cố"),
    ("improvement", "d) kết quả cải thiện chất lượng dịch vụ"),
    ("effectiveness", "đ) hiệu quả sử dụng dịch vụ"),
    ("satisfaction", "e) mức độ hài lòng của người dân, doanh nghiệp"),
];

pub(super) fn service_quality(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let home_links = ctx.view.home_links();
    let pages = site_pages(ctx);
    let texts: Vec<(&str, String)> = pages
        .iter()
        .take(40)
        .filter_map(|p| {
            let h = ctx.view.html(p)?;
            let t = h.select(&sel("body")).next().map(visible_text).unwrap_or_default();
            Some((p.final_url.as_str(), fold(&t)))
        })
        .collect();
    let mut e = Vec::new();
    let mut missing = Vec::new();
    for (set, name) in ITEMS {
        let words = folded(c.markers(set));
        let by_link = home_links.iter().find_map(|l| {
            let f = fold(&l.label);
            words.iter().find(|w| f.contains(w.as_str())).map(|w| (l, w))
        });
        if let Some((l, w)) = by_link {
            e.push(ev(
                &l.url,
                format!("{name}: ứng viên — liên kết \"{}\" trên trang chủ (\"{w}\")", l.label),
            ));
            continue;
        }
        let by_text = texts
            .iter()
            .find_map(|(u, t)| words.iter().find(|w| t.contains(w.as_str())).map(|w| (*u, w)));
        match by_text {
            Some((u, w)) => e.push(ev(u, format!("{name}: ứng viên — trang nêu \"{w}\""))),
            None => missing.push(name),
        }
    }
    if !missing.is_empty() {
        e.push(ev(
            home.url,
            format!("không thấy trên {} trang đã xem: {}", texts.len(), missing.join("; ")),
        ));
    }
    e.push(ev(home.url, "bán tự động: các ứng viên cần cán bộ đánh giá xác nhận"));
    // Candidates only: a person confirms either way.
    if missing.is_empty() {
        Check::yes(0.5, e)
    } else {
        Check::no(0.5, e)
    }
}
