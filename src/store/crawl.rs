//! Crawl storage: runs, sites, fetches and content-addressed zstd bodies (tables `crawl_*`), the
//! batched writer that commits fetches as they complete, many per transaction ([`FetchWriter`]), and the loaders the
//! auditor and `resume` read back: [`load_snapshot`], [`list_run_sites`], [`latest_run_id`],
//! [`latest_unfinished_run_id`],
//! [`site_fetches`], [`previous_fetch`].

use super::{Store, now_text};
use crate::snapshot::{ErrorKind, Page, PageRole, Probe, SiteOutcome, SiteSnapshot};
use crate::util::charset;
use anyhow::{Context, Result, anyhow};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;
use tokio::sync::{mpsc, oneshot};

/// One site of a run, as listed for the auditor.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSite {
    pub site_id: i64,
    pub unit_id: Option<String>,
    pub start_url: String,
    /// `None` while the site is not finished (a killed run).
    pub outcome: Option<SiteOutcome>,
}

/// A fetch ready to be stored; the body is already hashed and compressed.
#[derive(Clone, Debug)]
pub struct FetchRecord {
    pub run_id: i64,
    pub site_id: i64,
    pub url: String,
    pub final_url: String,
    pub role: PageRole,
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
    pub redirects: Vec<String>,
    pub soft_redirect: Option<String>,
    pub fetched_at: DateTime<Utc>,
    pub ttfb_ms: Option<i64>,
    pub total_ms: i64,
    pub attempts: u32,
    pub error: Option<(ErrorKind, String)>,
    pub body: Option<StoredBody>,
    pub charset: Option<String>,
    pub not_modified: bool,
}

/// zstd's level for stored bodies: level 1 compresses HTML about twice as fast as the default 3
/// for ~5 % more bytes (5 corpus pages: 61.9 KB against 58.7 KB), and compression was an eighth of
/// the crawler's CPU at level 3.
const ZSTD_LEVEL: i32 = 1;

/// A body as stored: its hash, raw size and zstd bytes (empty when already stored).
#[derive(Clone, Debug)]
pub struct StoredBody {
    pub sha256: String,
    pub size: usize,
    pub zstd: Vec<u8>,
}

impl StoredBody {
    pub fn compress(raw: &[u8]) -> Result<StoredBody> {
        // One compression context per thread, reused: making one per body (a ~1 MB allocation,
        // zeroed) cost about as much as compressing a 35 KB page.
        thread_local! {
            static ZSTD: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> = const { std::cell::RefCell::new(None) };
        }
        let sha256 = hex::encode(Sha256::digest(raw));
        let zstd = ZSTD
            .with(|c| {
                let mut c = c.borrow_mut();
                let compressor = match c.as_mut() {
                    Some(compressor) => compressor,
                    None => c.insert(zstd::bulk::Compressor::new(ZSTD_LEVEL)?),
                };
                compressor.compress(raw)
            })
            .context("nén zstd không thành công")?;
        Ok(StoredBody {
            sha256,
            size: raw.len(),
            zstd,
        })
    }

    /// A reference to a body already in the store (a 304 reuse).
    pub fn existing(sha256: String, size: usize) -> StoredBody {
        StoredBody {
            sha256,
            size,
            zstd: Vec::new(),
        }
    }
}

/// A fetch read back from the store.
#[derive(Clone, Debug)]
pub struct StoredFetch {
    pub id: i64,
    pub url: String,
    pub final_url: String,
    pub role: PageRole,
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
    pub redirects: Vec<String>,
    pub soft_redirect: Option<String>,
    pub fetched_at: DateTime<Utc>,
    pub error: Option<(ErrorKind, String)>,
    pub body_sha256: Option<String>,
    pub body: Option<Vec<u8>>,
    pub charset: Option<String>,
}

fn role_name(role: PageRole) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn parse_role(s: &str) -> Result<PageRole> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| anyhow!("crawl_fetches có vai trò trang không rõ {s:?}"))
}

/// Starts a run and returns its id.
pub async fn create_run(store: &Store, config_json: &str) -> Result<i64> {
    let row = sqlx::query("INSERT INTO crawl_runs (started_at, config) VALUES ($1, $2) RETURNING id")
        .bind(now_text())
        .bind(config_json)
        .fetch_one(&store.pool)
        .await
        .context("không tạo được lượt thu thập")?;
    Ok(row.try_get(0)?)
}

pub async fn run_exists(store: &Store, run_id: i64) -> Result<bool> {
    let row = sqlx::query("SELECT COUNT(*) FROM crawl_runs WHERE id = $1")
        .bind(run_id)
        .fetch_one(&store.pool)
        .await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}

/// When crawl run `run_id` started, if there is such a run.
pub async fn run_started_at(store: &Store, run_id: i64) -> Result<Option<DateTime<Utc>>> {
    let row = sqlx::query("SELECT started_at FROM crawl_runs WHERE id = $1")
        .bind(run_id)
        .fetch_optional(&store.pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let text: String = row.try_get(0)?;
    let at = DateTime::parse_from_rfc3339(&text)
        .with_context(|| format!("lượt thu thập {run_id} có thời điểm bắt đầu không đọc được {text:?}"))?;
    Ok(Some(at.with_timezone(&Utc)))
}

/// The newest run, if any.
pub async fn latest_run_id(store: &Store) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT MAX(id) FROM crawl_runs")
        .fetch_one(&store.pool)
        .await?;
    Ok(row.try_get::<Option<i64>, _>(0)?)
}

/// The newest run with a site still to crawl, if any: the run a worker started without a run
/// number joins (a finished run, such as an evaluator's recrawl of one unit, has nothing to claim).
pub async fn latest_unfinished_run_id(store: &Store) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT MAX(run_id) FROM crawl_sites WHERE finished_at IS NULL")
        .fetch_one(&store.pool)
        .await?;
    Ok(row.try_get::<Option<i64>, _>(0)?)
}

/// Adds a site to a run (or returns the existing one for that start URL).
pub async fn add_site(store: &Store, run_id: i64, unit_id: Option<&str>, start_url: &str) -> Result<i64> {
    add_sites(store, run_id, &[(unit_id, start_url)])
        .await
        .with_context(|| format!("không thêm được trang web {start_url} vào lượt {run_id}"))?;
    let row = sqlx::query("SELECT id FROM crawl_sites WHERE run_id = $1 AND start_url = $2")
        .bind(run_id)
        .bind(start_url)
        .fetch_one(&store.pool)
        .await?;
    Ok(row.try_get(0)?)
}

/// Adds the sites of a new run in one transaction (a province's run registers thousands; one
/// statement and commit each took most of a second); a start URL listed twice is added once.
pub async fn add_sites(store: &Store, run_id: i64, sites: &[(Option<&str>, &str)]) -> Result<()> {
    // 4 values a row: well under SQLite's and PostgreSQL's limits on bound parameters.
    const ROWS_PER_STATEMENT: usize = 500;
    let mut tx = store.pool.begin().await?;
    for chunk in sites.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO crawl_sites (run_id, unit_id, start_url, host) VALUES {} \
             ON CONFLICT (run_id, start_url) DO NOTHING",
            placeholders(chunk.len(), 4, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
        for (unit_id, start_url) in chunk {
            q = q
                .bind(run_id)
                .bind(*unit_id)
                .bind(*start_url)
                .bind(site_host(start_url));
        }
        q.execute(&mut *tx)
            .await
            .with_context(|| format!("không thêm được {} trang web vào lượt {run_id}", sites.len()))?;
    }
    tx.commit().await?;
    Ok(())
}

/// The host of a start URL, lower case: crawl workers keep one host to one worker (see `super::claims`).
fn site_host(start_url: &str) -> Option<String> {
    url::Url::parse(start_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
}

/// Stamps a site's start; `true` when this is its first start (no attempt can have stored a
/// fetch of it yet).
pub async fn mark_site_started(store: &Store, site_id: i64) -> Result<bool> {
    let done = sqlx::query("UPDATE crawl_sites SET started_at = $1 WHERE id = $2 AND started_at IS NULL")
        .bind(now_text())
        .bind(site_id)
        .execute(&store.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a site's outcome and run-log notes.
pub async fn finish_site(store: &Store, site_id: i64, outcome: &SiteOutcome, notes: &[String]) -> Result<()> {
    finish_site_owned(store, site_id, None, outcome, notes).await
}

/// A crawl worker's claim on a site went to another worker (its lease ran out while it was
/// stalled): the site is the new owner's, and nothing more of it is stored by the old one.
#[derive(Debug)]
pub struct ClaimLost {
    pub site_id: i64,
    pub worker: String,
}

impl std::fmt::Display for ClaimLost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "tiến trình {} không còn giữ trang web {}: một tiến trình khác đã nhận trang này",
            self.worker, self.site_id
        )
    }
}

impl std::error::Error for ClaimLost {}

/// [`finish_site`], for the site's claim holder `owner` (a crawl worker) only: when another
/// worker has taken the site over, nothing is written and the error is a [`ClaimLost`].
pub async fn finish_site_owned(
    store: &Store,
    site_id: i64,
    owner: Option<&str>,
    outcome: &SiteOutcome,
    notes: &[String],
) -> Result<()> {
    let (name, kind, detail) = match outcome {
        SiteOutcome::Ok => ("ok", None, None),
        SiteOutcome::CouldNotVerify { kind, detail } => {
            ("could_not_verify", Some(kind.as_str()), Some(detail.as_str()))
        }
    };
    let sql = if owner.is_some() {
        "UPDATE crawl_sites SET finished_at = $1, outcome = $2, error_kind = $3, error_detail = $4, notes = $5 \
         WHERE id = $6 AND claimed_by = $7 AND outcome IS NULL"
    } else {
        "UPDATE crawl_sites SET finished_at = $1, outcome = $2, error_kind = $3, error_detail = $4, notes = $5 \
         WHERE id = $6"
    };
    let mut query = sqlx::query(sql)
        .bind(now_text())
        .bind(name)
        .bind(kind)
        .bind(detail)
        .bind(serde_json::to_string(notes)?)
        .bind(site_id);
    if let Some(worker) = owner {
        query = query.bind(worker);
    }
    let done = query
        .execute(&store.pool)
        .await
        .with_context(|| format!("không kết thúc được trang web {site_id}"))?;
    if let Some(worker) = owner
        && done.rows_affected() == 0
    {
        return Err(ClaimLost {
            site_id,
            worker: worker.to_string(),
        }
        .into());
    }
    Ok(())
}

/// Stores the transport probe of a site's crawl.
pub async fn save_probe(store: &Store, site_id: i64, probe: &Probe) -> Result<()> {
    sqlx::query("UPDATE crawl_sites SET probe = $1 WHERE id = $2")
        .bind(serde_json::to_string(probe)?)
        .bind(site_id)
        .execute(&store.pool)
        .await
        .with_context(|| format!("không lưu được kết quả thăm dò của trang web {site_id}"))?;
    Ok(())
}

pub async fn finish_run(store: &Store, run_id: i64) -> Result<()> {
    sqlx::query("UPDATE crawl_runs SET finished_at = $1 WHERE id = $2")
        .bind(now_text())
        .bind(run_id)
        .execute(&store.pool)
        .await?;
    Ok(())
}

fn outcome_from_row(row: &AnyRow) -> Result<Option<SiteOutcome>> {
    let outcome: Option<String> = row.try_get("outcome")?;
    Ok(match outcome.as_deref() {
        None => None,
        Some("ok") => Some(SiteOutcome::Ok),
        Some(_) => Some(SiteOutcome::CouldNotVerify {
            kind: ErrorKind::parse(&row.try_get::<Option<String>, _>("error_kind")?.unwrap_or_default()),
            detail: row.try_get::<Option<String>, _>("error_detail")?.unwrap_or_default(),
        }),
    })
}

/// The sites of a run, in the order they were added.
pub async fn list_run_sites(store: &Store, run_id: i64) -> Result<Vec<RunSite>> {
    let rows = sqlx::query("SELECT id, unit_id, start_url, outcome, error_kind, error_detail FROM crawl_sites WHERE run_id = $1 ORDER BY id")
        .bind(run_id)
        .fetch_all(&store.pool)
        .await
        .with_context(|| format!("không liệt kê được các trang web của lượt {run_id}"))?;
    rows.iter()
        .map(|r| {
            Ok(RunSite {
                site_id: r.try_get("id")?,
                unit_id: r.try_get("unit_id")?,
                start_url: r.try_get("start_url")?,
                outcome: outcome_from_row(r)?,
            })
        })
        .collect()
}

/// How many sites of run `run_id` have a run-log note containing `marker`.
pub async fn sites_with_note(store: &Store, run_id: i64, marker: &str) -> Result<usize> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM crawl_sites WHERE run_id = $1 AND notes LIKE $2")
        .bind(run_id)
        .bind(format!("%{marker}%"))
        .fetch_one(&store.pool)
        .await
        .with_context(|| format!("không đếm được các ghi chú của lượt {run_id}"))?;
    Ok(n as usize)
}

/// Writes fetches through one task so SQLite never sees competing writers; each `write` returns
/// once its fetch is committed. Fetches queued together share a transaction and a handful of
/// multi-row statements (one for the claims, one for the bodies, one for the fetches), so the
/// store's cost per fetch does not include a database round trip (a thread hand-off each) or a
/// commit of its own. A crash loses at most the batch being written: its fetches were never
/// acknowledged, so a resumed run fetches them again.
#[derive(Clone)]
pub struct FetchWriter {
    tx: mpsc::Sender<(FetchRecord, oneshot::Sender<Result<(), Refused>>)>,
    owner: Option<String>,
}

/// Why the writer did not store a fetch.
enum Refused {
    Error(String),
    /// The writer's owner (a crawl worker) no longer holds the fetch's site.
    ClaimLost(i64),
}

/// Fetches committed in one transaction at most (19 parameters each: 1,216 in a statement, far
/// below SQLite's and PostgreSQL's limits).
pub const WRITE_BATCH: usize = 64;

/// How long the writer waits for more fetches once a batch has company (more than one fetch was
/// queued): a handful of milliseconds turns one commit per fetch into one per dozens when many
/// sites are in flight, while a lone fetch (a small crawl) is committed at once.
const WRITE_LINGER: std::time::Duration = std::time::Duration::from_millis(5);

impl FetchWriter {
    /// A writer for `store`; with an `owner` (a crawl worker's id), a fetch is stored only while
    /// that worker holds its site's claim (checked in the fetch's own transaction).
    pub fn spawn(store: Store, owner: Option<String>) -> FetchWriter {
        let (tx, mut rx) = mpsc::channel::<(FetchRecord, oneshot::Sender<Result<(), Refused>>)>(4 * WRITE_BATCH);
        let writer = FetchWriter {
            tx,
            owner: owner.clone(),
        };
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                while batch.len() < WRITE_BATCH {
                    match rx.try_recv() {
                        Ok(item) => batch.push(item),
                        Err(_) => break,
                    }
                }
                if batch.len() > 1 {
                    let until = tokio::time::Instant::now() + WRITE_LINGER;
                    while batch.len() < WRITE_BATCH {
                        match tokio::time::timeout_at(until, rx.recv()).await {
                            Ok(Some(item)) => batch.push(item),
                            Ok(None) | Err(_) => break,
                        }
                    }
                }
                let records: Vec<&FetchRecord> = batch.iter().map(|(r, _)| r).collect();
                match insert_batch(&store, &records, owner.as_deref()).await {
                    Ok(stored) => {
                        for ((r, ack), stored) in batch.into_iter().zip(stored) {
                            let _ = ack.send(if stored {
                                Ok(())
                            } else {
                                Err(Refused::ClaimLost(r.site_id))
                            });
                        }
                    }
                    Err(e) => {
                        let msg = format!("{e:#}");
                        for (_, ack) in batch {
                            let _ = ack.send(Err(Refused::Error(msg.clone())));
                        }
                    }
                }
            }
        });
        writer
    }

    /// Stores one fetch; returns once it is committed (a [`ClaimLost`] error when the writer's
    /// owner no longer holds the site).
    pub async fn write(&self, record: FetchRecord) -> Result<()> {
        let url = record.url.clone();
        let (ack, done) = oneshot::channel();
        self.tx
            .send((record, ack))
            .await
            .map_err(|_| anyhow!("tiến trình ghi các lần tải trang đã dừng"))?;
        match done
            .await
            .map_err(|_| anyhow!("tiến trình ghi các lần tải trang đã dừng"))?
        {
            Ok(()) => Ok(()),
            Err(Refused::Error(e)) => Err(anyhow!("không lưu được lần tải {url}: {e}")),
            Err(Refused::ClaimLost(site_id)) => Err(ClaimLost {
                site_id,
                worker: self.owner.clone().unwrap_or_default(),
            }
            .into()),
        }
    }
}

/// `($first, $first+1, …)` groups of `width` placeholders, `rows` of them, comma-separated.
fn placeholders(rows: usize, width: usize, first: usize) -> String {
    let mut out = String::with_capacity(rows * width * 5);
    for row in 0..rows {
        if row > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for col in 0..width {
            if col > 0 {
                out.push_str(", ");
            }
            out.push('$');
            out.push_str(&(first + row * width + col).to_string());
        }
        out.push(')');
    }
    out
}

/// Stores a batch of fetches in one transaction; `false` for a fetch not stored because `owner`
/// no longer holds its site. The claim rows are share-locked until the commit, so a worker taking
/// a site over waits for (or skips) it and never sees a fetch land after its claim.
async fn insert_batch(store: &Store, records: &[&FetchRecord], owner: Option<&str>) -> Result<Vec<bool>> {
    let mut tx = store.pool.begin().await?;
    let mut stored = vec![true; records.len()];
    if let Some(owner) = owner {
        let mut sites: Vec<i64> = records.iter().map(|r| r.site_id).collect();
        sites.sort_unstable();
        sites.dedup();
        let ids = (0..sites.len())
            .map(|i| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let lock = if store.backend == super::Backend::Postgres {
            " FOR SHARE"
        } else {
            ""
        };
        let sql =
            format!("SELECT id FROM crawl_sites WHERE claimed_by = $1 AND outcome IS NULL AND id IN ({ids}){lock}");
        // only placeholders are formatted in; every value is bound
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(owner);
        for s in &sites {
            q = q.bind(*s);
        }
        let held: std::collections::HashSet<i64> = q
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|row| row.try_get::<i64, _>(0))
            .collect::<Result<_, _>>()?;
        for (r, keep) in records.iter().zip(stored.iter_mut()) {
            *keep = held.contains(&r.site_id);
        }
    }
    let kept: Vec<&FetchRecord> = records
        .iter()
        .zip(&stored)
        .filter(|(_, k)| **k)
        .map(|(r, _)| *r)
        .collect();
    // bodies, each new hash once (two pages of a batch may share one)
    let mut seen = std::collections::HashSet::new();
    let bodies: Vec<&StoredBody> = kept
        .iter()
        .filter_map(|r| r.body.as_ref())
        .filter(|b| !b.zstd.is_empty() && seen.insert(b.sha256.as_str()))
        .collect();
    if !bodies.is_empty() {
        let sql = format!(
            "INSERT INTO crawl_bodies (sha256, size, zstd) VALUES {} ON CONFLICT (sha256) DO NOTHING",
            placeholders(bodies.len(), 3, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
        for b in &bodies {
            q = q.bind(b.sha256.as_str()).bind(b.size as i64).bind(b.zstd.as_slice());
        }
        q.execute(&mut *tx).await?;
    }
    if !kept.is_empty() {
        let sql = format!(
            "INSERT INTO crawl_fetches (run_id, site_id, url, final_url, role, status, content_type, headers, redirects, \
             soft_redirect, fetched_at, ttfb_ms, total_ms, attempts, error_kind, error_detail, body_sha256, charset, not_modified) \
             VALUES {}",
            placeholders(kept.len(), 19, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
        for r in &kept {
            let (kind, detail) = match &r.error {
                Some((k, d)) => (Some(k.as_str()), Some(d.as_str())),
                None => (None, None),
            };
            q = q
                .bind(r.run_id)
                .bind(r.site_id)
                .bind(r.url.as_str())
                .bind(r.final_url.as_str())
                .bind(role_name(r.role))
                .bind(r.status.map(i64::from))
                .bind(r.content_type.as_deref())
                .bind(serde_json::to_string(&r.headers)?)
                .bind(serde_json::to_string(&r.redirects)?)
                .bind(r.soft_redirect.as_deref())
                .bind(r.fetched_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                .bind(r.ttfb_ms)
                .bind(r.total_ms)
                .bind(i64::from(r.attempts))
                .bind(kind)
                .bind(detail)
                .bind(r.body.as_ref().map(|b| b.sha256.as_str()))
                .bind(r.charset.as_deref())
                .bind(i64::from(r.not_modified));
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(stored)
}

fn fetch_from_row(row: &AnyRow) -> Result<StoredFetch> {
    let url: String = row.try_get("url")?;
    let ctx = || format!("lần tải {url} đã lưu");
    let zstd: Option<Vec<u8>> = row.try_get("zstd")?;
    let body = zstd
        .map(|z| zstd::stream::decode_all(&z[..]))
        .transpose()
        .with_context(|| format!("{}: nội dung bị hỏng", ctx()))?;
    let fetched_at: String = row.try_get("fetched_at")?;
    let kind: Option<String> = row.try_get("error_kind")?;
    Ok(StoredFetch {
        id: row.try_get("id")?,
        final_url: row.try_get("final_url")?,
        role: parse_role(&row.try_get::<String, _>("role")?)?,
        status: row.try_get::<Option<i64>, _>("status")?.map(|s| s as u16),
        content_type: row.try_get("content_type")?,
        headers: serde_json::from_str(&row.try_get::<String, _>("headers")?).with_context(ctx)?,
        redirects: serde_json::from_str(&row.try_get::<String, _>("redirects")?).with_context(ctx)?,
        soft_redirect: row.try_get("soft_redirect")?,
        fetched_at: DateTime::parse_from_rfc3339(&fetched_at)
            .with_context(ctx)?
            .with_timezone(&Utc),
        error: kind
            .map(|k| -> Result<_> {
                Ok((
                    ErrorKind::parse(&k),
                    row.try_get::<Option<String>, _>("error_detail")?.unwrap_or_default(),
                ))
            })
            .transpose()?,
        body_sha256: row.try_get("body_sha256")?,
        body,
        charset: row.try_get("charset")?,
        url,
    })
}

/// Every fetch stored for a site, in the order they were committed.
pub async fn site_fetches(store: &Store, site_id: i64) -> Result<Vec<StoredFetch>> {
    let sql = concat!(
        "SELECT f.id, f.url, f.final_url, f.role, f.status, f.content_type, f.headers, f.redirects, f.soft_redirect, ",
        "f.fetched_at, f.error_kind, f.error_detail, f.body_sha256, f.charset, b.zstd ",
        "FROM crawl_fetches f LEFT JOIN crawl_bodies b ON b.sha256 = f.body_sha256 WHERE f.site_id = $1 ORDER BY f.id"
    );
    let rows = sqlx::query(sql).bind(site_id).fetch_all(&store.pool).await?;
    rows.iter().map(fetch_from_row).collect()
}

/// Whether any run before `run_id` stored a fetch (else no URL has a history to revalidate).
pub async fn earlier_fetches_exist(store: &Store, run_id: i64) -> Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM crawl_fetches WHERE run_id < $1 LIMIT 1) AS t")
            .bind(run_id)
            .fetch_one(&store.pool)
            .await
            .context("không tìm được các lượt thu thập trước")?;
    Ok(n > 0)
}

/// The newest successful fetch of `url` in a run before `run_id` (for conditional requests),
/// without its body.
pub async fn previous_fetch(store: &Store, url: &str, run_id: i64) -> Result<Option<(StoredFetch, usize)>> {
    let sql = "SELECT f.id, f.url, f.final_url, f.role, f.status, f.content_type, f.headers, f.redirects, f.soft_redirect, \
         f.fetched_at, f.error_kind, f.error_detail, f.body_sha256, f.charset, NULL AS zstd, b.size \
         FROM crawl_fetches f JOIN crawl_bodies b ON b.sha256 = f.body_sha256 \
         WHERE f.url = $1 AND f.run_id < $2 AND f.error_kind IS NULL AND f.status >= 200 AND f.status < 300 \
         ORDER BY f.id DESC LIMIT 1";
    let row = sqlx::query(sql)
        .bind(url)
        .bind(run_id)
        .fetch_optional(&store.pool)
        .await?;
    row.map(|r| Ok((fetch_from_row(&r)?, r.try_get::<i64, _>("size")? as usize)))
        .transpose()
}

/// Turns a stored fetch into the auditor's [`Page`], decoding text bodies.
fn page_from(f: StoredFetch) -> Page {
    let text = f
        .body
        .as_deref()
        .filter(|b| charset::is_textual(f.content_type.as_deref(), b))
        .map(|b| charset::decode(b, f.content_type.as_deref()).text);
    Page {
        url: f.url,
        final_url: f.final_url,
        role: f.role,
        status: f.status,
        content_type: f.content_type,
        fetched_at: f.fetched_at,
        charset: f.charset,
        error: f.error.as_ref().map(|e| e.0),
        error_detail: f.error.map(|e| e.1),
        headers: f.headers,
        text,
    }
}

/// What run `run_id` saw of the site started at `start_url`. Soft redirects (meta refresh,
/// same-site JavaScript) are folded: the page carries the requested URL and the final one.
pub async fn load_snapshot(store: &Store, run_id: i64, start_url: &str) -> Result<SiteSnapshot> {
    // sites are stored under their parsed form ("http://a.vn" → "http://a.vn/")
    let normalized = url::Url::parse(start_url.trim())
        .map(String::from)
        .unwrap_or_else(|_| start_url.to_string());
    let start_url = normalized.as_str();
    let site = sqlx::query("SELECT id, started_at, outcome, error_kind, error_detail, probe FROM crawl_sites WHERE run_id = $1 AND start_url = $2")
        .bind(run_id)
        .bind(start_url)
        .fetch_optional(&store.pool)
        .await?
        .ok_or_else(|| anyhow!("lượt {run_id} không có trang web {start_url}"))?;
    let site_id: i64 = site.try_get("id")?;
    let outcome = outcome_from_row(&site)?.ok_or_else(|| {
        anyhow!(
            "trang web {start_url} của lượt {run_id} chưa thu thập xong; hãy chạy `ictrank crawl --resume {run_id}`"
        )
    })?;
    let crawled_at = site
        .try_get::<Option<String>, _>("started_at")?
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(Utc::now);
    // a probe that no longer reads (an older format) is as good as none
    let probe = site
        .try_get::<Option<String>, _>("probe")?
        .and_then(|json| serde_json::from_str::<Probe>(&json).ok());
    let fetches = site_fetches(store, site_id).await?;
    let mut pages: Vec<Page> = Vec::with_capacity(fetches.len());
    // requested URL of a soft-redirect chain, keyed by the URL it led to
    let mut via: Vec<(String, String)> = Vec::new();
    for f in fetches {
        let origin = via.iter().position(|(to, _)| *to == f.url).map(|i| via.remove(i).1);
        if let Some(to) = &f.soft_redirect {
            via.push((to.clone(), origin.unwrap_or_else(|| f.url.clone())));
            continue;
        }
        let mut page = page_from(f);
        if let Some(origin) = origin {
            page.url = origin;
        }
        pages.push(page);
    }
    Ok(SiteSnapshot {
        probe,
        start_url: start_url.to_string(),
        crawled_at,
        outcome,
        pages,
    })
}

/// The raw bytes of a stored body.
pub async fn body(store: &Store, sha256: &str) -> Result<Option<Vec<u8>>> {
    let row = sqlx::query("SELECT zstd FROM crawl_bodies WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(&store.pool)
        .await?;
    row.map(|r| -> Result<Vec<u8>> {
        let z: Vec<u8> = r.try_get(0)?;
        zstd::stream::decode_all(&z[..]).with_context(|| format!("nội dung đã lưu {sha256} bị hỏng"))
    })
    .transpose()
}

/// Fetch counts of a run: total, and failures by error kind.
pub async fn run_fetch_counts(store: &Store, run_id: i64) -> Result<(i64, Vec<(String, i64)>)> {
    let total: i64 = sqlx::query("SELECT COUNT(*) FROM crawl_fetches WHERE run_id = $1 AND soft_redirect IS NULL")
        .bind(run_id)
        .fetch_one(&store.pool)
        .await?
        .try_get(0)?;
    let rows = sqlx::query(
        "SELECT error_kind, COUNT(*) FROM crawl_fetches WHERE run_id = $1 AND error_kind IS NOT NULL GROUP BY error_kind ORDER BY error_kind",
    )
    .bind(run_id)
    .fetch_all(&store.pool)
    .await?;
    let by_kind = rows
        .iter()
        .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?)))
        .collect::<Result<_>>()?;
    Ok((total, by_kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(run_id: i64, site_id: i64, url: String, body: &[u8]) -> FetchRecord {
        FetchRecord {
            run_id,
            site_id,
            url: url.clone(),
            final_url: url,
            role: PageRole::Page,
            status: Some(200),
            content_type: Some("text/html".into()),
            headers: vec![("content-type".into(), "text/html".into())],
            redirects: Vec::new(),
            soft_redirect: None,
            fetched_at: Utc::now(),
            ttfb_ms: Some(1),
            total_ms: 2,
            attempts: 1,
            error: None,
            body: Some(StoredBody::compress(body).unwrap()),
            charset: Some("utf-8".into()),
            not_modified: false,
        }
    }

    /// A worker without a run number joins the newest run with sites left, not a newer finished one.
    #[tokio::test]
    async fn the_newest_unfinished_run_is_the_one_with_sites_left() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("r.db").to_str().unwrap()).await.unwrap();
        assert_eq!(latest_unfinished_run_id(&store).await.unwrap(), None);
        let monthly = create_run(&store, "{}").await.unwrap();
        add_site(&store, monthly, None, "http://a.test/").await.unwrap();
        let done = add_site(&store, monthly, None, "http://b.test/").await.unwrap();
        finish_site(&store, done, &SiteOutcome::Ok, &[]).await.unwrap();
        // a later one-unit recrawl, finished
        let recrawl = create_run(&store, "{}").await.unwrap();
        let site = add_site(&store, recrawl, None, "http://b.test/").await.unwrap();
        finish_site(&store, site, &SiteOutcome::Ok, &[]).await.unwrap();
        assert_eq!(latest_run_id(&store).await.unwrap(), Some(recrawl));
        assert_eq!(latest_unfinished_run_id(&store).await.unwrap(), Some(monthly));
    }

    async fn stored(store: &Store) -> Vec<(i64, String)> {
        sqlx::query("SELECT site_id, url FROM crawl_fetches ORDER BY url")
            .fetch_all(&store.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.try_get(0).unwrap(), r.try_get(1).unwrap()))
            .collect()
    }

    /// Many fetches written at once share transactions (multi-row statements): every one is
    /// stored exactly once, visible when its `write` returns, bodies shared by two pages stored
    /// once and read back intact.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn batched_writes_store_every_fetch_once_before_acknowledging_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("w.db").to_str().unwrap()).await.unwrap();
        let run = create_run(&store, "{}").await.unwrap();
        let mut sites = Vec::new();
        for s in 0..5 {
            sites.push(
                add_site(&store, run, None, &format!("http://s{s}.test/"))
                    .await
                    .unwrap(),
            );
        }
        let writer = FetchWriter::spawn(store.clone(), None);
        let n = 3 * WRITE_BATCH + 7;
        let mut tasks = Vec::new();
        for i in 0..n {
            let (writer, store) = (writer.clone(), store.clone());
            let site = sites[i % sites.len()];
            tasks.push(tokio::spawn(async move {
                let url = format!("http://s{}.test/trang-{i:04}", i % 5);
                // pages two by two share a body
                let body = format!("<p>trang {}</p>", i / 2);
                writer
                    .write(record(run, site, url.clone(), body.as_bytes()))
                    .await
                    .unwrap();
                let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM crawl_fetches WHERE url = $1")
                    .bind(&url)
                    .fetch_one(&store.pool)
                    .await
                    .unwrap();
                assert_eq!(seen, 1, "{url} acknowledged before it was committed");
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let rows = stored(&store).await;
        assert_eq!(rows.len(), n);
        let mut want: Vec<(i64, String)> = (0..n)
            .map(|i| (sites[i % 5], format!("http://s{}.test/trang-{i:04}", i % 5)))
            .collect();
        want.sort_by(|a, b| a.1.cmp(&b.1));
        assert_eq!(rows, want);
        let bodies: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM crawl_bodies")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(bodies as usize, n.div_ceil(2));
        let fetches = site_fetches(&store, sites[1]).await.unwrap();
        let first = fetches.iter().find(|f| f.url == "http://s1.test/trang-0001").unwrap();
        assert_eq!(first.body.as_deref(), Some(&b"<p>trang 0</p>"[..]));
        assert_eq!(
            first.headers,
            vec![("content-type".to_string(), "text/html".to_string())]
        );
    }

    /// A crawl worker's writer stores a batch's fetches of the sites it holds and refuses, with
    /// [`ClaimLost`], those of a site it no longer holds, in the same batch.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_batch_stores_only_the_sites_its_worker_still_holds() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("w.db").to_str().unwrap()).await.unwrap();
        let run = create_run(&store, "{}").await.unwrap();
        let held = add_site(&store, run, None, "http://held.test/").await.unwrap();
        let lost = add_site(&store, run, None, "http://lost.test/").await.unwrap();
        for (site, owner) in [(held, "w1"), (lost, "w2")] {
            sqlx::query("UPDATE crawl_sites SET claimed_by = $1 WHERE id = $2")
                .bind(owner)
                .bind(site)
                .execute(&store.pool)
                .await
                .unwrap();
        }
        let writer = FetchWriter::spawn(store.clone(), Some("w1".into()));
        let mut tasks = Vec::new();
        for i in 0..40 {
            let writer = writer.clone();
            let (site, host) = if i % 2 == 0 { (held, "held") } else { (lost, "lost") };
            tasks.push(tokio::spawn(async move {
                writer
                    .write(record(run, site, format!("http://{host}.test/{i}"), b"<p>x</p>"))
                    .await
            }));
        }
        for (i, t) in tasks.into_iter().enumerate() {
            let res = t.await.unwrap();
            if i % 2 == 0 {
                res.unwrap();
            } else {
                let e = res.unwrap_err();
                assert!(
                    e.downcast_ref::<ClaimLost>().is_some_and(|c| c.site_id == lost),
                    "{e:#}"
                );
            }
        }
        let rows = stored(&store).await;
        assert_eq!(rows.len(), 20);
        assert!(rows.iter().all(|(site, _)| *site == held), "{rows:?}");
    }
}
