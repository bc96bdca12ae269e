//! Contact details in page text: Vietnamese phone numbers, e-mail addresses, and the entries of a
//! directory (people or offices listed with a phone number or an e-mail address each), which make a
//! contact list complete whatever its prose length.
//!
//! Main items: [`has_phone`], [`has_email`], [`contact_entries`].

use super::view::{SiteView, sel, text_blocks, visible_text};
use crate::snapshot::Page;
use crate::util::text::fold;
use regex::Regex;
use scraper::{ElementRef, Selector};
use std::collections::HashSet;
use std::sync::LazyLock;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+").expect("email regex"));
static PHONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\+84|\(?0)[\d\s.\-()]{6,16}\d").expect("phone regex"));

/// Elements that may hold one directory entry.
static ENTRY: LazyLock<Selector> = LazyLock::new(|| sel("tr, li, p, dd, div"));

/// Words that label a contact detail rather than name whom it belongs to (folded).
const LABEL_WORDS: &[&str] = &[
    "dien", "thoai", "dt", "dd", "di", "dong", "co", "quan", "nha", "rieng", "tel", "phone", "mobile", "fax", "email",
    "e", "mail", "thu", "tu", "hop", "so", "noi", "bo", "va",
];

/// A Vietnamese phone number: "(024) 35123536", "(0269) 3.800.000", "+84 24 3512 3536".
pub fn has_phone(text: &str) -> bool {
    PHONE
        .find_iter(text)
        .any(|m| (9..=12).contains(&m.as_str().chars().filter(char::is_ascii_digit).count()))
}

/// An e-mail address.
pub fn has_email(text: &str) -> bool {
    EMAIL.is_match(text)
}

/// Words naming a person or office once phone numbers, addresses and their labels are taken out.
fn name_words(text: &str) -> usize {
    let rest = PHONE.replace_all(&EMAIL.replace_all(text, " "), " ").into_owned();
    fold(&rest)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().any(char::is_alphabetic) && !LABEL_WORDS.contains(w))
        .count()
}

/// One entry: a phone or e-mail and at least two words naming whom it reaches.
fn is_entry(text: &str) -> bool {
    (has_phone(text) || has_email(text)) && name_words(text) >= 2
}

/// The phone numbers (digits only) and e-mail addresses (lower case) of a text, sorted: whom an
/// entry reaches.
fn contact_key(text: &str) -> Vec<String> {
    let mut key: Vec<String> = EMAIL
        .find_iter(text)
        .map(|m| m.as_str().to_lowercase())
        .chain(
            PHONE
                .find_iter(text)
                .map(|m| m.as_str().chars().filter(char::is_ascii_digit).collect::<String>())
                .filter(|d| (9..=12).contains(&d.len())),
        )
        .collect();
    key.sort();
    key.dedup();
    key
}

/// The entries of a directory on `page`, as their texts: the innermost rows, list items, paragraphs
/// or blocks that carry a phone number or an e-mail address and a name besides it. Blocks the home
/// page repeats (the footer's contact details) are not the page's own and do not count; entries
/// reaching the same phone numbers and addresses (the office's switchboard described twice) count
/// once.
pub fn contact_entries(view: &SiteView, page: &Page) -> Vec<String> {
    let Some(html) = view.html(page) else {
        return Vec::new();
    };
    let is_home = view.home().is_some_and(|h| h.url == page.url);
    let bp = view.boilerplate();
    let own = |e: ElementRef| is_home || text_blocks(e).iter().any(|t| !bp.contains(&fold(t)));
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for e in html.select(&ENTRY) {
        let text = visible_text(e);
        if !is_entry(&text) || !own(e) {
            continue;
        }
        // A row's cells or an item's paragraphs may each be an entry of their own: keep the innermost.
        let inner = e
            .select(&ENTRY)
            .any(|d| d.id() != e.id() && is_entry(&visible_text(d)) && own(d));
        if !inner && seen.insert(contact_key(&text)) {
            out.push(text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{PageRole, SiteOutcome, SiteSnapshot};

    fn page(url: &str, role: PageRole, body: &str) -> Page {
        Page {
            url: url.into(),
            final_url: url.into(),
            role,
            status: Some(200),
            content_type: Some("text/html; charset=utf-8".into()),
            fetched_at: chrono::Utc::now(),
            text: Some(format!(
                "<html><body>{body}<footer><p>Văn phòng Sở: 0256.3821100 — vp@s.gov.vn</p></footer></body></html>"
            )),
            charset: Some("utf-8".into()),
            error: None,
            error_detail: None,
            headers: vec![],
        }
    }

    fn entries_of(body: &str) -> Vec<String> {
        let snap = SiteSnapshot {
            probe: None,
            start_url: "http://s.gov.vn/".into(),
            crawled_at: chrono::Utc::now(),
            outcome: SiteOutcome::Ok,
            pages: vec![
                page("http://s.gov.vn/", PageRole::Home, "<p>Trang chủ</p>"),
                page("http://s.gov.vn/danh-ba", PageRole::Page, body),
            ],
        };
        let view = SiteView::new(&snap, crate::util::time::vietnam_date(snap.crawled_at));
        contact_entries(&view, &snap.pages[1])
    }

    #[test]
    fn directory_entries_in_tables_lists_and_paragraphs() {
        // A table: one entry per row although phone and e-mail sit in cells (and paragraphs) of their own.
        let table = "<table><tr><th>Họ và tên</th><th>Chức vụ</th><th>Điện thoại</th><th>Thư điện tử</th></tr>\
            <tr><td>Nguyễn Văn An</td><td>Giám đốc</td><td><p>0256.3821111</p></td><td><p>an@s.gov.vn</p></td></tr>\
            <tr><td>Trần Thị Bình</td><td>Phó Giám đốc</td><td>0256 3821 112</td><td>binh@s.gov.vn</td></tr>\
            <tr><td>Lê Văn Cường</td><td>Chánh Văn phòng</td><td>0905 123 456</td><td></td></tr></table>";
        let e = entries_of(table);
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].contains("Nguyễn Văn An") && e[0].contains("an@s.gov.vn"), "{e:?}");
        let list = "<ul><li>Phòng Kế hoạch - Tài chính: kehoach@s.gov.vn</li>\
            <li>Thanh tra Sở: (0256) 3.821.120</li></ul><p>Liên hệ qua các số điện thoại dưới đây.</p>";
        assert_eq!(entries_of(list).len(), 2);
        // The footer's contact details, repeated on every page, are no entry of this page's own; prose
        // without contact details is none either.
        assert!(entries_of("<p>Sở có 5 phòng chuyên môn và 1 đơn vị sự nghiệp.</p>").is_empty());
        // The same contact twice counts once, however it is described.
        let twice = "<p>Văn thư Nguyễn Thị Hoa — 0256.3821130</p>\
            <p>Tiếp nhận văn bản đến: (0256) 3 821 130</p><p>Bộ phận một cửa — 0256.3821131</p>";
        assert_eq!(entries_of(twice).len(), 2);
    }

    #[test]
    fn phone_numbers_in_vietnamese_formats() {
        for p in [
            "Điện thoại: (024) 35123536",
            "ĐT: (0269) 3.800.000",
            "Hotline 0912 345 678",
            "Tel: +84 24 3512 3536",
        ] {
            assert!(has_phone(p), "{p}");
        }
        for p in [
            "Số 185 Giảng Võ",
            "Quyết định số 160/QĐ-UBND ngày 23/4/2021",
            "năm 2022 - 2025",
        ] {
            assert!(!has_phone(p), "{p}");
        }
    }

    #[test]
    fn an_entry_names_whom_its_phone_or_mail_reaches() {
        assert!(is_entry("Chánh Văn phòng Đỗ Văn Hùng — 0256.3821200"));
        assert!(is_entry("Phòng Kế hoạch: kehoach@stttt.gov.vn"));
        // Labels alone name nobody.
        assert!(!is_entry("Điện thoại: 0256.3821200"));
        assert!(!is_entry("Thư điện tử: vanphong@stttt.gov.vn; Fax: 0256 3821 201"));
        assert!(!is_entry("Phòng Kế hoạch - Tài chính"));
    }
}
