//! The run's phone screenshots (the browser stage's `anh-dien-thoai/` in the run's report folder),
//! at `/runs/{id}/units/anh-dien-thoai/{file}`: where the scorecard served at
//! `/runs/{id}/units/{unit}/scorecard` finds them by the same relative link (`../anh-dien-thoai/…`)
//! as the scorecard file in the run folder (`scorecards/…`). Only a plain `.jpg` file name that is
//! in that folder is served: no path, no traversal.
//!
//! Main item: [`screenshot`].

use super::{AppState, PageError};
use crate::browser::SHOTS_DIR;
use crate::store;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The URL of screenshot `file` of run `run_id` (what the scorecard's relative link resolves to).
pub(super) fn href(run_id: i64, file: &str) -> String {
    format!("/runs/{run_id}/units/{SHOTS_DIR}/{file}")
}

/// A screenshot file name as the browser stage writes it: letters, digits, `.`, `-`, `_`, ending
/// in `.jpg`, not starting with a dot.
pub(super) fn plain_name(file: &str) -> bool {
    file.len() <= 200
        && file.ends_with(".jpg")
        && !file.starts_with('.')
        && file
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// `GET /runs/{id}/units/anh-dien-thoai/{file}`: the JPEG, or "not found".
pub(super) async fn screenshot(
    State(state): State<Arc<AppState>>,
    Path((run_id, file)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let missing = || PageError::NotFound(format!("Lượt đánh giá #{run_id} không có ảnh chụp \"{file}\"."));
    let info = store::pipeline::run_info(&state.store, run_id).await?;
    let Some(dir) = info
        .filter(|i| i.evaluation == state.eval.id)
        .and_then(|i| i.report_dir)
    else {
        return Err(missing());
    };
    if !plain_name(&file) {
        return Err(missing());
    }
    let dir = std::path::Path::new(&dir).join(SHOTS_DIR);
    // only a regular file listed in the folder (no link followed out of it)
    let listed = std::fs::read_dir(&dir).is_ok_and(|rd| {
        rd.filter_map(|e| e.ok())
            .any(|e| e.file_name().to_str() == Some(file.as_str()) && e.file_type().is_ok_and(|t| t.is_file()))
    });
    if !listed {
        return Err(missing());
    }
    let bytes = std::fs::read(dir.join(&file)).map_err(anyhow::Error::from)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_jpg_names_are_served() {
        assert!(plain_name("sotttt.gialai.gov.vn_tin-tuc_p_2.jpg"));
        for bad in [
            "../x.jpg",
            "..",
            ".hidden.jpg",
            "a/b.jpg",
            "a%2Fb.jpg",
            "x.png",
            "x.jpg\0",
            "",
        ] {
            assert!(!plain_name(bad), "{bad:?}");
        }
    }
}
