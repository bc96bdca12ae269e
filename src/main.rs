//! The `ictrank` command line: parses the arguments and dispatches to the command's function in
//! [`cli`]; no work lives here.

mod cli;

use cli::args::Command;
use std::process::ExitCode;

fn main() -> ExitCode {
    ictrank::util::memory::return_large_blocks_to_the_system();
    ictrank::util::fds::reserve_descriptor_table();
    let cli = cli::parse();
    // The demo is for people, not developers: its log lines stay off unless RUST_LOG asks for them.
    if !matches!(cli.command, Command::Demo(_)) || std::env::var_os("RUST_LOG").is_some() {
        ictrank::crawl::init_logging();
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let outcome = runtime.block_on(async {
        match cli.command {
            Command::Rank(a) => cli::rank::rank(a).await,
            Command::Verify(a) => cli::rank::verify_tables(a).await,
            Command::Override(a) => cli::overrides::add(a).await,
            Command::Overrides(a) => cli::overrides::list(a).await,
            Command::Crawl(a) => cli::crawl::crawl(a).await,
            Command::Audit(a) => cli::audit::audit(a).await,
            Command::Explain(a) => cli::audit::explain(a).await,
            Command::AuditSite(a) => cli::audit::audit_site(a).await,
            Command::Run(a) => cli::run::run(a).await,
            Command::Report(a) => cli::run::report(a).await,
            Command::Demo(a) => cli::demo::demo(a).await,
            Command::Serve(a) => cli::serve::serve(a).await,
            Command::Import(a) => cli::import::import(a).await,
            Command::Rubric(a) => cli::rubric::rubric(a),
            Command::User(a) => cli::user::user(a).await,
            Command::CrawlRequests(a) => cli::crawl_requests::crawl_requests(a).await,
        }
    });
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("lỗi: {e:#}");
            ExitCode::from(2)
        }
    }
}
