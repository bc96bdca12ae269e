//! Auditing stored crawls: every site of a crawl run (`ictrank audit <run>`, and the audit step of
//! `ictrank run`) and one site crawled on the spot (`ictrank audit-site <URL>`).
//!
//! Each command's evaluation date is resolved once, at its start, and every site of it is judged
//! against that day: the date given, else the day the crawl run started in Việt Nam (so an archived
//! crawl is judged as of its own date), or today in Việt Nam for `audit-site`.
//!
//! No site can stop the others: each audit runs on a blocking thread, and one that fails — a panic
//! included — gives that site a "could not verify" audit naming the cause (see [`could_not_verify`]),
//! flagged for an evaluator like an unreachable site, while the run goes on.

use crate::audit::model::SiteAudit;
use crate::audit::score::could_not_verify;
use crate::audit::{Profiles, audit_site};
use crate::crawl::{CrawlConfig, CrawlTarget};
use crate::registry::Evaluation;
use crate::rubric::Rubric;
use crate::snapshot::{ErrorKind, SiteOutcome, SiteSnapshot};
use crate::store::{self, Store};
use crate::util::time::{resolve_as_of, vietnam_date};
use anyhow::{Context, Result};
use chrono::NaiveDate;

/// Where a stored run's sites get their rubric and kind from.
pub struct AuditSetup<'a> {
    pub rubric: &'a Rubric,
    /// When given, each site's unit gives its kind (and the run's sites must belong to it).
    pub evaluation: Option<&'a Evaluation>,
    /// The kind of sites that belong to no known unit.
    pub default_kind: &'a str,
    /// The evaluation date when one was given; otherwise each command resolves its own once (see the
    /// module documentation).
    pub as_of: Option<NaiveDate>,
    pub profiles: &'a Profiles,
}

/// Audits one snapshot as of `as_of`; a failed audit is "could not verify" (see [`guarded`]).
async fn audit_snapshot(snapshot: SiteSnapshot, setup: &AuditSetup<'_>, kind: String, as_of: NaiveDate) -> SiteAudit {
    let (rubric, profiles) = (setup.rubric.clone(), setup.profiles.clone());
    guarded(snapshot, setup.rubric, kind, as_of, move |s, k| {
        audit_site(s, &rubric, k, as_of, &profiles)
    })
    .await
}

/// Runs `audit` on a blocking thread (parsing is CPU work on types that are not `Send`). When it
/// panics, the site gets the audit of a site that could not be verified, with the cause as the
/// evidence of each criterion, and the failure is logged.
async fn guarded<F>(snapshot: SiteSnapshot, rubric: &Rubric, kind: String, as_of: NaiveDate, audit: F) -> SiteAudit
where
    F: FnOnce(&SiteSnapshot, &str) -> SiteAudit + Send + 'static,
{
    let (start_url, crawled_at) = (snapshot.start_url.clone(), snapshot.crawled_at);
    let fetched = snapshot.pages.iter().filter(|p| p.status.is_some()).count() as u32;
    let k = kind.clone();
    let failure = match tokio::task::spawn_blocking(move || audit(&snapshot, &k)).await {
        Ok(audit) => return audit,
        Err(e) if e.is_panic() => panic_message(e.into_panic()),
        Err(e) => e.to_string(),
    };
    tracing::error!(site = %start_url, cause = %failure, "the audit of a site failed; it could not be verified");
    let why = format!("lỗi khi chấm điểm các trang đã thu thập ({failure})");
    // The failed audit's snapshot is gone with its thread; only its address and date are needed here.
    let empty = SiteSnapshot {
        start_url,
        crawled_at,
        outcome: SiteOutcome::CouldNotVerify {
            kind: ErrorKind::Other,
            detail: why.clone(),
        },
        pages: Vec::new(),
    };
    let mut audit = could_not_verify(&empty, rubric, &kind, as_of, &why);
    audit.pages_fetched = fetched;
    audit
}

/// The message a panic carried.
fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "không rõ nguyên nhân".into());
    format!("panic: {text}")
}

/// Audits every site of stored crawl run `run_id` and stores the results.
pub async fn audit_stored_run(
    store: &Store,
    run_id: i64,
    setup: &AuditSetup<'_>,
) -> Result<Vec<(Option<String>, SiteAudit)>> {
    let started = store::crawl::run_started_at(store, run_id)
        .await?
        .with_context(|| format!("there is no crawl run {run_id} in this database"))?;
    let as_of = setup.as_of.unwrap_or_else(|| vietnam_date(started));
    let mut out = Vec::new();
    for site in store::crawl::list_run_sites(store, run_id).await? {
        let unit = site
            .unit_id
            .as_deref()
            .and_then(|u| setup.evaluation.and_then(|e| e.unit(u)));
        let kind = unit.map_or(setup.default_kind, |u| u.kind.as_str()).to_string();
        let snapshot = store::crawl::load_snapshot(store, run_id, &site.start_url).await?;
        let audit = audit_snapshot(snapshot, setup, kind, as_of).await;
        store::audit::save_audit(store, run_id, site.unit_id.as_deref(), &audit).await?;
        out.push((site.unit_id.clone(), audit));
    }
    Ok(out)
}

/// Crawls one site with `config`, stores the crawl, audits it.
pub async fn audit_url(store: &Store, url: &str, config: &CrawlConfig, setup: &AuditSetup<'_>) -> Result<SiteAudit> {
    let as_of = resolve_as_of(setup.as_of);
    let summary = crate::crawl::crawl(
        store,
        vec![CrawlTarget {
            unit_id: None,
            url: url.to_string(),
        }],
        config,
    )
    .await?;
    let sites = store::crawl::list_run_sites(store, summary.run_id).await?;
    let start = sites
        .first()
        .map(|s| s.start_url.clone())
        .unwrap_or_else(|| url.to_string());
    let snapshot = store::crawl::load_snapshot(store, summary.run_id, &start).await?;
    let audit = audit_snapshot(snapshot, setup, setup.default_kind.to_string(), as_of).await;
    store::audit::save_audit(store, summary.run_id, None, &audit).await?;
    Ok(audit)
}
