//! `/admin/users` (admins only, enforced by `auth::guard`): the accounts, a form to add one and a
//! button to lock each. The same as `ictrank user add|list|disable`.

use super::auth::{Visitor, hash_password};
use super::layout::page_for;
use super::{AppState, PageError};
use crate::report::markup::escape;
use crate::store::users::{self, Role};
use crate::util::time::timestamp_vn;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use std::fmt::Write;
use std::sync::Arc;

pub(super) async fn users(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
) -> Result<Html<String>, PageError> {
    Ok(Html(users_html(&state, &v, None).await?))
}

async fn users_html(state: &AppState, v: &Visitor, error: Option<&str>) -> Result<String, PageError> {
    let mut body = String::from("<h1>Tài khoản</h1>");
    if let Some(e) = error {
        let _ = write!(body, r#"<p class="error" role="alert">{}</p>"#, escape(e));
    }
    body += r#"<div class="table-wrap"><table class="users"><thead><tr><th>Tên</th><th>Quyền</th><th>Trạng thái</th><th>Tạo lúc</th><th></th></tr></thead><tbody>"#;
    for u in users::list_users(&state.store).await? {
        let action = if u.disabled {
            String::new()
        } else {
            format!(
                r#"<form class="inline" method="post" action="/admin/users/disable">{}<input type="hidden" name="name" value="{}"><button type="submit">Khoá</button></form>"#,
                v.csrf_field(),
                escape(&u.name)
            )
        };
        let _ = write!(
            body,
            r#"<tr class="user" data-user="{n}"><td>{n}</td><td>{}</td><td>{}</td><td>{}</td><td>{action}</td></tr>"#,
            u.role.vietnamese(),
            if u.disabled { "đã khoá" } else { "hoạt động" },
            timestamp_vn(&u.created_at),
            n = escape(&u.name)
        );
    }
    body += "</tbody></table></div>";
    let _ = write!(
        body,
        r#"<h2>Thêm tài khoản</h2><form class="login" method="post" action="/admin/users">{}<label>Tên đăng nhập <input name="name" required></label><label>Quyền <select name="role"><option value="viewer">người xem</option><option value="evaluator">cán bộ đánh giá</option><option value="admin">quản trị</option></select></label><label>Mật khẩu (ít nhất 10 ký tự) <input name="password" type="password" autocomplete="new-password" required></label><button type="submit">Thêm</button></form>"#,
        v.csrf_field()
    );
    Ok(page_for(Some(v), "Tài khoản", &body))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AddForm {
    name: String,
    role: String,
    password: String,
}

pub(super) async fn add_user(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
    Form(f): Form<AddForm>,
) -> Response {
    let name = f.name.trim();
    let problem = if name.is_empty() || name.chars().any(char::is_whitespace) {
        Some("Tên đăng nhập cần một từ, không có khoảng trắng.".to_string())
    } else if f.password.chars().count() < 10 {
        Some("Mật khẩu cần ít nhất 10 ký tự.".to_string())
    } else {
        None
    };
    let Some(role) = Role::parse(&f.role) else {
        return again(&state, &v, "Quyền không hợp lệ.").await;
    };
    if let Some(p) = problem {
        return again(&state, &v, &p).await;
    }
    let stored = match hash_password(&f.password) {
        Ok(hash) => users::add_user(&state.store, name, role, &hash).await,
        Err(e) => Err(e),
    };
    match stored {
        Ok(_) => {
            tracing::info!(by = v.name(), name, role = role.as_str(), "account added");
            Redirect::to("/admin/users").into_response()
        }
        Err(e) => again(&state, &v, &format!("Chưa thêm được tài khoản: {e}")).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NameForm {
    name: String,
}

pub(super) async fn disable_user(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
    Form(f): Form<NameForm>,
) -> Response {
    if f.name == v.name() {
        return again(&state, &v, "Không thể tự khoá tài khoản đang dùng.").await;
    }
    match users::set_disabled(&state.store, &f.name, true).await {
        Ok(true) => {
            tracing::info!(by = v.name(), name = f.name, "account disabled");
            Redirect::to("/admin/users").into_response()
        }
        Ok(false) => again(&state, &v, &format!("Không có tài khoản \"{}\".", f.name)).await,
        Err(e) => PageError::Internal(e).into_response(),
    }
}

async fn again(state: &AppState, v: &Visitor, error: &str) -> Response {
    match users_html(state, v, Some(error)).await {
        Ok(html) => (axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response(),
        Err(e) => e.into_response(),
    }
}
