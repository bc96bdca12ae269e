//! `ictrank override` and `ictrank overrides`: record an evaluator's override of a criterion's
//! points, and list the audit trail.

use super::args::{OverrideArgs, OverridesArgs};
use super::{open_existing_store, open_store};
use anyhow::{Context, Result};
use ictrank::pipeline::overrides::{OverrideRequest, Recorded, record};
use ictrank::registry::Evaluation;
use std::process::ExitCode;

pub async fn add(a: OverrideArgs) -> Result<ExitCode> {
    let eval = Evaluation::load(&a.evaluation)?;
    // Unit, target, points and reason are checked before the store is opened.
    ictrank::pipeline::overrides::validate(&eval, &a.unit, &a.criterion, a.points, &a.reason)?;
    let by = a.by.clone().unwrap_or_else(default_evaluator);
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
                "đợt đánh giá chưa có lượt đánh giá nào chạy xong: điều chỉnh được ghi trên bằng chứng của một lượt (hãy chạy `ictrank run` trước)",
            )?,
    };
    let req = OverrideRequest {
        unit: &a.unit,
        target: &a.criterion,
        points: a.points,
        reason: &a.reason,
        evaluator: &by,
        run_id,
        only_run: a.only_this_run,
    };
    match record(&store, &eval, &req).await? {
        Recorded::Stored { id, target } => {
            println!(
                "điều chỉnh #{id}: {} / {} = {} điểm (tối đa {}), do {} quyết định, trên bằng chứng của lượt đánh giá {run_id}{}",
                target.unit_id,
                target.criterion_id,
                a.points,
                target.max,
                by,
                if a.only_this_run {
                    ", chỉ cho lượt này"
                } else {
                    ""
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Recorded::Refused(e) => Err(e.into()),
    }
}

pub async fn list(a: OverridesArgs) -> Result<ExitCode> {
    let eval = Evaluation::load(&a.evaluation)?;
    let store = open_existing_store(a.db.as_deref()).await?;
    let overrides = ictrank::store::declared::load_overrides(&store, &eval.id).await?;
    if overrides.is_empty() {
        println!("đợt đánh giá {} chưa có điều chỉnh nào", eval.id);
    }
    for o in overrides {
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
                (Some(r), true) => format!(" | chỉ lượt {r}"),
                (Some(r), false) => format!(" | theo bằng chứng lượt {r}"),
                (None, _) => String::new(),
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Who decides when `--by` is not given: the login name on this machine, else "cán bộ đánh giá".
fn default_evaluator() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "cán bộ đánh giá".to_string())
}
