//! The words of a URL, for matching section slugs: [`url_words`] gives the folded words of the last
//! path segment and of the whole path. Shared by [`super::view`] (which caches them per URL) and
//! [`super::sections`] (which matches them), so neither needs the other for it.

use crate::util::text::fold;
use url::Url;

/// Words of a URL's last path segment ("/hoi-ap.html" → "hoi ap"), and the folded full path.
pub fn url_words(u: &str) -> (String, String) {
    let Ok(url) = Url::parse(u) else {
        return (String::new(), String::new());
    };
    let path = url.path().trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    let last = last.split('.').next().unwrap_or(last);
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .replace(['-', '_', '+'], " ")
    };
    (fold(&decode(last)), fold(&decode(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_segment_and_path_words() {
        assert_eq!(
            url_words("http://x.gov.vn/tin-tuc/hoi-ap.html?x=1"),
            ("hoi ap".to_string(), "tin tuc hoi ap html".to_string())
        );
        assert_eq!(url_words("not a url"), (String::new(), String::new()));
    }
}
