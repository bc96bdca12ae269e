//! `ictrank override` and `ictrank overrides`: record an evaluator's override of a criterion's
//! points, and list the audit trail.

use super::args::{OverrideArgs, OverridesArgs};
use super::{open_existing_store, open_store};
use anyhow::Result;
use ictrank::registry::Evaluation;
use std::process::ExitCode;

pub async fn add(a: OverrideArgs) -> Result<ExitCode> {
    let eval = Evaluation::load(&a.evaluation)?;
    let o = ictrank::pipeline::overrides::validate(&eval, &a.unit, &a.criterion, a.points, &a.reason)?;
    let by = a.by.clone().unwrap_or_else(default_evaluator);
    let store = open_store(a.db.as_deref()).await?;
    let id =
        ictrank::store::declared::add_override(&store, &eval.id, &o.unit_id, &o.criterion_id, a.points, &a.reason, &by)
            .await?;
    println!(
        "điều chỉnh #{id}: {} / {} = {} điểm (tối đa {}), do {} quyết định",
        o.unit_id, o.criterion_id, a.points, o.max, by
    );
    Ok(ExitCode::SUCCESS)
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
            "#{} {} {} {} {} = {} | {}",
            o.id,
            vn_time(&o.created_at),
            o.evaluator,
            o.unit_id,
            o.criterion_id,
            o.points,
            o.reason
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A stored RFC 3339 instant as Vietnam time, "02/12/2026 17:05"; other text is kept.
fn vn_time(stored: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.to_string(),
        |t| {
            t.with_timezone(&ictrank::util::time::vn_offset())
                .format("%d/%m/%Y %H:%M")
                .to_string()
        },
    )
}

/// Who decides when `--by` is not given: the login name on this machine, else "cán bộ đánh giá".
fn default_evaluator() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "cán bộ đánh giá".to_string())
}
