//! The NukeViet eGovernment demo (a real NukeViet 4.4 install's output) audited as of 2026-11-26
//! against its LABELS.json ground truth: per-category dates and counts, the newest document, the
//! "Sơ đồ cổng" link that leads to the RSS list, the page dated after every article, absent sections.
#[path = "support/mirror.rs"]
mod mirror;

use chrono::NaiveDate;
use ictrank::audit::items::list_items;
use ictrank::audit::model::{Outcome, SiteAudit};
use ictrank::audit::view::SiteView;
use ictrank::audit::{Profiles, audit_site, explain};
use ictrank::rubric::Rubric;
use ictrank::snapshot::SiteSnapshot;
use serde_json::Value;
use std::sync::LazyLock;

const BASE: &str = "http://ubnd-nvdemo.gialai.gov.vn/";

static SNAP: LazyLock<SiteSnapshot> = LazyLock::new(|| {
    mirror::crawl(
        &mirror::corpus("sites/nukeviet-demo/ubnd-nvdemo.gialai.gov.vn"),
        BASE,
        mirror::at(2026, 11, 26, 4),
    )
});
static LABELS: LazyLock<Value> = LazyLock::new(|| {
    let text = std::fs::read_to_string(mirror::corpus("sites/nukeviet-demo/LABELS.json")).unwrap();
    serde_json::from_str(&text).unwrap()
});
static RUBRIC: LazyLock<Rubric> = LazyLock::new(|| {
    Rubric::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rubrics/binh-dinh-4158-2015.toml"))
        .unwrap()
});
static AUDIT: LazyLock<SiteAudit> =
    LazyLock::new(|| audit_site(&SNAP, &RUBRIC, "district", as_of(), &Profiles::builtin()));

fn as_of() -> NaiveDate {
    NaiveDate::parse_from_str(LABELS["evaluation_date"].as_str().unwrap(), "%Y-%m-%d").unwrap()
}

fn date(v: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap()
}

fn crit(id: &str) -> &'static ictrank::audit::model::CriterionResult {
    AUDIT
        .criteria
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no criterion {id}"))
}

#[test]
fn every_category_lists_its_labelled_titles_and_dates() {
    let view = SiteView::new(&SNAP, as_of());
    let prof = Profiles::builtin().detect(&view);
    assert_eq!(prof.id, "nukeviet");
    for cat in LABELS["categories"].as_array().unwrap() {
        let url = cat["url"].as_str().unwrap();
        let page = SNAP.page(url).unwrap();
        let list = list_items(&view, page, &prof.selectors, as_of());
        let dates: Vec<NaiveDate> = list.items.iter().map(|i| i.date.expect("every item dated")).collect();
        let want: Vec<NaiveDate> = cat["all_dates"].as_array().unwrap().iter().map(date).collect();
        assert_eq!(dates, want, "{url}");
        assert_eq!(list.items.len() as u64, cat["post_count"].as_u64().unwrap());
        let slug = cat["slug"].as_str().unwrap();
        for post in LABELS["posts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["category"] == slug)
        {
            let it = list
                .items
                .iter()
                .find(|i| i.url == post["url"].as_str().unwrap())
                .expect("post listed");
            assert_eq!(it.title, post["title"].as_str().unwrap());
            assert_eq!(it.date, Some(date(&post["published_date"])), "{}", it.url);
        }
    }
}

#[test]
fn news_summary_and_freshness_points_follow_the_labels() {
    let news = &LABELS["news"];
    assert_eq!(AUDIT.profile, "nukeviet");
    assert_eq!(AUDIT.news.latest, Some(date(&news["newest_date"])));
    assert_eq!(
        u64::from(AUDIT.news.items_last_30_days),
        news["count_last_30_days"].as_u64().unwrap()
    );
    assert_eq!(
        u64::from(AUDIT.news.items_last_90_days),
        news["count_last_90_days"].as_u64().unwrap()
    );
    // Newest news 18/11 is 8 days old: rich (4 in 30 days) but past the 7-day window → 10.
    let t = crit("tin_tuc");
    assert_eq!(
        (t.points, t.outcome, t.latest_date),
        (10.0, Outcome::Partial, Some(date(&news["newest_date"])))
    );
    let newest = &LABELS["newest_date_by_category"];
    let c = crit("chi_dao_dieu_hanh");
    assert_eq!(
        (c.points, c.latest_date),
        (10.0, Some(date(&newest["Chỉ đạo điều hành"]))),
        "72 days: within 90"
    );
    let l = crit("lay_y_kien_du_thao");
    assert_eq!(
        (l.points, l.latest_date),
        (5.0, Some(date(&newest["Lấy ý kiến dự thảo"]))),
        "2024: outdated"
    );
    let v = crit("van_ban");
    let newest_doc = LABELS["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| date(&d["ngay_ban_hanh"]))
        .max();
    assert_eq!((v.points, v.latest_date), (15.0, newest_doc));
    assert!(v.evidence.iter().any(|e| e.url.ends_with("/laws/")), "{:?}", v.evidence);
}

#[test]
fn the_schedule_page_is_dated_by_its_publication_not_by_the_week_it_lists() {
    let s = crit("lich_lam_viec");
    let published = LABELS["pages"]
        .as_object()
        .unwrap()
        .values()
        .find(|p| p["url"].as_str().unwrap().ends_with("lich-lam-viec.html"))
        .unwrap();
    let want = NaiveDate::parse_from_str(&published["published"].as_str().unwrap()[..10], "%Y-%m-%d").unwrap();
    assert_eq!(s.latest_date, Some(want));
    assert!(s.latest_date.unwrap() <= as_of());
}

#[test]
fn functions_and_traps() {
    let met = |id: &str| crit(id).outcome == Outcome::Met;
    for id in [
        "gioi_thieu",
        "tim_kiem",
        "tim_kiem_van_ban",
        "hoi_dap",
        "rss",
        "unicode",
        "ten_mien",
        "thong_tin_giao_dich",
        "in_luu_tin_bai",
        "dich_vu_cong",
        "lien_ket",
    ] {
        assert!(met(id), "{id}: {:?}", crit(id));
    }
    // "Sơ đồ cổng" leads to /feeds/, an RSS list: no HTML site map although sitemap.xml exists.
    let map = crit("so_do_site");
    assert_eq!((map.outcome, map.points), (Outcome::NotMet, 0.0));
    assert!(map.needs_review);
    assert!(
        map.evidence
            .iter()
            .any(|e| e.url.ends_with("/feeds/") && e.note.contains("không phải sơ đồ trang")),
        "{:?}",
        map.evidence
    );
    assert!(map.evidence.iter().any(|e| e.url.ends_with("/sitemap.xml")));
    // "Liên hệ" gives the office's contact (twice: address block and Văn phòng) and the one-stop desk:
    // two contacts, not a directory of officials, so thin.
    let dir = crit("danh_ba");
    assert_eq!((dir.outcome, dir.points), (Outcome::Partial, 5.0), "{:?}", dir.evidence);
    assert!(
        dir.evidence
            .iter()
            .any(|e| e.url.ends_with("/contact/") && e.note.starts_with("chỉ 2 người hoặc đơn vị")),
        "{:?}",
        dir.evidence
    );
    // Absent sections score nothing and say so.
    for id in ["tieng_anh", "dau_thau_mua_sam"] {
        assert_eq!((crit(id).outcome, crit(id).points), (Outcome::NotMet, 0.0), "{id}");
    }
    // No date after the evaluation date, and the footer licence date (12/03/2021) dates nothing.
    for c in &AUDIT.criteria {
        assert!(
            c.latest_date
                .is_none_or(|d| d <= as_of() && d != NaiveDate::from_ymd_opt(2021, 3, 12).unwrap()),
            "{c:?}"
        );
    }
    let declared = crit("ban_bien_tap_quy_che");
    assert_eq!(
        (declared.outcome, declared.points, declared.needs_review),
        (Outcome::Declared, 0.0, false)
    );
    let total: f64 = AUDIT.criteria.iter().map(|c| c.points).sum();
    assert_eq!(AUDIT.points, total);
    assert_eq!(AUDIT.max_points, 525.0);
    let text = explain(&AUDIT, Some(&RUBRIC));
    assert!(
        text.contains("Điểm: 10/15 · Đạt một phần") && text.contains("Bằng chứng:") && text.contains("Không đạt"),
        "{text}"
    );
}
