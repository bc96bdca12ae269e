//! Declared data imported by evaluators, and evaluators' overrides of scores with their audit trail.
//!
//! An import is one transaction: the `imports` row and all its `declared_values`, or nothing.
//! Overrides are append-only: the latest per (evaluation, unit, criterion) wins, every one is kept.

use super::{Store, now_text};
use crate::declared::{DeclaredValue, Target};
use anyhow::{Context, Result};
use serde::Serialize;
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
    .context("cannot record the import")?;
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
        .with_context(|| format!("cannot store the value of {} for {:?}", v.unit_id, v.target))?;
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
                (None, None) => anyhow::bail!("declared value without group or criterion"),
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

/// One evaluator's override of a criterion's points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Override {
    pub id: i64,
    pub evaluation: String,
    pub unit_id: String,
    pub criterion_id: String,
    pub points: f64,
    pub reason: String,
    pub evaluator: String,
    pub created_at: String,
}

/// Records an override (kept forever: the audit trail).
pub async fn add_override(
    store: &Store,
    evaluation: &str,
    unit_id: &str,
    criterion_id: &str,
    points: f64,
    reason: &str,
    evaluator: &str,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO overrides (evaluation, unit_id, criterion_id, points, reason, evaluator, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(evaluation)
    .bind(unit_id)
    .bind(criterion_id)
    .bind(points)
    .bind(reason)
    .bind(evaluator)
    .bind(now_text())
    .fetch_one(&store.pool)
    .await?;
    Ok(row.try_get(0)?)
}

/// Every override of an evaluation, oldest first (the audit trail; the last per criterion wins).
pub async fn load_overrides(store: &Store, evaluation: &str) -> Result<Vec<Override>> {
    let rows = sqlx::query(
        "SELECT id, evaluation, unit_id, criterion_id, points, reason, evaluator, created_at FROM overrides
         WHERE evaluation = $1 ORDER BY id",
    )
    .bind(evaluation)
    .fetch_all(&store.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Override {
                id: r.try_get("id")?,
                evaluation: r.try_get("evaluation")?,
                unit_id: r.try_get("unit_id")?,
                criterion_id: r.try_get("criterion_id")?,
                points: r.try_get("points")?,
                reason: r.try_get("reason")?,
                evaluator: r.try_get("evaluator")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}
