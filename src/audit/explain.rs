//! The Vietnamese text rendering of a [`SiteAudit`] that `ictrank explain` prints: each criterion
//! with its name, points, outcome, confidence, review flag and evidence.
//!
//! Entry point: [`explain`].

use super::model::{Outcome, SiteAudit};
use crate::rubric::Rubric;
use std::fmt::Write;

/// The Vietnamese label of an outcome.
pub fn outcome_label(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "Đạt",
        Outcome::Partial => "Đạt một phần",
        Outcome::NotMet => "Không đạt",
        Outcome::Unverified => "Chưa kiểm tra được",
        Outcome::Declared => "Theo số liệu kê khai",
    }
}

fn num(x: f64) -> String {
    // Vietnamese decimal comma; whole numbers without decimals.
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.2}").replace('.', ",")
    }
}

/// Renders an audit for a reader; criterion names come from the rubric when it has them.
pub fn explain(audit: &SiteAudit, rubric: Option<&Rubric>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Trang: {}", audit.site);
    let _ = writeln!(s, "Ngày đánh giá: {}", audit.as_of.format("%d/%m/%Y"));
    let outcome = if audit.outcome == "ok" {
        "đã kiểm tra"
    } else {
        "không kiểm tra được"
    };
    let _ = writeln!(
        s,
        "Kết quả thu thập: {outcome}; {} trang đã tải; hồ sơ nền tảng: {}",
        audit.pages_fetched, audit.profile
    );
    let latest = audit
        .news
        .latest
        .map_or("không xác định".to_string(), |d| d.format("%d/%m/%Y").to_string());
    let _ = writeln!(
        s,
        "Tin tức: mới nhất {latest}; {} tin trong 30 ngày, {} tin trong 90 ngày",
        audit.news.items_last_30_days, audit.news.items_last_90_days
    );
    let _ = writeln!(s, "Tổng điểm: {}/{}", num(audit.points), num(audit.max_points));
    let review = audit.criteria.iter().filter(|c| c.needs_review).count();
    if review > 0 {
        let _ = writeln!(s, "Cần cán bộ đánh giá xem lại: {review} tiêu chí");
    }
    for (i, c) in audit.criteria.iter().enumerate() {
        let name = rubric
            .and_then(|r| r.criterion(&c.id))
            .map(|(_, k)| k.name.clone())
            .unwrap_or_default();
        let _ = writeln!(s);
        let _ = writeln!(s, "{}. {} — {}", i + 1, c.id, name);
        let _ = write!(
            s,
            "   Điểm: {}/{} · {} · Độ tin cậy: {:.0}%",
            num(c.points),
            num(c.max_points),
            outcome_label(c.outcome),
            c.confidence * 100.0
        );
        if let Some(d) = c.latest_date {
            let _ = write!(s, " · Ngày mới nhất: {}", d.format("%d/%m/%Y"));
        }
        if c.needs_review {
            let _ = write!(s, " · Cần xem lại");
        }
        let _ = writeln!(s);
        if !c.evidence.is_empty() {
            let _ = writeln!(s, "   Bằng chứng:");
            for e in &c.evidence {
                let _ = writeln!(s, "   - {} <{}>", e.note, e.url);
            }
        }
    }
    s
}
