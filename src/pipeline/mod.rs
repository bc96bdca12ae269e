//! The whole job: crawl every unit's site, audit, merge with declared data and overrides, rank and
//! report — and what a year of monthly runs adds: the annual website score and changes between runs.
//!
//! Submodules: [`standing`] (the one computation of a run's merged points), [`merge`] (a unit's website group from audit, declarations and overrides),
//! [`recrawl`] (crawls of one unit asked for from the web app), [`annual`] (monthly scores → annual), [`changes`] (what moved between two runs), [`lock`] (one
//! run at a time).

pub mod annual;
pub mod audit_runs;
pub mod browser;
pub mod changes;
pub mod declared;
pub mod lock;
pub mod merge;
pub mod overrides;
pub mod recrawl;
pub mod reports;
pub mod results;
pub mod run;
pub mod standing;

use crate::crawl::CrawlTarget;
use crate::registry::Evaluation;

/// The sites to crawl for an evaluation: every evaluated unit with a website.
pub fn crawl_targets(eval: &Evaluation) -> Vec<CrawlTarget> {
    eval.units
        .iter()
        .filter(|u| u.evaluated())
        .filter_map(|u| {
            u.website.as_ref().map(|w| CrawlTarget {
                unit_id: Some(u.id.clone()),
                url: w.clone(),
            })
        })
        .collect()
}
