//! The browser stage's options (`--browser auto|off|required` and its bounds), shared by `run` and
//! `audit-site`, turned into a [`BrowserConfig`].

use super::args::BrowserOptions;
use ictrank::browser::BrowserConfig;
use ictrank::crawl::CrawlConfig;
use std::path::PathBuf;

impl BrowserOptions {
    /// The stage's configuration: the crawler's user agent, pace and host mappings, these bounds,
    /// screenshots into `shots_dir`.
    pub fn config(&self, crawl: &CrawlConfig, shots_dir: Option<PathBuf>) -> BrowserConfig {
        BrowserConfig {
            mode: self.browser,
            chromium: self.chromium.clone(),
            tabs: self.browser_tabs.max(1),
            loads: self.browser_loads.max(1),
            page_timeout: self.browser_timeout,
            memory_mb: self.browser_memory_mb,
            network: self.browser_network,
            shots_dir,
            ..BrowserConfig::default()
        }
        .with_crawl(crawl)
    }
}
