//! Changes between two audits of the same unit that an evaluator should see: a section gone, a
//! section no longer fresh, a site that could not be checked this time, and a website score that
//! moved by more than the rubric's `change_margin`. Each flags the unit for review.
//!
//! Main type: [`Change`]; entry point [`diff`].

use crate::audit::model::{Outcome, SiteAudit};
use serde::Serialize;

/// One change worth a look, in Vietnamese for the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub unit_id: String,
    pub agency: String,
    /// The criterion, or `None` for the site's total.
    pub criterion: Option<String>,
    pub what: String,
    pub before: String,
    pub after: String,
}

/// What changed from `before` to `after` (two audits of one unit).
pub fn diff(unit_id: &str, agency: &str, before: &SiteAudit, after: &SiteAudit, margin: f64) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |criterion: Option<&str>, what: &str, b: String, a: String| {
        out.push(Change {
            unit_id: unit_id.into(),
            agency: agency.into(),
            criterion: criterion.map(str::to_string),
            what: what.into(),
            before: b,
            after: a,
        })
    };
    if before.outcome == "ok" && after.outcome != "ok" {
        push(
            None,
            "Không kiểm tra được website lần này",
            before.outcome.clone(),
            after.outcome.clone(),
        );
    }
    for a in &after.criteria {
        let Some(b) = before.criteria.iter().find(|b| b.id == a.id) else {
            continue;
        };
        let was_present = matches!(b.outcome, Outcome::Met | Outcome::Partial) && b.points > 0.0;
        if was_present && a.outcome == Outcome::NotMet {
            push(
                Some(&a.id),
                "Mục không còn trên website",
                format!("{} điểm", b.points),
                format!("{} điểm", a.points),
            );
        } else if b.latest_date.is_some() && a.points < b.points && a.outcome != Outcome::Unverified {
            let date = |d: Option<chrono::NaiveDate>| {
                d.map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_else(|| "không rõ".into())
            };
            push(
                Some(&a.id),
                "Mục không còn được cập nhật kịp thời",
                format!("{} điểm, tin mới nhất {}", b.points, date(b.latest_date)),
                format!("{} điểm, tin mới nhất {}", a.points, date(a.latest_date)),
            );
        }
    }
    if (after.points - before.points).abs() > margin {
        push(
            None,
            "Điểm website thay đổi lớn",
            format!("{} điểm ({})", before.points, before.as_of.format("%d/%m/%Y")),
            format!("{} điểm ({})", after.points, after.as_of.format("%d/%m/%Y")),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::model::CriterionResult;
    use chrono::NaiveDate;

    fn c(id: &str, outcome: Outcome, points: f64, latest: Option<(i32, u32, u32)>) -> CriterionResult {
        CriterionResult {
            id: id.into(),
            outcome,
            points,
            max_points: 15.0,
            latest_date: latest.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
            confidence: 0.9,
            evidence: vec![],
            needs_review: false,
        }
    }

    fn audit(criteria: Vec<CriterionResult>, outcome: &str, month: u32) -> SiteAudit {
        SiteAudit {
            site: "http://x.gov.vn/".into(),
            as_of: NaiveDate::from_ymd_opt(2026, month, 1).unwrap(),
            pages_fetched: 1,
            outcome: outcome.into(),
            profile: "generic".into(),
            news: Default::default(),
            points: criteria.iter().map(|c| c.points).sum(),
            max_points: 525.0,
            criteria,
        }
    }

    #[test]
    fn finds_a_section_gone_freshness_lost_and_a_big_move() {
        let before = audit(
            vec![
                c("hoi_dap", Outcome::Met, 15.0, None),
                c("tin_tuc", Outcome::Met, 15.0, Some((2026, 9, 28))),
                c("rss", Outcome::Met, 15.0, None),
                c("x1", Outcome::Met, 15.0, None),
                c("x2", Outcome::Met, 15.0, None),
            ],
            "ok",
            10,
        );
        let after = audit(
            vec![
                c("hoi_dap", Outcome::NotMet, 0.0, None),
                c("tin_tuc", Outcome::Partial, 10.0, Some((2026, 9, 28))),
                c("rss", Outcome::Met, 15.0, None),
                c("x1", Outcome::NotMet, 0.0, None),
                c("x2", Outcome::NotMet, 0.0, None),
            ],
            "ok",
            11,
        );
        let found = diff("u", "Sở A", &before, &after, 45.0);
        let whats: Vec<(Option<&str>, &str)> = found
            .iter()
            .map(|c| (c.criterion.as_deref(), c.what.as_str()))
            .collect();
        assert_eq!(
            whats,
            [
                (Some("hoi_dap"), "Mục không còn trên website"),
                (Some("tin_tuc"), "Mục không còn được cập nhật kịp thời"),
                (Some("x1"), "Mục không còn trên website"),
                (Some("x2"), "Mục không còn trên website"),
                (None, "Điểm website thay đổi lớn"),
            ]
        );
        assert!(diff("u", "Sở A", &before, &before, 45.0).is_empty());
        // 50 points down but within a 60-point margin: only the per-criterion changes.
        assert_eq!(diff("u", "Sở A", &before, &after, 60.0).len(), 4);
    }
}
