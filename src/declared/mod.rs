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

    /// The latest value for each (unit, target).
    pub fn latest(&self) -> BTreeMap<(String, Target), &DeclaredValue> {
        let mut out = BTreeMap::new();
        for v in &self.values {
            out.insert((v.unit_id.clone(), v.target.clone()), v);
        }
        out
    }

    /// Points per group for one unit: a group's declared points when given, else the sum of its
    /// criteria's scored answers when any is given (missing criteria count 0 and are named in the note).
    pub fn group_points(&self, eval: &Evaluation, unit_id: &str) -> BTreeMap<String, GroupPoints> {
        let latest = self.latest();
        let Some(unit) = eval.unit(unit_id) else { return BTreeMap::new() };
        let mut out = BTreeMap::new();
        for g in &eval.rubric.groups {
            if let Some(v) = latest.get(&(unit_id.to_string(), Target::Group(g.id.clone()))) {
                out.insert(g.id.clone(), GroupPoints { points: v.points, source: v.source.clone(), note: v.note.clone() });
                continue;
            }
            let criteria: Vec<_> = g.criteria.iter().filter(|c| c.applies_to(&unit.kind)).collect();
            let answered: Vec<_> = criteria
                .iter()
                .filter_map(|c| latest.get(&(unit_id.to_string(), Target::Criterion(c.id.clone()))))
                .collect();
            if answered.is_empty() {
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
                GroupPoints { points: answered.iter().map(|v| v.points).sum(), source: "declared".into(), note },
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
