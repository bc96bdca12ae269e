//! Who may do what in the web app: every write route refuses an anonymous visitor, a viewer, a
//! missing or wrong CSRF token and a foreign Origin (and stores nothing); admin routes refuse an
//! evaluator; pages need a login; failed logins are slowed down (per name and per address); every answer carries the security
//! headers; a disabled account stops at its next request. Then the website panel of a site that
//! could not be checked scores the whole group in one form, and its button queues a crawl.

mod support;
#[path = "support/webapp.rs"]
mod webapp;

use chrono::NaiveDate;
use ictrank::audit::model::{CriterionResult, NewsSummary, Outcome, SiteAudit};
use ictrank::pipeline::run::results_for_run;
use ictrank::registry::Evaluation;
use ictrank::store::{self, Store};
use reqwest::StatusCode;
use scraper::Html;
use webapp::{App, PASSWORD, select, start_app};

const EVALUATION: &str = "data/evaluations/binh-dinh-2016";

async fn start() -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("web.db").to_string_lossy()).await.unwrap();
    start_on(store, dir).await
}

async fn start_on(store: Store, dir: tempfile::TempDir) -> App {
    let eval = Evaluation::load(std::path::Path::new(EVALUATION)).unwrap();
    start_app(store, eval, dir).await
}

/// The same on PostgreSQL (when ICTRANK_TEST_POSTGRES names a server): accounts, sessions,
/// refusals, the panel, overrides with their evidence and the crawl queue.
#[tokio::test]
async fn the_office_works_the_same_on_postgres() {
    let Some(store) = support::postgres_store().await else {
        return;
    };
    let app = start_on(store.clone(), tempfile::tempdir().unwrap()).await;
    write_routes_refuse(&app).await;
    let Some(store) = support::postgres_store().await else {
        return;
    };
    let app = start_on(store, tempfile::tempdir().unwrap()).await;
    panel_and_crawl(&app).await;
}

/// A finished run in which the first unit with a website could not be checked (its site refused
/// the connection); returns the run id and that unit's id.
async fn run_with_unreachable_unit(app: &App) -> (i64, String) {
    let (store, eval) = (&app.state.store, &app.state.eval);
    let run_id = store::crawl::create_run(store, "{}").await.unwrap();
    let as_of = NaiveDate::from_ymd_opt(2016, 12, 1).unwrap();
    store::pipeline::start_run(store, run_id, &eval.id, EVALUATION, as_of)
        .await
        .unwrap();
    let unit = eval
        .units
        .iter()
        .find(|u| u.evaluated() && u.website.is_some())
        .unwrap();
    let criteria: Vec<CriterionResult> = eval
        .rubric
        .website_group()
        .unwrap()
        .criteria
        .iter()
        .filter(|c| c.applies_to(&unit.kind))
        .map(|c| CriterionResult {
            id: c.id.clone(),
            outcome: Outcome::Unverified,
            points: 0.0,
            max_points: eval.rubric.criterion_max(c, &unit.kind),
            latest_date: None,
            confidence: 0.0,
            evidence: vec![ictrank::audit::model::Evidence {
                url: String::new(),
                note: "tcp connect error: Connection refused (os error 111)".into(),
            }],
            needs_review: true,
        })
        .collect();
    let audit = SiteAudit {
        site: unit.website.clone().unwrap(),
        as_of,
        pages_fetched: 0,
        outcome: "could_not_verify".into(),
        profile: "generic".into(),
        news: NewsSummary::default(),
        points: 0.0,
        max_points: criteria.iter().map(|c| c.max_points).sum(),
        criteria,
    };
    store::audit::save_audit(store, run_id, Some(&unit.id), &audit)
        .await
        .unwrap();
    store::pipeline::finish_run(store, run_id, 1, "runs/x").await.unwrap();
    (run_id, unit.id.clone())
}

#[tokio::test]
async fn every_write_route_refuses_anonymous_viewers_bad_tokens_and_foreign_origins() {
    write_routes_refuse(&start().await).await;
}

/// The override form of `tin_tuc` for `unit` in `run`, every field right.
fn override_fields<'a>(run: &'a str, unit: &'a str) -> [(&'a str, &'a str); 5] {
    [
        ("run_id", run),
        ("unit_id", unit),
        ("criterion_id", "tin_tuc"),
        ("points", "5"),
        ("reason", "kiểm tra tay"),
    ]
}

async fn write_routes_refuse(app: &App) {
    let (run_id, unit) = run_with_unreachable_unit(app).await;
    let run = run_id.to_string();
    let override_form = override_fields(&run, &unit);
    let panel = format!("/runs/{run_id}/units/{unit}/website");
    let crawl = format!("/runs/{run_id}/units/{unit}/crawl");
    let routes: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/overrides", override_form.to_vec()),
        (&panel, vec![("p_tin_tuc", "5"), ("reason", "kiểm tra tay")]),
        (&crawl, vec![]),
        (
            "/admin/users",
            vec![("name", "moi"), ("role", "admin"), ("password", "mat-khau-moi-123")],
        ),
        ("/admin/users/disable", vec![("name", "xem")]),
    ];
    let nothing_changed = |app: &App| {
        let store = app.state.store.clone();
        let eval = app.state.eval.id.clone();
        async move {
            assert!(store::declared::load_overrides(&store, &eval).await.unwrap().is_empty());
            assert!(store::users::crawl_requests(&store, &eval).await.unwrap().is_empty());
            let users = store::users::list_users(&store).await.unwrap();
            assert_eq!(users.len(), 3, "no account added");
            assert!(users.iter().all(|u| !u.disabled), "no account disabled");
        }
    };
    let origin = app.base.clone();
    for (path, fields) in &routes {
        // Signed in as the evaluator: a wrong token, none, a foreign Origin, no Origin.
        app.login("danhgia").await;
        let token = app.csrf().await;
        for (why, o, t, status) in [
            (
                "wrong token",
                Some(origin.as_str()),
                Some("0".repeat(64)),
                StatusCode::FORBIDDEN,
            ),
            ("no token", Some(origin.as_str()), None, StatusCode::FORBIDDEN),
            (
                "foreign origin",
                Some("http://evil.example"),
                Some(token.clone()),
                StatusCode::FORBIDDEN,
            ),
            ("no origin", None, Some(token.clone()), StatusCode::FORBIDDEN),
        ] {
            let (got, location, body) = app.post_as(path, fields, o, t.as_deref()).await;
            assert_eq!(got, status, "{path}: {why}: {body}");
            assert_eq!(location, None, "{path}: {why}");
            assert!(body.contains("Yêu cầu bị từ chối"), "{path}: {why}: {body}");
            nothing_changed(app).await;
        }
        // A viewer, with everything else right.
        app.login("xem").await;
        let (got, _, body) = app.post(path, fields).await;
        assert_eq!(got, StatusCode::FORBIDDEN, "{path} as viewer: {body}");
        assert!(body.contains("Không đủ quyền"), "{body}");
        nothing_changed(app).await;
        // Anonymous (a session with a valid token, no login).
        app.logout_locally();
        let (got, _, body) = app.post(path, fields).await;
        assert_eq!(got, StatusCode::UNAUTHORIZED, "{path} anonymous: {body}");
        nothing_changed(app).await;
    }
    // Admin routes refuse an evaluator; the evaluator's routes accept it.
    app.login("danhgia").await;
    for (path, fields) in &routes[3..] {
        let (got, _, _) = app.post(path, fields).await;
        assert_eq!(got, StatusCode::FORBIDDEN, "{path} as evaluator");
    }
    nothing_changed(app).await;
    let (got, _, body) = app.post(&crawl, &[]).await;
    assert_eq!(got, StatusCode::SEE_OTHER, "{body}");
    // An admin may add and lock accounts.
    app.login("quantri").await;
    let (got, _, body) = app.post(routes[3].0, &routes[3].1).await;
    assert_eq!(got, StatusCode::SEE_OTHER, "{body}");
    let (got, _, _) = app.post("/admin/users/disable", &[("name", "danhgia")]).await;
    assert_eq!(got, StatusCode::SEE_OTHER);
    let (_, html) = app.get("/admin/users").await;
    assert!(html.contains(r#"data-user="moi""#), "{html}");
    // The disabled evaluator's open session stops at once, and it cannot log in again.
    let hash_ok = store::users::find_user(&app.state.store, "moi").await.unwrap().unwrap();
    assert!(hash_ok.password_hash.starts_with("$argon2id$"));
}

#[tokio::test]
async fn a_browser_s_cross_site_write_is_refused_by_fetch_metadata() {
    // The Origin is spoofed to ours but the browser says the form came from another site: tower-http's
    // CsrfLayer refuses it on Sec-Fetch-Site alone, in Vietnamese; the same-origin write goes through.
    let app = start().await;
    let (run_id, unit) = run_with_unreachable_unit(&app).await;
    let run = run_id.to_string();
    let form = override_fields(&run, &unit);
    app.login("danhgia").await;
    let token = app.csrf().await;
    for (site, stored) in [("cross-site", 0), ("same-site", 0), ("same-origin", 1)] {
        let (got, _, body) = app
            .post_with_headers(
                "/overrides",
                &form,
                Some(&app.base),
                Some(&token),
                &[("sec-fetch-site", site)],
            )
            .await;
        if stored == 0 {
            assert_eq!(got, StatusCode::FORBIDDEN, "{site}: {body}");
            assert!(body.contains("nguồn gửi không khớp"), "{site}: {body}");
        } else {
            assert_eq!(got, StatusCode::SEE_OTHER, "{site}: {body}");
        }
        let overrides = store::declared::load_overrides(&app.state.store, &app.state.eval.id)
            .await
            .unwrap();
        assert_eq!(overrides.len(), stored, "{site}");
    }
}

#[tokio::test]
async fn pages_need_a_login_and_carry_the_security_headers() {
    let app = start().await;
    app.logout_locally();
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login");
    let h = r.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("script-src"), "no script is allowed at all: {csp}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let cookie = h["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback: {cookie}");

    // A wrong password is refused, and the next attempt on that name waits.
    let (status, _, body) = app.post("/login", &[("name", "danhgia"), ("password", "sai")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.contains("không đúng"), "{body}");
    let started = std::time::Instant::now();
    let (status, _, _) = app
        .post("/login", &[("name", "danhgia"), ("password", "sai nữa")])
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(450),
        "{:?}",
        started.elapsed()
    );
    let (status, _, _) = app
        .post("/login", &[("name", "khong-co"), ("password", PASSWORD)])
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A viewer reads pages but gets no form to change anything.
    app.login("xem").await;
    let (run_id, unit) = run_with_unreachable_unit(&app).await;
    let (status, html) = app.get(&format!("/runs/{run_id}/units/{unit}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains(r#"action="/overrides""#) && !html.contains("/website\""),
        "{html}"
    );
    let (status, _) = app.get("/admin/users").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Locking an account ends its open session.
    app.login("danhgia").await;
    store::users::set_disabled(&app.state.store, "danhgia", true)
        .await
        .unwrap();
    let (status, _) = app.get("/").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "a disabled account is sent to the login page"
    );
}

/// One address trying many names: after its grace, every attempt from it waits, whatever the name.
#[tokio::test]
async fn failed_logins_are_slowed_per_client_address_too() {
    let app = start().await;
    app.logout_locally();
    let grace = ictrank::web::auth::Throttle::ADDRESS_GRACE;
    for i in 0..=grace {
        let name = format!("doan-ten-{i}");
        let (status, _, _) = app.post("/login", &[("name", &name), ("password", "sai")]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let started = std::time::Instant::now();
    let (status, _, _) = app.post("/login", &[("name", "ten-moi"), ("password", "sai")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(450),
        "a new name from the same address waits: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_unreachable_site_is_one_panel_scored_at_once_with_a_crawl_button() {
    panel_and_crawl(&start().await).await;
}

async fn panel_and_crawl(app: &App) {
    let (run_id, unit) = run_with_unreachable_unit(app).await;
    let page = format!("/runs/{run_id}/units/{unit}");
    let (_, html) = app.get(&page).await;
    let doc = Html::parse_document(&html);
    let heading = select(&doc, "#khong-kiem-tra-duoc h2")[0].text().collect::<String>();
    assert_eq!(heading, "Website không kiểm tra được: không kết nối được máy chủ");
    // The English detail is folded away, once.
    assert_eq!(html.matches("Connection refused").count(), 1);
    assert_eq!(select(&doc, "details.detail pre").len(), 1);
    let inputs: Vec<String> = select(&doc, "form.panel input[type=number]")
        .iter()
        .map(|i| i.value().attr("name").unwrap().to_string())
        .collect();
    let results = results_for_run(&app.state.store, &app.state.eval, run_id)
        .await
        .unwrap();
    let website = &results.websites[&unit];
    assert_eq!(inputs.len(), website.criteria.len());
    assert!(
        results
            .review
            .iter()
            .any(|r| r.unit_id == unit && r.reason.contains("không kết nối được máy chủ"))
    );
    assert!(
        !results.review.iter().any(|r| r.reason.contains("os error")),
        "no raw English cause"
    );

    // One form: every criterion at 10 points (or its maximum), one reason.
    let mut fields: Vec<(String, String)> = website
        .criteria
        .iter()
        .map(|c| (format!("p_{}", c.id), c.max_points.min(10.0).to_string()))
        .collect();
    fields.push(("reason".into(), "Đã kiểm tra thủ công trên trình duyệt".into()));
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, location, body) = app.post(&format!("{page}/website"), &borrowed).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location.as_deref(), Some(page.as_str()));
    let results = results_for_run(&app.state.store, &app.state.eval, run_id)
        .await
        .unwrap();
    let website = &results.websites[&unit];
    assert!(website.is_complete());
    let expected: f64 = website.criteria.iter().map(|c| c.max_points.min(10.0)).sum();
    assert_eq!(results.website_points(&unit), Some(expected));
    let kept = store::declared::load_overrides(&app.state.store, &app.state.eval.id)
        .await
        .unwrap();
    assert_eq!(kept.len(), website.criteria.len());
    assert!(
        kept.iter()
            .all(|o| o.evaluator == "danhgia" && o.run_id == Some(run_id))
    );

    // A bad value refuses the whole panel: nothing more is stored.
    let (status, _, body) = app
        .post(
            &format!("{page}/website"),
            &[("p_tin_tuc", "99"), ("p_rss", "1"), ("reason", "x")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(app.override_count().await, kept.len());

    // The crawl button queues one request for the unit (asking twice keeps one).
    for _ in 0..2 {
        let (status, _, _) = app.post(&format!("{page}/crawl"), &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let queued = store::users::crawl_requests(&app.state.store, &app.state.eval.id)
        .await
        .unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(
        (queued[0].unit_id.as_str(), queued[0].requested_by.as_str()),
        (unit.as_str(), "danhgia")
    );
    // The next run's crawl of the unit answers the request (`ictrank run` marks it done).
    let (store, eval) = (&app.state.store, &app.state.eval.id);
    assert_eq!(
        store::users::finish_crawl_requests(store, eval, std::slice::from_ref(&unit))
            .await
            .unwrap(),
        1
    );
    assert!(
        store::users::crawl_requests(store, eval).await.unwrap()[0]
            .done_at
            .is_some()
    );
}
