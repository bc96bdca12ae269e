//! Scorecards (HTML and DOCX) from an audit against the Bình Định rubric, and `write_all` writing
//! every report of a run into one folder.

use chrono::NaiveDate;
use ictrank::audit::model::{CriterionResult, Evidence, NewsSummary, Outcome, SiteAudit};
use ictrank::declared::DeclaredSet;
use ictrank::rank;
use ictrank::registry::Evaluation;
use ictrank::report::docx::scorecard_docx;
use ictrank::report::scorecard::Scorecard;
use ictrank::report::{HtmlExtras, ScorecardInput, StoredPage, scorecard_html, write_all};
use ictrank::rubric::Rubric;
use quick_xml::events::Event;
use scraper::{Html, Selector};
use std::io::Read;
use std::path::Path;

fn rubric() -> Rubric {
    Rubric::load(Path::new("data/rubrics/binh-dinh-4158-2015.toml")).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn result(id: &str, outcome: Outcome, points: f64, latest: Option<&str>, evidence: Vec<Evidence>) -> CriterionResult {
    CriterionResult {
        id: id.into(),
        outcome,
        points,
        max_points: 15.0,
        latest_date: latest.map(date),
        confidence: if outcome == Outcome::Unverified { 0.0 } else { 0.9 },
        evidence,
        needs_review: outcome == Outcome::Unverified,
    }
}

fn ev(url: &str, note: &str) -> Evidence {
    Evidence {
        url: url.into(),
        note: note.into(),
    }
}

fn audit() -> SiteAudit {
    SiteAudit {
        site: "https://stc.binhdinh.gov.vn/".into(),
        as_of: date("2026-11-26"),
        pages_fetched: 120,
        outcome: "ok".into(),
        profile: "generic".into(),
        news: NewsSummary::default(),
        criteria: vec![
            result(
                "gioi_thieu",
                Outcome::Met,
                15.0,
                None,
                vec![ev("https://stc.binhdinh.gov.vn/gioi-thieu", "Trang giới thiệu")],
            ),
            result(
                "tin_tuc",
                Outcome::Partial,
                10.0,
                Some("2026-09-03"),
                vec![
                    ev("https://stc.binhdinh.gov.vn/tin-tuc?a=1&b=2", "Tin <mới nhất>"),
                    ev("javascript:alert(1)", "lạ"),
                ],
            ),
            result("lanh_dao", Outcome::NotMet, 0.0, None, vec![]),
            result("chi_dao_dieu_hanh", Outcome::Unverified, 0.0, None, vec![]),
            result("ban_bien_tap_quy_che", Outcome::Declared, 15.0, None, vec![]),
        ],
        points: 40.0,
        max_points: 525.0,
    }
}

fn groups() -> Vec<(String, f64, f64)> {
    vec![
        ("Hạ tầng kỹ thuật CNTT".into(), 75.0, 90.0),
        ("Trang thông tin điện tử".into(), 40.0, 525.0),
    ]
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn scorecard_lists_every_website_criterion_with_outcome_and_fix() {
    let rubric = rubric();
    let audit = audit();
    let html = scorecard_html("Sở Tài chính", "department", Some(&audit), &groups(), &rubric);
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert_eq!(
        doc.select(&sel("html")).next().unwrap().value().attr("lang"),
        Some("vi")
    );
    let website = rubric.website_group().unwrap();
    let expected: Vec<&str> = website
        .criteria
        .iter()
        .filter(|c| c.applies_to("department"))
        .map(|c| c.id.as_str())
        .collect();
    let rows: Vec<_> = doc.select(&sel("tr.criterion")).collect();
    let ids: Vec<&str> = rows.iter().map(|r| r.value().attr("data-criterion").unwrap()).collect();
    assert_eq!(ids, expected);

    let cells = |id: &str| -> Vec<String> {
        let row = rows
            .iter()
            .find(|r| r.value().attr("data-criterion") == Some(id))
            .unwrap();
        row.select(&sel("td")).map(|td| td.text().collect::<String>()).collect()
    };
    assert_eq!(cells("gioi_thieu")[2], "15/15");
    assert_eq!(cells("gioi_thieu")[3], "Đạt");
    assert_eq!(cells("gioi_thieu")[5], "");
    assert_eq!(cells("tin_tuc")[3], "Đạt một phần");
    assert_eq!(
        cells("tin_tuc")[5],
        "Cập nhật mục “Tin tức, sự kiện” thường xuyên hơn: tin mới nhất ngày 03/09/2026 (84 ngày trước ngày kiểm tra); cần có tin mới trong vòng 7 ngày."
    );
    assert_eq!(cells("lanh_dao")[3], "Không đạt");
    assert!(
        cells("lanh_dao")[5].starts_with("Bổ sung mục “Lãnh đạo"),
        "{:?}",
        cells("lanh_dao")
    );
    assert!(cells("chi_dao_dieu_hanh")[3].starts_with("Chưa kiểm tra được"));
    assert!(cells("chi_dao_dieu_hanh")[3].contains("cần xem xét"));
    assert_eq!(cells("ban_bien_tap_quy_che")[3], "Tự khai báo");
    // Criteria without a result were not checked: no points, never "Không đạt".
    assert_eq!(cells("rss")[2], "—/15");
    assert!(cells("rss")[3].starts_with("Chưa kiểm tra được"));

    // Evidence: http(s) links to the live page, escaped; other schemes never become links. Without
    // stored pages there is no "bản lưu" link.
    let links: Vec<(String, String)> = doc
        .select(&sel("tr.criterion a"))
        .map(|a| (a.value().attr("href").unwrap().to_string(), a.text().collect()))
        .collect();
    assert_eq!(
        links,
        [
            (
                "https://stc.binhdinh.gov.vn/gioi-thieu".to_string(),
                "trang gốc".to_string()
            ),
            (
                "https://stc.binhdinh.gov.vn/tin-tuc?a=1&b=2".to_string(),
                "trang gốc".to_string()
            ),
        ]
    );
    assert!(
        cells("tin_tuc")[4].starts_with("Tin <mới nhất> (trang gốc)"),
        "{:?}",
        cells("tin_tuc")
    );
    // Criteria that lost points are highlighted (not the unverified one: nothing was judged).
    let lost: Vec<&str> = doc
        .select(&sel("tr.criterion.lost"))
        .map(|r| r.value().attr("data-criterion").unwrap())
        .collect();
    assert_eq!(lost, ["lanh_dao", "tin_tuc"]);
    assert!(!html.contains("href=\"javascript"));
    assert!(html.contains("Tin &lt;mới nhất&gt;"));
    // Group points and the site summary.
    let groups: Vec<String> = doc
        .select(&sel("table.groups td"))
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(
        groups,
        [
            "Hạ tầng kỹ thuật CNTT",
            "75",
            "90",
            "Trang thông tin điện tử",
            "40",
            "525"
        ]
    );
    assert!(html.contains("kiểm tra ngày 26/11/2026: 40/525 điểm"));
}

#[test]
fn district_scorecard_includes_district_only_criteria_and_no_audit_means_not_checked() {
    let rubric = rubric();
    let card = Scorecard::build("UBND huyện Tây Sơn", "Huyện, thị xã, thành phố", None, &[], &rubric);
    let website = rubric.website_group().unwrap();
    assert_eq!(
        card.lines.len(),
        website.criteria.iter().filter(|c| c.applies_to("district")).count()
    );
    assert_eq!(
        card.lines.iter().map(|l| l.max_points).sum::<f64>(),
        website.max["district"]
    );
    assert!(
        card.lines
            .iter()
            .all(|l| l.outcome_text() == "Chưa kiểm tra được" && l.needs_review)
    );
    assert_eq!(
        card.site_summary(),
        "Chưa có kết quả kiểm tra tự động trang thông tin điện tử."
    );
}

/// The text runs of a DOCX part, checking the XML is well formed on the way.
fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

fn docx_text(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut in_text = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "w:t" => {
                in_text = true;
                out.push(String::new());
            }
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::Text(t) if in_text => out.last_mut().unwrap().push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let s = match r.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" | "#39" => "'",
                    other => panic!("unexpected entity {other:?}"),
                };
                out.last_mut().unwrap().push_str(s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn docx_scorecard_is_a_word_document_with_the_same_content() {
    let rubric = rubric();
    let audit = audit();
    let card = Scorecard::build("Sở Tài chính", "department", Some(&audit), &groups(), &rubric);
    let bytes = scorecard_docx(&card).unwrap();
    let types = docx_part(&bytes, "[Content_Types].xml");
    assert!(types.contains("wordprocessingml.document.main+xml"));
    let document = docx_part(&bytes, "word/document.xml");
    let text = docx_text(&document).join("\n");
    for expected in [
        "Phiếu kết quả đánh giá: Sở Tài chính",
        "Cần khắc phục",
        "Tin tức, sự kiện",
        "Đạt một phần",
        "tin mới nhất ngày 03/09/2026",
        "Tin <mới nhất>",
        "—/15",
    ] {
        assert!(text.contains(expected), "DOCX lacks {expected:?}:\n{text}");
    }
    for line in &card.lines {
        assert!(text.contains(&line.name), "DOCX lacks criterion {}", line.name);
    }
    let rels = docx_part(&bytes, "word/_rels/document.xml.rels");
    assert!(
        rels.contains(r#"Target="https://stc.binhdinh.gov.vn/tin-tuc?a=1&amp;b=2" TargetMode="External""#),
        "{rels}"
    );
    assert!(!rels.contains("javascript"));
    assert_eq!(document.matches("<w:hyperlink ").count(), 2);
}

#[test]
fn write_all_writes_every_report_whole() {
    let eval = Evaluation::load(Path::new("data/evaluations/binh-dinh-2016")).unwrap();
    let declared = DeclaredSet::from_evaluation_files(&eval).unwrap();
    let ranking = rank::rank(&eval, &rank::points_from_declared(&eval, &declared));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run-2026-11");
    let cards = [
        ScorecardInput {
            unit_id: "so-tai-chinh".into(),
            unit_name: "Sở Tài chính".into(),
            kind_name: "department".into(),
            audit: Some(audit()),
            group_points: groups(),
            stored_pages: vec![StoredPage {
                url: "https://stc.binhdinh.gov.vn/gioi-thieu".into(),
                fetched_at: chrono::DateTime::parse_from_rfc3339("2026-11-26T02:30:00Z")
                    .unwrap()
                    .to_utc(),
                status: Some(200),
                text: "<h1>Giới thiệu</h1><script>alert(1)</script>".into(),
            }],
        },
        ScorecardInput {
            unit_id: "ubnd-huyen-tay-son".into(),
            unit_name: "UBND huyện Tây Sơn".into(),
            kind_name: "district".into(),
            audit: None,
            group_points: vec![],
            stored_pages: vec![],
        },
    ];
    let paths = write_all(&ranking, &eval.rubric, &out, &HtmlExtras::default(), &cards).unwrap();
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.strip_prefix(&out).unwrap().to_string_lossy().into_owned())
        .collect();
    let mut expected = vec![
        "ranking.xlsx",
        "ranking.html",
        "ranking.csv",
        "ranking.json",
        "scorecards/ban-luu/so-tai-chinh/1.html",
        "scorecards/so-tai-chinh.html",
        "scorecards/so-tai-chinh.docx",
        "scorecards/ubnd-huyen-tay-son.html",
        "scorecards/ubnd-huyen-tay-son.docx",
    ];
    if ictrank::report::pdf::find_chromium().is_some() {
        expected.extend(["ranking.pdf", "scorecards/tat-ca.html", "scorecards.pdf"]);
    }
    assert_eq!(names, expected);

    // The scorecard opens with the unit's standing in Bảng 1, then what cost it points.
    let card = std::fs::read_to_string(out.join("scorecards/so-tai-chinh.html")).unwrap();
    let doc = Html::parse_document(&card);
    let standing: Vec<String> = doc
        .select(&sel("table.standing td"))
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(standing, ["1.280/1.380", "92,75%", "1/17", "Tốt"]);
    assert!(card.find("table class=\"standing\"").unwrap() < card.find("table class=\"criteria\"").unwrap());
    let lost: Vec<String> = doc.select(&sel(".lost-list li")).map(|t| t.text().collect()).collect();
    assert_eq!(lost.len(), 2, "{lost:?}");
    assert!(
        lost[0].starts_with("Lãnh đạo") && lost[0].contains("−15 điểm (Không đạt)"),
        "{lost:?}"
    );
    assert!(lost[1].contains("−5 điểm (Đạt một phần)"), "{lost:?}");
    // Evidence links to the live page and to the stored copy, which shows the stored HTML in a
    // sandboxed frame (no script of the site runs) with when it was fetched, in Vietnam time.
    let stored: Vec<&str> = doc
        .select(&sel("a.stored"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(stored, ["ban-luu/so-tai-chinh/1.html"]);
    let copy = std::fs::read_to_string(out.join("scorecards/ban-luu/so-tai-chinh/1.html")).unwrap();
    assert!(copy.contains(r#"<iframe sandbox="""#), "{copy}");
    assert!(
        copy.contains("srcdoc=\"&lt;h1&gt;Giới thiệu&lt;/h1&gt;&lt;script&gt;"),
        "{copy}"
    );
    assert!(
        copy.contains("thu thập lúc 09:30 ngày 26/11/2026 (giờ Việt Nam), mã trả lời HTTP 200"),
        "{copy}"
    );
    // The DOCX opens with the same standing.
    let docx = std::fs::read(out.join("scorecards/so-tai-chinh.docx")).unwrap();
    let texts = docx_text(&docx_part(&docx, "word/document.xml"));
    assert_eq!(
        texts[2],
        "Tổng điểm 1.280/1.380 (92,75%) — xếp hạng 1/17 — mức Tốt (Bảng 1)"
    );
    for p in &paths {
        assert!(
            std::fs::metadata(p).unwrap().len() > 200,
            "{} is nearly empty",
            p.display()
        );
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("ranking.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), ranking.rows().count());
    // No temporary file left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .chain(std::fs::read_dir(out.join("scorecards")).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A unit out of the overall table says why, as the ranking does.
    let card = Scorecard::build("Văn phòng UBND tỉnh", "department", None, &[], &eval.rubric).with_standing(
        &ranking,
        "van-phong-ubnd-tinh",
        Default::default(),
    );
    assert!(
        card.standing_text()
            .starts_with("Đơn vị chưa có thứ hạng trong bảng xếp hạng tổng thể: không xếp hạng tổng thể"),
        "{}",
        card.standing_text()
    );

    // A unit id that would leave the folder is refused.
    let bad = [ScorecardInput {
        unit_id: "../x".into(),
        ..cards[1].clone()
    }];
    let e = write_all(&ranking, &eval.rubric, &out, &HtmlExtras::default(), &bad).unwrap_err();
    assert!(e.to_string().contains("\"../x\""), "{e}");
}

#[test]
fn a_site_that_could_not_be_checked_is_never_shown_as_failing() {
    let rubric = rubric();
    let mut blocked = audit();
    blocked.outcome = "could_not_verify".into();
    blocked.points = 0.0;
    for c in &mut blocked.criteria {
        c.outcome = Outcome::Unverified;
        c.points = 0.0;
        c.needs_review = true;
    }
    let card = Scorecard::build("Sở Tài chính", "Sở, ban, ngành", Some(&blocked), &[], &rubric);
    assert!(
        card.site_summary().contains("không kiểm tra được"),
        "{}",
        card.site_summary()
    );
    assert!(
        card.lines
            .iter()
            .all(|l| l.outcome_text() == "Chưa kiểm tra được" && l.needs_review)
    );
    let tin_tuc = card.lines.iter().find(|l| l.id == "tin_tuc").unwrap();
    assert!(tin_tuc.fix.contains("bảo đảm trang truy cập được"), "{}", tin_tuc.fix);
    let html = card.to_html();
    assert!(!html.contains("Không đạt"));
}
