//! An evaluation as data: the folder (`data/evaluations/<id>/`) holding `evaluation.toml` (title,
//! year, rubric, file names, corrections), `units.toml` (the units with kind, flags, website, name
//! aliases), declared points files and the previous year's ranks.
//!
//! Main types: [`Evaluation`] (loaded and checked against its rubric) and [`Unit`].

use crate::rubric::Rubric;
use crate::util::text::fold;
use anyhow::{Context, Result, bail};
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
    rubric: PathBuf,
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
    pub rubric: Rubric,
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
                "cannot read {} (is {} an evaluation folder?)",
                eval_path.display(),
                dir.display()
            )
        })?;
        let file: EvaluationFile = toml::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{}: {}", eval_path.display(), e.to_string().trim_end()))?;
        let rubric = Rubric::load(&dir.join(&file.rubric))?;
        let units_path = dir.join(&file.units);
        let units_text =
            std::fs::read_to_string(&units_path).with_context(|| format!("cannot read {}", units_path.display()))?;
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
                bail!("{}: corrections: unknown unit \"{}\"", eval_path.display(), c.unit);
            }
        }
        Ok(eval)
    }

    fn index_units(&mut self, path: &Path) -> Result<()> {
        let mut ids = BTreeMap::new();
        for (i, u) in self.units.iter().enumerate() {
            if ids.insert(u.id.clone(), i).is_some() {
                bail!("{}: units[{i}]: duplicate unit id \"{}\"", path.display(), u.id);
            }
            if self.rubric.kind(&u.kind).is_none() {
                bail!(
                    "{}: units[{i}] ({}): kind \"{}\" is not in rubric {} (kinds: {})",
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
                        "{}: units[{i}] ({}): name \"{name}\" is also unit {}",
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

fn load_previous_ranks(path: &Path, eval: &Evaluation) -> Result<HashMap<(String, String), u32>> {
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = HashMap::new();
    for (i, rec) in reader.records().enumerate() {
        let row = i + 2;
        let rec = rec.with_context(|| format!("{}: row {row}", path.display()))?;
        let (table, unit, rank) = (
            rec.get(0).unwrap_or(""),
            rec.get(1).unwrap_or(""),
            rec.get(2).unwrap_or(""),
        );
        let Some(u) = eval.find_unit(unit) else {
            bail!("{}: row {row}, column unit_id: unknown unit \"{unit}\"", path.display());
        };
        let rank: u32 = rank.trim().parse().map_err(|_| {
            anyhow::anyhow!(
                "{}: row {row}, column rank: expected a whole number, found \"{rank}\"",
                path.display()
            )
        })?;
        out.insert((table.to_string(), u.id.clone()), rank);
    }
    Ok(out)
}
