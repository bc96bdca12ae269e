//! `ictrank crawl`, and the crawler options every crawling command shares: [`CrawlOptions`] into a
//! [`CrawlConfig`], command-line targets into [`CrawlTarget`]s.

use super::args::{CrawlArgs, CrawlOptions};
use super::open_store;
use anyhow::Result;
use ictrank::crawl::{CrawlConfig, CrawlTarget};
use ictrank::registry::Evaluation;
use std::path::Path;
use std::process::ExitCode;

pub async fn crawl(a: CrawlArgs) -> Result<ExitCode> {
    let cfg = a.options.config()?;
    let store = open_store(a.db.as_deref()).await?;
    let summary = match a.resume {
        Some(run) => ictrank::crawl::resume(&store, run, &cfg).await?,
        None => ictrank::crawl::crawl(&store, crawl_targets(&a.targets)?, &cfg).await?,
    };
    print!("{summary}");
    Ok(if summary.sites_unfinished == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

impl CrawlOptions {
    /// The crawler's configuration: its defaults, with what the command line sets.
    pub fn config(&self) -> Result<CrawlConfig> {
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
        if let Some(b) = self.site_time_budget {
            cfg.site_time_budget = b;
        }
        Ok(cfg)
    }
}

/// Crawl targets from the command line: an evaluation folder stands for its units' websites.
fn crawl_targets(args: &[String]) -> Result<Vec<CrawlTarget>> {
    let mut out = Vec::new();
    for a in args {
        let path = Path::new(a);
        if path.join("evaluation.toml").is_file() {
            let eval = Evaluation::load(path)?;
            out.extend(ictrank::pipeline::crawl_targets(&eval));
        } else {
            out.push(CrawlTarget {
                unit_id: None,
                url: a.clone(),
            });
        }
    }
    Ok(out)
}
