//! The `ictrank` command line: parses arguments and calls the library; no work lives here.

use clap::{Args, Parser, Subcommand};
use ictrank::crawl::{CrawlConfig, CrawlTarget};
use ictrank::store::Store;

#[derive(Parser)]
#[command(
    name = "ictrank",
    version,
    about = "Đánh giá xếp hạng mức độ ứng dụng CNTT — audits agency websites and ranks units"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Crawl sites politely and store what they served (thu thập trang web).
    Crawl(CrawlArgs),
}

#[derive(Args)]
struct CrawlArgs {
    /// Start URLs of the sites to crawl.
    #[arg(required_unless_present = "resume")]
    urls: Vec<String>,
    /// Resolve HOST to ADDR:PORT instead of DNS (repeatable); such hosts may be private addresses.
    #[arg(long = "resolve", value_name = "HOST=ADDR:PORT")]
    resolve: Vec<String>,
    /// Pages per site at most.
    #[arg(long)]
    max_pages: Option<usize>,
    /// Requests per second per host (0 turns the limit off).
    #[arg(long)]
    per_host_rate: Option<f64>,
    /// Requests in flight per host.
    #[arg(long)]
    per_host_concurrency: Option<usize>,
    /// Requests in flight over the whole run.
    #[arg(long)]
    global_concurrency: Option<usize>,
    /// Allow links and redirects to loopback, private and link-local addresses.
    #[arg(long)]
    allow_private_addresses: bool,
    /// Contact address put in the user agent.
    #[arg(long, env = "ICTRANK_CONTACT")]
    contact: Option<String>,
    /// Database: a SQLite file path or a postgres:// URL (default: $ICTRANK_DB or ictrank.db).
    #[arg(long)]
    db: Option<String>,
    /// Continue the given run instead of starting a new one.
    #[arg(long, value_name = "RUN", conflicts_with = "urls")]
    resume: Option<i64>,
}

impl CrawlArgs {
    fn config(&self) -> anyhow::Result<CrawlConfig> {
        let mut cfg = CrawlConfig::default();
        for r in &self.resolve {
            let (host, addr) = CrawlConfig::parse_resolve(r)?;
            cfg.resolve.insert(host, addr);
        }
        if let Some(n) = self.max_pages {
            cfg.max_pages = n;
        }
        if let Some(r) = self.per_host_rate {
            cfg.per_host_rate = (r > 0.0).then_some(r);
        }
        if let Some(n) = self.per_host_concurrency {
            cfg.per_host_concurrency = n;
        }
        if let Some(n) = self.global_concurrency {
            cfg.global_concurrency = n;
        }
        if let Some(c) = &self.contact {
            cfg.user_agent = format!("ictrank/{} (+mailto:{c})", env!("CARGO_PKG_VERSION"));
        }
        cfg.allow_private_addresses = self.allow_private_addresses;
        Ok(cfg)
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Crawl(args) => {
            ictrank::crawl::init_logging();
            let cfg = args.config()?;
            let store = Store::open(&Store::spec_from(args.db.as_deref())).await?;
            let summary = match args.resume {
                Some(run) => ictrank::crawl::resume(&store, run, &cfg).await?,
                None => {
                    let targets = args
                        .urls
                        .iter()
                        .map(|u| CrawlTarget {
                            unit_id: None,
                            url: u.clone(),
                        })
                        .collect();
                    ictrank::crawl::crawl(&store, targets, &cfg).await?
                }
            };
            print!("{summary}");
        }
    }
    Ok(())
}
