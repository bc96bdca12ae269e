//! `ictrank rubric check`, `diff` and `template`, run as the binary: the current-regime rubric checks
//! and prints its groups, criteria and maxima per kind; a file naming checks the auditor does not
//! know fails, listing every one by key; the diff of the 2015 and NĐ 224 rubrics names kinds,
//! criteria and maxima; the declared-data template reads back with calamine and the importer
//! accepts its layout.

mod support;

use calamine::{Data, Reader, Xlsx, open_workbook};
use ictrank::registry::Evaluation;
use ictrank::rubric::Assessment;
use std::path::Path;
use std::process::Command;
use support::repo;

fn ictrank(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ictrank"))
        .args(args)
        .current_dir(repo())
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_prints_groups_criteria_and_maxima_per_kind() {
    let (code, out, err) = ictrank(&["rubric", "check", "data/rubrics/nd224-2026.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Bộ tiêu chí nd224-2026 — hợp lệ"), "{out}");
    assert!(
        out.contains("Loại đơn vị: department (Sở, ban, ngành); commune (Xã, phường, đặc khu)"),
        "{out}"
    );
    assert!(
        out.contains(
            "Nhóm 1 — Cổng/Trang thông tin điện tử [website], kiểm tra trên website: tối đa department 270, commune 280"
        ),
        "{out}"
    );
    assert!(
        out.contains("Đơn vị không có trang thông tin điện tử: nhóm website không áp dụng"),
        "{out}"
    );
    let ipv6 = out.lines().find(|l| l.trim_start().starts_with("ipv6 ")).unwrap();
    assert!(
        ipv6.contains("tối đa department 10, commune 10")
            && ipv6.contains("kiểm tra ipv6")
            && ipv6.contains("căn cứ: NĐ 224/2026 Đ11.4"),
        "{ipv6}"
    );
    assert!(out.contains(" tiêu chí: ") && out.contains(" tự động, "), "{out}");
}

#[test]
fn check_lists_every_unknown_check_and_fails_naming_the_keys() {
    let text = std::fs::read_to_string(repo().join("data/rubrics/nd224-2026.toml")).unwrap();
    let bad = text.replacen("check = \"ipv6\"", "check = \"ipv7\"", 1).replacen(
        "check = \"https\"",
        "check = \"tls_everywhere\"",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, bad).unwrap();
    let (code, out, err) = ictrank(&["rubric", "check", path.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("2 kiểm tra tự động không có trong chương trình"), "{err}");
    assert!(err.contains("groups.website.criteria.ipv6.check: \"ipv7\""), "{err}");
    assert!(
        err.contains("groups.website.criteria.https.check: \"tls_everywhere\""),
        "{err}"
    );
    assert!(
        err.contains("các kiểm tra đã biết: ") && err.contains("domain_pattern"),
        "{err}"
    );
}

#[test]
fn diff_names_kinds_criteria_maxima_and_rule_points() {
    let (code, out, err) = ictrank(&[
        "rubric",
        "diff",
        "data/rubrics/binh-dinh-4158-2015.toml",
        "data/rubrics/nd224-2026.toml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("So sánh bộ tiêu chí binh-dinh-4158-2015 → nd224-2026"),
        "{out}"
    );
    assert!(
        out.contains("  - bỏ district") && out.contains("  + thêm commune"),
        "{out}"
    );
    assert!(out.contains("department: tổng điểm tối đa 1380 → "), "{out}");
    assert!(out.contains("  + thêm ipv6: Hỗ trợ IPv6"), "{out}");
    assert!(out.contains("  - bỏ ty_le_may_tinh"), "{out}");
    assert!(out.contains("  ~ yes_no: "), "the yes/no rule's points changed: {out}");
    let total = out.lines().last().unwrap();
    assert!(
        total.starts_with("Tổng cộng: ") && total.contains(" tiêu chí thêm, "),
        "{total}"
    );
    // A rubric against itself: nothing changed.
    let (_, same, _) = ictrank(&[
        "rubric",
        "diff",
        "data/rubrics/nd224-2026.toml",
        "data/rubrics/nd224-2026.toml",
    ]);
    assert!(
        same.contains("Tổng cộng: 0 tiêu chí thêm, 0 tiêu chí bỏ, 0 tiêu chí thay đổi"),
        "{same}"
    );
}

/// An evaluation of two departments and two communes (one without a website) under NĐ 224.
fn small_evaluation(dir: &Path) {
    std::fs::write(
        dir.join("evaluation.toml"),
        format!(
            "id = \"t\"\ntitle = \"t\"\nyear = 2026\nrubric = \"{}\"\n",
            repo().join("data/rubrics/nd224-2026.toml").display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("units.toml"),
        r#"[[units]]
id = "so-a"
name = "Sở A"
kind = "department"
website = "https://soa.gialai.gov.vn/"
[[units]]
id = "so-b"
name = "Sở B"
kind = "department"
[[units]]
id = "xa-c"
name = "Xã C"
kind = "commune"
website = "https://xac.gialai.gov.vn/"
[[units]]
id = "xa-d"
name = "Xã D"
kind = "commune"
"#,
    )
    .unwrap();
}

#[test]
fn template_reads_back_one_row_per_unit_and_declared_criterion() {
    let dir = tempfile::tempdir().unwrap();
    small_evaluation(dir.path());
    let out = dir.path().join("mau.xlsx");
    let (code, stdout, err) = ictrank(&[
        "rubric",
        "template",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let eval = Evaluation::load(dir.path()).unwrap();
    let declared = |kind: &str| -> Vec<String> {
        eval.rubric
            .groups
            .iter()
            .flat_map(|g| &g.criteria)
            .filter(|c| c.applies_to(kind) && eval.rubric.assessment(c) == Assessment::Declared)
            .map(|c| c.id.clone())
            .collect()
    };
    let (dept, commune) = (declared("department"), declared("commune"));
    assert!(!dept.is_empty() && !commune.is_empty());
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let range = book.worksheet_range("Kê khai").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows[0], ictrank_header());
    let data = &rows[1..];
    assert_eq!(data.len(), 2 * dept.len() + 2 * commune.len());
    assert!(
        stdout.contains(&format!("({} dòng: 4 đơn vị, bộ tiêu chí nd224-2026)", data.len())),
        "{stdout}"
    );
    let of = |unit: &str| {
        data.iter()
            .filter(|r| r[0] == unit)
            .map(|r| r[2].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("so-a"), dept);
    assert_eq!(of("xa-d"), commune);
    let first = &data[0];
    assert_eq!(
        (first[1].as_str(), first[5].as_str(), first[6].as_str()),
        ("Sở A", "", "declared")
    );
    assert!(
        first[3].contains(" (") && !first[4].is_empty(),
        "name with basis, answer hint: {first:?}"
    );
    // The importer reads the layout: an unfilled template has only empty answers to complain of.
    let e = ictrank::declared::parse_file(&out, &eval).unwrap_err();
    assert_eq!(e.problems.len(), data.len(), "{e}");
    assert!(e.problems.iter().all(|p| p.ends_with("giá trị trống")), "{e}");
}

fn ictrank_header() -> Vec<String> {
    [
        "unit_id",
        "Tên đầy đủ của đơn vị",
        "criterion",
        "Nội dung tiêu chí",
        "Cách trả lời",
        "answer",
        "source",
        "note",
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn the_gia_lai_2026_evaluation_loads_and_its_template_reads_back() {
    let eval = Evaluation::load(&repo().join("data/evaluations/gia-lai-2026")).unwrap();
    assert_eq!((eval.rubric.id.as_str(), eval.year), ("nd224-2026", 2026));
    // only units with a confirmed address, every one with a website under gialai.gov.vn
    assert!(!eval.units.is_empty());
    for u in &eval.units {
        let host = u
            .website
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no confirmed site", u.id));
        assert!(host.contains(".gialai.gov.vn/"), "{host}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gia-lai.xlsx");
    let (code, _, err) = ictrank(&[
        "rubric",
        "template",
        "data/evaluations/gia-lai-2026",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let range = book.worksheet_range("Kê khai").unwrap();
    let units: Vec<String> = range.rows().skip(1).map(|r| r[0].to_string()).collect();
    let declared = eval
        .rubric
        .groups
        .iter()
        .flat_map(|g| &g.criteria)
        .filter(|c| c.applies_to("department") && eval.rubric.assessment(c) == Assessment::Declared)
        .count();
    assert_eq!(units.len(), eval.units.len() * declared);
    assert!(eval.units.iter().all(|u| units.contains(&u.id)));
}
