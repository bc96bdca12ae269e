//! Declared data with the store: an evaluation's declared values (its own files, then the imports
//! stored), and the import of a CSV/XLSX file into the store. [`crate::declared`] reads and checks
//! the files; [`crate::store::declared`] keeps the imports.
//!
//! Main items: [`load_all`], [`import_file`] and [`ImportSummary`].

use crate::declared::{DeclaredSet, parse_file};
use crate::registry::Evaluation;
use crate::store::{self, Store};
use anyhow::Result;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::Path;

/// The declared values of an evaluation: its own files, then what evaluators imported into `store`.
pub async fn load_all(eval: &Evaluation, store: &Store) -> Result<DeclaredSet> {
    let mut set = DeclaredSet::from_evaluation_files(eval)?;
    set.extend(store::declared::load_imported(store, &eval.id).await?);
    Ok(set)
}

/// What an import stored.
#[derive(Clone, Debug)]
pub struct ImportSummary {
    pub import_id: i64,
    pub values: usize,
    pub units: usize,
}

/// Checks a CSV/XLSX file against the evaluation and stores its values in one transaction; a file with
/// any problem stores nothing and the error lists every problem with its place.
pub async fn import_file(store: &Store, eval: &Evaluation, path: &Path) -> Result<ImportSummary> {
    let values = parse_file(path, eval)?;
    let bytes = std::fs::read(path)?;
    let sha = hex::encode(Sha256::digest(&bytes));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let import_id = store::declared::save_import(store, &eval.id, &name, &sha, &values).await?;
    let units: BTreeSet<_> = values.iter().map(|v| &v.unit_id).collect();
    Ok(ImportSummary {
        import_id,
        values: values.len(),
        units: units.len(),
    })
}
