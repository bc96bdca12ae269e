//! The ranking engine: from each unit's points per group, the decision's tables — the overall table
//! of each kind ("1", "2") and one table per group and kind ("1.1"…"1.6", "1.3b", "2.1"…) — with
//! points, percent, tier, dense rank (ties share a rank; stable order by name) and previous rank.
//!
//! Main types: [`Ranking`] (all tables of an evaluation), [`Table`], [`Row`]; [`UnitPoints`] is the
//! input (built by [`points_from_declared`], or by the run stage which merges audited website scores).
//! [`verify`] compares a ranking with the published tables.

pub mod verify;

use crate::declared::{DeclaredSet, GroupPoints};
use crate::registry::{Evaluation, Unit, flag_label};
use crate::rubric::NoWebsiteScoring;
use crate::util::text::fold;
use serde::Serialize;
use std::collections::BTreeMap;

/// Points per group for each unit: unit id → group id → points.
pub type UnitPoints = BTreeMap<String, BTreeMap<String, GroupPoints>>;

/// One ranked row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub table: String,
    pub unit_id: String,
    pub agency: String,
    pub points: f64,
    pub max_points: f64,
    pub percent: f64,
    pub rank: u32,
    pub previous_rank: Option<u32>,
    /// Tier id ("tot", "kha", "trung_binh").
    pub tier: String,
}

/// A unit of the table's kind that has no row, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unranked {
    pub unit_id: String,
    pub agency: String,
    pub reason: String,
}

/// One ranking table.
#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub id: String,
    /// "Xếp hạng tổng thể …" / "Xếp hạng tiêu chí thành phần về … của …".
    pub title: String,
    pub kind: String,
    /// `None` for an overall table.
    pub group: Option<String>,
    pub max_points: f64,
    pub rows: Vec<Row>,
    pub unranked: Vec<Unranked>,
}

/// Every table of an evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct Ranking {
    pub evaluation: String,
    pub title: String,
    pub year: i32,
    pub previous_year: Option<i32>,
    /// Tier ids and Vietnamese names, best first.
    pub tiers: Vec<(String, String)>,
    pub tables: Vec<Table>,
    /// Units listed but not evaluated this year.
    pub not_evaluated: Vec<Unranked>,
    /// The rubric's Vietnamese names of its unit kinds and criteria groups, by id (for exports
    /// that name a table's kind and group in words).
    #[serde(skip)]
    pub names: BTreeMap<String, String>,
}

impl Ranking {
    /// The Vietnamese name of a unit kind or criteria group id (the id itself when unknown).
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map_or(id, String::as_str)
    }

    /// The table with this id or one of its aliases ("1.3a" → "1.3").
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }

    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.tables.iter().flat_map(|t| t.rows.iter())
    }
}

/// The group points each unit declared (files of the evaluation plus imports).
pub fn points_from_declared(eval: &Evaluation, declared: &DeclaredSet) -> UnitPoints {
    eval.units
        .iter()
        .map(|u| (u.id.clone(), declared.group_points(eval, &u.id)))
        .collect()
}

/// Resolves a table id given by a user or a published file to the engine's id.
pub fn canonical_table_id(eval: &Evaluation, id: &str) -> String {
    eval.rubric
        .groups
        .iter()
        .find_map(|g| g.table_aliases.get(id).cloned())
        .unwrap_or_else(|| id.to_string())
}

/// Why a unit without a website has no row in the website group's table.
pub const NO_WEBSITE_REASON: &str = "không có trang thông tin điện tử: nhóm tiêu chí này không áp dụng";

/// Whether the rubric leaves the website group out for `u` (it has no website and the rubric's
/// `no_website` rule says "not_applicable").
fn website_not_applicable(eval: &Evaluation, u: &Unit) -> bool {
    u.website.is_none()
        && eval
            .rubric
            .no_website
            .as_ref()
            .is_some_and(|nw| nw.scoring == NoWebsiteScoring::NotApplicable)
}

/// The points with the rubric's `no_website` rule applied to the units that have no website: the
/// website group removed ("not_applicable") or set to the fixed points ("fixed"), whatever was
/// declared for it.
fn with_no_website_rule(eval: &Evaluation, points: &UnitPoints) -> UnitPoints {
    let mut out = points.clone();
    let (Some(nw), Some(web)) = (&eval.rubric.no_website, eval.rubric.website_group()) else {
        return out;
    };
    for u in eval.units.iter().filter(|u| u.website.is_none()) {
        let groups = out.entry(u.id.clone()).or_default();
        match nw.scoring {
            NoWebsiteScoring::NotApplicable => {
                groups.remove(&web.id);
            }
            NoWebsiteScoring::Fixed => {
                groups.insert(
                    web.id.clone(),
                    GroupPoints {
                        points: nw.points.unwrap_or(0.0),
                        source: "không có trang thông tin điện tử".into(),
                        note: nw.basis.clone().unwrap_or_default(),
                        pending: None,
                    },
                );
            }
        }
    }
    out
}

/// Builds every table. A unit without a website is scored by the rubric's `no_website` rule.
pub fn rank(eval: &Evaluation, points: &UnitPoints) -> Ranking {
    let rubric = &eval.rubric;
    let points = &with_no_website_rule(eval, points);
    let web_group = rubric.website_group().map(|g| g.id.as_str());
    let mut tables = Vec::new();
    for kind in &rubric.kinds {
        let units: Vec<&Unit> = eval.units_of_kind(&kind.id).filter(|u| u.evaluated()).collect();
        // Overall table: all groups present, and not flagged out of the overall ranking.
        let mut entries = Vec::new();
        let mut unranked = Vec::new();
        for u in &units {
            if let Some(flag) = &rubric.no_overall_flag
                && u.has_flag(flag)
            {
                unranked.push(unranked_row(
                    u,
                    &format!("không xếp hạng tổng thể: {}", flag_label(flag)),
                ));
                continue;
            }
            let up = points.get(&u.id);
            let not_applicable = website_not_applicable(eval, u);
            let missing: Vec<&str> = rubric
                .groups
                .iter()
                .filter(|g| !(not_applicable && Some(g.id.as_str()) == web_group))
                .filter(|g| up.is_none_or(|p| !p.contains_key(&g.id)))
                .map(|g| g.id.as_str())
                .collect();
            let pending: Vec<&str> = up
                .iter()
                .flat_map(|p| p.values())
                .filter_map(|p| p.pending.as_deref())
                .collect();
            if !pending.is_empty() {
                unranked.push(unranked_row(u, &pending.join("; ")));
            } else if missing.is_empty() {
                let total = up.map_or(0.0, |p| p.values().map(|p| p.points).sum());
                // without the website group, the unit's maximum is the rest
                let own_max = match web_group.and_then(|g| rubric.group(g)) {
                    Some(web) if not_applicable => rubric.total_max(&kind.id) - web.max[&kind.id],
                    _ => rubric.total_max(&kind.id),
                };
                entries.push((*u, total, own_max));
            } else {
                unranked.push(unranked_row(u, &format!("thiếu điểm nhóm: {}", missing.join(", "))));
            }
        }
        let max = rubric.total_max(&kind.id);
        let title = format!(
            "Xếp hạng tổng thể mức độ ứng dụng công nghệ thông tin của {}",
            kind.plural
        );
        tables.push(build_table(
            eval,
            &kind.overall_table,
            title,
            &kind.id,
            None,
            max,
            entries,
            unranked,
        ));

        for g in &rubric.groups {
            let Some(table_id) = g.tables.get(&kind.id) else {
                continue;
            };
            let mut entries = Vec::new();
            let mut unranked = Vec::new();
            for u in &units {
                if Some(g.id.as_str()) == web_group && website_not_applicable(eval, u) {
                    unranked.push(unranked_row(u, NO_WEBSITE_REASON));
                    continue;
                }
                if let Some(flag) = &g.skipped_for_flag
                    && u.has_flag(flag)
                {
                    unranked.push(unranked_row(
                        u,
                        &format!("không đánh giá nhóm này: {}", flag_label(flag)),
                    ));
                    continue;
                }
                match points.get(&u.id).and_then(|p| p.get(&g.id)) {
                    Some(GroupPoints { pending: Some(why), .. }) => unranked.push(unranked_row(u, why)),
                    Some(p) => entries.push((*u, p.points, g.max[&kind.id])),
                    None => unranked.push(unranked_row(u, "chưa có điểm")),
                }
            }
            let title = format!("Xếp hạng tiêu chí thành phần về {} của {}", g.name, kind.plural);
            tables.push(build_table(
                eval,
                table_id,
                title,
                &kind.id,
                Some(&g.id),
                g.max[&kind.id],
                entries,
                unranked,
            ));
        }
    }
    let not_evaluated = eval
        .units
        .iter()
        .filter(|u| !u.evaluated())
        .map(|u| unranked_row(u, "không đánh giá năm nay"))
        .collect();
    Ranking {
        evaluation: eval.id.clone(),
        title: eval.title.clone(),
        year: eval.year,
        previous_year: eval.previous_year,
        tiers: rubric.tiers.iter().map(|t| (t.id.clone(), t.name.clone())).collect(),
        tables,
        not_evaluated,
        names: rubric
            .kinds
            .iter()
            .map(|k| (k.id.clone(), k.name.clone()))
            .chain(rubric.groups.iter().map(|g| (g.id.clone(), g.name.clone())))
            .collect(),
    }
}

fn unranked_row(u: &Unit, reason: &str) -> Unranked {
    Unranked {
        unit_id: u.id.clone(),
        agency: u.name.clone(),
        reason: reason.to_string(),
    }
}

/// Points equal within this are a tie (points are sums of multiples of 5, or of declared decimals).
const TIE: f64 = 1e-6;

#[allow(clippy::too_many_arguments)]
fn build_table(
    eval: &Evaluation,
    id: &str,
    title: String,
    kind: &str,
    group: Option<&str>,
    max: f64,
    entries: Vec<(&Unit, f64, f64)>,
    unranked: Vec<Unranked>,
) -> Table {
    // Ranked on points rescaled to the table's maximum: the same points when a unit's maximum is
    // the table's, its share of the table's maximum when the rubric left a group out for it.
    let mut entries: Vec<(&Unit, f64, f64, f64)> = entries
        .into_iter()
        .map(|(u, points, own_max)| {
            let scaled = if own_max > 0.0 && own_max != max {
                points / own_max * max
            } else {
                points
            };
            (u, points, own_max, scaled)
        })
        .collect();
    entries.sort_by(|(ua, _, _, a), (ub, _, _, b)| b.total_cmp(a).then_with(|| fold(&ua.name).cmp(&fold(&ub.name))));
    let decimals = eval.rubric.percent_decimals as i32;
    let scale = 10f64.powi(decimals);
    let mut rows = Vec::with_capacity(entries.len());
    let mut rank = 0;
    let mut last: Option<f64> = None;
    for (u, points, own_max, scaled) in entries {
        if last.is_none_or(|l| (l - scaled).abs() > TIE) {
            rank += 1;
            last = Some(scaled);
        }
        let percent = if own_max > 0.0 {
            (points / own_max * 100.0 * scale + 1e-9).round() / scale
        } else {
            0.0
        };
        rows.push(Row {
            table: id.to_string(),
            unit_id: u.id.clone(),
            agency: u.name.clone(),
            points,
            max_points: own_max,
            percent,
            rank,
            previous_rank: eval.previous_ranks.get(&(id.to_string(), u.id.clone())).copied(),
            tier: eval.rubric.tier(percent).id.clone(),
        });
    }
    Table {
        id: id.to_string(),
        title,
        kind: kind.to_string(),
        group: group.map(str::to_string),
        max_points: max,
        rows,
        unranked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An evaluation of four communes under a two-group rubric (100 + 100) whose `no_website`
    /// section is `no_website`; commune "c" and "d" have no website.
    fn eval(no_website: &str) -> Evaluation {
        let dir = tempfile::tempdir().unwrap();
        let rubric = format!(
            r#"id = "t"
title = "t"
{no_website}
[[kinds]]
id = "commune"
name = "Xã, phường"
plural = "các xã, phường"
overall_table = "2"
[[tiers]]
id = "tot"
name = "Tốt"
min_percent = 80
[[tiers]]
id = "kem"
name = "Kém"
min_percent = 0
[rules.yes_no]
type = "yes_no"
yes = 10
no = 0
[[groups]]
id = "infra"
number = "1"
name = "hạ tầng"
max = {{ commune = 100 }}
tables = {{ commune = "2.1" }}
[[groups]]
id = "website"
number = "2"
name = "trang thông tin điện tử"
audited = true
max = {{ commune = 100 }}
tables = {{ commune = "2.2" }}
"#
        );
        std::fs::write(dir.path().join("rubric.toml"), rubric).unwrap();
        std::fs::write(
            dir.path().join("evaluation.toml"),
            "id = \"t\"\ntitle = \"t\"\nyear = 2026\nrubric = \"rubric.toml\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("units.toml"),
            r#"[[units]]
id = "a"
name = "Xã A"
kind = "commune"
website = "https://a.gialai.gov.vn/"
[[units]]
id = "b"
name = "Xã B"
kind = "commune"
website = "https://b.gialai.gov.vn/"
[[units]]
id = "c"
name = "Xã C"
kind = "commune"
[[units]]
id = "d"
name = "Xã D"
kind = "commune"
"#,
        )
        .unwrap();
        let e = Evaluation::load(dir.path()).unwrap();
        std::mem::forget(dir);
        e
    }

    fn gp(points: f64) -> GroupPoints {
        GroupPoints {
            points,
            source: "test".into(),
            note: String::new(),
            pending: None,
        }
    }

    /// a: 90 + 80, b: 60 + 30, c: 85 (no site), d: 40 (no site, declares 100 website points).
    fn points() -> UnitPoints {
        let mut p = UnitPoints::new();
        for (u, infra, web) in [
            ("a", 90.0, Some(80.0)),
            ("b", 60.0, Some(30.0)),
            ("c", 85.0, None),
            ("d", 40.0, Some(100.0)),
        ] {
            let e = p.entry(u.to_string()).or_default();
            e.insert("infra".into(), gp(infra));
            if let Some(w) = web {
                e.insert("website".into(), gp(w));
            }
        }
        p
    }

    fn row<'a>(r: &'a Ranking, table: &str, unit: &str) -> Option<&'a Row> {
        r.table(table).unwrap().rows.iter().find(|row| row.unit_id == unit)
    }

    #[test]
    fn without_a_rule_a_unit_without_a_website_lacks_the_group() {
        let e = eval("");
        let r = rank(&e, &points());
        assert!(row(&r, "2", "c").is_none());
        let why = &r
            .table("2")
            .unwrap()
            .unranked
            .iter()
            .find(|u| u.unit_id == "c")
            .unwrap()
            .reason;
        assert!(why.contains("thiếu điểm nhóm: website"), "{why}");
        // d declared website points: counted as given (the old behaviour)
        assert_eq!(row(&r, "2", "d").unwrap().points, 140.0);
    }

    #[test]
    fn not_applicable_ranks_a_unit_without_a_website_on_the_rest_rescaled() {
        let e = eval("[no_website]\nscoring = \"not_applicable\"\nbasis = \"Luật TCTT Điều 19.6\"\n");
        let r = rank(&e, &points());
        let overall = r.table("2").unwrap();
        let c = row(&r, "2", "c").unwrap();
        assert_eq!((c.points, c.max_points, c.percent), (85.0, 100.0, 85.0));
        let a = row(&r, "2", "a").unwrap();
        assert_eq!((a.points, a.max_points, a.percent), (170.0, 200.0, 85.0));
        assert_eq!(a.rank, c.rank, "85% of 100 ties with 85% of 200");
        // d's declared website points do not count: 40 of 100
        let d = row(&r, "2", "d").unwrap();
        assert_eq!((d.points, d.max_points, d.percent), (40.0, 100.0, 40.0));
        let b = row(&r, "2", "b").unwrap();
        assert_eq!(b.percent, 45.0);
        assert!(b.rank < d.rank && a.rank < b.rank, "{:?}", overall.rows);
        // Not a failing site and not "could not verify": out of the website table, saying why.
        assert!(row(&r, "2.2", "c").is_none());
        let why = &r
            .table("2.2")
            .unwrap()
            .unranked
            .iter()
            .find(|u| u.unit_id == "c")
            .unwrap()
            .reason;
        assert_eq!(why, NO_WEBSITE_REASON);
        assert_eq!(row(&r, "2.1", "c").unwrap().points, 85.0);
    }

    #[test]
    fn fixed_gives_a_unit_without_a_website_the_rubrics_points() {
        let e = eval("[no_website]\nscoring = \"fixed\"\npoints = 0\n");
        let r = rank(&e, &points());
        let c = row(&r, "2", "c").unwrap();
        assert_eq!((c.points, c.max_points), (85.0, 200.0));
        assert_eq!(row(&r, "2.2", "c").unwrap().points, 0.0);
        assert_eq!(
            row(&r, "2.2", "d").unwrap().points,
            0.0,
            "declared points give way to the rule"
        );
        assert_eq!(row(&r, "2", "d").unwrap().points, 40.0);
    }

    #[test]
    fn the_no_website_rule_is_validated() {
        let bad = std::panic::catch_unwind(|| eval("[no_website]\nscoring = \"fixed\"\n"));
        assert!(bad.is_err());
        let dir = tempfile::tempdir().unwrap();
        let text = "id = \"t\"\ntitle = \"t\"\n[no_website]\nscoring = \"not_applicable\"\npoints = 3\n[[kinds]]\nid = \"x\"\nname = \"x\"\nplural = \"x\"\noverall_table = \"1\"\n[[tiers]]\nid = \"t\"\nname = \"t\"\nmin_percent = 0\n[rules.yes_no]\ntype = \"yes_no\"\nyes = 1\nno = 0\n[[groups]]\nid = \"w\"\nnumber = \"1\"\nname = \"w\"\naudited = true\nmax = { x = 10 }\n";
        let e = crate::rubric::Rubric::parse(text, &dir.path().join("r.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no_website.points: chỉ cách tính \"fixed\" mới ghi số điểm"),
            "{e}"
        );
        let e = crate::rubric::Rubric::parse(&text.replace("not_applicable", "never"), &dir.path().join("r.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("no_website.scoring") && e.contains("never"), "{e}");
    }
}
