//! A unit's website group (3.1) from three sources, in increasing precedence: the automatic audit,
//! the unit's declared answers (for declared-only criteria such as the editorial board status), and
//! evaluators' overrides (the last per criterion wins; all are kept in the store as the audit trail).
//!
//! Main type: [`MergedWebsite`]. A criterion that could not be verified keeps its earlier verified
//! result when one is given (`carried`), else it stays pending: the unit then gets no website points
//! until an evaluator decides, so it never loses points because the crawl failed.

use crate::audit::model::{CriterionResult, Evidence, Outcome, SiteAudit};
use crate::declared::DeclaredSet;
use crate::rubric::Rubric;
use crate::store::declared::Override;
use serde::Serialize;

/// The merged website criteria of one unit.
#[derive(Clone, Debug, Serialize)]
pub struct MergedWebsite {
    pub criteria: Vec<CriterionResult>,
    pub points: f64,
    pub max_points: f64,
    /// Criteria still unverified after carry-over and overrides.
    pub pending: Vec<String>,
    /// Criteria an evaluator should look at (pending, low confidence).
    pub review: Vec<String>,
}

impl MergedWebsite {
    pub fn is_complete(&self) -> bool {
        self.pending.is_empty()
    }
}

/// Merges the website criteria of `unit_id` (of kind `kind`).
/// `earlier` is the same unit's most recent earlier audit, used for criteria unverified now.
pub fn merge_website(
    rubric: &Rubric,
    unit_id: &str,
    kind: &str,
    audit: Option<&SiteAudit>,
    earlier: Option<&SiteAudit>,
    declared: &DeclaredSet,
    overrides: &[Override],
) -> Option<MergedWebsite> {
    let group = rubric.website_group()?;
    let mut criteria = Vec::new();
    for c in group.criteria.iter().filter(|c| c.applies_to(kind)) {
        let max = rubric.criterion_max(c, kind);
        let automatic = rubric.assessment(c).is_automatic();
        let mut result = audit
            .and_then(|a| a.criteria.iter().find(|r| r.id == c.id))
            .cloned()
            .unwrap_or_else(|| CriterionResult {
                id: c.id.clone(),
                outcome: if automatic {
                    Outcome::Unverified
                } else {
                    Outcome::Declared
                },
                points: 0.0,
                max_points: max,
                latest_date: None,
                confidence: 0.0,
                evidence: vec![],
                needs_review: automatic,
            });
        if let Some(v) = declared.criterion(unit_id, &c.id) {
            // A declaration decides criteria the site cannot show (status, declared-only), and is the
            // fallback for an automatic criterion only when the audit could not verify it.
            if !automatic || result.outcome == Outcome::Unverified {
                result.outcome = Outcome::Declared;
                result.points = v.points;
                result.confidence = 1.0;
                result.needs_review = automatic;
                result.evidence.push(Evidence {
                    url: String::new(),
                    note: format!(
                        "Đơn vị tự khai báo: \"{}\" ({})",
                        v.raw.as_deref().unwrap_or(""),
                        v.source
                    ),
                });
            }
        }
        if result.outcome == Outcome::Unverified
            && let Some(prev) = earlier.and_then(|a| a.criteria.iter().find(|r| r.id == c.id))
            && prev.outcome != Outcome::Unverified
        {
            result.points = prev.points;
            result.outcome = prev.outcome;
            result.latest_date = prev.latest_date;
            result.confidence = prev.confidence.min(0.5);
            result.needs_review = true;
            result.evidence.push(Evidence {
                url: String::new(),
                note: format!(
                    "Không kiểm tra được lần này; giữ kết quả kiểm tra ngày {} ({} điểm)",
                    earlier.unwrap().as_of,
                    prev.points
                ),
            });
        }
        if let Some(o) = overrides
            .iter()
            .rev()
            .find(|o| o.unit_id == unit_id && o.criterion_id == c.id)
        {
            result.evidence.push(Evidence {
                url: String::new(),
                note: format!(
                    "Điều chỉnh bởi {} lúc {}: {} → {} điểm. Lý do: {}",
                    o.evaluator, o.created_at, result.points, o.points, o.reason
                ),
            });
            result.points = o.points.clamp(0.0, max);
            result.outcome = if result.points >= max {
                Outcome::Met
            } else if result.points > 0.0 {
                Outcome::Partial
            } else {
                Outcome::NotMet
            };
            result.confidence = 1.0;
            result.needs_review = false;
        }
        criteria.push(result);
    }
    let pending: Vec<String> = criteria
        .iter()
        .filter(|r| r.outcome == Outcome::Unverified)
        .map(|r| r.id.clone())
        .collect();
    let review: Vec<String> = criteria
        .iter()
        .filter(|r| r.needs_review)
        .map(|r| r.id.clone())
        .collect();
    Some(MergedWebsite {
        points: criteria.iter().map(|r| r.points).sum(),
        max_points: criteria.iter().map(|r| r.max_points).sum(),
        criteria,
        pending,
        review,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declared::{DeclaredValue, Target};
    use chrono::NaiveDate;

    fn rubric() -> Rubric {
        Rubric::builtin()
    }

    fn audit(rubric: &Rubric, outcome: Outcome, points: f64, as_of: &str) -> SiteAudit {
        let criteria = rubric
            .website_group()
            .unwrap()
            .criteria
            .iter()
            .map(|c| {
                let declared = !rubric.assessment(c).is_automatic();
                CriterionResult {
                    id: c.id.clone(),
                    outcome: if declared { Outcome::Declared } else { outcome },
                    points: if declared || outcome == Outcome::Unverified {
                        0.0
                    } else {
                        points
                    },
                    max_points: 15.0,
                    latest_date: None,
                    confidence: 0.9,
                    evidence: vec![],
                    needs_review: outcome == Outcome::Unverified && !declared,
                }
            })
            .collect();
        SiteAudit {
            site: "http://x.gov.vn/".into(),
            as_of: NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap(),
            pages_fetched: 10,
            outcome: "ok".into(),
            profile: "generic".into(),
            news: Default::default(),
            criteria,
            points: 0.0,
            max_points: 525.0,
        }
    }

    fn ov(criterion: &str, points: f64, who: &str) -> Override {
        Override {
            id: 1,
            evaluation: "e".into(),
            unit_id: "u".into(),
            criterion_id: criterion.into(),
            points,
            reason: "kiểm tra thủ công".into(),
            evaluator: who.into(),
            created_at: "2026-11-26T00:00:00Z".into(),
        }
    }

    #[test]
    fn declared_status_and_overrides_merge_over_the_audit() {
        let r = rubric();
        let a = audit(&r, Outcome::Met, 15.0, "2026-11-01");
        let declared = DeclaredSet {
            values: vec![DeclaredValue {
                unit_id: "u".into(),
                target: Target::Criterion("ban_bien_tap_quy_che".into()),
                raw: Some("đang thực hiện".into()),
                points: 10.0,
                source: "khai-bao.csv".into(),
                note: String::new(),
            }],
        };
        let m = merge_website(
            &r,
            "u",
            "department",
            Some(&a),
            None,
            &declared,
            &[ov("tin_tuc", 10.0, "a"), ov("tin_tuc", 5.0, "b")],
        )
        .unwrap();
        // 33 automatic criteria at 15, tin_tuc overridden to 5 (the last override), status declared 10.
        assert_eq!(m.points, 33.0 * 15.0 + 5.0 + 10.0);
        assert_eq!(m.max_points, 525.0);
        assert!(m.is_complete());
        let tin = m.criteria.iter().find(|c| c.id == "tin_tuc").unwrap();
        assert_eq!((tin.points, tin.outcome), (5.0, Outcome::Partial));
        assert!(tin.evidence.last().unwrap().note.contains("Điều chỉnh bởi b"));
    }

    #[test]
    fn unverified_criteria_keep_the_earlier_result_or_stay_pending() {
        let r = rubric();
        let now = audit(&r, Outcome::Unverified, 0.0, "2026-11-01");
        let m = merge_website(&r, "u", "district", Some(&now), None, &DeclaredSet::default(), &[]).unwrap();
        assert_eq!(
            m.pending.len(),
            34,
            "every automatic criterion is pending, none is scored absent"
        );
        assert!(!m.is_complete());
        let before = audit(&r, Outcome::Met, 15.0, "2026-10-01");
        let m = merge_website(
            &r,
            "u",
            "district",
            Some(&now),
            Some(&before),
            &DeclaredSet::default(),
            &[ov("rss", 0.0, "a")],
        )
        .unwrap();
        assert!(m.is_complete());
        assert_eq!(m.points, 33.0 * 15.0);
        assert_eq!(
            m.review.len(),
            33,
            "carried results are flagged for review; the override is not"
        );
    }
}
