//! Rule types: how one criterion turns an answer into points. A rubric names its rules in a
//! `[rules]` table (`[rules.yes_no] type = "yes_no"`), so points and bands are data too.
//!
//! This is the one place that knows each rule type: its [`Family`], how a criterion using it is
//! assessed ([`Assessment`]: the audit reads a section, the audit runs a check, or the unit
//! declares it), the points of each audit [`Reading`] and of each declared answer
//! ([`RuleType::score`]), and the [`Grade`] of some points. The audit, the merge of declared values,
//! reports and the web pages ask here instead of matching rule types themselves.
//!
//! Main type: [`RuleType`].

use super::{CheckName, Criterion};
use crate::util::text::fold;
use serde::Deserialize;

/// A percentage band: the points for a percent at or above `min` (or strictly above `above`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub above: Option<f64>,
    pub points: f64,
}

impl Band {
    fn contains(&self, percent: f64) -> bool {
        match (self.min, self.above) {
            (Some(m), _) => percent >= m,
            (None, Some(a)) => percent > a,
            (None, None) => false,
        }
    }
}

/// How points fall below the threshold of a ratio rule.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BelowThreshold {
    /// points × ratio / threshold
    Proportional,
    /// nothing below the threshold
    Zero,
}

/// The kinds of rule a rubric can use.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum RuleType {
    /// "có" → yes, "không" → no.
    YesNo { yes: f64, no: f64 },
    /// A percent scored by bands, tried top-down; `none` when no band holds.
    PercentageBands { bands: Vec<Band>, none: f64 },
    /// Deployment of a provincial system: in all sub-units, in some, none.
    Deployment { all: f64, some: f64, none: f64 },
    /// Static content (e.g. an introduction): present with real content, thin, missing.
    Content { present: f64, thin: f64, missing: f64 },
    /// A content section scored by the dates of its items against the criterion's windows.
    Freshness {
        rich: f64,
        timely: f64,
        stale: f64,
        outdated: f64,
        missing: f64,
    },
    /// Declared status: completed, in progress, none.
    Status {
        completed: f64,
        in_progress: f64,
        none: f64,
    },
    /// A ratio earning the criterion's max at `threshold_percent` (set per criterion).
    RatioThreshold {
        below: BelowThreshold,
        /// Round the points to a multiple of this (0: no rounding).
        #[serde(default)]
        round_to: f64,
    },
    /// Points as declared, from 0 to the criterion's max.
    Declared {},
}

/// What a rule type measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// A section of the site judged by the dates of its items (freshness).
    DatedSection,
    /// A section of the site judged by its content (content).
    Section,
    /// Yes or no (yes_no).
    YesNo,
    /// Progress of a deployment or a task (deployment, status).
    Progress,
    /// A measured percent or ratio, or points as declared (percentage_bands, ratio_threshold,
    /// declared).
    Measure,
}

/// How a criterion is assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assessment {
    /// Automatic: the audit finds the criterion's section on the site and reads it.
    Section,
    /// Automatic: the audit runs the criterion's named check (a yes/no criterion with `check`).
    Check(CheckName),
    /// Declared by the unit (and overridable by an evaluator); a yes/no criterion without a check
    /// is declared too.
    Declared,
}

impl Assessment {
    /// Whether the audit decides it (a declaration then only stands in when the audit could not).
    pub fn is_automatic(self) -> bool {
        self != Assessment::Declared
    }
}

/// What the audit read on the site, in a rule's levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// A check met / not met.
    Yes,
    No,
    /// A content section with real content / thin content.
    Present,
    Thin,
    /// A dated section: timely and with enough recent items / timely / late / outdated (or present
    /// but undated, or unreadable).
    Rich,
    Timely,
    Stale,
    Outdated,
    /// No such section (or only broken links to it).
    Missing,
}

/// How some points stand against a rule's range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grade {
    /// The rule's top points.
    Full,
    /// Between the bottom and the top.
    Partial,
    /// The rule's bottom points.
    None,
}

/// The points of one answer, and the answer as understood (for messages and evidence).
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub points: f64,
    pub reading: String,
}

impl RuleType {
    /// The most points this rule gives (the default maximum of its criteria).
    pub fn top_points(&self) -> f64 {
        match self {
            RuleType::YesNo { yes, no } => yes.max(*no),
            RuleType::PercentageBands { bands, none } => bands.iter().map(|b| b.points).fold(*none, f64::max),
            RuleType::Deployment { all, .. } => *all,
            RuleType::Content { present, .. } => *present,
            RuleType::Freshness { rich, timely, .. } => rich.max(*timely),
            RuleType::Status { completed, .. } => *completed,
            RuleType::RatioThreshold { .. } | RuleType::Declared {} => 15.0,
        }
    }

    /// The least points this rule gives.
    fn bottom_points(&self) -> f64 {
        match self {
            RuleType::YesNo { yes, no } => yes.min(*no),
            RuleType::PercentageBands { bands, none } => bands.iter().map(|b| b.points).fold(*none, f64::min),
            RuleType::Deployment { all, some, none } => all.min(*some).min(*none),
            RuleType::Content { present, thin, missing } => present.min(*thin).min(*missing),
            RuleType::Freshness {
                rich,
                timely,
                stale,
                outdated,
                missing,
            } => [*rich, *timely, *stale, *outdated, *missing]
                .into_iter()
                .fold(f64::INFINITY, f64::min),
            RuleType::Status {
                completed,
                in_progress,
                none,
            } => completed.min(*in_progress).min(*none),
            RuleType::RatioThreshold { .. } | RuleType::Declared {} => 0.0,
        }
    }

    /// What the rule measures.
    pub fn family(&self) -> Family {
        match self {
            RuleType::Freshness { .. } => Family::DatedSection,
            RuleType::Content { .. } => Family::Section,
            RuleType::YesNo { .. } => Family::YesNo,
            RuleType::Deployment { .. } | RuleType::Status { .. } => Family::Progress,
            RuleType::PercentageBands { .. } | RuleType::RatioThreshold { .. } | RuleType::Declared {} => {
                Family::Measure
            }
        }
    }

    /// How criterion `c`, which uses this rule, is assessed.
    pub fn assessment(&self, c: &Criterion) -> Assessment {
        match self.family() {
            Family::DatedSection | Family::Section => Assessment::Section,
            Family::YesNo => c.check.map_or(Assessment::Declared, Assessment::Check),
            Family::Progress | Family::Measure => Assessment::Declared,
        }
    }

    /// The points of an audit reading (unscaled: the rule's own points), or `None` when the rule has
    /// no such level (a yes/no rule has no "thin").
    pub fn points(&self, r: Reading) -> Option<f64> {
        match (self, r) {
            (RuleType::YesNo { yes, .. }, Reading::Yes) => Some(*yes),
            (RuleType::YesNo { no, .. }, Reading::No) => Some(*no),
            (RuleType::Content { present, .. }, Reading::Present) => Some(*present),
            (RuleType::Content { thin, .. }, Reading::Thin) => Some(*thin),
            (RuleType::Content { missing, .. }, Reading::Missing) => Some(*missing),
            (RuleType::Freshness { rich, .. }, Reading::Rich) => Some(*rich),
            (RuleType::Freshness { timely, .. }, Reading::Timely) => Some(*timely),
            (RuleType::Freshness { stale, .. }, Reading::Stale) => Some(*stale),
            (RuleType::Freshness { outdated, .. }, Reading::Outdated) => Some(*outdated),
            (RuleType::Freshness { missing, .. }, Reading::Missing) => Some(*missing),
            _ => None,
        }
    }

    /// Where `points` (unscaled) stand in the rule's range.
    pub fn grade(&self, points: f64) -> Grade {
        if points >= self.top_points() - 1e-9 {
            Grade::Full
        } else if points <= self.bottom_points() + 1e-9 {
            Grade::None
        } else {
            Grade::Partial
        }
    }

    /// The reading of a dated section for criterion `c` whose newest item is `age_days` old, with
    /// `items_30d` items in the last 30 days: within `timely_days` (and, when the criterion asks for
    /// it, with `rich_items_30d` items) it is rich or timely; within `stale_days` stale; else outdated.
    pub fn freshness_reading(c: &Criterion, age_days: i64, items_30d: u32) -> Reading {
        let timely_days = i64::from(c.timely_days.unwrap_or(0));
        let stale_days = i64::from(c.stale_days.unwrap_or(0));
        let rich_ok = c.rich_items_30d.is_none_or(|n| items_30d >= n);
        if age_days <= timely_days && rich_ok {
            if c.rich_items_30d.is_some() {
                Reading::Rich
            } else {
                Reading::Timely
            }
        } else if age_days <= stale_days {
            Reading::Stale
        } else {
            Reading::Outdated
        }
    }

    pub(super) fn validate(&self) -> Result<(), String> {
        if let RuleType::PercentageBands { bands, .. } = self {
            for (i, b) in bands.iter().enumerate() {
                if b.min.is_some() == b.above.is_some() {
                    return Err(format!("bands[{i}] needs exactly one of `min` or `above`"));
                }
            }
        }
        Ok(())
    }

    pub(super) fn validate_criterion(&self, c: &Criterion) -> Result<(), String> {
        match self {
            RuleType::Freshness { .. } => {
                let (Some(t), Some(s)) = (c.timely_days, c.stale_days) else {
                    return Err("a freshness criterion needs timely_days and stale_days".into());
                };
                if t > s {
                    return Err(format!("timely_days ({t}) is more than stale_days ({s})"));
                }
            }
            RuleType::RatioThreshold { .. } => match c.threshold_percent {
                Some(t) if t > 0.0 && t <= 100.0 => {}
                _ => return Err("a ratio criterion needs threshold_percent in (0, 100]".into()),
            },
            _ => {}
        }
        if c.entries.is_some() && self.family() != Family::Section {
            return Err("khóa entries chỉ dành cho tiêu chí nội dung".into());
        }
        Ok(())
    }

    /// Scores a raw answer for criterion `c` whose maximum is `max`. The error says what was expected.
    /// Rule points are scaled to `max` as the audit scales them (a yes/no rule of 10 on a criterion
    /// of maximum 6 gives 6 for "có"); ratio and declared rules are in the criterion's points already.
    pub fn score(&self, c: &Criterion, max: f64, raw: &str) -> Result<Score, String> {
        let f = fold(raw);
        let top = self.top_points();
        let relative = !matches!(self, RuleType::RatioThreshold { .. } | RuleType::Declared {});
        let scale = if relative && top > 0.0 && (max - top).abs() > 1e-9 {
            max / top
        } else {
            1.0
        };
        let pick = |points: f64, reading: &str| {
            Ok(Score {
                points: points * scale,
                reading: reading.to_string(),
            })
        };
        match self {
            RuleType::YesNo { yes, no } => match f.as_str() {
                "co" | "yes" | "y" | "x" | "1" | "true" | "dat" => pick(*yes, "có"),
                "khong" | "no" | "n" | "0" | "false" | "chua co" | "" => pick(*no, "không"),
                _ => Err(format!("cần \"có\" hoặc \"không\", nhưng lại là \"{raw}\"")),
            },
            RuleType::PercentageBands { bands, none } => {
                let p = parse_percent(raw)?;
                let points = bands.iter().find(|b| b.contains(p)).map_or(*none, |b| b.points);
                pick(points, &format!("{p}%"))
            }
            RuleType::Deployment { all, some, none } => match f.as_str() {
                "all" | "dong bo" | "toan bo" | "tat ca" | "trien khai dong bo" => pick(*all, "đồng bộ"),
                "some" | "mot so" | "mot so bo phan" => pick(*some, "một số bộ phận"),
                "none" | "khong" | "khong trien khai" | "chua trien khai" => pick(*none, "không triển khai"),
                _ => Err(format!(
                    "cần \"đồng bộ\", \"một số\" hoặc \"không\", nhưng lại là \"{raw}\""
                )),
            },
            RuleType::Content { present, thin, missing } => match f.as_str() {
                "present" | "co" | "day du" => pick(*present, "đầy đủ"),
                "thin" | "so sai" | "it" => pick(*thin, "sơ sài"),
                "missing" | "khong" | "khong co" => pick(*missing, "không có"),
                _ => Err(format!(
                    "cần \"đầy đủ\", \"sơ sài\" hoặc \"không có\", nhưng lại là \"{raw}\""
                )),
            },
            RuleType::Freshness {
                rich,
                timely,
                stale,
                outdated,
                missing,
            } => match f.as_str() {
                "rich" | "phong phu kip thoi" | "phong phu" => pick(*rich, "phong phú, kịp thời"),
                "timely" | "kip thoi" => pick(*timely, "kịp thời"),
                "stale" | "khong kip thoi" => pick(*stale, "không kịp thời"),
                "outdated" | "han che" | "loi thoi" => pick(*outdated, "hạn chế, lỗi thời"),
                "missing" | "khong" | "khong co" => pick(*missing, "không có"),
                _ => Err(format!(
                    "cần \"phong phú, kịp thời\", \"không kịp thời\", \"lỗi thời\" hoặc \"không có\", nhưng lại là \"{raw}\""
                )),
            },
            RuleType::Status {
                completed,
                in_progress,
                none,
            } => match f.as_str() {
                "completed" | "hoan thanh" => pick(*completed, "hoàn thành"),
                "in progress" | "in_progress" | "dang thuc hien" => pick(*in_progress, "đang thực hiện"),
                "none" | "chua co" | "khong" => pick(*none, "chưa có"),
                _ => Err(format!(
                    "cần \"hoàn thành\", \"đang thực hiện\" hoặc \"chưa có\", nhưng lại là \"{raw}\""
                )),
            },
            RuleType::RatioThreshold { below, round_to } => {
                let ratio = parse_ratio(raw)?;
                let threshold = c.threshold_percent.unwrap_or(100.0);
                let points = if ratio + 1e-9 >= threshold {
                    max
                } else {
                    match below {
                        BelowThreshold::Proportional => max * ratio / threshold,
                        BelowThreshold::Zero => 0.0,
                    }
                };
                pick(round_points(points, *round_to), &format!("{}%", round2(ratio)))
            }
            RuleType::Declared {} => {
                let p =
                    parse_number(raw).ok_or_else(|| format!("cần số điểm từ 0 đến {max}, nhưng lại là \"{raw}\""))?;
                if !(0.0..=max).contains(&p) {
                    return Err(format!("cần số điểm từ 0 đến {max}, nhưng lại là {p}"));
                }
                pick(p, &format!("{p}"))
            }
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Rounds to the nearest multiple of `step` (half up); `step` 0 leaves the value alone.
pub fn round_points(points: f64, step: f64) -> f64 {
    if step > 0.0 {
        (points / step + 0.5 + 1e-9).floor() * step
    } else {
        points
    }
}

/// A number written the Vietnamese way ("92,75", "1.280") or the English way ("92.75"), by the one
/// rule of [`crate::util::vnformat::read_number`]; one that reads both ways is taken the Vietnamese way
/// (as the decision prints "1.280"). Declared-data imports refuse such a number before scoring it.
pub fn parse_number(raw: &str) -> Option<f64> {
    crate::util::vnformat::read_number_vietnamese(raw)
}

/// A percent: "85", "85%", "85,5 %", or a fraction "0,85" is NOT guessed — a bare number is a percent.
pub fn parse_percent(raw: &str) -> Result<f64, String> {
    let s = raw.trim().trim_end_matches('%').trim();
    match parse_number(s) {
        Some(p) if (0.0..=100.0).contains(&p) => Ok(p),
        Some(p) => Err(format!("cần một tỉ lệ phần trăm từ 0 đến 100, nhưng lại là {p}")),
        None => Err(format!("cần một tỉ lệ phần trăm như \"85%\", nhưng lại là \"{raw}\"")),
    }
}

/// A ratio as "part/whole" (e.g. "12/40") or a percent; returns percent.
pub fn parse_ratio(raw: &str) -> Result<f64, String> {
    if let Some((a, b)) = raw.split_once('/') {
        let (Some(a), Some(b)) = (parse_number(a), parse_number(b)) else {
            return Err(format!("cần một tỉ số như \"12/40\", nhưng lại là \"{raw}\""));
        };
        if b <= 0.0 || a < 0.0 || a > b {
            return Err(format!(
                "cần một tỉ số với 0 ≤ tử số ≤ mẫu số và mẫu số > 0, nhưng lại là \"{raw}\""
            ));
        }
        return Ok(a / b * 100.0);
    }
    parse_percent(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;

    fn rubric() -> Rubric {
        Rubric::builtin()
    }

    fn score(r: &Rubric, criterion: &str, kind: &str, raw: &str) -> Result<f64, String> {
        let (_, c) = r.criterion(criterion).unwrap();
        r.rule(c).score(c, r.criterion_max(c, kind), raw).map(|s| s.points)
    }

    #[test]
    fn declared_answers_are_scaled_to_the_criterions_maximum() {
        // NĐ 224 rubric: yes/no rule of 10 points on criteria of maximum 6 and 10
        let r = Rubric::current();
        assert_eq!(score(&r, "cap_do_attt", "department", "có"), Ok(6.0));
        assert_eq!(score(&r, "cap_do_attt", "commune", "không"), Ok(0.0));
        assert_eq!(score(&r, "thong_bao_tam_ngung", "commune", "có"), Ok(10.0));
    }

    #[test]
    fn percentage_bands_at_their_boundaries() {
        let r = rubric();
        let p = |raw| score(&r, "ty_le_may_tinh", "department", raw).unwrap();
        assert_eq!(p("100"), 15.0);
        assert_eq!(p("80%"), 15.0);
        assert_eq!(p("79,99 %"), 10.0);
        assert_eq!(p("50.01"), 10.0);
        assert_eq!(p("50"), 5.0, "exactly 50 % is read as 5");
        assert_eq!(p("0.5"), 5.0);
        assert_eq!(p("0"), 0.0);
        assert!(
            score(&r, "ty_le_may_tinh", "department", "120")
                .unwrap_err()
                .contains("từ 0 đến 100")
        );
        assert!(
            score(&r, "ty_le_may_tinh", "department", "nhiều")
                .unwrap_err()
                .contains("tỉ lệ phần trăm")
        );
    }

    #[test]
    fn yes_no_deployment_status_content_and_freshness_answers() {
        let r = rubric();
        assert_eq!(score(&r, "mang_lan", "department", "Có").unwrap(), 15.0);
        assert_eq!(score(&r, "mang_lan", "department", "không").unwrap(), 0.0);
        assert!(score(&r, "mang_lan", "department", "có lẽ").is_err());
        assert_eq!(score(&r, "quan_ly_van_ban", "department", "Đồng bộ").unwrap(), 15.0);
        assert_eq!(
            score(&r, "quan_ly_van_ban", "department", "một số bộ phận").unwrap(),
            10.0
        );
        assert_eq!(
            score(&r, "quan_ly_van_ban", "department", "không triển khai").unwrap(),
            0.0
        );
        assert_eq!(score(&r, "ke_hoach_cntt", "department", "Hoàn thành").unwrap(), 15.0);
        assert_eq!(
            score(&r, "ke_hoach_cntt", "department", "đang thực hiện").unwrap(),
            10.0
        );
        assert_eq!(score(&r, "ke_hoach_cntt", "department", "chưa có").unwrap(), 0.0);
        assert_eq!(score(&r, "gioi_thieu", "department", "sơ sài").unwrap(), 5.0);
        assert_eq!(score(&r, "tin_tuc", "department", "không kịp thời").unwrap(), 10.0);
        assert_eq!(score(&r, "tin_tuc", "department", "lỗi thời").unwrap(), 5.0);
    }

    #[test]
    fn ratio_thresholds_30_10_and_70_percent() {
        let r = rubric();
        // Level 3 services/procedures: full 30 (department) or 50 (district) at ≥ 30 %.
        assert_eq!(score(&r, "dvc_muc_3_ty_le", "department", "30%").unwrap(), 30.0);
        assert_eq!(score(&r, "dvc_muc_3_ty_le", "district", "12/40").unwrap(), 50.0);
        assert_eq!(score(&r, "dvc_muc_3_ty_le", "department", "15%").unwrap(), 15.0);
        assert_eq!(
            score(&r, "dvc_muc_3_ty_le", "department", "29").unwrap(),
            30.0,
            "29 → 29.0 rounds to 30"
        );
        assert_eq!(score(&r, "dvc_muc_3_ty_le", "department", "20").unwrap(), 20.0);
        // Level 4: full 40 at ≥ 10 %.
        assert_eq!(score(&r, "dvc_muc_4_ty_le", "department", "10").unwrap(), 40.0);
        assert_eq!(score(&r, "dvc_muc_4_ty_le", "department", "5").unwrap(), 20.0);
        assert_eq!(score(&r, "dvc_muc_4_ty_le", "department", "0").unwrap(), 0.0);
        // Dossiers handled online: full at ≥ 70 %.
        assert_eq!(score(&r, "dvc_muc_3_ho_so", "department", "70%").unwrap(), 15.0);
        assert_eq!(
            score(&r, "dvc_muc_3_ho_so", "department", "69.9%").unwrap(),
            15.0,
            "14.99 rounds to 15"
        );
        assert_eq!(
            score(&r, "dvc_muc_3_ho_so", "department", "35%").unwrap(),
            10.0,
            "7.5 rounds half up to 10"
        );
        assert_eq!(score(&r, "dvc_muc_4_ho_so", "district", "700/1000").unwrap(), 20.0);
        assert!(score(&r, "dvc_muc_4_ho_so", "district", "5/0").is_err());
    }

    #[test]
    fn each_rule_type_says_how_it_is_assessed_and_scores_readings() {
        let r = rubric();
        let c = |id: &str| r.criterion(id).unwrap().1;
        let how = |id: &str| r.assessment(c(id));
        assert_eq!(how("tin_tuc"), Assessment::Section);
        assert_eq!(how("gioi_thieu"), Assessment::Section);
        assert_eq!(how("rss"), Assessment::Check(CheckName::Rss));
        assert_eq!(how("ban_bien_tap_quy_che"), Assessment::Declared);
        assert_eq!(
            how("mang_lan"),
            Assessment::Declared,
            "a yes/no criterion without a check is declared"
        );
        assert_eq!(how("dvc_muc_3_ty_le"), Assessment::Declared);
        let fresh = r.rule(c("tin_tuc"));
        assert_eq!(fresh.family(), Family::DatedSection);
        assert_eq!(fresh.points(Reading::Stale), Some(10.0));
        assert_eq!(fresh.points(Reading::Thin), None, "a freshness rule has no thin level");
        assert_eq!(fresh.grade(15.0), Grade::Full);
        assert_eq!(fresh.grade(5.0), Grade::Partial);
        assert_eq!(fresh.grade(0.0), Grade::None);
        let content = r.rule(c("gioi_thieu"));
        assert_eq!(content.points(Reading::Thin), Some(5.0));
        assert_eq!(r.rule(c("rss")).points(Reading::Yes), Some(15.0));
    }

    #[test]
    fn freshness_readings_follow_the_criterion_s_windows() {
        let r = rubric();
        let news = r.criterion("tin_tuc").unwrap().1; // 7 / 30 days, 4 items in 30 days
        let read = |age, n| RuleType::freshness_reading(news, age, n);
        assert_eq!(read(7, 4), Reading::Rich);
        assert_eq!(read(7, 3), Reading::Stale, "timely but not rich");
        assert_eq!(read(8, 9), Reading::Stale);
        assert_eq!(read(30, 9), Reading::Stale);
        assert_eq!(read(31, 9), Reading::Outdated);
        let docs = r.criterion("van_ban").unwrap().1; // 30 / 90 days, no richness asked
        assert_eq!(RuleType::freshness_reading(docs, 30, 0), Reading::Timely);
        assert_eq!(RuleType::freshness_reading(docs, 91, 0), Reading::Outdated);
    }

    #[test]
    fn numbers_are_read_the_vietnamese_way_too() {
        assert_eq!(parse_number("1.280"), Some(1280.0));
        assert_eq!(parse_number("92,75"), Some(92.75));
        assert_eq!(parse_number("92.75"), Some(92.75));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(round_points(7.5, 5.0), 10.0);
        assert_eq!(round_points(7.49, 5.0), 5.0);
    }
}
