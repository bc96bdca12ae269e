//! `ictrank demo`: the whole job on the bundled demo evaluation and its fixture sites, served on
//! loopback by the command itself.

use super::args::DemoArgs;
use super::run::print_run_outcome;
use anyhow::Result;
use std::process::ExitCode;

pub async fn demo(a: DemoArgs) -> Result<ExitCode> {
    let as_of = ictrank::util::time::resolve_as_of(a.as_of);
    let outcome = ictrank::demo::run(&a.out, as_of, a.browser.config(&Default::default(), None)).await?;
    print_run_outcome(&outcome.results, &outcome.dir, &outcome.files);
    println!("open {} in a browser", outcome.dir.join("ranking.html").display());
    // Units awaiting review are part of the demo (an unreachable site, a challenge page).
    Ok(ExitCode::SUCCESS)
}
