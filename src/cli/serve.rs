//! `ictrank serve`: the evaluators' web app.

use super::args::ServeArgs;
use anyhow::Result;
use ictrank::store::Store;
use std::process::ExitCode;

pub async fn serve(a: ServeArgs) -> Result<ExitCode> {
    ictrank::web::serve(&a.evaluation, &a.addr, &Store::spec_from(a.db.as_deref()), a.behind_tls).await?;
    Ok(ExitCode::SUCCESS)
}
