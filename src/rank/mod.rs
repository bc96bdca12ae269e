//! The ranking engine: from each unit's points per group, the decision's tables — the overall table
//! of each kind ("1", "2") and one table per group and kind ("1.1"…"1.6", "1.3b", "2.1"…) — with
//! points, percent, tier, dense rank (ties share a rank; stable order by name) and previous rank.
//!
//! Main types: [`Ranking`] (all tables of an evaluation), [`Table`], [`Row`]; [`UnitPoints`] is the
//! input (built by [`points_from_declared`], or by the run stage which merges audited website scores).
//! [`verify`] compares a ranking with the published tables.

pub mod verify;

use crate::declared::{DeclaredSet, GroupPoints};
use crate::registry::{Evaluation, Unit, flag_label};
use crate::util::text::fold;
use serde::Serialize;
use std::collections::BTreeMap;

/// Points per group for each unit: unit id → group id → points.
pub type UnitPoints = BTreeMap<String, BTreeMap<String, GroupPoints>>;

/// One ranked row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub table: String,
    pub unit_id: String,
    pub agency: String,
    pub points: f64,
    pub max_points: f64,
    pub percent: f64,
    pub rank: u32,
    pub previous_rank: Option<u32>,
    /// Tier id ("tot", "kha", "trung_binh").
    pub tier: String,
}

/// A unit of the table's kind that has no row, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unranked {
    pub unit_id: String,
    pub agency: String,
    pub reason: String,
}

/// One ranking table.
#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub id: String,
    /// "Xếp hạng tổng thể …" / "Xếp hạng tiêu chí thành phần về … của …".
    pub title: String,
    pub kind: String,
    /// `None` for an overall table.
    pub group: Option<String>,
    pub max_points: f64,
    pub rows: Vec<Row>,
    pub unranked: Vec<Unranked>,
}

/// Every table of an evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct Ranking {
    pub evaluation: String,
    pub title: String,
    pub year: i32,
    pub previous_year: Option<i32>,
    /// Tier ids and Vietnamese names, best first.
    pub tiers: Vec<(String, String)>,
    pub tables: Vec<Table>,
    /// Units listed but not evaluated this year.
    pub not_evaluated: Vec<Unranked>,
}

impl Ranking {
    /// The table with this id or one of its aliases ("1.3a" → "1.3").
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }

    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.tables.iter().flat_map(|t| t.rows.iter())
    }
}

/// The group points each unit declared (files of the evaluation plus imports).
pub fn points_from_declared(eval: &Evaluation, declared: &DeclaredSet) -> UnitPoints {
    eval.units
        .iter()
        .map(|u| (u.id.clone(), declared.group_points(eval, &u.id)))
        .collect()
}

/// Resolves a table id given by a user or a published file to the engine's id.
pub fn canonical_table_id(eval: &Evaluation, id: &str) -> String {
    eval.rubric
        .groups
        .iter()
        .find_map(|g| g.table_aliases.get(id).cloned())
        .unwrap_or_else(|| id.to_string())
}

/// Builds every table.
pub fn rank(eval: &Evaluation, points: &UnitPoints) -> Ranking {
    let rubric = &eval.rubric;
    let mut tables = Vec::new();
    for kind in &rubric.kinds {
        let units: Vec<&Unit> = eval.units_of_kind(&kind.id).filter(|u| u.evaluated()).collect();
        // Overall table: all groups present, and not flagged out of the overall ranking.
        let mut entries = Vec::new();
        let mut unranked = Vec::new();
        for u in &units {
            if let Some(flag) = &rubric.no_overall_flag
                && u.has_flag(flag)
            {
                unranked.push(unranked_row(
                    u,
                    &format!("không xếp hạng tổng thể: {}", flag_label(flag)),
                ));
                continue;
            }
            let up = points.get(&u.id);
            let missing: Vec<&str> = rubric
                .groups
                .iter()
                .filter(|g| up.is_none_or(|p| !p.contains_key(&g.id)))
                .map(|g| g.id.as_str())
                .collect();
            let pending: Vec<&str> = up
                .iter()
                .flat_map(|p| p.values())
                .filter_map(|p| p.pending.as_deref())
                .collect();
            if !pending.is_empty() {
                unranked.push(unranked_row(u, &pending.join("; ")));
            } else if missing.is_empty() {
                let total = up.unwrap().values().map(|p| p.points).sum();
                entries.push((*u, total));
            } else {
                unranked.push(unranked_row(u, &format!("thiếu điểm nhóm: {}", missing.join(", "))));
            }
        }
        let max = rubric.total_max(&kind.id);
        let title = format!(
            "Xếp hạng tổng thể mức độ ứng dụng công nghệ thông tin của {}",
            kind.plural
        );
        tables.push(build_table(
            eval,
            &kind.overall_table,
            title,
            &kind.id,
            None,
            max,
            entries,
            unranked,
        ));

        for g in &rubric.groups {
            let Some(table_id) = g.tables.get(&kind.id) else {
                continue;
            };
            let mut entries = Vec::new();
            let mut unranked = Vec::new();
            for u in &units {
                if let Some(flag) = &g.skipped_for_flag
                    && u.has_flag(flag)
                {
                    unranked.push(unranked_row(
                        u,
                        &format!("không đánh giá nhóm này: {}", flag_label(flag)),
                    ));
                    continue;
                }
                match points.get(&u.id).and_then(|p| p.get(&g.id)) {
                    Some(GroupPoints { pending: Some(why), .. }) => unranked.push(unranked_row(u, why)),
                    Some(p) => entries.push((*u, p.points)),
                    None => unranked.push(unranked_row(u, "chưa có điểm")),
                }
            }
            let title = format!("Xếp hạng tiêu chí thành phần về {} của {}", g.name, kind.plural);
            tables.push(build_table(
                eval,
                table_id,
                title,
                &kind.id,
                Some(&g.id),
                g.max[&kind.id],
                entries,
                unranked,
            ));
        }
    }
    let not_evaluated = eval
        .units
        .iter()
        .filter(|u| !u.evaluated())
        .map(|u| unranked_row(u, "không đánh giá năm nay"))
        .collect();
    Ranking {
        evaluation: eval.id.clone(),
        title: eval.title.clone(),
        year: eval.year,
        previous_year: eval.previous_year,
        tiers: rubric.tiers.iter().map(|t| (t.id.clone(), t.name.clone())).collect(),
        tables,
        not_evaluated,
    }
}

fn unranked_row(u: &Unit, reason: &str) -> Unranked {
    Unranked {
        unit_id: u.id.clone(),
        agency: u.name.clone(),
        reason: reason.to_string(),
    }
}

/// Points equal within this are a tie (points are sums of multiples of 5, or of declared decimals).
const TIE: f64 = 1e-6;

#[allow(clippy::too_many_arguments)]
fn build_table(
    eval: &Evaluation,
    id: &str,
    title: String,
    kind: &str,
    group: Option<&str>,
    max: f64,
    mut entries: Vec<(&Unit, f64)>,
    unranked: Vec<Unranked>,
) -> Table {
    entries.sort_by(|(ua, a), (ub, b)| b.total_cmp(a).then_with(|| fold(&ua.name).cmp(&fold(&ub.name))));
    let decimals = eval.rubric.percent_decimals as i32;
    let scale = 10f64.powi(decimals);
    let mut rows = Vec::with_capacity(entries.len());
    let mut rank = 0;
    let mut last: Option<f64> = None;
    for (u, points) in entries {
        if last.is_none_or(|l| (l - points).abs() > TIE) {
            rank += 1;
            last = Some(points);
        }
        let percent = if max > 0.0 {
            (points / max * 100.0 * scale + 1e-9).round() / scale
        } else {
            0.0
        };
        rows.push(Row {
            table: id.to_string(),
            unit_id: u.id.clone(),
            agency: u.name.clone(),
            points,
            max_points: max,
            percent,
            rank,
            previous_rank: eval.previous_ranks.get(&(id.to_string(), u.id.clone())).copied(),
            tier: eval.rubric.tier(percent).id.clone(),
        });
    }
    Table {
        id: id.to_string(),
        title,
        kind: kind.to_string(),
        group: group.map(str::to_string),
        max_points: max,
        rows,
        unranked,
    }
}
