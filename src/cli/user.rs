//! `ictrank user add|list|disable`: the web app's accounts. A password is read from the terminal
//! without echo (twice), or as one line from standard input when it is not a terminal, and stored
//! only as its argon2id hash.

use super::args::{UserAction, UserArgs};
use super::open_store;
use anyhow::{Context, Result, bail};
use ictrank::store::users::{self, Role};
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

/// Shortest password accepted.
const MIN_PASSWORD: usize = 10;

pub async fn user(a: UserArgs) -> Result<ExitCode> {
    let store = open_store(a.db.as_deref()).await?;
    match a.action {
        UserAction::Add { name, role } => {
            let name = name.trim().to_string();
            if name.is_empty() || name.chars().any(char::is_whitespace) {
                bail!("tên tài khoản \"{name}\" không hợp lệ: cần một từ, không có khoảng trắng");
            }
            let role = Role::parse(&role).context("quyền phải là viewer, evaluator hoặc admin")?;
            let password = read_password()?;
            if password.chars().count() < MIN_PASSWORD {
                bail!("mật khẩu quá ngắn: cần ít nhất {MIN_PASSWORD} ký tự");
            }
            let hash = ictrank::web::auth::hash_password(&password)?;
            users::add_user(&store, &name, role, &hash).await?;
            println!("Đã thêm tài khoản {name} ({}).", role.vietnamese());
        }
        UserAction::List => {
            let all = users::list_users(&store).await?;
            if all.is_empty() {
                println!("Chưa có tài khoản nào.");
            }
            for u in all {
                println!(
                    "{:<20} {:<14} {:<10} tạo lúc {}",
                    u.name,
                    u.role.vietnamese(),
                    if u.disabled { "đã khoá" } else { "hoạt động" },
                    ictrank::util::time::timestamp_vn(&u.created_at)
                );
            }
        }
        UserAction::Disable { name } => {
            if !users::set_disabled(&store, &name, true).await? {
                bail!("không có tài khoản \"{name}\"");
            }
            println!("Đã khoá tài khoản {name}.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The password: typed twice without echo on a terminal, else the first line of standard input.
fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .context("không đọc được mật khẩu từ đầu vào chuẩn")?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let first = prompt_hidden("Mật khẩu: ")?;
    let second = prompt_hidden("Nhập lại mật khẩu: ")?;
    if first != second {
        bail!("hai lần nhập mật khẩu không khớp");
    }
    Ok(first)
}

/// Reads one line from the terminal with echo off (stty), restoring it afterwards.
fn prompt_hidden(prompt: &str) -> Result<String> {
    use std::io::Write;
    eprint!("{prompt}");
    std::io::stderr().flush()?;
    let stty = |arg: &str| {
        std::process::Command::new("stty")
            .arg(arg)
            .stdin(std::process::Stdio::inherit())
            .status()
    };
    let hidden = stty("-echo").is_ok_and(|s| s.success());
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    if hidden {
        let _ = stty("echo");
    }
    eprintln!();
    read.context("không đọc được mật khẩu")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
