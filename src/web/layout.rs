//! The shell every page of the web app shares (navigation, form styles, the report's CSS) and the
//! small formatting helpers of its pages: Vietnamese dates, links, evidence.

use crate::audit::model::Evidence;
use crate::report::markup::escape;
use chrono::NaiveDate;

const WEB_STYLE: &str = "nav.site{display:flex;gap:1.5em;border-bottom:1px solid #ccc;padding-bottom:.5em}\
.error{background:#fde2e2;border:1px solid #c00;padding:.6em 1em;color:#900}\
.flag{color:#b45f06;font-weight:bold}form.override{display:flex;flex-wrap:wrap;gap:.3em;margin:0}\
form.override input[type=text]{min-width:10em}form.override input[name=points]{width:5em}\
td.evidence{font-size:.9em}";

/// A complete page: the navigation, then `body`.
pub(super) fn page(title: &str, body: &str) -> String {
    let nav = r#"<nav class="site"><a href="/">Đợt đánh giá</a><a href="/overrides">Nhật ký điều chỉnh</a></nav>"#;
    crate::report::html::page(title, &format!("<style>{WEB_STYLE}</style>{nav}\n{body}"))
}

/// The body of a page that only says one thing.
pub(super) fn message_body(heading: &str, text: &str) -> String {
    format!(
        r#"<h1>{}</h1><p>{}</p><p><a href="/">Về trang đợt đánh giá</a></p>"#,
        escape(heading),
        escape(text)
    )
}

/// "07/02/2017".
pub(super) fn date_vn(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A stored RFC 3339 timestamp as "26/11/2026 05:40 UTC"; anything else as it is.
pub(super) fn timestamp_vn(stored: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored)
        .map(|t| t.with_timezone(&chrono::Utc).format("%d/%m/%Y %H:%M UTC").to_string())
        .unwrap_or_else(|_| stored.to_string())
}

/// The address of a unit's page in a run; the unit id is percent-encoded as a path segment.
pub(super) fn unit_href(run_id: i64, unit_id: &str) -> String {
    format!("/runs/{run_id}/units/{}", path_segment(unit_id))
}

fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One piece of evidence: a link when it has a web address (only http and https, so a stored
/// `javascript:` address never becomes a link), else its note.
pub(super) fn evidence_html(e: &Evidence) -> String {
    let note = if e.note.is_empty() { &e.url } else { &e.note };
    if e.url.starts_with("http://") || e.url.starts_with("https://") {
        format!(r#"<a href="{}">{}</a>"#, escape(&e.url), escape(note))
    } else {
        escape(note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_ids_are_encoded_as_one_path_segment() {
        assert_eq!(unit_href(3, "so-tai-chinh"), "/runs/3/units/so-tai-chinh");
        assert_eq!(unit_href(3, "a/b c"), "/runs/3/units/a%2Fb%20c");
    }

    #[test]
    fn only_web_addresses_become_links() {
        let link = evidence_html(&Evidence {
            url: "https://x.gov.vn/tin?a=1&b=2".into(),
            note: "Tin <mới>".into(),
        });
        assert_eq!(
            link,
            r#"<a href="https://x.gov.vn/tin?a=1&amp;b=2">Tin &lt;mới&gt;</a>"#
        );
        let text = evidence_html(&Evidence {
            url: "javascript:alert(1)".into(),
            note: "xem".into(),
        });
        assert_eq!(text, "xem");
    }

    #[test]
    fn stored_timestamps_read_in_vietnamese_order() {
        assert_eq!(timestamp_vn("2026-11-26T05:40:12.345Z"), "26/11/2026 05:40 UTC");
        assert_eq!(timestamp_vn("hôm qua"), "hôm qua");
    }
}
