//! Reports of a ranking, in Vietnamese as the decision prints them: [`terminal`] text tables,
//! [`csv`] and [`json`] rows for machines, an [`xlsx`] workbook, a self-contained [`html`] page with
//! inline [`svg`] charts, per-unit [`scorecard`]s (HTML, and DOCX through [`docx`]), and PDF
//! printouts of the ranking and the scorecards through headless Chromium ([`pdf`]).
//! [`write_all`] writes every one of them into a folder.
//!
//! The layout shared by the formats lives here: [`tier_sections`] (the "Mức tốt / Mức khá / Mức
//! trung bình" sections of a table) and the column headers.

pub mod csv;
pub mod docx;
pub mod html;
pub mod json;
pub mod markup;
pub mod pdf;
pub mod scorecard;
pub mod svg;
pub mod terminal;
mod write;
pub mod xlsx;

pub use html::{Change, HtmlExtras, ReviewFlag, UnitFreshness, html_report};
pub use scorecard::{ScorecardInput, Standing, StoredPage, scorecard_html};
pub use write::{STORED_DIR, write_all};

use crate::rank::{Ranking, Row, Table};
use crate::util::vnformat;

/// One tier section of a table: the tier's display name ("Mức tốt") and its rows with their
/// position in the table (the decision's STT, counted from 1 across sections).
pub struct TierSection<'a> {
    pub tier_id: &'a str,
    pub heading: String,
    pub rows: Vec<(usize, &'a Row)>,
}

/// The table's rows by tier, best tier first; tiers without rows are left out, as in the decision.
pub fn tier_sections<'a>(ranking: &'a Ranking, table: &'a Table) -> Vec<TierSection<'a>> {
    ranking
        .tiers
        .iter()
        .map(|(id, name)| TierSection {
            tier_id: id,
            heading: tier_heading(name),
            rows: table
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| &r.tier == id)
                .map(|(i, r)| (i + 1, r))
                .collect(),
        })
        .filter(|s| !s.rows.is_empty())
        .collect()
}

/// "Tốt" → "Mức tốt".
pub fn tier_heading(tier_name: &str) -> String {
    format!("Mức {}", tier_name.to_lowercase())
}

/// The Vietnamese name of a tier id ("tot" → "Tốt"), or the id itself.
pub fn tier_name<'a>(ranking: &'a Ranking, tier_id: &'a str) -> &'a str {
    ranking
        .tiers
        .iter()
        .find(|(id, _)| id == tier_id)
        .map_or(tier_id, |(_, n)| n.as_str())
}

/// "Bảng 1. Xếp hạng tổng thể …"
pub fn table_heading(table: &Table) -> String {
    format!("Bảng {}. {}", table.id, table.title)
}

/// Whether the table shows last year's rank: the ranking has a previous year and some row of the
/// table has a rank then (a table new this year, like the decision's Bảng 1.3b, has none).
pub fn shows_previous_rank(ranking: &Ranking, table: &Table) -> bool {
    ranking.previous_year.is_some() && table.rows.iter().any(|r| r.previous_rank.is_some())
}

/// The column headers of a ranking table: STT, name, points (with the maximum for a group table,
/// as the decision prints it), percent, rank this year and, when shown, last year's rank.
pub fn column_headers(ranking: &Ranking, table: &Table) -> Vec<String> {
    let points = match table.group {
        None => "Tổng điểm".to_string(),
        Some(_) => format!("Tổng điểm (Tối đa: {})", points_text(table.max_points)),
    };
    let mut headers = vec![
        "STT".to_string(),
        "Tên cơ quan".to_string(),
        points,
        "Tỉ lệ (%)".to_string(),
        format!("Xếp hạng {}", ranking.year),
    ];
    if let Some(prev) = ranking.previous_year.filter(|_| shows_previous_rank(ranking, table)) {
        headers.push(format!("Xếp hạng {prev}"));
    }
    headers
}

/// The text cells of a row, in the order of [`column_headers`].
pub fn row_cells(ranking: &Ranking, table: &Table, position: usize, row: &Row) -> Vec<String> {
    let mut cells = vec![
        position.to_string(),
        row.agency.clone(),
        points_text(row.points),
        vnformat::decimal(row.percent, 2),
        row.rank.to_string(),
    ];
    if shows_previous_rank(ranking, table) {
        cells.push(row.previous_rank.map_or_else(|| "-".to_string(), |r| r.to_string()));
    }
    cells
}

/// Points the Vietnamese way: "1.280", or "92,50" when not whole.
pub fn points_text(points: f64) -> String {
    if is_whole(points) {
        vnformat::thousands(points.round() as i64)
    } else {
        vnformat::decimal(points, 2)
    }
}

pub(crate) fn is_whole(x: f64) -> bool {
    (x - x.round()).abs() < 1e-9
}

/// The overall tables (one per unit kind), in order: each gets a tier-share figure (Hình 1, 2…).
pub fn overall_tables(ranking: &Ranking) -> impl Iterator<Item = &Table> {
    ranking.tables.iter().filter(|t| t.group.is_none())
}

/// The caption of the tier-share figure of an overall table: "Hình 1. Biểu đồ tỉ lệ đánh giá tổng
/// thể mức độ ứng dụng CNTT của các sở, ban, ngành theo mức Tốt, Khá và Trung bình".
pub fn figure_caption(ranking: &Ranking, table: &Table, number: usize) -> String {
    let tiers: Vec<String> = ranking.tiers.iter().map(|(_, n)| n.clone()).collect();
    let subject = table
        .title
        .rsplit_once(" của ")
        .map_or(table.title.as_str(), |(_, who)| who);
    format!(
        "Hình {number}. Biểu đồ tỉ lệ đánh giá tổng thể mức độ ứng dụng CNTT của {subject} theo mức {}",
        join_and(&tiers)
    )
}

/// "Tốt, Khá và Trung bình".
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

/// Counts of rows per tier of a table, best tier first, every tier of the ranking listed.
pub fn tier_counts<'a>(ranking: &'a Ranking, table: &Table) -> Vec<(&'a str, &'a str, usize)> {
    ranking
        .tiers
        .iter()
        .map(|(id, name)| {
            (
                id.as_str(),
                name.as_str(),
                table.rows.iter().filter(|r| &r.tier == id).count(),
            )
        })
        .collect()
}

/// Writes a file whole or not at all: the bytes go to a temporary file beside it, then a rename.
pub(crate) fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    let name = path
        .file_name()
        .with_context(|| format!("{} không có tên tệp", path.display()))?;
    let tmp = path.with_file_name(format!(".{}.tmp", name.to_string_lossy()));
    std::fs::write(&tmp, bytes).with_context(|| format!("không ghi được {}", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("không đổi tên được {} thành {}", tmp.display(), path.display()))
}
