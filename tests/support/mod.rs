//! Shared test helpers: the bundled evaluation, temporary SQLite stores and a PostgreSQL database
//! when one is configured (ICTRANK_TEST_POSTGRES, which .ci/run starts and sets).
#![allow(dead_code, unused_imports)]

pub mod corpus;
pub mod fixture;
pub use corpus::corpus;
pub use fixture::*;

use ictrank::registry::Evaluation;
use ictrank::store::Store;
use std::path::{Path, PathBuf};

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn evaluation_2016_dir() -> PathBuf {
    repo().join("data/evaluations/binh-dinh-2016")
}

pub fn evaluation_2016() -> Evaluation {
    Evaluation::load(&evaluation_2016_dir()).unwrap()
}

/// A fresh SQLite store in a temporary folder (kept alive by the returned guard).
pub async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap();
    (store, dir)
}

/// A fresh PostgreSQL database on the server named by ICTRANK_TEST_POSTGRES. Without it the test
/// is skipped locally, but fails under CI (CI=true), where .ci/run must provide the server.
pub async fn postgres_store() -> Option<Store> {
    let url = postgres_url().await?;
    Some(Store::open(&url).await.unwrap())
}

/// The URL of a fresh, empty PostgreSQL database (as [`postgres_store`]), for tests that hand it
/// to the built binary.
pub async fn postgres_url() -> Option<String> {
    let Ok(base) = std::env::var("ICTRANK_TEST_POSTGRES") else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must set ICTRANK_TEST_POSTGRES (.ci/run starts PostgreSQL)"
        );
        eprintln!("skipped: ICTRANK_TEST_POSTGRES is not set (bash .ci/run starts a server and sets it)");
        return None;
    };
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&base)
        .await
        .expect("connect to ICTRANK_TEST_POSTGRES");
    let name = format!(
        "ictrank_test_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let create = format!("CREATE DATABASE {name}");
    admin.execute(sqlx::AssertSqlSafe(create)).await.unwrap();
    let url = match base.rfind('/') {
        Some(i) if base[..i].contains('@') || base[..i].ends_with(|c: char| c.is_ascii_digit()) => {
            format!("{}/{name}", &base[..i])
        }
        _ => format!("{base}/{name}"),
    };
    Some(url)
}
