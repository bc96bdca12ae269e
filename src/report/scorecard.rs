//! A unit's scorecard. It opens with the unit's [`Standing`] (total, percentage, rank and tier in
//! its overall table) and the criteria that lost points; then its points per group and, for every
//! website criterion of the rubric, the points, the outcome in Vietnamese ("Đạt", "Đạt một phần",
//! "Không đạt", "Chưa kiểm tra được", "Tự khai báo"), the evidence — each item linked to the live
//! page and, when the run stored it, to the stored copy ([`StoredPage`], written beside the
//! scorecard by [`super::write_all`]) — and what to fix ("Cần khắc phục"), derived from the
//! criterion's rule and outcome. Rows of criteria that lost points are highlighted.
//!
//! Main types: [`Scorecard`] (built once by [`Scorecard::build`], printed as HTML by
//! [`Scorecard::to_html`] and as DOCX by [`super::docx::scorecard_docx`]) and [`ScorecardInput`]
//! (what [`super::write_all`] needs per unit); [`scorecard_html`] is the one-call form.

use super::html::page;
use super::markup::escape;
use super::points_text;
use crate::audit::checks::browser::SCREENSHOT_NOTE;
use crate::audit::model::{CriterionResult, Evidence, Outcome, SiteAudit};
use crate::rank::Ranking;
use crate::rubric::{CheckName, Criterion, Family, Rubric, RuleType};
use crate::util::vnformat;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A page as the run stored it, for the scorecard's "bản lưu" links.
#[derive(Clone, Debug)]
pub struct StoredPage {
    /// The URL the evidence names.
    pub url: String,
    pub fetched_at: DateTime<Utc>,
    pub status: Option<u16>,
    /// The body as stored (decoded to UTF-8).
    pub text: String,
}

/// Where a unit stands in its overall table.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    pub table_id: String,
    pub points: f64,
    pub max_points: f64,
    pub percent: f64,
    pub rank: u32,
    /// Units ranked in the table.
    pub of: usize,
    /// The tier's Vietnamese name ("Tốt").
    pub tier: String,
}

impl Standing {
    /// The unit's row in the overall table of its kind, if it has one.
    pub fn of_unit(ranking: &Ranking, unit_id: &str) -> Option<Standing> {
        super::overall_tables(ranking).find_map(|t| {
            let row = t.rows.iter().find(|r| r.unit_id == unit_id)?;
            Some(Standing {
                table_id: t.id.clone(),
                points: row.points,
                max_points: row.max_points,
                percent: row.percent,
                rank: row.rank,
                of: t.rows.len(),
                tier: super::tier_name(ranking, &row.tier).to_string(),
            })
        })
    }

    /// Why the unit has no row in the overall tables, as the ranking says ("website chưa kiểm tra
    /// được, chờ cán bộ đánh giá", "không đánh giá năm nay").
    pub fn why_unranked(ranking: &Ranking, unit_id: &str) -> Option<String> {
        super::overall_tables(ranking)
            .flat_map(|t| &t.unranked)
            .chain(&ranking.not_evaluated)
            .find(|u| u.unit_id == unit_id)
            .map(|u| u.reason.clone())
    }

    /// "Tổng điểm 1.280/1.380 (92,75%) — xếp hạng 1/17 — mức Tốt (Bảng 1)".
    pub fn summary(&self) -> String {
        format!(
            "Tổng điểm {}/{} ({}%) — xếp hạng {}/{} — mức {} (Bảng {})",
            points_text(self.points),
            points_text(self.max_points),
            vnformat::decimal(self.percent, 2),
            self.rank,
            self.of,
            self.tier,
            self.table_id
        )
    }
}

/// What a scorecard is made from, per unit.
#[derive(Clone, Debug, Default)]
pub struct ScorecardInput {
    /// Names the files: `scorecards/<unit_id>.html`.
    pub unit_id: String,
    pub unit_name: String,
    /// The unit's kind: its id ("department") or Vietnamese name ("Sở, ban, ngành").
    pub kind_name: String,
    pub audit: Option<SiteAudit>,
    /// (group name, points, maximum) for every group.
    pub group_points: Vec<(String, f64, f64)>,
    /// Stored copies of the evidence pages, written beside the scorecard.
    pub stored_pages: Vec<StoredPage>,
}

/// One website criterion on a scorecard.
#[derive(Clone, Debug)]
pub struct CriterionLine {
    pub id: String,
    pub name: String,
    pub basis: Option<String>,
    /// `None` when the criterion was not checked.
    pub points: Option<f64>,
    pub max_points: f64,
    pub outcome: Option<Outcome>,
    pub evidence: Vec<Evidence>,
    /// "Cần khắc phục"; empty when nothing is to fix.
    pub fix: String,
    pub needs_review: bool,
    /// The automatic check that decides it, when one does.
    pub check: Option<CheckName>,
}

impl CriterionLine {
    /// The outcome in Vietnamese; a criterion without a result was not checked.
    pub fn outcome_text(&self) -> &'static str {
        self.outcome.map_or("Chưa kiểm tra được", outcome_text)
    }

    /// Points lost on a judged criterion: 0 when it got full points, and when it could not be
    /// checked (that is not a failure: it awaits an evaluator).
    pub fn lost(&self) -> f64 {
        match (self.outcome, self.points) {
            (Some(Outcome::Unverified) | None, _) | (_, None) => 0.0,
            (_, Some(p)) => (self.max_points - p).max(0.0),
        }
    }
}

/// A unit's scorecard, ready to print.
#[derive(Clone, Debug)]
pub struct Scorecard {
    pub unit_name: String,
    pub kind_name: String,
    /// The audited site, its date and whether it could be checked at all.
    pub site: Option<String>,
    pub as_of: Option<NaiveDate>,
    pub site_checked: bool,
    pub group_points: Vec<(String, f64, f64)>,
    /// The rubric's website group name, when it has one.
    pub website_group: Option<String>,
    pub website_points: Option<(f64, f64)>,
    pub lines: Vec<CriterionLine>,
    /// The unit's place in its overall table (none when it is not ranked there).
    pub standing: Option<Standing>,
    /// Evidence URL → the stored copy's path, relative to the scorecard.
    pub stored: BTreeMap<String, String>,
    /// Why the unit has no standing, when the ranking says.
    pub unranked_reason: Option<String>,
}

/// "Đạt", "Đạt một phần", "Không đạt", "Chưa kiểm tra được", "Tự khai báo".
pub fn outcome_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Met => "Đạt",
        Outcome::Partial => "Đạt một phần",
        Outcome::NotMet => "Không đạt",
        Outcome::Unverified => "Chưa kiểm tra được",
        Outcome::Declared => "Tự khai báo",
    }
}

impl Scorecard {
    /// Lists every website criterion of `rubric` that applies to the unit's kind, with its result
    /// from `audit` when there is one.
    pub fn build(
        unit_name: &str,
        kind_name: &str,
        audit: Option<&SiteAudit>,
        group_points: &[(String, f64, f64)],
        rubric: &Rubric,
    ) -> Scorecard {
        let kind = rubric.kinds.iter().find(|k| k.id == kind_name || k.name == kind_name);
        let website = rubric.website_group();
        let as_of = audit.map(|a| a.as_of);
        let site_checked = audit.is_some_and(|a| a.outcome != "could_not_verify");
        let lines = website
            .map(|g| {
                g.criteria
                    .iter()
                    .filter(|c| kind.is_none_or(|k| c.applies_to(&k.id)))
                    .map(|c| {
                        let result = audit.and_then(|a| a.criteria.iter().find(|r| r.id == c.id));
                        let max_points = result.map_or_else(
                            || kind.map_or_else(|| rubric.rule(c).top_points(), |k| rubric.criterion_max(c, &k.id)),
                            |r| r.max_points,
                        );
                        CriterionLine {
                            id: c.id.clone(),
                            name: c.name.clone(),
                            basis: c.basis.clone(),
                            points: result.map(|r| r.points),
                            max_points,
                            outcome: result.map(|r| r.outcome),
                            evidence: result.map(|r| r.evidence.clone()).unwrap_or_default(),
                            fix: what_to_fix(c, rubric.rule(c), result, as_of),
                            needs_review: result.is_none_or(|r| r.needs_review),
                            check: c.check,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        Scorecard {
            unit_name: unit_name.to_string(),
            kind_name: kind.map_or(kind_name, |k| k.name.as_str()).to_string(),
            site: audit.map(|a| a.site.clone()),
            as_of,
            site_checked,
            group_points: group_points.to_vec(),
            website_group: website.map(|g| g.name.clone()),
            website_points: audit.map(|a| (a.points, a.max_points)),
            lines,
            standing: None,
            stored: BTreeMap::new(),
            unranked_reason: None,
        }
    }

    /// The scorecard with the unit's standing in `ranking` (or why it has none) and its stored
    /// copies' links.
    pub fn with_standing(mut self, ranking: &Ranking, unit_id: &str, stored: BTreeMap<String, String>) -> Scorecard {
        self.standing = Standing::of_unit(ranking, unit_id);
        if self.standing.is_none() {
            self.unranked_reason = Standing::why_unranked(ranking, unit_id);
        }
        self.stored = stored;
        self
    }

    /// The criteria that lost points, most points lost first.
    pub fn lost_lines(&self) -> Vec<&CriterionLine> {
        let mut lost: Vec<&CriterionLine> = self.lines.iter().filter(|l| l.lost() > 0.0).collect();
        lost.sort_by(|a, b| b.lost().total_cmp(&a.lost()));
        lost
    }

    /// "Xếp hạng: …" as one line, or why the unit has no rank.
    pub fn standing_text(&self) -> String {
        self.standing.as_ref().map_or_else(
            || match &self.unranked_reason {
                Some(why) => format!("Đơn vị chưa có thứ hạng trong bảng xếp hạng tổng thể: {why}."),
                None => "Đơn vị chưa có thứ hạng trong bảng xếp hạng tổng thể.".to_string(),
            },
            Standing::summary,
        )
    }

    /// The scorecard as a self-contained HTML page.
    pub fn to_html(&self) -> String {
        page(
            &format!("Phiếu kết quả đánh giá: {}", self.unit_name),
            &self.body_html(),
        )
    }

    /// The scorecard's content, for a page of its own or a printout of every unit.
    pub fn body_html(&self) -> String {
        let mut b = format!(
            r#"<article class="scorecard"><h1>Phiếu kết quả đánh giá: {}</h1>"#,
            escape(&self.unit_name)
        );
        let _ = write!(b, r#"<p class="note">Loại đơn vị: {}</p>"#, escape(&self.kind_name));
        b += &self.standing_html();
        if !self.group_points.is_empty() {
            b += r#"<h2>Điểm theo nhóm tiêu chí</h2><table class="groups"><thead><tr><th>Nhóm tiêu chí</th><th>Điểm</th><th>Tối đa</th></tr></thead><tbody>"#;
            for (name, points, max) in &self.group_points {
                let _ = write!(
                    b,
                    r#"<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
                    escape(name),
                    points_text(*points),
                    points_text(*max)
                );
            }
            b += "</tbody></table>";
        }
        let _ = write!(
            b,
            "<h2>{}</h2>",
            escape(self.website_group.as_deref().unwrap_or("Trang thông tin điện tử"))
        );
        b += &format!(r#"<p class="note">{}</p>"#, escape(&self.site_summary()));
        b += &browser_html(&self.lines);
        b += r#"<table class="criteria"><thead><tr><th>TT</th><th>Tiêu chí</th><th>Điểm</th><th>Kết quả</th><th>Bằng chứng</th><th>Cần khắc phục</th></tr></thead><tbody>"#;
        for (i, l) in self.lines.iter().enumerate() {
            let outcome = l.outcome.map_or("unverified", outcome_id);
            let lost = if l.lost() > 0.0 { " lost" } else { "" };
            let _ = write!(
                b,
                r#"<tr class="criterion{lost}" data-criterion="{}" data-outcome="{outcome}"><td class="num">{}</td><td>{}{}</td><td class="num">{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>"#,
                escape(&l.id),
                i + 1,
                escape(&l.name),
                l.basis
                    .as_ref()
                    .map(|s| format!(r#"<br><small>{}</small>"#, escape(s)))
                    .unwrap_or_default(),
                escape(&l.points_text()),
                escape(l.outcome_text()),
                if l.needs_review {
                    "<br><small>(cần xem xét)</small>"
                } else {
                    ""
                },
                evidence_html(&l.evidence, &self.stored),
                escape(&l.fix),
            );
        }
        b + "</tbody></table></article>"
    }

    /// The opening box: total, percentage, rank, tier; then the criteria that lost points.
    fn standing_html(&self) -> String {
        let mut b = String::from(r#"<section class="standing">"#);
        match &self.standing {
            Some(s) => {
                let _ = write!(
                    b,
                    r#"<table class="standing"><tbody><tr><th>Tổng điểm</th><td class="num total">{}/{}</td><th>Tỉ lệ</th><td class="num percent">{}%</td><th>Xếp hạng</th><td class="num rank">{}/{}</td><th>Mức</th><td class="tier">{}</td></tr></tbody></table><p class="note">Theo Bảng {} (xếp hạng tổng thể).</p>"#,
                    points_text(s.points),
                    points_text(s.max_points),
                    vnformat::decimal(s.percent, 2),
                    s.rank,
                    s.of,
                    escape(&s.tier),
                    escape(&s.table_id)
                );
            }
            None => {
                let _ = write!(b, r#"<p class="note">{}</p>"#, escape(&self.standing_text()));
            }
        }
        let unchecked = self
            .lines
            .iter()
            .filter(|l| matches!(l.outcome, None | Some(Outcome::Unverified)))
            .count();
        if unchecked > 0 {
            let _ = write!(
                b,
                r#"<p class="note unchecked">{unchecked} tiêu chí chưa kiểm tra được, chờ cán bộ đánh giá xem xét (không tính là không đạt).</p>"#
            );
        }
        let lost = self.lost_lines();
        if lost.is_empty() {
            b += r#"<p class="note">Trang thông tin điện tử không bị trừ điểm tiêu chí nào đã kiểm tra.</p>"#;
        } else {
            let total: f64 = lost.iter().map(|l| l.lost()).sum();
            let _ = write!(
                b,
                r#"<div class="lost-list"><p><strong>Các tiêu chí bị trừ điểm ({} tiêu chí, {} điểm):</strong></p><ul>"#,
                lost.len(),
                points_text(total)
            );
            for l in lost {
                let _ = write!(
                    b,
                    r#"<li data-criterion="{}">{}: −{} điểm ({})</li>"#,
                    escape(&l.id),
                    escape(&l.name),
                    points_text(l.lost()),
                    escape(l.outcome_text())
                );
            }
            b += "</ul></div>";
        }
        b + "</section>"
    }

    /// "Trang https://…, kiểm tra ngày 01/11/2026: 430/525 điểm."
    pub fn site_summary(&self) -> String {
        match (&self.site, self.as_of, self.website_points) {
            (Some(site), Some(d), Some((p, m))) if self.site_checked => format!(
                "Trang {site}, kiểm tra ngày {}: {}/{} điểm.",
                d.format("%d/%m/%Y"),
                points_text(p),
                points_text(m)
            ),
            (Some(site), Some(d), _) => format!(
                "Trang {site}, ngày {}: không kiểm tra được (trang không truy cập được hoặc bị chặn); cán bộ đánh giá cần xem xét trực tiếp.",
                d.format("%d/%m/%Y")
            ),
            _ => "Chưa có kết quả kiểm tra tự động trang thông tin điện tử.".to_string(),
        }
    }
}

impl CriterionLine {
    /// "45/60", or "—/15" when not checked.
    pub fn points_text(&self) -> String {
        format!(
            "{}/{}",
            self.points.map_or_else(|| "—".to_string(), points_text),
            points_text(self.max_points)
        )
    }
}

/// The page for one unit in one call.
pub fn scorecard_html(
    unit_name: &str,
    kind_name: &str,
    audit: Option<&SiteAudit>,
    group_points: &[(String, f64, f64)],
    rubric: &Rubric,
) -> String {
    Scorecard::build(unit_name, kind_name, audit, group_points, rubric).to_html()
}

fn outcome_id(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "met",
        Outcome::Partial => "partial",
        Outcome::NotMet => "not_met",
        Outcome::Unverified => "unverified",
        Outcome::Declared => "declared",
    }
}

/// The browser stage's load times and the phone screenshot, above the criteria (nothing when the
/// rubric has no browser criteria). The screenshot sits in the run folder's `anh-dien-thoai/`,
/// beside `scorecards/`.
fn browser_html(lines: &[CriterionLine]) -> String {
    use CheckName::*;
    let timed: Vec<&CriterionLine> = lines
        .iter()
        .filter(|l| {
            matches!(
                l.check,
                Some(FirstContentfulPaint | LargestContentfulPaint | FullDisplayTime | LongTasks)
            )
        })
        .collect();
    let shot = lines
        .iter()
        .filter(|l| l.check == Some(MobileLayout))
        .flat_map(|l| &l.evidence)
        .find(|e| e.note.contains(SCREENSHOT_NOTE));
    if timed.is_empty() && shot.is_none() {
        return String::new();
    }
    let mut b = String::from("<h3>Tốc độ tải trang và hiển thị trên điện thoại</h3><ul class=\"browser\">");
    for l in timed {
        // the first measured page's line (the first evidence states how it was measured)
        let what = l.evidence.get(1).map_or("chưa đo được", |e| e.note.as_str());
        let _ = write!(
            b,
            "<li>{}: <b>{}</b> — {}</li>",
            escape(&l.name),
            escape(l.outcome_text()),
            escape(what)
        );
    }
    b += "</ul>";
    if let Some(e) = shot {
        let file = std::path::Path::new(&e.url)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned());
        if let Some(file) = file {
            let _ = write!(
                b,
                r#"<figure class="phone"><img src="../{}/{}" alt="{}" width="195"><figcaption>{}</figcaption></figure>"#,
                crate::browser::SHOTS_DIR,
                escape(&file),
                escape(&e.note),
                escape(&e.note)
            );
        }
    }
    b
}

/// Only http(s) evidence becomes a link (the live page, and the stored copy when there is one);
/// anything else is shown as text.
fn evidence_html(evidence: &[Evidence], stored: &BTreeMap<String, String>) -> String {
    evidence
        .iter()
        .map(|e| {
            let label = if e.note.is_empty() { &e.url } else { &e.note };
            if e.url.starts_with("http://") || e.url.starts_with("https://") {
                let copy = stored
                    .get(&e.url)
                    .map(|p| format!(r#" · <a class="stored" href="{}">bản lưu</a>"#, escape(p)))
                    .unwrap_or_default();
                format!(
                    r#"{} <small>(<a class="live" href="{}">trang gốc</a>{copy})</small>"#,
                    escape(label),
                    escape(&e.url)
                )
            } else if e.url.is_empty() {
                escape(label)
            } else {
                format!("{} ({})", escape(label), escape(&e.url))
            }
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// What the unit should fix for a criterion, from its rule, outcome and latest date.
pub fn what_to_fix(
    c: &Criterion,
    rule: &RuleType,
    result: Option<&CriterionResult>,
    as_of: Option<NaiveDate>,
) -> String {
    let name = &c.name;
    let Some(r) = result else {
        return format!("Chưa kiểm tra được mục “{name}”: cán bộ đánh giá cần kiểm tra trực tiếp.");
    };
    match r.outcome {
        Outcome::Met | Outcome::Declared => String::new(),
        Outcome::Unverified => {
            format!(
                "Chưa kiểm tra được mục “{name}” (trang không truy cập được hoặc bị chặn): bảo đảm trang truy cập được."
            )
        }
        Outcome::Partial | Outcome::NotMet => match rule.family() {
            Family::DatedSection => freshness_fix(c, r, as_of),
            Family::Section if r.outcome == Outcome::Partial => {
                format!("Bổ sung đầy đủ nội dung mục “{name}” (hiện còn sơ sài).")
            }
            Family::Section => format!("Bổ sung mục “{name}” trên trang."),
            Family::Progress if r.outcome == Outcome::Partial => format!("Hoàn thành triển khai: {name}."),
            _ if r.outcome == Outcome::Partial => format!("Hoàn thiện: {name}."),
            _ => format!("Bổ sung: {name}."),
        },
    }
}

fn freshness_fix(c: &Criterion, r: &CriterionResult, as_of: Option<NaiveDate>) -> String {
    let name = &c.name;
    let window = c
        .timely_days
        .map(|d| format!("; cần có tin mới trong vòng {d} ngày"))
        .unwrap_or_default();
    match r.latest_date {
        Some(latest) => {
            let age = as_of
                .map(|d| format!(" ({} ngày trước ngày kiểm tra)", (d - latest).num_days()))
                .unwrap_or_default();
            format!(
                "Cập nhật mục “{name}” thường xuyên hơn: tin mới nhất ngày {}{age}{window}.",
                latest.format("%d/%m/%Y")
            )
        }
        None if r.outcome == Outcome::Partial => {
            format!("Cập nhật mục “{name}” thường xuyên hơn, ghi rõ ngày đăng{window}.")
        }
        None => format!("Bổ sung mục “{name}” và cập nhật thường xuyên{window}."),
    }
}
