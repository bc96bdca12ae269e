//! Checks an evaluator's override before it is stored, and records it with its evidence. Any
//! criterion or group that can be named is either overridable or refused with the reason — never
//! accepted and ignored: a website criterion, a declared criterion whose group is the sum of the
//! unit's answers, or a whole declared group. The unit and target exist, the target applies to the
//! unit's kind, the points are within its maximum and a reason is given; the override keeps what
//! the target showed in the run the evaluator looked at ([`EvidenceSnapshot`]).
//!
//! Main items: [`validate`], its [`OverrideTarget`] and [`OverrideError`] (an English message for
//! the command line, [`OverrideError::vietnamese`] for the evaluators' web app), and [`record`].

use super::results::RunResults;
use super::standing::{declared_snapshot, declared_target, group_from_answers, group_snapshot};
use crate::declared::DeclaredSet;
use crate::registry::Evaluation;
use crate::report::points_text;
use crate::store::declared::{EvidenceSnapshot, NewOverride};
use crate::store::{self, Store};

/// A checked override target.
#[derive(Debug, Clone, PartialEq)]
pub struct OverrideTarget {
    pub unit_id: String,
    /// A criterion id, or a group id.
    pub criterion_id: String,
    pub max: f64,
    pub kind: TargetKind,
}

/// What an override moves.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetKind {
    /// A criterion of the audited website group.
    WebsiteCriterion,
    /// A criterion of a declared group (the group is the sum of the unit's answers).
    DeclaredCriterion { group: String },
    /// A whole declared group.
    Group,
}

/// An override as asked for, before it is checked.
#[derive(Debug, Clone)]
pub struct OverrideRequest<'a> {
    pub unit: &'a str,
    pub target: &'a str,
    pub points: f64,
    pub reason: &'a str,
    pub evaluator: &'a str,
    /// The run the evaluator looked at.
    pub run_id: i64,
    /// Decide that run only.
    pub only_run: bool,
}

/// Why an override was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverrideError {
    #[error("đợt đánh giá {evaluation} không có đơn vị \"{unit}\" (xem units.toml)")]
    UnknownUnit { unit: String, evaluation: String },
    #[error("bộ tiêu chí {rubric} không có tiêu chí \"{criterion}\"")]
    UnknownCriterion { criterion: String, rubric: String },
    #[error("tiêu chí {criterion} không áp dụng cho {unit} (loại {kind})")]
    NotApplicable {
        criterion: String,
        unit: String,
        kind: String,
    },
    #[error("điểm của {criterion} phải từ 0 đến {max}, không phải {points}")]
    PointsOutOfRange { criterion: String, points: f64, max: f64 },
    #[error("điều chỉnh cần có lý do (--reason)")]
    MissingReason,
    #[error("điều chỉnh cần có tên người quyết định")]
    MissingEvaluator,
    #[error("nhóm {group} là nhóm website, chấm từ các tiêu chí của nó: hãy điều chỉnh từng tiêu chí")]
    WebsiteGroup { group: String },
    #[error("{unit} kê khai nhóm {group} bằng một con số: hãy điều chỉnh cả nhóm, không phải tiêu chí {criterion}")]
    GroupDeclaredWhole {
        unit: String,
        group: String,
        criterion: String,
    },
    #[error("{unit} không có kết quả website trong lượt đánh giá {run}: không có gì để điều chỉnh")]
    NoWebsiteResult { unit: String, run: i64 },
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
            OverrideError::MissingEvaluator => {
                "Cần ghi tên cán bộ đánh giá: nhật ký điều chỉnh ghi ai đã quyết định.".to_string()
            }
            OverrideError::WebsiteGroup { group } => format!(
                "Nhóm {group} là nhóm website, tính từ các tiêu chí: hãy điều chỉnh từng tiêu chí (hoặc dùng bảng chấm cả nhóm khi website không kiểm tra được)."
            ),
            OverrideError::GroupDeclaredWhole { unit, group, criterion } => format!(
                "Đơn vị {unit} khai báo nhóm {group} bằng một tổng điểm, không theo từng tiêu chí: hãy điều chỉnh cả nhóm {group}, không phải tiêu chí {criterion}."
            ),
            OverrideError::NoWebsiteResult { unit, run } => {
                format!("Đơn vị {unit} không có kết quả website trong lượt đánh giá #{run}: không có gì để điều chỉnh.")
            }
        }
    }
}

/// Checks unit, target, points and reason against the evaluation alone.
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
    let (id, max, kind) = if let Some(g) = eval.rubric.group(criterion) {
        if g.audited {
            return Err(OverrideError::WebsiteGroup { group: g.id.clone() });
        }
        let Some(max) = g.max.get(&u.kind).copied() else {
            return Err(OverrideError::NotApplicable {
                criterion: criterion.to_string(),
                unit: u.id.clone(),
                kind: u.kind.clone(),
            });
        };
        (g.id.clone(), max, TargetKind::Group)
    } else {
        let Some((g, c)) = eval.rubric.criterion(criterion) else {
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
        let kind = if g.audited {
            TargetKind::WebsiteCriterion
        } else {
            TargetKind::DeclaredCriterion { group: g.id.clone() }
        };
        (c.id.clone(), eval.rubric.criterion_max(c, &u.kind), kind)
    };
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
        criterion_id: id,
        max,
        kind,
    })
}

/// Checks `req` against run `results` (the standing the evaluator looked at) and builds the
/// override to store, with the evidence it is made on.
pub fn prepare(
    eval: &Evaluation,
    results: &RunResults,
    declared: &DeclaredSet,
    req: &OverrideRequest,
) -> Result<(OverrideTarget, NewOverride), OverrideError> {
    let target = validate(eval, req.unit, req.target, req.points, req.reason)?;
    if req.evaluator.trim().is_empty() {
        return Err(OverrideError::MissingEvaluator);
    }
    let evidence: EvidenceSnapshot = match &target.kind {
        TargetKind::WebsiteCriterion => results
            .websites
            .get(&target.unit_id)
            .and_then(|w| w.before_override.get(&target.criterion_id))
            .cloned()
            .ok_or_else(|| OverrideError::NoWebsiteResult {
                unit: target.unit_id.clone(),
                run: results.run_id,
            })?,
        TargetKind::DeclaredCriterion { group } => {
            if !group_from_answers(declared, &target.unit_id, eval, group) {
                return Err(OverrideError::GroupDeclaredWhole {
                    unit: target.unit_id.clone(),
                    group: group.clone(),
                    criterion: target.criterion_id.clone(),
                });
            }
            declared_snapshot(declared, &target.unit_id, &target.criterion_id)
        }
        TargetKind::Group => {
            debug_assert!(declared_target(eval, &target.criterion_id).is_some());
            // The group as declared, before any override (the ranking shows it after).
            let declared_points = declared.group_points(eval, &target.unit_id);
            group_snapshot(declared_points.get(&target.criterion_id))
        }
    };
    let new = NewOverride {
        unit_id: target.unit_id.clone(),
        criterion_id: target.criterion_id.clone(),
        points: req.points,
        reason: req.reason.trim().to_string(),
        evaluator: req.evaluator.trim().to_string(),
        run_id: Some(results.run_id),
        only_run: req.only_run,
        evidence: Some(evidence),
    };
    Ok((target, new))
}

/// What [`record`] did.
#[derive(Debug)]
pub enum Recorded {
    Stored { id: i64, target: OverrideTarget },
    Refused(OverrideError),
}

/// Checks `req` against the run's standing and stores it.
pub async fn record(store: &Store, eval: &Evaluation, req: &OverrideRequest<'_>) -> anyhow::Result<Recorded> {
    let results = super::standing::standing(store, eval, req.run_id).await?;
    let declared = super::declared::load_all(eval, store).await?;
    match prepare(eval, &results, &declared, req) {
        Ok((target, new)) => {
            let id = store::declared::add_override(store, &eval.id, &new).await?;
            Ok(Recorded::Stored { id, target })
        }
        Err(e) => Ok(Recorded::Refused(e)),
    }
}
