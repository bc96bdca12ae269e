//! `ictrank demo` under today's rules, end to end and offline: the current-regime evaluation
//! (data/evaluations/demo-2026, rubric nd224-2026) and its fixture sites on loopback — one over
//! HTTPS with the demo CA's certificate and a redirect, one with an expired certificate, one served
//! on IPv6 (::1), one unreachable, two communes without a website — through the whole pipeline.

use chrono::NaiveDate;
use ictrank::audit::model::{CriterionResult, Outcome};
use ictrank::rank::NO_WEBSITE_REASON;

fn notes(c: &CriterionResult) -> String {
    c.evidence
        .iter()
        .map(|e| e.note.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_current_regime_demo_passes_and_fails_the_network_checks() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("no IPv6 loopback on this machine: skipped");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    // without the browser stage (tests/browser_stage.rs drives Chromium)
    let off = ictrank::browser::BrowserConfig {
        mode: ictrank::browser::BrowserMode::Off,
        ..Default::default()
    };
    let outcome = ictrank::demo::run_current(out.path(), as_of, off).await.unwrap();
    let r = &outcome.results;
    assert!(
        outcome.dir.ends_with("runs/demo-2026/run-1"),
        "{}",
        outcome.dir.display()
    );
    for name in [
        "ranking.xlsx",
        "ranking.html",
        "ranking.csv",
        "ranking.json",
        "review.txt",
    ] {
        assert!(outcome.dir.join(name).is_file(), "missing {name}");
    }
    let criterion = |unit: &str, id: &str| -> CriterionResult {
        let a = r.audits.get(unit).unwrap_or_else(|| panic!("no audit of {unit}"));
        a.criteria.iter().find(|c| c.id == id).unwrap().clone()
    };
    // HTTPS: the valid certificate with a redirect passes; the expired one and plain HTTP fail.
    let https = criterion("so-khoa-hoc-va-cong-nghe", "https");
    assert_eq!(https.outcome, Outcome::Met, "{}", notes(&https));
    assert!(
        notes(&https).contains("http:// chuyển sang https://"),
        "{}",
        notes(&https)
    );
    let broken = criterion("so-tai-chinh", "https");
    assert_eq!(broken.outcome, Outcome::NotMet, "{}", notes(&broken));
    assert!(notes(&broken).contains("chứng thư số đã hết hạn"), "{}", notes(&broken));
    let plain = criterion("so-tu-phap", "https");
    assert_eq!(plain.outcome, Outcome::NotMet);
    assert!(notes(&plain).contains("không có dịch vụ HTTPS"), "{}", notes(&plain));
    // IPv6: the ward served on ::1 passes, the others have no AAAA address.
    let v6 = criterion("phuong-dong-phu", "ipv6");
    assert_eq!(v6.outcome, Outcome::Met, "{}", notes(&v6));
    assert!(notes(&v6).contains("bản ghi AAAA: ::1"), "{}", notes(&v6));
    for unit in ["so-khoa-hoc-va-cong-nghe", "so-tu-phap", "xa-hoa-binh"] {
        let c = criterion(unit, "ipv6");
        assert_eq!(c.outcome, Outcome::NotMet, "{unit}: {}", notes(&c));
    }
    // Publishing lag (Luật TCTT Đ18.4): documents posted two days after issue pass; Sở Tư pháp,
    // which posts twelve days after, fails with the late documents named.
    let in_time = criterion("so-khoa-hoc-va-cong-nghe", "thoi_han_cong_khai");
    assert_eq!(in_time.outcome, Outcome::Met, "{}", notes(&in_time));
    let late = criterion("so-tu-phap", "thoi_han_cong_khai");
    assert_eq!(late.outcome, Outcome::NotMet, "{}", notes(&late));
    assert!(notes(&late).contains("chậm:"), "{}", notes(&late));
    // The domain pattern is read against the unit's official name and the province: hoabinh.…
    // passes for "Xã Hòa Bình", ubndxaanlac.… fails for "Xã An Lạc".
    let domain = criterion("xa-hoa-binh", "ten_mien_dung_quy_tac");
    assert_eq!(domain.outcome, Outcome::Met, "{}", notes(&domain));
    let domain = criterion("xa-an-lac", "ten_mien_dung_quy_tac");
    assert_eq!(domain.outcome, Outcome::NotMet, "{}", notes(&domain));
    // The unreachable site could not be verified, its network checks included: never 0 for that.
    let sick = &r.audits["so-y-te"];
    assert_eq!(sick.outcome, "could_not_verify");
    assert!(
        sick.criteria
            .iter()
            .filter(|c| c.outcome != Outcome::Declared)
            .all(|c| c.outcome == Outcome::Unverified)
    );
    // Communes without a website: no audit, out of the website table as "not applicable", ranked
    // overall on the other group alone (302 − 280 = 22 points).
    for unit in ["xa-suoi-tien", "dac-khu-hon-ngoc"] {
        assert!(!r.audits.contains_key(unit));
        let web = r.ranking.table("2.1").unwrap();
        assert!(web.rows.iter().all(|row| row.unit_id != unit));
        let why = &web.unranked.iter().find(|u| u.unit_id == unit).unwrap().reason;
        assert_eq!(why, NO_WEBSITE_REASON);
        let overall = r.ranking.table("2").unwrap();
        let row = overall.rows.iter().find(|row| row.unit_id == unit).unwrap();
        assert_eq!((row.points, row.max_points), (0.0, 22.0));
        assert!(
            !r.review.iter().any(|x| x.unit_id == unit),
            "a unit without a site awaits no review"
        );
    }
}

#[test]
fn the_current_demo_units_and_sites_agree() {
    let dir = tempfile::tempdir().unwrap();
    let written = ictrank::demo::write_current_evaluation(&dir.path().join("demo")).unwrap();
    let eval = ictrank::registry::Evaluation::load(&written).unwrap();
    assert_eq!(eval.rubric.id, "nd224-2026");
    let sites = &*ictrank_demo_sites::SITES_2026;
    let with_site: Vec<_> = eval.units.iter().filter(|u| u.website.is_some()).collect();
    assert_eq!(with_site.len(), sites.len());
    for u in with_site {
        let s = sites
            .iter()
            .find(|s| s.unit_id == u.id)
            .unwrap_or_else(|| panic!("no site for {}", u.id));
        assert_eq!(u.website.as_deref(), Some(s.url().as_str()));
        assert!(s.host.ends_with(".thunghiem.gov.vn"), "{}", s.host);
    }
    use ictrank_demo_sites::Transport;
    for t in [
        Transport::Http,
        Transport::Https,
        Transport::BrokenCertificate,
        Transport::Ipv6,
    ] {
        assert!(sites.iter().any(|s| s.transport == t), "{t:?}");
    }
    assert_eq!(eval.units.iter().filter(|u| u.kind == "commune").count(), 5);
    assert_eq!(eval.units.iter().filter(|u| u.website.is_none()).count(), 2);
}
