//! The command line as a person uses it, through the built binary: Vietnamese help and errors,
//! inputs as people write them (dates, tables, addresses), and read-only commands that never
//! create a database.

use std::path::Path;
use std::process::{Command, Output};

const EVAL: &str = "data/evaluations/binh-dinh-2016";

fn ictrank(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ictrank"))
        .current_dir(dir)
        .args(args)
        .env_remove("ICTRANK_DB")
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn read_only_commands_on_a_missing_database_say_which_and_leave_no_file() {
    let tmp = tempfile::tempdir().unwrap();
    let eval = repo().join(EVAL);
    let eval = eval.to_str().unwrap();
    let cases: [&[&str]; 6] = [
        &["explain", "1", "so-y-te"],
        &["report", "1"],
        &["overrides", eval],
        &["rank", eval, "--year", "2016"],
        &["rank", eval, "--db", "khong-co.db"],
        &["verify", eval, "--db", "sub/khong-co.db"],
    ];
    for args in cases {
        let o = ictrank(tmp.path(), args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        let named = args
            .iter()
            .position(|a| *a == "--db")
            .map_or("ictrank.db", |i| args[i + 1]);
        assert!(
            err.starts_with(&format!("lỗi: không có cơ sở dữ liệu {named} ")),
            "{args:?}: {err}"
        );
        let left: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(left.is_empty(), "{args:?} left {left:?}");
    }
}

#[test]
fn tables_are_accepted_as_the_decision_names_them() {
    let dir = repo();
    let want = stdout(&ictrank(&dir, &["rank", EVAL, "--table", "1.3b"]));
    assert!(want.starts_with("Bảng 1.3b. "), "{want}");
    for typed in ["Bảng 1.3b", "1.3B", "bảng 1.3B", " 1.3b "] {
        let o = ictrank(&dir, &["rank", EVAL, "--table", typed]);
        assert_eq!(stdout(&o), want, "{typed}: {}", stderr(&o));
    }
    let o = ictrank(&dir, &["rank", EVAL, "--table", "Bảng 1.1"]);
    assert!(stdout(&o).starts_with("Bảng 1.1. "), "{}", stderr(&o));
    let o = ictrank(&dir, &["rank", EVAL, "--table", "Bảng 9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("lỗi: không có bảng \"Bảng 9\" (các bảng: 1, 1.1"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn csv_from_rank_is_for_people_unless_machine_headers_are_asked() {
    let dir = repo();
    let o = ictrank(&dir, &["rank", EVAL, "--format", "csv", "--table", "1"]);
    assert!(o.stdout.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = stdout(&o);
    assert!(
        text.trim_start_matches('\u{feff}')
            .starts_with("Bảng,Nhóm tiêu chí,Loại đơn vị,STT,"),
        "{text}"
    );
    assert!(text.contains(",Tốt\n") && text.contains(",Trung bình\n"), "{text}");
    let o = ictrank(
        &dir,
        &["rank", EVAL, "--format", "csv", "--table", "1", "--csv-headers", "may"],
    );
    let text = stdout(&o);
    assert!(text.starts_with("table,group,unit_kind,row,"), "{text}");
    assert!(text.contains(",tot\n"), "{text}");
}

#[test]
fn dates_are_accepted_day_first_or_iso_and_refused_in_vietnamese() {
    let tmp = tempfile::tempdir().unwrap();
    // An address without its scheme is crawled as https:// (here refused at once on loopback: the
    // site cannot be verified, which is a result, not an error).
    for date in ["02/12/2026", "2026-12-02"] {
        let o = ictrank(
            tmp.path(),
            &[
                "audit-site",
                "stp.thunghiem.gov.vn",
                "--resolve",
                "stp.thunghiem.gov.vn=127.0.0.1:9",
                "--as-of",
                date,
                "--format",
                "json",
            ],
        );
        assert!(o.status.success(), "{date}: {}", stderr(&o));
        let audit: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(audit["site"], "https://stp.thunghiem.gov.vn/", "{date}");
        assert_eq!(audit["as_of"], "2026-12-02", "{date}");
        assert_eq!(audit["outcome"], "could_not_verify");
    }
    let o = ictrank(tmp.path(), &["audit-site", "x.gov.vn", "--as-of", "12/31/2026"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("lỗi: --as-of <NGÀY>: ngày \"12/31/2026\" không có trên lịch"),
        "{err}"
    );
    assert!(err.contains("Cách dùng: ictrank audit-site"), "{err}");
    assert!(
        std::fs::read_dir(tmp.path()).unwrap().next().is_none(),
        "audit-site keeps its database temporary"
    );
}

#[test]
fn override_help_shows_one_vietnamese_default() {
    let o = ictrank(&repo(), &["override", "--help"]);
    let help = stdout(&o);
    assert!(o.status.success());
    assert!(
        help.contains("--by <TÊN>        Người quyết định điều chỉnh [mặc định: tên đăng nhập trên máy (biến USER)]"),
        "{help}"
    );
    assert!(!help.contains("default") && !help.contains("env"), "{help}");
}
