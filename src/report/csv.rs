//! Ranking rows as CSV: one line per row of every table, with the table's group and unit kind so a
//! row stands alone. Two header sets ([`Headers`]): Vietnamese for people (the default; UTF-8 with
//! a byte-order mark so Excel reads the diacritics, tiers by name "Tốt"), or machine names
//! ([`COLUMNS`]: no BOM, tier ids "tot"). Numbers are dot decimals without thousands separators in
//! both.
//!
//! Main function: [`rows_csv`].

use crate::rank::{Ranking, Row};
use anyhow::{Context, Result};
use std::io::Write;

/// Which header line, and which tier text, a CSV carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Headers {
    /// [`VIETNAMESE_COLUMNS`], a UTF-8 BOM, tier names ("Trung bình"), "Tổng thể" for overall tables.
    Vietnamese,
    /// [`COLUMNS`], no BOM, tier ids ("trung_binh"), "overall".
    Machine,
}

/// The machine header line.
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

/// The Vietnamese header line, column for column with [`COLUMNS`].
pub const VIETNAMESE_COLUMNS: [&str; 12] = [
    "Bảng",
    "Nhóm tiêu chí",
    "Loại đơn vị",
    "STT",
    "Mã đơn vị",
    "Tên cơ quan",
    "Tổng điểm",
    "Điểm tối đa",
    "Tỉ lệ (%)",
    "Xếp hạng",
    "Xếp hạng năm trước",
    "Mức xếp loại",
];

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes `rows` (rows of `ranking`'s tables) as CSV; `row` is the row's position in its table,
/// counted from 1.
pub fn rows_csv<'a>(
    ranking: &Ranking,
    rows: impl Iterator<Item = &'a Row>,
    headers: Headers,
    mut w: impl Write,
) -> Result<()> {
    let vietnamese = headers == Headers::Vietnamese;
    if vietnamese {
        w.write_all(BOM)?;
    }
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(if vietnamese { VIETNAMESE_COLUMNS } else { COLUMNS })?;
    for r in rows {
        let table = ranking.table(&r.table).with_context(|| {
            format!(
                "dòng của {} ghi bảng {}, nhưng bảng xếp hạng không có bảng này",
                r.agency, r.table
            )
        })?;
        let position = table
            .rows
            .iter()
            .position(|x| x.unit_id == r.unit_id)
            .map_or(0, |i| i + 1);
        let group = match (&table.group, vietnamese) {
            (Some(g), true) => ranking.name_of(g).to_string(),
            (Some(g), false) => g.clone(),
            (None, true) => "Tổng thể".into(),
            (None, false) => "overall".into(),
        };
        let tier = if vietnamese {
            super::tier_name(ranking, &r.tier).to_string()
        } else {
            r.tier.clone()
        };
        out.write_record([
            r.table.clone(),
            group,
            if vietnamese {
                ranking.name_of(&table.kind).to_string()
            } else {
                table.kind.clone()
            },
            position.to_string(),
            r.unit_id.clone(),
            r.agency.clone(),
            r.points.to_string(),
            r.max_points.to_string(),
            r.percent.to_string(),
            r.rank.to_string(),
            r.previous_rank.map(|p| p.to_string()).unwrap_or_default(),
            tier,
        ])?;
    }
    out.flush()?;
    Ok(())
}
