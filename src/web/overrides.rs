//! Overrides: `POST /overrides` checks an evaluator's form ([`crate::pipeline::overrides::validate`]),
//! stores it in the audit trail and sends the browser back to the unit page (303); a refused form is
//! shown again with a Vietnamese message and status 422, and nothing is stored. `GET /overrides` is
//! the whole audit trail: who, when, unit, criterion, points, reason.

use super::layout::{message_body, page, timestamp_vn, unit_href};
use super::run_pages::{FormError, render_unit};
use super::{AppState, PageError};
use crate::pipeline::overrides::{OverrideTarget, validate};
use crate::report::markup::escape;
use crate::report::points_text;
use crate::store;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::fmt::Write;
use std::sync::Arc;

/// The override form as posted; every field is text so that a bad value gets a clear message
/// instead of a generic rejection.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct OverrideForm {
    run_id: String,
    unit_id: String,
    criterion_id: String,
    points: String,
    reason: String,
    evaluator: String,
}

pub(super) async fn submit(State(state): State<Arc<AppState>>, Form(form): Form<OverrideForm>) -> Response {
    let run_id = match form.run_id.trim().parse::<i64>() {
        Ok(id) => id,
        Err(_) => return refused_page(&format!("Số lượt đánh giá \"{}\" không hợp lệ.", form.run_id)),
    };
    let (points, target) = match check(&state, &form) {
        Ok(checked) => checked,
        Err(message) => {
            let refused = FormError {
                criterion_id: form.criterion_id.clone(),
                message: message.clone(),
                points: form.points.clone(),
                reason: form.reason.clone(),
                evaluator: form.evaluator.clone(),
            };
            return match render_unit(&state, run_id, &form.unit_id, Some(&refused)).await {
                Ok(html) => (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response(),
                Err(PageError::NotFound(why)) => refused_page(&format!("{message} {why}")),
                Err(e) => e.into_response(),
            };
        }
    };
    if let Err(e) = known_run(&state, run_id).await {
        return e;
    }
    let (reason, evaluator) = (form.reason.trim(), form.evaluator.trim());
    let stored = store::declared::add_override(
        &state.store,
        &state.eval.id,
        &target.unit_id,
        &target.criterion_id,
        points,
        reason,
        evaluator,
    )
    .await;
    match stored {
        Ok(id) => {
            tracing::info!(
                id,
                unit = %target.unit_id,
                criterion = %target.criterion_id,
                points,
                evaluator,
                "override stored"
            );
            let back = format!("{}#tc-{}", unit_href(run_id, &target.unit_id), target.criterion_id);
            Redirect::to(&back).into_response()
        }
        Err(e) => PageError::Internal(e).into_response(),
    }
}

/// The form's points and target, or why it is refused (in Vietnamese).
fn check(state: &AppState, form: &OverrideForm) -> Result<(f64, OverrideTarget), String> {
    let parsed = parse_points(&form.points);
    // Unit, criterion and reason are checked by `validate` even when the points are not a number,
    // which also gives the maximum to name in that message.
    let target = validate(
        &state.eval,
        form.unit_id.trim(),
        form.criterion_id.trim(),
        parsed.unwrap_or(0.0),
        &form.reason,
    )
    .map_err(|e| e.vietnamese())?;
    let Some(points) = parsed else {
        return Err(format!(
            "Điểm \"{}\" không phải là một số: nhập một số từ 0 đến {}.",
            form.points.trim(),
            points_text(target.max)
        ));
    };
    if form.evaluator.trim().is_empty() {
        return Err("Cần ghi tên cán bộ đánh giá: nhật ký điều chỉnh ghi ai đã quyết định.".to_string());
    }
    Ok((points, target))
}

/// "7,5" or "7.5" → 7.5; anything else (empty, text, infinities) → None.
fn parse_points(raw: &str) -> Option<f64> {
    raw.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|p| p.is_finite())
}

/// The run the form came from must be one of the served evaluation, or there is no page to go back to.
async fn known_run(state: &AppState, run_id: i64) -> Result<(), Response> {
    match store::pipeline::run_info(&state.store, run_id).await {
        Ok(Some(info)) if info.evaluation == state.eval.id => Ok(()),
        Ok(_) => Err(refused_page(&format!(
            "Không có lượt đánh giá #{run_id} của đợt đánh giá {}.",
            state.eval.id
        ))),
        Err(e) => Err(PageError::Internal(e).into_response()),
    }
}

fn refused_page(message: &str) -> Response {
    let body = message_body("Chưa lưu điều chỉnh", message);
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Html(page("Chưa lưu điều chỉnh", &body)),
    )
        .into_response()
}

pub(super) async fn trail(State(state): State<Arc<AppState>>) -> Result<Html<String>, PageError> {
    let eval = &state.eval;
    let overrides = store::declared::load_overrides(&state.store, &eval.id).await?;
    let latest_run = store::pipeline::runs_of(&state.store, &eval.id)
        .await?
        .last()
        .map(|r| r.run_id);
    let title = "Nhật ký điều chỉnh điểm";
    let mut body = format!(
        r#"<h1>{title}</h1><p class="note">{} — mọi điều chỉnh đều được giữ lại; điều chỉnh mới nhất của mỗi tiêu chí được tính.</p>"#,
        escape(&eval.title)
    );
    if overrides.is_empty() {
        body += "<p>Chưa có điều chỉnh nào.</p>";
        return Ok(Html(page(title, &body)));
    }
    body += "<table class=\"trail\"><thead><tr><th>Số</th><th>Thời điểm</th><th>Cán bộ đánh giá</th><th>Đơn vị</th>\
             <th>Tiêu chí</th><th>Điểm</th><th>Lý do</th></tr></thead><tbody>";
    for o in overrides.iter().rev() {
        let name = eval.unit(&o.unit_id).map_or(o.unit_id.as_str(), |u| u.name.as_str());
        let unit = match latest_run {
            Some(run) => format!(
                r#"<a href="{}">{}</a>"#,
                escape(&unit_href(run, &o.unit_id)),
                escape(name)
            ),
            None => escape(name),
        };
        let criterion = eval
            .rubric
            .criterion(&o.criterion_id)
            .map_or(o.criterion_id.as_str(), |(_, c)| c.name.as_str());
        let _ = write!(
            body,
            r#"<tr class="override" data-override="{}" data-unit="{}" data-criterion="{}"><td class="num">{}</td><td>{}</td><td>{}</td><td>{unit}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>"#,
            o.id,
            escape(&o.unit_id),
            escape(&o.criterion_id),
            o.id,
            escape(&timestamp_vn(&o.created_at)),
            escape(&o.evaluator),
            escape(criterion),
            points_text(o.points),
            escape(&o.reason)
        );
    }
    body += "</tbody></table>";
    Ok(Html(page(title, &body)))
}

#[cfg(test)]
mod tests {
    use super::parse_points;

    #[test]
    fn points_accept_a_decimal_comma_and_refuse_text() {
        assert_eq!(parse_points(" 7,5 "), Some(7.5));
        assert_eq!(parse_points("10"), Some(10.0));
        assert_eq!(parse_points("mười"), None);
        assert_eq!(parse_points(""), None);
        assert_eq!(parse_points("inf"), None);
    }
}
