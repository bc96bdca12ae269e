//! `ictrank override` and `ictrank overrides`: record an evaluator's override of a criterion's
//! points, and list the audit trail.

use super::args::{OverrideArgs, OverridesArgs};
use super::open_store;
use anyhow::Result;
use ictrank::registry::Evaluation;
use std::process::ExitCode;

pub async fn add(a: OverrideArgs) -> Result<ExitCode> {
    let eval = Evaluation::load(&a.evaluation)?;
    let o = ictrank::pipeline::overrides::validate(&eval, &a.unit, &a.criterion, a.points, &a.reason)?;
    let store = open_store(a.db.as_deref()).await?;
    let id = ictrank::store::declared::add_override(
        &store,
        &eval.id,
        &o.unit_id,
        &o.criterion_id,
        a.points,
        &a.reason,
        &a.by,
    )
    .await?;
    println!(
        "override #{id}: {} / {} = {} (of {}) by {}",
        o.unit_id, o.criterion_id, a.points, o.max, a.by
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn list(a: OverridesArgs) -> Result<ExitCode> {
    let eval = Evaluation::load(&a.evaluation)?;
    let store = open_store(a.db.as_deref()).await?;
    for o in ictrank::store::declared::load_overrides(&store, &eval.id).await? {
        println!(
            "#{} {} {} {} {} = {} | {}",
            o.id, o.created_at, o.evaluator, o.unit_id, o.criterion_id, o.points, o.reason
        );
    }
    Ok(ExitCode::SUCCESS)
}
