//! What a run produced: [`RunResults`] (ranking, audits, merged website criteria, changes, and the
//! [`ReviewItem`]s awaiting an evaluator), made by [`super::run`] and read by [`super::reports`] and
//! the web app.

use super::changes::Change;
use super::merge::MergedWebsite;
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
}
