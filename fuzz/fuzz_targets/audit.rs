//! Fuzzes the whole audit of a generated site: the input, cut at 0xFF bytes, becomes the bodies of a
//! few pages (home, a news list, an about page, a contact page, an article) of a `SiteSnapshot`,
//! decoded as UTF-8 with replacement, and the site is audited against the bundled rubric. No input may
//! panic or exhaust the stack (`cargo fuzz run audit -- -rss_limit_mb=4096` with deep nesting in the
//! dictionary finds that quickly), and the result must hold together: points within their maxima and
//! every date between 1995 and the as-of day.
#![no_main]

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use ictrank::audit::{Profiles, audit_site};
use ictrank::rubric::Rubric;
use ictrank::snapshot::{Page, PageRole, SiteOutcome, SiteSnapshot};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static RUBRIC: LazyLock<Rubric> = LazyLock::new(Rubric::builtin);
static PROFILES: LazyLock<Profiles> = LazyLock::new(Profiles::builtin);

/// The pages the input fills, in order; the home page links to the others so that the section
/// search, list reading and article dating all see fuzzed markup.
const PAGES: &[(&str, PageRole)] = &[
    ("/", PageRole::Home),
    ("/tin-tuc.html", PageRole::Page),
    ("/gioi-thieu.html", PageRole::Page),
    ("/lien-he.html", PageRole::Page),
    ("/tin/1.html", PageRole::Article),
];

const MENU: &str = "<nav class=\"menu\"><a href=\"/tin-tuc.html\">Tin tức</a><a href=\"/gioi-thieu.html\">Giới thiệu</a>\
                    <a href=\"/lien-he.html\">Liên hệ</a></nav>";

fuzz_target!(|data: &[u8]| {
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let pages = data
        .split(|&b| b == 0xFF)
        .zip(PAGES)
        .map(|(bytes, (path, role))| {
            let url = format!("http://so.thunghiem.gov.vn{path}");
            let body = String::from_utf8_lossy(bytes);
            let text = if *role == PageRole::Home {
                format!("{MENU}{body}")
            } else {
                body.into_owned()
            };
            Page {
                url: url.clone(),
                final_url: url,
                role: *role,
                status: Some(200),
                content_type: Some("text/html; charset=utf-8".into()),
                fetched_at: at,
                text: Some(text),
                charset: Some("utf-8".into()),
                error: None,
                error_detail: None,
                headers: vec![],
            }
        })
        .collect();
    let snapshot = SiteSnapshot {
        probe: None,
        start_url: "http://so.thunghiem.gov.vn/".into(),
        crawled_at: at,
        outcome: SiteOutcome::Ok,
        pages,
    };
    let audit = audit_site(&snapshot, &RUBRIC, "department", as_of, &PROFILES);
    assert_eq!(audit.as_of, as_of);
    assert!(
        audit.points <= audit.max_points + 1e-9,
        "{} > {}",
        audit.points,
        audit.max_points
    );
    let plausible = |d: NaiveDate| d.year() >= 1995 && d <= as_of;
    assert!(audit.news.latest.is_none_or(plausible), "{:?}", audit.news);
    for c in &audit.criteria {
        assert!((0.0..=c.max_points + 1e-9).contains(&c.points), "{c:?}");
        assert!(c.latest_date.is_none_or(plausible), "{c:?}");
        assert!((0.0..=1.0).contains(&c.confidence), "{c:?}");
    }
});
