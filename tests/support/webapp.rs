//! The evaluators' web app under test: started on 127.0.0.1:0 with three accounts, and a client
//! that keeps the session cookie and posts forms as a browser does (same Origin, the session's CSRF
//! token) — or, for the refusal tests, with whatever Origin and token it is given.
#![allow(dead_code)]

use chrono::NaiveDate;
use ictrank::audit::model::{CriterionResult, Evidence, NewsSummary, Outcome, SiteAudit};
use ictrank::pipeline::run::results_for_run;
use ictrank::registry::{Evaluation, Unit};
use ictrank::store::users::Role;
use ictrank::store::{self, Store};
use ictrank::web::{AppState, router};
use reqwest::StatusCode;
use scraper::{Html, Selector};
use std::sync::{Arc, Mutex};

pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

pub struct App {
    pub base: String,
    client: reqwest::Client,
    pub state: Arc<AppState>,
    /// The session cookie the server last set.
    cookie: Mutex<Option<String>>,
    _dir: tempfile::TempDir,
}

/// The password of every test account.
pub const PASSWORD: &str = "mat-khau-dai-1";

impl App {
    fn remember(&self, r: &reqwest::Response) {
        for v in r.headers().get_all("set-cookie") {
            let pair = v.to_str().unwrap().split(';').next().unwrap().to_string();
            *self.cookie.lock().unwrap() = Some(pair);
        }
    }

    fn with_cookie(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self.cookie.lock().unwrap().clone() {
            Some(c) => rb.header("cookie", c),
            None => rb,
        }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = self
            .with_cookie(self.client.get(format!("{}{path}", self.base)))
            .send()
            .await
            .unwrap();
        self.remember(&r);
        (r.status(), r.text().await.unwrap())
    }

    /// The CSRF token of the current session (from the login page or the index).
    pub async fn csrf(&self) -> String {
        let path = if self.cookie.lock().unwrap().is_some() {
            "/overrides"
        } else {
            "/login"
        };
        let (_, html) = self.get(path).await;
        let (_, html) = if html.contains(r#"name="csrf""#) {
            (StatusCode::OK, html)
        } else {
            self.get("/login").await
        };
        let doc = Html::parse_document(&html);
        select(&doc, r#"input[name="csrf"]"#)[0]
            .value()
            .attr("value")
            .unwrap()
            .to_string()
    }

    /// Posts a form with the given Origin and CSRF token (None: left out); returns the status,
    /// the Location header and the body.
    pub async fn post_as(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
        csrf: Option<&str>,
    ) -> (StatusCode, Option<String>, String) {
        self.post_with_headers(path, fields, origin, csrf, &[]).await
    }

    /// [`Self::post_as`] with more request headers (e.g. a browser's `Sec-Fetch-Site`).
    pub async fn post_with_headers(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
        csrf: Option<&str>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, Option<String>, String) {
        let mut pairs: Vec<(&str, &str)> = fields.to_vec();
        if let Some(t) = csrf {
            pairs.push(("csrf", t));
        }
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let mut rb = self
            .with_cookie(self.client.post(format!("{}{path}", self.base)))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(o) = origin {
            rb = rb.header("origin", o);
        }
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        let r = rb.send().await.unwrap();
        self.remember(&r);
        let location = r.headers().get("location").map(|v| v.to_str().unwrap().to_string());
        (r.status(), location, r.text().await.unwrap())
    }

    /// Posts a form as the browser would: same Origin, the session's CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, Option<String>, String) {
        let token = self.csrf().await;
        let origin = self.base.clone();
        self.post_as(path, fields, Some(&origin), Some(&token)).await
    }

    /// Posts the override form.
    pub async fn post_override(&self, fields: &[(&str, &str)]) -> (StatusCode, Option<String>, String) {
        self.post("/overrides", fields).await
    }

    /// Signs in (a new session); panics unless the login is accepted.
    pub async fn login(&self, name: &str) {
        *self.cookie.lock().unwrap() = None;
        let (status, location, body) = self.post("/login", &[("name", name), ("password", PASSWORD)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "login of {name}: {body}");
        assert_eq!(location.as_deref(), Some("/"));
    }

    pub fn logout_locally(&self) {
        *self.cookie.lock().unwrap() = None;
    }

    pub async fn override_count(&self) -> usize {
        store::declared::load_overrides(&self.state.store, &self.state.eval.id)
            .await
            .unwrap()
            .len()
    }
}

/// Starts the app on 127.0.0.1:0 over `store` and `eval` with three accounts — `danhgia`
/// (evaluator), `xem` (viewer), `quantri` (admin) — signed in as the evaluator.
pub async fn start_app(store: Store, eval: Evaluation, dir: tempfile::TempDir) -> App {
    let hash = ictrank::web::auth::hash_password(PASSWORD).unwrap();
    for (name, role) in [
        ("danhgia", Role::Evaluator),
        ("xem", Role::Viewer),
        ("quantri", Role::Admin),
    ] {
        store::users::add_user(&store, name, role, &hash).await.unwrap();
    }
    let state = Arc::new(AppState::new(store, eval));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = router(state.clone());
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = ictrank::crawl::fetch::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let app = App {
        base,
        client,
        state,
        cookie: Mutex::new(None),
        _dir: dir,
    };
    app.login("danhgia").await;
    app
}

/// A synthetic audit of `unit`: every website criterion met at its maximum with one evidence link,
/// or, when `reachable` is false, the site could not be verified and every criterion is pending.
pub fn audit_of(eval: &Evaluation, unit: &Unit, reachable: bool) -> SiteAudit {
    let site = unit.website.clone().unwrap();
    let criteria: Vec<CriterionResult> = eval
        .rubric
        .website_group()
        .unwrap()
        .criteria
        .iter()
        .filter(|c| c.applies_to(&unit.kind))
        .map(|c| {
            let max = eval.rubric.criterion_max(c, &unit.kind);
            CriterionResult {
                id: c.id.clone(),
                outcome: if reachable { Outcome::Met } else { Outcome::Unverified },
                points: if reachable { max } else { 0.0 },
                max_points: max,
                latest_date: None,
                confidence: if reachable { 0.9 } else { 0.0 },
                evidence: if reachable {
                    vec![Evidence {
                        url: format!("{site}{}", c.id),
                        note: format!("Mục {}", c.name),
                    }]
                } else {
                    vec![]
                },
                needs_review: !reachable,
            }
        })
        .collect();
    SiteAudit {
        site,
        as_of: date(),
        pages_fetched: if reachable { 40 } else { 0 },
        outcome: if reachable { "ok" } else { "could_not_verify" }.into(),
        profile: "generic".into(),
        news: NewsSummary::default(),
        points: criteria.iter().map(|c| c.points).sum(),
        max_points: criteria.iter().map(|c| c.max_points).sum(),
        criteria,
    }
}

pub fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 12, 1).unwrap()
}

/// A finished run where every unit with a website was audited and the first one could not be
/// verified; returns the run id and the flagged unit.
pub async fn synthetic_run(app: &App) -> (i64, Unit) {
    let (store, eval) = (&app.state.store, &app.state.eval);
    let run_id = store::crawl::create_run(store, "{}").await.unwrap();
    store::pipeline::start_run(store, run_id, &eval.id, "data/evaluations/binh-dinh-2016", date())
        .await
        .unwrap();
    let with_site: Vec<&Unit> = eval
        .units
        .iter()
        .filter(|u| u.evaluated() && u.website.is_some())
        .collect();
    assert!(with_site.len() > 3, "the evaluation names the units' websites");
    for (i, unit) in with_site.iter().enumerate() {
        let audit = audit_of(eval, unit, i != 0);
        store::audit::save_audit(store, run_id, Some(&unit.id), &audit)
            .await
            .unwrap();
    }
    let review = results_for_run(store, eval, run_id).await.unwrap().review.len() as i64;
    store::pipeline::finish_run(store, run_id, review, "runs/x")
        .await
        .unwrap();
    (run_id, with_site[0].clone())
}
