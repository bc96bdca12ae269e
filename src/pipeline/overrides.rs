//! Checks an evaluator's override before it is stored: the unit and criterion exist, the criterion
//! applies to the unit's kind, the points are within its maximum and a reason is given.

use crate::registry::Evaluation;
use anyhow::{Result, bail};

/// A checked override target.
#[derive(Debug, Clone, PartialEq)]
pub struct OverrideTarget {
    pub unit_id: String,
    pub criterion_id: String,
    pub max: f64,
}

pub fn validate(eval: &Evaluation, unit: &str, criterion: &str, points: f64, reason: &str) -> Result<OverrideTarget> {
    let Some(u) = eval.find_unit(unit) else {
        bail!("unknown unit \"{unit}\" in evaluation {} (see units.toml)", eval.id);
    };
    let Some((_, c)) = eval.rubric.criterion(criterion) else {
        bail!(
            "unknown criterion \"{criterion}\" in rubric {}",
            eval.rubric.path.display()
        );
    };
    if !c.applies_to(&u.kind) {
        bail!("criterion {criterion} does not apply to {} (kind {})", u.id, u.kind);
    }
    let max = eval.rubric.criterion_max(c, &u.kind);
    if !(0.0..=max).contains(&points) {
        bail!("points must be from 0 to {max} for {criterion}, not {points}");
    }
    if reason.trim().is_empty() {
        bail!("an override needs a reason (--reason)");
    }
    Ok(OverrideTarget {
        unit_id: u.id.clone(),
        criterion_id: c.id.clone(),
        max,
    })
}
