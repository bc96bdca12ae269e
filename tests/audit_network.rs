//! The `https` and `ipv6` checks of the current-regime rubric (data/rubrics/nd224-2026.toml) on
//! snapshots carrying a crawl probe, in both outcomes: a valid certificate with a redirect and no
//! mixed content passes; an expired, a wrong-host certificate, a missing redirect or mixed content
//! fails, with evidence; IPv6 served passes, no AAAA fails; no probe, a timeout or no IPv6 route on
//! the checking side are "could not verify". A site the crawler could not read (its certificate
//! refused) still gets its network checks from the probe.

use chrono::{NaiveDate, TimeZone, Utc};
use ictrank::audit::model::{CriterionResult, Outcome};
use ictrank::audit::{Profiles, audit_site};
use ictrank::rubric::Rubric;
use ictrank::snapshot::{
    CertificateState, ErrorKind, Ipv6State, Page, PageRole, Probe, RedirectState, SiteOutcome, SiteSnapshot,
};
use std::path::Path;

fn rubric() -> Rubric {
    Rubric::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rubrics/nd224-2026.toml")).unwrap()
}

fn page(url: &str, body: &str) -> Page {
    Page {
        url: url.into(),
        final_url: url.into(),
        role: PageRole::Home,
        status: Some(200),
        content_type: Some("text/html; charset=utf-8".into()),
        fetched_at: Utc::now(),
        text: Some(body.into()),
        charset: Some("utf-8".into()),
        error: None,
        error_detail: None,
        headers: vec![],
    }
}

fn good_probe() -> Probe {
    Probe {
        probed_at: Utc::now(),
        https_url: "https://stttt.thunghiem.gov.vn/".into(),
        certificate: CertificateState::Valid {
            not_after: Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).single(),
        },
        http_url: "http://stttt.thunghiem.gov.vn/".into(),
        redirect: RedirectState::ToHttps {
            status: 301,
            location: "https://stttt.thunghiem.gov.vn/".into(),
        },
        ipv6: Ipv6State {
            addresses: vec!["2001:db8::10".into()],
            lookup_error: None,
            status: Some(200),
            detail: "https://stttt.thunghiem.gov.vn/ trả lời qua IPv6 (HTTP 200)".into(),
            failure: None,
        },
    }
}

const CLEAN: &str = r#"<html lang="vi"><head><title>Sở Thông tin</title><link rel="stylesheet" href="/style.css"></head>
<body><h1>Trang chủ</h1><img src="https://stttt.thunghiem.gov.vn/logo.png" alt="logo"><a href="http://example.vn/">liên kết http không tải gì</a></body></html>"#;
const MIXED: &str = r#"<html lang="vi"><head><title>Sở Thông tin</title><script src="http://cdn.example.vn/jquery.js"></script></head>
<body><h1>Trang chủ</h1><img src="http://stttt.thunghiem.gov.vn/logo.png" alt="logo"></body></html>"#;

fn site(body: &str, probe: Option<Probe>) -> SiteSnapshot {
    SiteSnapshot {
        start_url: "https://stttt.thunghiem.gov.vn/".into(),
        crawled_at: Utc::now(),
        outcome: SiteOutcome::Ok,
        pages: vec![page("https://stttt.thunghiem.gov.vn/", body)],
        probe,
    }
}

fn result(snap: &SiteSnapshot, id: &str) -> CriterionResult {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let audit = audit_site(snap, &rubric(), "department", as_of, &Profiles::builtin());
    audit.criteria.into_iter().find(|c| c.id == id).unwrap()
}

fn notes(r: &CriterionResult) -> String {
    r.evidence
        .iter()
        .map(|e| e.note.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn https_passes_with_a_valid_certificate_a_redirect_and_no_mixed_content() {
    let r = result(&site(CLEAN, Some(good_probe())), "https");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert_eq!(r.points, r.max_points);
    let n = notes(&r);
    assert!(n.contains("hết hạn ngày 01/03/2027"), "{n}");
    assert!(n.contains("http:// chuyển sang https:// (HTTP 301"), "{n}");
    assert!(n.contains("không có nội dung hỗn hợp trên 1 trang"), "{n}");
}

#[test]
fn https_fails_on_each_broken_part_with_evidence() {
    let expired = Probe {
        certificate: CertificateState::Expired {
            not_after: Utc.with_ymd_and_hms(2025, 12, 31, 0, 0, 0).single(),
        },
        ..good_probe()
    };
    let r = result(&site(CLEAN, Some(expired)), "https");
    assert_eq!((r.outcome, r.points), (Outcome::NotMet, 0.0), "{}", notes(&r));
    assert!(
        notes(&r).contains("chứng thư số đã hết hạn ngày 31/12/2025"),
        "{}",
        notes(&r)
    );

    let wrong = Probe {
        certificate: CertificateState::WrongHost {
            detail: "NotValidForName".into(),
        },
        ..good_probe()
    };
    let r = result(&site(CLEAN, Some(wrong)), "https");
    assert_eq!(r.outcome, Outcome::NotMet);
    assert!(notes(&r).contains("không cấp cho tên miền này"), "{}", notes(&r));

    let no_redirect = Probe {
        redirect: RedirectState::NotRedirected {
            status: 200,
            location: None,
        },
        ..good_probe()
    };
    let r = result(&site(CLEAN, Some(no_redirect)), "https");
    assert_eq!(r.outcome, Outcome::NotMet);
    assert!(
        notes(&r).contains("http:// không chuyển sang https:// (HTTP 200)"),
        "{}",
        notes(&r)
    );

    let r = result(&site(MIXED, Some(good_probe())), "https");
    assert_eq!(r.outcome, Outcome::NotMet);
    let n = notes(&r);
    assert!(
        n.contains("nội dung hỗn hợp: tải http://cdn.example.vn/jquery.js qua http://"),
        "{n}"
    );
    assert!(n.contains("http://stttt.thunghiem.gov.vn/logo.png"), "{n}");
}

#[test]
fn without_a_probe_or_on_a_timeout_https_and_ipv6_could_not_be_verified() {
    for id in ["https", "ipv6"] {
        let r = result(&site(CLEAN, None), id);
        assert_eq!(r.outcome, Outcome::Unverified, "{id}");
        assert!(notes(&r).contains("không kiểm tra được"), "{}", notes(&r));
    }
    let timed_out = Probe {
        certificate: CertificateState::Failed {
            detail: "operation timed out".into(),
        },
        ..good_probe()
    };
    assert_eq!(
        result(&site(CLEAN, Some(timed_out)), "https").outcome,
        Outcome::Unverified
    );
}

#[test]
fn ipv6_passes_when_served_and_fails_without_aaaa() {
    let r = result(&site(CLEAN, Some(good_probe())), "ipv6");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(notes(&r).contains("bản ghi AAAA: 2001:db8::10"), "{}", notes(&r));

    let mut none = good_probe();
    none.ipv6 = Ipv6State {
        addresses: vec![],
        lookup_error: None,
        status: None,
        detail: "không có bản ghi AAAA (địa chỉ IPv6)".into(),
        failure: None,
    };
    let r = result(&site(CLEAN, Some(none)), "ipv6");
    assert_eq!((r.outcome, r.points), (Outcome::NotMet, 0.0));
    assert!(notes(&r).contains("không có bản ghi AAAA"), "{}", notes(&r));

    let mut refused = good_probe();
    refused.ipv6.status = None;
    refused.ipv6.failure = Some("refused".into());
    assert_eq!(result(&site(CLEAN, Some(refused)), "ipv6").outcome, Outcome::NotMet);

    // This machine has no IPv6 route: nothing is known of the site.
    let mut no_route = good_probe();
    no_route.ipv6.status = None;
    no_route.ipv6.failure = Some("no_route".into());
    assert_eq!(
        result(&site(CLEAN, Some(no_route)), "ipv6").outcome,
        Outcome::Unverified
    );
}

#[test]
fn a_site_whose_certificate_the_crawler_refused_still_fails_https_from_the_probe() {
    let probe = Probe {
        certificate: CertificateState::Expired { not_after: None },
        ..good_probe()
    };
    let snap = SiteSnapshot {
        outcome: SiteOutcome::CouldNotVerify {
            kind: ErrorKind::Tls,
            detail: "invalid peer certificate: Expired".into(),
        },
        pages: vec![],
        ..site(CLEAN, Some(probe))
    };
    let r = result(&snap, "https");
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
    assert!(notes(&r).contains("chứng thư số đã hết hạn"), "{}", notes(&r));
    assert_eq!(result(&snap, "ipv6").outcome, Outcome::Met);
    // the content criteria stay unverified
    assert_eq!(result(&snap, "du_lieu_dac_ta").outcome, Outcome::Unverified);
    // A host that answered nothing: its network checks could not be verified either.
    let mut down = good_probe();
    down.certificate = CertificateState::NoHttps {
        detail: "Connection refused".into(),
    };
    down.ipv6.status = None;
    down.ipv6.failure = Some("refused".into());
    let snap = SiteSnapshot {
        outcome: SiteOutcome::CouldNotVerify {
            kind: ErrorKind::Connect,
            detail: "Connection refused".into(),
        },
        pages: vec![],
        ..site(CLEAN, Some(down))
    };
    assert_eq!(result(&snap, "https").outcome, Outcome::Unverified);
    assert_eq!(result(&snap, "ipv6").outcome, Outcome::Unverified);
}
