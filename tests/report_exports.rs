//! The exports as an evaluator prints and publishes them: the XLSX read back with its print
//! settings (A4 landscape, one page wide, header rows repeated) and its native charts; the CSV
//! opened with its BOM and Vietnamese intact; the ranking and scorecards as PDF, rendered back to
//! an image with pdftoppm and checked to show the table.

#[path = "support/xlsx.rs"]
mod xlsx_rows;

use calamine::{Data, Reader, Xlsx, open_workbook};
use ictrank::declared::DeclaredSet;
use ictrank::rank::{self, Ranking};
use ictrank::registry::Evaluation;
use ictrank::report::{HtmlExtras, ScorecardInput, pdf, write_all, xlsx};
use std::io::Read;
use std::path::Path;
use std::process::Command;

fn evaluation() -> Evaluation {
    Evaluation::load(Path::new("data/evaluations/binh-dinh-2016")).unwrap()
}

fn ranking(eval: &Evaluation) -> Ranking {
    let declared = DeclaredSet::from_evaluation_files(eval).unwrap();
    rank::rank(eval, &rank::points_from_declared(eval, &declared))
}

fn zip_part(path: &Path, name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut text).unwrap();
    Some(text)
}

fn zip_names(path: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    zip.file_names().map(|n| n.unwrap().into_owned()).collect()
}

#[test]
fn xlsx_prints_on_a4_landscape_one_page_wide_with_headers_repeated_and_native_charts() {
    let eval = evaluation();
    let r = ranking(&eval);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ranking.xlsx");
    xlsx::write_xlsx(&r, &path).unwrap();

    let book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), r.tables.len() + 2);
    assert_eq!(names[r.tables.len()], xlsx::CHARTS_SHEET);
    let workbook = zip_part(&path, "xl/workbook.xml").unwrap();
    for (i, name) in names.iter().enumerate() {
        let sheet = zip_part(&path, &format!("xl/worksheets/sheet{}.xml", i + 1)).unwrap();
        let setup = &sheet[sheet.find("<pageSetup ").expect("pageSetup")..];
        let setup = &setup[..setup.find("/>").unwrap()];
        // A4 (paper size 9), landscape, one page wide (fitToWidth defaults to 1), any height.
        for attr in [r#"paperSize="9""#, r#"orientation="landscape""#, r#"fitToHeight="0""#] {
            assert!(setup.contains(attr), "{name}: {attr} not in {setup}");
        }
        assert!(
            !setup.contains("fitToWidth") || setup.contains(r#"fitToWidth="1""#),
            "{setup}"
        );
        assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{name}: fit to page");
        assert!(
            sheet.contains("<oddFooter>&amp;CTrang &amp;P/&amp;N</oddFooter>"),
            "{name}"
        );
        // The title and header rows print on every page.
        let titles =
            format!(r#"<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'{name}'!$1:$2</definedName>"#);
        assert!(workbook.contains(&titles), "{titles}\n{workbook}");
    }

    // Hình 1 and Hình 2: native pie charts over the tier counts written beside them.
    let charts: Vec<String> = zip_names(&path)
        .into_iter()
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    assert_eq!(charts.len(), 2, "{charts:?}");
    for (k, chart) in charts.iter().enumerate() {
        let xml = zip_part(&path, chart).unwrap();
        assert!(xml.contains("<c:pieChart>"), "{chart}");
        assert!(
            xml.contains(&format!("Hình {}. Biểu đồ tỉ lệ đánh giá tổng thể", k + 1)),
            "{chart}"
        );
        assert!(xml.contains(r#"<c:showPercent val="1"/>"#) && xml.contains(r#"<c:showCatName val="1"/>"#));
        // Tốt and Khá in the grayscale-safe colours.
        assert!(xml.contains(r#"<a:srgbClr val="0D3B12"/>"#) && xml.contains(r#"<a:srgbClr val="1E88E5"/>"#));
        assert!(xml.contains("'Biểu đồ'!$A$"), "{chart}");
    }
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let counts = book.worksheet_range(xlsx::CHARTS_SHEET).unwrap();
    let cells: Vec<(String, f64)> = counts
        .rows()
        .filter_map(|row| match row {
            [Data::String(tier), Data::Float(n), ..] => Some((tier.clone(), *n)),
            _ => None,
        })
        .collect();
    let want = |t: &str| -> Vec<(String, f64)> {
        rank::Ranking::clone(&r)
            .table(t)
            .map(|table| {
                ictrank::report::tier_counts(&r, table)
                    .into_iter()
                    .map(|(_, name, n)| (name.to_string(), n as f64))
                    .collect()
            })
            .unwrap()
    };
    // Bảng 1: 6 Tốt, 10 Khá, 1 Trung bình; Bảng 2: 0, 5, 6.
    assert_eq!(cells, [want("1"), want("2")].concat());
    assert_eq!(cells[0], ("Tốt".to_string(), 6.0));
}

/// Non-white share of a PNG's pixels.
fn ink(png_path: &Path) -> f64 {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png_path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Grayscale => 1,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    let px: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    px.iter().filter(|p| p.iter().take(3).any(|&c| c < 200)).count() as f64 / px.len() as f64
}

/// Renders page `page` of a PDF to PNG with pdftoppm and returns the PNG's path.
fn render(pdf_path: &Path, page: u32, out: &Path) -> std::path::PathBuf {
    let prefix = out.join(format!("{}-{page}", pdf_path.file_stem().unwrap().to_string_lossy()));
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-singlefile"])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf_path)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed on {}", pdf_path.display());
    prefix.with_extension("png")
}

fn tool_missing(what: &str, found: bool) -> bool {
    if !found {
        assert!(
            std::env::var("CI").is_err(),
            "{what} is missing: .ci/run installs it (chromium, poppler-utils)"
        );
        eprintln!("skipped: {what} is missing");
    }
    !found
}

#[test]
fn the_ranking_and_the_scorecards_are_printed_to_pdf_that_shows_the_tables() {
    let has_pdftoppm = Command::new("pdftoppm").arg("-v").output().is_ok();
    if tool_missing("headless Chromium", pdf::find_chromium().is_some()) || tool_missing("pdftoppm", has_pdftoppm) {
        return;
    }
    let eval = evaluation();
    let r = ranking(&eval);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run-1");
    let cards: Vec<ScorecardInput> = ["so-tai-chinh", "so-y-te"]
        .iter()
        .map(|id| ScorecardInput {
            unit_id: id.to_string(),
            unit_name: eval.unit(id).unwrap().name.clone(),
            kind_name: "department".into(),
            ..Default::default()
        })
        .collect();
    let files = write_all(&r, &eval.rubric, &out, &HtmlExtras::default(), &cards).unwrap();
    for pdf_path in [out.join("ranking.pdf"), out.join("scorecards.pdf")] {
        assert!(files.contains(&pdf_path), "{} not reported", pdf_path.display());
        let bytes = std::fs::read(&pdf_path).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{}", pdf_path.display());
        let png = render(&pdf_path, 1, dir.path());
        let share = ink(&png);
        eprintln!("{}: page 1 {:.2}% ink", pdf_path.display(), share * 100.0);
        // A page with a title and a bordered table carries a few percent of ink; a blank one none.
        assert!(share > 0.01, "{} page 1 is blank ({share:.4})", pdf_path.display());
    }
    // One unit per page: two scorecards, two pages at least.
    let info = Command::new("pdfinfo").arg(out.join("scorecards.pdf")).output();
    if let Ok(info) = info {
        let text = String::from_utf8_lossy(&info.stdout);
        let pages: u32 = text
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .map_or(0, |n| n.trim().parse().unwrap());
        assert!(pages >= 2, "{text}");
    }
}
