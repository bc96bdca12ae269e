//! The evaluators' web app in the store: accounts ([`User`], with an argon2id hash made by
//! `web::auth`), their sessions (opaque records of tower-sessions, with an expiry), and crawls of
//! one unit queued from the web app ([`CrawlRequest`]).

use super::{Store, now_text};
use anyhow::{Context, Result};
use sqlx::Row;
use std::collections::BTreeMap;

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads pages and reports.
    Viewer,
    /// Also overrides scores and queues crawls.
    Evaluator,
    /// Also manages accounts.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Evaluator => "evaluator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "viewer" => Some(Role::Viewer),
            "evaluator" => Some(Role::Evaluator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The role's Vietnamese name.
    pub fn vietnamese(self) -> &'static str {
        match self {
            Role::Viewer => "người xem",
            Role::Evaluator => "cán bộ đánh giá",
            Role::Admin => "quản trị",
        }
    }
}

/// One account.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: String,
}

/// Adds an account; a name already taken is an error naming it.
pub async fn add_user(store: &Store, name: &str, role: Role, password_hash: &str) -> Result<i64> {
    if find_user(store, name).await?.is_some() {
        anyhow::bail!("tài khoản \"{name}\" đã có");
    }
    let row = sqlx::query(
        "INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES ($1, $2, $3, 0, $4) RETURNING id",
    )
    .bind(name)
    .bind(role.as_str())
    .bind(password_hash)
    .bind(now_text())
    .fetch_one(&store.pool)
    .await
    .with_context(|| format!("không thêm được tài khoản {name}"))?;
    Ok(row.try_get(0)?)
}

fn user(r: &sqlx::any::AnyRow) -> Result<User> {
    let role: String = r.try_get("role")?;
    Ok(User {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        role: Role::parse(&role).with_context(|| format!("cơ sở dữ liệu có vai trò không rõ {role}"))?,
        password_hash: r.try_get("password_hash")?,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn find_user(store: &Store, name: &str) -> Result<Option<User>> {
    let row = sqlx::query("SELECT id, name, role, password_hash, disabled, created_at FROM users WHERE name = $1")
        .bind(name)
        .fetch_optional(&store.pool)
        .await?;
    row.as_ref().map(user).transpose()
}

/// Every account, by name.
pub async fn list_users(store: &Store) -> Result<Vec<User>> {
    let rows = sqlx::query("SELECT id, name, role, password_hash, disabled, created_at FROM users ORDER BY name")
        .fetch_all(&store.pool)
        .await?;
    rows.iter().map(user).collect()
}

/// Disables (or enables again) an account; false when there is none of that name. A disabled
/// account's sessions stop working at their next request (`web::auth` reads the account each time).
pub async fn set_disabled(store: &Store, name: &str, disabled: bool) -> Result<bool> {
    let done = sqlx::query("UPDATE users SET disabled = $1 WHERE name = $2")
        .bind(i64::from(disabled))
        .bind(name)
        .execute(&store.pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A session record, JSON, and its expiry (Unix seconds); sessions expired by then are dropped.
pub async fn save_session(store: &Store, id: &str, data: &str, expires_at: i64) -> Result<()> {
    sqlx::query("DELETE FROM web_sessions WHERE expires_at < $1")
        .bind(chrono::Utc::now().timestamp())
        .execute(&store.pool)
        .await?;
    sqlx::query(
        "INSERT INTO web_sessions (id, data, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
    )
    .bind(id)
    .bind(data)
    .bind(expires_at)
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// The session's record unless it expired before `now` (Unix seconds).
pub async fn load_session(store: &Store, id: &str, now: i64) -> Result<Option<String>> {
    let row = sqlx::query("SELECT data FROM web_sessions WHERE id = $1 AND expires_at > $2")
        .bind(id)
        .bind(now)
        .fetch_optional(&store.pool)
        .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

pub async fn delete_session(store: &Store, id: &str) -> Result<()> {
    sqlx::query("DELETE FROM web_sessions WHERE id = $1")
        .bind(id)
        .execute(&store.pool)
        .await?;
    Ok(())
}

/// Where a queued crawl stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestState {
    Queued,
    Running,
    Done,
    Failed,
}

impl RequestState {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Queued => "queued",
            RequestState::Running => "running",
            RequestState::Done => "done",
            RequestState::Failed => "failed",
        }
    }

    fn parse(s: &str) -> RequestState {
        match s {
            "running" => RequestState::Running,
            "done" => RequestState::Done,
            "failed" => RequestState::Failed,
            _ => RequestState::Queued,
        }
    }

    /// The state as the web page shows it.
    pub fn vietnamese(self) -> &'static str {
        match self {
            RequestState::Queued => "chờ",
            RequestState::Running => "đang thu thập",
            RequestState::Done => "xong",
            RequestState::Failed => "lỗi",
        }
    }

    /// Still to be answered (queued or being crawled).
    pub fn open(self) -> bool {
        matches!(self, RequestState::Queued | RequestState::Running)
    }
}

/// A crawl of one unit an evaluator asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct CrawlRequest {
    pub id: i64,
    pub unit_id: String,
    /// The run whose results for the unit the new crawl replaces (None: asked before runs were
    /// named; the latest finished run is meant).
    pub run_id: Option<i64>,
    pub requested_by: String,
    pub requested_at: String,
    pub state: RequestState,
    pub started_at: Option<String>,
    pub done_at: Option<String>,
    /// The crawl run that crawled the unit again (None when a whole run answered it).
    pub crawl_run_id: Option<i64>,
    /// Why it failed (Vietnamese).
    pub error: Option<String>,
    /// The new version of the run's reports.
    pub report_dir: Option<String>,
}

const REQUEST_COLUMNS: &str =
    "id, unit_id, run_id, requested_by, requested_at, state, started_at, done_at, crawl_run_id, error, report_dir";

fn request(r: &sqlx::any::AnyRow) -> Result<CrawlRequest> {
    Ok(CrawlRequest {
        id: r.try_get("id")?,
        unit_id: r.try_get("unit_id")?,
        run_id: r.try_get("run_id")?,
        requested_by: r.try_get("requested_by")?,
        requested_at: r.try_get("requested_at")?,
        state: RequestState::parse(&r.try_get::<String, _>("state")?),
        started_at: r.try_get("started_at")?,
        done_at: r.try_get("done_at")?,
        crawl_run_id: r.try_get("crawl_run_id")?,
        error: r.try_get("error")?,
        report_dir: r.try_get("report_dir")?,
    })
}

/// Queues a crawl of `unit_id` whose results replace the unit's in run `run_id`; an open request
/// for the same unit is kept instead of a second one.
pub async fn request_crawl(store: &Store, evaluation: &str, run_id: i64, unit_id: &str, by: &str) -> Result<i64> {
    if let Some(open) = crawl_requests(store, evaluation)
        .await?
        .into_iter()
        .find(|r| r.unit_id == unit_id && r.state.open())
    {
        return Ok(open.id);
    }
    let row = sqlx::query(
        "INSERT INTO crawl_requests (evaluation, unit_id, run_id, requested_by, requested_at, state) VALUES ($1, $2, $3, $4, $5, 'queued') RETURNING id",
    )
    .bind(evaluation)
    .bind(unit_id)
    .bind(run_id)
    .bind(by)
    .bind(now_text())
    .fetch_one(&store.pool)
    .await?;
    Ok(row.try_get(0)?)
}

/// The evaluation's crawl requests, oldest first.
pub async fn crawl_requests(store: &Store, evaluation: &str) -> Result<Vec<CrawlRequest>> {
    let q = format!("SELECT {REQUEST_COLUMNS} FROM crawl_requests WHERE evaluation = $1 ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(q))
        .bind(evaluation)
        .fetch_all(&store.pool)
        .await?;
    rows.iter().map(request).collect()
}

/// Takes the evaluation's oldest queued request (marks it running); None when none waits. Two
/// takers never get the same request: the update only succeeds for the one that finds it queued.
pub async fn take_crawl_request(store: &Store, evaluation: &str) -> Result<Option<CrawlRequest>> {
    loop {
        let Some(next) = crawl_requests(store, evaluation)
            .await?
            .into_iter()
            .find(|r| r.state == RequestState::Queued)
        else {
            return Ok(None);
        };
        let taken = sqlx::query(
            "UPDATE crawl_requests SET state = 'running', started_at = $1 WHERE id = $2 AND state = 'queued'",
        )
        .bind(now_text())
        .bind(next.id)
        .execute(&store.pool)
        .await?
        .rows_affected();
        if taken == 1 {
            return Ok(Some(CrawlRequest {
                state: RequestState::Running,
                ..next
            }));
        }
    }
}

/// Puts requests left running by a process that stopped (killed server) back in the queue.
pub async fn requeue_interrupted(store: &Store, evaluation: &str) -> Result<u64> {
    Ok(sqlx::query(
        "UPDATE crawl_requests SET state = 'queued', started_at = NULL WHERE evaluation = $1 AND state = 'running'",
    )
    .bind(evaluation)
    .execute(&store.pool)
    .await?
    .rows_affected())
}

/// A request answered: `crawl_run_id` crawled the unit again for run `run_id`; `report_dir`: the
/// new version of the run's reports, if written.
pub async fn crawl_request_done(
    store: &Store,
    id: i64,
    run_id: i64,
    crawl_run_id: i64,
    report_dir: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "UPDATE crawl_requests SET state = 'done', done_at = $1, run_id = $2, crawl_run_id = $3, report_dir = $4, error = NULL WHERE id = $5",
    )
    .bind(now_text())
    .bind(run_id)
    .bind(crawl_run_id)
    .bind(report_dir)
    .bind(id)
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// The request's unit was crawled and audited again by `crawl_run_id` for run `run_id`: from now
/// its audit stands for the unit in that run (the request is still running: reports follow).
pub async fn crawl_request_crawled(store: &Store, id: i64, run_id: i64, crawl_run_id: i64) -> Result<()> {
    sqlx::query("UPDATE crawl_requests SET run_id = $1, crawl_run_id = $2 WHERE id = $3")
        .bind(run_id)
        .bind(crawl_run_id)
        .bind(id)
        .execute(&store.pool)
        .await?;
    Ok(())
}

/// A request that could not be answered, and why (Vietnamese).
pub async fn crawl_request_failed(store: &Store, id: i64, error: &str) -> Result<()> {
    sqlx::query("UPDATE crawl_requests SET state = 'failed', done_at = $1, error = $2 WHERE id = $3")
        .bind(now_text())
        .bind(error)
        .bind(id)
        .execute(&store.pool)
        .await?;
    Ok(())
}

/// The units of run `run_id` crawled again on request, each with the crawl run whose audit now
/// stands for it (the newest request per unit that got that far and did not fail).
pub async fn recrawled_units(store: &Store, run_id: i64) -> Result<BTreeMap<String, i64>> {
    let rows = sqlx::query(
        "SELECT unit_id, crawl_run_id FROM crawl_requests WHERE run_id = $1 AND state IN ('running', 'done') AND crawl_run_id IS NOT NULL ORDER BY id",
    )
    .bind(run_id)
    .fetch_all(&store.pool)
    .await?;
    let mut out = BTreeMap::new();
    for r in &rows {
        out.insert(r.try_get("unit_id")?, r.try_get("crawl_run_id")?);
    }
    Ok(out)
}

/// The crawl settings stored with crawl run `run_id` (JSON), if the run exists.
pub async fn crawl_run_config(store: &Store, run_id: i64) -> Result<Option<String>> {
    let row = sqlx::query("SELECT config FROM crawl_runs WHERE id = $1")
        .bind(run_id)
        .fetch_optional(&store.pool)
        .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

/// Marks the evaluation's queued crawl requests of `units` done (a whole run crawled them again).
pub async fn finish_crawl_requests(store: &Store, evaluation: &str, units: &[String]) -> Result<u64> {
    let mut done = 0;
    for unit in units {
        done += sqlx::query(
            "UPDATE crawl_requests SET state = 'done', done_at = $1 WHERE evaluation = $2 AND unit_id = $3 AND state = 'queued'",
        )
        .bind(now_text())
        .bind(evaluation)
        .bind(unit)
        .execute(&store.pool)
        .await?
        .rows_affected();
    }
    Ok(done)
}
