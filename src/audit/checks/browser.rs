//! The checks that need a browser: load times (first and largest contentful paint, full display,
//! long tasks), the mobile layout and automated WCAG checks. They read what the browser stage
//! measured on the site's sample ([`crate::browser::findings::SiteFindings`], in
//! [`super::UnitFacts::browser`]); where it did not run or could not measure, they are "could not
//! verify" — never 0.
//!
//! The load-time limits are the criterion's `limit_ms` in the rubric (the Bộ KH&CN 2025 criteria's:
//! first content < 3 s, largest content < 4 s, full display < 5.8 s, every task < 0.6 s); the
//! worst sampled page decides, and the evidence quotes the limit used.

use super::{Check, Ctx, Home, ev};
use crate::audit::model::Evidence;
use crate::browser::accessibility::rule_vi;
use crate::browser::findings::{PageFindings, Perf, SiteFindings};
use crate::rubric::{CheckName, Criterion};
use crate::util::vnformat::decimal;

/// The note of a phone screenshot's evidence (its URL is the image file).
pub const SCREENSHOT_NOTE: &str = "ảnh chụp màn hình ở khổ điện thoại";

/// A load-time check: what it measures and how to read it from a page's median.
struct Timing {
    what: &'static str,
    read: fn(&Perf) -> Option<f64>,
}

fn timing(name: CheckName) -> Option<Timing> {
    Some(match name {
        CheckName::FirstContentfulPaint => Timing {
            what: "hiển thị nội dung đầu tiên (FCP)",
            read: |p| p.fcp_ms,
        },
        CheckName::LargestContentfulPaint => Timing {
            what: "hiển thị phần nội dung lớn nhất (LCP)",
            read: |p| p.lcp_ms,
        },
        CheckName::FullDisplayTime => Timing {
            what: "hiển thị đầy đủ màn hình đầu (ước tính kiểu Speed Index)",
            read: |p| p.full_display_ms,
        },
        CheckName::LongTasks => Timing {
            what: "tác vụ dài nhất khi tải trang",
            read: |p| Some(p.longest_task_ms),
        },
        _ => return None,
    })
}

/// Seconds, Vietnamese style ("2,35 giây").
fn secs(ms: f64) -> String {
    format!("{} giây", decimal(ms / 1000.0, 2))
}

/// The findings to judge from, or the unverified check that says why there are none.
fn findings<'f>(ctx: &'f Ctx, home: &Home) -> Result<&'f SiteFindings, Check> {
    match ctx.unit.browser.as_deref() {
        None => Err(Check::unverified(vec![ev(
            home.url,
            "không kiểm tra được: bước trình duyệt chưa chạy với trang này (--browser off, hoặc lượt chấm không có bước trình duyệt)",
        )])),
        Some(f) => match &f.error {
            Some(why) => Err(Check::unverified(vec![ev(
                home.url,
                format!("không kiểm tra được: {why}"),
            )])),
            None => Ok(f),
        },
    }
}

/// Where and how the measure was taken, the first piece of evidence of each browser check.
fn setting(f: &SiteFindings, home: &Home) -> Evidence {
    let mut note = format!(
        "đo bằng {} không giao diện; trung vị của {} lần tải mỗi trang; mạng: {}",
        f.browser, f.loads, f.network
    );
    if !f.pacing.is_empty() {
        note = format!("{note}; {}", f.pacing);
    }
    ev(home.url, note)
}

/// First/largest contentful paint, full display, long tasks.
pub(super) fn load_time(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let f = match findings(ctx, home) {
        Ok(f) => f,
        Err(ck) => return ck,
    };
    // the rubric loader makes sure a load-time check has its limit
    let (Some(t), Some(limit_ms)) = (c.check.and_then(timing), c.limit_ms) else {
        return Check::unverified(vec![ev(
            home.url,
            "tiêu chí không phải tiêu chí thời gian tải có ngưỡng (limit_ms)",
        )]);
    };
    let limit_ms = f64::from(limit_ms);
    let mut evidence = vec![setting(f, home)];
    let mut measured = 0;
    let mut all_pass = true;
    for p in &f.pages {
        let Some(value) = p.perf.as_ref().and_then(t.read) else {
            evidence.push(page_gap(p, t.what));
            continue;
        };
        measured += 1;
        let pass = value < limit_ms;
        all_pass &= pass;
        let runs: Vec<String> = p
            .perf
            .iter()
            .flat_map(|x| &x.runs)
            .filter_map(|r| {
                let one = Perf {
                    fcp_ms: r.fcp_ms,
                    lcp_ms: r.lcp_ms,
                    full_display_ms: r.full_display_ms,
                    longest_task_ms: r.longest_task_ms,
                    ..Perf::default()
                };
                (t.read)(&one).map(secs)
            })
            .collect();
        evidence.push(ev(
            &p.url,
            format!(
                "{}: {} {} (trung vị; các lần: {}); ngưỡng dưới {} (limit_ms của tiêu chí) — {}",
                p.sample.label(),
                t.what,
                secs(value),
                runs.join("; "),
                secs(limit_ms),
                if pass { "đạt" } else { "không đạt" }
            ),
        ));
    }
    if measured == 0 {
        return Check::unverified(evidence);
    }
    if all_pass {
        Check::yes(0.9, evidence)
    } else {
        Check::no(0.9, evidence)
    }
}

/// Evidence for a sampled page the measure is missing on.
fn page_gap(p: &PageFindings, what: &str) -> Evidence {
    let why = if p.errors.is_empty() {
        "trình duyệt không ghi nhận".to_string()
    } else {
        p.errors.join("; ")
    };
    ev(&p.url, format!("{}: không đo được {what} ({why})", p.sample.label()))
}

/// A viewport meta tag and no horizontal overflow at a phone's width; the screenshot as evidence.
pub(super) fn mobile_layout(_c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let f = match findings(ctx, home) {
        Ok(f) => f,
        Err(ck) => return ck,
    };
    let mut evidence = vec![setting(f, home)];
    let (mut measured, mut all_fit) = (0, true);
    for p in &f.pages {
        let Some(m) = &p.mobile else {
            evidence.push(page_gap(p, "giao diện điện thoại"));
            continue;
        };
        measured += 1;
        all_fit &= m.fits();
        let meta = match &m.viewport_meta {
            Some(v) => format!("có thẻ meta viewport \"{v}\""),
            None => "không có thẻ meta viewport".to_string(),
        };
        let overflow = if m.scroll_width > m.width + 1 {
            format!("trang rộng {} px, phải cuộn ngang", m.scroll_width)
        } else {
            "không phải cuộn ngang".to_string()
        };
        evidence.push(ev(
            &p.url,
            format!(
                "{} ở khổ điện thoại {} px: {meta}, {overflow} — {}",
                p.sample.label(),
                m.width,
                if m.fits() { "đạt" } else { "không đạt" }
            ),
        ));
        // the screenshot file is evidence of its own (the scorecard shows it)
        if let Some(shot) = &m.screenshot {
            evidence.push(ev(
                shot,
                format!("{}: {SCREENSHOT_NOTE} {} px", p.sample.label(), m.width),
            ));
        }
    }
    match (measured, all_fit) {
        (0, _) => Check::unverified(evidence),
        (_, true) => Check::yes(0.9, evidence),
        (_, false) => Check::no(0.9, evidence),
    }
}

/// axe-core's WCAG 2.0/2.1 A and AA rules: met when no sampled page breaks any. Automatic rules
/// cover only part of WCAG, so a pass is given with less confidence than a failure.
pub(super) fn accessibility_wcag(_c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let f = match findings(ctx, home) {
        Ok(f) => f,
        Err(ck) => return ck,
    };
    let mut evidence = vec![setting(f, home)];
    let (mut measured, mut violations) = (0, 0);
    for p in &f.pages {
        let Some(a) = &p.a11y else {
            evidence.push(page_gap(p, "khả năng tiếp cận"));
            continue;
        };
        measured += 1;
        violations += a.violations.len();
        if a.violations.is_empty() {
            evidence.push(ev(
                &p.url,
                format!(
                    "{}: axe-core {} không thấy vi phạm WCAG 2.x mức A/AA nào",
                    p.sample.label(),
                    a.axe_version
                ),
            ));
        }
        for v in &a.violations {
            let name = rule_vi(&v.id).map_or(String::new(), |n| format!("{n}; "));
            evidence.push(ev(
                &p.url,
                format!(
                    "{}: vi phạm WCAG ({}): {name}{} phần tử, mức {} — ví dụ {} [axe-core {}: {}]",
                    p.sample.label(),
                    v.id,
                    v.nodes,
                    v.impact.as_deref().unwrap_or("?"),
                    v.targets.first().map_or("-", String::as_str),
                    a.axe_version,
                    v.help
                ),
            ));
        }
    }
    match (measured, violations) {
        (0, _) => Check::unverified(evidence),
        (_, 0) => Check::yes(0.7, evidence),
        _ => Check::no(0.9, evidence),
    }
}
