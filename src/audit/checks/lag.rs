//! The publishing lag (Luật TCTT Đ18.4: information is published at the latest 05 working days after
//! it is created): for documents that show both their issue date and their posting date, the working
//! days between them, counted against the holiday calendar ([`Holidays`]). Both dates are read the
//! two ways sites print them: a table whose header names the two columns (`markers.issued`,
//! `markers.posted`), one row per document; or a page (a document's own page) where each label is
//! followed by its date. Only documents issued in the year before the evaluation date count (an old
//! archive imported into a new site says nothing of today's practice); a site where no document shows
//! both dates could not be verified, which is not a failure.

use super::{Check, Ctx, Home, ev, excerpt, folded, site_pages};
use crate::audit::view::{sel, visible_text};
use crate::rubric::Criterion;
use crate::rubric::holidays::Holidays;
use crate::util::dates::find_dates;
use crate::util::text::fold;
use chrono::NaiveDate;
use scraper::{ElementRef, Html};
use std::sync::LazyLock;
use url::Url;

static HOLIDAYS: LazyLock<Holidays> = LazyLock::new(Holidays::builtin);

/// Pages read at most (the documents page first).
const MAX_PAGES: usize = 60;
/// How far before the evaluation date a document's issue date may be.
const RECENT_DAYS: i64 = 365;

/// One document with both dates.
#[derive(Debug, Clone, PartialEq)]
struct Dated {
    url: String,
    what: String,
    issued: NaiveDate,
    posted: NaiveDate,
}

/// The single date in `text`, if there is exactly one distinct one.
fn one_date(text: &str) -> Option<NaiveDate> {
    let mut ds: Vec<NaiveDate> = find_dates(text).into_iter().map(|f| f.date).collect();
    ds.dedup();
    (ds.len() == 1).then(|| ds[0])
}

/// Documents listed in tables whose header row names an issue-date and a posting-date column.
fn from_tables(html: &Html, base: &str, issued: &[String], posted: &[String]) -> Vec<Dated> {
    let mut out = Vec::new();
    let cell = sel("th, td");
    for table in html.select(&sel("table")) {
        let rows: Vec<ElementRef> = table.select(&sel("tr")).collect();
        let Some(hi) = rows.iter().position(|r| r.select(&cell).count() >= 2) else {
            continue;
        };
        let heads: Vec<String> = rows[hi].select(&cell).map(|c| fold(&visible_text(c))).collect();
        let col = |labels: &[String]| heads.iter().position(|h| labels.iter().any(|l| h.contains(l.as_str())));
        let (Some(ci), Some(cp)) = (col(issued), col(posted)) else {
            continue;
        };
        if ci == cp {
            continue;
        }
        for r in &rows[hi + 1..] {
            let cells: Vec<ElementRef> = r.select(&cell).collect();
            let (Some(a), Some(b)) = (cells.get(ci), cells.get(cp)) else {
                continue;
            };
            let (Some(i), Some(p)) = (one_date(&visible_text(*a)), one_date(&visible_text(*b))) else {
                continue;
            };
            let link = r
                .select(&sel("a[href]"))
                .find_map(|a| Url::parse(base).ok()?.join(a.value().attr("href")?).ok());
            let what = cells
                .iter()
                .map(|c| visible_text(*c))
                .find(|t| t.chars().count() > 12 && one_date(t).is_none())
                .unwrap_or_else(|| visible_text(*r));
            out.push(Dated {
                url: link.map_or_else(|| base.to_string(), |u| u.to_string()),
                what: excerpt(&what, 80),
                issued: i,
                posted: p,
            });
        }
    }
    out
}

/// A page that labels both dates ("Ngày ban hành: 10/03/2026 … Ngày đăng: 12/03/2026"): each label
/// must be right before its date (only separators between).
fn from_labels(text: &str, issued: &[String], posted: &[String]) -> Option<(NaiveDate, NaiveDate)> {
    let mut got_i = None;
    let mut got_p = None;
    for f in find_dates(text) {
        let start = (0..=f.start.saturating_sub(60))
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        let before = fold(&text[start..f.start]);
        // The label must end the text before the date ("ngày ban hành:" → "ngay ban hanh").
        let ends = |labels: &[String]| {
            labels
                .iter()
                .filter(|l| before.ends_with(l.as_str()))
                .map(|l| l.len())
                .max()
        };
        match (ends(issued), ends(posted)) {
            (Some(a), Some(b)) if a >= b => got_i = got_i.or(Some(f.date)),
            (Some(_), None) => got_i = got_i.or(Some(f.date)),
            (_, Some(_)) => got_p = got_p.or(Some(f.date)),
            _ => {}
        }
    }
    Some((got_i?, got_p?))
}

pub(super) fn publishing_lag(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let issued = folded(c.markers("issued"));
    let posted = folded(c.markers("posted"));
    let limit = i64::from(c.max_working_days.unwrap_or(5));
    let share_needed = c.threshold_percent.unwrap_or(100.0);
    let as_of = ctx.view.as_of;
    let mut pages = Vec::new();
    if let Some(d) = ctx.documents_page {
        pages.push(d);
    }
    for p in site_pages(ctx) {
        if !pages.iter().any(|x| x.url == p.url) {
            pages.push(p);
        }
    }
    let mut docs: Vec<Dated> = Vec::new();
    for p in pages.into_iter().take(MAX_PAGES) {
        let Some(h) = ctx.view.html(p) else { continue };
        let mut found = from_tables(&h, &p.final_url, &issued, &posted);
        if found.is_empty() {
            let text = h.select(&sel("body")).next().map(visible_text).unwrap_or_default();
            if let Some((i, d)) = from_labels(&text, &issued, &posted) {
                let title = h
                    .select(&sel("h1, title"))
                    .next()
                    .map(visible_text)
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| p.final_url.clone());
                found.push(Dated {
                    url: p.final_url.clone(),
                    what: excerpt(&title, 80),
                    issued: i,
                    posted: d,
                });
            }
        }
        for d in found {
            if !docs
                .iter()
                .any(|x| x.issued == d.issued && x.posted == d.posted && x.what == d.what)
            {
                docs.push(d);
            }
        }
    }
    let recent: Vec<&Dated> = docs
        .iter()
        .filter(|d| d.issued <= as_of && (as_of - d.issued).num_days() <= RECENT_DAYS && d.posted <= as_of)
        .collect();
    let fmt = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    let mut lags: Vec<(&Dated, i64)> = Vec::new();
    let mut uncounted = 0;
    for d in &recent {
        match HOLIDAYS.working_days_after(d.issued, d.posted) {
            Some(n) if n >= 0 => lags.push((d, n)),
            // Posted before issued (a typo) or outside the calendar: not counted.
            _ => uncounted += 1,
        }
    }
    if lags.is_empty() {
        let why = if docs.is_empty() {
            "không có văn bản nào hiện cả ngày ban hành và ngày đăng trên các trang đã thu thập".to_string()
        } else {
            format!(
                "{} văn bản có cả hai ngày nhưng không văn bản nào ban hành trong {RECENT_DAYS} ngày trước {} với ngày hợp lệ",
                docs.len(),
                fmt(as_of)
            )
        };
        return Check::unverified(vec![ev(
            home.url,
            format!("không kiểm tra được thời hạn công khai: {why}"),
        )]);
    }
    let on_time = lags.iter().filter(|(_, n)| *n <= limit).count();
    let share = on_time as f64 * 100.0 / lags.len() as f64;
    let mut e = vec![ev(
        ctx.documents_page.map_or(home.url, |p| p.final_url.as_str()),
        format!(
            "{on_time}/{} văn bản đăng trong {limit} ngày làm việc sau ngày ban hành ({share:.0}%, cần {share_needed:.0}%); ngày làm việc trừ thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết{}",
            lags.len(),
            if uncounted > 0 {
                format!("; {uncounted} văn bản không tính được")
            } else {
                String::new()
            }
        ),
    )];
    let mut late: Vec<&(&Dated, i64)> = lags.iter().filter(|(_, n)| *n > limit).collect();
    late.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    for (d, n) in late.iter().take(3) {
        e.push(ev(
            &d.url,
            format!(
                "chậm: \"{}\" ban hành {}, đăng {} ({n} ngày làm việc)",
                d.what,
                fmt(d.issued),
                fmt(d.posted)
            ),
        ));
    }
    if let Some((d, n)) = lags.iter().find(|(_, n)| *n <= limit) {
        e.push(ev(
            &d.url,
            format!(
                "đúng hạn: \"{}\" ban hành {}, đăng {} ({n} ngày làm việc)",
                d.what,
                fmt(d.issued),
                fmt(d.posted)
            ),
        ));
    }
    let confidence = if lags.len() >= 5 { 0.8 } else { 0.6 };
    if share + 1e-9 >= share_needed {
        Check::yes(confidence, e)
    } else {
        Check::no(confidence, e)
    }
}
