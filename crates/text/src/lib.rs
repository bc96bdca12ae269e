//! Vietnamese text folding for matching: lower case, diacritics removed, `đ` → `d`, runs of
//! white space and punctuation collapsed to one space. "Hỏi đáp" and "HOI DAP" fold alike.
//!
//! A crate of its own so that ictrank (as `ictrank::util::text`) and the demo's fixture sites
//! (`ictrank-demo-sites`, which knows nothing of ictrank) share one folding. Main items: [`fold`],
//! [`slug`].

use unicode_normalization::UnicodeNormalization;

/// Folds `s` for case- and diacritic-insensitive comparison.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// A URL-slug form of `s`: folded, words joined by `-` ("Hỏi đáp" → "hoi-dap").
pub fn slug(s: &str) -> String {
    fold(s).replace(' ', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_d_stroke() {
        assert_eq!(fold("Hỏi đáp"), "hoi dap");
        assert_eq!(fold("  ĐẤU THẦU,  mua sắm công "), "dau thau mua sam cong");
        assert_eq!(fold("Sở Lao động -TB và XH"), "so lao dong tb va xh");
        assert_eq!(slug("Sơ đồ cổng"), "so-do-cong");
    }
}
