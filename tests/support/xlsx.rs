//! Reads the data rows of a ranking sheet back from an XLSX file with calamine.
#![allow(dead_code)]

use calamine::{Data, Reader, Xlsx, open_workbook};
use std::path::Path;

/// A data row: (STT, name, points, percent, rank, previous rank).
pub type SheetRow = (u32, String, f64, f64, u32, Option<u32>);

/// The data rows of a sheet: (STT, name, points, percent, rank, previous rank), skipping the title,
/// the header, tier rows and the list of unranked units.
pub fn sheet_rows(path: &Path, sheet: &str) -> (Vec<String>, Vec<SheetRow>) {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    let mut texts = Vec::new();
    let mut rows = Vec::new();
    for row in range.rows() {
        match row {
            [
                Data::Float(n),
                Data::String(name),
                Data::Float(p),
                Data::Float(pct),
                Data::Float(rank),
                rest @ ..,
            ] => {
                let prev = match rest.first() {
                    Some(Data::Float(f)) => Some(*f as u32),
                    _ => None,
                };
                rows.push((*n as u32, name.clone(), *p, *pct, *rank as u32, prev));
            }
            _ => texts.push(row.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|")),
        }
    }
    (texts, rows)
}

/// The rows a ranking table should show in its sheet, numbered from 1.
pub fn expected_rows(table: &ictrank::rank::Table) -> Vec<SheetRow> {
    table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                i as u32 + 1,
                r.agency.clone(),
                r.points,
                r.percent,
                r.rank,
                r.previous_rank,
            )
        })
        .collect()
}
