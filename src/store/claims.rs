//! Site claims for crawl workers (`ictrank crawl --worker`, PostgreSQL only): [`claim_site`] takes
//! the next claimable site of a run with `SELECT … FOR UPDATE SKIP LOCKED`, [`heartbeat`] keeps a
//! worker's claims alive, [`unfinished_sites`] tells a worker whether to wait or stop. A claim whose
//! heartbeat is older than the lease belongs to a dead worker and is claimed again; the new owner
//! resumes from the fetches the store holds (see [`super::crawl::site_fetches`]). A worker that
//! stalled past its lease learns from its next heartbeat which sites it lost, and stores nothing
//! more of them: its fetches and outcomes are written only while it holds the claim
//! ([`super::crawl::FetchWriter::spawn`], [`super::crawl::finish_site_owned`]).

use super::crawl::RunSite;
use super::{Backend, Store};
use anyhow::{Context, Result, bail};
use sqlx::Row;
use std::time::Duration;

/// Refuses a store that cannot host workers (SQLite has no `SKIP LOCKED` nor several machines).
pub fn require_postgres(store: &Store) -> Result<()> {
    if store.backend != Backend::Postgres {
        bail!(
            "--worker cần cơ sở dữ liệu PostgreSQL (--db postgres://…): các tiến trình thu thập \
             chia nhau trang web bằng SELECT … FOR UPDATE SKIP LOCKED, điều SQLite không có. \
             Với tệp SQLite, hãy chạy một tiến trình `ictrank crawl` (và `--resume <lượt>` để tiếp tục)."
        );
    }
    Ok(())
}

/// Claims the first site of run `run_id` (in the run's order) that is unfinished and either
/// unclaimed or claimed by a worker silent for longer than `lease`, and whose host no other live
/// worker holds. Claims of a run are taken one at a time (a transaction-scoped advisory lock), so
/// two workers never take two sites of one host at once; `SKIP LOCKED` passes over rows another
/// transaction holds (a heartbeat, a finishing site) instead of waiting on them.
pub async fn claim_site(store: &Store, run_id: i64, worker: &str, lease: Duration) -> Result<Option<RunSite>> {
    let ctx = || format!("không nhận được trang web nào của lượt thu thập {run_id}");
    let mut tx = store.pool.begin().await.with_context(ctx)?;
    sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('ictrank crawl claim ' || $1))) AS l")
        .bind(run_id.to_string())
        .fetch_one(&mut *tx)
        .await
        .with_context(ctx)?;
    let row = sqlx::query(
        "SELECT s.id, s.unit_id, s.start_url FROM crawl_sites s \
         WHERE s.run_id = $1 AND s.outcome IS NULL \
           AND (s.claimed_by IS NULL OR (s.claimed_by <> $2 AND s.heartbeat_at < now() - make_interval(secs => $3))) \
           AND NOT EXISTS (SELECT 1 FROM crawl_sites o \
               WHERE o.run_id = s.run_id AND o.host = s.host AND o.id <> s.id AND o.outcome IS NULL \
                 AND o.claimed_by IS NOT NULL AND o.claimed_by <> $2 \
                 AND o.heartbeat_at >= now() - make_interval(secs => $3)) \
         ORDER BY s.id LIMIT 1 FOR UPDATE OF s SKIP LOCKED",
    )
    .bind(run_id)
    .bind(worker)
    .bind(lease.as_secs_f64())
    .fetch_optional(&mut *tx)
    .await
    .with_context(ctx)?;
    let Some(row) = row else {
        tx.rollback().await.with_context(ctx)?;
        return Ok(None);
    };
    let site = RunSite {
        site_id: row.try_get("id")?,
        unit_id: row.try_get("unit_id")?,
        start_url: row.try_get("start_url")?,
        outcome: None,
    };
    sqlx::query("UPDATE crawl_sites SET claimed_by = $1, heartbeat_at = now(), claims = claims + 1 WHERE id = $2")
        .bind(worker)
        .bind(site.site_id)
        .execute(&mut *tx)
        .await
        .with_context(ctx)?;
    tx.commit().await.with_context(ctx)?;
    Ok(Some(site))
}

/// Renews every unfinished claim `worker` holds in run `run_id`; returns the sites it still
/// holds. A site the worker is crawling but not among them was taken over by another worker
/// (this one stalled past its lease): its crawl must stop (see [`super::crawl::ClaimLost`]).
pub async fn heartbeat(store: &Store, run_id: i64, worker: &str) -> Result<Vec<i64>> {
    let held: Vec<i64> = sqlx::query_scalar(
        "UPDATE crawl_sites SET heartbeat_at = now() WHERE run_id = $1 AND claimed_by = $2 AND outcome IS NULL \
         RETURNING id",
    )
    .bind(run_id)
    .bind(worker)
    .fetch_all(&store.pool)
    .await
    .with_context(|| format!("không gia hạn được các trang web tiến trình {worker} đang nhận"))?;
    Ok(held)
}

/// Unfinished sites of run `run_id` (pending or claimed by anyone, dead or alive).
pub async fn unfinished_sites(store: &Store, run_id: i64) -> Result<i64> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM crawl_sites WHERE run_id = $1 AND outcome IS NULL")
        .bind(run_id)
        .fetch_one(&store.pool)
        .await
        .with_context(|| format!("không đếm được các trang web chưa xong của lượt {run_id}"))?;
    Ok(n)
}

/// One worker's hold on hosts, so a host is crawled by one worker at a time whichever site
/// reaches it: a start host, or a host a redirect leads to (which the site claims alone do not
/// cover). Each host is a PostgreSQL session advisory lock on a connection of its own: a dead
/// worker's locks go with its connection, a stalled worker keeps them (it might still send).
/// The sites of this worker that use a host share its lock; it is released when the last ends.
pub struct HostLocks {
    run_id: i64,
    conn: tokio::sync::Mutex<sqlx::AnyConnection>,
    /// Host → the sites of this worker holding it.
    held: std::sync::Mutex<std::collections::HashMap<String, std::collections::HashSet<i64>>>,
}

impl HostLocks {
    /// A lock holder for run `run_id` on a connection of its own (PostgreSQL only).
    pub async fn open(store: &Store, run_id: i64) -> Result<HostLocks> {
        require_postgres(store)?;
        let conn = store
            .pool
            .acquire()
            .await
            .context("không mở được kết nối giữ khóa máy chủ của tiến trình")?
            .detach();
        Ok(HostLocks {
            run_id,
            conn: tokio::sync::Mutex::new(conn),
            held: Default::default(),
        })
    }

    fn key(&self, host: &str) -> String {
        format!("ictrank crawl host {} {}", self.run_id, host.to_ascii_lowercase())
    }

    /// Holds `host` for `site`: true at once when this worker holds it already, else true when
    /// no other worker does (the lock is taken), false when another one does.
    pub async fn try_hold(&self, site: i64, host: &str) -> Result<bool> {
        let host = host.to_ascii_lowercase();
        if let Some(sites) = self.held.lock().unwrap().get_mut(&host) {
            sites.insert(site);
            return Ok(true);
        }
        let mut conn = self.conn.lock().await;
        // another site of this worker may have taken it while we waited for the connection
        if let Some(sites) = self.held.lock().unwrap().get_mut(&host) {
            sites.insert(site);
            return Ok(true);
        }
        let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtext($1))")
            .bind(self.key(&host))
            .fetch_one(&mut *conn)
            .await
            .with_context(|| format!("không khóa được máy chủ {host} cho lượt thu thập {}", self.run_id))?;
        if got {
            self.held.lock().unwrap().insert(host, [site].into());
        }
        Ok(got)
    }

    /// `site` is done with its hosts: those no other site of this worker uses are unlocked.
    pub async fn release(&self, site: i64) -> Result<()> {
        // under the connection's lock, as taking a host is: the map and the locks agree
        let mut conn = self.conn.lock().await;
        let freed: Vec<String> = {
            let mut held = self.held.lock().unwrap();
            held.values_mut().for_each(|sites| {
                sites.remove(&site);
            });
            let freed = held
                .iter()
                .filter(|(_, s)| s.is_empty())
                .map(|(h, _)| h.clone())
                .collect();
            held.retain(|_, s| !s.is_empty());
            freed
        };
        for host in freed {
            let _: bool = sqlx::query_scalar("SELECT pg_advisory_unlock(hashtext($1))")
                .bind(self.key(&host))
                .fetch_one(&mut *conn)
                .await
                .with_context(|| format!("không mở khóa được máy chủ {host} của lượt thu thập {}", self.run_id))?;
        }
        Ok(())
    }
}
