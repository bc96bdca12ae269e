//! PDF printouts of the HTML reports through headless Chromium (`--print-to-pdf`), which lays out
//! Vietnamese text and the inline SVG charts exactly as the browser shows them. The page size and
//! margins come from the pages' own `@page` CSS (A4).
//!
//! Main functions: [`find_chromium`] (`$ICTRANK_CHROMIUM`, else the usual install paths) and
//! [`html_to_pdf`]. Without Chromium no PDF is written and the caller says so.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one printout may take before Chromium is stopped.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The Chromium to print with: `$ICTRANK_CHROMIUM` (empty turns PDFs off), else the first of the
/// usual binaries found.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ICTRANK_CHROMIUM") {
        return (!p.is_empty()).then(|| PathBuf::from(p)).filter(|p| p.is_file());
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
        "/usr/bin/google-chrome-stable",
        "/snap/bin/chromium",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// Prints the HTML file `html` to `pdf` (written whole or not at all) with `chromium`, offline:
/// the page is a local file and Chromium's background networking is off.
pub fn html_to_pdf(chromium: &Path, html: &Path, pdf: &Path) -> Result<()> {
    let html = std::path::absolute(html)?;
    let name = pdf
        .file_name()
        .context("đường dẫn PDF không có tên tệp")?
        .to_string_lossy()
        .into_owned();
    let tmp = pdf.with_file_name(format!(".{name}.tmp"));
    let profile = tempfile::tempdir().context("không tạo được thư mục hồ sơ cho Chromium")?;
    // Chromium's chatter goes to a file: a pipe nobody reads while waiting could fill and stall it.
    let log_path = profile.path().join("stderr.txt");
    let log = std::fs::File::create(&log_path)?;
    let mut child = Command::new(chromium)
        .args(crate::browser::pool::QUIET_HEADLESS)
        .args([
            "--no-sandbox",
            "--disable-quic",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
        ])
        .arg(format!("--user-data-dir={}", profile.path().join("profile").display()))
        .arg(format!("--print-to-pdf={}", tmp.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .spawn()
        .with_context(|| format!("không chạy được {}", chromium.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break s;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_file(&tmp);
            bail!(
                "Chromium không in xong {} sau {} giây",
                html.display(),
                TIMEOUT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let written = std::fs::metadata(&tmp).map(|m| m.len()).unwrap_or(0);
    if !status.success() || written < 100 {
        let err = std::fs::read_to_string(&log_path).unwrap_or_default();
        let _ = std::fs::remove_file(&tmp);
        bail!(
            "Chromium không in được {} ra PDF ({status}): {}",
            html.display(),
            err.lines().rev().take(3).collect::<Vec<_>>().join(" | ")
        );
    }
    std::fs::rename(&tmp, pdf).with_context(|| format!("không đổi tên được {} thành {}", tmp.display(), pdf.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_printout_is_an_error_naming_the_page_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let html = dir.path().join("ranking.html");
        std::fs::write(&html, "<p>x</p>").unwrap();
        let pdf = dir.path().join("ranking.pdf");
        // `false` exits 1 without printing anything, as a broken Chromium would.
        let e = html_to_pdf(Path::new("/bin/false"), &html, &pdf)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("Chromium không in được") && e.contains("ranking.html"),
            "{e}"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, [std::ffi::OsString::from("ranking.html")]);
    }
}
