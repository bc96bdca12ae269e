//! The evaluators' web app (`ictrank serve`): server-rendered Vietnamese pages, no script, over one
//! evaluation and its store, behind accounts (`auth`: login, sessions, CSRF, roles, security
//! headers; `admin`: accounts). Evaluators see the runs and the current ranking (`index`), a run's
//! review queue and units (`run_pages`), a unit's website criteria with a form per criterion to
//! override its points with a reason, one panel for a site that could not be checked, and the
//! audit trail of every override (`overrides`). [`serve`] also answers, in the background, the
//! crawls of one unit evaluators ask for ([`crate::pipeline::recrawl`]).
//!
//! Main items: [`AppState`], [`router`] (for tests and embedding), [`serve`] (binds and runs).

mod admin;
pub mod auth;
mod index;
mod layout;
mod overrides;
mod run_pages;
mod shots;

use crate::registry::Evaluation;
use crate::store::{self, Store};
use anyhow::{Context, Result};
use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use std::path::Path;
use std::sync::Arc;

/// What every request handler shares: the store and the evaluation it serves, whether the app is
/// reached over TLS (Secure cookies, HSTS), and the failed-login counters.
pub struct AppState {
    pub store: Store,
    pub eval: Evaluation,
    pub secure_cookies: bool,
    pub throttle: auth::Throttle,
}

impl AppState {
    /// The state of an app reached over plain HTTP on loopback (tests, a single evaluator's machine).
    pub fn new(store: Store, eval: Evaluation) -> AppState {
        AppState {
            store,
            eval,
            secure_cookies: false,
            throttle: auth::Throttle::default(),
        }
    }
}

/// The app's routes over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    use tower_sessions::cookie::SameSite;
    use tower_sessions::cookie::time::Duration;
    let sessions = tower_sessions::SessionManagerLayer::new(auth::DbSessions(state.store.clone()))
        .with_name("ictrank_phien")
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(state.secure_cookies)
        .with_expiry(tower_sessions::Expiry::OnInactivity(Duration::hours(8)));
    Router::new()
        .route("/", get(index::index))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/runs/{id}", get(run_pages::run_page))
        .route("/runs/{id}/units/{unit_id}", get(run_pages::unit_page))
        .route("/runs/{id}/units/{unit_id}/website", post(overrides::submit_panel))
        .route("/runs/{id}/units/{unit_id}/crawl", post(overrides::queue_crawl))
        .route("/runs/{id}/units/{unit_id}/scorecard", get(run_pages::scorecard))
        .route("/runs/{id}/units/anh-dien-thoai/{file}", get(shots::screenshot))
        .route("/runs/{id}/reports/{file}", get(run_pages::report_file))
        .route("/runs/{id}/stored", get(run_pages::stored_page))
        .route("/overrides", get(overrides::trail).post(overrides::submit))
        .route("/admin/users", get(admin::users).post(admin::add_user))
        .route("/admin/users/disable", post(admin::disable_user))
        .fallback(not_found_page)
        // inner to outer: the guard (login, token, role), tower-http's cross-origin check, the
        // session, the security headers on every answer
        .layer(middleware::from_fn_with_state(state.clone(), auth::guard))
        .layer(auth::csrf_layer())
        .layer(sessions)
        .layer(middleware::from_fn_with_state(state.clone(), auth::security_headers))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Whether `addr` (host:port) listens on loopback only.
fn is_loopback(addr: &std::net::SocketAddr) -> bool {
    addr.ip().is_loopback()
}

/// Serves the evaluation in `evaluation_dir` over the store `db_spec` on `addr` until Ctrl-C;
/// `behind_tls`: the app is reached through an HTTPS proxy (cookies are then Secure). Serving on a
/// non-loopback address without it warns: passwords and session cookies would cross the network
/// in clear.
///
/// With `recrawl`, a background task answers the crawls evaluators ask for, one at a time
/// ([`crate::pipeline::recrawl::spawn_worker`]); without, `ictrank crawl-requests` must.
pub async fn serve(
    evaluation_dir: &Path,
    addr: &str,
    db_spec: &str,
    behind_tls: bool,
    recrawl: Option<crate::pipeline::recrawl::RecrawlOptions>,
) -> Result<()> {
    let eval = Evaluation::load(evaluation_dir)?;
    let store = Store::open(db_spec).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("không mở được cổng tại {addr}"))?;
    let local = listener.local_addr()?;
    if !is_loopback(&local) && !behind_tls {
        tracing::warn!(%local, "serving on a non-loopback address without TLS");
        eprintln!(
            "CẢNH BÁO: ứng dụng nghe trên {local}, không phải địa chỉ nội bộ (loopback), mà không có TLS: mật khẩu và cookie phiên đi qua mạng không mã hoá. Hãy đặt ứng dụng sau một proxy HTTPS và chạy với --behind-tls."
        );
    }
    if store::users::list_users(&store).await?.is_empty() {
        eprintln!("Chưa có tài khoản nào: tạo bằng `ictrank user add TÊN --role admin`.");
    }
    tracing::info!(evaluation = %eval.id, db = db_spec, "serving on http://{local}/");
    if let Some(opts) = recrawl {
        // The thread ends with the process; a crawl cut short is queued again at the next start.
        crate::pipeline::recrawl::spawn_worker(db_spec.to_string(), eval.clone(), opts, RECRAWL_POLL)?;
    }
    let state = AppState {
        secure_cookies: behind_tls,
        ..AppState::new(store, eval)
    };
    // The peer's address reaches the handlers (failed logins are counted per address).
    let app = router(Arc::new(state)).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("máy chủ web dừng vì lỗi")
}

/// How often the background task looks for new crawl requests.
const RECRAWL_POLL: std::time::Duration = std::time::Duration::from_secs(5);

async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = std::time::Instant::now();
    let response = next.run(req).await;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

/// A page that could not be served: not found, or an internal error (logged, shown in Vietnamese).
#[derive(Debug)]
pub(crate) enum PageError {
    NotFound(String),
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for PageError {
    fn from(e: anyhow::Error) -> Self {
        PageError::Internal(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                Html(layout::page_for(
                    None,
                    "Không tìm thấy",
                    &layout::message_body("Không tìm thấy", &what),
                )),
            )
                .into_response(),
            PageError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "page failed");
                // The technical detail goes to the log, not to the page.
                let text = "Máy chủ gặp lỗi khi tạo trang này; chi tiết đã được ghi vào nhật ký máy chủ.";
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(layout::page_for(
                        None,
                        "Lỗi máy chủ",
                        &layout::message_body("Lỗi máy chủ", text),
                    )),
                )
                    .into_response()
            }
        }
    }
}

async fn not_found_page() -> PageError {
    PageError::NotFound("Không có trang nào ở địa chỉ này.".to_string())
}
