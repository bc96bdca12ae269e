//! The shell every page of the web app shares (navigation, form styles, the report's CSS) and the
//! small formatting helpers of its pages: Vietnamese dates, links, evidence. Pages work on a 420 px
//! screen: wide tables scroll inside their own box, forms stack.

use super::auth::Visitor;
use crate::audit::model::Evidence;
use crate::report::markup::escape;
use crate::store::users::Role;
use chrono::NaiveDate;

const WEB_STYLE: &str = "nav.site{display:flex;gap:1.5em;border-bottom:1px solid #ccc;padding-bottom:.5em}\
.error{background:#fde2e2;border:1px solid #c00;padding:.6em 1em;color:#900}\
.flag{color:#b45f06;font-weight:bold}form.override{display:flex;flex-wrap:wrap;gap:.3em;margin:0}\
form.override input[type=text]{min-width:10em}form.override input[name=points]{width:5em}\
td.evidence{font-size:.9em}nav.site{flex-wrap:wrap;align-items:center}nav.site .who{margin-left:auto}\
form.logout,form.inline{display:inline;margin:0}form.login{display:grid;gap:.6em;max-width:22em}\
.table-wrap{overflow-x:auto;max-width:100%}details.detail{font-size:.9em;color:#555}\
form.panel table input[type=number]{width:5em}iframe.stored{width:100%;height:70vh;border:1px solid #ccc}\
pre.stored{white-space:pre-wrap;word-break:break-word;max-height:70vh;overflow:auto;border:1px solid #ccc;padding:.5em}\
@media (max-width:600px){body{margin:.5em;font-size:15px}table{font-size:.85em}form.override{flex-direction:column}\
form.override input[type=text]{min-width:0;width:100%}nav.site .who{margin-left:0}}";

/// A complete page for `visitor` (None on pages shown before the session is known): the
/// navigation — with the account and its logout form when signed in — then `body`.
pub(super) fn page_for(visitor: Option<&Visitor>, title: &str, body: &str) -> String {
    let mut nav =
        String::from(r#"<nav class="site"><a href="/">Đợt đánh giá</a><a href="/overrides">Nhật ký điều chỉnh</a>"#);
    if let Some(v) = visitor
        && let Some(u) = &v.user
    {
        if u.role == Role::Admin {
            nav += r#"<a href="/admin/users">Tài khoản</a>"#;
        }
        nav += &format!(
            r#"<span class="who">{} ({})</span><form class="logout" method="post" action="/logout">{}<button type="submit">Đăng xuất</button></form>"#,
            escape(&u.name),
            u.role.vietnamese(),
            v.csrf_field()
        );
    }
    nav += "</nav>";
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

/// One piece of evidence: with a web address (only http and https, so a stored `javascript:`
/// address never becomes a link), its note, a link to the copy run `run_id` stored and one to the
/// live page; else its note.
pub(super) fn evidence_html(run_id: i64, e: &Evidence) -> String {
    let note = if e.note.is_empty() { &e.url } else { &e.note };
    if e.url.starts_with("http://") || e.url.starts_with("https://") {
        let stored: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("url", &e.url)
            .finish();
        format!(
            r#"{} (<a href="/runs/{run_id}/stored?{}">bản lưu</a> · <a href="{}" rel="noopener noreferrer">trang hiện tại</a>)"#,
            escape(note),
            escape(&stored),
            escape(&e.url)
        )
    } else if let Some(file) = phone_shot(e) {
        // the browser stage's phone screenshot, served from the run's folder
        format!(
            r#"<a class="phone-shot" href="{}">{}</a>"#,
            escape(&super::shots::href(run_id, &file)),
            escape(note)
        )
    } else {
        escape(note)
    }
}

/// The file name of a phone screenshot's evidence (its URL is the image file in the run folder).
fn phone_shot(e: &Evidence) -> Option<String> {
    if !e.note.contains(crate::audit::checks::browser::SCREENSHOT_NOTE) {
        return None;
    }
    let file = std::path::Path::new(&e.url).file_name()?.to_str()?;
    super::shots::plain_name(file).then(|| file.to_string())
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
        let link = evidence_html(
            4,
            &Evidence {
                url: "https://x.gov.vn/tin?a=1&b=2".into(),
                note: "Tin <mới>".into(),
            },
        );
        assert_eq!(
            link,
            r#"Tin &lt;mới&gt; (<a href="/runs/4/stored?url=https%3A%2F%2Fx.gov.vn%2Ftin%3Fa%3D1%26b%3D2">bản lưu</a> · <a href="https://x.gov.vn/tin?a=1&amp;b=2" rel="noopener noreferrer">trang hiện tại</a>)"#
        );
        let text = evidence_html(
            4,
            &Evidence {
                url: "javascript:alert(1)".into(),
                note: "xem".into(),
            },
        );
        assert_eq!(text, "xem");
    }
}
