//! `ictrank audit` (a stored run), `ictrank explain` (one unit's evidence) and `ictrank audit-site`
//! (crawl and audit one URL), with what they judge against: [`AuditOptions`] resolved into an
//! [`AuditContext`] (rubric, evaluation, selector profiles).

use super::args::{AuditArgs, AuditFormat, AuditOptions, AuditSiteArgs, ExplainArgs};
use super::{input, open_existing_store};
use anyhow::{Context, Result};
use ictrank::audit::Profiles;
use ictrank::pipeline::audit_runs::{AuditSetup, audit_stored_run, audit_url};
use ictrank::registry::Evaluation;
use ictrank::rubric::Rubric;
use ictrank::store::Store;
use std::process::ExitCode;

pub async fn audit(a: AuditArgs) -> Result<ExitCode> {
    let ctx = a.audit.context()?;
    // Auditing needs a stored crawl: a database that is not there is a mistake, not a new one.
    let store = open_existing_store(a.db.as_deref()).await?;
    let run = a.run;
    let audits = audit_stored_run(&store, run, &ctx.setup(&a.audit)).await?;
    for (unit, s) in &audits {
        let pending = s.criteria.iter().filter(|c| c.needs_review).count();
        println!(
            "{:<40} {:<28} {:>5} / {}  {}  {} tiêu chí cần xem xét",
            s.site,
            unit.as_deref().unwrap_or("-"),
            s.points,
            s.max_points,
            outcome_text(&s.outcome),
            pending
        );
    }
    println!(
        "đã kiểm tra {} trang của lượt {run}; xem bằng chứng: ictrank explain {run} <đơn vị hoặc địa chỉ trang>",
        audits.len()
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn explain(a: ExplainArgs) -> Result<ExitCode> {
    let ExplainArgs {
        run,
        unit,
        evaluation,
        db,
    } = a;
    let eval = evaluation.as_deref().map(Evaluation::load).transpose()?;
    let store = open_existing_store(db.as_deref()).await?;
    // A run of an evaluation is explained as it stands (declarations, overrides, carried results):
    // the same points as its tables, charts and scorecards.
    if let Some(e) = &eval
        && ictrank::store::pipeline::run_info(&store, run)
            .await?
            .is_some_and(|i| i.evaluation == e.id)
        && let Some(u) = e.find_unit(&unit)
    {
        let standing = ictrank::pipeline::standing::standing(&store, e, run).await?;
        let audit = standing
            .merged_audit(&u.id)
            .with_context(|| format!("lượt {run} không có kết quả kiểm tra của \"{unit}\""))?;
        print!("{}", ictrank::audit::explain(&audit, Some(&e.rubric)));
        return Ok(ExitCode::SUCCESS);
    }
    let audits = ictrank::store::audit::load_audits(&store, run).await?;
    let wanted = eval
        .as_ref()
        .and_then(|e| e.find_unit(&unit))
        .map(|u| u.id.clone())
        .unwrap_or(unit.clone());
    let (_, audit) = audits
        .iter()
        .find(|(u, a)| {
            u.as_deref() == Some(wanted.as_str())
                || a.site == unit
                || a.site.trim_end_matches('/') == unit.trim_end_matches('/')
        })
        .with_context(|| {
            format!("lượt {run} chưa có kết quả kiểm tra của \"{unit}\" (chạy `ictrank audit {run}` trước)")
        })?;
    let rubric = eval.as_ref().map(|e| e.rubric.clone()).unwrap_or_else(Rubric::builtin);
    print!("{}", ictrank::audit::explain(audit, Some(&rubric)));
    Ok(ExitCode::SUCCESS)
}

pub async fn audit_site(a: AuditSiteArgs) -> Result<ExitCode> {
    let ctx = a.audit.context()?;
    let tmp = tempfile::tempdir()?;
    let spec =
        a.db.unwrap_or_else(|| tmp.path().join("audit-site.db").to_string_lossy().into_owned());
    let store = Store::open(&spec).await?;
    let url = input::site_url(&a.url);
    let crawl = a.crawl.config()?;
    let browser = a.browser.config(&crawl, a.screenshots.clone());
    let result = audit_url(&store, &url, &crawl, Some(&browser), &ctx.setup(&a.audit)).await?;
    match a.format {
        AuditFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
        AuditFormat::Table => print!("{}", ictrank::audit::explain(&result, Some(&ctx.rubric))),
    }
    Ok(ExitCode::SUCCESS)
}

/// A site's overall audit outcome in Vietnamese ("ok", "could_not_verify" are the stored ids).
fn outcome_text(id: &str) -> &str {
    match id {
        "ok" => "đã kiểm tra",
        "could_not_verify" => "không kiểm tra được",
        other => other,
    }
}

/// What [`AuditOptions`] name, loaded.
pub struct AuditContext {
    pub rubric: Rubric,
    pub evaluation: Option<Evaluation>,
    pub profiles: Profiles,
}

impl AuditOptions {
    /// Loads the rubric, evaluation and selector profiles; the unit kind must be one of the rubric's.
    pub fn context(&self) -> Result<AuditContext> {
        let evaluation = self.evaluation.as_deref().map(Evaluation::load).transpose()?;
        let rubric = match (&self.rubric, &evaluation) {
            (Some(p), _) => Rubric::load(p)?,
            (None, Some(e)) => e.rubric.clone(),
            (None, None) => Rubric::builtin(),
        };
        if rubric.kind(&self.kind).is_none() {
            let kinds: Vec<_> = rubric.kinds.iter().map(|k| k.id.as_str()).collect();
            anyhow::bail!(
                "--kind {}: không phải loại đơn vị của bộ tiêu chí {} (các loại: {})",
                self.kind,
                rubric.path.display(),
                kinds.join(", ")
            );
        }
        let profiles = match &self.selectors {
            Some(dir) => Profiles::load(dir)?,
            None => Profiles::builtin(),
        };
        Ok(AuditContext {
            rubric,
            evaluation,
            profiles,
        })
    }
}

impl AuditContext {
    pub fn setup<'a>(&'a self, o: &'a AuditOptions) -> AuditSetup<'a> {
        AuditSetup {
            rubric: &self.rubric,
            evaluation: self.evaluation.as_ref(),
            default_kind: &o.kind,
            as_of: o.as_of,
            profiles: &self.profiles,
        }
    }
}
