//! Declared data imported by evaluators, and evaluators' overrides of scores with their audit trail.
//!
//! An import is one transaction: the `imports` row and all its `declared_values`, or nothing.
//! Overrides are append-only: every one is kept; which one decides a run is
//! [`crate::pipeline::merge::pick_override`]'s choice, by the [`EvidenceSnapshot`] each keeps.

use super::{Store, now_text};
use crate::audit::model::{CriterionResult, Outcome};
use crate::declared::{DeclaredValue, Target};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// Stores the values of one import atomically; returns the import id.
pub async fn save_import(
    store: &Store,
    evaluation: &str,
    file_name: &str,
    sha256: &str,
    values: &[DeclaredValue],
) -> Result<i64> {
    let mut tx = store.pool.begin().await?;
    let row = sqlx::query(
        "INSERT INTO imports (evaluation, file_name, sha256, imported_at, row_count) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(evaluation)
    .bind(file_name)
    .bind(sha256)
    .bind(now_text())
    .bind(values.len() as i64)
    .fetch_one(&mut *tx)
    .await
    .context("không ghi lại được lần nhập")?;
    let import_id: i64 = row.try_get(0)?;
    for v in values {
        let (group, criterion) = match &v.target {
            Target::Group(g) => (Some(g.as_str()), None),
            Target::Criterion(c) => (None, Some(c.as_str())),
        };
        sqlx::query(
            "INSERT INTO declared_values (import_id, evaluation, unit_id, group_id, criterion_id, raw_value, points, source, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(import_id)
        .bind(evaluation)
        .bind(&v.unit_id)
        .bind(group)
        .bind(criterion)
        .bind(v.raw.as_deref())
        .bind(v.points)
        .bind(&v.source)
        .bind(&v.note)
        .execute(&mut *tx)
        .await
        .with_context(|| format!("không lưu được giá trị của {} cho {}", v.unit_id, v.target))?;
    }
    tx.commit().await?;
    Ok(import_id)
}

/// Every imported value of an evaluation, oldest import first (so later imports win).
pub async fn load_imported(store: &Store, evaluation: &str) -> Result<Vec<DeclaredValue>> {
    let rows = sqlx::query(
        "SELECT unit_id, group_id, criterion_id, raw_value, points, source, note FROM declared_values
         WHERE evaluation = $1 ORDER BY import_id, id",
    )
    .bind(evaluation)
    .fetch_all(&store.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let group: Option<String> = r.try_get("group_id")?;
            let criterion: Option<String> = r.try_get("criterion_id")?;
            let target = match (group, criterion) {
                (Some(g), _) => Target::Group(g),
                (None, Some(c)) => Target::Criterion(c),
                (None, None) => anyhow::bail!("giá trị tự khai báo không có nhóm hay tiêu chí"),
            };
            Ok(DeclaredValue {
                unit_id: r.try_get("unit_id")?,
                target,
                raw: r.try_get("raw_value")?,
                points: r.try_get("points")?,
                source: r.try_get("source")?,
                note: r.try_get::<Option<String>, _>("note")?.unwrap_or_default(),
            })
        })
        .collect()
}

/// What an override's target showed when it was made: a website criterion's outcome, points,
/// newest date and evidence, or a declared value (outcome `declared`, its answer as a note).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceSnapshot {
    pub outcome: Outcome,
    pub points: f64,
    pub latest_date: Option<NaiveDate>,
    /// Evidence addresses (sorted, no duplicates).
    pub urls: Vec<String>,
    /// Evidence notes, as shown to the evaluator (not compared: they carry wording and dates of
    /// carried results that change without the evidence changing).
    pub notes: Vec<String>,
}

impl EvidenceSnapshot {
    /// The snapshot of a criterion's result (before any override).
    pub fn of(c: &CriterionResult) -> EvidenceSnapshot {
        let mut urls: Vec<String> = c
            .evidence
            .iter()
            .map(|e| e.url.clone())
            .filter(|u| !u.is_empty())
            .collect();
        urls.sort();
        urls.dedup();
        EvidenceSnapshot {
            outcome: c.outcome,
            points: c.points,
            latest_date: c.latest_date,
            urls,
            notes: c
                .evidence
                .iter()
                .map(|e| e.note.clone())
                .filter(|n| !n.is_empty())
                .collect(),
        }
    }

    /// Whether `other` shows the same evidence: outcome, points, date and addresses.
    pub fn same_evidence(&self, other: &EvidenceSnapshot) -> bool {
        self.outcome == other.outcome
            && (self.points - other.points).abs() < 1e-9
            && self.latest_date == other.latest_date
            && self.urls == other.urls
    }
}

/// One evaluator's override of a criterion's (or a group's) points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Override {
    pub id: i64,
    pub evaluation: String,
    pub unit_id: String,
    /// A criterion id, or a group id for an override of a whole group.
    pub criterion_id: String,
    pub points: f64,
    pub reason: String,
    pub evaluator: String,
    pub created_at: String,
    /// The run the evaluator looked at (none for overrides recorded before runs were kept).
    pub run_id: Option<i64>,
    /// Decides `run_id` only, not later runs.
    pub only_run: bool,
    /// What the target showed in `run_id`: the override holds while it is unchanged.
    pub evidence: Option<EvidenceSnapshot>,
}

/// An override to record.
#[derive(Clone, Debug, PartialEq)]
pub struct NewOverride {
    pub unit_id: String,
    pub criterion_id: String,
    pub points: f64,
    pub reason: String,
    pub evaluator: String,
    pub run_id: Option<i64>,
    pub only_run: bool,
    pub evidence: Option<EvidenceSnapshot>,
}

/// Records an override (kept forever: the audit trail).
pub async fn add_override(store: &Store, evaluation: &str, o: &NewOverride) -> Result<i64> {
    let evidence = o.evidence.as_ref().map(serde_json::to_string).transpose()?;
    let row = sqlx::query(
        "INSERT INTO overrides (evaluation, unit_id, criterion_id, points, reason, evaluator, created_at, run_id, only_run, evidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(evaluation)
    .bind(&o.unit_id)
    .bind(&o.criterion_id)
    .bind(o.points)
    .bind(&o.reason)
    .bind(&o.evaluator)
    .bind(now_text())
    .bind(o.run_id)
    .bind(i64::from(o.only_run))
    .bind(evidence)
    .fetch_one(&store.pool)
    .await?;
    Ok(row.try_get(0)?)
}

/// Every override of an evaluation, oldest first (the audit trail).
pub async fn load_overrides(store: &Store, evaluation: &str) -> Result<Vec<Override>> {
    let rows = sqlx::query(
        "SELECT id, evaluation, unit_id, criterion_id, points, reason, evaluator, created_at, run_id, only_run, evidence
         FROM overrides WHERE evaluation = $1 ORDER BY id",
    )
    .bind(evaluation)
    .fetch_all(&store.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let evidence = r
                .try_get::<Option<String>, _>("evidence")?
                .map(|e| serde_json::from_str(&e))
                .transpose()
                .with_context(|| format!("điều chỉnh #{id}: bằng chứng không đọc được"))?;
            Ok(Override {
                id,
                evaluation: r.try_get("evaluation")?,
                unit_id: r.try_get("unit_id")?,
                criterion_id: r.try_get("criterion_id")?,
                points: r.try_get("points")?,
                reason: r.try_get("reason")?,
                evaluator: r.try_get("evaluator")?,
                created_at: r.try_get("created_at")?,
                run_id: r.try_get("run_id")?,
                only_run: r.try_get::<i64, _>("only_run")? != 0,
                evidence,
            })
        })
        .collect()
}
