//! The `ictrank` command line: [`args`] holds the arguments (clap derive), and one module per
//! command (or per small family of commands) turns them into calls to the library and prints the
//! result. `main.rs` only parses (with [`parse`], which puts clap's help and errors into
//! Vietnamese) and dispatches.
//!
//! Modules: [`rank`] (rank, verify), [`overrides`] (override, overrides), [`crawl`], [`audit`]
//! (audit, explain, audit-site), [`run`] (run, report), [`demo`], [`serve`], [`import`], [`rubric`]
//! (rubric check, diff, template), [`user`], [`crawl_requests`]; [`input`] reads what people type (URLs without a scheme, "Bảng 1.1").

pub mod args;
pub mod audit;
pub mod browser;
pub mod crawl;
pub mod crawl_requests;
pub mod demo;
pub mod import;
pub mod input;
pub mod overrides;
pub mod rank;
pub mod rubric;
pub mod run;
pub mod serve;
pub mod user;

use anyhow::Result;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};
use ictrank::store::Store;

/// Opens the store named by `--db`, else `$ICTRANK_DB`, else the default file (created if missing:
/// for the commands that write).
pub async fn open_store(db: Option<&str>) -> Result<Store> {
    Store::open(&Store::spec_from(db)).await
}

/// Opens an existing store for a command that only reads: a SQLite file that does not exist is an
/// error naming it (and nothing is created), instead of an empty database.
pub async fn open_existing_store(db: Option<&str>) -> Result<Store> {
    let spec = Store::spec_from(db);
    if let Some(path) = sqlite_path(&spec)
        && !std::path::Path::new(path).is_file()
    {
        let cwd = std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        anyhow::bail!(
            "không có cơ sở dữ liệu {path} (thư mục hiện tại: {cwd}); chỉ ra cơ sở dữ liệu bằng --db hoặc biến ICTRANK_DB, hoặc chạy `ictrank run` trước"
        );
    }
    Store::open(&spec).await
}

/// The file of a SQLite spec ("ictrank.db", "sqlite://x.db?mode=rwc"), `None` for PostgreSQL or
/// an in-memory database.
fn sqlite_path(spec: &str) -> Option<&str> {
    if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
        return None;
    }
    let path = match spec.strip_prefix("sqlite:") {
        Some(rest) => rest.trim_start_matches("//").split('?').next().unwrap_or(""),
        None => spec,
    };
    (!path.is_empty() && !path.contains(":memory:")).then_some(path)
}

/// The help layout, in Vietnamese.
const TEMPLATE: &str = "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// Parses the command line; help, version and errors are printed in Vietnamese and end the process
/// (exit 0 for help and version, 2 for an error), as clap does.
pub fn parse() -> args::Cli {
    parse_from(std::env::args_os()).unwrap_or_else(|(text, code)| {
        if code == 0 {
            print!("{text}");
        } else {
            eprint!("{text}");
        }
        std::process::exit(code)
    })
}

/// [`parse`] without leaving the process: `Err` holds what to print and the exit code.
pub fn parse_from<I, T>(argv: I) -> Result<args::Cli, (String, i32)>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let argv: Vec<std::ffi::OsString> = argv.into_iter().map(Into::into).collect();
    let mut cmd = localize(args::Cli::command(), true);
    // The usage shown with an error is the subcommand's, when one was named.
    let mut usage_cmd = argv
        .iter()
        .skip(1)
        .find_map(|a| cmd.find_subcommand(a).cloned())
        .unwrap_or_else(|| cmd.clone());
    let with_newline = |s: String| if s.ends_with('\n') { s } else { s + "\n" };
    let matches = cmd.try_get_matches_from_mut(argv).map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => (with_newline(e.render().to_string()), 0),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => (with_newline(e.render().to_string()), 2),
        _ => (error_text(&e, &mut usage_cmd), 2),
    })?;
    args::Cli::from_arg_matches(&matches).map_err(|e| (error_text(&e, &mut usage_cmd), 2))
}

/// The command tree with Vietnamese headings, help and version flags, and defaults, allowed values
/// and environment variables written into each option's help text.
pub fn localize(cmd: Command, root: bool) -> Command {
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Lệnh")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In trợ giúp này")
                .help_heading("Tùy chọn")
                .global(true),
        )
        .subcommand_value_name("LỆNH");
    // Arguments are listed in the order they are declared.
    let mut order = 0;
    cmd = cmd
        .mut_args(|a| {
            order += 1;
            localize_arg(a).display_order(order)
        })
        .mut_subcommands(|sub| localize(sub, false));
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In số phiên bản")
                .help_heading("Tùy chọn"),
        );
    }
    // The usage line with Vietnamese placeholders.
    let bin = if root {
        cmd.get_name().to_string()
    } else {
        format!("ictrank {}", cmd.get_name())
    };
    let usage = cmd.clone().bin_name(bin).render_usage().to_string();
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[TÙY_CHỌN]");
    cmd.override_usage(usage)
}

fn localize_arg(arg: Arg) -> Arg {
    let mut extra = Vec::new();
    let values = arg.get_possible_values();
    let shown_values: Vec<_> = values.iter().filter(|v| !v.is_hide_set()).collect();
    if !shown_values.is_empty() && arg.get_action().takes_values() {
        let list: Vec<String> = shown_values
            .iter()
            .map(|v| match v.get_help() {
                Some(h) => format!("{}: {}", v.get_name(), lower_first(&h.to_string())),
                None => v.get_name().to_string(),
            })
            .collect();
        extra.push(format!("[giá trị: {}]", list.join("; ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() && arg.get_action().takes_values() {
        extra.push(format!("[mặc định: {}]", defaults.join(", ")));
    }
    if let Some(env) = arg.get_env() {
        extra.push(format!("[biến môi trường: {}]", env.to_string_lossy()));
    }
    let heading = if arg.is_positional() {
        "Tham số"
    } else {
        "Tùy chọn"
    };
    let mut arg = arg;
    if arg.get_action().takes_values() {
        arg = arg.hide_possible_values(true).hide_default_value(true);
    }
    if arg.get_env().is_some() {
        arg = arg.hide_env(true);
    }
    if arg.get_help_heading().is_none() {
        arg = arg.help_heading(heading);
    }
    if !extra.is_empty() {
        let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
        let help = help.trim_end_matches('.').to_string();
        arg = arg.help(format!("{help} {}", extra.join(" ")).trim().to_string());
    }
    arg
}

/// "Bảng chữ" → "bảng chữ" (a value's help inside a sentence); acronyms ("CSV", "JSON") are kept.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if b.is_lowercase() => a.to_lowercase().chain(std::iter::once(b)).chain(chars).collect(),
        _ => s.to_string(),
    }
}

/// A clap error in Vietnamese: what is wrong, the usage line, and where to read more.
fn error_text(e: &clap::Error, cmd: &mut Command) -> String {
    let text = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    // Only our own (Vietnamese) parse errors are worth quoting; std's are English.
    let cause = std::error::Error::source(e)
        .map(|s| s.to_string())
        .filter(|s| !s.is_ascii());
    let mut msg = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut m = format!("giá trị \"{value}\" không hợp lệ cho {arg}");
            if let Some(c) = &cause {
                m = format!("{arg}: {c}");
            }
            if let Some(valid) = text(ContextKind::ValidValue) {
                m += &format!(" (các giá trị được chấp nhận: {valid})");
            }
            m
        }
        ErrorKind::UnknownArgument => format!("không có tùy chọn {arg}"),
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh \"{}\"",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => format!("thiếu tham số bắt buộc: {arg}"),
        ErrorKind::MissingSubcommand => "thiếu tên lệnh".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "{arg} không dùng cùng với {}",
            text(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::NoEquals => format!("{arg} cần một giá trị sau dấu ="),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("số giá trị cho {arg} không đúng")
        }
        ErrorKind::InvalidUtf8 => "dòng lệnh có ký tự không phải UTF-8".to_string(),
        _ => format!("dòng lệnh không hợp lệ ({arg})"),
    };
    if let Some(s) = text(ContextKind::SuggestedArg).or_else(|| text(ContextKind::SuggestedSubcommand)) {
        msg += &format!("; có phải ý bạn là {s}?");
    }
    let usage = text(ContextKind::Usage).unwrap_or_else(|| cmd.render_usage().to_string());
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    format!("lỗi: {msg}\n\nCách dùng: {usage}\n\nXem thêm: ictrank --help, hoặc ictrank <lệnh> --help\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help(argv: &[&str]) -> String {
        let (text, code) = parse_from(argv.iter().copied()).err().expect("help ends the parse");
        assert_eq!(code, 0, "{text}");
        text
    }

    #[test]
    fn help_is_vietnamese_with_defaults_written_once() {
        let top = help(&["ictrank", "--help"]);
        for want in [
            "Cách dùng:",
            "Lệnh:",
            "Tùy chọn:",
            "In trợ giúp này",
            "Xếp hạng một đợt đánh giá",
        ] {
            assert!(top.contains(want), "{want}:\n{top}");
        }
        let over = help(&["ictrank", "override", "--help"]);
        assert!(!over.contains("[default"), "{over}");
        assert!(!over.contains("[env"), "{over}");
        assert!(over.contains("Tham số:") && over.contains("--by <TÊN>"), "{over}");
        let rank = help(&["ictrank", "rank", "--help"]);
        assert!(rank.contains("[mặc định: table]"), "{rank}");
        assert!(
            rank.contains("[giá trị: table: bảng chữ trên màn hình; csv: CSV"),
            "{rank}"
        );
        assert!(
            rank.contains("Cách dùng: ictrank rank [TÙY_CHỌN] <ĐỢT_ĐÁNH_GIÁ>"),
            "{rank}"
        );
        // Positional arguments in the order they are typed.
        let at = |s: &str| over.find(s).unwrap();
        assert!(
            at("  <ĐỢT_ĐÁNH_GIÁ>") < at("  <ĐƠN_VỊ>") && at("  <ĐƠN_VỊ>") < at("  <TIÊU_CHÍ>"),
            "{over}"
        );
        assert!(top.contains("Cách dùng: ictrank <LỆNH>"), "{top}");
        assert_eq!(rank.matches("mặc định: table").count(), 1, "{rank}");
        for english in [
            "Usage",
            "Options",
            "OPTIONS",
            "COMMAND",
            "Arguments",
            "Print help",
            "[default",
            "[possible",
        ] {
            for text in [&top, &over, &rank] {
                assert!(!text.contains(english), "{english}:\n{text}");
            }
        }
    }

    #[test]
    fn errors_are_vietnamese() {
        let err = |argv: &[&str]| parse_from(argv.iter().copied()).err().unwrap();
        let (text, code) = err(&["ictrank", "run", "x", "--as-of", "13/13/2026"]);
        assert_eq!(code, 2);
        assert!(text.starts_with("lỗi: --as-of <NGÀY>: ngày \"13/13/2026\""), "{text}");
        assert!(
            text.contains("Cách dùng: ictrank run [TÙY_CHỌN] <ĐỢT_ĐÁNH_GIÁ>"),
            "{text}"
        );
        let (text, _) = err(&["ictrank", "rnak"]);
        assert!(
            text.contains("không có lệnh \"rnak\"") && text.contains("rank"),
            "{text}"
        );
        let (text, _) = err(&["ictrank", "rank", "x", "--format", "pdf"]);
        assert!(
            text.contains("không hợp lệ cho --format") && text.contains("xlsx"),
            "{text}"
        );
        let (text, _) = err(&["ictrank", "override", "x"]);
        assert!(text.contains("thiếu tham số bắt buộc"), "{text}");
        assert!(!text.contains("Usage"), "{text}");
        assert!(text.contains("Cách dùng: ictrank override [TÙY_CHỌN]"), "{text}");
    }

    #[test]
    fn dates_parse_in_both_forms() {
        for d in ["02/12/2026", "2026-12-02"] {
            let cli = parse_from(["ictrank", "demo", "--as-of", d]).ok().unwrap();
            let args::Command::Demo(a) = cli.command else { panic!() };
            assert_eq!(a.as_of, chrono::NaiveDate::from_ymd_opt(2026, 12, 2));
        }
    }

    #[test]
    fn sqlite_paths_are_found_in_specs() {
        assert_eq!(sqlite_path("ictrank.db"), Some("ictrank.db"));
        assert_eq!(sqlite_path("sqlite://a/b.db?mode=rwc"), Some("a/b.db"));
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }
}
