//! Ranking rows as CSV for machines: one line per row of every table, dot decimals, no thousands
//! separators, with the table's group and unit kind so a row stands alone.
//!
//! Main function: [`rows_csv`]; columns are [`COLUMNS`].

use crate::rank::{Ranking, Row};
use anyhow::{Context, Result};
use std::io::Write;

/// The header line.
pub const COLUMNS: [&str; 12] = [
    "table",
    "group",
    "unit_kind",
    "row",
    "unit_id",
    "agency",
    "points",
    "max_points",
    "percent",
    "rank",
    "previous_rank",
    "tier",
];

/// Writes `rows` (rows of `ranking`'s tables) as CSV; `group` is "overall" for an overall table and
/// `row` is the row's position in its table, counted from 1.
pub fn rows_csv<'a>(
    ranking: &Ranking,
    rows: impl Iterator<Item = &'a Row>,
    w: impl Write,
) -> Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(COLUMNS)?;
    for r in rows {
        let table = ranking.table(&r.table).with_context(|| {
            format!(
                "row of {} names table {} which the ranking does not have",
                r.agency, r.table
            )
        })?;
        let position = table
            .rows
            .iter()
            .position(|x| x.unit_id == r.unit_id)
            .map_or(0, |i| i + 1);
        out.write_record([
            r.table.clone(),
            table.group.clone().unwrap_or_else(|| "overall".into()),
            table.kind.clone(),
            position.to_string(),
            r.unit_id.clone(),
            r.agency.clone(),
            r.points.to_string(),
            r.max_points.to_string(),
            r.percent.to_string(),
            r.rank.to_string(),
            r.previous_rank.map(|p| p.to_string()).unwrap_or_default(),
            r.tier.clone(),
        ])?;
    }
    out.flush()?;
    Ok(())
}
