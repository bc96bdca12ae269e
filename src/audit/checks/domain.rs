//! Where the site stands among the province's sites (NĐ 224 Đ11; Luật TCTT Đ19.4): its host name
//! against the pattern `<agency>.<province>.gov.vn` / `<commune>.<province>.gov.vn` (the commune's
//! label is its official name without diacritics), whether it is a component of the provincial
//! portal (host under the portal's, a link to the portal, a header or footer naming it, assets shared
//! with it, a link back when the portal's pages were crawled), and its links to subordinate units'
//! sites. The unit's official name and the province's label come from [`super::UnitFacts`]; without
//! them these checks say what they could not verify.

use super::contacts::footer_text;
use super::links::under_domain;
use super::{Check, Ctx, Home, describe, ev, folded, host_of, lower};
use crate::audit::view::{links, sel, visible_text};
use crate::rubric::Criterion;
use crate::util::text::fold;

/// The domain label of a unit's official name: folded, the leading words of `prefixes` ("xã",
/// "phường", "ủy ban nhân dân") removed, the rest joined ("Phường Quy Nhơn Nam" → "quynhonnam").
pub fn name_label(name: &str, prefixes: &[String]) -> String {
    let mut f = fold(name);
    let mut prefixes = folded(prefixes);
    prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
    loop {
        let before = f.len();
        for p in &prefixes {
            if let Some(rest) = f.strip_prefix(p.as_str()).and_then(|r| r.strip_prefix(' ')) {
                f = rest.to_string();
                break;
            }
        }
        if f.len() == before {
            break;
        }
    }
    f.replace(' ', "")
}

pub(super) fn domain_pattern(c: &Criterion, ctx: &Ctx, _home: &Home) -> Check {
    let host = ctx.view.host();
    let url = ctx.view.snapshot.start_url.as_str();
    let domains = lower(c.markers("domains"));
    let Some(domain) = domains
        .iter()
        .map(|d| d.trim_start_matches('.'))
        .find(|d| under_domain(&host, d))
    else {
        let names: Vec<String> = domains
            .iter()
            .map(|d| format!(".{}", d.trim_start_matches('.')))
            .collect();
        return Check::no(
            0.95,
            vec![ev(url, format!("tên miền {host} không thuộc {}", names.join(", ")))],
        );
    };
    let labels: Vec<&str> = host
        .strip_suffix(domain)
        .unwrap_or("")
        .trim_end_matches('.')
        .split('.')
        .collect();
    let commune = ctx.unit.kind == "commune";
    let form = if commune {
        format!("tenphuongxa.tentinhthanh.{domain}")
    } else {
        format!("tencoquan.tentinhthanh.{domain}")
    };
    if labels.len() != 2 || labels.iter().any(|l| l.is_empty()) {
        return Check::no(
            0.9,
            vec![ev(
                url,
                format!("tên miền {host} không theo dạng {form} (cần đúng hai nhãn trước .{domain})"),
            )],
        );
    }
    let (own, province) = (labels[0], labels[1]);
    let mut notes = Vec::new();
    let mut sure = true;
    match ctx.unit.province_label.as_deref() {
        Some(p) if p != province => {
            return Check::no(
                0.9,
                vec![ev(
                    url,
                    format!("tên miền {host}: nhãn tỉnh \"{province}\" khác tên miền tỉnh \"{p}.{domain}\""),
                )],
            );
        }
        Some(_) => notes.push(format!("nhãn tỉnh \"{province}\" đúng")),
        None => {
            sure = false;
            notes.push(format!(
                "chưa biết tên miền tỉnh của đợt đánh giá: không đối chiếu được nhãn tỉnh \"{province}\""
            ));
        }
    }
    if commune {
        match ctx.unit.name.as_deref() {
            Some(name) => {
                let want = name_label(name, c.markers("name_prefixes"));
                if own != want {
                    return Check::no(
                        0.85,
                        vec![ev(
                            url,
                            format!(
                                "tên miền {host}: nhãn \"{own}\" khác tên xã, phường không dấu \"{want}\" (từ tên chính thức \"{name}\")"
                            ),
                        )],
                    );
                }
                notes.push(format!("nhãn \"{own}\" là tên chính thức \"{name}\" không dấu"));
            }
            None => {
                sure = false;
                notes.push(
                    "chưa có tên chính thức của xã, phường trong danh sách đơn vị: không đối chiếu được nhãn".into(),
                );
            }
        }
    } else {
        // tencoquan may be an abbreviation or the full name, Vietnamese or English: only its form
        // can be read.
        notes.push(format!(
            "nhãn cơ quan \"{own}\" (tên viết tắt hoặc đầy đủ: không đối chiếu)"
        ));
    }
    let note = format!("tên miền {host} theo dạng {form}; {}", notes.join("; "));
    Check::yes(if sure { 0.9 } else { 0.55 }, vec![ev(url, note)])
}

pub(super) fn provincial_portal(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let url = home.url;
    let Some(label) = ctx.unit.province_label.as_deref() else {
        return Check::unverified(vec![ev(
            url,
            "không kiểm tra được: chưa biết cổng thông tin điện tử tỉnh (tên miền tỉnh) của đợt đánh giá",
        )]);
    };
    let domains = lower(c.markers("domains"));
    let portals: Vec<String> = domains
        .iter()
        .map(|d| format!("{label}.{}", d.trim_start_matches('.')))
        .collect();
    let is_portal = |h: &str| portals.iter().any(|p| h == p);
    let host = ctx.view.host();
    let mut e = Vec::new();
    let under = portals.iter().any(|p| under_domain(&host, p));
    e.push(ev(
        url,
        if under {
            format!("tên miền {host} thuộc tên miền cổng tỉnh {}", portals.join(", "))
        } else {
            format!("tên miền {host} không thuộc tên miền cổng tỉnh {}", portals.join(", "))
        },
    ));
    // A link to the portal's own host, anywhere on the home page.
    let to_portal = ctx
        .view
        .home_links()
        .iter()
        .find(|l| host_of(&l.url).is_some_and(|h| is_portal(&h)))
        .cloned();
    if let Some(l) = &to_portal {
        e.push(ev(
            url,
            format!("trang chủ có liên kết đến cổng tỉnh: \"{}\" → {}", l.label, l.url),
        ));
    } else {
        e.push(ev(url, "trang chủ không có liên kết đến cổng tỉnh"));
    }
    // A header or footer that names the portal.
    let words = folded(c.markers("text"));
    let mut named = None;
    for e_ in home.html.select(&sel(
        "header, footer, #header, #footer, .header, .footer, [class*=banner], [id*=banner]",
    )) {
        let t = fold(&visible_text(e_));
        if let Some(w) = words.iter().find(|w| t.contains(w.as_str())) {
            named = Some(format!("{} nêu \"{w}\"", describe(e_)));
            break;
        }
    }
    if named.is_none() {
        let t = fold(&footer_text(home.html));
        named = words
            .iter()
            .find(|w| t.contains(w.as_str()))
            .map(|w| format!("chân trang nêu \"{w}\""));
    }
    match &named {
        Some(n) => e.push(ev(url, format!("đầu trang/chân trang gắn với cổng tỉnh: {n}"))),
        None => e.push(ev(url, "đầu trang, chân trang không nêu cổng thông tin điện tử tỉnh")),
    }
    // Assets (style sheets, scripts) served by the portal: the shared platform.
    let shared = home
        .html
        .select(&sel("link[href], script[src]"))
        .filter_map(|x| x.value().attr("href").or(x.value().attr("src")))
        .filter_map(|u| url::Url::parse(url).ok()?.join(u).ok())
        .find(|u| u.host_str().is_some_and(|h| is_portal(h.trim_start_matches("www."))));
    if let Some(u) = &shared {
        e.push(ev(url, format!("dùng chung nền tảng với cổng tỉnh: tài nguyên {u}")));
    }
    // The link back, when the crawl holds a page of the portal.
    let portal_page = ctx
        .view
        .snapshot
        .pages
        .iter()
        .find(|p| p.is_ok_html() && host_of(&p.final_url).is_some_and(|h| is_portal(&h)));
    let back = match portal_page.and_then(|p| ctx.view.html(p).map(|h| (p, h))) {
        Some((p, h)) => {
            let found = links(&h, &p.final_url)
                .into_iter()
                .find(|l| host_of(&l.url).is_some_and(|x| x == host));
            match &found {
                Some(l) => e.push(ev(
                    &p.final_url,
                    format!("cổng tỉnh có liên kết ngược: \"{}\" → {}", l.label, l.url),
                )),
                None => e.push(ev(
                    &p.final_url,
                    format!("trang cổng tỉnh đã thu thập không có liên kết đến {host}"),
                )),
            }
            Some(found.is_some())
        }
        None => {
            e.push(ev(
                url,
                "không kiểm tra được liên kết ngược: trang cổng tỉnh không có trong lần thu thập",
            ));
            None
        }
    };
    let component = under || shared.is_some();
    let tied = to_portal.is_some() || named.is_some();
    match (component && tied, back) {
        (true, Some(true)) => Check::yes(0.9, e),
        (true, None) => Check::yes(0.7, e),
        (true, Some(false)) => Check::no(0.75, e),
        (false, _) => Check::no(if component || tied { 0.7 } else { 0.85 }, e),
    }
}

pub(super) fn subordinate_links(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let url = home.url;
    let own = ctx.view.host();
    let domains = lower(c.markers("domains"));
    let province: Option<Vec<String>> = ctx.unit.province_label.as_deref().map(|p| {
        domains
            .iter()
            .map(|d| format!("{p}.{}", d.trim_start_matches('.')))
            .collect()
    });
    let mut found: Vec<(String, String, &'static str)> = Vec::new();
    for l in ctx.view.home_links().iter() {
        let Some(h) = host_of(&l.url) else { continue };
        if h == own || !domains.iter().any(|d| under_domain(&h, d)) || found.iter().any(|f| f.0 == h) {
            continue;
        }
        let kind = if under_domain(&h, &own) {
            "đơn vị trực thuộc"
        } else if province.as_ref().is_some_and(|ps| ps.iter().any(|p| &h == p)) {
            "cổng tỉnh"
        } else if province
            .as_ref()
            .is_some_and(|ps| ps.iter().any(|p| under_domain(&h, p)))
        {
            "trang cùng tỉnh"
        } else {
            "cơ quan nhà nước khác"
        };
        found.push((h, l.url.clone(), kind));
    }
    // A unit's own subdomain or the province portal is sure; another site of the province may be a
    // subordinate unit's (a centre under the department) or a sister agency's: a person confirms.
    let sure: Vec<&(String, String, &str)> = found
        .iter()
        .filter(|f| f.2 == "đơn vị trực thuộc" || f.2 == "cổng tỉnh")
        .collect();
    let close: Vec<&(String, String, &str)> = found.iter().filter(|f| f.2 != "cơ quan nhà nước khác").collect();
    let list = |v: &[&(String, String, &str)]| {
        v.iter()
            .take(6)
            .map(|(h, _, k)| format!("{h} ({k})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !close.is_empty() {
        let mut e = vec![ev(
            url,
            format!("trang chủ liên kết đến {} trang: {}", close.len(), list(&close)),
        )];
        e.extend(close.iter().take(3).map(|(_, u, k)| ev(u, format!("liên kết {k}"))));
        if sure.is_empty() {
            e.push(ev(
                url,
                "chỉ có trang cùng tỉnh: có thể là đơn vị trực thuộc hoặc cơ quan ngang cấp, cần người xác nhận",
            ));
            return Check::yes(0.55, e);
        }
        return Check::yes(0.85, e);
    }
    let all: Vec<&(String, String, &str)> = found.iter().collect();
    if province.is_none() && !all.is_empty() {
        // Without the province, a subordinate unit's site cannot be told from another agency's.
        return Check::yes(
            0.55,
            vec![ev(
                url,
                format!(
                    "trang chủ liên kết đến {}; chưa biết tên miền tỉnh nên không phân biệt được đơn vị trực thuộc",
                    list(&all)
                ),
            )],
        );
    }
    Check::no(
        0.75,
        vec![ev(
            url,
            if all.is_empty() {
                "trang chủ không liên kết đến trang của cơ quan nhà nước nào".to_string()
            } else {
                format!(
                    "trang chủ chỉ liên kết đến {}: không có đơn vị trực thuộc, cổng tỉnh",
                    list(&all)
                )
            },
        )],
    )
}
