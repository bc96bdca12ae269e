//! The reports of a run: turns [`RunResults`] (ranking, merged website criteria, changes, review
//! list) and the evaluation's run history into the report writers' inputs and writes the folder,
//! plus a plain `review.txt` for whoever reads the scheduled run's output.

use super::results::RunResults;
use crate::audit::model::SiteAudit;
use crate::registry::Evaluation;
use crate::report::{self, HtmlExtras, ReviewFlag, ScorecardInput, UnitFreshness};
use crate::store::Store;
use anyhow::Result;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Writes every report of `results` into `dir`; returns the files written.
pub async fn write_run_reports(
    store: &Store,
    eval: &Evaluation,
    results: &RunResults,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let history = super::standing::website_history(store, eval, results).await?;
    let extras = HtmlExtras {
        note: Some(format!(
            "Lượt đánh giá #{} — ngày đánh giá {}",
            results.run_id,
            results.as_of.format("%d/%m/%Y")
        )),
        freshness: eval
            .units
            .iter()
            .filter_map(|u| {
                let audit = results.audits.get(&u.id)?;
                Some(UnitFreshness {
                    unit_id: u.id.clone(),
                    agency: u.name.clone(),
                    scores: history.get(&u.id).cloned().unwrap_or_default(),
                    max_score: audit.max_points,
                    news_dates: news_dates(audit),
                })
            })
            .collect(),
        changes: results
            .changes
            .iter()
            .map(|c| report::Change {
                agency: c.agency.clone(),
                what: c.what.clone(),
                before: c.before.clone(),
                after: c.after.clone(),
            })
            .collect(),
        review: results
            .review
            .iter()
            .map(|r| ReviewFlag {
                agency: r.agency.clone(),
                reason: r.reason.clone(),
            })
            .collect(),
    };
    let mut scorecards: Vec<ScorecardInput> = Vec::new();
    // A unit crawled again on request has its pages in that crawl run.
    let recrawled = crate::store::users::recrawled_units(store, results.run_id).await?;
    for u in eval.units.iter().filter(|u| u.evaluated()) {
        let audit = results.merged_audit(&u.id);
        let source = recrawled.get(&u.id).copied().unwrap_or(results.run_id);
        let stored_pages = match &audit {
            Some(a) => evidence_pages(store, source, a).await,
            None => vec![],
        };
        scorecards.push(ScorecardInput {
            unit_id: u.id.clone(),
            unit_name: u.name.clone(),
            kind_name: eval.rubric.kind(&u.kind).map_or(u.kind.clone(), |k| k.name.clone()),
            audit,
            group_points: group_points(eval, results, &u.id),
            stored_pages,
        });
    }
    let mut files = report::write_all(&results.ranking, &eval.rubric, dir, &extras, &scorecards)?;
    let review = dir.join("review.txt");
    std::fs::write(&review, review_text(results))?;
    files.push(review);
    Ok(files)
}

/// The pages this run stored for the audit's evidence URLs (for the scorecard's "bản lưu" links);
/// evidence from elsewhere (a carried result, a declaration) has none. A snapshot that cannot be
/// read only costs the links.
async fn evidence_pages(store: &Store, run_id: i64, audit: &SiteAudit) -> Vec<report::StoredPage> {
    let snapshot = match crate::store::crawl::load_snapshot(store, run_id, &audit.site).await {
        Ok(s) => s,
        Err(e) => {
            tracing::debug!(site = %audit.site, error = %e, "no stored copies for the scorecard");
            return vec![];
        }
    };
    let mut pages = Vec::new();
    for e in audit.criteria.iter().flat_map(|c| &c.evidence) {
        if pages.iter().any(|p: &report::StoredPage| p.url == e.url) {
            continue;
        }
        if let Some(page) = snapshot.page(&e.url)
            && let Some(text) = &page.text
        {
            pages.push(report::StoredPage {
                url: e.url.clone(),
                fetched_at: page.fetched_at,
                status: page.status,
                text: text.clone(),
            });
        }
    }
    pages
}

/// The unit's points per group (name, points, maximum) as its ranking rows give them.
pub fn group_points(eval: &Evaluation, results: &RunResults, unit_id: &str) -> Vec<(String, f64, f64)> {
    let Some(unit) = eval.unit(unit_id) else { return vec![] };
    eval.rubric
        .groups
        .iter()
        .filter_map(|g| {
            let table = g.tables.get(&unit.kind)?;
            let row = results
                .ranking
                .table(table)?
                .rows
                .iter()
                .find(|r| r.unit_id == unit_id)?;
            Some((g.name.clone(), row.points, row.max_points))
        })
        .collect()
}

/// Dates of the news items the audit used (from its evidence on the news criterion).
fn news_dates(audit: &SiteAudit) -> Vec<chrono::NaiveDate> {
    audit.news.latest.into_iter().collect()
}

/// The review list as plain text (Vietnamese), one unit a line.
pub fn review_text(results: &RunResults) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Lượt đánh giá #{} — ngày {}",
        results.run_id,
        results.as_of.format("%d/%m/%Y")
    );
    if results.review.is_empty() {
        let _ = writeln!(s, "Không có đơn vị nào cần xem xét.");
    }
    for r in &results.review {
        let _ = writeln!(s, "- {}: {}", r.agency, r.reason);
    }
    s
}

/// `dir` itself when it does not exist or is empty, else the first of `dir-v2`, `dir-v3`, … that
/// does not exist yet (counted from the run's first folder when `dir` is itself a version): a
/// run's reports are never written over.
pub fn next_version_dir(dir: &Path) -> PathBuf {
    let unused = |d: &Path| std::fs::read_dir(d).map_or(true, |mut entries| entries.next().is_none());
    if unused(dir) {
        return dir.to_path_buf();
    }
    let name = dir
        .file_name()
        .map_or_else(|| "bao-cao".into(), |n| n.to_string_lossy().into_owned());
    let base = match name.rsplit_once("-v") {
        Some((b, n)) if !b.is_empty() && !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) => b.to_string(),
        _ => name,
    };
    (2..)
        .map(|v| dir.with_file_name(format!("{base}-v{v}")))
        .find(|d| !d.exists())
        .expect("some version number is free")
}

#[cfg(test)]
mod version_tests {
    use super::next_version_dir;

    #[test]
    fn a_used_report_folder_gets_a_new_version_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("run-1");
        assert_eq!(next_version_dir(&dir), dir, "a folder not made yet is used");
        std::fs::create_dir(&dir).unwrap();
        assert_eq!(next_version_dir(&dir), dir, "an empty folder is used");
        std::fs::write(dir.join("ranking.csv"), "x").unwrap();
        assert_eq!(next_version_dir(&dir), tmp.path().join("run-1-v2"));
        let v2 = tmp.path().join("run-1-v2");
        std::fs::create_dir(&v2).unwrap();
        assert_eq!(next_version_dir(&dir), tmp.path().join("run-1-v3"));
        // A version's next version is the run's next one, not "run-1-v2-v2".
        std::fs::write(v2.join("ranking.csv"), "x").unwrap();
        assert_eq!(next_version_dir(&v2), tmp.path().join("run-1-v3"));
    }
}
