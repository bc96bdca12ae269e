//! A unit's scorecard: its points per group and, for every website criterion of the rubric, the
//! points, the outcome in Vietnamese ("Đạt", "Đạt một phần", "Không đạt", "Chưa kiểm tra được",
//! "Tự khai báo"), the evidence links and what to fix ("Cần khắc phục"), derived from the
//! criterion's rule and outcome.
//!
//! Main types: [`Scorecard`] (built once by [`Scorecard::build`], printed as HTML by
//! [`Scorecard::to_html`] and as DOCX by [`super::docx::scorecard_docx`]) and [`ScorecardInput`]
//! (what [`super::write_all`] needs per unit); [`scorecard_html`] is the one-call form.

use super::html::page;
use super::markup::escape;
use super::points_text;
use crate::audit::checks::browser::SCREENSHOT_NOTE;
use crate::audit::model::{CriterionResult, Evidence, Outcome, SiteAudit};
use crate::rubric::{CheckName, Criterion, Family, Rubric, RuleType};
use chrono::NaiveDate;
use std::fmt::Write;

/// What a scorecard is made from, per unit.
#[derive(Clone, Debug)]
pub struct ScorecardInput {
    /// Names the files: `scorecards/<unit_id>.html`.
    pub unit_id: String,
    pub unit_name: String,
    /// The unit's kind: its id ("department") or Vietnamese name ("Sở, ban, ngành").
    pub kind_name: String,
    pub audit: Option<SiteAudit>,
    /// (group name, points, maximum) for every group.
    pub group_points: Vec<(String, f64, f64)>,
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
        }
    }

    /// The scorecard as a self-contained HTML page.
    pub fn to_html(&self) -> String {
        let mut b = format!("<h1>Phiếu kết quả đánh giá: {}</h1>", escape(&self.unit_name));
        let _ = write!(b, r#"<p class="note">Loại đơn vị: {}</p>"#, escape(&self.kind_name));
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
            let _ = write!(
                b,
                r#"<tr class="criterion" data-criterion="{}" data-outcome="{outcome}"><td class="num">{}</td><td>{}{}</td><td class="num">{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>"#,
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
                evidence_html(&l.evidence),
                escape(&l.fix),
            );
        }
        b += "</tbody></table>";
        page(&format!("Phiếu kết quả đánh giá: {}", self.unit_name), &b)
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

/// Only http(s) evidence becomes a link; anything else is shown as text.
fn evidence_html(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| {
            let label = if e.note.is_empty() { &e.url } else { &e.note };
            if e.url.starts_with("http://") || e.url.starts_with("https://") {
                format!(r#"<a href="{}">{}</a>"#, escape(&e.url), escape(label))
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
