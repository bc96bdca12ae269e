//! The browser stage on loopback fixture pages, with Debian's headless Chromium: load times (a
//! largest element delayed past 4 s fails, a fast page passes), the phone check (a 1,200 px page
//! fails), axe-core (missing alt text and form labels), a news list built by JavaScript read with
//! its dates, and the demo's challenge site read behind its script; Chromium held to the
//! crawler's address guard (a sub-resource on a loopback port `--resolve` does not name is
//! refused, a loopback page without `--allow-private-addresses` is not loaded) and pace (two
//! navigations to one host are the crawler's interval apart as the server sees them).
//!
//! Skipped with a message when /usr/bin/chromium is missing (CI installs it and must not skip).

use axum::Router;
use axum::extract::Path as AxPath;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use ictrank::audit::Profiles;
use ictrank::audit::model::Outcome;
use ictrank::browser::findings::SiteFindings;
use ictrank::browser::{BrowserConfig, browse_site, start};
use ictrank::pipeline::audit_runs::{AuditSetup, audit_url};
use ictrank::rubric::Rubric;
use ictrank::snapshot::{Page, PageRole, SiteOutcome, SiteSnapshot};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium_missing() -> bool {
    if Path::new(CHROMIUM).exists() {
        return false;
    }
    assert!(
        std::env::var("CI").is_err(),
        "{CHROMIUM} is missing: the browser tests need Debian's chromium, which .ci/run installs"
    );
    eprintln!("skipped: {CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)");
    true
}

/// Serves `app` on 127.0.0.1; returns its base URL.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

fn page(url: &str, role: PageRole, body: &str) -> Page {
    Page {
        url: url.into(),
        final_url: url.into(),
        role,
        status: Some(200),
        content_type: Some("text/html; charset=utf-8".into()),
        fetched_at: chrono::Utc::now(),
        text: Some(body.into()),
        charset: Some("utf-8".into()),
        error: None,
        error_detail: None,
        headers: vec![],
    }
}

fn site(pages: Vec<Page>) -> SiteSnapshot {
    SiteSnapshot {
        start_url: pages[0].url.clone(),
        crawled_at: chrono::Utc::now(),
        outcome: SiteOutcome::Ok,
        pages,
        probe: None,
    }
}

fn config(loads: u32) -> BrowserConfig {
    BrowserConfig {
        loads,
        tabs: 2,
        page_timeout: Duration::from_secs(40),
        per_host_interval: Duration::from_millis(100),
        // the fixtures are on loopback (the guard's own tests below leave it off)
        allow_private: true,
        ..BrowserConfig::default()
    }
}

async fn browse(cfg: &BrowserConfig, snap: &SiteSnapshot) -> SiteFindings {
    let b = start(cfg).await.unwrap().expect("Chromium starts");
    let f = browse_site(&b, cfg, snap).await;
    b.close().await;
    f
}

const FAST: &str = r#"<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sở Thông tin</title></head>
<body><h1>Cổng thông tin điện tử</h1><p>Trang nhanh: chữ và một ảnh nhỏ.</p>
<img src="/img/fast.svg" alt="Biểu trưng" width="600" height="300" style="max-width:100%;height:auto"></body></html>"#;

const SLOW: &str = r#"<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sở chậm</title></head>
<body><p>Chữ nhỏ.</p><img src="/img/slow.svg" alt="Ảnh lớn" width="1200" height="700"></body></html>"#;

/// A 1200×700 picture of 600 coloured tiles: enough bytes per pixel that Chromium counts it as
/// content for the largest paint (it skips near-empty images).
fn svg() -> impl IntoResponse {
    let mut s = String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="700">"#);
    for i in 0..600u32 {
        let (x, y) = ((i % 30) * 40, (i / 30) * 35);
        let c = (i.wrapping_mul(2_654_435_761) >> 8) & 0xff_ffff;
        s.push_str(&format!(
            r##"<rect x="{x}" y="{y}" width="40" height="35" fill="#{c:06x}"/>"##
        ));
    }
    s.push_str("</svg>");
    ([("content-type", "image/svg+xml")], s)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_largest_element_delayed_past_4_s_fails_lcp_and_a_fast_page_passes() {
    if chromium_missing() {
        return;
    }
    let app = Router::new()
        .route("/", get(|| async { Html(FAST) }))
        .route("/cham", get(|| async { Html(SLOW) }))
        .route(
            "/img/{name}",
            get(|AxPath(name): AxPath<String>| async move {
                if name == "slow.svg" {
                    tokio::time::sleep(Duration::from_millis(4500)).await;
                }
                svg()
            }),
        );
    let base = serve(app).await;
    let cfg = config(2);
    let fast = browse(&cfg, &site(vec![page(&format!("{base}/"), PageRole::Home, FAST)])).await;
    let slow = browse(&cfg, &site(vec![page(&format!("{base}/cham"), PageRole::Home, SLOW)])).await;
    for f in [&fast, &slow] {
        assert!(f.error.is_none(), "{:?}", f.error);
        assert!(f.browser.contains("Chrom"), "{}", f.browser);
        assert!(f.network.contains("mạng thực"), "{}", f.network);
    }
    let fp = fast.pages[0].perf.as_ref().expect("fast page measured");
    let sp = slow.pages[0].perf.as_ref().expect("slow page measured");
    assert_eq!(fp.runs.len(), 2, "{:?}", fast.pages[0].errors);
    let (f_lcp, s_lcp) = (fp.lcp_ms.unwrap(), sp.lcp_ms.unwrap());
    assert!(f_lcp < 4000.0, "fast LCP {f_lcp}");
    assert!(fp.fcp_ms.unwrap() < 3000.0, "{fp:?}");
    assert!(s_lcp > 4000.0, "slow LCP {s_lcp} (the image comes after 4.5 s)");
    assert!(sp.fcp_ms.unwrap() < 3000.0, "the text paints at once: {sp:?}");
    assert!(sp.full_display_ms.unwrap() >= s_lcp, "{sp:?}");
}

const WIDE: &str = r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Rộng</title></head>
<body style="margin:0"><div style="width:1200px">Trang cố định rộng 1 200 px, không có viewport.</div></body></html>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_1200_px_fixed_width_page_fails_the_phone_check_and_a_responsive_one_passes() {
    if chromium_missing() {
        return;
    }
    let app = Router::new()
        .route("/", get(|| async { Html(FAST) }))
        .route("/rong", get(|| async { Html(WIDE) }))
        .route("/img/{name}", get(|| async { svg() }));
    let base = serve(app).await;
    let shots = tempfile::tempdir().unwrap();
    let cfg = BrowserConfig {
        shots_dir: Some(shots.path().to_path_buf()),
        ..config(1)
    };
    let wide = browse(&cfg, &site(vec![page(&format!("{base}/rong"), PageRole::Home, WIDE)])).await;
    let m = wide.pages[0].mobile.as_ref().expect("phone layout measured");
    assert_eq!(m.width, 390);
    assert_eq!(m.viewport_meta, None);
    assert!(m.scroll_width >= 1200, "{m:?}");
    assert!(!m.fits());
    let shot = m.screenshot.as_deref().expect("screenshot kept");
    let bytes = std::fs::read(shot).unwrap();
    assert_eq!(&bytes[..3], &[0xff, 0xd8, 0xff], "a JPEG");
    let fine = browse(&cfg, &site(vec![page(&format!("{base}/"), PageRole::Home, FAST)])).await;
    let m = fine.pages[0].mobile.as_ref().unwrap();
    assert!(m.fits(), "{m:?}");
    assert!(m.viewport_meta.as_deref().unwrap().contains("device-width"));
}

const INACCESSIBLE: &str = r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Góp ý</title>
<meta name="viewport" content="width=device-width"></head><body><main><h1>Gửi góp ý</h1>
<img src="/img/logo.svg" width="200" height="100">
<form><input type="text" name="hoten"><textarea name="noidung"></textarea><button>Gửi</button></form>
</main></body></html>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_missing_alt_text_and_form_labels() {
    if chromium_missing() {
        return;
    }
    let app = Router::new()
        .route("/", get(|| async { Html(INACCESSIBLE) }))
        .route("/ok", get(|| async { Html(FAST) }))
        .route("/img/{name}", get(|| async { svg() }));
    let base = serve(app).await;
    let cfg = config(1);
    let bad = browse(
        &cfg,
        &site(vec![page(&format!("{base}/"), PageRole::Home, INACCESSIBLE)]),
    )
    .await;
    let a = bad.pages[0].a11y.as_ref().expect("axe ran");
    assert_eq!(a.axe_version, "4.14.1");
    let ids: Vec<&str> = a.violations.iter().map(|v| v.id.as_str()).collect();
    assert!(ids.contains(&"image-alt"), "{ids:?}");
    assert!(ids.contains(&"label"), "{ids:?}");
    let label = a.violations.iter().find(|v| v.id == "label").unwrap();
    assert_eq!(label.nodes, 2, "the input and the textarea: {label:?}");
    let good = browse(&cfg, &site(vec![page(&format!("{base}/ok"), PageRole::Home, FAST)])).await;
    let a = good.pages[0].a11y.as_ref().expect("axe ran");
    assert!(a.violations.is_empty(), "{:?}", a.violations);
}

fn vietnam_today() -> chrono::NaiveDate {
    ictrank::util::time::vietnam_date(chrono::Utc::now())
}

/// A site whose news list is filled by a script from a JSON answer after the page loads.
fn js_news_site(today: chrono::NaiveDate) -> Router {
    let nav: String = ["gioi-thieu", "lien-he", "van-ban", "thu-tuc-hanh-chinh", "hoi-dap"]
        .iter()
        .map(|p| format!(r#"<li><a href="/{p}">{p}</a></li>"#))
        .collect();
    let home = format!(
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Sở Thử Nghiệm</title></head><body>
<nav><ul><li><a href="/tin-tuc">Tin tức</a></li>{nav}</ul></nav><h1>Sở Thử Nghiệm</h1>
<p>Cổng thông tin điện tử của Sở Thử Nghiệm, tỉnh Thử Nghiệm.</p></body></html>"#
    );
    let list = r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tin tức</title></head><body>
<h1>Tin tức</h1><ul id="tin" class="news-list"></ul>
<script>fetch('/api/tin').then(r => r.json()).then(items => {
  document.getElementById('tin').innerHTML = items.map(i =>
    '<li class="news-item"><a href="' + i.url + '">' + i.title + '</a> <span class="date">' + i.date + '</span></li>').join('');
});</script></body></html>"#;
    let items: Vec<serde_json::Value> = (0..8)
        .map(|n| {
            let d = today - chrono::Duration::days(n * 3);
            serde_json::json!({
                "url": format!("/tin-tuc/bai-{n}"),
                "title": format!("Hội nghị triển khai nhiệm vụ số {n} của Sở"),
                "date": d.format("%d/%m/%Y").to_string(),
            })
        })
        .collect();
    let article = format!(
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Bài</title></head><body>
<h1>Hội nghị</h1><p>Ngày {}</p><p>Nội dung bài viết.</p></body></html>"#,
        today.format("%d/%m/%Y")
    );
    Router::new()
        .route("/", get(move || async move { Html(home) }))
        .route("/tin-tuc", get(move || async move { Html(list) }))
        .route("/api/tin", get(move || async move { axum::Json(items) }))
        .route("/tin-tuc/{slug}", get(move || async move { Html(article) }))
        .fallback(|| async { Html("<html><body><h1>Trang</h1><p>Nội dung.</p></body></html>") })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_news_list_built_by_javascript_is_read_with_its_dates() {
    if chromium_missing() {
        return;
    }
    let today = vietnam_today();
    let base = serve(js_news_site(today)).await;
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let host = "jstintuc.gov.vn";
    let crawl = ictrank::crawl::CrawlConfig {
        resolve: [(host.to_string(), addr)].into(),
        per_host_rate: Some(20.0),
        progress: false,
        ..Default::default()
    };
    let rubric = Rubric::builtin();
    let profiles = Profiles::builtin();
    let setup = AuditSetup {
        rubric: &rubric,
        evaluation: None,
        default_kind: "department",
        as_of: Some(today),
        profiles: &profiles,
    };
    let url = format!("http://{host}/");
    let dir = tempfile::tempdir().unwrap();
    let store = ictrank::store::Store::open(&dir.path().join("s.db").to_string_lossy())
        .await
        .unwrap();
    // without the browser the list is empty: no dated news
    let plain = audit_url(&store, &url, &crawl, None, &setup).await.unwrap();
    assert_eq!(plain.news.latest, None, "{:?}", plain.news);
    let cfg = config(1).with_crawl(&crawl);
    let seen = audit_url(&store, &url, &crawl, Some(&cfg), &setup).await.unwrap();
    assert_eq!(seen.news.latest, Some(today), "{:?}", seen.news);
    assert!(seen.news.items_last_30_days >= 8, "{:?}", seen.news);
    let news = seen
        .criteria
        .iter()
        .find(|c| c.id == "tin_tuc")
        .expect("news criterion");
    assert!(
        news.evidence.iter().any(|e| e.note.contains("trình duyệt dựng")),
        "{:?}",
        news.evidence
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_challenge_site_is_read_by_the_browser_and_audited() {
    if chromium_missing() {
        return;
    }
    let today = vietnam_today();
    let server = ictrank_demo_sites::serve(today).await.unwrap();
    let spec = ictrank_demo_sites::SITES
        .iter()
        .find(|s| s.condition == ictrank_demo_sites::Condition::Challenge)
        .expect("the demo has a challenge site");
    let crawl = ictrank::crawl::CrawlConfig {
        resolve: server.resolve_map(),
        per_host_rate: Some(20.0),
        progress: false,
        ..Default::default()
    };
    let rubric = Rubric::load(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/rubrics/nd224-2026.toml")
            .as_path(),
    )
    .unwrap();
    let profiles = Profiles::builtin();
    let setup = AuditSetup {
        rubric: &rubric,
        evaluation: None,
        default_kind: "department",
        as_of: Some(today),
        profiles: &profiles,
    };
    let url = format!("http://{}/", spec.host);
    let dir = tempfile::tempdir().unwrap();
    let store = ictrank::store::Store::open(&dir.path().join("s.db").to_string_lossy())
        .await
        .unwrap();
    let plain = audit_url(&store, &url, &crawl, None, &setup).await.unwrap();
    assert_eq!(plain.outcome, "could_not_verify");
    let cfg = BrowserConfig {
        challenge_pages: 15,
        ..config(1).with_crawl(&crawl)
    };
    let seen = audit_url(&store, &url, &crawl, Some(&cfg), &setup).await.unwrap();
    assert_eq!(seen.outcome, "ok", "{:?}", seen.criteria.first());
    assert!(seen.pages_fetched >= 5, "{}", seen.pages_fetched);
    let evidence: Vec<&str> = seen
        .criteria
        .iter()
        .flat_map(|c| &c.evidence)
        .map(|e| e.note.as_str())
        .collect();
    assert!(evidence.iter().any(|n| n.contains("đã vượt qua")), "{evidence:?}");
    let fcp = seen
        .criteria
        .iter()
        .find(|c| c.id == "hieu_nang_fcp")
        .expect("FCP criterion");
    assert_eq!(fcp.outcome, Outcome::Met, "{:?}", fcp.evidence);
    assert!(seen.points > 0.0);
    server.shutdown().await;
}

/// A server on 127.0.0.1 that answers `html` at every path and notes when each request came.
async fn recording(html: &'static str) -> (std::net::SocketAddr, Arc<Mutex<Vec<(String, Instant)>>>) {
    let seen: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let log = seen.clone();
    let app = Router::new().fallback(move |uri: axum::http::Uri| {
        let log = log.clone();
        async move {
            log.lock().unwrap().push((uri.path().to_string(), Instant::now()));
            if uri.path().ends_with(".svg") {
                svg().into_response()
            } else {
                Html(html).into_response()
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sub_resources_on_a_port_resolve_does_not_name_are_refused_by_the_proxy() {
    if chromium_missing() {
        return;
    }
    let (other, other_seen) = recording(FAST).await;
    let html: &'static str = format!(
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trang</title>
<script src="http://trang.test:{port}/khac.js"></script></head>
<body><h1>Trang</h1><img src="http://{other}/img/anh.svg" alt="Ảnh" width="300" height="200"></body></html>"#,
        port = other.port()
    )
    .leak();
    let (site_addr, site_seen) = recording(html).await;
    let cfg = BrowserConfig {
        allow_private: false,
        resolve: [("trang.test".to_string(), site_addr)].into_iter().collect(),
        ..config(1)
    };
    let b = start(&cfg).await.unwrap().expect("Chromium starts");
    let f = browse_site(&b, &cfg, &site(vec![page("http://trang.test/", PageRole::Home, html)])).await;
    let (refused, refusals) = (b.guard().refused(), b.guard().refusals());
    b.close().await;
    assert!(
        f.pages[0].perf.is_some(),
        "the page itself loads: {:?}",
        f.pages[0].errors
    );
    assert!(!site_seen.lock().unwrap().is_empty());
    assert!(
        other_seen.lock().unwrap().is_empty(),
        "the other port saw {:?}",
        other_seen.lock().unwrap()
    );
    // the image on 127.0.0.1 and the script on the resolved host's other port, on each load
    assert!(refused >= 2, "{refused}: {refusals:?}");
    assert!(
        refusals
            .iter()
            .any(|r| r.contains(&other.to_string()) && r.contains("địa chỉ nội bộ")),
        "{refusals:?}"
    );
    assert!(
        refusals
            .iter()
            .any(|r| r.contains(&format!("trang.test:{}", other.port())) && r.contains("dịch vụ khác")),
        "{refusals:?}"
    );
    assert!(f.pacing.contains("6 kết nối"), "{}", f.pacing);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_a_private_address_is_not_followed_nor_measured() {
    if chromium_missing() {
        return;
    }
    let (inner, inner_seen) = recording(FAST).await;
    let target = format!("http://{inner}/noi-bo");
    let app = Router::new().route(
        "/",
        get(move || {
            let target = target.clone();
            async move { axum::response::Redirect::temporary(&target) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let cfg = BrowserConfig {
        allow_private: false,
        resolve: [("chuyen.test".to_string(), addr)].into_iter().collect(),
        ..config(1)
    };
    let f = browse(&cfg, &site(vec![page("http://chuyen.test/", PageRole::Home, FAST)])).await;
    assert!(
        inner_seen.lock().unwrap().is_empty(),
        "{:?}",
        inner_seen.lock().unwrap()
    );
    let p = &f.pages[0];
    assert!(
        p.perf.is_none() && p.mobile.is_none(),
        "the refusal is not measured as a page: {p:?}"
    );
    assert!(
        p.errors
            .iter()
            .any(|e| e.contains(&inner.to_string()) && e.contains("địa chỉ nội bộ")),
        "{:?}",
        p.errors
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loopback_page_without_allow_private_addresses_is_not_loaded() {
    if chromium_missing() {
        return;
    }
    let (addr, seen) = recording(FAST).await;
    let url = format!("http://{addr}/");
    let cfg = BrowserConfig {
        allow_private: false,
        ..config(1)
    };
    let f = browse(&cfg, &site(vec![page(&url, PageRole::Home, FAST)])).await;
    assert!(seen.lock().unwrap().is_empty(), "{:?}", seen.lock().unwrap());
    let p = &f.pages[0];
    assert!(p.perf.is_none() && p.mobile.is_none() && p.a11y.is_none(), "{p:?}");
    assert!(
        p.errors
            .iter()
            .any(|e| e.contains("địa chỉ nội bộ") && e.contains("--allow-private-addresses")),
        "{:?}",
        p.errors
    );
    // the audit: could not verify, with the cause, never a 0 as a finding
    let rubric = Rubric::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rubrics/nd224-2026.toml")).unwrap();
    let unit = ictrank::audit::UnitFacts {
        browser: Some(Arc::new(f)),
        ..ictrank::audit::UnitFacts::of_kind("department")
    };
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let snap = site(vec![page(&url, PageRole::Home, FAST)]);
    let a = ictrank::audit::audit_unit_site(&snap, &rubric, &unit, day, &Profiles::builtin());
    for id in [
        "hieu_nang_fcp",
        "hieu_nang_lcp",
        "tuong_thich_di_dong",
        "ho_tro_nguoi_khuyet_tat",
    ] {
        let c = a.criteria.iter().find(|c| c.id == id).unwrap();
        assert_eq!(c.outcome, Outcome::Unverified, "{id}");
        assert!(
            c.evidence.iter().any(|e| e.note.contains("địa chỉ nội bộ")),
            "{id}: {:?}",
            c.evidence
        );
    }
}

/// When `navigations` document requests reached the server at `addr`, navigated back to back in
/// one tab of a browser started with `cfg`.
async fn back_to_back(cfg: &BrowserConfig, navigations: usize) -> Vec<Duration> {
    let (addr, seen) = recording(FAST).await;
    let b = start(cfg).await.unwrap().expect("Chromium starts");
    b.with_tab("điều hướng", async |tab| {
        for i in 0..navigations {
            tab.navigate(&format!("http://{addr}/trang-{i}")).await?;
        }
        Ok(())
    })
    .await
    .unwrap();
    b.close().await;
    let docs: Vec<Instant> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|(path, _)| path.starts_with("/trang-"))
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(docs.len(), navigations, "{docs:?}");
    docs.windows(2).map(|w| w[1] - w[0]).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigations_to_one_host_are_the_crawler_s_interval_apart() {
    if chromium_missing() {
        return;
    }
    let interval = Duration::from_millis(700);
    let paced = back_to_back(
        &BrowserConfig {
            per_host_interval: interval,
            ..config(1)
        },
        3,
    )
    .await;
    for gap in &paced {
        assert!(*gap >= interval, "{paced:?}");
    }
    // the control: without a rate the same navigations follow each other at once
    let unpaced = back_to_back(
        &BrowserConfig {
            per_host_interval: Duration::ZERO,
            ..config(1)
        },
        3,
    )
    .await;
    assert!(unpaced.iter().any(|g| *g < interval), "{unpaced:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_robots_crawl_delay_spaces_the_navigations_too() {
    if chromium_missing() {
        return;
    }
    let (addr, seen) = recording(FAST).await;
    let url = format!("http://{addr}/");
    let mut robots = page(
        &format!("{url}robots.txt"),
        PageRole::Robots,
        "User-agent: *\nCrawl-delay: 4\n",
    );
    robots.content_type = Some("text/plain".into());
    let snap = site(vec![page(&url, PageRole::Home, FAST), robots]);
    let f = browse(&config(1), &snap).await;
    assert!(f.pages[0].perf.is_some(), "{:?}", f.pages[0].errors);
    let docs: Vec<Instant> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|(path, _)| path == "/")
        .map(|(_, t)| *t)
        .collect();
    // one measured load and the phone load, 1.2 s apart although the rate allows 100 ms
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert!(
        docs[1] - docs[0] >= Duration::from_millis(1200),
        "{:?}",
        docs[1] - docs[0]
    );
}
