//! `ictrank verify`: recompute every table and compare it with the tables as published (the
//! evaluation's `published` CSV), reporting each disagreement — wrong points, percent, tier, rank or
//! previous rank, a unit printed twice, a unit missing, a table missing.
//!
//! Main types: [`Disagreement`]; entry point [`verify`].

use super::{Ranking, Row, canonical_table_id};
use crate::registry::Evaluation;
use crate::rubric::rules::parse_number;
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// One published value that the recomputation does not confirm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub table: String,
    pub agency: String,
    pub field: String,
    pub published: String,
    pub computed: String,
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Bảng {} | {} | {} | đã công bố: {} | tính lại: {}",
            self.table,
            self.agency,
            field_name(&self.field),
            self.published,
            self.computed
        )
    }
}

/// The Vietnamese name of a compared field ("rank" → "xếp hạng"), for the text a person reads.
fn field_name(field: &str) -> &str {
    match field {
        "table" => "bảng",
        "agency" => "tên cơ quan",
        "row" => "dòng",
        "points" => "tổng điểm",
        "percent" => "tỉ lệ (%)",
        "tier" => "mức",
        "rank" => "xếp hạng",
        "previous_rank" => "xếp hạng năm trước",
        other => other,
    }
}

struct PublishedRow {
    table: String,
    line: usize,
    row: String,
    agency: String,
    points: String,
    percent: String,
    rank: String,
    previous_rank: String,
    tier: String,
}

fn read_published(path: &Path, eval: &Evaluation) -> Result<Vec<PublishedRow>> {
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("không đọc được {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| -> Result<usize> {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            anyhow::anyhow!(
                "{}: no column \"{name}\" (columns: {})",
                path.display(),
                headers.iter().collect::<Vec<_>>().join(", ")
            )
        })
    };
    let rank_col = col(&format!("rank_{}", eval.year))?;
    let prev_col = match eval.previous_year {
        Some(y) => Some(col(&format!("rank_{y}"))?),
        None => None,
    };
    let (t, r, a, p, pc, tier) = (
        col("table")?,
        col("row")?,
        col("agency")?,
        col("points")?,
        col("percent")?,
        col("tier")?,
    );
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.with_context(|| format!("{}: dòng {}", path.display(), i + 2))?;
        let get = |c: usize| rec.get(c).unwrap_or("").trim().to_string();
        out.push(PublishedRow {
            table: get(t),
            line: i + 2,
            row: get(r),
            agency: get(a),
            points: get(p),
            percent: get(pc),
            rank: get(rank_col),
            previous_rank: prev_col.map(get).unwrap_or_default(),
            tier: get(tier),
        });
    }
    Ok(out)
}

/// Compares `ranking` with the evaluation's published tables.
pub fn verify(eval: &Evaluation, ranking: &Ranking) -> Result<Vec<Disagreement>> {
    let Some(path) = &eval.published else {
        bail!(
            "{}: names no published tables (key `published`)",
            eval.dir.join("evaluation.toml").display()
        );
    };
    let published = read_published(path, eval)?;
    let mut by_table: BTreeMap<String, Vec<&PublishedRow>> = BTreeMap::new();
    for p in &published {
        by_table.entry(p.table.clone()).or_default().push(p);
    }
    let mut out = Vec::new();
    let mut push = |table: &str, agency: &str, field: &str, published: String, computed: String| {
        out.push(Disagreement {
            table: table.into(),
            agency: agency.into(),
            field: field.into(),
            published,
            computed,
        });
    };
    for (table_id, rows) in &by_table {
        let Some(table) = ranking.table(&canonical_table_id(eval, table_id)) else {
            push(
                table_id,
                "",
                "table",
                "có".into(),
                "bộ tiêu chí không có bảng này".into(),
            );
            continue;
        };
        // Group the published rows by the unit they name.
        // (in published order, so the report reads like the table)
        let mut by_unit: Vec<(String, Vec<&PublishedRow>)> = Vec::new();
        for p in rows {
            match eval.find_unit(&p.agency) {
                Some(u) => match by_unit.iter_mut().find(|(id, _)| *id == u.id) {
                    Some((_, v)) => v.push(p),
                    None => by_unit.push((u.id.clone(), vec![p])),
                },
                None => push(
                    table_id,
                    &p.agency,
                    "agency",
                    format!("dòng {} của tệp", p.line),
                    "không có đơn vị này".into(),
                ),
            }
        }
        for (unit_id, prows) in &by_unit {
            let p = prows[0];
            if prows.len() > 1 {
                let lines: Vec<_> = prows.iter().map(|r| r.row.as_str()).collect();
                push(
                    table_id,
                    &p.agency,
                    "row",
                    format!("in {} lần (dòng {})", prows.len(), lines.join(", ")),
                    "một lần".into(),
                );
            }
            match table.rows.iter().find(|r| r.unit_id == *unit_id) {
                Some(row) => compare(table_id, p, row, &mut push),
                None => {
                    let why = table
                        .unranked
                        .iter()
                        .find(|u| u.unit_id == *unit_id)
                        .map(|u| u.reason.clone());
                    push(
                        table_id,
                        &p.agency,
                        "row",
                        "có".into(),
                        why.unwrap_or_else(|| "không thuộc bảng này".into()),
                    );
                }
            }
        }
        for row in &table.rows {
            if !by_unit.iter().any(|(id, _)| *id == row.unit_id) {
                push(
                    table_id,
                    &row.agency,
                    "row",
                    "không có".into(),
                    format!("{} điểm, xếp hạng {}", row.points, row.rank),
                );
            }
        }
    }
    Ok(out)
}

fn compare(table: &str, p: &PublishedRow, row: &Row, push: &mut impl FnMut(&str, &str, &str, String, String)) {
    let num = |s: &str| parse_number(s);
    if num(&p.points).is_none_or(|v| (v - row.points).abs() > 1e-6) {
        push(table, &p.agency, "points", p.points.clone(), fmt_num(row.points));
    }
    if num(&p.percent).is_none_or(|v| (v - row.percent).abs() > 0.005 + 1e-9) {
        push(
            table,
            &p.agency,
            "percent",
            p.percent.clone(),
            format!("{:.2}", row.percent),
        );
    }
    if p.tier != row.tier {
        push(table, &p.agency, "tier", p.tier.clone(), row.tier.clone());
    }
    if p.rank.parse::<u32>().ok() != Some(row.rank) {
        push(table, &p.agency, "rank", p.rank.clone(), row.rank.to_string());
    }
    let prev = if p.previous_rank.is_empty() {
        None
    } else {
        p.previous_rank.parse::<u32>().ok()
    };
    if prev != row.previous_rank {
        push(
            table,
            &p.agency,
            "previous_rank",
            p.previous_rank.clone(),
            row.previous_rank.map(|r| r.to_string()).unwrap_or_default(),
        );
    }
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}
