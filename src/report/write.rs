//! Writes every report of a run into one folder: ranking.xlsx, ranking.html, ranking.csv,
//! ranking.json and, per unit, scorecards/<unit_id>.html and .docx. Each file is written whole or
//! not at all (temporary file, then rename).

use super::docx::scorecard_docx;
use super::scorecard::{Scorecard, ScorecardInput};
use super::{HtmlExtras, csv::rows_csv, html_report, json::rows_json, write_atomic, xlsx::write_xlsx};
use crate::rank::Ranking;
use crate::rubric::Rubric;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// Writes the reports into `out_dir` (created if needed) and returns the paths written, in order.
pub fn write_all(
    ranking: &Ranking,
    rubric: &Rubric,
    out_dir: &Path,
    extras: &HtmlExtras,
    scorecards: &[ScorecardInput],
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("cannot create {}", out_dir.display()))?;
    let mut written = Vec::new();

    let path = out_dir.join("ranking.xlsx");
    write_xlsx(ranking, &path)?;
    written.push(path);

    let path = out_dir.join("ranking.html");
    write_atomic(&path, html_report(ranking, extras).as_bytes())?;
    written.push(path);

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

    if !scorecards.is_empty() {
        let dir = out_dir.join("scorecards");
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for input in scorecards {
            check_file_stem(&input.unit_id)?;
            let card = Scorecard::build(
                &input.unit_name,
                &input.kind_name,
                input.audit.as_ref(),
                &input.group_points,
                rubric,
            );
            let path = dir.join(format!("{}.html", input.unit_id));
            write_atomic(&path, card.to_html().as_bytes())?;
            written.push(path);
            let path = dir.join(format!("{}.docx", input.unit_id));
            let bytes = scorecard_docx(&card).with_context(|| format!("cannot build {}", path.display()))?;
            write_atomic(&path, &bytes)?;
            written.push(path);
        }
    }
    Ok(written)
}

/// A unit id names a file: it must not leave the folder or hide the file.
fn check_file_stem(unit_id: &str) -> Result<()> {
    if unit_id.is_empty() || unit_id.starts_with('.') || unit_id.contains(['/', '\\', '\0']) {
        bail!("unit id {unit_id:?} cannot name a scorecard file (empty, starts with '.', or holds a path separator)");
    }
    Ok(())
}
