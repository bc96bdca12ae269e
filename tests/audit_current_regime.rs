//! The current regime's rubric (NĐ 224/2026, data/rubrics/nd224-2026.toml) on real sites: the
//! sotttt.hanoi.gov.vn mirror (27/08/2022) audited as a department of Hà Nội, and the NukeViet
//! eGovernment site of the fictional commune "xã Ia Demo" (Gia Lai, 26/11/2026). What they show and
//! lack is their own (no meta description, DVC links, a poll on procedures that is no rating of the
//! information); the network and browser criteria could not be verified.
#[path = "support/mirror.rs"]
mod mirror;

use chrono::NaiveDate;
use ictrank::audit::model::{CriterionResult, Outcome, SiteAudit};
use ictrank::audit::{Profiles, UnitFacts, audit_unit_site};
use ictrank::rubric::{Mode, Rubric};
use ictrank::snapshot::SiteSnapshot;
use std::sync::LazyLock;

static SNAP: LazyLock<SiteSnapshot> = LazyLock::new(|| {
    mirror::crawl(
        &mirror::corpus("sites/sotttt.hanoi.gov.vn"),
        "http://sotttt.hanoi.gov.vn/",
        mirror::at(2022, 8, 27, 3),
    )
});
static RUBRIC: LazyLock<Rubric> = LazyLock::new(|| {
    Rubric::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rubrics/nd224-2026.toml")).unwrap()
});

fn audit(province: &str) -> SiteAudit {
    let unit = UnitFacts::named("department", "Sở Thông tin và Truyền thông", Some(province));
    audit_unit_site(
        &SNAP,
        &RUBRIC,
        &unit,
        NaiveDate::from_ymd_opt(2022, 8, 27).unwrap(),
        &Profiles::builtin(),
    )
}

static HANOI: LazyLock<SiteAudit> = LazyLock::new(|| audit("Thành phố Hà Nội"));

fn crit<'a>(a: &'a SiteAudit, id: &str) -> &'a CriterionResult {
    a.criteria
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no criterion {id}"))
}

fn notes(c: &CriterionResult) -> String {
    c.evidence
        .iter()
        .map(|e| format!("{} | {}", e.url, e.note))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_department_criterion_is_assessed_with_evidence() {
    let a = &*HANOI;
    assert_eq!(a.max_points, 270.0);
    assert_eq!(a.criteria.len(), 32, "the department's criteria of both groups");
    for c in &a.criteria {
        assert!(!c.evidence.is_empty(), "{} has no evidence", c.id);
    }
    // Commune-only criteria are not a department's.
    assert!(a.criteria.iter().all(|c| c.id != "ban_do_dia_gioi"));
    // Semi-automatic findings all go to a person.
    for c in &a.criteria {
        let (_, cr) = RUBRIC.criterion(&c.id).unwrap();
        if RUBRIC.mode(cr) == Mode::SemiAutomatic && c.outcome != Outcome::Declared {
            assert!(c.needs_review, "{} is semi-automatic", c.id);
        }
    }
}

#[test]
fn the_domain_is_read_against_the_evaluation_s_province() {
    let c = crit(&HANOI, "ten_mien_dung_quy_tac");
    assert_eq!(c.outcome, Outcome::Met, "{}", notes(c));
    assert!(notes(c).contains("nhãn tỉnh \"hanoi\" đúng"), "{}", notes(c));
    let gia_lai = audit("Gia Lai");
    let c = crit(&gia_lai, "ten_mien_dung_quy_tac");
    assert_eq!(c.outcome, Outcome::NotMet, "{}", notes(c));
    assert!(notes(c).contains("gialai.gov.vn"), "{}", notes(c));
}

#[test]
fn the_site_s_own_findings() {
    let a = &*HANOI;
    let meta = crit(a, "du_lieu_dac_ta");
    assert_eq!(meta.outcome, Outcome::NotMet, "{}", notes(meta));
    assert!(notes(meta).contains("description: không có"), "{}", notes(meta));
    let dvc = crit(a, "tthc_dvc_tich_hop");
    assert_eq!(dvc.outcome, Outcome::Met, "{}", notes(dvc));
    assert!(
        notes(dvc).contains("https://dichvucong.hanoi.gov.vn/"),
        "{}",
        notes(dvc)
    );
    // "Báo chí - xuất bản - truyền thông" is no history of the agency, though "truyền thông" and
    // "truyền thống" fold alike.
    let hist = crit(a, "lich_su_hinh_thanh");
    assert!(!notes(hist).contains("bao-chi-xuat-ban"), "{}", notes(hist));
}

#[test]
fn what_cannot_be_read_from_pages_is_unverified_not_absent() {
    let a = &*HANOI;
    for id in [
        "https",
        "ipv6",
        "hieu_nang_fcp",
        "hieu_nang_lcp",
        "hieu_nang_speed_index",
        "hieu_nang_tac_vu",
        "tuong_thich_di_dong",
        "ho_tro_nguoi_khuyet_tat",
        "thoi_han_cong_khai",
    ] {
        let c = crit(a, id);
        assert_eq!(c.outcome, Outcome::Unverified, "{id}: {}", notes(c));
        assert!(
            c.needs_review && notes(c).contains("không kiểm tra được"),
            "{id}: {}",
            notes(c)
        );
    }
}

static IA_DEMO: LazyLock<SiteAudit> = LazyLock::new(|| {
    let snap = mirror::crawl(
        &mirror::corpus("sites/nukeviet-demo/ubnd-nvdemo.gialai.gov.vn"),
        "http://ubnd-nvdemo.gialai.gov.vn/",
        mirror::at(2026, 11, 26, 4),
    );
    let unit = UnitFacts::named("commune", "Xã Ia Demo", Some("Gia Lai"));
    audit_unit_site(
        &snap,
        &RUBRIC,
        &unit,
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        &Profiles::builtin(),
    )
});

#[test]
fn a_commune_site_on_nukeviet() {
    let a = &*IA_DEMO;
    assert_eq!(a.max_points, 280.0);
    // The host's label is not the commune's name without diacritics.
    let c = crit(a, "ten_mien_dung_quy_tac");
    assert_eq!(c.outcome, Outcome::NotMet, "{}", notes(c));
    assert!(
        notes(c).contains("\"ubnd-nvdemo\"") && notes(c).contains("\"iademo\""),
        "{}",
        notes(c)
    );
    // Metadata: description and OpenGraph on the home page and the documents read.
    let c = crit(a, "du_lieu_dac_ta");
    assert_eq!(c.outcome, Outcome::Met, "{}", notes(c));
    // The national DVC portal is linked; the CMS vendor's "egov" site is not a DVC portal.
    let c = crit(a, "tthc_dvc_tich_hop");
    assert_eq!(c.outcome, Outcome::Met, "{}", notes(c));
    assert!(
        notes(c).contains("https://dichvucong.gov.vn/") && !notes(c).contains("nukeviet.vn"),
        "{}",
        notes(c)
    );
    // The poll "Bạn đánh giá thế nào về chất lượng giải quyết thủ tục hành chính" rates the service:
    // no rating of the information, but a candidate for the service-quality item e).
    let c = crit(a, "danh_gia_hai_long_thong_tin");
    assert_eq!(c.outcome, Outcome::NotMet, "{}", notes(c));
    let c = crit(a, "chat_luong_dvctt_cong_khai");
    assert!(
        c.needs_review && notes(c).contains("e) mức độ hài lòng của người dân, doanh nghiệp: ứng viên"),
        "{}",
        notes(c)
    );
    // Only ministries' sites are linked: no subordinate unit, no province portal.
    let c = crit(a, "lien_ket_co_quan_truc_thuoc");
    assert_eq!(c.outcome, Outcome::NotMet, "{}", notes(c));
}
