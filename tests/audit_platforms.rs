//! Fixture sites modelled on SharePoint (the Vietnamese /Trang/ variant), WordPress and iNet, each
//! with a stale and a missing section (tests/fixtures/sites/README.md), plus the rules for sites and
//! sections that could not be fetched: unverified and flagged, never scored as absent.
#[path = "support/mirror.rs"]
mod mirror;

use chrono::{Datelike, NaiveDate};
use ictrank::audit::model::{CriterionResult, Outcome, SiteAudit};
use ictrank::audit::{Profiles, audit_site};
use ictrank::rubric::Rubric;
use ictrank::snapshot::{ErrorKind, SiteOutcome, SiteSnapshot};
use std::sync::LazyLock;

static RUBRIC: LazyLock<Rubric> = LazyLock::new(|| {
    Rubric::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rubrics/binh-dinh-4158-2015.toml"))
        .unwrap()
});

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn site(folder: &str, base: &str, as_of: NaiveDate) -> SiteSnapshot {
    mirror::crawl(
        &mirror::fixture(&format!("sites/{folder}")),
        base,
        mirror::at(as_of.year(), as_of.month(), as_of.day(), 2),
    )
}

fn audit(snap: &SiteSnapshot, as_of: NaiveDate) -> SiteAudit {
    audit_site(snap, &RUBRIC, "department", as_of, &Profiles::builtin())
}

fn crit<'a>(a: &'a SiteAudit, id: &str) -> &'a CriterionResult {
    a.criteria.iter().find(|c| c.id == id).unwrap()
}

fn score(a: &SiteAudit, id: &str) -> (Outcome, f64, Option<NaiveDate>) {
    let c = crit(a, id);
    (c.outcome, c.points, c.latest_date)
}

#[test]
fn sharepoint_trang_site() {
    let as_of = day(2024, 5, 20);
    let snap = site("sharepoint", "http://stp.binhdinh.gov.vn/", as_of);
    let a = audit(&snap, as_of);
    assert_eq!(a.profile, "sharepoint");
    // Four items in 30 days, newest two days old: rich and timely.
    assert_eq!(score(&a, "tin_tuc"), (Outcome::Met, 15.0, Some(day(2024, 5, 18))));
    assert_eq!((a.news.items_last_30_days, a.news.items_last_90_days), (4, 5));
    // Stale: newest document 15/12/2023, 157 days before.
    assert_eq!(score(&a, "van_ban"), (Outcome::Partial, 5.0, Some(day(2023, 12, 15))));
    // Missing: no schedule anywhere.
    assert_eq!(score(&a, "lich_lam_viec"), (Outcome::NotMet, 0.0, None));
    assert_eq!(score(&a, "gioi_thieu").1, 15.0);
    for id in [
        "tim_kiem",
        "thong_tin_giao_dich",
        "ngay_dang_chan_trang",
        "dich_vu_cong",
        "ten_mien",
        "unicode",
    ] {
        assert_eq!(crit(&a, id).outcome, Outcome::Met, "{id}: {:?}", crit(&a, id).evidence);
    }
}

#[test]
fn wordpress_site() {
    let as_of = day(2025, 3, 1);
    let snap = site("wordpress", "http://ubndxa.phucat.binhdinh.gov.vn/", as_of);
    let a = audit(&snap, as_of);
    assert_eq!(a.profile, "wordpress");
    // Stale news: newest 02/01/2025, 58 days before (quoted 05/12/2024 decision ignored).
    assert_eq!(score(&a, "tin_tuc"), (Outcome::Partial, 5.0, Some(day(2025, 1, 2))));
    assert_eq!(score(&a, "hoi_dap").0, Outcome::NotMet);
    assert_eq!(score(&a, "gioi_thieu").0, Outcome::Met);
    let rss = crit(&a, "rss");
    assert_eq!(rss.outcome, Outcome::Met, "{:?}", rss.evidence);
    assert!(rss.evidence[0].url.ends_with("/feed/"));
    let print = crit(&a, "in_luu_tin_bai");
    assert_eq!(print.outcome, Outcome::Met, "{:?}", print.evidence);
    assert_eq!(crit(&a, "lien_ket").outcome, Outcome::Met, "links binhdinh.gov.vn");
}

#[test]
fn inet_site() {
    let as_of = day(2025, 2, 10);
    let snap = site("inet", "http://snv.binhdinh.gov.vn/", as_of);
    let a = audit(&snap, as_of);
    assert_eq!(a.profile, "inet");
    // Timely (3 days) but only two items in 30 days: not rich → 10.
    assert_eq!(score(&a, "tin_tuc"), (Outcome::Partial, 10.0, Some(day(2025, 2, 7))));
    assert_eq!(a.news.items_last_30_days, 2);
    // Stale direction: newest 01/10/2024, 132 days before → 5.
    assert_eq!(
        score(&a, "chi_dao_dieu_hanh"),
        (Outcome::Partial, 5.0, Some(day(2024, 10, 1)))
    );
    assert_eq!(score(&a, "van_ban"), (Outcome::NotMet, 0.0, None));
    let news = crit(&a, "tin_tuc");
    // A title quoting "Kế hoạch số 15/KH-UBND ngày 10/01/2024" is dated by its list date.
    assert!(
        news.evidence
            .iter()
            .any(|e| e.note.starts_with("28/12/2024 — Sơ kết cải cách hành chính")),
        "{:?}",
        news.evidence
    );
}

#[test]
fn a_site_that_could_not_be_checked_is_unverified_never_absent() {
    let as_of = day(2024, 5, 20);
    let mut snap = site("sharepoint", "http://stp.binhdinh.gov.vn/", as_of);
    snap.outcome = SiteOutcome::CouldNotVerify {
        kind: ErrorKind::Timeout,
        detail: "no answer in 30 s".into(),
    };
    let a = audit(&snap, as_of);
    assert_eq!(a.outcome, "could_not_verify");
    assert_eq!(a.points, 0.0);
    for c in &a.criteria {
        if c.id == "ban_bien_tap_quy_che" {
            assert_eq!((c.outcome, c.needs_review), (Outcome::Declared, false));
        } else {
            assert_eq!(
                (c.outcome, c.points, c.needs_review),
                (Outcome::Unverified, 0.0, true),
                "{}",
                c.id
            );
            assert!(c.evidence[0].note.contains("timeout"), "{:?}", c.evidence);
        }
    }
}

#[test]
fn the_json_has_the_fields_the_issue_specifies_and_explain_labels_unverified() {
    let as_of = day(2024, 5, 20);
    let mut snap = site("sharepoint", "http://stp.binhdinh.gov.vn/", as_of);
    let ok = serde_json::to_value(audit(&snap, as_of)).unwrap();
    for k in [
        "site",
        "as_of",
        "pages_fetched",
        "outcome",
        "profile",
        "news",
        "criteria",
        "points",
        "max_points",
    ] {
        assert!(ok.get(k).is_some(), "{k} in {ok}");
    }
    assert_eq!(ok["as_of"], "2024-05-20");
    assert_eq!(ok["news"]["latest"], "2024-05-18");
    let c = &ok["criteria"][0];
    for k in [
        "id",
        "outcome",
        "points",
        "max_points",
        "latest_date",
        "confidence",
        "evidence",
    ] {
        assert!(c.get(k).is_some(), "{k} in {c}");
    }
    let news = ok["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "tin_tuc")
        .unwrap();
    assert_eq!(
        (news["outcome"].as_str(), news["latest_date"].as_str()),
        (Some("met"), Some("2024-05-18"))
    );
    assert!(
        news["evidence"][0]["url"]
            .as_str()
            .unwrap()
            .ends_with("/Trang/TinTuc.aspx")
    );
    snap.outcome = SiteOutcome::CouldNotVerify {
        kind: ErrorKind::BlockedOrChallenge,
        detail: "challenge page".into(),
    };
    let a = audit(&snap, as_of);
    let text = ictrank::audit::explain(&a, Some(&RUBRIC));
    assert!(
        text.contains("Chưa kiểm tra được") && text.contains("Cần xem lại") && text.contains("blocked_or_challenge"),
        "{text}"
    );
    assert_eq!(
        serde_json::to_value(&a).unwrap()["news"]["latest"],
        serde_json::Value::Null
    );
}

#[test]
fn a_section_whose_page_failed_is_unverified() {
    let as_of = day(2024, 5, 20);
    let mut snap = site("sharepoint", "http://stp.binhdinh.gov.vn/", as_of);
    let p = snap
        .pages
        .iter_mut()
        .find(|p| p.url.ends_with("/Trang/VanBan.aspx"))
        .unwrap();
    p.status = Some(503);
    p.text = None;
    p.error = Some(ErrorKind::HttpStatus);
    let a = audit(&snap, as_of);
    let v = crit(&a, "van_ban");
    assert_eq!(
        (v.outcome, v.points, v.needs_review),
        (Outcome::Unverified, 0.0, true),
        "{:?}",
        v.evidence
    );
    assert!(v.evidence.iter().any(|e| e.note.contains("không tải được")));
    assert_eq!(score(&a, "tin_tuc").0, Outcome::Met, "the rest is still scored");
}

#[test]
fn a_host_override_pins_a_section_the_search_cannot_find() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("selectors");
    for e in std::fs::read_dir(&shipped).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::create_dir(dir.path().join("sites")).unwrap();
    std::fs::write(
        dir.path().join("sites/snv.binhdinh.gov.vn.toml"),
        "host = \"snv.binhdinh.gov.vn\"\n[sections]\nvan_ban = [\"http://snv.binhdinh.gov.vn/chi-dao-dieu-hanh/\"]\n",
    )
    .unwrap();
    let profiles = Profiles::load(dir.path()).unwrap();
    let as_of = day(2025, 2, 10);
    let snap = site("inet", "http://snv.binhdinh.gov.vn/", as_of);
    let a = audit_site(&snap, &RUBRIC, "department", as_of, &profiles);
    assert_eq!(a.profile, "inet");
    let v = crit(&a, "van_ban");
    assert_eq!(
        (v.outcome, v.points, v.latest_date),
        (Outcome::Partial, 5.0, Some(day(2024, 10, 1)))
    );
    assert!(v.evidence[0].note.contains("cấu hình riêng"), "{:?}", v.evidence);
}

#[test]
fn a_today_clock_dates_nothing() {
    use ictrank::snapshot::PageRole;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home.html");
    std::fs::write(
        &home,
        r#"<html lang="vi"><body><ul class="menu"><li><a href="/tin-tuc">Tin tức</a></li></ul></body></html>"#,
    )
    .unwrap();
    let list = dir.path().join("list.html");
    std::fs::write(
        &list,
        r#"<html lang="vi"><body><div class="top-bar">Thứ bảy, 27/08/2022</div><h1>Tin tức</h1><ul class="news">
<li><a href="/tin-tuc/hoi-nghi-tong-ket-cong-tac-nam">Hội nghị tổng kết công tác năm</a></li>
<li><a href="/tin-tuc/tap-huan-chuyen-doi-so-cho-can-bo">Tập huấn chuyển đổi số cho cán bộ</a></li>
</ul></body></html>"#,
    )
    .unwrap();
    let snap = mirror::snapshot_of(
        &[
            ("http://so.example.gov.vn/", home, PageRole::Home),
            ("http://so.example.gov.vn/tin-tuc", list, PageRole::Page),
        ],
        mirror::at(2022, 8, 27, 3),
    );
    let as_of = day(2022, 8, 27);
    let a = audit(&snap, as_of);
    let news = crit(&a, "tin_tuc");
    assert_eq!(news.latest_date, None, "{:?}", news.evidence);
    assert_eq!(
        (news.outcome, news.points),
        (Outcome::Partial, 5.0),
        "present but undated"
    );
    assert!(news.needs_review);
}

#[test]
fn a_section_link_to_a_file_is_no_section_but_is_flagged() {
    let as_of = day(2024, 5, 20);
    let mut snap = site("sharepoint", "http://stp.binhdinh.gov.vn/", as_of);
    let p = snap
        .pages
        .iter_mut()
        .find(|p| p.url.ends_with("/Trang/VanBan.aspx"))
        .unwrap();
    p.content_type = Some("application/pdf".into());
    p.text = None;
    let a = audit(&snap, as_of);
    let v = crit(&a, "van_ban");
    assert_eq!(
        (v.outcome, v.points, v.needs_review),
        (Outcome::NotMet, 0.0, true),
        "{:?}",
        v.evidence
    );
    assert!(
        v.evidence
            .iter()
            .any(|e| e.note.contains("không phải trang HTML (application/pdf)")),
        "{:?}",
        v.evidence
    );
}

#[test]
fn the_news_summary_and_dated_items_come_from_the_criterion_with_role_news() {
    let as_of = day(2025, 2, 10);
    let snap = site("inet", "http://snv.binhdinh.gov.vn/", as_of);
    let a = audit(&snap, as_of);
    assert_eq!(a.news.latest, Some(day(2025, 2, 7)), "the news section (tin_tuc)");
    // The rubric, not the code, says which criterion is the news: give the role to the directions
    // section and the summary follows it.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rubrics/binh-dinh-4158-2015.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let moved = text.replacen("role = \"news\"\n", "", 1).replacen(
        "id = \"chi_dao_dieu_hanh\"\n",
        "id = \"chi_dao_dieu_hanh\"\nrole = \"news\"\n",
        1,
    );
    assert_ne!(moved, text);
    let rubric = Rubric::parse(&moved, &path).unwrap();
    let b = audit_site(&snap, &rubric, "department", as_of, &Profiles::builtin());
    assert_eq!(b.news.latest, Some(day(2024, 10, 1)), "the directions section");
    // The criteria's own scores do not depend on the role.
    assert_eq!(score(&b, "tin_tuc"), score(&a, "tin_tuc"));
}
