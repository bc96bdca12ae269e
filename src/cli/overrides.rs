//! `ictrank override` and `ictrank overrides`: record an evaluator's override of a criterion's
//! points, and list the audit trail.

use super::args::{OverrideArgs, OverridesArgs};
use super::open_store;
use anyhow::{Context, Result};
use ictrank::pipeline::overrides::{OverrideRequest, Recorded, record};
use ictrank::registry::Evaluation;
use std::process::ExitCode;

pub async fn add(a: OverrideArgs) -> Result<ExitCode> {
    let eval = Evaluation::load(&a.evaluation)?;
    // Unit, target, points and reason are checked before the store is opened.
    ictrank::pipeline::overrides::validate(&eval, &a.unit, &a.criterion, a.points, &a.reason)?;
    let store = open_store(a.db.as_deref()).await?;
    let run_id = match a.run {
        Some(r) => r,
        None => ictrank::store::pipeline::runs_of(&store, &eval.id)
            .await?
            .iter()
            .rev()
            .find(|r| r.finished)
            .map(|r| r.run_id)
            .context(
                "no finished run of this evaluation yet: an override is made on a run's evidence (`ictrank run` first)",
            )?,
    };
    let req = OverrideRequest {
        unit: &a.unit,
        target: &a.criterion,
        points: a.points,
        reason: &a.reason,
        evaluator: &a.by,
        run_id,
        only_run: a.only_this_run,
    };
    match record(&store, &eval, &req).await? {
        Recorded::Stored { id, target } => {
            println!(
                "override #{id}: {} / {} = {} (of {}) by {}, on the evidence of run {run_id}{}",
                target.unit_id,
                target.criterion_id,
                a.points,
                target.max,
                a.by,
                if a.only_this_run { ", for that run only" } else { "" }
            );
            Ok(ExitCode::SUCCESS)
        }
        Recorded::Refused(e) => Err(e.into()),
    }
}

pub async fn list(a: OverridesArgs) -> Result<ExitCode> {
    let eval = Evaluation::load(&a.evaluation)?;
    let store = open_store(a.db.as_deref()).await?;
    for o in ictrank::store::declared::load_overrides(&store, &eval.id).await? {
        println!(
            "#{} {} {} {} {} = {} | {}{}",
            o.id,
            ictrank::util::time::timestamp_vn(&o.created_at),
            o.evaluator,
            o.unit_id,
            o.criterion_id,
            o.points,
            o.reason,
            match (o.run_id, o.only_run) {
                (Some(r), true) => format!(" | run {r} only"),
                (Some(r), false) => format!(" | on run {r}'s evidence"),
                (None, _) => String::new(),
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
