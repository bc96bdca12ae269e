//! Checks spreadsheet cells against the evaluation's units and rubric and turns them into
//! [`DeclaredValue`]s. Two layouts are read:
//! - long: one value a row, with a unit column, a group or criterion column and a value column;
//! - wide: one unit a row, one column per group or criterion (its id or name as header).
//!
//! Every problem is collected with its place (file, sheet, row, column) and what was expected;
//! [`ImportError`] carries them all, and a file with any problem yields no value.
//!
//! Numbers typed as text are read by one rule, [`read_number`]: Vietnamese `1.234,5` or English
//! `1,234.5`; a number that reads both ways ("0.080": 80 or 0,08) is refused, never guessed. Number
//! cells of a workbook are numbers already.

use super::table::{Sheet, column_letter, read_sheets};
use super::{DeclaredValue, Target};
use crate::registry::Evaluation;
use crate::rubric::rules::parse_number;
use crate::util::text::fold;
use crate::util::vnformat::{NumberError, plain, read_number};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Everything wrong with one file.
#[derive(Debug)]
pub struct ImportError {
    pub file: PathBuf,
    pub problems: Vec<String>,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(f, "{}: {n} lỗi; chưa nhập gì", self.file.display())?;
        for p in self.problems.iter().take(50) {
            write!(f, "\n  {p}")?;
        }
        if n > 50 {
            write!(f, "\n  … và {} lỗi khác", n - 50)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

#[derive(Clone, Copy, PartialEq)]
enum Col {
    Unit,
    Group,
    Criterion,
    Value,
    Source,
    Note,
    Ignored,
}

fn header_role(h: &str) -> Option<Col> {
    Some(match fold(h).as_str() {
        "unit id" | "unit" | "don vi" | "ten don vi" | "co quan" | "ten co quan" | "ma don vi" => Col::Unit,
        "group" | "group id" | "nhom" | "nhom tieu chi" => Col::Group,
        "criterion" | "criterion id" | "tieu chi" | "ma tieu chi" => Col::Criterion,
        "points" | "diem" | "answer" | "tra loi" | "gia tri" | "value" | "so lieu" => Col::Value,
        "source" | "nguon" => Col::Source,
        "note" | "ghi chu" => Col::Note,
        "stt" | "tt" | "so thu tu" => Col::Ignored,
        _ => return None,
    })
}

struct Place<'a> {
    sheet: Option<&'a str>,
    row: usize,
    col: usize,
    header: &'a str,
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = self.sheet {
            write!(f, "trang tính \"{s}\", ")?;
        }
        write!(f, "dòng {}, cột {}", self.row + 1, column_letter(self.col))?;
        if !self.header.is_empty() {
            write!(f, " ({})", self.header)?;
        }
        Ok(())
    }
}

/// Reads and checks one declared-data file (CSV or XLSX).
pub fn parse_file(path: &Path, eval: &Evaluation) -> Result<Vec<DeclaredValue>, ImportError> {
    let fail = |p: String| ImportError {
        file: path.to_path_buf(),
        problems: vec![p],
    };
    let sheets = read_sheets(path).map_err(|e| fail(format!("{e:#}")))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut p = Parser {
        eval,
        file_name,
        problems: Vec::new(),
        values: Vec::new(),
        seen: HashMap::new(),
    };
    for sheet in &sheets {
        p.sheet(sheet);
    }
    if p.values.is_empty() && p.problems.is_empty() {
        p.problems
            .push("không có giá trị nào (cần một dòng tiêu đề ghi cột đơn vị và các nhóm hoặc tiêu chí)".into());
    }
    if p.problems.is_empty() {
        Ok(p.values)
    } else {
        Err(ImportError {
            file: path.to_path_buf(),
            problems: p.problems,
        })
    }
}

struct Parser<'a> {
    eval: &'a Evaluation,
    file_name: String,
    problems: Vec<String>,
    values: Vec<DeclaredValue>,
    /// (unit, target) → where it was first given, to catch duplicates.
    seen: HashMap<(String, Target), String>,
}

impl Parser<'_> {
    fn sheet(&mut self, sheet: &Sheet) {
        let sname = sheet.name.as_deref();
        let Some(hrow) = sheet.rows.iter().position(|r| r.iter().any(|c| !c.is_empty())) else {
            return;
        };
        let headers = &sheet.rows[hrow];
        let roles: Vec<Option<Col>> = headers.iter().map(|h| header_role(h)).collect();
        let find = |c: Col| roles.iter().position(|r| *r == Some(c));
        let Some(unit_col) = find(Col::Unit) else {
            self.problems.push(format!(
                "{}dòng {}: không có cột đơn vị (cần một tiêu đề cột \"unit_id\" hoặc \"Đơn vị\")",
                sname.map(|s| format!("trang tính \"{s}\", ")).unwrap_or_default(),
                hrow + 1
            ));
            return;
        };
        let long = find(Col::Group).is_some() || find(Col::Criterion).is_some();
        // In the wide layout every other header names a group or a criterion.
        let mut wide_targets: Vec<(usize, Target)> = Vec::new();
        if long {
            if find(Col::Value).is_none() {
                self.problems.push(format!(
                    "{}dòng {}: không có cột giá trị (cần một tiêu đề cột \"points\", \"Điểm\" hoặc \"Trả lời\")",
                    sname.map(|s| format!("trang tính \"{s}\", ")).unwrap_or_default(),
                    hrow + 1
                ));
                return;
            }
        } else {
            for (col, h) in headers.iter().enumerate() {
                if roles[col].is_some() || h.is_empty() {
                    continue;
                }
                match self.resolve_target(h) {
                    Some(t) => wide_targets.push((col, t)),
                    None => {
                        let place = Place {
                            sheet: sname,
                            row: hrow,
                            col,
                            header: "",
                        };
                        self.problems
                            .push(format!("{place}: tiêu đề cột ghi nhóm hoặc tiêu chí không có: \"{h}\""));
                    }
                }
            }
        }
        for (r, row) in sheet.rows.iter().enumerate().skip(hrow + 1) {
            if row.iter().all(|c| c.is_empty()) {
                continue;
            }
            let cell = |c: usize| row.get(c).map(String::as_str).unwrap_or("");
            let at = |c: usize| Place {
                sheet: sname,
                row: r,
                col: c,
                header: headers.get(c).map(String::as_str).unwrap_or(""),
            };
            let unit_text = cell(unit_col);
            let Some(unit) = self.eval.find_unit(unit_text) else {
                self.problems.push(format!(
                    "{}: không có đơn vị \"{unit_text}\" (cần mã hoặc tên một đơn vị trong units.toml)",
                    at(unit_col)
                ));
                continue;
            };
            let unit = unit.clone();
            let source = find(Col::Source)
                .map(cell)
                .filter(|s| !s.is_empty())
                .unwrap_or(&self.file_name)
                .to_string();
            let note = find(Col::Note).map(cell).unwrap_or("").to_string();
            if long {
                let (key_col, key) = [find(Col::Group), find(Col::Criterion)]
                    .into_iter()
                    .flatten()
                    .map(|c| (c, cell(c)))
                    .find(|(_, k)| !k.is_empty())
                    .unwrap_or((find(Col::Group).or(find(Col::Criterion)).unwrap(), ""));
                let Some(target) = self.resolve_target(key) else {
                    self.problems
                        .push(format!("{}: không có nhóm hoặc tiêu chí \"{key}\"", at(key_col)));
                    continue;
                };
                let vcol = find(Col::Value).unwrap();
                if !self.ambiguous(cell(vcol), sheet.numbers.contains(&(r, vcol)), &at(vcol)) {
                    self.value(&unit, target, cell(vcol), at(vcol), &source, &note, false);
                }
            } else {
                for (col, target) in &wide_targets {
                    if !self.ambiguous(cell(*col), sheet.numbers.contains(&(r, *col)), &at(*col)) {
                        self.value(&unit, target.clone(), cell(*col), at(*col), &source, &note, true);
                    }
                }
            }
        }
    }

    /// Refuses a number typed as text that reads both ways ("0.080", "12,500"; in a percent "0.080%"
    /// or either side of a ratio "1.234/2.000"), with a problem at `at`; true when refused. A
    /// workbook's number cell (`typed`) is never ambiguous.
    fn ambiguous(&mut self, raw: &str, typed: bool, at: &Place) -> bool {
        if typed {
            return false;
        }
        let number = raw.trim().trim_end_matches('%');
        for part in number.split('/') {
            if let Err(NumberError::Ambiguous { vietnamese, english }) = read_number(part) {
                let (vi, en) = (plain(vietnamese), plain(english));
                self.problems.push(format!(
                    "{at}: số \"{}\" không rõ nghĩa: theo cách viết Việt Nam là {vi}, theo cách viết tiếng Anh là \
                     {en}; hãy ghi không có dấu phân cách hàng nghìn và dùng dấu phẩy thập phân, ví dụ {} hoặc {}",
                    part.trim(),
                    unambiguous(vietnamese),
                    unambiguous(english),
                ));
                return true;
            }
        }
        false
    }

    fn resolve_target(&self, key: &str) -> Option<Target> {
        let k = fold(key);
        let rubric = &self.eval.rubric;
        for g in &rubric.groups {
            if fold(&g.id) == k || fold(&g.name) == k {
                return Some(Target::Group(g.id.clone()));
            }
        }
        for g in &rubric.groups {
            for c in &g.criteria {
                if fold(&c.id) == k || fold(&c.name) == k {
                    return Some(Target::Criterion(c.id.clone()));
                }
            }
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn value(
        &mut self,
        unit: &crate::registry::Unit,
        target: Target,
        raw: &str,
        at: Place,
        source: &str,
        note: &str,
        empty_ok: bool,
    ) {
        if raw.is_empty() {
            if !empty_ok {
                self.problems.push(format!("{at}: giá trị trống"));
            }
            return;
        }
        let rubric = &self.eval.rubric;
        let (points, raw_kept) = match &target {
            Target::Group(gid) => {
                let g = rubric.group(gid).unwrap();
                if let Some(flag) = &g.skipped_for_flag
                    && unit.has_flag(flag)
                {
                    self.problems.push(format!(
                        "{at}: đơn vị {} có cờ {flag}: không được tính điểm ở nhóm {gid}",
                        unit.id
                    ));
                    return;
                }
                let max = g.max.get(&unit.kind).copied().unwrap_or(0.0);
                match parse_number(raw) {
                    Some(p) if (0.0..=max).contains(&p) => (p, None),
                    _ => {
                        self.problems.push(format!(
                            "{at}: nhóm {gid} cần số điểm từ 0 đến {max}, nhưng lại là \"{raw}\""
                        ));
                        return;
                    }
                }
            }
            Target::Criterion(cid) => {
                let (_, c) = rubric.criterion(cid).unwrap();
                if !c.applies_to(&unit.kind) {
                    self.problems
                        .push(format!("{at}: tiêu chí {cid} không áp dụng cho loại {}", unit.kind));
                    return;
                }
                let max = rubric.criterion_max(c, &unit.kind);
                match rubric.rule(c).score(c, max, raw) {
                    Ok(s) => (s.points, Some(raw.to_string())),
                    Err(e) => {
                        self.problems.push(format!("{at}: tiêu chí {cid}: {e}"));
                        return;
                    }
                }
            }
        };
        let key = (unit.id.clone(), target.clone());
        let here = at.to_string();
        if let Some(first) = self.seen.get(&key) {
            self.problems.push(format!(
                "{here}: đơn vị {} đã có giá trị cho {target} ở {first}",
                unit.id
            ));
            return;
        }
        self.seen.insert(key, here);
        self.values.push(DeclaredValue {
            unit_id: unit.id.clone(),
            target,
            raw: raw_kept,
            points,
            source: source.to_string(),
            note: note.to_string(),
        });
    }
}

/// `x` written so that [`read_number`] reads it one way only: a trailing zero after three decimals.
fn unambiguous(x: f64) -> String {
    let p = plain(x);
    match read_number(&p) {
        Err(NumberError::Ambiguous { .. }) => format!("{p}0"),
        _ => p,
    }
}
