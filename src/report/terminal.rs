//! A ranking table as terminal text, laid out like the decision: the title line "Bảng 1. …", the
//! column headers, the tier sections ("Mức tốt", "Mức khá", "Mức trung bình") each followed by its
//! rows, then the units of the table's kind that have no row and why.
//!
//! Main functions: [`table_text`] for one table, [`ranking_text`] for all of them and the units not
//! evaluated. Columns are aligned by characters (after NFC), not bytes, so
//! Vietnamese names line up.

use super::{column_headers, row_cells, table_heading, tier_sections};
use crate::rank::{Ranking, Table};
use unicode_normalization::UnicodeNormalization;

/// The table as aligned text, ending with a newline.
pub fn table_text(ranking: &Ranking, table: &Table) -> String {
    let headers = column_headers(ranking, table);
    let sections = tier_sections(ranking, table);
    let body: Vec<Vec<String>> = sections
        .iter()
        .flat_map(|s| s.rows.iter().map(|(n, r)| row_cells(ranking, table, *n, r)))
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for cells in &body {
        for (w, c) in widths.iter_mut().zip(cells) {
            *w = (*w).max(width(c));
        }
    }

    let mut out = format!("{}\n", table_heading(table));
    if table.group.is_none() {
        out += &format!("Điểm tối đa: {}\n", super::points_text(table.max_points));
    }
    out += &line(&headers, &widths, |_| false);
    out += &widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-");
    out.push('\n');
    let mut body = body.iter();
    for s in &sections {
        out += &s.heading;
        out.push('\n');
        for cells in body.by_ref().take(s.rows.len()) {
            // Name left-aligned, numbers right-aligned.
            out += &line(cells, &widths, |i| i != 1);
        }
    }
    if table.rows.is_empty() {
        out += "(không có đơn vị nào được xếp hạng)\n";
    }
    if !table.unranked.is_empty() {
        out += &format!("Không xếp hạng trong bảng này ({} đơn vị):\n", table.unranked.len());
        for u in &table.unranked {
            out += &format!("- {}: {}\n", u.agency, u.reason);
        }
    }
    out
}

/// Every table, one after another, then the units not evaluated this year.
pub fn ranking_text(ranking: &Ranking) -> String {
    let mut out = format!("{}\n\n", ranking.title);
    for t in &ranking.tables {
        out += &table_text(ranking, t);
        out.push('\n');
    }
    if !ranking.not_evaluated.is_empty() {
        out += &format!("Không đánh giá ({} đơn vị):\n", ranking.not_evaluated.len());
        for u in &ranking.not_evaluated {
            out += &format!("- {}: {}\n", u.agency, u.reason);
        }
    }
    out
}

fn width(s: &str) -> usize {
    s.nfc().count()
}

fn line(cells: &[String], widths: &[usize], right: impl Fn(usize) -> bool) -> String {
    let padded: Vec<String> = cells
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (c, w))| {
            let pad = " ".repeat(w.saturating_sub(width(c)));
            if right(i) {
                format!("{pad}{c}")
            } else {
                format!("{c}{pad}")
            }
        })
        .collect();
    format!("{}\n", padded.join(" | ").trim_end())
}
