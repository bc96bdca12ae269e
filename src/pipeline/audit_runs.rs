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
use crate::audit::{Profiles, UnitFacts, audit_unit_site};
use crate::browser::BrowserConfig;
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

/// How a site is audited: [`audit_unit_site`], or a stand-in in tests.
type AuditFn = fn(&SiteSnapshot, &Rubric, &UnitFacts, NaiveDate, &Profiles) -> SiteAudit;

/// Audits one snapshot as of `as_of`; a failed audit is "could not verify" (see [`guarded`]).
async fn audit_snapshot(
    snapshot: SiteSnapshot,
    setup: &AuditSetup<'_>,
    unit: UnitFacts,
    as_of: NaiveDate,
    audit: AuditFn,
) -> SiteAudit {
    let (rubric, profiles) = (setup.rubric.clone(), setup.profiles.clone());
    guarded(snapshot, setup.rubric, unit, as_of, move |s, u| {
        audit(s, &rubric, u, as_of, &profiles)
    })
    .await
}

/// Runs `audit` on a blocking thread (parsing is CPU work on types that are not `Send`). When it
/// panics, the site gets the audit of a site that could not be verified, with the cause as the
/// evidence of each criterion, and the failure is logged.
async fn guarded<F>(snapshot: SiteSnapshot, rubric: &Rubric, unit: UnitFacts, as_of: NaiveDate, audit: F) -> SiteAudit
where
    F: FnOnce(&SiteSnapshot, &UnitFacts) -> SiteAudit + Send + 'static,
{
    let (start_url, crawled_at) = (snapshot.start_url.clone(), snapshot.crawled_at);
    let fetched = snapshot.pages.iter().filter(|p| p.status.is_some()).count() as u32;
    let kind = unit.kind.clone();
    let failure = match tokio::task::spawn_blocking(move || audit(&snapshot, &unit)).await {
        Ok(audit) => return audit,
        Err(e) if e.is_panic() => panic_message(e.into_panic()),
        Err(e) => e.to_string(),
    };
    tracing::error!(site = %start_url, cause = %failure, "the audit of a site failed; it could not be verified");
    let why = format!("lỗi khi chấm điểm các trang đã thu thập ({failure})");
    // The failed audit's snapshot is gone with its thread; only its address and date are needed here.
    let empty = SiteSnapshot {
        probe: None,
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
    audit_run_with(store, run_id, setup, audit_unit_site).await
}

async fn audit_run_with(
    store: &Store,
    run_id: i64,
    setup: &AuditSetup<'_>,
    audit_fn: AuditFn,
) -> Result<Vec<(Option<String>, SiteAudit)>> {
    let started = store::crawl::run_started_at(store, run_id)
        .await?
        .with_context(|| format!("cơ sở dữ liệu này không có lượt thu thập {run_id}"))?;
    let as_of = setup.as_of.unwrap_or_else(|| vietnam_date(started));
    let mut out = Vec::new();
    for site in store::crawl::list_run_sites(store, run_id).await? {
        let unit = site
            .unit_id
            .as_deref()
            .and_then(|u| setup.evaluation.and_then(|e| e.unit(u)));
        // the unit's official name and its province's domain label (domain and portal checks)
        let facts = match unit {
            Some(u) => UnitFacts::named(&u.kind, &u.name, setup.evaluation.and_then(|e| e.province.as_deref())),
            None => UnitFacts::of_kind(setup.default_kind),
        };
        let (snapshot, facts, notes) = super::browser::browsed(store, run_id, &site.start_url, facts).await?;
        let mut audit = audit_snapshot(snapshot, setup, facts, as_of, audit_fn).await;
        super::browser::annotate(&mut audit, &notes);
        store::audit::save_audit(store, run_id, site.unit_id.as_deref(), &audit).await?;
        out.push((site.unit_id.clone(), audit));
    }
    Ok(out)
}

/// Crawls one site with `config`, stores the crawl, audits it.
/// With `browser`, the browser stage runs between the crawl and the audit.
pub async fn audit_url(
    store: &Store,
    url: &str,
    config: &CrawlConfig,
    browser: Option<&BrowserConfig>,
    setup: &AuditSetup<'_>,
) -> Result<SiteAudit> {
    let as_of = resolve_as_of(setup.as_of);
    let config = CrawlConfig {
        list_window_days: setup.rubric.list_window_days(),
        list_as_of: Some(as_of),
        ..config.clone()
    };
    let summary = crate::crawl::crawl(
        store,
        vec![CrawlTarget {
            unit_id: None,
            url: url.to_string(),
        }],
        &config,
    )
    .await?;
    let sites = store::crawl::list_run_sites(store, summary.run_id).await?;
    let start = sites
        .first()
        .map(|s| s.start_url.clone())
        .unwrap_or_else(|| url.to_string());
    if let Some(b) = browser {
        super::browser::run_stage(store, summary.run_id, b).await?;
    }
    let (snapshot, facts, notes) =
        super::browser::browsed(store, summary.run_id, &start, UnitFacts::of_kind(setup.default_kind)).await?;
    let mut audit = audit_snapshot(snapshot, setup, facts, as_of, audit_unit_site).await;
    super::browser::annotate(&mut audit, &notes);
    store::audit::save_audit(store, summary.run_id, None, &audit).await?;
    Ok(audit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::model::Outcome;

    /// The real audit, except for the site of `hong.gov.vn`, whose audit panics as a hostile page
    /// once made the whole process die.
    fn audit_or_panic(s: &SiteSnapshot, r: &Rubric, unit: &UnitFacts, as_of: NaiveDate, p: &Profiles) -> SiteAudit {
        if s.start_url.contains("hong.gov.vn") {
            panic!("forced failure while reading {}", s.start_url);
        }
        audit_unit_site(s, r, unit, as_of, p)
    }

    #[tokio::test]
    async fn a_panicking_audit_makes_its_site_unverified_and_the_other_sites_are_audited() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db").to_string_lossy()).await.unwrap();
        let run = store::crawl::create_run(&store, "{}").await.unwrap();
        let sites = ["http://a.gov.vn/", "http://hong.gov.vn/", "http://c.gov.vn/"];
        for url in sites {
            let id = store::crawl::add_site(&store, run, None, url).await.unwrap();
            store::crawl::finish_site(&store, id, &SiteOutcome::Ok, &[])
                .await
                .unwrap();
        }
        let rubric = Rubric::builtin();
        let profiles = Profiles::builtin();
        let as_of = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let setup = AuditSetup {
            rubric: &rubric,
            evaluation: None,
            default_kind: "department",
            as_of: Some(as_of),
            profiles: &profiles,
        };
        let audits = audit_run_with(&store, run, &setup, audit_or_panic).await.unwrap();
        assert_eq!(audits.len(), 3);
        let stored = store::audit::load_audits(&store, run).await.unwrap();
        assert_eq!(stored.len(), 3, "every site's audit is stored");
        let failed = &stored.iter().find(|(_, a)| a.site == sites[1]).unwrap().1;
        assert_eq!((failed.outcome.as_str(), failed.as_of), ("could_not_verify", as_of));
        assert!(failed.criteria.iter().any(|c| c.outcome == Outcome::Unverified));
        for c in failed.criteria.iter().filter(|c| c.outcome != Outcome::Declared) {
            assert_eq!(c.outcome, Outcome::Unverified, "{c:?}");
            assert!(c.needs_review && c.points == 0.0, "{c:?}");
            let note = &c.evidence[0].note;
            assert!(
                note.starts_with("lỗi khi chấm điểm các trang đã thu thập (panic: forced failure while reading"),
                "{note}"
            );
        }
        // The other sites were audited as usual (their home pages were never fetched here).
        for url in [sites[0], sites[2]] {
            let a = &stored.iter().find(|(_, a)| a.site == url).unwrap().1;
            let note = &a
                .criteria
                .iter()
                .find(|c| c.outcome == Outcome::Unverified)
                .unwrap()
                .evidence[0]
                .note;
            assert_eq!(note, "không tải được trang chủ", "{url}");
        }
    }

    #[tokio::test]
    async fn a_stored_run_is_judged_as_of_the_day_it_started_in_vietnam() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db").to_string_lossy()).await.unwrap();
        let run = store::crawl::create_run(&store, "{}").await.unwrap();
        let id = store::crawl::add_site(&store, run, None, "http://a.gov.vn/")
            .await
            .unwrap();
        store::crawl::finish_site(&store, id, &SiteOutcome::Ok, &[])
            .await
            .unwrap();
        let started = store::crawl::run_started_at(&store, run).await.unwrap().unwrap();
        let (rubric, profiles) = (Rubric::builtin(), Profiles::builtin());
        let setup = AuditSetup {
            rubric: &rubric,
            evaluation: None,
            default_kind: "department",
            as_of: None,
            profiles: &profiles,
        };
        let audits = audit_stored_run(&store, run, &setup).await.unwrap();
        assert_eq!(audits[0].1.as_of, vietnam_date(started));
        let missing = audit_stored_run(&store, run + 1, &setup).await.unwrap_err();
        assert!(missing.to_string().contains("không có lượt thu thập"), "{missing}");
    }
}
