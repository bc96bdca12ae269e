//! The polite, concurrent crawler (issue: crawler). Fetches each unit's site and stores what it saw,
//! so auditing never needs the network; the auditor reads it back as a
//! [`crate::snapshot::SiteSnapshot`] through [`crate::store::crawl::load_snapshot`].
//!
//! Entry points: [`crawl`] (a new run over [`CrawlTarget`]s) and [`resume`] (a killed run; on
//! PostgreSQL as one more worker, respecting the others' claims), tuned by
//! [`CrawlConfig`], returning a [`RunSummary`]; [`create`] records a run that crawl workers
//! ([`worker`], PostgreSQL) then share across processes and machines. Modules, in the order a fetch meets them:
//! [`config`], [`run`] (all sites in flight), [`site`] (one site's plan), [`robots`] (RFC 9309),
//! [`politeness`] (per-host pacing on send time, the cap on requests on the wire), [`address`]
//! (internal-address refusal at URL and connect time), [`fetch`] (HTTP, redirects, caps,
//! retries), [`charset`] (decoding, legacy Vietnamese encodings), [`challenge`] (soft redirects and
//! bot walls), [`discover`] (links, feeds, pagination, sitemaps, read by [`page_scan`]'s one tokenizer pass), [`probe`] (HTTPS and IPv6 of a site, after its
//! crawl), [`progress`] (bar or log lines).

pub mod address;
pub mod challenge;
// Body decoding lives in util (the store decodes stored bodies too); re-exported for the crawler.
pub use crate::util::charset;
pub mod config;
pub mod discover;
pub mod fetch;
pub mod page_scan;
pub mod politeness;
pub mod probe;
pub mod progress;
pub mod robots;
pub mod run;
pub mod site;
pub mod worker;

pub use config::CrawlConfig;
pub use progress::init_logging;
pub use run::{CrawlTarget, RunSummary, crawl, create, parse_target_url};
pub use worker::{WorkerOptions, default_worker_id, resume, work};
