//! `/`: the evaluation — its runs (date, state, how many units await review) and the current
//! ranking tables: declared data merged with the latest finished run's website points, or declared
//! data alone before the first run.

use super::auth::Visitor;
use super::layout::{date_vn, page_for, unit_href};
use super::{AppState, PageError};
use crate::report::html::table_section;
use crate::report::markup::escape;
use crate::store::pipeline::RunInfo;
use crate::{pipeline, rank, store};
use axum::Extension;
use axum::extract::State;
use axum::response::Html;
use std::fmt::Write;
use std::sync::Arc;

pub(super) async fn index(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
) -> Result<Html<String>, PageError> {
    let eval = &state.eval;
    let runs = store::pipeline::runs_of(&state.store, &eval.id).await?;
    let latest = runs.iter().rev().find(|r| r.finished);
    let mut live_review = None;
    let (ranking, source) = match latest {
        Some(run) => {
            let results = pipeline::run::results_for_run(&state.store, eval, run.run_id).await?;
            let source = format!(
                "Bảng xếp hạng theo dữ liệu đơn vị khai báo và kết quả kiểm tra website của lượt đánh giá #{} (ngày {}), gồm các điều chỉnh của cán bộ đánh giá.",
                run.run_id,
                date_vn(run.as_of)
            );
            live_review = Some((run.run_id, results.review.len()));
            (results.ranking, source)
        }
        None => {
            let declared = pipeline::declared::load_all(eval, &state.store).await?;
            let ranking = rank::rank(eval, &rank::points_from_declared(eval, &declared));
            let source =
                "Chưa có lượt đánh giá nào hoàn tất: bảng xếp hạng chỉ theo dữ liệu đơn vị khai báo.".to_string();
            (ranking, source)
        }
    };
    let mut body = format!("<h1>{}</h1>", escape(&eval.title));
    if let Some(d) = &eval.decision {
        let _ = write!(body, r#"<p class="note">{}</p>"#, escape(d));
    }
    body += &runs_section(&runs, live_review);
    let _ = write!(
        body,
        r#"<h2 id="xep-hang">Xếp hạng hiện tại</h2><p class="note">{}</p>"#,
        escape(&source)
    );
    let run_id = latest.map(|r| r.run_id);
    for table in &ranking.tables {
        body += &format!(
            r#"<div class="table-wrap">{}</div>"#,
            link_units(eval, run_id, &table_section(&ranking, table))
        );
    }
    Ok(Html(page_for(Some(&v), &eval.title, &body)))
}

/// The runs, newest first. A run's review count is the one it finished with; for the latest run,
/// `live_review` adds how many units still await review now that evaluators have overridden scores.
fn runs_section(runs: &[RunInfo], live_review: Option<(i64, usize)>) -> String {
    let mut s = String::from(r#"<h2 id="lan-chay">Các lượt đánh giá</h2>"#);
    if runs.is_empty() {
        s += "<p>Chưa có lượt đánh giá nào. Chạy <code>ictrank run</code> để kiểm tra website các đơn vị.</p>";
        return s;
    }
    s += "<table class=\"runs\"><thead><tr><th>Lượt đánh giá</th><th>Ngày đánh giá</th><th>Trạng thái</th>\
          <th>Đơn vị cần xem lại khi chạy</th></tr></thead><tbody>";
    for r in runs.iter().rev() {
        let state = if r.finished { "Đã xong" } else { "Chưa xong" };
        let mut review = r.review_count.map_or_else(|| "-".to_string(), |n| n.to_string());
        if let Some((_, now)) = live_review.filter(|(id, _)| *id == r.run_id) {
            review += &format!(" (hiện còn {now})");
        }
        let _ = write!(
            s,
            r#"<tr data-run="{id}"><td><a href="/runs/{id}">Lượt đánh giá #{id}</a></td><td>{}</td><td>{state}</td><td class="num"><a href="/runs/{id}#can-xem-lai">{review}</a></td></tr>"#,
            date_vn(r.as_of),
            id = r.run_id
        );
    }
    s += "</tbody></table>";
    s
}

/// The ranking table with each unit's name a link to its page in the run (the report's table has
/// the names as plain, escaped text in their own cells).
fn link_units(eval: &crate::registry::Evaluation, run_id: Option<i64>, table: &str) -> String {
    let Some(run_id) = run_id else { return table.to_string() };
    let mut out = table.to_string();
    for u in eval.units.iter().filter(|u| u.evaluated()) {
        let cell = format!("<td>{}</td>", escape(&u.name));
        let link = format!(
            r#"<td><a href="{}">{}</a></td>"#,
            escape(&unit_href(run_id, &u.id)),
            escape(&u.name)
        );
        out = out.replace(&cell, &link);
    }
    out
}
