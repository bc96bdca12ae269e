//! ictrank: audits the websites of Vietnamese state agencies and produces the province's annual
//! ranking of IT application (đánh giá xếp hạng mức độ ứng dụng CNTT).
//!
//! The stages, one module each, in the order a run goes through them:
//! - [`rubric`] — the rules as data (groups, criteria, rule types, windows, tiers);
//! - [`registry`] — an evaluation: its units, their kinds, flags, websites and declared data;
//! - [`declared`] — import of declared data from CSV and XLSX;
//! - [`crawl`] — the polite, concurrent crawler that stores what each site served;
//! - [`browser`] — headless Chromium over a sample of each site: load times, phone layout,
//!   accessibility, pages built by JavaScript, script challenges;
//! - [`audit`] — extraction from stored pages and the automatic website score;
//! - [`rank`] — group and total points, tiers, dense ranks, the decision's tables;
//! - [`report`] — the tables as terminal text, CSV, JSON, XLSX and HTML;
//!
//! beside them [`store`] (SQLite by default, PostgreSQL as an option), [`util`], [`web`] (the
//! evaluators' web app: review flagged units, override scores with a reason) and [`demo`] (the
//! bundled demo evaluation, run against the fixture sites of the `ictrank_demo_sites` crate).

pub mod audit;
pub mod browser;
pub mod crawl;
pub mod declared;
pub mod demo;
pub mod pipeline;
pub mod rank;
pub mod registry;
pub mod report;
pub mod rubric;
pub mod snapshot;
pub mod store;
pub mod util;
pub mod web;
