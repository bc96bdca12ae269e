//! Who may do what in the web app: accounts with argon2id password hashes ([`hash_password`]),
//! sessions by tower-sessions kept in the store ([`DbSessions`]: HttpOnly, SameSite=Strict cookies,
//! Secure behind TLS), the login page with failed logins slowed down ([`Throttle`]),
//! [`security_headers`] on every answer, and [`guard`], the middleware every request passes: a login
//! for every page; on every write (POST) the form's CSRF token checked against the session's and the role
//! required by the route (viewers read only, admins manage accounts). Handlers read the [`Visitor`]
//! it leaves in the request.
//!
//! Cross-site request forgery is stopped twice, by crates: [`csrf_layer`] is tower-http's
//! `CsrfLayer` (a write whose `Sec-Fetch-Site` is not same-origin, or whose `Origin` does not match
//! `Host`, is refused), and every form carries a synchronizer token kept in the tower-sessions
//! session (32 bytes from the OS generator, compared in constant time by `subtle`). A write that
//! carries neither `Origin` nor `Referer` is refused here too: every browser sends one on a form
//! POST, and tower-http lets such requests through for non-browser clients.

use super::AppState;
use super::layout::page_for;
use crate::report::markup::escape;
use crate::store::users::{self, Role};
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use async_trait::async_trait;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower_sessions::Session;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The largest form the app accepts (an override's reason, the website panel's 34 criteria).
const MAX_FORM_BYTES: usize = 64 * 1024;

/// The argon2id hash (PHC string, random salt) of a password.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

/// Whether `password` matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Sessions in the app's store (SQLite or PostgreSQL), for tower-sessions.
#[derive(Clone, Debug)]
pub struct DbSessions(pub crate::store::Store);

fn backend(e: anyhow::Error) -> session_store::Error {
    session_store::Error::Backend(format!("{e:#}"))
}

#[async_trait]
impl SessionStore for DbSessions {
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        users::save_session(
            &self.0,
            &record.id.to_string(),
            &data,
            record.expiry_date.unix_timestamp(),
        )
        .await
        .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = chrono::Utc::now().timestamp();
        match users::load_session(&self.0, &id.to_string(), now)
            .await
            .map_err(backend)?
        {
            Some(data) => serde_json::from_str(&data)
                .map(Some)
                .map_err(|e| session_store::Error::Decode(e.to_string())),
            None => Ok(None),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        users::delete_session(&self.0, &id.to_string()).await.map_err(backend)
    }
}

/// The signed-in account as the session keeps it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SessionUser {
    pub name: String,
    pub role: Role,
}

/// Who is asking, for the handlers: the account (checked against the store on every request, so a
/// disabled account stops at once) and the session's CSRF token for the page's forms.
#[derive(Clone, Debug)]
pub struct Visitor {
    pub user: Option<SessionUser>,
    pub csrf: String,
    /// The client's address, when known (failed logins are counted per address too).
    pub client: Option<IpAddr>,
}

impl Visitor {
    /// The hidden CSRF field every form carries.
    pub fn csrf_field(&self) -> String {
        format!(r#"<input type="hidden" name="csrf" value="{}">"#, escape(&self.csrf))
    }

    pub fn can_edit(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role >= Role::Evaluator)
    }

    pub fn name(&self) -> &str {
        self.user.as_ref().map_or("", |u| u.name.as_str())
    }
}

/// Failed logins, counted per account name and per client address, in memory (a restart forgets
/// them; README, "Ứng dụng web"). Each failure on a name makes the next attempt on it wait longer
/// (0,5 s doubling up to 8 s); an address may fail [`Throttle::ADDRESS_GRACE`] times (people
/// mistype, several share an office's address) before its attempts, on any name, wait the same
/// way. Counts are forgotten 15 minutes after their last failure; a successful login clears its
/// name's count, not its address's (one valid account must not reset an address trying others).
#[derive(Default)]
pub struct Throttle {
    names: Mutex<HashMap<String, (u32, Instant)>>,
    addresses: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl Throttle {
    const FORGET: Duration = Duration::from_secs(15 * 60);
    /// Failures an address may make before its attempts wait.
    pub const ADDRESS_GRACE: u32 = 5;
    /// Entries kept before the forgotten ones are swept (bounds the memory an attacker can fill).
    const SWEEP_ABOVE: usize = 10_000;

    fn wait(failures: u32) -> Duration {
        if failures == 0 {
            Duration::ZERO
        } else {
            Duration::from_millis(500u64 << (failures - 1).min(4))
        }
    }

    fn count<K: std::hash::Hash + Eq>(map: &Mutex<HashMap<K, (u32, Instant)>>, key: &K) -> u32 {
        let map = map.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(key) {
            Some((n, last)) if last.elapsed() < Self::FORGET => *n,
            _ => 0,
        }
    }

    fn bump<K: std::hash::Hash + Eq>(map: &Mutex<HashMap<K, (u32, Instant)>>, key: K) {
        let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > Self::SWEEP_ABOVE {
            map.retain(|_, (_, last)| last.elapsed() < Self::FORGET);
        }
        let e = map.entry(key).or_insert((0, Instant::now()));
        if e.1.elapsed() >= Self::FORGET {
            e.0 = 0;
        }
        e.0 += 1;
        e.1 = Instant::now();
    }

    /// How long an attempt on `name` from `client` waits now: the longer of the two waits.
    pub fn delay(&self, name: &str, client: Option<IpAddr>) -> Duration {
        let by_name = Self::wait(Self::count(&self.names, &name.to_string()));
        let by_address = client.map_or(Duration::ZERO, |ip| {
            Self::wait(Self::count(&self.addresses, &ip).saturating_sub(Self::ADDRESS_GRACE))
        });
        by_name.max(by_address)
    }

    fn failed(&self, name: &str, client: Option<IpAddr>) {
        Self::bump(&self.names, name.to_string());
        if let Some(ip) = client {
            Self::bump(&self.addresses, ip);
        }
    }

    fn succeeded(&self, name: &str) {
        self.names.lock().unwrap_or_else(|p| p.into_inner()).remove(name);
    }
}

/// The client's address: the connection's peer, or behind the HTTPS proxy (`--behind-tls`) the
/// last address the proxy appended to X-Forwarded-For (the one entry a client cannot forge).
fn client_address(req: &Request, behind_proxy: bool) -> Option<IpAddr> {
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    if behind_proxy {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.rsplit(',').next())
            .and_then(|a| a.trim().parse::<IpAddr>().ok());
        return forwarded.or(peer);
    }
    peer
}

/// The role a write route needs (None: anyone, i.e. logging in).
fn role_for_post(path: &str) -> Option<Role> {
    if path == "/login" {
        None
    } else if path == "/logout" {
        Some(Role::Viewer)
    } else if path.starts_with("/admin/") {
        Some(Role::Admin)
    } else {
        Some(Role::Evaluator)
    }
}

/// The session's CSRF token, made on first use (32 random bytes, hex).
async fn csrf_token(session: &Session) -> Result<String, Response> {
    if let Ok(Some(t)) = session.get::<String>("csrf").await {
        return Ok(t);
    }
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    session
        .insert("csrf", &token)
        .await
        .map_err(|e| internal(&format!("cannot store the session: {e}")))?;
    Ok(token)
}

fn internal(what: &str) -> Response {
    tracing::error!(error = what, "session failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Lỗi máy chủ: không lưu được phiên làm việc.",
    )
        .into_response()
}

/// The account of the session, if it still exists and is enabled (with its current role).
async fn session_user(state: &AppState, session: &Session) -> Option<SessionUser> {
    let kept: SessionUser = session.get("user").await.ok().flatten()?;
    match users::find_user(&state.store, &kept.name).await {
        Ok(Some(u)) if !u.disabled => Some(SessionUser {
            name: u.name,
            role: u.role,
        }),
        _ => None,
    }
}

fn refused(status: StatusCode, heading: &str, text: &str) -> Response {
    let body = super::layout::message_body(heading, text);
    (status, Html(page_for(None, heading, &body))).into_response()
}

/// Whether a write says where it comes from (Origin, or Referer): tower-http's [`csrf_layer`]
/// checks that it is this site.
fn names_its_origin(req: &Request) -> bool {
    req.headers().contains_key(header::ORIGIN) || req.headers().contains_key(header::REFERER)
}

fn same_token(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// tower-http's cross-site request forgery layer, its refusal in Vietnamese.
pub fn csrf_layer() -> tower_http::csrf::CsrfLayer<impl Fn(tower_http::csrf::ProtectionError) -> Response + Clone> {
    tower_http::csrf::CsrfLayer::new().with_rejection_response(|e: tower_http::csrf::ProtectionError| {
        tracing::warn!(error = %e, "cross-origin write refused");
        refused(StatusCode::FORBIDDEN, "Yêu cầu bị từ chối", NOT_FROM_HERE)
    })
}

const NOT_FROM_HERE: &str = "Biểu mẫu không được gửi từ trang của ứng dụng này (nguồn gửi không khớp).";

/// The security headers of every answer, refusals included (the outermost layer).
pub async fn security_headers(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; \
             frame-src 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if state.secure_cookies {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// The middleware every request passes after tower-http's [`csrf_layer`] (see the module's doc).
pub async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return internal("no session layer");
    };
    let csrf = match csrf_token(&session).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let user = session_user(&state, &session).await;
    let path = req.uri().path().to_string();
    let mut req = req;
    if req.method() == Method::POST {
        if !names_its_origin(&req) {
            return refused(StatusCode::FORBIDDEN, "Yêu cầu bị từ chối", NOT_FROM_HERE);
        }
        let (parts, body) = req.into_parts();
        let bytes = match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
            Ok(b) => b,
            Err(_) => {
                return refused(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Biểu mẫu quá lớn",
                    "Biểu mẫu gửi lên quá lớn.",
                );
            }
        };
        let token = url::form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned());
        if !token.is_some_and(|t| same_token(&t, &csrf)) {
            return refused(
                StatusCode::FORBIDDEN,
                "Yêu cầu bị từ chối",
                "Mã chống giả mạo (CSRF) của biểu mẫu thiếu hoặc không đúng: hãy tải lại trang rồi gửi lại.",
            );
        }
        if let Some(needed) = role_for_post(&path) {
            match &user {
                None => {
                    return refused(
                        StatusCode::UNAUTHORIZED,
                        "Cần đăng nhập",
                        "Hãy đăng nhập trước khi thay đổi dữ liệu.",
                    );
                }
                Some(u) if u.role < needed => {
                    return refused(
                        StatusCode::FORBIDDEN,
                        "Không đủ quyền",
                        &format!(
                            "Tài khoản {} ({}) không được thực hiện thao tác này: cần quyền {}.",
                            u.name,
                            u.role.vietnamese(),
                            needed.vietnamese()
                        ),
                    );
                }
                Some(_) => {}
            }
        }
        req = Request::from_parts(parts, Body::from(bytes));
    } else if path != "/login" {
        match &user {
            None => return Redirect::to("/login").into_response(),
            Some(u) if path.starts_with("/admin") && u.role < Role::Admin => {
                return refused(
                    StatusCode::FORBIDDEN,
                    "Không đủ quyền",
                    "Chỉ tài khoản quản trị được quản lý tài khoản.",
                );
            }
            Some(_) => {}
        }
    }
    let client = client_address(&req, state.secure_cookies);
    req.extensions_mut().insert(Visitor { user, csrf, client });
    next.run(req).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct LoginForm {
    name: String,
    password: String,
}

pub(super) async fn login_page(Extension(v): Extension<Visitor>) -> Html<String> {
    Html(login_html(&v, None))
}

fn login_html(v: &Visitor, error: Option<&str>) -> String {
    let error = error.map_or(String::new(), |e| {
        format!(r#"<p class="error" role="alert">{}</p>"#, escape(e))
    });
    let body = format!(
        r#"<h1>Đăng nhập</h1>{error}<form class="login" method="post" action="/login">{}<label>Tên tài khoản <input name="name" autocomplete="username" required></label><label>Mật khẩu <input name="password" type="password" autocomplete="current-password" required></label><button type="submit">Đăng nhập</button></form>"#,
        v.csrf_field()
    );
    page_for(Some(v), "Đăng nhập", &body)
}

pub(super) async fn login(
    State(state): State<Arc<AppState>>,
    Extension(v): Extension<Visitor>,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let name = form.name.trim().to_string();
    tokio::time::sleep(state.throttle.delay(&name, v.client)).await;
    let account = match users::find_user(&state.store, &name).await {
        Ok(a) => a,
        Err(e) => return super::PageError::Internal(e).into_response(),
    };
    // The hash is checked even without an account, so that timing does not tell which names exist.
    let ok = match &account {
        Some(u) => verify_password(&form.password, &u.password_hash) && !u.disabled,
        None => {
            let _ = verify_password(&form.password, DUMMY_HASH);
            false
        }
    };
    let Some(u) = account.filter(|_| ok) else {
        state.throttle.failed(&name, v.client);
        tracing::warn!(name, "failed login");
        return (
            StatusCode::UNAUTHORIZED,
            Html(login_html(
                &v,
                Some("Tên tài khoản hoặc mật khẩu không đúng (hoặc tài khoản đã bị khoá)."),
            )),
        )
            .into_response();
    };
    state.throttle.succeeded(&name);
    // A new session id on login (no fixation), and a new CSRF token with it.
    if session.cycle_id().await.is_err()
        || session.remove::<String>("csrf").await.is_err()
        || session
            .insert(
                "user",
                SessionUser {
                    name: u.name.clone(),
                    role: u.role,
                },
            )
            .await
            .is_err()
    {
        return internal("cannot start the session");
    }
    tracing::info!(name = u.name, role = u.role.as_str(), "login");
    Redirect::to("/").into_response()
}

pub(super) async fn logout(session: Session) -> Response {
    let _ = session.flush().await;
    Redirect::to("/login").into_response()
}

/// A valid argon2id hash of a random password, verified against when the account does not exist.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0K0CtaTmBTVJgv0mEHDTFMZPGn0YIR4OBiVAxmrqBIM";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("mật khẩu dài").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("mật khẩu dài", &h));
        assert!(!verify_password("mật khẩu sai", &h));
        assert!(!verify_password("x", "not a hash"));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn failed_logins_wait_longer_each_time() {
        let t = Throttle::default();
        assert_eq!(t.delay("a", None), Duration::ZERO);
        t.failed("a", None);
        assert_eq!(t.delay("a", None), Duration::from_millis(500));
        t.failed("a", None);
        t.failed("a", None);
        assert_eq!(t.delay("a", None), Duration::from_millis(2000));
        assert_eq!(t.delay("b", None), Duration::ZERO);
        t.succeeded("a");
        assert_eq!(t.delay("a", None), Duration::ZERO);
    }

    #[test]
    fn an_address_trying_many_names_waits_after_its_grace() {
        let t = Throttle::default();
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        let other: IpAddr = "192.0.2.8".parse().unwrap();
        for i in 0..Throttle::ADDRESS_GRACE {
            assert_eq!(t.delay(&format!("new-{i}"), Some(ip)), Duration::ZERO, "attempt {i}");
            t.failed(&format!("name-{i}"), Some(ip));
        }
        assert_eq!(
            t.delay("someone", Some(ip)),
            Duration::ZERO,
            "the grace is not yet spent"
        );
        t.failed("name-x", Some(ip));
        assert_eq!(t.delay("someone", Some(ip)), Duration::from_millis(500));
        t.failed("name-y", Some(ip));
        assert_eq!(t.delay("someone", Some(ip)), Duration::from_millis(1000));
        assert_eq!(t.delay("someone", Some(other)), Duration::ZERO, "another address");
        // A success on one name does not clear the address.
        t.succeeded("name-y");
        assert_eq!(t.delay("someone", Some(ip)), Duration::from_millis(1000));
        // The name's own count still applies from any address.
        assert_eq!(t.delay("name-x", Some(other)), Duration::from_millis(500));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("abcd", "abcd"));
        assert!(!same_token("abcd", "abce"));
        assert!(!same_token("abc", "abcd"));
    }
}
