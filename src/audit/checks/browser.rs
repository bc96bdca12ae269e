//! The checks that need a browser: load times (first and largest contentful paint, full display,
//! long tasks), the mobile layout and automated WCAG checks. The stored HTML cannot decide them, so
//! until the browser stage measures them they are "could not verify" — never 0.

use super::{Check, Ctx, Home, ev};
use crate::rubric::Criterion;

/// Every browser check before the browser stage exists: could not verify, saying why.
pub(super) fn needs_browser(c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    let what = c.check.map_or("", |k| k.as_str());
    Check::unverified(vec![ev(
        home.url,
        format!(
            "không kiểm tra được: cần bước trình duyệt (kiểm tra {what} đo trên trình duyệt, không đọc được từ HTML đã lưu)"
        ),
    )])
}
