//! Checks that a section exists: the feedback channel (found and live, better with a form or an
//! e-mail address to write to) and questions and answers (found and live), both by the criterion's
//! synonyms and slugs through [`crate::audit::sections::find_section`].

use super::{Check, Ctx, Home, ev};
use crate::audit::sections::{SectionFind, find_section};
use crate::audit::view::sel;
use crate::rubric::Criterion;

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
        SectionFind::NotFound => Check::no(
            0.7,
            vec![ev(
                &ctx.view.snapshot.start_url,
                "không tìm thấy mục này trong trình đơn và liên kết",
            )],
        ),
    }
}
