//! `ictrank crawl` (a run in one process, `--create-only` then `--worker` processes sharing it), and the crawler options every crawling command shares: [`CrawlOptions`] into a
//! [`CrawlConfig`], command-line targets into [`CrawlTarget`]s.

use super::args::{CrawlArgs, CrawlOptions};
use super::{input, open_store};
use anyhow::{Context, Result, bail};
use ictrank::crawl::{CrawlConfig, CrawlTarget, WorkerOptions};
use ictrank::registry::Evaluation;
use ictrank::store::crawl::latest_unfinished_run_id;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// A crawl worker's lease when `--lease` is not given, in seconds.
const DEFAULT_LEASE_SECS: f64 = 60.0;

pub async fn crawl(a: CrawlArgs) -> Result<ExitCode> {
    // The lease is a worker's heartbeat window over the sites it claims; a run resumed, created
    // or crawled in one process claims nothing, so a lease given there would be silently ignored.
    if a.worker.is_none()
        && let Some(lease) = a.lease
    {
        bail!(
            "--lease {lease} chỉ dùng với --worker: đó là thời hạn một tiến trình thu thập giữ một trang khi \
             không báo còn sống; `--resume`, `--create-only` và một lượt thu thập thường chạy trong một tiến trình, không giữ trang nào"
        );
    }
    let cfg = a.options.config()?;
    let store = open_store(a.db.as_deref()).await?;
    if a.create_only {
        let run = ictrank::crawl::create(&store, &crawl_targets(&a.targets)?, &cfg).await?;
        eprintln!("Đã tạo lượt thu thập #{run}; mỗi tiến trình thu thập chạy: ictrank crawl --worker {run} --db …");
        println!("{run}");
        return Ok(ExitCode::SUCCESS);
    }
    let summary = match (a.resume, a.worker) {
        (Some(run), _) => ictrank::crawl::resume(&store, run, &cfg).await?,
        (None, Some(run)) => {
            ictrank::store::claims::require_postgres(&store)?;
            let run = match run {
                Some(run) => run,
                None => latest_unfinished_run_id(&store).await?.context(
                    "không có lượt thu thập nào còn trang chưa thu thập: tạo trước bằng `ictrank crawl <trang…> --create-only`",
                )?,
            };
            let lease = a.lease.unwrap_or(DEFAULT_LEASE_SECS);
            if !(lease.is_finite() && lease > 0.0) {
                bail!("--lease phải là một số giây dương, không phải {lease}");
            }
            let opts = WorkerOptions {
                id: ictrank::crawl::default_worker_id(),
                lease: Duration::from_secs_f64(lease),
                sites: a.worker_sites.max(1),
            };
            ictrank::crawl::work(&store, run, &cfg, &opts).await?
        }
        (None, None) => ictrank::crawl::crawl(&store, crawl_targets(&a.targets)?, &cfg).await?,
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
        } else if a.contains("://") || input::looks_like_host(a) {
            out.push(CrawlTarget {
                unit_id: None,
                url: input::site_url(a),
            });
        } else {
            bail!(
                "\"{a}\" không phải thư mục đợt đánh giá (không có {}) cũng không phải địa chỉ trang",
                path.join("evaluation.toml").display()
            );
        }
    }
    Ok(out)
}
