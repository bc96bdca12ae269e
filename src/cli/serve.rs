//! `ictrank serve`: the evaluators' web app.

use super::args::ServeArgs;
use anyhow::Result;
use ictrank::store::Store;
use std::process::ExitCode;

pub async fn serve(a: ServeArgs) -> Result<ExitCode> {
    println!(
        "Ứng dụng xem xét của đợt đánh giá {}: mở http://{}/ trong trình duyệt (Ctrl+C để dừng).",
        a.evaluation.display(),
        a.addr
    );
    ictrank::web::serve(&a.evaluation, &a.addr, &Store::spec_from(a.db.as_deref()), a.behind_tls).await?;
    Ok(ExitCode::SUCCESS)
}
