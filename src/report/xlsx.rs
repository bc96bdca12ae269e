//! The ranking as an XLSX workbook ready to print: one sheet per table ("Bảng 1", "Bảng 1.1", …)
//! with the title, the header row (frozen), the tier rows "Mức tốt / Mức khá / Mức trung bình" and
//! the rows with number formats (points "#,##0", percent "0.00"); a sheet "Biểu đồ" with Hình 1, 2…
//! as native Excel pie charts (tier colours of [`super::svg::tier_color`], labelled slices); then a
//! sheet "Không xếp hạng" listing the units not evaluated or without a row in a table, and why.
//! Every sheet prints on A4 landscape, fitted to the page width, its title and header rows repeated
//! on each page, pages numbered.
//!
//! Main function: [`write_xlsx`]; [`sheet_name`] names a table's sheet.

use super::{column_headers, figure_caption, is_whole, overall_tables, table_heading, tier_counts, tier_sections};
use crate::rank::{Ranking, Table};
use anyhow::{Context, Result};
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFormat, ChartLegendPosition, ChartLine, ChartPoint,
    ChartSolidFill, Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// The sheet listing units without a rank.
pub const UNRANKED_SHEET: &str = "Không xếp hạng";

/// The sheet of the tier-share charts (Hình 1, Hình 2…).
pub const CHARTS_SHEET: &str = "Biểu đồ";

/// Paper size 9 is A4 in Excel's numbering.
const A4: u8 = 9;

/// The sheet of a table: "Bảng 1.1".
pub fn sheet_name(table: &Table) -> String {
    format!("Bảng {}", table.id)
}

/// Writes the workbook to `path` (whole or not at all).
pub fn write_xlsx(ranking: &Ranking, path: &Path) -> Result<()> {
    let bytes = workbook_bytes(ranking).with_context(|| format!("không lập được sổ tính {}", path.display()))?;
    super::write_atomic(path, &bytes)
}

/// The workbook as bytes.
pub fn workbook_bytes(ranking: &Ranking) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    for table in &ranking.tables {
        table_sheet(book.add_worksheet(), ranking, table, &formats)?;
    }
    // No chart sheet without an overall table to chart (e.g. `rank --table 1.1 --format xlsx`).
    if overall_tables(ranking).next().is_some() {
        charts_sheet(book.add_worksheet(), ranking, &formats)?;
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
    print_setup(ws)?;
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

/// A4 landscape, one page wide (as many pages tall as needed), title and header rows on every page,
/// centred, "Trang 1/3" in the footer.
fn print_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3)
        .set_footer("&CTrang &P/&N");
    ws.set_repeat_rows(0, 1)?;
    Ok(())
}

/// Hình 1, 2…: per overall table, its tier counts as a small table and a pie chart of them.
fn charts_sheet(ws: &mut Worksheet, ranking: &Ranking, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(CHARTS_SHEET)?;
    ws.merge_range(0, 0, 0, 8, "Biểu đồ tỉ lệ xếp loại", &f.title)?;
    ws.write_string_with_format(1, 0, "Mức", &f.header)?;
    ws.write_string_with_format(1, 1, "Số đơn vị", &f.header)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 11)?;
    print_setup(ws)?;
    // Each figure takes a block of rows: its caption, the counts, then room for the chart.
    let mut row = 2u32;
    for (i, table) in overall_tables(ranking).enumerate() {
        let caption = figure_caption(ranking, table, i + 1);
        ws.merge_range(row, 0, row, 8, &caption, &f.tier)?;
        let counts = tier_counts(ranking, table);
        let first = row + 1;
        for (k, (_, name, count)) in counts.iter().enumerate() {
            let r = first + k as u32;
            ws.write_string_with_format(r, 0, *name, &f.text)?;
            ws.write_number_with_format(r, 1, *count as f64, &f.integer)?;
        }
        let last = first + counts.len().max(1) as u32 - 1;
        let mut chart = Chart::new_pie();
        chart.title().set_name(&caption);
        chart.legend().set_position(ChartLegendPosition::Right);
        let points: Vec<ChartPoint> = (0..counts.len())
            .map(|k| {
                ChartPoint::new().set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(super::svg::tier_color(k)))
                        .set_border(ChartLine::new().set_color("#000000")),
                )
            })
            .collect();
        chart
            .add_series()
            .set_name(table_heading(table).as_str())
            .set_categories((CHARTS_SHEET, first, 0, last, 0))
            .set_values((CHARTS_SHEET, first, 1, last, 1))
            .set_points(&points)
            .set_data_label(
                ChartDataLabel::new()
                    .show_category_name()
                    .show_value()
                    .show_percentage()
                    .set_position(ChartDataLabelPosition::OutsideEnd),
            );
        chart.set_width(720).set_height(360);
        ws.insert_chart(first, 3, &chart)?;
        row = (last + 1).max(first + 19) + 1;
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
    print_setup(ws)?;
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
