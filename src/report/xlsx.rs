//! The ranking as an XLSX workbook: one sheet per table ("Bảng 1", "Bảng 1.1", …) with the title,
//! the header row (frozen), the tier rows "Mức tốt / Mức khá / Mức trung bình" and the rows with
//! number formats (points "#,##0", percent "0.00"); then a sheet "Không xếp hạng" listing the units
//! not evaluated or without a row in a table, and why.
//!
//! Main function: [`write_xlsx`]; [`sheet_name`] names a table's sheet.

use super::{column_headers, is_whole, table_heading, tier_sections};
use crate::rank::{Ranking, Table};
use anyhow::{Context, Result};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The sheet listing units without a rank.
pub const UNRANKED_SHEET: &str = "Không xếp hạng";

/// The sheet of a table: "Bảng 1.1".
pub fn sheet_name(table: &Table) -> String {
    format!("Bảng {}", table.id)
}

/// Writes the workbook to `path` (whole or not at all).
pub fn write_xlsx(ranking: &Ranking, path: &Path) -> Result<()> {
    let bytes = workbook_bytes(ranking).with_context(|| format!("cannot build workbook {}", path.display()))?;
    super::write_atomic(path, &bytes)
}

/// The workbook as bytes.
pub fn workbook_bytes(ranking: &Ranking) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    for table in &ranking.tables {
        table_sheet(book.add_worksheet(), ranking, table, &formats)?;
    }
    unranked_sheet(book.add_worksheet(), ranking, &formats)?;
    book.save_to_buffer()
}

struct Formats {
    title: Format,
    header: Format,
    tier: Format,
    text: Format,
    points: Format,
    points_decimal: Format,
    percent: Format,
    integer: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(13)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xD9E1F2)),
            tier: cell
                .clone()
                .set_bold()
                .set_italic()
                .set_background_color(Color::RGB(0xF2F2F2)),
            text: cell.clone(),
            points: cell.clone().set_num_format("#,##0"),
            points_decimal: cell.clone().set_num_format("#,##0.00"),
            percent: cell.clone().set_num_format("0.00"),
            integer: cell.set_num_format("0").set_align(FormatAlign::Center),
        }
    }
}

fn table_sheet(ws: &mut Worksheet, ranking: &Ranking, table: &Table, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(sheet_name(table))?;
    let headers = column_headers(ranking, table);
    let last_col = (headers.len() - 1) as u16;
    ws.merge_range(0, 0, 0, last_col, &table_heading(table), &f.title)?;
    ws.set_row_height(0, 36)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, h, &f.header)?;
    }
    ws.set_row_height(1, 30)?;
    ws.set_freeze_panes(2, 0)?;
    let points_format = if table.rows.iter().all(|r| is_whole(r.points)) {
        &f.points
    } else {
        &f.points_decimal
    };

    let mut row = 2u32;
    for section in tier_sections(ranking, table) {
        ws.merge_range(row, 0, row, last_col, &section.heading, &f.tier)?;
        row += 1;
        for (n, r) in section.rows {
            ws.write_number_with_format(row, 0, n as f64, &f.integer)?;
            ws.write_string_with_format(row, 1, &r.agency, &f.text)?;
            ws.write_number_with_format(row, 2, r.points, points_format)?;
            ws.write_number_with_format(row, 3, r.percent, &f.percent)?;
            ws.write_number_with_format(row, 4, r.rank as f64, &f.integer)?;
            if super::shows_previous_rank(ranking, table) {
                match r.previous_rank {
                    Some(p) => ws.write_number_with_format(row, 5, p as f64, &f.integer)?,
                    None => ws.write_string_with_format(row, 5, "-", &f.integer)?,
                };
            }
            row += 1;
        }
    }
    if !table.unranked.is_empty() {
        row += 1;
        ws.write_string(
            row,
            1,
            format!("Không xếp hạng trong bảng này ({} đơn vị):", table.unranked.len()),
        )?;
        for u in &table.unranked {
            row += 1;
            ws.write_string(row, 1, &u.agency)?;
            ws.write_string(row, 2, &u.reason)?;
        }
    }

    let name_width = table.rows.iter().map(|r| r.agency.chars().count()).max().unwrap_or(20);
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, (name_width + 2).max(30) as f64)?;
    ws.set_column_width(2, 16)?;
    ws.set_column_width(3, 10)?;
    for c in 4..=last_col {
        ws.set_column_width(c, 13)?;
    }
    Ok(())
}

fn unranked_sheet(ws: &mut Worksheet, ranking: &Ranking, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(UNRANKED_SHEET)?;
    ws.merge_range(0, 0, 0, 2, "Đơn vị không đánh giá hoặc không xếp hạng", &f.title)?;
    for (c, h) in ["Bảng", "Tên cơ quan", "Lý do"].iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &f.header)?;
    }
    ws.set_freeze_panes(2, 0)?;
    let listed = ranking.not_evaluated.iter().map(|u| ("Tất cả".to_string(), u)).chain(
        ranking
            .tables
            .iter()
            .flat_map(|t| t.unranked.iter().map(|u| (sheet_name(t), u))),
    );
    for (row, (table, u)) in (2u32..).zip(listed) {
        ws.write_string_with_format(row, 0, &table, &f.text)?;
        ws.write_string_with_format(row, 1, &u.agency, &f.text)?;
        ws.write_string_with_format(row, 2, &u.reason, &f.text)?;
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 36)?;
    ws.set_column_width(2, 60)?;
    Ok(())
}
