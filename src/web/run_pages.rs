//! `/runs/{id}`: a run's review queue (ordered by how many points each item can still move), its
//! reports to download, then every unit with its website points; `/runs/{id}/units/{unit_id}`: one
//! unit's website criteria — points, outcome, evidence (the stored copy and the live page),
//! confidence, the needs-review marker — each with a form to override its points (evaluators
//! only), overrides whose evidence changed shown with both versions, one panel for a site that
//! could not be checked, and the unit's override history. `/runs/{id}/stored?url=…` shows the
//! stored copy of a page as text (never as HTML in our origin); `/runs/{id}/reports/{file}` sends a
//! report file.
//!
//! Main items: the handlers and [`render_unit`], which the override handlers reuse to show a
//! refused form again with its [`FormError`].

use super::auth::Visitor;
use super::layout::{date_vn, evidence_html, page_for, unit_href};
use super::{AppState, PageError};
use crate::audit::model::{CriterionResult, SiteAudit};
use crate::pipeline::merge::MergedWebsite;
use crate::pipeline::results::RunResults;
use crate::pipeline::run::results_for_run;
use crate::registry::Unit;
use crate::report::markup::escape;
use crate::report::points_text;
use crate::report::scorecard::outcome_text;
use crate::store;
use crate::util::time::timestamp_vn;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use std::fmt::Write;
use std::sync::Arc;

/// A refused override, shown again on the unit page beside its criterion's form.
pub(super) struct FormError {
    pub criterion_id: String,
    pub message: String,
    pub points: String,
    pub reason: String,
}

/// The results of run `run_id`, which must be a run of the served evaluation.
pub(super) async fn load_run(state: &AppState, run_id: i64) -> Result<RunResults, PageError> {
    let info = store::pipeline::run_info(&state.store, run_id).await?;
    if info.is_none_or(|i| i.evaluation != state.eval.id) {
        return Err(PageError::NotFound(format!(
            "Không có lượt đánh giá #{run_id} của đợt đánh giá {}.",
            state.eval.id
        )));
    }
    Ok(results_for_run(&state.store, &state.eval, run_id).await?)
}

pub(super) async fn run_page(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
    Path(run_id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let results = load_run(&state, run_id).await?;
    let title = format!("Lượt đánh giá #{run_id} — ngày {}", date_vn(results.as_of));
    let mut body = format!(
        r#"<h1>{}</h1><p class="note">{}</p>"#,
        escape(&title),
        escape(&state.eval.title)
    );
    let _ = write!(
        body,
        r#"<section id="can-xem-lai"><h2>Đơn vị cần xem lại ({})</h2>"#,
        results.review.len()
    );
    if results.review.is_empty() {
        body += "<p>Không có đơn vị nào cần xem lại.</p>";
    } else {
        body += "<div class=\"table-wrap\"><table class=\"review\"><thead><tr><th>Đơn vị</th><th>Lý do</th><th>Điểm còn có thể thay đổi</th></tr></thead><tbody>";
        for r in &results.review {
            let _ = write!(
                body,
                r#"<tr class="review" data-unit="{}"><td><a href="{}">{}</a></td><td>{}</td><td class="num">{}</td></tr>"#,
                escape(&r.unit_id),
                escape(&unit_href(run_id, &r.unit_id)),
                escape(&r.agency),
                escape(&r.reason),
                points_text(r.weight)
            );
        }
        body += "</tbody></table></div>";
    }
    body += "</section>";
    body += &reports_section(&state, run_id).await?;
    body += &units_section(&state, &results);
    Ok(Html(page_for(Some(&v), &title, &body)))
}

fn units_section(state: &AppState, results: &RunResults) -> String {
    let mut s = String::from(
        "<section id=\"don-vi\"><h2>Các đơn vị</h2><div class=\"table-wrap\"><table class=\"units\"><thead><tr><th>Đơn vị</th>\
         <th>Điểm website</th><th>Tiêu chí chưa kiểm tra được</th><th>Tiêu chí cần xem lại</th></tr></thead><tbody>",
    );
    for unit in state.eval.units.iter().filter(|u| u.evaluated()) {
        let href = escape(&unit_href(results.run_id, &unit.id));
        let cells = match results.websites.get(&unit.id) {
            Some(w) => format!(
                r#"<td class="num">{} / {}</td><td class="num">{}</td><td class="num">{}</td>"#,
                if w.is_complete() {
                    points_text(w.points)
                } else {
                    "chờ cán bộ đánh giá".to_string()
                },
                points_text(w.max_points),
                w.pending.len(),
                w.review.len()
            ),
            None => r#"<td colspan="3">Không có website để kiểm tra</td>"#.to_string(),
        };
        let _ = write!(
            s,
            r#"<tr class="unit" data-unit="{}"><td><a href="{href}">{}</a></td>{cells}</tr>"#,
            escape(&unit.id),
            escape(&unit.name)
        );
    }
    s += "</tbody></table></div></section>";
    s
}

pub(super) async fn unit_page(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
    Path((run_id, unit_id)): Path<(i64, String)>,
) -> Result<Html<String>, PageError> {
    Ok(Html(render_unit(&state, &v, run_id, &unit_id, None).await?))
}

/// The unit page of `unit_id` in run `run_id`, with a refused form shown again when given.
pub(super) async fn render_unit(
    state: &AppState,
    v: &Visitor,
    run_id: i64,
    unit_id: &str,
    refused: Option<&FormError>,
) -> Result<String, PageError> {
    let Some(unit) = state.eval.unit(unit_id) else {
        return Err(PageError::NotFound(format!(
            "Không có đơn vị \"{unit_id}\" trong đợt đánh giá {}.",
            state.eval.id
        )));
    };
    let results = load_run(state, run_id).await?;
    let title = format!("{} — lượt đánh giá #{run_id}", unit.name);
    let mut body = format!(
        r#"<h1>{}</h1><p><a href="/runs/{run_id}">← Lượt đánh giá #{run_id} (ngày {})</a></p>"#,
        escape(&title),
        date_vn(results.as_of)
    );
    if let Some(f) = refused {
        let _ = write!(
            body,
            r##"<p class="error" role="alert">Chưa lưu điều chỉnh tiêu chí <a href="#tc-{id}">{id}</a>: {}</p>"##,
            escape(&f.message),
            id = escape(&f.criterion_id)
        );
    }
    let audit = results.audits.get(&unit.id);
    body += &audit_summary(audit);
    for r in results.review.iter().filter(|r| r.unit_id == unit.id) {
        let _ = write!(body, r#"<p class="flag">Cần xem lại: {}</p>"#, escape(&r.reason));
    }
    body += &super::overrides::stale_section(state, &results, &unit.id);
    body += &chart_section(state, &results, unit).await?;
    match (results.websites.get(&unit.id), audit) {
        (Some(w), Some(a)) if a.outcome != "ok" && !w.is_complete() => {
            body += &super::overrides::unreachable_panel(state, v, run_id, unit, a, w, refused).await?;
        }
        (Some(w), _) => body += &criteria_table(state, v, run_id, unit, w, refused),
        (None, _) => {
            body += "<p>Đơn vị này không có kết quả website trong lượt đánh giá này (không có website để kiểm tra).</p>"
        }
    }
    body += &super::overrides::crawl_requests_section(state, &unit.id).await?;
    body += &history(state, &unit.id).await?;
    Ok(page_for(Some(v), &title, &body))
}

fn audit_summary(audit: Option<&SiteAudit>) -> String {
    match audit {
        Some(a) => {
            let outcome = if a.outcome == "could_not_verify" {
                "không kiểm tra được (trang không truy cập được hoặc bị chặn)"
            } else {
                "đã kiểm tra"
            };
            format!(
                r#"<p>Website: <a href="{url}">{site}</a> — {outcome}, {} trang đã tải, ngày đánh giá {}.</p>"#,
                a.pages_fetched,
                date_vn(a.as_of),
                url = escape(&a.site),
                site = escape(&a.site)
            )
        }
        None => "<p>Lượt đánh giá này không có kết quả kiểm tra website của đơn vị.</p>".to_string(),
    }
}

fn criteria_table(
    state: &AppState,
    v: &Visitor,
    run_id: i64,
    unit: &Unit,
    website: &MergedWebsite,
    refused: Option<&FormError>,
) -> String {
    let mut s = format!(
        "<h2>Tiêu chí website: {} / {} điểm</h2>",
        points_text(website.points),
        points_text(website.max_points)
    );
    if !website.is_complete() {
        let _ = write!(
            s,
            r#"<p class="flag">{} tiêu chí chưa kiểm tra được: đơn vị chưa có điểm website cho đến khi cán bộ đánh giá quyết định.</p>"#,
            website.pending.len()
        );
    }
    s += "<div class=\"table-wrap\"><table class=\"criteria\"><thead><tr><th>Tiêu chí</th><th>Điểm</th><th>Kết quả</th><th>Độ tin cậy</th>\
          <th>Bằng chứng</th><th>Điều chỉnh điểm</th></tr></thead><tbody>";
    for c in &website.criteria {
        let name = state
            .eval
            .rubric
            .criterion(&c.id)
            .map_or(c.id.as_str(), |(_, rc)| rc.name.as_str());
        let flag = if c.needs_review {
            r#"<br><span class="flag">⚠ Cần xem lại</span>"#
        } else {
            ""
        };
        let evidence: Vec<String> = c.evidence.iter().map(|e| evidence_html(run_id, e)).collect();
        let form = if v.can_edit() {
            override_form(v, run_id, &unit.id, c, refused.filter(|f| f.criterion_id == c.id))
        } else {
            String::new()
        };
        let _ = write!(
            s,
            r#"<tr id="tc-{id}" class="criterion" data-criterion="{id}"{review}><td>{}<br><small>{id}</small></td><td class="num">{} / {}</td><td>{}{flag}</td><td class="num">{}%</td><td class="evidence">{}</td><td>{}</td></tr>"#,
            escape(name),
            points_text(c.points),
            points_text(c.max_points),
            outcome_text(c.outcome),
            (c.confidence * 100.0).round(),
            evidence.join("<br>"),
            form,
            id = escape(&c.id),
            review = if c.needs_review { r#" data-review="1""# } else { "" }
        );
    }
    s += "</tbody></table></div>";
    s
}

fn override_form(v: &Visitor, run_id: i64, unit_id: &str, c: &CriterionResult, refused: Option<&FormError>) -> String {
    let (points, reason) = refused.map_or(("", ""), |f| (f.points.as_str(), f.reason.as_str()));
    let error = refused.map_or(String::new(), |f| {
        format!(r#"<p class="error">{}</p>"#, escape(&f.message))
    });
    format!(
        r#"{error}<form class="override" method="post" action="/overrides">{csrf}<input type="hidden" name="run_id" value="{run_id}"><input type="hidden" name="unit_id" value="{unit}"><input type="hidden" name="criterion_id" value="{crit}"><label>Điểm (0–{max}) <input name="points" type="number" min="0" max="{max_attr}" step="any" required value="{points}"></label><label>Lý do <input name="reason" type="text" required value="{reason}"></label><label><input name="only_run" type="checkbox" value="1"> chỉ cho lượt đánh giá này</label><button type="submit">Lưu điều chỉnh</button></form>"#,
        csrf = v.csrf_field(),
        unit = escape(unit_id),
        crit = escape(&c.id),
        max = points_text(c.max_points),
        max_attr = c.max_points,
        points = escape(points),
        reason = escape(reason),
    )
}

async fn history(state: &AppState, unit_id: &str) -> Result<String, PageError> {
    let overrides: Vec<_> = store::declared::load_overrides(&state.store, &state.eval.id)
        .await?
        .into_iter()
        .filter(|o| o.unit_id == unit_id)
        .collect();
    let mut s = String::from(r#"<section id="lich-su"><h2>Lịch sử điều chỉnh</h2>"#);
    if overrides.is_empty() {
        s += "<p>Chưa có điều chỉnh nào cho đơn vị này.</p></section>";
        return Ok(s);
    }
    s += "<div class=\"table-wrap\"><table class=\"history\"><thead><tr><th>Thời điểm</th><th>Cán bộ đánh giá</th><th>Tiêu chí</th>\
          <th>Điểm</th><th>Lý do</th></tr></thead><tbody>";
    for o in overrides.iter().rev() {
        let _ = write!(
            s,
            r#"<tr class="override" data-override="{}"><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>"#,
            o.id,
            escape(&timestamp_vn(&o.created_at)),
            escape(&o.evaluator),
            escape(&o.criterion_id),
            points_text(o.points),
            escape(&o.reason)
        );
    }
    s += "</tbody></table></div></section>";
    Ok(s)
}

/// The unit's website points over the runs (the same standing as the tables) and a link to its
/// scorecard.
async fn chart_section(state: &AppState, results: &RunResults, unit: &Unit) -> Result<String, PageError> {
    let history = crate::pipeline::standing::website_history(&state.store, &state.eval, results).await?;
    let mut s = format!(
        r#"<p><a class="scorecard" href="{}/scorecard">Phiếu kết quả của đơn vị</a></p>"#,
        escape(&unit_href(results.run_id, &unit.id))
    );
    if let (Some(scores), Some(w)) = (history.get(&unit.id), results.websites.get(&unit.id)) {
        let news: Vec<chrono::NaiveDate> = results
            .audits
            .get(&unit.id)
            .and_then(|a| a.news.latest)
            .into_iter()
            .collect();
        let caption = format!("Điểm website qua các lượt đánh giá — {}", unit.name);
        let _ = write!(
            s,
            r#"<figure class="freshness table-wrap" data-unit="{}">{}<figcaption>{}</figcaption></figure>"#,
            escape(&unit.id),
            crate::report::svg::freshness_timeline(&caption, scores, w.max_points, &news),
            escape(&caption)
        );
    }
    Ok(s)
}

/// The unit's scorecard for the run, from the run's standing (the same as the downloadable one).
pub(super) async fn scorecard(
    State(state): State<Arc<AppState>>,
    Path((run_id, unit_id)): Path<(i64, String)>,
) -> Result<Html<String>, PageError> {
    let results = load_run(&state, run_id).await?;
    let Some(unit) = state.eval.unit(&unit_id) else {
        return Err(PageError::NotFound(format!("Không có đơn vị \"{unit_id}\".")));
    };
    let eval = &state.eval;
    let kind = eval
        .rubric
        .kind(&unit.kind)
        .map_or(unit.kind.clone(), |k| k.name.clone());
    let groups = crate::pipeline::reports::group_points(eval, &results, &unit.id);
    Ok(Html(crate::report::scorecard_html(
        &unit.name,
        &kind,
        results.merged_audit(&unit.id).as_ref(),
        &groups,
        &eval.rubric,
    )))
}

/// The run's report files, to download.
async fn reports_section(state: &AppState, run_id: i64) -> Result<String, PageError> {
    let files = report_files(state, run_id).await?;
    if files.is_empty() {
        return Ok(String::new());
    }
    let mut s = String::from(r#"<section id="bao-cao"><h2>Báo cáo của lượt đánh giá</h2><ul class="reports">"#);
    for f in files {
        let _ = write!(
            s,
            r#"<li><a href="/runs/{run_id}/reports/{n}" download>{n}</a></li>"#,
            n = escape(&f)
        );
    }
    s += "</ul></section>";
    Ok(s)
}

/// The files directly in the run's report folder, by name.
async fn report_files(state: &AppState, run_id: i64) -> Result<Vec<String>, PageError> {
    let Some(dir) = store::pipeline::run_info(&state.store, run_id)
        .await?
        .and_then(|i| i.report_dir)
    else {
        return Ok(vec![]);
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    Ok(names)
}

/// A report file of the run, as an attachment; only a name listed in the folder is served.
pub(super) async fn report_file(
    State(state): State<Arc<AppState>>,
    Path((run_id, file)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let results = load_run(&state, run_id).await?;
    if !report_files(&state, run_id).await?.contains(&file) {
        return Err(PageError::NotFound(format!(
            "Lượt đánh giá #{run_id} không có báo cáo \"{file}\"."
        )));
    }
    let dir = store::pipeline::run_info(&state.store, run_id)
        .await?
        .and_then(|i| i.report_dir)
        .unwrap_or_default();
    // The reports are written again from the run's standing now, so that a download includes the
    // overrides made since the run.
    crate::pipeline::reports::write_run_reports(&state.store, &state.eval, &results, std::path::Path::new(&dir))
        .await?;
    let bytes = std::fs::read(std::path::Path::new(&dir).join(&file)).map_err(anyhow::Error::from)?;
    let kind = match file.rsplit('.').next() {
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    };
    let disposition = format!("attachment; filename=\"{}\"", file.replace('"', ""));
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

#[derive(serde::Deserialize)]
pub(super) struct StoredQuery {
    url: String,
}

/// The stored copy of a page the run fetched, shown as text: the stored HTML never runs in our
/// origin (the page's CSP forbids scripts anyway).
pub(super) async fn stored_page(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
    Path(run_id): Path<i64>,
    Query(q): Query<StoredQuery>,
) -> Result<Html<String>, PageError> {
    load_run(&state, run_id).await?;
    // Pages of units crawled again on request are in those crawl runs (the newest first).
    let mut sources: Vec<i64> = store::users::recrawled_units(&state.store, run_id)
        .await?
        .into_values()
        .collect();
    sources.sort_unstable_by(|a, b| b.cmp(a));
    sources.push(run_id);
    let mut text = None;
    for source in sources {
        text = store::audit::stored_text(&state.store, source, &q.url).await?;
        if text.is_some() {
            break;
        }
    }
    let title = format!("Bản lưu của trang — lượt đánh giá #{run_id}");
    let live = if q.url.starts_with("http://") || q.url.starts_with("https://") {
        format!(r#"<a href="{u}" rel="noopener noreferrer">{u}</a>"#, u = escape(&q.url))
    } else {
        escape(&q.url)
    };
    let body = match text {
        Some(t) => format!(
            r#"<h1>{}</h1><p>Trang: {live} (trang đang chạy). Dưới đây là mã trang đã lưu khi thu thập, hiển thị dạng văn bản.</p><pre class="stored">{}</pre>"#,
            escape(&title),
            escape(&t)
        ),
        None => format!(
            r#"<h1>{}</h1><p>Lượt đánh giá này không lưu nội dung của trang {live}.</p>"#,
            escape(&title)
        ),
    };
    Ok(Html(page_for(Some(&v), &title, &body)))
}
