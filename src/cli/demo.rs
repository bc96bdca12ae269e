//! `ictrank demo`: the whole job on a bundled demo evaluation and its fixture sites, served on
//! loopback by the command itself: the current regime's by default, the 2015 rubric's with
//! `--rubric-2015`.

use super::args::DemoArgs;
use super::run::print_run_outcome;
use anyhow::Result;
use std::process::ExitCode;

pub async fn demo(a: DemoArgs) -> Result<ExitCode> {
    let as_of = ictrank::util::time::resolve_as_of(a.as_of);
    // today's rules by default; the 2015 rubric's demo on request
    let outcome = if a.rubric_2015 {
        ictrank::demo::run(&a.out, as_of).await?
    } else {
        ictrank::demo::run_current(&a.out, as_of).await?
    };
    print_run_outcome(&outcome.results, &outcome.dir, &outcome.files);
    println!("open {} in a browser", outcome.dir.join("ranking.html").display());
    // Units awaiting review are part of the demo (an unreachable site, a challenge page).
    Ok(ExitCode::SUCCESS)
}
