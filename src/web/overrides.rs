//! Overrides: `POST /overrides` checks an evaluator's form ([`crate::pipeline::overrides::record`]:
//! the signed-in account is who decides, the run's evidence is kept with it), stores it in the
//! audit trail and sends the browser back to the unit page (303); a refused form is shown again with
//! a Vietnamese message and status 422, and nothing is stored. A site that could not be checked is
//! one case: [`unreachable_panel`] scores all its website criteria in one form
//! (`POST /runs/{id}/units/{unit}/website`), prefilled from its last verified run, under one
//! Vietnamese cause, with a button that queues a new crawl of that unit. [`stale_section`] shows
//! overrides whose evidence changed, both versions side by side. `GET /overrides` is the whole
//! audit trail: who, when, unit, criterion, points, reason, run.

use super::auth::Visitor;
use super::layout::{message_body, page_for, unit_href};
use super::run_pages::{FormError, render_unit};
use super::{AppState, PageError};
use crate::audit::model::SiteAudit;
use crate::pipeline::merge::MergedWebsite;
use crate::pipeline::overrides::{OverrideRequest, Recorded, record, validate};
use crate::pipeline::results::RunResults;
use crate::pipeline::standing::unreachable_cause;
use crate::registry::Unit;
use crate::report::markup::escape;
use crate::report::points_text;
use crate::store;
use crate::util::time::timestamp_vn;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
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
    only_run: String,
}

pub(super) async fn submit(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
    Form(form): Form<OverrideForm>,
) -> Response {
    let run_id = match form.run_id.trim().parse::<i64>() {
        Ok(id) => id,
        Err(_) => return refused_page(&v, &format!("Mã lượt đánh giá \"{}\" không hợp lệ.", form.run_id)),
    };
    if let Err(e) = known_run(&state, &v, run_id).await {
        return e;
    }
    let refuse = |message: String| FormError {
        criterion_id: form.criterion_id.clone(),
        message,
        points: form.points.clone(),
        reason: form.reason.clone(),
    };
    let points = match check_points(&state, &form) {
        Ok(p) => p,
        Err(message) => return show_refused(&state, &v, run_id, &form.unit_id, refuse(message)).await,
    };
    let req = OverrideRequest {
        unit: form.unit_id.trim(),
        target: form.criterion_id.trim(),
        points,
        reason: &form.reason,
        evaluator: v.name(),
        run_id,
        only_run: !form.only_run.is_empty(),
    };
    match record(&state.store, &state.eval, &req).await {
        Ok(Recorded::Stored { id, target }) => {
            tracing::info!(id, unit = %target.unit_id, criterion = %target.criterion_id, points, evaluator = v.name(), "override stored");
            let back = format!("{}#tc-{}", unit_href(run_id, &target.unit_id), target.criterion_id);
            Redirect::to(&back).into_response()
        }
        Ok(Recorded::Refused(e)) => show_refused(&state, &v, run_id, &form.unit_id, refuse(e.vietnamese())).await,
        Err(e) => PageError::Internal(e).into_response(),
    }
}

async fn show_refused(state: &AppState, v: &Visitor, run_id: i64, unit_id: &str, refused: FormError) -> Response {
    match render_unit(state, v, run_id, unit_id, Some(&refused)).await {
        Ok(html) => (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response(),
        Err(PageError::NotFound(why)) => refused_page(v, &format!("{} {why}", refused.message)),
        Err(e) => e.into_response(),
    }
}

/// The form's points, or why they are refused (in Vietnamese). Unit, criterion and reason are
/// checked first, which also gives the maximum to name in that message.
fn check_points(state: &AppState, form: &OverrideForm) -> Result<f64, String> {
    let parsed = parse_points(&form.points);
    let target = validate(
        &state.eval,
        form.unit_id.trim(),
        form.criterion_id.trim(),
        parsed.unwrap_or(0.0),
        &form.reason,
    )
    .map_err(|e| e.vietnamese())?;
    parsed.ok_or_else(|| {
        format!(
            "Điểm \"{}\" không phải là một số: nhập một số từ 0 đến {}.",
            form.points.trim(),
            points_text(target.max)
        )
    })
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
async fn known_run(state: &AppState, v: &Visitor, run_id: i64) -> Result<(), Response> {
    match store::pipeline::run_info(&state.store, run_id).await {
        Ok(Some(info)) if info.evaluation == state.eval.id => Ok(()),
        Ok(_) => Err(refused_page(
            v,
            &format!("Không có lượt đánh giá #{run_id} của đợt đánh giá {}.", state.eval.id),
        )),
        Err(e) => Err(PageError::Internal(e).into_response()),
    }
}

fn refused_page(v: &Visitor, message: &str) -> Response {
    let body = message_body("Chưa lưu điều chỉnh", message);
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Html(page_for(Some(v), "Chưa lưu điều chỉnh", &body)),
    )
        .into_response()
}

pub(super) async fn trail(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
) -> Result<Html<String>, PageError> {
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
        body += &recrawl_trail(&state).await?;
        return Ok(Html(page_for(Some(&v), title, &body)));
    }
    body += "<div class=\"table-wrap\"><table class=\"trail\"><thead><tr><th>Số</th><th>Thời điểm</th><th>Cán bộ đánh giá</th><th>Đơn vị</th>\
             <th>Tiêu chí</th><th>Điểm</th><th>Lý do</th><th>Phạm vi</th></tr></thead><tbody>";
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
            r#"<tr class="override" data-override="{}" data-unit="{}" data-criterion="{}"><td class="num">{}</td><td>{}</td><td>{}</td><td>{unit}</td><td>{}</td><td class="num">{}</td><td>{}</td><td>{}</td></tr>"#,
            o.id,
            escape(&o.unit_id),
            escape(&o.criterion_id),
            o.id,
            escape(&timestamp_vn(&o.created_at)),
            escape(&o.evaluator),
            escape(criterion),
            points_text(o.points),
            escape(&o.reason),
            scope_text(o)
        );
    }
    body += "</tbody></table></div>";
    body += &recrawl_trail(&state).await?;
    Ok(Html(page_for(Some(&v), title, &body)))
}

/// The trail's record of units whose results in a run were replaced by a crawl asked for:
/// "thu thập lại theo yêu cầu của <người> lúc dd/mm/yyyy HH:mm".
async fn recrawl_trail(state: &AppState) -> Result<String, PageError> {
    let answered: Vec<_> = store::users::crawl_requests(&state.store, &state.eval.id)
        .await?
        .into_iter()
        .filter(|r| r.state == store::users::RequestState::Done && r.crawl_run_id.is_some())
        .collect();
    if answered.is_empty() {
        return Ok(String::new());
    }
    let mut s = String::from(
        r#"<h2 id="thu-thap-lai">Kết quả website được thay bằng lần thu thập lại</h2><ul class="recrawls">"#,
    );
    for r in answered.iter().rev() {
        let name = state
            .eval
            .unit(&r.unit_id)
            .map_or(r.unit_id.as_str(), |u| u.name.as_str());
        let run = r.run_id.unwrap_or_default();
        let _ = write!(
            s,
            r#"<li class="recrawl" data-unit="{}"><a href="{}">{}</a>, lượt đánh giá #{run}: thu thập lại theo yêu cầu của {} lúc {} (xong lúc {}; kết quả cũ vẫn được lưu).</li>"#,
            escape(&r.unit_id),
            escape(&unit_href(run, &r.unit_id)),
            escape(name),
            escape(&r.requested_by),
            escape(&timestamp_vn(&r.requested_at)),
            escape(&r.done_at.as_deref().map(timestamp_vn).unwrap_or_default())
        );
    }
    s += "</ul>";
    Ok(s)
}

fn scope_text(o: &store::declared::Override) -> String {
    match (o.run_id, o.only_run) {
        (Some(r), true) => format!("chỉ lượt đánh giá #{r}"),
        (Some(r), false) => format!("theo bằng chứng lượt đánh giá #{r}"),
        (None, _) => "mọi lượt đánh giá".to_string(),
    }
}

/// Overrides of the unit that no longer hold because the evidence changed: both versions side by
/// side, for the evaluator to decide again.
pub(super) fn stale_section(state: &AppState, results: &RunResults, unit_id: &str) -> String {
    let stale: Vec<_> = results.stale.iter().filter(|s| s.unit_id == unit_id).collect();
    if stale.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        r#"<section id="bang-chung-thay-doi"><h2>Bằng chứng đã thay đổi</h2><p class="flag">Các điều chỉnh dưới đây không còn áp dụng vì bằng chứng đã thay đổi; hãy quyết định lại.</p><div class="table-wrap"><table class="stale"><thead><tr><th>Tiêu chí</th><th>Khi điều chỉnh</th><th>Lượt đánh giá này</th></tr></thead><tbody>"#,
    );
    let side = |e: &store::declared::EvidenceSnapshot| {
        let mut t = format!(
            "{} điểm — {}",
            points_text(e.points),
            crate::report::scorecard::outcome_text(e.outcome)
        );
        if let Some(d) = e.latest_date {
            t += &format!(", mới nhất {}", d.format("%d/%m/%Y"));
        }
        let mut html = escape(&t);
        for u in &e.urls {
            html += &format!("<br>{}", escape(u));
        }
        for n in &e.notes {
            html += &format!("<br><small>{}</small>", escape(n));
        }
        html
    };
    for st in stale {
        let name = state
            .eval
            .rubric
            .criterion(&st.criterion_id)
            .map_or(st.criterion_id.as_str(), |(_, c)| c.name.as_str());
        let then = st.over.evidence.as_ref().map_or(String::new(), side);
        let _ = write!(
            s,
            r#"<tr class="stale" data-criterion="{id}"><td>{}<br><small>{id}</small><br>Điều chỉnh #{}: {} điểm bởi {} ({}) — {}</td><td>{then}</td><td>{}</td></tr>"#,
            escape(name),
            st.over.id,
            points_text(st.over.points),
            escape(&st.over.evaluator),
            escape(&timestamp_vn(&st.over.created_at)),
            escape(&st.over.reason),
            side(&st.now),
            id = escape(&st.criterion_id)
        );
    }
    s += "</tbody></table></div></section>";
    s
}

/// A site that could not be checked: one cause, the detail folded away, one form for the whole
/// website group (prefilled with the points carried from its last verified run, else empty), and a
/// button that queues a new crawl of the unit.
pub(super) async fn unreachable_panel(
    state: &AppState,
    v: &Visitor,
    run_id: i64,
    unit: &Unit,
    audit: &SiteAudit,
    website: &MergedWebsite,
    refused: Option<&FormError>,
) -> Result<String, PageError> {
    let (cause, detail) = unreachable_cause(audit);
    let mut s = format!(
        r#"<section id="khong-kiem-tra-duoc" class="panel"><h2>Website không kiểm tra được: {}</h2><p>Lượt đánh giá này không kiểm tra được website của đơn vị, nên {} tiêu chí website chưa có điểm. Hãy chấm cả nhóm trong một lần dưới đây (điểm đã điền sẵn là kết quả của lần kiểm tra được gần nhất, nếu có), hoặc yêu cầu thu thập lại website.</p>"#,
        escape(cause),
        website.pending.len()
    );
    if !detail.is_empty() {
        let _ = write!(
            s,
            r#"<details class="detail"><summary>Chi tiết kỹ thuật</summary><pre>{}</pre></details>"#,
            escape(&detail)
        );
    }
    let open = store::users::crawl_requests(&state.store, &state.eval.id)
        .await?
        .into_iter()
        .find(|r| r.unit_id == unit.id && r.state.open());
    if let Some(r) = &open {
        let _ = write!(
            s,
            r#"<p class="note crawl-queued">Đã yêu cầu thu thập lại lúc {} (bởi {}): {}; xem trạng thái ở mục “Yêu cầu thu thập lại” bên dưới.</p>"#,
            escape(&timestamp_vn(&r.requested_at)),
            escape(&r.requested_by),
            r.state.vietnamese()
        );
    }
    if !v.can_edit() {
        s += "</section>";
        return Ok(s);
    }
    if open.is_none() {
        let _ = write!(
            s,
            r#"<form class="inline crawl" method="post" action="{}/crawl">{}<button type="submit">Yêu cầu thu thập lại website này</button></form>"#,
            escape(&unit_href(run_id, &unit.id)),
            v.csrf_field()
        );
    }
    if let Some(f) = refused {
        let _ = write!(s, r#"<p class="error" role="alert">{}</p>"#, escape(&f.message));
    }
    let _ = write!(
        s,
        r#"<form class="panel" method="post" action="{}/website">{}<div class="table-wrap"><table class="criteria"><thead><tr><th>Tiêu chí</th><th>Điểm</th></tr></thead><tbody>"#,
        escape(&unit_href(run_id, &unit.id)),
        v.csrf_field()
    );
    for c in &website.criteria {
        let name = state
            .eval
            .rubric
            .criterion(&c.id)
            .map_or(c.id.as_str(), |(_, rc)| rc.name.as_str());
        let prefill = if c.outcome == crate::audit::model::Outcome::Unverified {
            String::new()
        } else {
            c.points.to_string()
        };
        let _ = write!(
            s,
            r#"<tr class="criterion" data-criterion="{id}"><td><label for="p-{id}">{}</label></td><td><input id="p-{id}" name="p_{id}" type="number" min="0" max="{}" step="any" required value="{}"> / {}</td></tr>"#,
            escape(name),
            c.max_points,
            escape(&prefill),
            points_text(c.max_points),
            id = escape(&c.id)
        );
    }
    s += r#"</tbody></table></div><label>Lý do (áp dụng cho cả nhóm) <input name="reason" type="text" required></label> <label><input name="only_run" type="checkbox" value="1"> chỉ cho lượt đánh giá này</label> <button type="submit">Lưu điểm cả nhóm website</button></form></section>"#;
    Ok(s)
}

/// The website panel's form: every criterion's points (`p_<criterion>`), one reason.
pub(super) async fn submit_panel(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
    Path((run_id, unit_id)): Path<(i64, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(e) = known_run(&state, &v, run_id).await {
        return e;
    }
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map_or("", |(_, v)| v.as_str());
    let reason = get("reason").to_string();
    let only_run = !get("only_run").is_empty();
    let refuse = |criterion: &str, message: String| FormError {
        criterion_id: criterion.to_string(),
        message,
        points: String::new(),
        reason: reason.clone(),
    };
    let entries: Vec<(&str, &str)> = fields
        .iter()
        .filter_map(|(k, val)| k.strip_prefix("p_").map(|c| (c, val.as_str())))
        .collect();
    if entries.is_empty() {
        return show_refused(
            &state,
            &v,
            run_id,
            &unit_id,
            refuse("", "Biểu mẫu không có điểm nào.".into()),
        )
        .await;
    }
    // Every value is checked before any is stored: the group is decided whole or not at all.
    let mut checked = Vec::new();
    for (criterion, raw) in &entries {
        let Some(points) = parse_points(raw) else {
            return show_refused(
                &state,
                &v,
                run_id,
                &unit_id,
                refuse(
                    criterion,
                    format!("Điểm \"{raw}\" của tiêu chí {criterion} không phải là một số."),
                ),
            )
            .await;
        };
        if let Err(e) = validate(&state.eval, &unit_id, criterion, points, &reason) {
            return show_refused(&state, &v, run_id, &unit_id, refuse(criterion, e.vietnamese())).await;
        }
        checked.push((*criterion, points));
    }
    for (criterion, points) in checked {
        let req = OverrideRequest {
            unit: &unit_id,
            target: criterion,
            points,
            reason: &reason,
            evaluator: v.name(),
            run_id,
            only_run,
        };
        match record(&state.store, &state.eval, &req).await {
            Ok(Recorded::Stored { .. }) => {}
            Ok(Recorded::Refused(e)) => {
                return show_refused(&state, &v, run_id, &unit_id, refuse(criterion, e.vietnamese())).await;
            }
            Err(e) => return PageError::Internal(e).into_response(),
        }
    }
    tracing::info!(unit = %unit_id, run_id, evaluator = v.name(), "website group scored in one panel");
    Redirect::to(&unit_href(run_id, &unit_id)).into_response()
}

/// Queues a new crawl of the unit (the next run checks it again first).
pub(super) async fn queue_crawl(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
    Path((run_id, unit_id)): Path<(i64, String)>,
) -> Response {
    if let Err(e) = known_run(&state, &v, run_id).await {
        return e;
    }
    let Some(unit) = state.eval.unit(&unit_id).filter(|u| u.website.is_some()) else {
        return refused_page(
            &v,
            &format!("Không có đơn vị \"{unit_id}\" có website trong đợt đánh giá."),
        );
    };
    match store::users::request_crawl(&state.store, &state.eval.id, run_id, &unit.id, v.name()).await {
        Ok(id) => {
            tracing::info!(id, unit = %unit.id, by = v.name(), "crawl queued");
            Redirect::to(&unit_href(run_id, &unit.id)).into_response()
        }
        Err(e) => PageError::Internal(e).into_response(),
    }
}

/// The unit's crawl requests, newest first: state (chờ / đang thu thập / xong / lỗi and its cause),
/// who asked and when, when it ended, in Vietnam time. Empty when there is none.
pub(super) async fn crawl_requests_section(state: &AppState, unit_id: &str) -> Result<String, PageError> {
    let mine: Vec<_> = store::users::crawl_requests(&state.store, &state.eval.id)
        .await?
        .into_iter()
        .filter(|r| r.unit_id == unit_id)
        .collect();
    if mine.is_empty() {
        return Ok(String::new());
    }
    let mut s = String::from(
        r#"<section id="yeu-cau-thu-thap"><h2>Yêu cầu thu thập lại</h2><div class="table-wrap"><table class="crawl-requests"><thead><tr><th>Số</th><th>Người yêu cầu</th><th>Lúc yêu cầu</th><th>Trạng thái</th><th>Lúc xong</th></tr></thead><tbody>"#,
    );
    for r in mine.iter().rev() {
        let mut status = r.state.vietnamese().to_string();
        if let Some(e) = &r.error {
            status += &format!(": {e}");
        } else if r.state == store::users::RequestState::Done && r.crawl_run_id.is_none() {
            status += " (trong một lượt đánh giá mới)";
        } else if let (Some(run), true) = (r.run_id, r.crawl_run_id.is_some()) {
            status += &format!(" — kết quả website của lượt đánh giá #{run} đã được thay");
        }
        let _ = write!(
            s,
            r#"<tr class="crawl-request" data-request="{}" data-state="{}"><td class="num">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            r.id,
            r.state.as_str(),
            r.id,
            escape(&r.requested_by),
            escape(&timestamp_vn(&r.requested_at)),
            escape(&status),
            escape(&r.done_at.as_deref().map(timestamp_vn).unwrap_or_default())
        );
    }
    s += "</tbody></table></div></section>";
    Ok(s)
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
