//! Storage: one [`Store`] over SQLite (the embedded default, one file) or PostgreSQL (a shared
//! install), chosen by the `--db` value. Queries are runtime queries through sqlx's `Any` driver with
//! `$1` placeholders, which both backends accept, so `cargo build` never needs a live database.
//! Migrations are embedded, one folder per backend (their DDL differs), and applied on open.
//!
//! Submodules hold the queries of one stage each: [`declared`] (imports and overrides), [`crawl`]
//! (crawl runs, fetches and bodies), [`claims`] (sites shared by crawl workers), [`audit`] (website audit results), [`pipeline`] (runs of the
//! whole job), [`users`] (the web app's accounts, sessions and queued crawls).

pub mod audit;
pub mod browser;
pub mod claims;
pub mod crawl;
pub mod declared;
pub mod pipeline;
pub mod users;

use anyhow::{Context, Result};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::path::Path;

/// Which database a [`Store`] talks to; the few SQL differences key on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An open, migrated database.
#[derive(Clone, Debug)]
pub struct Store {
    pub pool: AnyPool,
    pub backend: Backend,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The database used when neither `--db` nor `ICTRANK_DB` says otherwise.
pub const DEFAULT_DB: &str = "ictrank.db";

impl Store {
    /// Opens `spec` — a file path (SQLite, created if missing), a `sqlite:` URL or a
    /// `postgres://` URL — and applies the migrations.
    pub async fn open(spec: &str) -> Result<Store> {
        install_default_drivers();
        let (url, backend) = if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
            (spec.to_string(), Backend::Postgres)
        } else if spec.starts_with("sqlite:") {
            (spec.to_string(), Backend::Sqlite)
        } else {
            if let Some(parent) = Path::new(spec).parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("không tạo được thư mục của cơ sở dữ liệu {spec}"))?;
            }
            (format!("sqlite://{spec}?mode=rwc"), Backend::Sqlite)
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the crawler's writes; the busy timeout makes
                        // concurrent writers wait instead of failing.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .with_context(|| format!("không mở được cơ sở dữ liệu {spec}"))?;
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        // SQLite has no migration lock: when two processes open a new file at once, one loses the
        // race on CREATE TABLE (its migration rolls back). Retrying finds the winner's work applied.
        let mut attempt = 0;
        loop {
            match migrator.run(&pool).await {
                Ok(()) => break,
                Err(e) if backend == Backend::Sqlite && attempt < 20 => {
                    tracing::debug!(error = %e, "migration raced another process; retrying");
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                Err(e) => return Err(e).with_context(|| format!("không nâng cấp được lược đồ cơ sở dữ liệu {spec}")),
            }
        }
        Ok(Store { pool, backend })
    }

    /// The database named by `--db`, else `ICTRANK_DB`, else [`DEFAULT_DB`].
    pub fn spec_from(cli: Option<&str>) -> String {
        cli.map(str::to_string)
            .or_else(|| std::env::var("ICTRANK_DB").ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| DEFAULT_DB.to_string())
    }
}

/// Current time as RFC 3339 text, the form every timestamp is stored in (portable across backends).
pub fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
