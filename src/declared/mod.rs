//! Declared data: what units report on forms (points per group for past years, or raw answers per
//! criterion scored by the rubric's rules), read from CSV or XLSX.
//!
//! Main types: [`DeclaredValue`] (one value with where it came from) and [`DeclaredSet`] (all values of
//! an evaluation, later ones winning, turned into group points by [`DeclaredSet::group_points`]).
//! [`table`] reads spreadsheets into located cells; [`parse`] checks them against the rubric and units.

pub mod parse;
pub mod table;

use crate::registry::Evaluation;
use std::collections::BTreeMap;

pub use parse::{ImportError, parse_file};

/// What a declared value is for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// Points of a whole group (past years, published tables).
    Group(String),
    /// A raw answer to one criterion.
    Criterion(String),
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Group(g) => write!(f, "nhóm {g}"),
            Target::Criterion(c) => write!(f, "tiêu chí {c}"),
        }
    }
}

/// One declared value.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredValue {
    pub unit_id: String,
    pub target: Target,
    /// The answer as typed, for criteria.
    pub raw: Option<String>,
    pub points: f64,
    /// "published", "derived", "declared", or the import's file name.
    pub source: String,
    pub note: String,
}

/// A group's points and how they were obtained.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupPoints {
    pub points: f64,
    pub source: String,
    pub note: String,
    /// Set when the points cannot be given yet (a website that could not be checked awaits an
    /// evaluator): the unit is then left out of the group's table with this reason.
    pub pending: Option<String>,
}

/// All declared values of an evaluation, in the order they were given (later wins).
#[derive(Clone, Debug, Default)]
pub struct DeclaredSet {
    pub values: Vec<DeclaredValue>,
}

impl DeclaredSet {
    /// Reads every declared file the evaluation names.
    pub fn from_evaluation_files(eval: &Evaluation) -> anyhow::Result<DeclaredSet> {
        let mut set = DeclaredSet::default();
        for path in &eval.declared_files {
            let values = parse_file(path, eval).map_err(|e| anyhow::anyhow!("{e}"))?;
            set.values.extend(values);
        }
        Ok(set)
    }

    pub fn extend(&mut self, values: impl IntoIterator<Item = DeclaredValue>) {
        self.values.extend(values);
    }

    /// The latest value for each (unit, target), with its position in the set.
    pub fn latest(&self) -> BTreeMap<(String, Target), (usize, &DeclaredValue)> {
        let mut out = BTreeMap::new();
        for (i, v) in self.values.iter().enumerate() {
            out.insert((v.unit_id.clone(), v.target.clone()), (i, v));
        }
        out
    }

    /// Points per group for one unit: whichever was given last of the group's declared points and
    /// answers to its criteria; answers are summed (missing criteria count 0 and are named in the note).
    pub fn group_points(&self, eval: &Evaluation, unit_id: &str) -> BTreeMap<String, GroupPoints> {
        let latest = self.latest();
        let Some(unit) = eval.unit(unit_id) else {
            return BTreeMap::new();
        };
        let mut out = BTreeMap::new();
        for g in &eval.rubric.groups {
            let criteria: Vec<_> = g.criteria.iter().filter(|c| c.applies_to(&unit.kind)).collect();
            let answered: Vec<_> = criteria
                .iter()
                .filter_map(|c| latest.get(&(unit_id.to_string(), Target::Criterion(c.id.clone()))))
                .collect();
            let newest_answer = answered.iter().map(|(i, _)| *i).max();
            if let Some((i, v)) = latest.get(&(unit_id.to_string(), Target::Group(g.id.clone())))
                && newest_answer.is_none_or(|a| a < *i)
            {
                out.insert(
                    g.id.clone(),
                    GroupPoints {
                        points: v.points,
                        source: v.source.clone(),
                        note: v.note.clone(),
                        pending: None,
                    },
                );
                continue;
            }
            // The audited (website) group's points come from the audit; answers to its declared-only
            // criteria are merged there, and never make the group's points on their own.
            if answered.is_empty() || g.audited {
                continue;
            }
            let missing: Vec<_> = criteria
                .iter()
                .filter(|c| !latest.contains_key(&(unit_id.to_string(), Target::Criterion(c.id.clone()))))
                .map(|c| c.id.as_str())
                .collect();
            let note = if missing.is_empty() {
                String::new()
            } else {
                format!("chưa khai báo (tính 0 điểm): {}", missing.join(", "))
            };
            out.insert(
                g.id.clone(),
                GroupPoints {
                    points: answered.iter().map(|(_, v)| v.points).sum(),
                    source: "declared".into(),
                    note,
                    pending: None,
                },
            );
        }
        out
    }

    /// The declared answer to one criterion, if any.
    pub fn criterion(&self, unit_id: &str, criterion_id: &str) -> Option<&DeclaredValue> {
        self.values
            .iter()
            .rev()
            .find(|v| v.unit_id == unit_id && v.target == Target::Criterion(criterion_id.to_string()))
    }
}
