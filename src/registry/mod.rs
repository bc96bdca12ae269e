//! An evaluation as data: the folder (`data/evaluations/<id>/`) holding `evaluation.toml` (title,
//! year, rubric, file names, corrections), `units.toml` (the units with kind, flags, website, name
//! aliases), declared points files and the previous year's ranks.
//!
//! A year over which the rules changed names a rubric per period (`[[periods]]` with `rubric`,
//! `from`, `until`) instead of one `rubric`; a monthly run is scored by the rubric of its day.
//!
//! Main types: [`Evaluation`] (loaded and checked against its rubric), [`Unit`] and [`RubricPeriod`].

use crate::rubric::Rubric;
use crate::util::text::fold;
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Flag: the unit has no public administrative procedures (no online-services score, no overall rank).
pub const NO_PUBLIC_PROCEDURES: &str = "no_public_procedures";
/// Flag: the unit is listed but not evaluated this year.
pub const NOT_EVALUATED: &str = "not_evaluated";

/// A flag in words, for reports.
pub fn flag_label(flag: &str) -> String {
    match flag {
        NO_PUBLIC_PROCEDURES => "đơn vị không có thủ tục hành chính công".to_string(),
        NOT_EVALUATED => "đơn vị không được đánh giá năm nay".to_string(),
        other => other.to_string(),
    }
}

/// One evaluated unit (sở, ban, ngành; huyện; xã…).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub flags: Vec<String>,
    #[serde(default)]
    pub website: Option<String>,
}

impl Unit {
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    pub fn evaluated(&self) -> bool {
        !self.has_flag(NOT_EVALUATED)
    }
}

/// A correction of a published table row, applied when the data was built and reported by verify.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub table: String,
    pub row: u32,
    pub printed: String,
    pub unit: String,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EvaluationFile {
    id: String,
    title: String,
    #[serde(default)]
    province: Option<String>,
    year: i32,
    #[serde(default)]
    previous_year: Option<i32>,
    #[serde(default)]
    decision: Option<String>,
    /// The rubric; absent when `periods` name one per period.
    #[serde(default)]
    rubric: Option<PathBuf>,
    /// A rubric per period of the year, when the rules changed during it.
    #[serde(default)]
    periods: Vec<PeriodFile>,
    #[serde(default = "default_units")]
    units: PathBuf,
    #[serde(default)]
    declared: Vec<PathBuf>,
    #[serde(default)]
    previous_ranks: Option<PathBuf>,
    #[serde(default)]
    published: Option<PathBuf>,
    #[serde(default)]
    corrections: Vec<Correction>,
}

/// One period of `periods` in evaluation.toml: its rubric, from and until which day (inclusive,
/// "YYYY-MM-DD"); the first period has no `from`, the last no `until`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodFile {
    rubric: PathBuf,
    #[serde(default)]
    from: Option<NaiveDate>,
    #[serde(default)]
    until: Option<NaiveDate>,
}

/// The rubric in force over a period of the evaluation's year.
#[derive(Clone, Debug)]
pub struct RubricPeriod {
    /// First day (none: from the start).
    pub from: Option<NaiveDate>,
    /// Last day (none: to the end).
    pub until: Option<NaiveDate>,
    pub rubric: Rubric,
}

impl RubricPeriod {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day <= u)
    }
}

fn default_units() -> PathBuf {
    PathBuf::from("units.toml")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitsFile {
    units: Vec<Unit>,
}

/// A loaded evaluation.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub id: String,
    pub title: String,
    pub province: Option<String>,
    pub year: i32,
    pub previous_year: Option<i32>,
    pub decision: Option<String>,
    pub dir: PathBuf,
    /// The rubric: the only one, or that of the last period (the annual tables are in its terms).
    pub rubric: Rubric,
    /// The rubric per period when the rules changed during the year (empty: `rubric` throughout).
    /// A monthly run is scored by the rubric of its as-of day ([`Evaluation::in_force_on`]).
    pub periods: Vec<RubricPeriod>,
    pub units: Vec<Unit>,
    /// Declared points files, resolved against `dir`.
    pub declared_files: Vec<PathBuf>,
    /// Previous year's rank per (table id, unit id).
    pub previous_ranks: HashMap<(String, String), u32>,
    pub published: Option<PathBuf>,
    pub corrections: Vec<Correction>,
    names: HashMap<String, usize>,
}

impl Evaluation {
    /// Loads `dir/evaluation.toml` and what it names; every error names the file and key or row.
    pub fn load(dir: &Path) -> Result<Evaluation> {
        let eval_path = dir.join("evaluation.toml");
        let text = std::fs::read_to_string(&eval_path).with_context(|| {
            format!(
                "không đọc được {} ({} có phải thư mục một đợt đánh giá không?)",
                eval_path.display(),
                dir.display()
            )
        })?;
        let file: EvaluationFile = toml::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{}: {}", eval_path.display(), e.to_string().trim_end()))?;
        let periods = load_periods(&eval_path, dir, &file.periods)?;
        let rubric = match (&file.rubric, periods.last()) {
            (Some(_), Some(_)) => bail!(
                "{}: rubric: chỉ ghi một trong hai, `rubric` hoặc `periods` (mỗi giai đoạn một bộ tiêu chí), không ghi cả hai",
                eval_path.display()
            ),
            (Some(path), None) => Rubric::load(&dir.join(path))?,
            (None, Some(last)) => last.rubric.clone(),
            (None, None) => bail!("{}: thiếu trường `rubric`", eval_path.display()),
        };
        let units_path = dir.join(&file.units);
        let units_text =
            std::fs::read_to_string(&units_path).with_context(|| format!("không đọc được {}", units_path.display()))?;
        let units: UnitsFile = toml::from_str(&units_text)
            .map_err(|e| anyhow::anyhow!("{}: {}", units_path.display(), e.to_string().trim_end()))?;
        let mut eval = Evaluation {
            id: file.id,
            title: file.title,
            province: file.province,
            year: file.year,
            previous_year: file.previous_year,
            decision: file.decision,
            dir: dir.to_path_buf(),
            rubric,
            periods,
            units: units.units,
            declared_files: file.declared.iter().map(|p| dir.join(p)).collect(),
            previous_ranks: HashMap::new(),
            published: file.published.map(|p| dir.join(p)),
            corrections: file.corrections,
            names: HashMap::new(),
        };
        eval.index_units(&units_path)?;
        if let Some(p) = file.previous_ranks {
            eval.previous_ranks = load_previous_ranks(&dir.join(p), &eval)?;
        }
        for c in &eval.corrections {
            if eval.unit(&c.unit).is_none() {
                bail!("{}: corrections: không có đơn vị \"{}\"", eval_path.display(), c.unit);
            }
        }
        Ok(eval)
    }

    fn index_units(&mut self, path: &Path) -> Result<()> {
        let mut ids = BTreeMap::new();
        for (i, u) in self.units.iter().enumerate() {
            if ids.insert(u.id.clone(), i).is_some() {
                bail!("{}: units[{i}]: mã đơn vị \"{}\" bị trùng", path.display(), u.id);
            }
            for p in &self.periods {
                if p.rubric.kind(&u.kind).is_none() {
                    bail!(
                        "{}: units[{i}] ({}): loại \"{}\" không có trong bộ tiêu chí {} của giai đoạn {}",
                        path.display(),
                        u.id,
                        u.kind,
                        p.rubric.path.display(),
                        period_text(p)
                    );
                }
            }
            if self.rubric.kind(&u.kind).is_none() {
                bail!(
                    "{}: units[{i}] ({}): loại \"{}\" không có trong bộ tiêu chí {} (các loại: {})",
                    path.display(),
                    u.id,
                    u.kind,
                    self.rubric.path.display(),
                    self.rubric
                        .kinds
                        .iter()
                        .map(|k| k.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            for name in std::iter::once(&u.name).chain(&u.aliases).chain(std::iter::once(&u.id)) {
                if let Some(&j) = self.names.get(&fold(name))
                    && j != i
                {
                    bail!(
                        "{}: units[{i}] ({}): tên \"{name}\" cũng là của đơn vị {}",
                        path.display(),
                        u.id,
                        self.units[j].id
                    );
                }
                self.names.insert(fold(name), i);
            }
        }
        Ok(())
    }

    /// The rubric in force on `day`: its period's, else the evaluation's rubric.
    pub fn rubric_on(&self, day: NaiveDate) -> &Rubric {
        self.periods
            .iter()
            .find(|p| p.covers(day))
            .map_or(&self.rubric, |p| &p.rubric)
    }

    /// The evaluation as scored on `day`: the same units and data under the rubric in force then
    /// (itself when it has a single rubric).
    pub fn in_force_on(&self, day: NaiveDate) -> Evaluation {
        let mut e = self.clone();
        e.rubric = self.rubric_on(day).clone();
        e
    }

    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// Finds a unit by id, name or alias, ignoring case, diacritics and punctuation.
    pub fn find_unit(&self, name_or_id: &str) -> Option<&Unit> {
        self.names.get(&fold(name_or_id)).map(|&i| &self.units[i])
    }

    pub fn units_of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Unit> + 'a {
        self.units.iter().filter(move |u| u.kind == kind)
    }
}

/// "01/01/2026–30/06/2026", "từ 01/07/2026".
pub fn period_text(p: &RubricPeriod) -> String {
    let d = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    match (p.from, p.until) {
        (Some(f), Some(u)) => format!("{}–{}", d(f), d(u)),
        (Some(f), None) => format!("từ {}", d(f)),
        (None, Some(u)) => format!("đến {}", d(u)),
        (None, None) => "cả năm".into(),
    }
}

/// Loads the periods and checks they follow each other without gap or overlap: the first has no
/// `from`, the last no `until`, and each `from` is the day after the previous `until`.
fn load_periods(eval_path: &Path, dir: &Path, files: &[PeriodFile]) -> Result<Vec<RubricPeriod>> {
    let file = eval_path.display();
    let mut out: Vec<RubricPeriod> = Vec::with_capacity(files.len());
    for (i, p) in files.iter().enumerate() {
        if i == 0 && p.from.is_some() {
            bail!("{file}: periods[0].from: giai đoạn đầu tiên bắt đầu từ đầu năm (không ghi `from`)");
        }
        if i + 1 == files.len() && p.until.is_some() {
            bail!("{file}: periods[{i}].until: giai đoạn cuối cùng kéo dài đến hết năm (không ghi `until`)");
        }
        if i + 1 < files.len() && p.until.is_none() {
            bail!("{file}: periods[{i}].until: mọi giai đoạn trừ giai đoạn cuối đều phải ghi `until`");
        }
        if let Some(prev) = out.last() {
            let expected = prev.until.and_then(|u| u.succ_opt());
            if p.from != expected {
                bail!(
                    "{file}: periods[{i}].from: cần là {} (ngày sau periods[{}].until), nhưng lại là {}",
                    expected.map_or("?".into(), |d| d.to_string()),
                    i - 1,
                    p.from.map_or("không có".into(), |d| d.to_string())
                );
            }
        }
        if let (Some(f), Some(u)) = (p.from, p.until)
            && u < f
        {
            bail!("{file}: periods[{i}]: until {u} trước from {f}");
        }
        out.push(RubricPeriod {
            from: p.from,
            until: p.until,
            rubric: Rubric::load(&dir.join(&p.rubric))?,
        });
    }
    Ok(out)
}

fn load_previous_ranks(path: &Path, eval: &Evaluation) -> Result<HashMap<(String, String), u32>> {
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("không đọc được {}", path.display()))?;
    let mut out = HashMap::new();
    for (i, rec) in reader.records().enumerate() {
        let row = i + 2;
        let rec = rec.with_context(|| format!("{}: dòng {row}", path.display()))?;
        let (table, unit, rank) = (
            rec.get(0).unwrap_or(""),
            rec.get(1).unwrap_or(""),
            rec.get(2).unwrap_or(""),
        );
        let Some(u) = eval.find_unit(unit) else {
            bail!(
                "{}: dòng {row}, cột unit_id: không có đơn vị \"{unit}\"",
                path.display()
            );
        };
        let rank: u32 = rank.trim().parse().map_err(|_| {
            anyhow::anyhow!(
                "{}: dòng {row}, cột rank: cần một số nguyên, nhưng lại là \"{rank}\"",
                path.display()
            )
        })?;
        out.insert((table.to_string(), u.id.clone()), rank);
    }
    Ok(out)
}
