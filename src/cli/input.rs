//! What people type, read the way they mean it: a website address without its scheme
//! ("stp.binhdinh.gov.vn"), and a table as the decision names it ("Bảng 1.1", "1.3B").

/// A start URL from what was typed: a scheme-less address gets "https://" (as a browser's address
/// bar does); anything with a scheme is kept as it is.
pub fn site_url(typed: &str) -> String {
    let t = typed.trim();
    if t.contains("://") {
        t.to_string()
    } else {
        format!("https://{}", t.trim_start_matches('/'))
    }
}

/// Whether a crawl target looks like a web address rather than a folder: "x.gov.vn", "x.gov.vn/a",
/// "localhost:8080".
pub fn looks_like_host(typed: &str) -> bool {
    let host = typed.split('/').next().unwrap_or("");
    !typed.contains("://")
        && !host.is_empty()
        && (host.contains('.') || host.contains(':'))
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        && !host.starts_with('.')
}

/// A table id as written in the decision or by hand: "Bảng 1.1" → "1.1", "bảng 1.3B" → "1.3b",
/// " 2 " → "2".
pub fn table_id(typed: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower: String = typed.trim().nfc().collect::<String>().to_lowercase();
    let rest = ["bảng", "bang", "table"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    rest.trim().trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_get_a_scheme_only_when_missing() {
        assert_eq!(site_url("stp.thunghiem.gov.vn"), "https://stp.thunghiem.gov.vn");
        assert_eq!(
            site_url(" stp.thunghiem.gov.vn/tin-tuc "),
            "https://stp.thunghiem.gov.vn/tin-tuc"
        );
        assert_eq!(site_url("http://127.0.0.1:8080/"), "http://127.0.0.1:8080/");
        assert!(looks_like_host("stp.thunghiem.gov.vn"));
        assert!(looks_like_host("localhost:8080/x"));
        assert!(!looks_like_host("data/evaluations/demo"));
        assert!(!looks_like_host("http://x.vn"));
    }

    #[test]
    fn tables_are_read_as_the_decision_names_them() {
        for (typed, id) in [
            ("Bảng 1.1", "1.1"),
            ("bảng 1.3B", "1.3b"),
            ("1.3B", "1.3b"),
            ("1.3b", "1.3b"),
            ("2", "2"),
            ("Bang 2.4", "2.4"),
            ("Bảng 1.", "1"),
        ] {
            assert_eq!(table_id(typed), id, "{typed}");
        }
    }
}
