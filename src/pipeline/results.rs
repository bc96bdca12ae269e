//! What a run produced: [`RunResults`] (ranking, audits, merged website criteria, changes, and the
//! [`ReviewItem`]s awaiting an evaluator), made by [`super::standing`] and read by [`super::reports`] and
//! the web app.

use super::changes::Change;
use super::merge::{MergedWebsite, StaleOverride};
use crate::audit::model::SiteAudit;
use crate::rank::Ranking;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Why an evaluator should look at a unit.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ReviewItem {
    pub unit_id: String,
    pub agency: String,
    pub reason: String,
    /// Points still open on the unit (unverified or flagged criteria): how far deciding them can
    /// move its rank. The queue is ordered by it, largest first.
    pub weight: f64,
}

/// Everything a run produced, rebuilt from the store as well.
pub struct RunResults {
    pub run_id: i64,
    pub as_of: NaiveDate,
    pub ranking: Ranking,
    /// Unit id → its audit this run.
    pub audits: BTreeMap<String, SiteAudit>,
    /// Unit id → its merged website criteria.
    pub websites: BTreeMap<String, MergedWebsite>,
    pub changes: Vec<Change>,
    pub review: Vec<ReviewItem>,
    /// Overrides that no longer hold because their evidence changed (website and declared).
    pub stale: Vec<StaleOverride>,
}

impl RunResults {
    /// The unit's audit with the merged criteria (declarations, overrides, carried results) and
    /// their total in place: what scorecards and `explain` show.
    pub fn merged_audit(&self, unit_id: &str) -> Option<SiteAudit> {
        let merged = self.websites.get(unit_id)?;
        let mut audit = self.audits.get(unit_id).cloned()?;
        audit.criteria = merged.criteria.clone();
        audit.points = merged.points;
        audit.max_points = merged.max_points;
        Some(audit)
    }

    /// The unit's website points in this run, once every criterion is decided.
    pub fn website_points(&self, unit_id: &str) -> Option<f64> {
        self.websites.get(unit_id).filter(|w| w.is_complete()).map(|w| w.points)
    }
}
