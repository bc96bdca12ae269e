//! `ictrank serve`: the evaluators' web app, which also answers the crawls asked for in it
//! (`--no-crawl`: left to `ictrank crawl-requests`).

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
    // Crawls asked for in the app are answered by the app itself unless told not to.
    let recrawl = (!a.no_crawl).then(|| ictrank::pipeline::recrawl::RecrawlOptions {
        browser: a.browser.config(&Default::default(), None),
        profiles: ictrank::audit::Profiles::builtin(),
    });
    ictrank::web::serve(
        &a.evaluation,
        &a.addr,
        &Store::spec_from(a.db.as_deref()),
        a.behind_tls,
        recrawl,
    )
    .await?;
    Ok(ExitCode::SUCCESS)
}
