//! A unit's website group (3.1) from three sources, in increasing precedence: the automatic audit,
//! the unit's declared answers (for declared-only criteria such as the editorial board status), and
//! evaluators' overrides. An override holds while what it was made on is unchanged: each keeps an
//! [`EvidenceSnapshot`] of its criterion in the run the evaluator looked at, and decides a later run
//! only when that run shows the same evidence; otherwise the criterion goes back to the review
//! queue as a [`StaleOverride`] with both versions. An override may also decide its run only.
//!
//! Main types: [`MergedWebsite`]; [`pick_override`] chooses the override that decides a target
//! (website criteria here, declared groups and criteria in [`super::standing`]). A criterion that could not be verified keeps its earlier verified
//! result when one is given (`carried`), else it stays pending: the unit then gets no website points
//! until an evaluator decides, so it never loses points because the crawl failed.

use crate::audit::model::{CriterionResult, Evidence, Outcome, SiteAudit};
use crate::declared::DeclaredSet;
use crate::rubric::Rubric;
use crate::store::declared::{EvidenceSnapshot, Override};
use serde::Serialize;
use std::collections::BTreeMap;

/// The merged website criteria of one unit.
#[derive(Clone, Debug, Serialize)]
pub struct MergedWebsite {
    pub criteria: Vec<CriterionResult>,
    pub points: f64,
    pub max_points: f64,
    /// Criteria still unverified after carry-over and overrides.
    pub pending: Vec<String>,
    /// Criteria an evaluator should look at (pending, low confidence, changed evidence).
    pub review: Vec<String>,
    /// Each criterion as the run shows it before any override: what a new override is made on.
    pub before_override: BTreeMap<String, EvidenceSnapshot>,
    /// Overrides that no longer hold because the evidence changed.
    pub stale: Vec<StaleOverride>,
}

/// An override whose evidence changed: the criterion is back in the review queue.
#[derive(Clone, Debug, Serialize)]
pub struct StaleOverride {
    pub unit_id: String,
    pub criterion_id: String,
    /// The override, with the evidence it was made on.
    pub over: Override,
    /// What the run shows now.
    pub now: EvidenceSnapshot,
}

/// Which override decides a target in a run.
#[derive(Debug, PartialEq)]
pub enum Pick<'a> {
    /// The newest override that holds: scoped to this run, or made on the same evidence (or
    /// recorded before evidence was kept).
    Holds(&'a Override),
    /// None holds; the newest one made on other evidence.
    Stale(&'a Override),
    None,
}

/// Chooses the override of `target` (criterion or group id) of `unit_id` that decides run `run_id`,
/// whose target shows `now` before any override.
pub fn pick_override<'a>(
    overrides: &'a [Override],
    unit_id: &str,
    target: &str,
    run_id: i64,
    now: &EvidenceSnapshot,
) -> Pick<'a> {
    let mut stale = None;
    for o in overrides
        .iter()
        .rev()
        .filter(|o| o.unit_id == unit_id && o.criterion_id == target)
    {
        if o.only_run {
            if o.run_id == Some(run_id) {
                return Pick::Holds(o);
            }
            continue;
        }
        match &o.evidence {
            Some(e) if !e.same_evidence(now) && o.run_id != Some(run_id) => {
                stale.get_or_insert(o);
            }
            _ => return Pick::Holds(o),
        }
    }
    stale.map_or(Pick::None, Pick::Stale)
}

impl MergedWebsite {
    pub fn is_complete(&self) -> bool {
        self.pending.is_empty()
    }
}

/// Merges the website criteria of `unit_id` (of kind `kind`).
/// `earlier` is the same unit's most recent earlier audit, used for criteria unverified now;
/// `run_id` is the run merged (for overrides scoped to one run).
#[allow(clippy::too_many_arguments)]
pub fn merge_website(
    rubric: &Rubric,
    run_id: i64,
    unit_id: &str,
    kind: &str,
    audit: Option<&SiteAudit>,
    earlier: Option<&SiteAudit>,
    declared: &DeclaredSet,
    overrides: &[Override],
) -> Option<MergedWebsite> {
    let group = rubric.website_group()?;
    let mut criteria = Vec::new();
    let mut before_override = BTreeMap::new();
    let mut stale = Vec::new();
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
        let now = EvidenceSnapshot::of(&result);
        match pick_override(overrides, unit_id, &c.id, run_id, &now) {
            Pick::Holds(o) => {
                result.evidence.push(Evidence {
                    url: String::new(),
                    note: format!(
                        "Điều chỉnh bởi {} lúc {}: {} → {} điểm. Lý do: {}",
                        o.evaluator,
                        crate::util::time::timestamp_vn(&o.created_at),
                        crate::report::points_text(result.points),
                        crate::report::points_text(o.points),
                        o.reason
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
            Pick::Stale(o) => {
                result.needs_review = true;
                stale.push(StaleOverride {
                    unit_id: unit_id.to_string(),
                    criterion_id: c.id.clone(),
                    over: o.clone(),
                    now: now.clone(),
                });
            }
            Pick::None => {}
        }
        before_override.insert(c.id.clone(), now);
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
        before_override,
        stale,
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
            run_id: None,
            only_run: false,
            evidence: None,
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
            1,
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
        let m = merge_website(&r, 1, "u", "district", Some(&now), None, &DeclaredSet::default(), &[]).unwrap();
        assert_eq!(
            m.pending.len(),
            34,
            "every automatic criterion is pending, none is scored absent"
        );
        assert!(!m.is_complete());
        let before = audit(&r, Outcome::Met, 15.0, "2026-10-01");
        let m = merge_website(
            &r,
            1,
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

    /// An override made on run 1's evidence: it holds in run 2 while the criterion shows the same,
    /// and goes back to the queue, both versions kept, when the evidence changes; one scoped to run
    /// 1 decides run 1 only.
    #[test]
    fn an_override_holds_while_its_evidence_is_unchanged() {
        let r = rubric();
        let jan = audit(&r, Outcome::Met, 15.0, "2026-01-01");
        let tin = |a: &SiteAudit| a.criteria.iter().find(|c| c.id == "tin_tuc").unwrap().clone();
        let made_on = EvidenceSnapshot::of(&tin(&jan));
        let mut o = ov("tin_tuc", 5.0, "a");
        o.run_id = Some(1);
        o.evidence = Some(made_on.clone());
        let merge = |a: &SiteAudit, run: i64, o: &Override| {
            merge_website(
                &r,
                run,
                "u",
                "department",
                Some(a),
                None,
                &DeclaredSet::default(),
                std::slice::from_ref(o),
            )
            .unwrap()
        };
        let same = merge(&jan, 2, &o);
        assert_eq!(same.criteria.iter().find(|c| c.id == "tin_tuc").unwrap().points, 5.0);
        assert!(same.stale.is_empty());

        let mut dec = audit(&r, Outcome::Met, 15.0, "2026-12-01");
        for c in dec.criteria.iter_mut().filter(|c| c.id == "tin_tuc") {
            c.points = 7.5;
            c.outcome = Outcome::Partial;
            c.evidence = vec![Evidence {
                url: "http://x.gov.vn/tin-moi".into(),
                note: "tin mới".into(),
            }];
        }
        let changed = merge(&dec, 2, &o);
        let now = changed.criteria.iter().find(|c| c.id == "tin_tuc").unwrap();
        assert_eq!(now.points, 7.5, "the audit decides again, not the January override");
        assert!(now.needs_review);
        assert!(changed.review.contains(&"tin_tuc".to_string()));
        assert_eq!(changed.stale.len(), 1);
        assert_eq!(changed.stale[0].over.evidence.as_ref(), Some(&made_on));
        assert_eq!(changed.stale[0].now.urls, vec!["http://x.gov.vn/tin-moi".to_string()]);

        o.only_run = true;
        assert_eq!(
            merge(&jan, 1, &o)
                .criteria
                .iter()
                .find(|c| c.id == "tin_tuc")
                .unwrap()
                .points,
            5.0
        );
        let later = merge(&jan, 2, &o);
        assert_eq!(later.criteria.iter().find(|c| c.id == "tin_tuc").unwrap().points, 15.0);
        assert!(
            later.stale.is_empty(),
            "a run-scoped override is not stale later, only over"
        );
    }
}
