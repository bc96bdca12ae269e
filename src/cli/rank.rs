//! `ictrank rank` and `ictrank verify`: an evaluation's tables from its declared data (and, for a
//! year, its stored website runs), printed or written in the format asked, or compared with the
//! published tables.

use super::args::{CsvHeaders, RankArgs, RankFormat, VerifyArgs};
use super::{input, open_existing_store};
use anyhow::{Context, Result};
use ictrank::declared::DeclaredSet;
use ictrank::pipeline::declared::load_all;
use ictrank::rank::{self, verify::verify};
use ictrank::registry::Evaluation;
use ictrank::report;
use ictrank::store::Store;
use std::path::Path;
use std::process::ExitCode;

pub async fn rank(a: RankArgs) -> Result<ExitCode> {
    let (eval, ranking) = match a.year {
        Some(y) => {
            let eval = Evaluation::load(&a.evaluation)?;
            let store = open_existing_store(a.db.as_deref()).await?;
            let annual = ictrank::pipeline::run::annual_result(&store, &eval, y).await?;
            // which rubric scored which months (several when the rules changed during the year)
            for r in &annual.rubrics {
                eprintln!("Bộ tiêu chí {}", r.text());
            }
            let ranking = rank::rank(&eval, &annual.points);
            (eval, ranking)
        }
        None => ranking_of(&a.evaluation, a.db.as_deref()).await?,
    };
    let tables: Vec<&rank::Table> = match &a.table {
        Some(typed) => vec![table_named(&eval, &ranking, typed)?],
        None => ranking.tables.iter().collect(),
    };
    let rows = || tables.iter().flat_map(|t| &t.rows);
    let text = match a.format {
        RankFormat::Json => serde_json::to_string_pretty(&report::json::rows_json(rows()))? + "\n",
        RankFormat::Csv => {
            let mut buf = Vec::new();
            let headers = match a.csv_headers {
                CsvHeaders::TiengViet => report::csv::Headers::Vietnamese,
                CsvHeaders::May => report::csv::Headers::Machine,
            };
            report::csv::rows_csv(&ranking, rows(), headers, &mut buf)?;
            String::from_utf8(buf)?
        }
        RankFormat::Table => tables
            .iter()
            .map(|t| report::terminal::table_text(&ranking, t))
            .collect::<Vec<_>>()
            .join("\n"),
        RankFormat::Xlsx => {
            let path = a.out.as_deref().context("--format xlsx cần --out TỆP.xlsx")?;
            let mut only = ranking.clone();
            only.tables.retain(|t| tables.iter().any(|s| s.id == t.id));
            report::xlsx::write_xlsx(&only, path)?;
            eprintln!("đã ghi {}", path.display());
            return Ok(ExitCode::SUCCESS);
        }
    };
    emit(&text, a.out.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

pub async fn verify_tables(a: VerifyArgs) -> Result<ExitCode> {
    let (eval, ranking) = ranking_of(&a.evaluation, a.db.as_deref()).await?;
    let found = verify(&eval, &ranking)?;
    for d in &found {
        println!("{d}");
    }
    for c in &eval.corrections {
        eprintln!(
            "ghi chú: Bảng {}, dòng {} (in là \"{}\") được hiểu là đơn vị {}: {}",
            c.table, c.row, c.printed, c.unit, c.note
        );
    }
    eprintln!("{} chỗ khác với các bảng đã công bố", found.len());
    Ok(if found.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The ranking of an evaluation from its declared data.
async fn ranking_of(dir: &Path, db: Option<&str>) -> Result<(Evaluation, rank::Ranking)> {
    let eval = Evaluation::load(dir)?;
    let declared = match db.map(str::to_string).or_else(|| std::env::var("ICTRANK_DB").ok()) {
        // Imports live in the database; without one named, only the evaluation's own files count
        // unless the default database exists.
        Some(spec) => load_all(&eval, &open_existing_store(Some(&spec)).await?).await?,
        None if Path::new(ictrank::store::DEFAULT_DB).exists() => {
            load_all(&eval, &Store::open(ictrank::store::DEFAULT_DB).await?).await?
        }
        None => DeclaredSet::from_evaluation_files(&eval)?,
    };
    let ranking = rank::rank(&eval, &rank::points_from_declared(&eval, &declared));
    Ok((eval, ranking))
}

/// The table a person named ("Bảng 1.1", "1.3B", an alias of the rubric), or an error listing them.
fn table_named<'a>(eval: &Evaluation, ranking: &'a rank::Ranking, typed: &str) -> Result<&'a rank::Table> {
    let id = input::table_id(typed);
    let id = rank::canonical_table_id(eval, &id);
    ranking
        .table(&id)
        .or_else(|| ranking.tables.iter().find(|t| t.id.to_lowercase() == id))
        .with_context(|| {
            let ids: Vec<_> = ranking.tables.iter().map(|t| t.id.as_str()).collect();
            format!("không có bảng \"{typed}\" (các bảng: {})", ids.join(", "))
        })
}

fn emit(text: &str, out: Option<&Path>) -> Result<()> {
    match out {
        Some(p) => std::fs::write(p, text).with_context(|| format!("không ghi được {}", p.display())),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
