//! `ictrank crawl-requests`: answers the crawls evaluators asked for in the web app, one unit at a
//! time, in this process (for deployments where `ictrank serve --no-crawl` must not crawl), and
//! prints how each ended. Exit 1 when a request failed.

use super::args::CrawlRequestsArgs;
use super::open_existing_store;
use anyhow::Result;
use ictrank::pipeline::recrawl::{RecrawlOptions, answer_all};
use ictrank::registry::Evaluation;
use std::process::ExitCode;

pub async fn crawl_requests(a: CrawlRequestsArgs) -> Result<ExitCode> {
    let eval = Evaluation::load(&a.evaluation)?;
    let store = open_existing_store(a.db.as_deref()).await?;
    let opts = RecrawlOptions {
        browser: a.browser.config(&Default::default(), None),
        profiles: ictrank::audit::Profiles::builtin(),
    };
    let answered = answer_all(&store, &eval, &opts).await?;
    if answered.is_empty() {
        println!("Không có yêu cầu thu thập lại nào đang chờ.");
        return Ok(ExitCode::SUCCESS);
    }
    let mut failed = 0;
    for a in &answered {
        let name = eval
            .unit(&a.request.unit_id)
            .map_or(a.request.unit_id.as_str(), |u| u.name.as_str());
        match &a.outcome {
            Ok((crawl_run, dir)) => {
                print!(
                    "Xong: {name} (yêu cầu #{} của {}), lượt đánh giá #{} dùng lượt thu thập #{crawl_run}",
                    a.request.id, a.request.requested_by, a.run_id
                );
                match dir {
                    Some(d) => println!("; báo cáo mới trong {}", d.display()),
                    None => println!(),
                }
            }
            Err(why) => {
                failed += 1;
                println!("Lỗi: {name} (yêu cầu #{}): {why}", a.request.id);
            }
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
