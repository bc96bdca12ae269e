//! The audit's result types: [`SiteAudit`] for a site, [`CriterionResult`] per website criterion,
//! with [`Outcome`], confidence and [`Evidence`]. Ranking merges these with declared values and
//! overrides; reports and scorecards print them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a criterion came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    Partial,
    NotMet,
    /// Could not be checked (crawl failure, block): flagged for review, never scored as absent.
    Unverified,
    /// Declared by the unit, not checked on the site.
    Declared,
}

/// One piece of evidence behind a criterion's points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub url: String,
    pub note: String,
}

/// The result for one website criterion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub id: String,
    pub outcome: Outcome,
    pub points: f64,
    pub max_points: f64,
    pub latest_date: Option<NaiveDate>,
    /// 0.0 to 1.0; below the rubric's review threshold the criterion is flagged.
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
    /// Set when an evaluator should look at it (unverified, low confidence).
    pub needs_review: bool,
}

/// News freshness summary of a site.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewsSummary {
    pub latest: Option<NaiveDate>,
    pub items_last_30_days: u32,
    pub items_last_90_days: u32,
}

/// The audit of one site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteAudit {
    pub site: String,
    pub as_of: NaiveDate,
    pub pages_fetched: u32,
    /// "ok" or "could_not_verify".
    pub outcome: String,
    /// The selector profile used ("generic" when none matched).
    pub profile: String,
    pub news: NewsSummary,
    pub criteria: Vec<CriterionResult>,
    pub points: f64,
    pub max_points: f64,
}
