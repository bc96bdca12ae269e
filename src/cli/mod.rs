//! The `ictrank` command line: [`args`] holds the arguments (clap derive), and one module per
//! command (or per small family of commands) turns them into calls to the library and prints the
//! result. `main.rs` only parses and dispatches.
//!
//! Modules: [`rank`] (rank, verify), [`overrides`] (override, overrides), [`crawl`], [`audit`]
//! (audit, explain, audit-site), [`run`] (run, report), [`demo`], [`serve`], [`import`], [`user`].

pub mod args;
pub mod audit;
pub mod crawl;
pub mod demo;
pub mod import;
pub mod overrides;
pub mod rank;
pub mod run;
pub mod serve;
pub mod user;

use anyhow::Result;
use ictrank::store::Store;

/// Opens the store named by `--db`, else `$ICTRANK_DB`, else the default file.
pub async fn open_store(db: Option<&str>) -> Result<Store> {
    Store::open(&Store::spec_from(db)).await
}
