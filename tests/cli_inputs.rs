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

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn demo_ends_with_what_to_do_next_and_report_writes_new_versions_beside_the_old() {
    let tmp = tempfile::tempdir().unwrap();
    let o = ictrank(tmp.path(), &["demo", "--out", "mau", "--as-of", "02/12/2026"]);
    let out = stdout(&o);
    let err = stderr(&o);
    assert!(o.status.success(), "{out}\n{err}");
    // No developer log lines (module paths, UTC times) on either stream.
    for text in [&out, &err] {
        assert!(
            !text.contains("ictrank::") && !text.contains(" INFO ") && !text.contains("Z "),
            "{text}"
        );
    }
    let root = std::fs::canonicalize(tmp.path()).unwrap();
    let eval = root.join("mau/evaluation");
    let db = root.join("mau/ictrank.db");
    let run_dir = root.join("mau/runs/demo-2026/run-1");
    assert!(out.contains("Lượt đánh giá #1 (ngày đánh giá 02/12/2026)"), "{out}");
    let next = &out[out.find("Bước tiếp theo:").expect("next steps")..];
    assert!(
        next.contains(&run_dir.join("ranking.html").display().to_string()),
        "{next}"
    );
    assert!(
        next.contains(&format!("ictrank serve {} --db {}", eval.display(), db.display())),
        "{next}"
    );
    assert!(
        next.contains(&format!("Cơ sở dữ liệu của đợt đánh giá mẫu: {}", db.display())),
        "{next}"
    );
    assert!(db.is_file() && eval.join("evaluation.toml").is_file());
    // The stored copies are counted, not listed one by one.
    assert!(!out.contains("ban-luu/so-"), "{out}");

    // `report` never writes over the reports already sent out: each rebuild is a new folder.
    let before = snapshot(&run_dir);
    let db_arg = db.display().to_string();
    let version = "run-1-v2";
    let o = ictrank(tmp.path(), &["report", "1", "--db", &db_arg]);
    assert_eq!(o.status.code(), Some(3), "units await review: {}", stderr(&o));
    // The run recorded its folder as the demo named it (relative to where it ran).
    let dir = root.join("mau/runs/demo-2026").join(version);
    assert!(
        stdout(&o).contains(&format!("báo cáo trong mau/runs/demo-2026/{version}\n")),
        "{}",
        stdout(&o)
    );
    assert!(dir.join("ranking.xlsx").is_file() && dir.join("scorecards/so-y-te.html").is_file());
    assert_eq!(snapshot(&run_dir), before, "run-1 was changed");
}

/// `--lease` is a crawl worker's heartbeat window: given without `--worker` (a resumed run, a run
/// created for workers, a run in one process) it would be ignored, so it is refused, in
/// Vietnamese, before any database is touched.
#[test]
fn crawl_lease_without_worker_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: [&[&str]; 3] = [
        &["crawl", "--resume", "1", "--lease", "30", "--db", "x.db"],
        &[
            "crawl",
            "http://a.test/",
            "--create-only",
            "--lease",
            "30",
            "--db",
            "x.db",
        ],
        &["crawl", "http://a.test/", "--lease", "30", "--db", "x.db"],
    ];
    for args in cases {
        let o = ictrank(tmp.path(), args);
        let err = stderr(&o);
        assert_ne!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.contains("--lease 30 chỉ dùng với --worker"), "{args:?}: {err}");
        assert!(!tmp.path().join("x.db").exists(), "{args:?} opened the database");
    }
}
