//! What a small HTML answer really is: content, a soft redirect (meta refresh or JavaScript
//! `location` change to the same site, which the crawler follows), or an anti-bot challenge (a
//! cookie set by script then a reload, or a known bot-wall), which makes the site "could not
//! verify". Main function: [`classify`]; result [`Verdict`].

use regex::Regex;
use std::sync::LazyLock;
use url::Url;

/// How a fetched HTML page should be treated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Content,
    /// Follow to this same-site URL.
    SoftRedirect(Url),
    /// A challenge page; the detail names the signal.
    Challenge(String),
}

/// Pages with less visible text than this are "almost empty": scripts on them are the page.
const SMALL_PAGE_TEXT: usize = 400;
/// Meta refreshes slower than this are auto-reloads of a content page, not redirects.
const MAX_REFRESH_DELAY: f64 = 10.0;

static META_REFRESH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?is)<meta\b[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*>"#).unwrap());
static CONTENT_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?is)\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')"#).unwrap());
static JS_REDIRECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?s)(?:(?:window|document|top|self)\.)?location(?:\.href)?\s*=\s*["']([^"']+)["']|location\.(?:replace|assign)\(\s*["']([^"']+)["']"#,
    )
    .unwrap()
});
static SCRIPT_OR_STYLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<(script|style)\b.*?</(script|style)\s*>|<!--.*?-->").unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").unwrap());

/// Signatures of bot walls that answer with a challenge instead of the page.
const BOT_WALLS: &[&str] = &[
    "/cdn-cgi/challenge-platform",
    "cf-browser-verification",
    "window._cf_chl_opt",
    "_incapsula_resource",
    "checking your browser before accessing",
    "sucuri_cloudproxy_js",
    "ddos protection by",
];

/// Visible text length of an HTML page (scripts, styles, comments and tags removed).
pub fn visible_text_len(html: &str) -> usize {
    let no_scripts = SCRIPT_OR_STYLE.replace_all(html, " ");
    let text = TAG.replace_all(&no_scripts, " ");
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Two hosts are the same site when they are equal once a leading "www." is dropped.
pub fn same_site(a: &Url, b: &Url) -> bool {
    let strip = |u: &Url| {
        u.host_str()
            .unwrap_or("")
            .trim_start_matches("www.")
            .to_ascii_lowercase()
    };
    strip(a) == strip(b)
}

/// Classifies the HTML `html` served at `url`.
pub fn classify(url: &Url, html: &str) -> Verdict {
    let lower = html.to_ascii_lowercase();
    if let Some(sig) = BOT_WALLS.iter().find(|s| lower.contains(*s)) {
        return Verdict::Challenge(format!("bot wall signature {sig:?}"));
    }
    // Measured only when a script could be the page: removing scripts and tags copies the page
    // twice, and the crawler classifies every home page.
    let small = std::cell::OnceCell::new();
    let small = || *small.get_or_init(|| visible_text_len(html) < SMALL_PAGE_TEXT);
    if lower.contains("document.cookie") && (lower.contains("location.reload") || reloads_itself(url, html)) && small()
    {
        return Verdict::Challenge("script sets a cookie and reloads the page".into());
    }
    if let Some(target) = meta_refresh(url, html).filter(|t| same_site(url, t) && !same_page(url, t)) {
        return Verdict::SoftRedirect(target);
    }
    if JS_REDIRECT.is_match(html) && small() {
        for c in JS_REDIRECT.captures_iter(html) {
            let raw = c.get(1).or_else(|| c.get(2)).map(|m| m.as_str()).unwrap_or("");
            if let Ok(target) = url.join(raw.trim())
                && matches!(target.scheme(), "http" | "https")
                && same_site(url, &target)
                && !same_page(url, &target)
            {
                return Verdict::SoftRedirect(target);
            }
        }
    }
    Verdict::Content
}

fn same_page(a: &Url, b: &Url) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    a.set_fragment(None);
    b.set_fragment(None);
    a == b
}

fn reloads_itself(url: &Url, html: &str) -> bool {
    JS_REDIRECT.captures_iter(html).any(|c| {
        let raw = c.get(1).or_else(|| c.get(2)).map(|m| m.as_str()).unwrap_or("");
        url.join(raw.trim()).is_ok_and(|t| same_page(url, &t))
    })
}

/// The target of a quick `<meta http-equiv="refresh" content="N; url=…">`.
fn meta_refresh(url: &Url, html: &str) -> Option<Url> {
    let tag = META_REFRESH.find(html)?.as_str();
    let caps = CONTENT_ATTR.captures(tag)?;
    let content = caps.get(1).or_else(|| caps.get(2))?.as_str();
    let (delay, rest) = content.split_once([';', ',']).unwrap_or((content, ""));
    if delay.trim().parse::<f64>().map_or(true, |d| d > MAX_REFRESH_DELAY) {
        return None;
    }
    let rest = rest.trim();
    let target = rest
        .strip_prefix("url=")
        .or_else(|| rest.strip_prefix("URL="))
        .or_else(|| {
            rest.get(..4)
                .filter(|p| p.eq_ignore_ascii_case("url="))
                .map(|_| &rest[4..])
        })
        .unwrap_or(rest)
        .trim()
        .trim_matches(['\'', '"']);
    if target.is_empty() {
        return None;
    }
    url.join(target).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `host` answered at its root in March 2018 (tests/corpus/real, provenance in SOURCES.tsv).
    fn real(host: &str) -> &'static str {
        macro_rules! root {
            ($h:literal) => {
                (
                    $h,
                    include_str!(concat!(
                        "../../tests/corpus/real/",
                        $h,
                        "/root-commoncrawl-2018-13.html"
                    )),
                )
            };
        }
        let pages = [
            root!("chinhphu.vn"),
            root!("cantho.gov.vn"),
            root!("bocongan.gov.vn"),
            root!("mpi.gov.vn"),
            root!("bacgiang.gov.vn"),
        ];
        pages
            .iter()
            .find(|(h, _)| *h == host)
            .unwrap_or_else(|| panic!("{host}: no root page in tests/corpus/real"))
            .1
    }

    #[test]
    fn real_root_answers() {
        let u = |h: &str| Url::parse(&format!("http://{h}/")).unwrap();
        assert!(matches!(
            classify(&u("chinhphu.vn"), real("chinhphu.vn")),
            Verdict::Challenge(_)
        ));
        assert_eq!(
            classify(&u("cantho.gov.vn"), real("cantho.gov.vn")),
            Verdict::SoftRedirect(Url::parse("https://www.cantho.gov.vn/").unwrap())
        );
        assert_eq!(
            classify(&u("bocongan.gov.vn"), real("bocongan.gov.vn")),
            Verdict::SoftRedirect(Url::parse("http://bocongan.gov.vn/c").unwrap())
        );
        // a load-balancer script that sets a cookie but does not reload is no challenge
        assert_eq!(classify(&u("mpi.gov.vn"), real("mpi.gov.vn")), Verdict::Content);
        assert_eq!(
            classify(&u("bacgiang.gov.vn"), real("bacgiang.gov.vn")),
            Verdict::Content
        );
    }

    #[test]
    fn slow_refresh_and_offsite_script_are_content() {
        let u = Url::parse("http://a.gov.vn/").unwrap();
        let page = "<meta http-equiv=\"refresh\" content=\"600\"><p>tin</p>";
        assert_eq!(classify(&u, page), Verdict::Content);
        let page = "<script>window.location.href='https://evil.example/'</script>";
        assert_eq!(classify(&u, page), Verdict::Content);
        let page = format!("<p>{}</p><script>location.href='/x'</script>", "nội dung ".repeat(100));
        assert_eq!(
            classify(&u, &page),
            Verdict::Content,
            "a content page with a script link stays content"
        );
    }
}
