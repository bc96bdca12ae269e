//! Writes every report of a run into one folder: ranking.xlsx, ranking.html, ranking.csv,
//! ranking.json, and per unit `scorecards/<unit_id>.html` and `.docx` with the stored copies of its
//! evidence pages (`scorecards/ban-luu/<unit_id>/<n>.html`); then, when headless Chromium is there,
//! ranking.pdf and scorecards.pdf (every scorecard, one unit per page). Each file is written whole
//! or not at all (temporary file, then rename).

use super::docx::scorecard_docx;
use super::markup::escape;
use super::scorecard::{Scorecard, ScorecardInput, StoredPage};
use super::{HtmlExtras, csv::rows_csv, html_report, json::rows_json, pdf, write_atomic, xlsx::write_xlsx};
use crate::rank::Ranking;
use crate::rubric::Rubric;
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder of stored copies, inside scorecards/.
pub const STORED_DIR: &str = "ban-luu";

/// Writes the reports into `out_dir` (created if needed) and returns the paths written, in order.
pub fn write_all(
    ranking: &Ranking,
    rubric: &Rubric,
    out_dir: &Path,
    extras: &HtmlExtras,
    scorecards: &[ScorecardInput],
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("không tạo được thư mục {}", out_dir.display()))?;
    let mut written = Vec::new();

    let path = out_dir.join("ranking.xlsx");
    write_xlsx(ranking, &path)?;
    written.push(path);

    let ranking_html = out_dir.join("ranking.html");
    write_atomic(&ranking_html, html_report(ranking, extras).as_bytes())?;
    written.push(ranking_html.clone());

    let path = out_dir.join("ranking.csv");
    let mut csv = Vec::new();
    rows_csv(ranking, ranking.rows(), super::csv::Headers::Vietnamese, &mut csv)?;
    write_atomic(&path, &csv)?;
    written.push(path);

    let path = out_dir.join("ranking.json");
    write_atomic(
        &path,
        serde_json::to_string_pretty(&rows_json(ranking.rows()))?.as_bytes(),
    )?;
    written.push(path);

    let mut all_cards = String::new();
    let dir = out_dir.join("scorecards");
    if !scorecards.is_empty() {
        std::fs::create_dir_all(&dir).with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
        for input in scorecards {
            check_file_stem(&input.unit_id)?;
            let stored = write_stored_pages(&dir, &input.unit_id, &input.stored_pages, &mut written)?;
            let card = Scorecard::build(
                &input.unit_name,
                &input.kind_name,
                input.audit.as_ref(),
                &input.group_points,
                rubric,
            )
            .with_standing(ranking, &input.unit_id, stored);
            all_cards += &card.body_html();
            let path = dir.join(format!("{}.html", input.unit_id));
            write_atomic(&path, card.to_html().as_bytes())?;
            written.push(path);
            let path = dir.join(format!("{}.docx", input.unit_id));
            let bytes = scorecard_docx(&card).with_context(|| format!("không lập được {}", path.display()))?;
            write_atomic(&path, &bytes)?;
            written.push(path);
        }
    }

    // The printouts: the office publishes PDFs. A printout that fails costs only itself: every
    // other report is already written, and the list of files says what is there.
    match pdf::find_chromium() {
        Some(chromium) => {
            let print =
                |html: &Path, path: PathBuf, written: &mut Vec<PathBuf>| match pdf::html_to_pdf(&chromium, html, &path)
                {
                    Ok(()) => written.push(path),
                    Err(e) => tracing::warn!(pdf = %path.display(), error = %format!("{e:#}"), "PDF not written"),
                };
            print(&ranking_html, out_dir.join("ranking.pdf"), &mut written);
            if !scorecards.is_empty() {
                // Printed from inside scorecards/ so the links to stored copies still resolve.
                let all = dir.join("tat-ca.html");
                let page = super::html::page("Phiếu kết quả đánh giá các đơn vị", &all_cards);
                write_atomic(&all, page.as_bytes())?;
                written.push(all.clone());
                print(&all, out_dir.join("scorecards.pdf"), &mut written);
            }
        }
        None => tracing::warn!("no headless Chromium found (set ICTRANK_CHROMIUM): PDF reports not written"),
    }
    Ok(written)
}

/// Writes each stored page as a page of ours: where and when it was fetched, then the stored HTML
/// in a sandboxed frame (no script of the site runs, nothing is fetched from it). Returns evidence
/// URL → path relative to the scorecard.
fn write_stored_pages(
    dir: &Path,
    unit_id: &str,
    pages: &[StoredPage],
    written: &mut Vec<PathBuf>,
) -> Result<BTreeMap<String, String>> {
    let mut links = BTreeMap::new();
    if pages.is_empty() {
        return Ok(links);
    }
    let unit_dir = dir.join(STORED_DIR).join(unit_id);
    std::fs::create_dir_all(&unit_dir).with_context(|| format!("không tạo được thư mục {}", unit_dir.display()))?;
    for (n, p) in pages.iter().enumerate() {
        if links.contains_key(&p.url) {
            continue;
        }
        let name = format!("{}.html", n + 1);
        let fetched = p
            .fetched_at
            .with_timezone(&crate::util::time::vn_offset())
            .format("%H:%M ngày %d/%m/%Y");
        let status = p.status.map(|s| format!(", mã trả lời HTTP {s}")).unwrap_or_default();
        let body = format!(
            r#"<h1>Bản lưu trang</h1><p class="note">Trang <a href="{url}">{url_text}</a>, thu thập lúc {fetched} (giờ Việt Nam){status}. Bản lưu hiển thị nội dung trang như lúc thu thập; liên kết, hình ảnh và mã chạy của trang không được tải.</p><iframe sandbox="" style="width:100%;height:80vh;border:1px solid #999" srcdoc="{doc}"></iframe>"#,
            url = escape(&p.url),
            url_text = escape(&p.url),
            doc = escape(&p.text)
        );
        let path = unit_dir.join(&name);
        write_atomic(
            &path,
            super::html::page(&format!("Bản lưu: {}", p.url), &body).as_bytes(),
        )?;
        written.push(path);
        links.insert(p.url.clone(), format!("{STORED_DIR}/{unit_id}/{name}"));
    }
    Ok(links)
}

/// A unit id names a file: it must not leave the folder or hide the file.
fn check_file_stem(unit_id: &str) -> Result<()> {
    if unit_id.is_empty() || unit_id.starts_with('.') || unit_id.contains(['/', '\\', '\0']) {
        bail!(
            "mã đơn vị {unit_id:?} không dùng làm tên tệp phiếu kết quả được (rỗng, bắt đầu bằng '.', hoặc chứa dấu phân cách thư mục)"
        );
    }
    Ok(())
}
