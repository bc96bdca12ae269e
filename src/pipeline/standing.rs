//! A unit's standing in a run — the one place that computes merged points. Everything a person
//! reads about a run (ranking tables, charts, scorecards, `explain`, JSON, the web app) reads the
//! [`RunResults`] built here by [`standing`]: the run's audits merged with the previous verified
//! run (carried criteria), declared data and the overrides that hold in that run
//! ([`super::merge`]), overrides of declared groups and criteria (`apply_declared_overrides`), the
//! review queue, and the ranking.
//!
//! Main items: [`standing`], [`website_history`] (each unit's merged website points per run, for
//! the charts) and [`ReviewItem::weight`]'s ordering of the queue.

use super::changes::diff;
use super::merge::{Pick, StaleOverride, merge_website, pick_override};
use super::results::{ReviewItem, RunResults};
use crate::audit::model::{Outcome, SiteAudit};
use crate::declared::{DeclaredSet, GroupPoints, Target};
use crate::rank::{self, UnitPoints};
use crate::registry::Evaluation;
use crate::store::declared::{EvidenceSnapshot, Override};
use crate::store::{self, Store};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Rebuilds run `run_id`'s results from the store: its audits, the previous finished run's (for
/// carry-over and changes), the evaluation's declared data and the overrides that hold in it.
pub async fn standing(store: &Store, eval: &Evaluation, run_id: i64) -> Result<RunResults> {
    let info = store::pipeline::run_info(store, run_id).await?.with_context(|| {
        format!("lượt {run_id} không phải là một lượt của đợt đánh giá (có được tạo bằng `ictrank run` không?)")
    })?;
    // a year over which the rules changed: the run is scored by the rubric of its day
    let eval = &eval.in_force_on(info.as_of);
    let audits = audits_by_unit(store, run_id).await?;
    let earlier = match store::pipeline::previous_run(store, &eval.id, run_id).await? {
        Some(prev) => audits_by_unit(store, prev).await?,
        None => BTreeMap::new(),
    };
    let declared = super::declared::load_all(eval, store).await?;
    let overrides = store::declared::load_overrides(store, &eval.id).await?;
    Ok(compute(
        eval, run_id, info.as_of, audits, &earlier, &declared, &overrides,
    ))
}

/// [`standing`] over data in hand.
pub fn compute(
    eval: &Evaluation,
    run_id: i64,
    as_of: NaiveDate,
    audits: BTreeMap<String, SiteAudit>,
    earlier: &BTreeMap<String, SiteAudit>,
    declared: &DeclaredSet,
    overrides: &[Override],
) -> RunResults {
    let mut points = rank::points_from_declared(eval, declared);
    let mut stale = apply_declared_overrides(eval, run_id, declared, overrides, &mut points);
    let mut websites = BTreeMap::new();
    let mut review = Vec::new();
    let mut changes = Vec::new();
    let group = eval.rubric.website_group().map(|g| g.id.clone()).unwrap_or_default();
    for unit in eval.units.iter().filter(|u| u.evaluated()) {
        // A unit this run did not audit keeps its declared website points, if any.
        let Some(audit) = audits.get(&unit.id) else { continue };
        let merged = merge_website(
            &eval.rubric,
            run_id,
            &unit.id,
            &unit.kind,
            Some(audit),
            earlier.get(&unit.id),
            declared,
            overrides,
        );
        let Some(merged) = merged else { continue };
        if let Some(before) = earlier.get(&unit.id) {
            changes.extend(diff(&unit.id, &unit.name, before, audit, eval.rubric.change_margin));
        }
        let entry = points.entry(unit.id.clone()).or_default();
        let open: Vec<&crate::audit::model::CriterionResult> = merged
            .criteria
            .iter()
            .filter(|c| c.outcome == Outcome::Unverified || c.needs_review)
            .collect();
        let weight = open.iter().map(|c| c.max_points - c.points).sum::<f64>().max(0.0);
        if merged.is_complete() {
            entry.insert(
                group.clone(),
                GroupPoints {
                    points: merged.points,
                    source: format!("run #{run_id}"),
                    note: String::new(),
                    pending: None,
                },
            );
        } else {
            let reason = if audit.outcome != "ok" {
                format!(
                    "không kiểm tra được website: {}; chờ cán bộ đánh giá xem xét",
                    unreachable_cause(audit).0
                )
            } else {
                format!(
                    "không kiểm tra được {} tiêu chí website ({}): chờ cán bộ đánh giá xem xét",
                    merged.pending.len(),
                    merged.pending.join(", ")
                )
            };
            entry.insert(
                group.clone(),
                GroupPoints {
                    points: 0.0,
                    source: format!("run #{run_id}"),
                    note: String::new(),
                    pending: Some("website chưa kiểm tra được, chờ cán bộ đánh giá xem xét".into()),
                },
            );
            review.push(ReviewItem {
                unit_id: unit.id.clone(),
                agency: unit.name.clone(),
                reason,
                weight,
            });
        }
        let changed: Vec<&str> = merged.stale.iter().map(|s| s.criterion_id.as_str()).collect();
        let others: Vec<&str> = merged
            .review
            .iter()
            .map(String::as_str)
            .filter(|c| !changed.contains(c))
            .collect();
        if !changed.is_empty() {
            review.push(ReviewItem {
                unit_id: unit.id.clone(),
                agency: unit.name.clone(),
                reason: format!("bằng chứng đã thay đổi: {}", changed.join(", ")),
                weight,
            });
        }
        if merged.is_complete() && !others.is_empty() {
            review.push(ReviewItem {
                unit_id: unit.id.clone(),
                agency: unit.name.clone(),
                reason: format!("tiêu chí cần xem lại: {}", others.join(", ")),
                weight,
            });
        }
        stale.extend(merged.stale.iter().cloned());
        websites.insert(unit.id.clone(), merged);
    }
    for s in stale.iter().filter(|s| !websites.contains_key(&s.unit_id)) {
        let agency = eval.unit(&s.unit_id).map_or(s.unit_id.clone(), |u| u.name.clone());
        review.push(ReviewItem {
            unit_id: s.unit_id.clone(),
            agency,
            reason: format!("bằng chứng đã thay đổi: {}", s.criterion_id),
            weight: (s.over.points - s.now.points).abs(),
        });
    }
    for c in &changes {
        if !review
            .iter()
            .any(|r| r.unit_id == c.unit_id && r.reason.starts_with("thay đổi"))
        {
            review.push(ReviewItem {
                unit_id: c.unit_id.clone(),
                agency: c.agency.clone(),
                reason: format!("thay đổi so với lần trước: {}", c.what),
                weight: 0.0,
            });
        }
    }
    // The queue: what can move a unit's rank the most first (points still open), then by name.
    review.sort_by(|a, b| b.weight.total_cmp(&a.weight).then_with(|| a.agency.cmp(&b.agency)));
    let ranking = rank::rank(eval, &points);
    RunResults {
        run_id,
        as_of,
        ranking,
        audits,
        websites,
        changes,
        review,
        stale,
    }
}

/// Overrides of declared (not audited) groups and criteria, applied to `points`; returns those
/// whose declared value changed since. A criterion override moves its group only when the group's
/// points are the sum of the unit's answers (a group declared as one number has no criteria to
/// move: [`super::overrides`] refuses such an override).
fn apply_declared_overrides(
    eval: &Evaluation,
    run_id: i64,
    declared: &DeclaredSet,
    overrides: &[Override],
    points: &mut UnitPoints,
) -> Vec<StaleOverride> {
    let mut stale = Vec::new();
    // Snapshots are of the declared points before any override; criteria first, so that a whole
    // group's override replaces whatever its criteria's overrides did.
    let base = points.clone();
    let mut order: Vec<&Override> = overrides.iter().collect();
    order.sort_by_key(|o| eval.rubric.group(&o.criterion_id).is_some());
    for o in order {
        // Each (unit, target) once: at its newest override.
        if overrides
            .iter()
            .any(|n| n.id > o.id && n.unit_id == o.unit_id && n.criterion_id == o.criterion_id)
        {
            continue;
        }
        let Some(unit) = eval.unit(&o.unit_id) else { continue };
        let (group, criterion) = match declared_target(eval, &o.criterion_id) {
            Some(t) => t,
            None => continue,
        };
        let unit_points = points.entry(unit.id.clone()).or_default();
        let now = match &criterion {
            None => group_snapshot(base.get(&unit.id).and_then(|p| p.get(&group))),
            Some(c) => declared_snapshot(declared, &unit.id, c),
        };
        match pick_override(overrides, &unit.id, &o.criterion_id, run_id, &now) {
            Pick::Holds(h) => match criterion {
                None => {
                    unit_points.insert(
                        group.clone(),
                        GroupPoints {
                            points: h.points,
                            source: format!("điều chỉnh #{}", h.id),
                            note: h.reason.clone(),
                            pending: None,
                        },
                    );
                }
                Some(_) if group_from_answers(declared, &unit.id, eval, &group) => {
                    if let Some(g) = unit_points.get_mut(&group) {
                        g.points += h.points - now.points;
                        g.note = [g.note.as_str(), &format!("điều chỉnh #{}: {}", h.id, h.reason)]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("; ");
                    }
                }
                Some(_) => {}
            },
            Pick::Stale(s) => stale.push(StaleOverride {
                unit_id: unit.id.clone(),
                criterion_id: o.criterion_id.clone(),
                over: s.clone(),
                now,
            }),
            Pick::None => {}
        }
    }
    stale
}

/// The (group, criterion) an override target names outside the audited group: a group id gives
/// (group, None), a criterion id (its group, Some(criterion)).
pub fn declared_target(eval: &Evaluation, target: &str) -> Option<(String, Option<String>)> {
    if let Some(g) = eval.rubric.group(target) {
        return (!g.audited).then(|| (g.id.clone(), None));
    }
    let (g, c) = eval.rubric.criterion(target)?;
    (!g.audited).then(|| (g.id.clone(), Some(c.id.clone())))
}

/// Whether `group`'s points for the unit are the sum of its answers to the group's criteria (the
/// newest declaration is an answer, not a whole-group number).
pub fn group_from_answers(declared: &DeclaredSet, unit_id: &str, eval: &Evaluation, group: &str) -> bool {
    let Some(g) = eval.rubric.group(group) else {
        return false;
    };
    let latest = declared.latest();
    let newest_answer = g
        .criteria
        .iter()
        .filter_map(|c| latest.get(&(unit_id.to_string(), Target::Criterion(c.id.clone()))))
        .map(|(i, _)| *i)
        .max();
    let whole = latest
        .get(&(unit_id.to_string(), Target::Group(group.to_string())))
        .map(|(i, _)| *i);
    match (newest_answer, whole) {
        (Some(a), Some(w)) => a > w,
        (Some(_), None) => true,
        _ => false,
    }
}

/// What a declared criterion shows: the unit's answer and its points (0 when unanswered).
pub fn declared_snapshot(declared: &DeclaredSet, unit_id: &str, criterion: &str) -> EvidenceSnapshot {
    let v = declared.criterion(unit_id, criterion);
    EvidenceSnapshot {
        outcome: Outcome::Declared,
        points: v.map_or(0.0, |v| v.points),
        latest_date: None,
        urls: vec![],
        notes: v
            .map(|v| vec![format!("{} ({})", v.raw.as_deref().unwrap_or(""), v.source)])
            .unwrap_or_default(),
    }
}

/// What a declared group shows: its points and where they came from.
pub fn group_snapshot(g: Option<&GroupPoints>) -> EvidenceSnapshot {
    EvidenceSnapshot {
        outcome: Outcome::Declared,
        points: g.map_or(0.0, |g| g.points),
        latest_date: None,
        urls: vec![],
        notes: g.map(|g| vec![g.source.clone()]).unwrap_or_default(),
    }
}

/// The one cause, in Vietnamese, of a site that could not be checked, with the technical detail
/// (English, from the crawler) to fold away.
pub fn unreachable_cause(audit: &SiteAudit) -> (&'static str, String) {
    let detail = audit
        .criteria
        .iter()
        .flat_map(|c| c.evidence.first())
        .map(|e| e.note.clone())
        .next()
        .unwrap_or_default();
    let d = detail.to_lowercase();
    // The crawler names the kind of failure first ("… (connect: …)"): it decides when present.
    let kinds: [(&[&str], &'static str); 7] = [
        (&["blocked_or_challenge"], "website chặn truy cập tự động"),
        (&["connect", "refused_address"], "không kết nối được máy chủ"),
        (&["dns"], "không tìm thấy tên miền"),
        (&["tls"], "chứng chỉ TLS không hợp lệ"),
        (&["timeout", "site_budget_exhausted"], "máy chủ phản hồi quá chậm"),
        (&["robots_disallowed"], "robots.txt không cho phép thu thập"),
        (&["http_status"], "máy chủ trả về lỗi"),
    ];
    let named = kinds.iter().find(|(names, _)| {
        names
            .iter()
            .any(|k| d.starts_with(&format!("{k}:")) || d.contains(&format!("({k}:")))
    });
    if let Some((_, cause)) = named {
        return (cause, detail);
    }
    let cause = if d.contains("blocked") || d.contains("challenge") || d.contains("403") || d.contains("captcha") {
        "website chặn truy cập tự động"
    } else if d.contains("certificate") || d.contains("tls") || d.contains("ssl") {
        "chứng chỉ TLS không hợp lệ"
    } else if d.contains("dns") || d.contains("resolve") || d.contains("name or service") {
        "không tìm thấy tên miền"
    } else if d.contains("timed out") || d.contains("timeout") || d.contains("budget") {
        "máy chủ phản hồi quá chậm"
    } else if d.contains("robots") {
        "robots.txt không cho phép thu thập"
    } else if d.contains("connect") || d.contains("refused") || d.contains("reset") {
        "không kết nối được máy chủ"
    } else if d.contains("status") || d.contains("50") {
        "máy chủ trả về lỗi"
    } else {
        "trang chủ không tải được"
    };
    (cause, detail)
}

/// Run `run_id`'s audit of each unit: its own, or for a unit crawled again on request
/// ([`super::recrawl`]), the audit of that newer crawl (the run's own stays in the store).
async fn audits_by_unit(store: &Store, run_id: i64) -> Result<BTreeMap<String, SiteAudit>> {
    let mut audits: BTreeMap<String, SiteAudit> = store::audit::load_audits(store, run_id)
        .await?
        .into_iter()
        .filter_map(|(u, a)| u.map(|u| (u, a)))
        .collect();
    for (unit, crawl_run) in store::users::recrawled_units(store, run_id).await? {
        let again = store::audit::load_audits(store, crawl_run).await?;
        if let Some((_, a)) = again.into_iter().find(|(u, _)| u.as_deref() == Some(unit.as_str())) {
            audits.insert(unit, a);
        }
    }
    Ok(audits)
}

/// Each unit's merged website points in every finished run of the evaluation up to `upto` (and
/// `upto` itself), oldest first: what the charts draw, from the same [`standing`] as the tables.
pub async fn website_history(
    store: &Store,
    eval: &Evaluation,
    upto: &RunResults,
) -> Result<BTreeMap<String, Vec<(NaiveDate, f64)>>> {
    let mut out: BTreeMap<String, Vec<(NaiveDate, f64)>> = BTreeMap::new();
    let mut add = |r: &RunResults| {
        for (unit, w) in &r.websites {
            if w.is_complete() {
                out.entry(unit.clone()).or_default().push((r.as_of, w.points));
            }
        }
    };
    for run in store::pipeline::runs_of(store, &eval.id)
        .await?
        .into_iter()
        .filter(|r| r.run_id < upto.run_id && r.finished)
    {
        add(&standing(store, eval, run.run_id).await?);
    }
    add(upto);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::unreachable_cause;
    use crate::audit::model::{CriterionResult, Evidence, NewsSummary, Outcome, SiteAudit};

    fn failed(note: &str) -> SiteAudit {
        SiteAudit {
            site: "http://x.gov.vn/".into(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            pages_fetched: 0,
            outcome: "could_not_verify".into(),
            profile: "generic".into(),
            news: NewsSummary::default(),
            criteria: vec![CriterionResult {
                id: "tin_tuc".into(),
                outcome: Outcome::Unverified,
                points: 0.0,
                max_points: 15.0,
                latest_date: None,
                confidence: 0.0,
                evidence: vec![Evidence {
                    url: String::new(),
                    note: note.into(),
                }],
                needs_review: true,
            }],
            points: 0.0,
            max_points: 15.0,
        }
    }

    #[test]
    fn the_crawlers_kind_of_failure_decides_the_cause() {
        // A refused connection while reading robots.txt is a connection failure, not a ban.
        let connect = "không kiểm tra được trang (connect: không đọc được robots.txt (không kết nối được tới máy chủ; chi tiết kỹ thuật: tcp connect error: Connection refused (os error 111)); theo RFC 9309 coi như cấm thu thập toàn bộ trang)";
        assert_eq!(unreachable_cause(&failed(connect)).0, "không kết nối được máy chủ");
        let robots = "không kiểm tra được trang (robots_disallowed: robots.txt cấm thu thập /)";
        assert_eq!(
            unreachable_cause(&failed(robots)).0,
            "robots.txt không cho phép thu thập"
        );
        let wall = "không kiểm tra được trang (blocked_or_challenge: script sets a cookie and reloads the page)";
        assert_eq!(unreachable_cause(&failed(wall)).0, "website chặn truy cập tự động");
        // Without a kind, the words of the detail still decide.
        assert_eq!(
            unreachable_cause(&failed("tcp connect error: Connection refused (os error 111)")).0,
            "không kết nối được máy chủ"
        );
        assert_eq!(
            unreachable_cause(&failed("certificate has expired")).0,
            "chứng chỉ TLS không hợp lệ"
        );
    }
}
