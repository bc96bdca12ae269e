//! Checks that a section exists: the feedback channel (found and live, better with a form or an
//! e-mail address to write to; else a form linked from the home page that offers it by name) and
//! questions and answers (found and live), both by the criterion's synonyms and slugs through
//! [`crate::audit::sections::find_section`]. When nothing is found, the evidence says what was read.

use super::{Check, Ctx, Home, ev, folded};
use crate::audit::sections::{SectionFind, find_section, search_trace};
use crate::audit::view::{Fetch, sel, visible_text};
use crate::rubric::Criterion;
use crate::snapshot::Page;
use crate::util::text::fold;

pub(super) fn feedback_channel(c: &Criterion, ctx: &Ctx, _home: &Home) -> Check {
    section_check(ctx, c, true)
}

pub(super) fn qa(c: &Criterion, ctx: &Ctx, _home: &Home) -> Check {
    section_check(ctx, c, false)
}

/// A section that must exist: found and live → yes; `want_form`: less sure without a way to write.
fn section_check(ctx: &Ctx, c: &Criterion, want_form: bool) -> Check {
    match find_section(ctx.view, ctx.prof, c) {
        SectionFind::Found { cand, page, notes, .. } => {
            let mut e = vec![ev(&cand.url, format!("mục tìm thấy theo {}", cand.how))];
            e.extend(notes.iter().map(|n| ev(&cand.url, n.clone())));
            let form = ctx.view.html(page).is_some_and(|h| {
                h.select(&sel("textarea, form input[type=text], a[href^='mailto:']"))
                    .next()
                    .is_some()
            });
            if want_form && form {
                e.push(ev(&page.final_url, "có biểu mẫu hoặc thư điện tử tiếp nhận"));
            }
            let conf = if cand.score >= 0.8 { 0.9 } else { 0.65 };
            Check::yes(if want_form && !form { conf - 0.15 } else { conf }, e)
        }
        SectionFind::Broken { notes } => Check::no(
            0.7,
            notes.into_iter().map(|n| ev(&ctx.view.snapshot.start_url, n)).collect(),
        ),
        SectionFind::Unverified { notes } => {
            Check::unverified(notes.into_iter().map(|n| ev(&ctx.view.snapshot.start_url, n)).collect())
        }
        SectionFind::NotFound => {
            if want_form && let Some((page, offered)) = form_offering(ctx, c) {
                return Check::yes(
                    0.75,
                    vec![ev(
                        &page.final_url,
                        format!("biểu mẫu trên trang có mục «{offered}»: kênh tiếp nhận"),
                    )],
                );
            }
            let start = &ctx.view.snapshot.start_url;
            Check::no(
                0.7,
                std::iter::once("không tìm thấy mục này trong trình đơn và liên kết".to_string())
                    .chain(search_trace(ctx.view, c))
                    .map(|n| ev(start, n))
                    .collect(),
            )
        }
    }
}

/// Pages linked from the home page searched for a form at most.
const MAX_FORM_PAGES: usize = 60;

/// A page linked from the home page whose form offers the criterion by name — an option, a label
/// or a legend reading exactly one of its synonyms ("Phản ánh, kiến nghị" among a contact form's
/// topics) — with the text offered.
fn form_offering<'a>(ctx: &Ctx<'_, 'a>, c: &Criterion) -> Option<(&'a Page, String)> {
    let names = folded(&c.synonyms);
    let fields = sel("form option, form label, form legend");
    let mut seen = std::collections::HashSet::new();
    let links = ctx.view.home_links();
    let pages = links
        .iter()
        .filter(|l| ctx.view.is_internal(&l.url) && seen.insert(l.url.clone()))
        .filter_map(|l| match ctx.view.fetch(&l.url) {
            Fetch::Ok(p) if p.is_ok_html() => Some(p),
            _ => None,
        })
        .take(MAX_FORM_PAGES);
    for p in ctx.view.home().into_iter().chain(pages) {
        let Some(html) = ctx.view.html(p) else { continue };
        for e in html.select(&fields) {
            let text = visible_text(e);
            if names.contains(&fold(&text)) {
                return Some((p, text.trim().to_string()));
            }
        }
    }
    None
}
