//! `ictrank import`: declared data from a CSV or XLSX file into an evaluation.

use super::args::ImportArgs;
use super::open_store;
use anyhow::Result;
use ictrank::registry::Evaluation;
use std::process::ExitCode;

pub async fn import(a: ImportArgs) -> Result<ExitCode> {
    let eval = Evaluation::load(&a.evaluation)?;
    let store = open_store(a.db.as_deref()).await?;
    let s = ictrank::pipeline::declared::import_file(&store, &eval, &a.file).await?;
    println!(
        "đã nhập {} giá trị của {} đơn vị từ {} (lần nhập #{})",
        s.values,
        s.units,
        a.file.display(),
        s.import_id
    );
    Ok(ExitCode::SUCCESS)
}
