//! Auditing outside a full run: a stored crawl run (`ictrank audit <run>`) and one site crawled on
//! the spot (`ictrank audit-site <URL>`). The evaluation date defaults to the day the site was
//! crawled (in Asia/Ho_Chi_Minh), so an archived copy is judged as of its own date when given.

use crate::audit::model::SiteAudit;
use crate::audit::{Profiles, audit_site};
use crate::crawl::{CrawlConfig, CrawlTarget};
use crate::registry::Evaluation;
use crate::rubric::Rubric;
use crate::snapshot::SiteSnapshot;
use crate::store::{self, Store};
use anyhow::Result;
use chrono::NaiveDate;

/// Where a stored run's sites get their rubric and kind from.
pub struct AuditSetup<'a> {
    pub rubric: &'a Rubric,
    /// When given, each site's unit gives its kind (and the run's sites must belong to it).
    pub evaluation: Option<&'a Evaluation>,
    /// The kind of sites that belong to no known unit.
    pub default_kind: &'a str,
    pub as_of: Option<NaiveDate>,
    pub profiles: &'a Profiles,
}

/// The crawl date of a snapshot in Vietnam's time zone.
pub fn crawl_date(snapshot: &SiteSnapshot) -> NaiveDate {
    snapshot
        .crawled_at
        .with_timezone(&crate::audit::dates::vn_offset())
        .date_naive()
}

async fn audit_snapshot(snapshot: SiteSnapshot, setup: &AuditSetup<'_>, kind: String) -> Result<SiteAudit> {
    let as_of = setup.as_of.unwrap_or_else(|| crawl_date(&snapshot));
    let (rubric, profiles) = (setup.rubric.clone(), setup.profiles.clone());
    // Parsing is CPU work on non-Send types: keep it off the async workers.
    Ok(tokio::task::spawn_blocking(move || audit_site(&snapshot, &rubric, &kind, as_of, &profiles)).await?)
}

/// Audits every site of stored crawl run `run_id` and stores the results.
pub async fn audit_stored_run(
    store: &Store,
    run_id: i64,
    setup: &AuditSetup<'_>,
) -> Result<Vec<(Option<String>, SiteAudit)>> {
    if !store::crawl::run_exists(store, run_id).await? {
        anyhow::bail!("there is no crawl run {run_id} in this database");
    }
    let mut out = Vec::new();
    for site in store::crawl::list_run_sites(store, run_id).await? {
        let unit = site
            .unit_id
            .as_deref()
            .and_then(|u| setup.evaluation.and_then(|e| e.unit(u)));
        let kind = unit.map_or(setup.default_kind, |u| u.kind.as_str()).to_string();
        let snapshot = store::crawl::load_snapshot(store, run_id, &site.start_url).await?;
        let audit = audit_snapshot(snapshot, setup, kind).await?;
        store::audit::save_audit(store, run_id, site.unit_id.as_deref(), &audit).await?;
        out.push((site.unit_id.clone(), audit));
    }
    Ok(out)
}

/// Crawls one site with `config`, stores the crawl, audits it.
pub async fn audit_url(store: &Store, url: &str, config: &CrawlConfig, setup: &AuditSetup<'_>) -> Result<SiteAudit> {
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
    let audit = audit_snapshot(snapshot, setup, setup.default_kind.to_string()).await?;
    store::audit::save_audit(store, summary.run_id, None, &audit).await?;
    Ok(audit)
}
