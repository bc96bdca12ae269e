//! The HTML report of the 2016 Bình Định ranking: it parses, holds every table with its rows and
//! tier sections, the tier-share charts of Hình 1 and Hình 2, a points chart per group table, the
//! extras (freshness timelines, changes, review flags) escaped; and headless Chromium renders it.

use chrono::NaiveDate;
use ictrank::declared::DeclaredSet;
use ictrank::rank::{self, Ranking};
use ictrank::registry::Evaluation;
use ictrank::report::{Change, HtmlExtras, ReviewFlag, UnitFreshness, html_report};
use scraper::{Html, Selector};
use std::path::Path;
use std::process::Command;

fn ranking() -> Ranking {
    let eval = Evaluation::load(Path::new("data/evaluations/binh-dinh-2016")).unwrap();
    let declared = DeclaredSet::from_evaluation_files(&eval).unwrap();
    rank::rank(&eval, &rank::points_from_declared(&eval, &declared))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: scraper::ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn extras() -> HtmlExtras {
    HtmlExtras {
        note: Some("Lượt đánh giá tháng 11/2026".into()),
        freshness: vec![
            UnitFreshness {
                unit_id: "so-tai-chinh".into(),
                agency: "Sở Tài chính".into(),
                scores: vec![
                    (date("2026-09-01"), 480.0),
                    (date("2026-10-01"), 455.0),
                    (date("2026-11-01"), 470.0),
                ],
                max_score: 525.0,
                news_dates: vec![date("2026-10-20"), date("2026-10-28"), date("2026-11-01")],
            },
            UnitFreshness {
                unit_id: "so-y-te".into(),
                agency: "Sở Y tế".into(),
                scores: vec![(date("2026-11-01"), 300.0)],
                max_score: 525.0,
                news_dates: vec![],
            },
        ],
        changes: vec![Change {
            agency: "Sở Y tế".into(),
            what: "Mục <Hỏi đáp> không còn".into(),
            before: "có".into(),
            after: "không".into(),
        }],
        review: vec![ReviewFlag {
            agency: "Sở Ngoại vụ".into(),
            reason: "trang bị chặn (challenge page)".into(),
        }],
    }
}

#[test]
fn html_report_holds_every_table_and_the_charts() {
    let r = ranking();
    let html = html_report(&r, &extras());
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
    assert_eq!(
        doc.select(&sel("html")).next().unwrap().value().attr("lang"),
        Some("vi")
    );
    // Self-contained: no external resources, no script.
    for bad in ["<script", "<link", "src=\"http", "@import", "url("] {
        assert!(!html.contains(bad), "report holds {bad}");
    }

    let tables: Vec<_> = doc.select(&sel("table.ranking")).collect();
    assert_eq!(tables.len(), r.tables.len());
    for (t, el) in r.tables.iter().zip(&tables) {
        assert_eq!(el.value().attr("data-table"), Some(t.id.as_str()));
        let rows: Vec<Vec<String>> = el
            .select(&sel("tr.unit"))
            .map(|tr| tr.select(&sel("td")).map(text).collect())
            .collect();
        assert_eq!(rows.len(), t.rows.len(), "Bảng {}", t.id);
        for (i, (cells, row)) in rows.iter().zip(&t.rows).enumerate() {
            assert_eq!(cells[0], (i + 1).to_string());
            assert_eq!(cells[1], row.agency, "Bảng {}", t.id);
            assert_eq!(cells[4], row.rank.to_string());
        }
        // Tier rows come in the rubric's order, each tier with rows listed once.
        let tiers: Vec<String> = el.select(&sel("tr.tier")).map(text).collect();
        let expected: Vec<String> = r
            .tiers
            .iter()
            .filter(|(id, _)| t.rows.iter().any(|x| &x.tier == id))
            .map(|(_, n)| format!("Mức {}", n.to_lowercase()))
            .collect();
        assert_eq!(tiers, expected, "Bảng {}", t.id);
        let heading = doc
            .select(&sel(&format!("section#bang-{} h2", t.id.replace('.', "-"))))
            .next()
            .unwrap();
        assert_eq!(text(heading), format!("Bảng {}. {}", t.id, t.title));
    }
    let first_row: Vec<String> = tables[0]
        .select(&sel("tr.unit"))
        .next()
        .unwrap()
        .select(&sel("td"))
        .map(text)
        .collect();
    assert_eq!(first_row, ["1", "Sở Tài chính", "1.280", "92,75", "1", "1"]);

    // Charts: one tier pie per overall table, one bar chart per group table, one timeline per unit
    // with a trend (two scores or more: Sở Y tế, checked once, gets no near-empty plot).
    let overall = r.tables.iter().filter(|t| t.group.is_none()).count();
    let groups = r.tables.len() - overall;
    assert_eq!(overall, 2);
    assert_eq!(doc.select(&sel("svg")).count(), overall + groups + 1);
    assert_eq!(doc.select(&sel("svg.tier-share")).count(), 2);
    assert_eq!(doc.select(&sel("svg.points-bars")).count(), groups);
    assert_eq!(doc.select(&sel("svg.freshness")).count(), 1);
    assert_eq!(doc.select(&sel("figure.freshness[data-unit=\"so-y-te\"]")).count(), 0);

    // Hình 1: 6 tốt, 10 khá, 1 trung bình; Hình 2: 0 tốt, 5 khá, 6 trung bình (Bảng 2).
    let shares = |table: &str| -> Vec<(String, String)> {
        let fig = doc
            .select(&sel(&format!("figure.tier-share[data-table=\"{table}\"]")))
            .next()
            .unwrap();
        fig.select(&sel(".slice"))
            .map(|s| {
                (
                    s.value().attr("data-tier").unwrap().to_string(),
                    s.value().attr("data-count").unwrap().to_string(),
                )
            })
            .collect()
    };
    let s = |v: &[(&str, &str)]| {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(shares("1"), s(&[("tot", "6"), ("kha", "10"), ("trung_binh", "1")]));
    assert_eq!(shares("2"), s(&[("kha", "5"), ("trung_binh", "6")]));
    let captions: Vec<String> = doc.select(&sel("figure.tier-share figcaption")).map(text).collect();
    assert!(
        captions[0].starts_with("Hình 1. Biểu đồ tỉ lệ") && captions[0].contains("các sở, ban, ngành"),
        "{captions:?}"
    );
    assert!(
        captions[1].starts_with("Hình 2.") && captions[1].ends_with("theo mức Tốt, Khá và Trung bình"),
        "{captions:?}"
    );
    let legend: Vec<String> = doc
        .select(&sel("figure.tier-share[data-table=\"1\"] text.legend"))
        .map(text)
        .collect();
    assert_eq!(
        legend,
        [
            "Tốt: 6 đơn vị (35,3%)",
            "Khá: 10 đơn vị (58,8%)",
            "Trung bình: 1 đơn vị (5,9%)"
        ]
    );
    // A bar per ranked unit.
    let bars = doc.select(&sel("figure.points[data-table=\"1.1\"] rect.bar")).count();
    assert_eq!(bars, r.table("1.1").unwrap().rows.len());

    // Extras: timeline points, changes (escaped), review flags.
    let tai_chinh = doc
        .select(&sel("figure.freshness[data-unit=\"so-tai-chinh\"]"))
        .next()
        .unwrap();
    assert_eq!(tai_chinh.select(&sel("circle.score")).count(), 3);
    assert_eq!(tai_chinh.select(&sel("line.news")).count(), 3);
    let change: Vec<String> = doc.select(&sel("table.changes td")).map(text).collect();
    assert_eq!(change, ["Sở Y tế", "Mục <Hỏi đáp> không còn", "có", "không"]);
    assert!(html.contains("Mục &lt;Hỏi đáp&gt; không còn"));
    let review: Vec<String> = doc.select(&sel("#can-xem-xet li")).map(text).collect();
    assert_eq!(review, ["Sở Ngoại vụ: trang bị chặn (challenge page)"]);
    // Units not evaluated this year are listed.
    let not_eval: Vec<String> = doc.select(&sel("#khong-danh-gia li")).map(text).collect();
    assert!(not_eval.iter().any(|l| l.starts_with("Sở Du lịch")), "{not_eval:?}");
}

#[test]
fn html_report_without_extras_has_no_extra_sections() {
    let r = ranking();
    let html = html_report(&r, &HtmlExtras::default());
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("svg")).count(), r.tables.len());
    for id in ["#cap-nhat", "#thay-doi", "#can-xem-xet"] {
        assert!(doc.select(&sel(id)).next().is_none(), "{id}");
    }
}

const CHROMIUM: &str = "/usr/bin/chromium";

/// The pixels of an 8-bit RGB/RGBA PNG, as RGB.
fn rgb_pixels(png_path: &Path) -> Vec<[u8; 3]> {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png_path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.bit_depth, png::BitDepth::Eight, "unexpected PNG bit depth");
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect()
}

/// Parses "#2e7d32".
fn hex_rgb(color: &str) -> [u8; 3] {
    let n = u32::from_str_radix(color.trim_start_matches('#'), 16).unwrap();
    [(n >> 16) as u8, (n >> 8) as u8, n as u8]
}

#[test]
fn headless_chromium_renders_the_report() {
    if !Path::new(CHROMIUM).exists() {
        // Skipped on a developer machine without Chromium; CI (CI=true) must have it.
        assert!(
            std::env::var("CI").is_err(),
            "{CHROMIUM} is missing: this test needs Debian's chromium package, which .ci/run installs \
             (apt-get install -y --no-install-recommends chromium)"
        );
        eprintln!("skipped: {CHROMIUM} is missing (bash .ci/run installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("ranking.html");
    std::fs::write(&page, html_report(&ranking(), &extras())).unwrap();
    let shot = dir.path().join("shot.png");
    let profile = dir.path().join("profile");
    let output = Command::new(CHROMIUM)
        .args(ictrank::browser::pool::QUIET_HEADLESS)
        .args(["--no-sandbox", "--disable-quic", "--hide-scrollbars"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1200,2000")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        shot.exists(),
        "chromium wrote no screenshot (status {}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let pixels = rgb_pixels(&shot);
    let non_white = pixels.iter().filter(|p| p.iter().any(|&c| c < 235)).count() as f64 / pixels.len() as f64;
    // The first screen holds the title, the contents and Bảng 1 with its borders and text: a few
    // percent of the pixels; a blank page has none.
    assert!(
        non_white > 0.01,
        "screenshot is blank: {non_white:.4} of pixels are not white"
    );
    // Hình 1 (the tier pie) is on the first screen too: each tier's colour fills part of it, which an
    // error page or an unrendered SVG would not.
    for (i, tier) in ["Tốt", "Khá", "Trung bình"].iter().enumerate() {
        let want = hex_rgb(ictrank::report::svg::tier_color(i));
        let n = pixels
            .iter()
            .filter(|p| p.iter().zip(want).all(|(a, b)| a.abs_diff(b) <= 6))
            .count();
        assert!(
            n > 300,
            "the pie slice of {tier} is not in the screenshot ({n} pixels of {want:?})"
        );
    }
    eprintln!("non-white pixels: {:.2}%", non_white * 100.0);
}
