//! Run progress: an indicatif bar on a terminal (sites done/total, pages, errors, rate, ETA), and
//! plain structured log lines (tracing) otherwise, for scheduled runs. Main type: [`Progress`].

use crate::snapshot::{ErrorKind, SiteOutcome};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Counters of a running crawl, shown as a bar or logged.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    pages: AtomicU64,
    errors: AtomicU64,
    sites_done: AtomicU64,
    sites_total: u64,
}

impl Progress {
    /// A bar when `enabled` and stderr is a terminal; log lines otherwise.
    pub fn new(sites_total: usize, enabled: bool) -> Progress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(sites_total as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} sites  {msg}  ETA {eta}",
                )
                .expect("valid template"),
            );
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            pages: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            sites_done: AtomicU64::new(0),
            sites_total: sites_total as u64,
        }
    }

    /// Counts one stored fetch.
    pub fn fetched(&self, error: Option<ErrorKind>) {
        let pages = self.pages.fetch_add(1, Ordering::Relaxed) + 1;
        if error.is_some() {
            self.errors.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(bar) = &self.bar
            && pages.is_multiple_of(5)
        {
            bar.set_message(self.message());
        }
    }

    fn message(&self) -> String {
        let pages = self.pages.load(Ordering::Relaxed);
        let rate = pages as f64 / self.started.elapsed().as_secs_f64().max(0.001);
        format!(
            "{pages} pages, {} errors, {rate:.1} pages/s",
            self.errors.load(Ordering::Relaxed)
        )
    }

    /// Counts one finished site.
    pub fn site_done(&self, start_url: &str, outcome: &SiteOutcome) {
        let done = self.sites_done.fetch_add(1, Ordering::Relaxed) + 1;
        match &self.bar {
            Some(bar) => {
                bar.set_message(self.message());
                bar.inc(1);
            }
            None => match outcome {
                SiteOutcome::Ok => tracing::info!(
                    site = start_url,
                    done,
                    total = self.sites_total,
                    pages = self.pages.load(Ordering::Relaxed),
                    "site crawled"
                ),
                SiteOutcome::CouldNotVerify { kind, detail } => tracing::warn!(
                    site = start_url,
                    done,
                    total = self.sites_total,
                    kind = kind.as_str(),
                    detail = detail.as_str(),
                    "site could not be verified"
                ),
            },
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_with_message(self.message());
        }
    }
}

/// Logs to stderr: plain lines, or JSON lines when `ICTRANK_LOG_JSON` is set; level from
/// `RUST_LOG` (default info). Safe to call twice.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if std::env::var_os("ICTRANK_LOG_JSON").is_some() {
        builder.json().try_init()
    } else {
        builder.with_ansi(std::io::stderr().is_terminal()).try_init()
    };
}
