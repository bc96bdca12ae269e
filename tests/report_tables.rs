//! The table reports of the 2016 Bình Định ranking: terminal text, CSV, JSON and the XLSX workbook
//! read back with calamine.

#[path = "support/xlsx.rs"]
mod xlsx_rows;
use calamine::{Reader, Xlsx, open_workbook};
use xlsx_rows::{expected_rows, sheet_rows};

use ictrank::declared::DeclaredSet;
use ictrank::rank::{self, Ranking};
use ictrank::registry::Evaluation;
use ictrank::report::{csv, json, terminal, xlsx};
use std::path::Path;

fn ranking() -> Ranking {
    let eval = Evaluation::load(Path::new("data/evaluations/binh-dinh-2016")).unwrap();
    let declared = DeclaredSet::from_evaluation_files(&eval).unwrap();
    rank::rank(&eval, &rank::points_from_declared(&eval, &declared))
}

#[test]
fn terminal_table_1_reads_like_the_decision() {
    let r = ranking();
    let text = terminal::table_text(&r, r.table("1").unwrap());
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Bảng 1. Xếp hạng tổng thể"), "{}", lines[0]);
    let header = lines.iter().find(|l| l.starts_with("STT")).unwrap();
    let cols: Vec<&str> = header.split('|').map(str::trim).collect();
    assert_eq!(
        cols,
        [
            "STT",
            "Tên cơ quan",
            "Tổng điểm",
            "Tỉ lệ (%)",
            "Xếp hạng 2016",
            "Xếp hạng 2015"
        ]
    );
    // The first row, Vietnamese numbers.
    let first = lines.iter().find(|l| l.contains("Sở Tài chính")).unwrap();
    let cells: Vec<&str> = first.split('|').map(str::trim).collect();
    assert_eq!(cells, ["1", "Sở Tài chính", "1.280", "92,75", "1", "1"]);
    // Tier rows in order, each before its rows.
    let pos = |s: &str| {
        lines
            .iter()
            .position(|l| *l == s)
            .unwrap_or_else(|| panic!("no line {s:?} in\n{text}"))
    };
    let (tot, kha, tb) = (pos("Mức tốt"), pos("Mức khá"), pos("Mức trung bình"));
    assert!(tot < kha && kha < tb);
    let row_of = |name: &str| lines.iter().position(|l| l.contains(name) && l.contains('|')).unwrap();
    assert!(tot < row_of("Sở Công Thương") && row_of("Sở Công Thương") < kha);
    assert!(kha < row_of("Sở Giáo dục và Đào tạo") && row_of("Sở Giáo dục và Đào tạo") < tb);
    assert!(tb < row_of("Thanh tra tỉnh"));
    // 17 ranked rows; the two departments without an overall rank are listed with the reason.
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains(" | ") && !l.starts_with("STT"))
            .count(),
        17
    );
    assert!(text.contains("Văn phòng UBND tỉnh: không xếp hạng tổng thể"), "{text}");
    assert!(text.contains("Ban Dân tộc: không xếp hạng tổng thể"), "{text}");
}

#[test]
fn terminal_ranking_lists_every_table_then_the_units_not_evaluated() {
    let r = ranking();
    let text = terminal::ranking_text(&r);
    let mut last = 0;
    for t in &r.tables {
        let at = text
            .find(&format!("Bảng {}. ", t.id))
            .unwrap_or_else(|| panic!("no Bảng {}", t.id));
        assert!(at >= last, "Bảng {} out of order", t.id);
        last = at;
    }
    let tail = &text[text.find("Không đánh giá (2 đơn vị):").unwrap()..];
    assert!(tail.contains("- Sở Du lịch: không đánh giá năm nay"), "{tail}");
}

#[test]
fn a_table_without_last_years_ranks_has_no_such_column() {
    let r = ranking();
    let table = r.table("1.3b").unwrap();
    assert!(table.rows.iter().all(|x| x.previous_rank.is_none()));
    let text = terminal::table_text(&r, table);
    let header = text.lines().find(|l| l.starts_with("STT")).unwrap();
    assert!(header.ends_with("Xếp hạng 2016"), "{header}");
    let with_previous = terminal::table_text(&r, r.table("1.3").unwrap());
    let header = with_previous.lines().find(|l| l.starts_with("STT")).unwrap();
    assert!(header.ends_with("Xếp hạng 2016 | Xếp hạng 2015"), "{header}");
}

#[test]
fn terminal_columns_align_by_characters_not_bytes() {
    let r = ranking();
    for id in ["1", "2", "1.3"] {
        let text = terminal::table_text(&r, r.table(id).unwrap());
        let table_lines: Vec<&str> = text.lines().filter(|l| l.contains(" | ")).collect();
        let bar_columns = |l: &str| -> Vec<usize> {
            l.chars()
                .enumerate()
                .filter(|(_, c)| *c == '|')
                .map(|(i, _)| i)
                .collect()
        };
        let expected = bar_columns(table_lines[0]);
        assert_eq!(expected.len(), 5);
        for l in &table_lines {
            assert_eq!(bar_columns(l), expected, "table {id}: misaligned line {l:?}");
        }
    }
}

#[test]
fn csv_rows_are_machine_readable() {
    let r = ranking();
    let mut out = Vec::new();
    csv::rows_csv(&r, r.rows(), csv::Headers::Machine, &mut out).unwrap();
    assert!(!out.starts_with(csv::BOM), "machine CSV has no BOM");
    let mut reader = ::csv::Reader::from_reader(out.as_slice());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), csv::COLUMNS);
    let records: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), r.rows().count());
    let first = &records[0];
    assert_eq!(
        first.iter().collect::<Vec<_>>(),
        [
            "1",
            "overall",
            "department",
            "1",
            "so-tai-chinh",
            "Sở Tài chính",
            "1280",
            "1380",
            "92.75",
            "1",
            "1",
            "tot"
        ]
    );
    let thanh_tra = records
        .iter()
        .find(|r| &r[0] == "1" && &r[5] == "Thanh tra tỉnh")
        .unwrap();
    assert_eq!(
        (&thanh_tra[3], &thanh_tra[8], &thanh_tra[11]),
        ("17", "38.41", "trung_binh")
    );
    let district = records.iter().find(|r| &r[0] == "2.1").unwrap();
    assert_eq!((&district[1], &district[2]), ("infrastructure", "district"));
}

#[test]
fn csv_for_people_has_a_bom_vietnamese_headers_and_tier_names() {
    let r = ranking();
    let mut out = Vec::new();
    csv::rows_csv(&r, r.rows(), csv::Headers::Vietnamese, &mut out).unwrap();
    // Excel needs the BOM to read UTF-8; the rest is valid UTF-8 with the diacritics intact.
    let body = out.strip_prefix(csv::BOM).expect("BOM first");
    let text = std::str::from_utf8(body).unwrap();
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        csv::VIETNAMESE_COLUMNS
    );
    let records: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), r.rows().count());
    let thanh_tra = records
        .iter()
        .find(|r| &r[0] == "1" && &r[5] == "Thanh tra tỉnh")
        .unwrap();
    assert_eq!((&thanh_tra[1], &thanh_tra[11]), ("Tổng thể", "Trung bình"));
    // kinds and groups by their names in the rubric, never their ids
    assert_eq!(&thanh_tra[2], r.name_of("department"));
    assert!(!thanh_tra[2].contains("department") && !thanh_tra[2].is_ascii());
    let website = records.iter().find(|r| &r[0] == "1.3").unwrap();
    assert!(!website[1].is_ascii(), "group named in words: {:?}", &website[1]);
    assert!(records.iter().any(|r| &r[11] == "Tốt") && records.iter().any(|r| &r[11] == "Khá"));
}

#[test]
fn json_rows_have_exactly_the_documented_keys() {
    let r = ranking();
    let value = json::rows_json(r.rows());
    let rows = value.as_array().unwrap();
    assert_eq!(rows.len(), r.rows().count());
    let mut keys_expected: Vec<&str> = json::KEYS.to_vec();
    keys_expected.sort();
    assert_eq!(
        keys_expected,
        [
            "agency",
            "max_points",
            "percent",
            "points",
            "previous_rank",
            "rank",
            "table",
            "tier",
            "unit_id"
        ]
    );
    for row in rows {
        let mut keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, keys_expected);
        assert!(
            ["tot", "kha", "trung_binh"].contains(&row["tier"].as_str().unwrap()),
            "{row}"
        );
        assert!(row["previous_rank"].is_null() || row["previous_rank"].is_u64(), "{row}");
    }
    let first = &rows[0];
    assert_eq!(first["agency"], "Sở Tài chính");
    assert_eq!(first["points"].as_f64(), Some(1280.0));
    assert_eq!(first["percent"].as_f64(), Some(92.75));
    assert_eq!(first["previous_rank"].as_u64(), Some(1));
    // A unit without a previous rank gets null, not 0 or a missing key.
    let none = r.rows().position(|x| x.previous_rank.is_none());
    if let Some(i) = none {
        assert!(rows[i]["previous_rank"].is_null());
    }
}

#[test]
fn xlsx_read_back_equals_the_computed_tables() {
    let r = ranking();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ranking.xlsx");
    xlsx::write_xlsx(&r, &path).unwrap();

    let book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    let expected_names: Vec<String> = r
        .tables
        .iter()
        .map(|t| format!("Bảng {}", t.id))
        .chain([xlsx::CHARTS_SHEET.to_string(), xlsx::UNRANKED_SHEET.to_string()])
        .collect();
    assert_eq!(names, expected_names);

    for (id, n) in [("1", 17), ("2", 11)] {
        let table = r.table(id).unwrap();
        let (texts, rows) = sheet_rows(&path, &format!("Bảng {id}"));
        assert_eq!(rows.len(), n, "Bảng {id}");
        assert_eq!(rows, expected_rows(table), "Bảng {id}");
        assert!(
            texts[0].starts_with(&format!("Bảng {id}. Xếp hạng tổng thể")),
            "{}",
            texts[0]
        );
        assert!(
            texts[1].starts_with("STT|Tên cơ quan|Tổng điểm|Tỉ lệ (%)|Xếp hạng 2016|Xếp hạng 2015"),
            "{}",
            texts[1]
        );
        let tiers: Vec<&String> = texts.iter().filter(|t| t.starts_with("Mức ")).collect();
        let expected_tiers: Vec<&str> = match id {
            "1" => vec!["Mức tốt", "Mức khá", "Mức trung bình"],
            _ => vec!["Mức khá", "Mức trung bình"],
        };
        assert_eq!(
            tiers.iter().map(|t| t.split('|').next().unwrap()).collect::<Vec<_>>(),
            expected_tiers
        );
    }
    assert_eq!(r.table("1").unwrap().rows[0].points, 1280.0);
    // Every group table too.
    for t in &r.tables {
        let (_, rows) = sheet_rows(&path, &format!("Bảng {}", t.id));
        assert_eq!(rows, expected_rows(t), "Bảng {}", t.id);
    }
    // Units with no rank are listed with the reason.
    let (texts, _) = sheet_rows(&path, xlsx::UNRANKED_SHEET);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Sở Du lịch") && t.contains("không đánh giá năm nay")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Bảng 1|Văn phòng UBND tỉnh|không xếp hạng tổng thể")),
        "{texts:?}"
    );
}

/// A part of the XLSX zip as text.
fn xlsx_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[test]
fn xlsx_cells_carry_the_number_formats_and_the_header_is_frozen() {
    let r = ranking();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ranking.xlsx");
    xlsx::write_xlsx(&r, &path).unwrap();
    let styles = xlsx_part(&path, "xl/styles.xml");
    let sheet = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    let codes: std::collections::HashMap<String, String> =
        regex::Regex::new(r#"<numFmt numFmtId="(\d+)" formatCode="([^"]*)""#)
            .unwrap()
            .captures_iter(&styles)
            .map(|c| (c[1].to_string(), c[2].replace("&quot;", "\"")))
            .collect();
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf_formats: Vec<String> = regex::Regex::new(r#"<xf numFmtId="(\d+)""#)
        .unwrap()
        .captures_iter(xfs)
        .map(|c| c[1].to_string())
        .collect();
    let format_of = |cell: &str| -> String {
        let re = regex::Regex::new(&format!(r#"<c r="{cell}" s="(\d+)""#)).unwrap();
        let style: usize = re.captures(&sheet).unwrap_or_else(|| panic!("no style on {cell}"))[1]
            .parse()
            .unwrap();
        codes
            .get(&xf_formats[style])
            .cloned()
            .unwrap_or_else(|| format!("builtin {}", xf_formats[style]))
    };
    // Row 3 is "Mức tốt"; row 4 is Sở Tài chính.
    assert_eq!(format_of("C4"), "#,##0");
    assert_eq!(format_of("D4"), "0.00");
    assert!(sheet.contains(r#"<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>"#));
    assert!(
        sheet.contains(r#"<col min="2" max="2" width="30.7109375" customWidth="1"/>"#),
        "name column width"
    );
}
