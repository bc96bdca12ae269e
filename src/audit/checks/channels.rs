//! How the public reaches the agency: the contact point of Luật TCTT Đ19.1.đ (the agency's address,
//! phone and e-mail, and the focal point for information requests), the spokesperson of NĐ 244/2026
//! Đ4 (named with a phone or e-mail), the official social-media channels of NĐ 244/2026 Đ5.2 (links
//! to social hosts that are not share buttons) and the satisfaction-rating widget of NĐ 224 Đ10.3.b
//! (a small block naming a rating with a control to answer it). The words are the criterion's.

use super::contacts::{contact_in, footer_text};
use super::print::article_pages;
use super::{Check, Ctx, Home, describe, ev, excerpt, folded, host_named, host_of, lower, site_pages};
use crate::audit::contacts::{has_email, has_phone};
use crate::audit::sections::{SectionFind, find_section};
use crate::audit::view::{Fetch, sel, text_blocks, visible_text};
use crate::rubric::Criterion;
use crate::snapshot::Page;
use crate::util::text::fold;
use scraper::{ElementRef, Html};

/// Containers small enough to be one block of a page (a contact box, a widget).
const BLOCKS: &str = "p, li, td, dd, div, section, aside, form, fieldset, footer, table";

/// The smallest block of `html` whose text holds one of `words` (the criterion's, folded before
/// matching) and that passes `accept`, with the word as the rubric writes it; blocks longer than
/// `max_chars` are a page's layout, not a block.
fn block_with<'h>(
    html: &'h Html,
    words: &[String],
    max_chars: usize,
    accept: impl Fn(ElementRef<'h>, &str) -> bool,
) -> Option<(ElementRef<'h>, String)> {
    let words: Vec<(String, &String)> = words
        .iter()
        .map(|w| (fold(w), w))
        .filter(|(f, _)| !f.is_empty())
        .collect();
    // Most pages name none of the words: one pass over the page spares the per-block reading.
    let all = fold(&html.root_element().text().collect::<String>());
    if !words.iter().any(|(w, _)| all.contains(w.as_str())) {
        return None;
    }
    let mut best: Option<(ElementRef<'h>, String, usize)> = None;
    for e in html.select(&sel(BLOCKS)) {
        let text = visible_text(e);
        let n = text.chars().count();
        if n > max_chars || best.as_ref().is_some_and(|b| n >= b.2) {
            continue;
        }
        let f = fold(&text);
        if let Some((_, w)) = words.iter().find(|(w, _)| f.contains(w.as_str()))
            && accept(e, &text)
        {
            best = Some((e, (*w).clone(), n));
        }
    }
    best.map(|(e, w, _)| (e, w))
}

/// The pages a person-facing item is looked for on: the criterion's section first, then the home
/// page and the rest of the crawl.
fn pages_for<'a>(ctx: &Ctx<'_, 'a>, c: &Criterion) -> Vec<&'a Page> {
    let mut v = Vec::new();
    if !c.synonyms.is_empty()
        && let SectionFind::Found { page, .. } = find_section(ctx.view, ctx.prof, c)
    {
        v.push(page);
    }
    for p in site_pages(ctx) {
        if !v.iter().any(|x| x.url == p.url) {
            v.push(p);
        }
    }
    v
}

pub(super) fn contact_point(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let url = home.url;
    let mut e = Vec::new();
    // The agency's own contact details: the footer, else the contact page.
    let foot = contact_in(c, &footer_text(home.html));
    let mut agency = foot.address && foot.phone && foot.email;
    if agency {
        e.push(ev(url, "chân trang có địa chỉ, điện thoại và thư điện tử của cơ quan"));
    } else if let SectionFind::Found { cand, page, .. } = find_section(ctx.view, ctx.prof, c)
        && let Some(h) = ctx.view.html(page)
    {
        let t = h.select(&sel("body")).next().map(visible_text).unwrap_or_default();
        let p = contact_in(c, &t);
        agency = p.address && p.phone && p.email;
        e.push(ev(
            &cand.url,
            if agency {
                "trang liên hệ có địa chỉ, điện thoại và thư điện tử của cơ quan".to_string()
            } else {
                let missing: Vec<&str> = [
                    ("địa chỉ", p.address),
                    ("điện thoại", p.phone),
                    ("thư điện tử", p.email),
                ]
                .iter()
                .filter(|(_, ok)| !ok)
                .map(|(n, _)| *n)
                .collect();
                format!("trang liên hệ thiếu {}", missing.join(", "))
            },
        ));
    } else {
        e.push(ev(
            url,
            "chân trang thiếu địa chỉ, điện thoại hoặc thư điện tử; không tìm thấy trang liên hệ",
        ));
    }
    // The focal point: a block naming it with a phone or an e-mail.
    let focal = c.markers("focal");
    let mut found = None;
    for p in pages_for(ctx, c).into_iter().take(30) {
        let Some(h) = ctx.view.html(p) else { continue };
        if let Some((b, w)) = block_with(&h, focal, 1500, |_, t| has_phone(t) || has_email(t)) {
            found = Some((
                p.final_url.clone(),
                format!("{} nêu \"{w}\": {}", describe(b), excerpt(&visible_text(b), 160)),
            ));
            break;
        }
    }
    match &found {
        Some((u, note)) => e.push(ev(u, format!("đầu mối tiếp nhận yêu cầu cung cấp thông tin: {note}"))),
        None => e.push(ev(
            url,
            "không thấy người hoặc bộ phận đầu mối tiếp nhận yêu cầu cung cấp thông tin kèm điện thoại hoặc thư điện tử",
        )),
    }
    if agency && found.is_some() {
        Check::yes(0.85, e)
    } else {
        Check::no(0.7, e)
    }
}

pub(super) fn spokesperson(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let words = &c.synonyms;
    let mut named_only = None;
    for p in pages_for(ctx, c).into_iter().take(30) {
        let Some(h) = ctx.view.html(p) else { continue };
        if let Some((b, w)) = block_with(&h, words, 1500, |_, t| has_phone(t) || has_email(t)) {
            return Check::yes(
                0.75,
                vec![ev(
                    &p.final_url,
                    format!(
                        "{} nêu \"{w}\" kèm liên hệ: {}",
                        describe(b),
                        excerpt(&visible_text(b), 200)
                    ),
                )],
            );
        }
        if named_only.is_none()
            && let Some((b, w)) = block_with(&h, words, 1500, |_, _| true)
        {
            named_only = Some(ev(
                &p.final_url,
                format!(
                    "{} nêu \"{w}\" nhưng không có điện thoại hoặc thư điện tử: {}",
                    describe(b),
                    excerpt(&visible_text(b), 160)
                ),
            ));
        }
    }
    match named_only {
        Some(e) => Check::no(0.6, vec![e]),
        None => Check::no(
            0.7,
            vec![ev(
                home.url,
                "không thấy thông tin người phát ngôn trên các trang đã thu thập",
            )],
        ),
    }
}

pub(super) fn social_channels(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let hosts = lower(c.markers("hosts"));
    let exclude = lower(c.markers("exclude"));
    let mut found: Vec<(String, String)> = Vec::new();
    for l in ctx.view.home_links().iter() {
        let Some(h) = host_of(&l.url) else { continue };
        let lower_url = l.url.to_ascii_lowercase();
        // A channel is a page of the network, not its home page or a share button.
        let has_path = url::Url::parse(&l.url)
            .is_ok_and(|u| u.path().trim_matches('/').len() > 1 || u.query().is_some_and(|q| q.contains("id=")));
        if hosts.iter().any(|m| host_named(&h, m))
            && has_path
            && !exclude.iter().any(|x| lower_url.contains(x.as_str()))
            && !found.iter().any(|f| f.1 == l.url)
        {
            found.push((l.label.clone(), l.url.clone()));
        }
    }
    if found.is_empty() {
        return Check::no(
            0.75,
            vec![ev(
                home.url,
                "trang chủ không có liên kết đến trang, tài khoản mạng xã hội của cơ quan",
            )],
        );
    }
    let list = found
        .iter()
        .take(6)
        .map(|(label, u)| {
            if label.is_empty() {
                u.clone()
            } else {
                format!("\"{label}\" → {u}")
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    Check::yes(
        0.8,
        vec![ev(home.url, format!("kênh mạng xã hội công bố trên trang chủ: {list}"))],
    )
}

/// Interactive controls a rating widget answers with.
const CONTROLS: &str = "input, button, select, textarea, a[onclick], [role=radio], [role=radiogroup], [role=slider]";

pub(super) fn satisfaction_rating(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let words = folded(&c.synonyms);
    let attrs = lower(c.markers("attrs"));
    let rating_attr = |e: ElementRef| {
        let v = e.value();
        let a = [v.attr("class"), v.attr("id"), v.attr("name")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        attrs.iter().any(|m| a.contains(m.as_str()))
    };
    // A widget: a block naming the rating that holds a control (or a rating-named element).
    let widget = |h: &Html| {
        block_with(h, &c.synonyms, 800, |b, _| {
            b.select(&sel(CONTROLS)).next().is_some() || b.descendants().filter_map(ElementRef::wrap).any(rating_attr)
        })
        .map(|(b, w)| {
            format!(
                "{} nêu \"{w}\" có ô chọn hoặc nút đánh giá: {}",
                describe(b),
                excerpt(&visible_text(b), 160)
            )
        })
    };
    let mut pages: Vec<String> = vec![home.url.to_string()];
    pages.extend(article_pages(ctx).into_iter().take(5));
    let mut looked = 0usize;
    for u in &pages {
        let Fetch::Ok(p) = ctx.view.fetch(u) else { continue };
        let Some(h) = ctx.view.html(p) else { continue };
        looked += 1;
        if let Some(note) = widget(&h) {
            return Check::yes(0.85, vec![ev(&p.final_url, note)]);
        }
    }
    // A home link named as the rating, leading to a page with a form.
    for l in ctx.view.home_links().iter() {
        let f = fold(&l.label);
        if let Some(w) = words.iter().find(|w| f.contains(w.as_str())) {
            let form = match ctx.view.fetch(&l.url) {
                Fetch::Ok(p) => ctx
                    .view
                    .html(p)
                    .is_some_and(|h| h.select(&sel("form, input, select, iframe")).next().is_some()),
                _ => false,
            };
            let note = format!(
                "trang chủ có liên kết \"{}\" (\"{w}\") → {}{}",
                l.label,
                l.url,
                if form {
                    "; trang đích có biểu mẫu"
                } else {
                    "; chưa xem được biểu mẫu ở trang đích"
                }
            );
            return Check::yes(if form { 0.75 } else { 0.55 }, vec![ev(home.url, note)]);
        }
    }
    let blocks_named = text_blocks(home.html.root_element())
        .iter()
        .any(|t| words.iter().any(|w| fold(t).contains(w.as_str())));
    Check::no(
        if blocks_named { 0.6 } else { 0.75 },
        vec![ev(
            home.url,
            format!(
                "không thấy ô đánh giá mức độ hài lòng về thông tin trên trang chủ và {} bài viết đã xem",
                looked.saturating_sub(1)
            ),
        )],
    )
}
