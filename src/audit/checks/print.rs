//! Print and save on articles: a control on an article page (the sections' items, then pages the
//! crawl marked as articles) whose whole label is one of the criterion's synonyms, or whose
//! attributes carry one of its `markers.attrs`.

use super::{Check, Ctx, Home, ev, folded, lower};
use crate::audit::view::{Fetch, sel, visible_text};
use crate::rubric::Criterion;
use crate::snapshot::PageRole;
use crate::util::text::fold;
use url::Url;

/// Article pages to look at: the sections' items, then pages the crawl marked as articles or whose
/// URL reads like an article's (a long slug).
pub(super) fn article_pages(ctx: &Ctx) -> Vec<String> {
    let mut v: Vec<String> = ctx.article_urls.to_vec();
    let slugged = |u: &str| {
        Url::parse(u).is_ok_and(|x| {
            x.path()
                .rsplit('/')
                .find(|s| !s.is_empty())
                .is_some_and(|s| s.split('-').count() >= 5)
        })
    };
    v.extend(
        ctx.view
            .snapshot
            .pages
            .iter()
            .filter(|p| {
                p.is_ok_html() && ctx.view.is_internal(&p.url) && (p.role == PageRole::Article || slugged(&p.url))
            })
            .map(|p| p.url.clone()),
    );
    v
}

pub(super) fn print_save(c: &Criterion, ctx: &Ctx, _home: &Home) -> Check {
    let labels = folded(&c.synonyms);
    let attr_marks = lower(c.markers("attrs"));
    let mut looked = 0;
    let mut first = None;
    for u in &article_pages(ctx) {
        if looked >= 5 {
            break;
        }
        let Fetch::Ok(p) = ctx.view.fetch(u) else {
            continue;
        };
        let Some(h) = ctx.view.html(p) else { continue };
        looked += 1;
        first.get_or_insert(p.final_url.clone());
        for e in h.select(&sel("a, button, span, img, i, input")) {
            let v = e.value();
            let attrs = ["class", "id", "onclick", "href", "title", "alt"]
                .iter()
                .filter_map(|a| v.attr(a))
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase();
            let text = fold(&visible_text(e));
            let label = fold(v.attr("title").or(v.attr("alt")).unwrap_or(""));
            if attr_marks.iter().any(|m| attrs.contains(m.as_str()))
                || labels.contains(&text)
                || labels.contains(&label)
            {
                let what = if text.is_empty() { label } else { text };
                return Check::yes(
                    0.85,
                    vec![ev(&p.final_url, format!("bài viết có chức năng in/lưu (\"{what}\")"))],
                );
            }
        }
    }
    match first {
        Some(u) => Check::no(
            0.7,
            vec![ev(
                &u,
                format!("không thấy nút in hoặc lưu trên {looked} bài viết đã xem"),
            )],
        ),
        None => Check::unverified(vec![ev(
            &ctx.view.snapshot.start_url,
            "không có trang bài viết nào đã được thu thập để kiểm tra",
        )]),
    }
}
