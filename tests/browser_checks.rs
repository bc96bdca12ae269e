//! The browser criteria of the current-regime rubric as the audit decides them from the browser
//! stage's findings (no browser needed here): met and not met by the limits, "could not verify"
//! — never 0 as a finding — when the stage did not run or Chromium is missing, and the scorecard's
//! load times and phone screenshot.

use ictrank::audit::model::{Outcome, SiteAudit};
use ictrank::audit::{Profiles, UnitFacts, audit_unit_site};
use ictrank::browser::findings::{A11y, Mobile, PageFindings, PerfRun, Sample, SiteFindings, Violation};
use ictrank::browser::{BrowserConfig, BrowserMode};
use ictrank::rubric::Rubric;
use ictrank::snapshot::{Page, PageRole, SiteOutcome, SiteSnapshot};
use std::path::Path;
use std::sync::Arc;

const HOME: &str = "http://sotttt.thunghiem.gov.vn/";

fn rubric() -> Rubric {
    Rubric::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rubrics/nd224-2026.toml")).unwrap()
}

fn snapshot() -> SiteSnapshot {
    SiteSnapshot {
        start_url: HOME.into(),
        crawled_at: chrono::Utc::now(),
        outcome: SiteOutcome::Ok,
        probe: None,
        pages: vec![Page {
            url: HOME.into(),
            final_url: HOME.into(),
            role: PageRole::Home,
            status: Some(200),
            content_type: Some("text/html; charset=utf-8".into()),
            fetched_at: chrono::Utc::now(),
            text: Some(
                "<html lang=\"vi\"><head><title>Sở</title></head><body><h1>Sở Thử Nghiệm</h1></body></html>".into(),
            ),
            charset: Some("utf-8".into()),
            error: None,
            error_detail: None,
            headers: vec![],
        }],
    }
}

fn run(fcp: f64, lcp: f64, task: f64) -> PerfRun {
    PerfRun {
        fcp_ms: Some(fcp),
        lcp_ms: Some(lcp),
        full_display_ms: Some(lcp + 200.0),
        longest_task_ms: task,
        long_tasks: u32::from(task >= 50.0),
    }
}

fn findings(lcp: f64, wide: bool, violations: Vec<Violation>) -> SiteFindings {
    SiteFindings {
        browser: "Chromium 156.0".into(),
        network: "mạng thực của máy đo".into(),
        loads: 3,
        pages: vec![PageFindings {
            url: HOME.into(),
            sample: Sample::Home,
            perf: Some(ictrank::browser::performance::median(vec![
                run(800.0, lcp, 120.0),
                run(900.0, lcp + 100.0, 80.0),
                run(1000.0, lcp - 100.0, 700.0),
            ])),
            mobile: Some(Mobile {
                width: 390,
                viewport_meta: (!wide).then(|| "width=device-width".to_string()),
                scroll_width: if wide { 1200 } else { 390 },
                screenshot: Some("/tmp/run-1/anh-dien-thoai/sotttt.thunghiem.gov.vn.jpg".into()),
            }),
            a11y: Some(A11y {
                axe_version: "4.14.1".into(),
                violations,
            }),
            errors: vec![],
        }],
        ..Default::default()
    }
}

fn audit(browser: Option<SiteFindings>) -> SiteAudit {
    audit_by(&rubric(), browser)
}

fn audit_by(rubric: &Rubric, browser: Option<SiteFindings>) -> SiteAudit {
    let unit = UnitFacts {
        browser: browser.map(Arc::new),
        ..UnitFacts::of_kind("department")
    };
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    audit_unit_site(&snapshot(), rubric, &unit, day, &Profiles::builtin())
}

fn outcome(a: &SiteAudit, id: &str) -> Outcome {
    a.criteria
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id}"))
        .outcome
}

const BROWSER_CRITERIA: [&str; 6] = [
    "hieu_nang_fcp",
    "hieu_nang_lcp",
    "hieu_nang_speed_index",
    "hieu_nang_tac_vu",
    "tuong_thich_di_dong",
    "ho_tro_nguoi_khuyet_tat",
];

#[test]
fn fast_fitting_accessible_pages_meet_the_browser_criteria() {
    let a = audit(Some(findings(1500.0, false, vec![])));
    for id in [
        "hieu_nang_fcp",
        "hieu_nang_lcp",
        "hieu_nang_speed_index",
        "tuong_thich_di_dong",
        "ho_tro_nguoi_khuyet_tat",
    ] {
        assert_eq!(outcome(&a, id), Outcome::Met, "{id}");
    }
    // the median task (120 ms) is under 0.6 s although one load had a 0.7 s task
    assert_eq!(outcome(&a, "hieu_nang_tac_vu"), Outcome::Met);
    let lcp = a.criteria.iter().find(|c| c.id == "hieu_nang_lcp").unwrap();
    assert!(
        lcp.evidence[0].note.contains("trung vị của 3 lần tải"),
        "{:?}",
        lcp.evidence
    );
    assert!(lcp.evidence[1].note.contains("1,50 giây"), "{:?}", lcp.evidence);
}

#[test]
fn the_limits_are_the_rubric_s() {
    // the same page (largest paint 1.5 s, first paint 0.9 s) under the current rubric and under
    // one whose largest-paint limit is 1 s
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rubrics/nd224-2026.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("limit_ms = 4000\n").count(), 1);
    let strict = Rubric::parse(
        &text.replace("limit_ms = 4000\n", "limit_ms = 1000\n"),
        Path::new("nghiem-ngat.toml"),
    )
    .unwrap();
    let f = findings(1500.0, false, vec![]);
    let lenient = audit(Some(f.clone()));
    let strict = audit_by(&strict, Some(f));
    assert_eq!(outcome(&lenient, "hieu_nang_lcp"), Outcome::Met);
    assert_eq!(outcome(&strict, "hieu_nang_lcp"), Outcome::NotMet);
    assert_eq!(outcome(&strict, "hieu_nang_fcp"), Outcome::Met, "the other limits stay");
    let note = |a: &SiteAudit| {
        a.criteria.iter().find(|c| c.id == "hieu_nang_lcp").unwrap().evidence[1]
            .note
            .clone()
    };
    assert!(note(&lenient).contains("ngưỡng dưới 4,00 giây") && note(&lenient).ends_with("đạt"));
    assert!(note(&strict).contains("ngưỡng dưới 1,00 giây") && note(&strict).ends_with("không đạt"));
}

#[test]
fn a_slow_wide_inaccessible_page_fails_them() {
    let v = Violation {
        id: "image-alt".into(),
        impact: Some("critical".into()),
        help: "Images must have alternative text".into(),
        nodes: 4,
        targets: vec!["img.logo".into()],
    };
    let a = audit(Some(findings(5800.0, true, vec![v])));
    assert_eq!(outcome(&a, "hieu_nang_fcp"), Outcome::Met);
    for id in [
        "hieu_nang_lcp",
        "hieu_nang_speed_index",
        "tuong_thich_di_dong",
        "ho_tro_nguoi_khuyet_tat",
    ] {
        assert_eq!(outcome(&a, id), Outcome::NotMet, "{id}");
    }
    let wcag = a.criteria.iter().find(|c| c.id == "ho_tro_nguoi_khuyet_tat").unwrap();
    assert!(
        wcag.evidence
            .iter()
            .any(|e| e.note.contains("ảnh thiếu văn bản thay thế") && e.note.contains("4 phần tử")),
        "{:?}",
        wcag.evidence
    );
    let phone = a.criteria.iter().find(|c| c.id == "tuong_thich_di_dong").unwrap();
    assert!(
        phone.evidence.iter().any(|e| e.note.contains("phải cuộn ngang")),
        "{:?}",
        phone.evidence
    );
    assert!(
        phone.evidence.iter().any(|e| e.url.ends_with(".jpg")),
        "{:?}",
        phone.evidence
    );
}

#[test]
fn without_the_browser_stage_the_browser_criteria_cannot_be_verified() {
    for f in [
        None,
        Some(ictrank::browser::unmeasured(
            "không có trình duyệt Chromium tại /khong/co",
        )),
    ] {
        let with_error = f.is_some();
        let a = audit(f);
        for id in BROWSER_CRITERIA {
            let c = a.criteria.iter().find(|c| c.id == id).unwrap();
            assert_eq!(c.outcome, Outcome::Unverified, "{id}");
            assert!(c.needs_review, "{id}");
            if with_error {
                assert!(c.evidence[0].note.contains("/khong/co"), "{:?}", c.evidence);
            }
        }
    }
}

#[tokio::test]
async fn chromium_missing_is_recorded_under_auto_and_an_error_under_required() {
    let dir = tempfile::tempdir().unwrap();
    let store = ictrank::store::Store::open(&dir.path().join("s.db").to_string_lossy())
        .await
        .unwrap();
    let run = ictrank::store::crawl::create_run(&store, "{}").await.unwrap();
    let id = ictrank::store::crawl::add_site(&store, run, None, HOME).await.unwrap();
    ictrank::store::crawl::finish_site(&store, id, &SiteOutcome::Ok, &[])
        .await
        .unwrap();
    let cfg = BrowserConfig {
        chromium: "/khong/co/chromium".into(),
        ..BrowserConfig::default()
    };
    let summary = ictrank::pipeline::browser::run_stage(&store, run, &cfg).await.unwrap();
    assert!(summary.skipped.as_deref().unwrap().contains("/khong/co/chromium"));
    let f = ictrank::store::browser::load_findings(&store, run, HOME)
        .await
        .unwrap()
        .unwrap();
    assert!(f.error.unwrap().contains("không có trình duyệt Chromium"));
    let required = BrowserConfig {
        mode: BrowserMode::Required,
        ..cfg
    };
    let e = ictrank::pipeline::browser::run_stage(&store, run, &required)
        .await
        .unwrap_err();
    assert!(format!("{e:#}").contains("--browser required"), "{e:#}");
}

#[test]
fn the_scorecard_shows_load_times_and_the_phone_screenshot() {
    let a = audit(Some(findings(1500.0, false, vec![])));
    let html = ictrank::report::scorecard_html("Sở Thử Nghiệm", "department", Some(&a), &[], &rubric());
    assert!(html.contains("Tốc độ tải trang và hiển thị trên điện thoại"), "{html}");
    assert!(
        html.contains(r#"src="../anh-dien-thoai/sotttt.thunghiem.gov.vn.jpg""#),
        "{html}"
    );
    assert!(html.contains("1,50 giây"), "{html}");
}
