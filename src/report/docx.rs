//! The printable scorecard as a DOCX file: a zip of WordprocessingML written by hand (the `zip`
//! crate rust_xlsxwriter already uses), so no font or renderer is needed here and Vietnamese text
//! is stored as UTF-8 for Word or LibreOffice to lay out. Evidence URLs are real hyperlinks.
//!
//! Main function: [`scorecard_docx`].

use super::points_text;
use super::scorecard::Scorecard;
use anyhow::Result;
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const HYPERLINK: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

/// The scorecard as DOCX bytes (A4 landscape).
pub fn scorecard_docx(card: &Scorecard) -> Result<Vec<u8>> {
    let mut links: Vec<String> = Vec::new();
    let mut body = String::new();
    body += &paragraph(&format!("Phiếu kết quả đánh giá: {}", card.unit_name), true, 32);
    body += &paragraph(&format!("Loại đơn vị: {}", card.kind_name), false, 22);
    // What a unit asks first: its total, percentage, rank and tier, then what cost it points.
    body += &paragraph(&card.standing_text(), true, 26);
    let lost = card.lost_lines();
    if !lost.is_empty() {
        let total: f64 = lost.iter().map(|l| l.lost()).sum();
        body += &paragraph(
            &format!(
                "Các tiêu chí bị trừ điểm ({} tiêu chí, {} điểm):",
                lost.len(),
                points_text(total)
            ),
            true,
            22,
        );
        for l in lost {
            body += &paragraph(
                &format!("– {}: −{} điểm ({})", l.name, points_text(l.lost()), l.outcome_text()),
                false,
                22,
            );
        }
    }
    if !card.group_points.is_empty() {
        body += &paragraph("Điểm theo nhóm tiêu chí", true, 26);
        let rows: Vec<Vec<Cell>> = card
            .group_points
            .iter()
            .map(|(name, p, m)| {
                vec![
                    Cell::text(name),
                    Cell::text(&points_text(*p)),
                    Cell::text(&points_text(*m)),
                ]
            })
            .collect();
        body += &table(&["Nhóm tiêu chí", "Điểm", "Tối đa"], &[9000, 2000, 2000], &rows);
    }
    body += &paragraph(
        card.website_group.as_deref().unwrap_or("Trang thông tin điện tử"),
        true,
        26,
    );
    body += &paragraph(&card.site_summary(), false, 22);
    let rows: Vec<Vec<Cell>> = card
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let evidence = l
                .evidence
                .iter()
                .map(|e| {
                    let label = if e.note.is_empty() {
                        e.url.clone()
                    } else {
                        e.note.clone()
                    };
                    if e.url.starts_with("http://") || e.url.starts_with("https://") {
                        links.push(e.url.clone());
                        Part::Link(label, format!("rIdL{}", links.len()))
                    } else {
                        Part::Text(label)
                    }
                })
                .collect();
            let mut outcome = l.outcome_text().to_string();
            if l.needs_review {
                outcome += " (cần xem xét)";
            }
            vec![
                Cell::text(&(i + 1).to_string()),
                Cell::text(&l.name),
                Cell::text(&l.points_text()),
                Cell::text(&outcome),
                Cell(evidence),
                Cell::text(&l.fix),
            ]
        })
        .collect();
    body += &table(
        &["TT", "Tiêu chí", "Điểm", "Kết quả", "Bằng chứng", "Cần khắc phục"],
        &[600, 4200, 1000, 1600, 3600, 4200],
        &rows,
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="850" w:right="850" w:bottom="850" w:left="850" w:header="400" w:footer="400" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, url) in links.iter().enumerate() {
        let _ = write!(
            rels,
            r#"<Relationship Id="rIdL{}" Type="{HYPERLINK}" Target="{}" TargetMode="External"/>"#,
            i + 1,
            xml_escape(url)
        );
    }
    rels += "</Relationships>";

    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/document.xml", document.as_str()),
        ("word/_rels/document.xml.rels", rels.as_str()),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

enum Part {
    Text(String),
    /// Label and relationship id.
    Link(String, String),
}

struct Cell(Vec<Part>);

impl Cell {
    fn text(s: &str) -> Cell {
        Cell(vec![Part::Text(s.to_string())])
    }
}

/// Text for XML: escaped, without the control characters XML 1.0 forbids.
fn xml_escape(s: &str) -> String {
    super::markup::escape(
        &s.chars()
            .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>(),
    )
}

fn run(text: &str, bold: bool, size: u32) -> String {
    format!(
        r#"<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>{}<w:sz w:val="{size}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        if bold { "<w:b/>" } else { "" },
        xml_escape(text)
    )
}

fn paragraph(text: &str, bold: bool, size: u32) -> String {
    format!("<w:p>{}</w:p>", run(text, bold, size))
}

fn cell_xml(cell: &Cell, width: u32, header: bool) -> String {
    // One paragraph per part, so several evidence links stack.
    let paras: String = if cell.0.is_empty() {
        "<w:p/>".to_string()
    } else {
        cell.0
            .iter()
            .map(|p| match p {
                Part::Text(t) => format!("<w:p>{}</w:p>", run(t, header, 20)),
                Part::Link(label, id) => format!(
                    r#"<w:p><w:hyperlink r:id="{id}"><w:r><w:rPr><w:color w:val="0563C1"/><w:sz w:val="20"/><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:hyperlink></w:p>"#,
                    xml_escape(label)
                ),
            })
            .collect()
    };
    let shade = if header {
        r#"<w:shd w:val="clear" w:color="auto" w:fill="D9E1F2"/>"#
    } else {
        ""
    };
    format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>{paras}</w:tc>"#)
}

fn table(headers: &[&str], widths: &[u32], rows: &[Vec<Cell>]) -> String {
    let border = r#"w:val="single" w:sz="4" w:space="0" w:color="999999""#;
    let mut t = format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders></w:tblPr><w:tblGrid>"#
    );
    for w in widths {
        let _ = write!(t, r#"<w:gridCol w:w="{w}"/>"#);
    }
    t += "</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>";
    for (h, w) in headers.iter().zip(widths) {
        t += &cell_xml(&Cell::text(h), *w, true);
    }
    t += "</w:tr>";
    for row in rows {
        t += "<w:tr>";
        for (c, w) in row.iter().zip(widths) {
            t += &cell_xml(c, *w, false);
        }
        t += "</w:tr>";
    }
    // Word needs a paragraph between a table and what follows.
    t + "</w:tbl><w:p/>"
}
