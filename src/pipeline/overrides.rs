//! Checks an evaluator's override before it is stored: the unit and criterion exist, the criterion
//! applies to the unit's kind, the points are within its maximum and a reason is given.
//!
//! Main items: [`validate`], its [`OverrideTarget`] and [`OverrideError`] (an English message for
//! the command line, [`OverrideError::vietnamese`] for the evaluators' web app).

use crate::registry::Evaluation;
use crate::report::points_text;

/// A checked override target.
#[derive(Debug, Clone, PartialEq)]
pub struct OverrideTarget {
    pub unit_id: String,
    pub criterion_id: String,
    pub max: f64,
}

/// Why an override was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverrideError {
    #[error("unknown unit \"{unit}\" in evaluation {evaluation} (see units.toml)")]
    UnknownUnit { unit: String, evaluation: String },
    #[error("unknown criterion \"{criterion}\" in rubric {rubric}")]
    UnknownCriterion { criterion: String, rubric: String },
    #[error("criterion {criterion} does not apply to {unit} (kind {kind})")]
    NotApplicable {
        criterion: String,
        unit: String,
        kind: String,
    },
    #[error("points must be from 0 to {max} for {criterion}, not {points}")]
    PointsOutOfRange { criterion: String, points: f64, max: f64 },
    #[error("an override needs a reason (--reason)")]
    MissingReason,
}

impl OverrideError {
    /// The refusal in Vietnamese, for evaluators.
    pub fn vietnamese(&self) -> String {
        match self {
            OverrideError::UnknownUnit { unit, evaluation } => {
                format!("Không có đơn vị \"{unit}\" trong đợt đánh giá {evaluation}.")
            }
            OverrideError::UnknownCriterion { criterion, .. } => {
                format!("Không có tiêu chí \"{criterion}\" trong bộ tiêu chí.")
            }
            OverrideError::NotApplicable { criterion, unit, kind } => {
                format!("Tiêu chí {criterion} không áp dụng cho đơn vị {unit} (loại {kind}).")
            }
            OverrideError::PointsOutOfRange { criterion, points, max } => format!(
                "Điểm của tiêu chí {criterion} phải từ 0 đến {}, không thể là {}.",
                points_text(*max),
                if points.is_finite() {
                    points_text(*points)
                } else {
                    points.to_string()
                }
            ),
            OverrideError::MissingReason => {
                "Cần ghi lý do điều chỉnh: lý do được lưu vào nhật ký để cán bộ đánh giá sau đọc.".to_string()
            }
        }
    }
}

pub fn validate(
    eval: &Evaluation,
    unit: &str,
    criterion: &str,
    points: f64,
    reason: &str,
) -> Result<OverrideTarget, OverrideError> {
    let Some(u) = eval.find_unit(unit) else {
        return Err(OverrideError::UnknownUnit {
            unit: unit.to_string(),
            evaluation: eval.id.clone(),
        });
    };
    let Some((_, c)) = eval.rubric.criterion(criterion) else {
        return Err(OverrideError::UnknownCriterion {
            criterion: criterion.to_string(),
            rubric: eval.rubric.path.display().to_string(),
        });
    };
    if !c.applies_to(&u.kind) {
        return Err(OverrideError::NotApplicable {
            criterion: criterion.to_string(),
            unit: u.id.clone(),
            kind: u.kind.clone(),
        });
    }
    let max = eval.rubric.criterion_max(c, &u.kind);
    if !(0.0..=max).contains(&points) {
        return Err(OverrideError::PointsOutOfRange {
            criterion: criterion.to_string(),
            points,
            max,
        });
    }
    if reason.trim().is_empty() {
        return Err(OverrideError::MissingReason);
    }
    Ok(OverrideTarget {
        unit_id: u.id.clone(),
        criterion_id: c.id.clone(),
        max,
    })
}
