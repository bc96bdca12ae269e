//! `ictrank rubric`: `check FILE` validates a rubric and prints its groups, criteria and maxima per
//! unit kind, after listing every check the auditor does not know (each by its key, then failing);
//! `diff A B` prints what changed between two rubrics (criteria added, removed or changed, maxima,
//! the rules' points); `template EVALUATION --out FILE.xlsx` writes the declared-data template of an
//! evaluation, one row per unit and criterion the unit declares, which `ictrank import` reads back.
//! Everything printed is Vietnamese.

use super::args::{RubricArgs, RubricCommand};
use anyhow::{Context, Result, bail};
use ictrank::registry::Evaluation;
use ictrank::rubric::{Assessment, CheckName, Criterion, Family, Group, Rubric, RuleType};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

pub fn rubric(a: RubricArgs) -> Result<ExitCode> {
    match a.command {
        RubricCommand::Check { file } => {
            print!("{}", check_text(&file)?);
        }
        RubricCommand::Diff { a, b } => {
            let (old, new) = (Rubric::load(&a)?, Rubric::load(&b)?);
            print!("{}", diff_text(&old, &new));
        }
        RubricCommand::Template { evaluation, out, on } => {
            let eval = Evaluation::load(&evaluation)?;
            let eval = match on {
                Some(day) => eval.in_force_on(day),
                None => eval,
            };
            let rows = write_template(&eval, &out)?;
            println!(
                "Đã ghi {} ({} dòng: {} đơn vị, bộ tiêu chí {})",
                out.display(),
                rows,
                eval.units.iter().filter(|u| u.evaluated()).count(),
                eval.rubric.id
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every `check = "…"` of the file that names no check the auditor knows, by key
/// (`groups.website.criteria.x.check`), read from the raw TOML so that all are listed, not only the
/// first the loader meets.
pub fn unknown_checks(text: &str) -> Vec<(String, String)> {
    let Ok(doc) = text.parse::<toml::Table>() else {
        return vec![];
    };
    let mut out = Vec::new();
    let groups = doc.get("groups").and_then(toml::Value::as_array);
    for (gi, g) in groups.into_iter().flatten().enumerate() {
        let gid = g
            .get("id")
            .and_then(toml::Value::as_str)
            .map_or(format!("[{gi}]"), |s| s.to_string());
        let criteria = g.get("criteria").and_then(toml::Value::as_array);
        for (ci, c) in criteria.into_iter().flatten().enumerate() {
            let cid = c
                .get("id")
                .and_then(toml::Value::as_str)
                .map_or(format!("[{ci}]"), |s| s.to_string());
            match c.get("check") {
                Some(toml::Value::String(name)) if CheckName::parse(name).is_none() => {
                    out.push((format!("groups.{gid}.criteria.{cid}.check"), name.clone()));
                }
                Some(v) if !v.is_str() => {
                    out.push((format!("groups.{gid}.criteria.{cid}.check"), v.to_string()));
                }
                _ => {}
            }
        }
    }
    out
}

/// The report of `rubric check`; an error when the file does not load, listing every unknown check.
pub fn check_text(path: &Path) -> Result<String> {
    let text = std::fs::read_to_string(path).with_context(|| format!("không đọc được {}", path.display()))?;
    let unknown = unknown_checks(&text);
    if !unknown.is_empty() {
        let known: Vec<&str> = CheckName::ALL.iter().map(|c| c.as_str()).collect();
        let mut msg = format!(
            "{}: {} kiểm tra tự động không có trong chương trình:",
            path.display(),
            unknown.len()
        );
        for (key, name) in &unknown {
            let _ = write!(msg, "\n  {key}: \"{name}\"");
        }
        let _ = write!(msg, "\ncác kiểm tra đã biết: {}", known.join(", "));
        bail!(msg);
    }
    let r = Rubric::load(path)?;
    Ok(summary_text(&r))
}

fn num(x: f64) -> String {
    ictrank::util::vnformat::plain(x)
}

/// Groups, criteria and maxima per kind.
pub fn summary_text(r: &Rubric) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Bộ tiêu chí {} — hợp lệ ({})", r.id, r.path.display());
    let _ = writeln!(s, "{}", r.title);
    let kinds: Vec<String> = r.kinds.iter().map(|k| format!("{} ({})", k.id, k.name)).collect();
    let _ = writeln!(s, "Loại đơn vị: {}", kinds.join("; "));
    for k in &r.kinds {
        let _ = writeln!(s, "Tổng điểm tối đa — {}: {}", k.name, num(r.total_max(&k.id)));
    }
    match &r.no_website {
        Some(nw) => {
            let rule = match nw.scoring {
                ictrank::rubric::NoWebsiteScoring::NotApplicable => {
                    "nhóm website không áp dụng, xếp hạng trên các nhóm còn lại (điểm tối đa tính lại)".to_string()
                }
                ictrank::rubric::NoWebsiteScoring::Fixed => {
                    format!("nhóm website được {} điểm", num(nw.points.unwrap_or(0.0)))
                }
            };
            let basis = nw.basis.as_deref().map(|b| format!(" ({b})")).unwrap_or_default();
            let _ = writeln!(s, "Đơn vị không có trang thông tin điện tử: {rule}{basis}");
        }
        None => {
            let _ = writeln!(s, "Đơn vị không có trang thông tin điện tử: bộ tiêu chí không quy định");
        }
    }
    let mut counts = [0usize; 3];
    for g in &r.groups {
        let maxima: Vec<String> = r
            .kinds
            .iter()
            .map(|k| format!("{} {}", k.id, g.max.get(&k.id).map_or("-".into(), |m| num(*m))))
            .collect();
        let _ = writeln!(
            s,
            "\nNhóm {} — {} [{}]{}: tối đa {}",
            g.number,
            g.name,
            g.id,
            if g.audited { ", kiểm tra trên website" } else { "" },
            maxima.join(", ")
        );
        for c in &g.criteria {
            let mode = r.mode(c);
            counts[match mode {
                ictrank::rubric::Mode::Automatic => 0,
                ictrank::rubric::Mode::SemiAutomatic => 1,
                ictrank::rubric::Mode::Declared => 2,
            }] += 1;
            let per_kind: Vec<String> = r
                .kinds
                .iter()
                .filter(|k| c.applies_to(&k.id))
                .map(|k| format!("{} {}", k.id, num(r.criterion_max(c, &k.id))))
                .collect();
            let how = match r.assessment(c) {
                Assessment::Check(name) => format!("{}, kiểm tra {}", mode.label(), name.as_str()),
                Assessment::Section => format!("{}, đọc mục trên website", mode.label()),
                Assessment::Declared => mode.label().to_string(),
            };
            let basis = c.basis.as_deref().map(|b| format!("; căn cứ: {b}")).unwrap_or_default();
            let _ = writeln!(
                s,
                "  {:<34} tối đa {} — {} ({how}{basis})",
                c.id,
                per_kind.join(", "),
                c.name
            );
        }
    }
    let n: usize = r.groups.iter().map(|g| g.criteria.len()).sum();
    let _ = writeln!(
        s,
        "\n{} nhóm, {n} tiêu chí: {} tự động, {} bán tự động, {} đơn vị kê khai",
        r.groups.len(),
        counts[0],
        counts[1],
        counts[2]
    );
    s
}

/// The words that describe a criterion for the diff: what changed is any of these.
fn criterion_facets(r: &Rubric, g: &Group, c: &Criterion) -> Vec<(&'static str, String)> {
    let maxima: Vec<String> = r
        .kinds
        .iter()
        .filter(|k| c.applies_to(&k.id))
        .map(|k| format!("{} {}", k.id, num(r.criterion_max(c, &k.id))))
        .collect();
    vec![
        ("nhóm", g.id.clone()),
        ("tên", c.name.clone()),
        ("tối đa", maxima.join(", ")),
        ("quy tắc", c.rule.clone()),
        ("kiểm tra", c.check.map_or("—".into(), |k| k.as_str().to_string())),
        ("cách đánh giá", r.mode(c).label().to_string()),
        ("căn cứ", c.basis.clone().unwrap_or_else(|| "—".into())),
    ]
}

/// A rule's points in words ("có 10, không 0"); rarer rule types as their data.
fn rule_text(rule: &RuleType) -> String {
    match rule {
        RuleType::YesNo { yes, no } => format!("có {}, không {}", num(*yes), num(*no)),
        RuleType::Content { present, thin, missing } => {
            format!(
                "đầy đủ {}, sơ sài {}, không có {}",
                num(*present),
                num(*thin),
                num(*missing)
            )
        }
        RuleType::Freshness {
            rich,
            timely,
            stale,
            outdated,
            missing,
        } => format!(
            "nhiều tin {}, kịp thời {}, chậm {}, quá hạn {}, không có {}",
            num(*rich),
            num(*timely),
            num(*stale),
            num(*outdated),
            num(*missing)
        ),
        other => format!("{other:?}"),
    }
}

/// What changed from rubric `a` to rubric `b`.
pub fn diff_text(a: &Rubric, b: &Rubric) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "So sánh bộ tiêu chí {} → {}", a.id, b.id);
    let ka: BTreeSet<&str> = a.kinds.iter().map(|k| k.id.as_str()).collect();
    let kb: BTreeSet<&str> = b.kinds.iter().map(|k| k.id.as_str()).collect();
    let _ = writeln!(s, "\nLoại đơn vị:");
    for k in ka.difference(&kb) {
        let _ = writeln!(s, "  - bỏ {k}");
    }
    for k in kb.difference(&ka) {
        let _ = writeln!(s, "  + thêm {k}");
    }
    for k in ka.intersection(&kb) {
        let (ta, tb) = (a.total_max(k), b.total_max(k));
        let change = if (ta - tb).abs() > 1e-9 {
            format!("{} → {}", num(ta), num(tb))
        } else {
            format!("{} (không đổi)", num(ta))
        };
        let _ = writeln!(s, "  {k}: tổng điểm tối đa {change}");
    }
    let _ = writeln!(s, "\nNhóm tiêu chí:");
    for g in &a.groups {
        if b.group(&g.id).is_none() {
            let _ = writeln!(s, "  - bỏ {} ({})", g.id, g.name);
        }
    }
    for g in &b.groups {
        match a.group(&g.id) {
            None => {
                let _ = writeln!(s, "  + thêm {} ({})", g.id, g.name);
            }
            Some(old) => {
                let kinds: BTreeSet<&String> = old.max.keys().chain(g.max.keys()).collect();
                let changed: Vec<String> = kinds
                    .into_iter()
                    .filter_map(|k| {
                        let (x, y) = (old.max.get(k), g.max.get(k));
                        (x != y).then(|| {
                            format!(
                                "{k} {} → {}",
                                x.map_or("—".into(), |v| num(*v)),
                                y.map_or("—".into(), |v| num(*v))
                            )
                        })
                    })
                    .collect();
                if !changed.is_empty() {
                    let _ = writeln!(s, "  ~ {}: tối đa {}", g.id, changed.join("; "));
                }
            }
        }
    }
    let all = |r: &Rubric| -> Vec<(String, Vec<(&'static str, String)>)> {
        r.groups
            .iter()
            .flat_map(|g| g.criteria.iter().map(move |c| (g, c)))
            .map(|(g, c)| (c.id.clone(), criterion_facets(r, g, c)))
            .collect()
    };
    let (ca, cb) = (all(a), all(b));
    let find = |list: &[(String, Vec<(&'static str, String)>)], id: &str| {
        list.iter().find(|(i, _)| i == id).map(|(_, f)| f.clone())
    };
    let (mut added, mut removed, mut changed) = (0, 0, 0);
    let _ = writeln!(s, "\nTiêu chí:");
    for (id, facets) in &ca {
        if find(&cb, id).is_none() {
            removed += 1;
            let _ = writeln!(s, "  - bỏ {id}: {} (tối đa {})", facets[1].1, facets[2].1);
        }
    }
    for (id, facets) in &cb {
        match find(&ca, id) {
            None => {
                added += 1;
                let _ = writeln!(
                    s,
                    "  + thêm {id}: {} (tối đa {}; {})",
                    facets[1].1, facets[2].1, facets[5].1
                );
            }
            Some(old) => {
                let diffs: Vec<String> = old
                    .iter()
                    .zip(facets)
                    .filter(|(x, y)| x.1 != y.1)
                    .map(|(x, y)| format!("{}: {} → {}", x.0, x.1, y.1))
                    .collect();
                if !diffs.is_empty() {
                    changed += 1;
                    let _ = writeln!(s, "  ~ {id}: {}", diffs.join("; "));
                }
            }
        }
    }
    let _ = writeln!(s, "\nTrọng số của quy tắc:");
    let names: BTreeSet<&String> = a.rules.keys().chain(b.rules.keys()).collect();
    for name in names {
        match (a.rules.get(name), b.rules.get(name)) {
            (Some(_), None) => {
                let _ = writeln!(s, "  - bỏ {name}");
            }
            (None, Some(y)) => {
                let _ = writeln!(s, "  + thêm {name}: {}", rule_text(y));
            }
            (Some(x), Some(y)) if rule_text(x) != rule_text(y) => {
                let _ = writeln!(s, "  ~ {name}: {} → {}", rule_text(x), rule_text(y));
            }
            _ => {}
        }
    }
    let _ = writeln!(
        s,
        "\nTổng cộng: {added} tiêu chí thêm, {removed} tiêu chí bỏ, {changed} tiêu chí thay đổi"
    );
    s
}

/// How a criterion is answered, for the template's hint column.
fn answer_hint(rule: &RuleType) -> &'static str {
    match rule {
        RuleType::YesNo { .. } => "có / không",
        RuleType::Deployment { .. } => "tất cả / một số / không",
        RuleType::Status { .. } => "hoàn thành / đang thực hiện / chưa",
        _ => match rule.family() {
            Family::Measure => "số (tỷ lệ % hoặc điểm)",
            _ => "theo quy tắc của bộ tiêu chí",
        },
    }
}

/// The template's header: the unit and criterion columns the importer reads, the answer, source and
/// note, and three columns for the reader that the importer ignores.
pub const TEMPLATE_HEADER: [&str; 8] = [
    "unit_id",
    "Tên đầy đủ của đơn vị",
    "criterion",
    "Nội dung tiêu chí",
    "Cách trả lời",
    "answer",
    "source",
    "note",
];

/// Writes the declared-data template of `eval` to `out`: one row per evaluated unit and criterion it
/// declares (by its kind); returns the number of data rows.
pub fn write_template(eval: &Evaluation, out: &Path) -> Result<usize> {
    use rust_xlsxwriter::{Format, Workbook};
    let r = &eval.rubric;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Kê khai")?;
    let bold = Format::new().set_bold();
    for (i, h) in TEMPLATE_HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, *h, &bold)?;
    }
    let mut row = 1u32;
    for u in eval.units.iter().filter(|u| u.evaluated()) {
        for g in &r.groups {
            for c in g.criteria.iter().filter(|c| c.applies_to(&u.kind)) {
                if r.assessment(c) != Assessment::Declared {
                    continue;
                }
                sheet.write_string(row, 0, &u.id)?;
                sheet.write_string(row, 1, &u.name)?;
                sheet.write_string(row, 2, &c.id)?;
                let basis = c.basis.as_deref().map(|b| format!(" ({b})")).unwrap_or_default();
                sheet.write_string(row, 3, format!("{}{basis}", c.name))?;
                sheet.write_string(row, 4, answer_hint(r.rule(c)))?;
                sheet.write_string(row, 6, "declared")?;
                row += 1;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    for (col, width) in [
        (0u16, 28.0),
        (1, 36.0),
        (2, 30.0),
        (3, 70.0),
        (4, 30.0),
        (5, 16.0),
        (6, 10.0),
        (7, 30.0),
    ] {
        sheet.set_column_width(col, width)?;
    }
    let bytes = book.save_to_buffer()?;
    std::fs::write(out, bytes).with_context(|| format!("không ghi được {}", out.display()))?;
    Ok(row as usize - 1)
}
