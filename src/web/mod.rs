//! The evaluators' web app (`ictrank serve`): server-rendered Vietnamese pages, no script, over one
//! evaluation and its store. Evaluators see the runs and the current ranking (`index`), a run's
//! review list and units (`run_pages`), a unit's website criteria with a form per criterion to
//! override its points with a reason, and the audit trail of every override (`overrides`).
//!
//! Main items: [`AppState`], [`router`] (for tests and embedding), [`serve`] (binds and runs).

mod index;
mod layout;
mod overrides;
mod run_pages;

use crate::registry::Evaluation;
use crate::store::Store;
use anyhow::{Context, Result};
use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use std::path::Path;
use std::sync::Arc;

/// What every request handler shares: the store and the evaluation it serves.
pub struct AppState {
    pub store: Store,
    pub eval: Evaluation,
}

/// The app's routes over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(index::index))
        .route("/runs/{id}", get(run_pages::run_page))
        .route("/runs/{id}/units/{unit_id}", get(run_pages::unit_page))
        .route("/overrides", get(overrides::trail).post(overrides::submit))
        .fallback(not_found_page)
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Serves the evaluation in `evaluation_dir` over the store `db_spec` on `addr` until Ctrl-C.
pub async fn serve(evaluation_dir: &Path, addr: &str, db_spec: &str) -> Result<()> {
    let eval = Evaluation::load(evaluation_dir)?;
    let store = Store::open(db_spec).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    tracing::info!(evaluation = %eval.id, db = db_spec, "serving on http://{local}/");
    axum::serve(listener, router(Arc::new(AppState { store, eval })))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("the web server stopped with an error")
}

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
                Html(layout::page(
                    "Không tìm thấy",
                    &layout::message_body("Không tìm thấy", &what),
                )),
            )
                .into_response(),
            PageError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "page failed");
                let text = format!("Máy chủ gặp lỗi khi tạo trang này: {e:#}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(layout::page("Lỗi máy chủ", &layout::message_body("Lỗi máy chủ", &text))),
                )
                    .into_response()
            }
        }
    }
}

async fn not_found_page() -> PageError {
    PageError::NotFound("Không có trang nào ở địa chỉ này.".to_string())
}
