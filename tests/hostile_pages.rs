//! Hostile pages: no page, however deep, stops an audit or a run. A page of 30,000 nested `<div>`s
//! once overflowed the stack and killed the whole process; here pages nested 10^5 and 10^6 levels
//! deep (closed or never closed, in many element kinds) go through the whole audit on a thread with
//! the usual 2 MiB stack, the document walks are shown iterative on an uncapped 10^6-deep tree, and a
//! whole `ictrank run` with one hostile unit gives every unit its audit and reports.

mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use ictrank::audit::view::{SiteView, links, text_blocks, visible_text};
use ictrank::audit::{Profiles, audit_site};
use ictrank::pipeline::run::{RunOptions, run_evaluation};
use ictrank::registry::Evaluation;
use ictrank::rubric::Rubric;
use ictrank::snapshot::{Page, PageRole, SiteOutcome, SiteSnapshot};
use proptest::prelude::*;
use support::*;

/// The stack of a thread the standard library starts by default.
const NORMAL_STACK: usize = 2 * 1024 * 1024;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn as_of() -> NaiveDate {
    d(2026, 12, 1)
}

/// Runs `f` on a thread with a normal 2 MiB stack: any recursion over the depth of a page would
/// overflow it (and abort the test binary).
fn on_normal_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(NORMAL_STACK)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no panic")
}

/// `n` nested `tag` elements around a marker text, closed or left open.
fn bomb(tag: &str, n: usize, closed: bool) -> String {
    let mut s = format!("<{tag}>").repeat(n);
    s.push_str("<b>Đáy của trang lồng sâu</b>");
    if closed {
        s.push_str(&format!("</{tag}>").repeat(n));
    }
    s
}

/// The pages of a small agency site whose HTML pages end with `bomb` (after their real content, so
/// what the audit reads is there whatever the bomb does to the rest), the articles too when
/// `everywhere`: (path, content type, body).
fn site(bomb: &str, everywhere: bool) -> Vec<(&'static str, &'static str, String)> {
    let page = |title: &str, body: &str, deep: bool| {
        let bomb = if deep { bomb } else { "" };
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>\
             <link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss.xml\"></head><body>\
             <nav class=\"menu\"><ul><li><a href=\"/\">Trang chủ</a></li><li><a href=\"/tin-tuc.html\">Tin tức</a></li>\
             <li><a href=\"/gioi-thieu.html\">Giới thiệu</a></li><li><a href=\"/lien-he.html\">Liên hệ</a></li></ul></nav>\
             <h1>{title}</h1>{body}{bomb}</body></html>"
        )
    };
    let items: String = (1..=6)
        .map(|i| {
            format!(
                "<div class=\"item\"><a href=\"/tin/{i}.html\">Tiêu đề bài viết số {i} về chuyển đổi số của tỉnh</a> \
                 <span class=\"date\">{:02}/11/2026</span></div>",
                28 - i
            )
        })
        .collect();
    let about =
        "Sở có chức năng tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước về lĩnh vực được giao. ".repeat(12);
    let feed = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Tin tức</title>\
         <item><title>Bài số 1</title><link>/tin/1.html</link><description>{}</description></item></channel></rss>",
        "<x>".repeat(50_000)
    );
    let mut pages = vec![
        (
            "/",
            "text/html; charset=utf-8",
            page(
                "Sở Thử Nghiệm",
                "<p>Chào mừng đến cổng thông tin điện tử của Sở Thử Nghiệm.</p>",
                true,
            ),
        ),
        (
            "/tin-tuc.html",
            "text/html; charset=utf-8",
            page("Tin tức", &format!("<div class=\"list\">{items}</div>"), true),
        ),
        (
            "/gioi-thieu.html",
            "text/html; charset=utf-8",
            page("Giới thiệu", &format!("<p>{about}</p>"), true),
        ),
        (
            "/lien-he.html",
            "text/html; charset=utf-8",
            page(
                "Liên hệ",
                "<p>Điện thoại: 0256 3822 123. Thư điện tử: so@thunghiem.gov.vn</p>",
                everywhere,
            ),
        ),
        ("/rss.xml", "application/rss+xml", feed),
    ];
    for (i, path) in ["/tin/1.html", "/tin/2.html"].into_iter().enumerate() {
        let body = format!("<p>Ngày đăng: {:02}/11/2026</p><p>{about}</p>", 27 - i);
        pages.push((path, "text/html; charset=utf-8", page("Bài viết", &body, everywhere)));
    }
    pages
}

fn snapshot(base: &str, pages: Vec<(&'static str, &'static str, String)>) -> SiteSnapshot {
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap();
    let pages = pages
        .into_iter()
        .map(|(path, ct, body)| {
            let url = format!("{}{}", base.trim_end_matches('/'), path);
            Page {
                final_url: url.clone(),
                url,
                role: match path {
                    "/" => PageRole::Home,
                    "/rss.xml" => PageRole::Feed,
                    _ if path.starts_with("/tin/") => PageRole::Article,
                    _ => PageRole::Page,
                },
                status: Some(200),
                content_type: Some(ct.to_string()),
                fetched_at: at,
                text: Some(body),
                charset: Some("utf-8 (header)".into()),
                error: None,
                error_detail: None,
                headers: vec![],
            }
        })
        .collect();
    SiteSnapshot {
        probe: None,
        start_url: base.to_string(),
        crawled_at: at,
        outcome: SiteOutcome::Ok,
        pages,
    }
}

/// Element kinds a bomb is made of: block, inline, formatting, list, table, SVG and self-closing
/// kinds, and kinds the parser closes by itself.
const TAGS: &[&str] = &[
    "div", "span", "b", "font", "section", "ul", "table", "td", "a", "li", "p", "svg", "option", "optgroup",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    /// The whole audit of a site whose every page is nested 10^5 or 10^6 levels deep finishes on a
    /// normal stack and still reads what the pages say before the nesting.
    #[test]
    fn deep_nesting_never_stops_the_audit(
        tag in prop::sample::select(TAGS),
        n in prop_oneof![Just(100_000usize), Just(1_000_000usize)],
        closed in any::<bool>(),
    ) {
        let (audit, text) = on_normal_stack(move || {
            let snap = snapshot("http://so.thunghiem.gov.vn/", site(&bomb(tag, n, closed), false));
            let audit = audit_site(&snap, &Rubric::builtin(), "department", as_of(), &Profiles::builtin());
            let view = SiteView::new(&snap, as_of());
            let html = view.html(snap.page("http://so.thunghiem.gov.vn/gioi-thieu.html").unwrap()).unwrap();
            (audit, visible_text(html.root_element()))
        });
        prop_assert_eq!(audit.outcome.as_str(), "ok");
        prop_assert_eq!(audit.news.latest, Some(d(2026, 11, 27)));
        prop_assert!(audit.news.items_last_30_days >= 6, "{:?}", audit.news);
        // The text at the bottom of the nesting is kept (only tags beyond the cap are dropped).
        // (An `<option>`'s text is never visible text.)
        prop_assert!(tag == "option" || text.contains("Đáy của trang lồng sâu"), "{}", text.len());
        prop_assert!(text.contains("tham mưu, giúp Ủy ban nhân dân tỉnh"));
    }
}

/// The walks over a document are iterative: on a tree parsed without the cap, 10^6 levels deep,
/// visible text, text blocks and links come out on a normal stack.
#[test]
fn document_walks_need_no_stack_for_depth() {
    let (text, blocks, found) = on_normal_stack(|| {
        let n = 1_000_000;
        let page = format!(
            "<html><body><a href=\"/lien-he.html\">Liên hệ</a>{}Đáy<script>var x = 1;</script>{}</body></html>",
            "<span>".repeat(n),
            "</span>".repeat(n)
        );
        let html = scraper::Html::parse_document(&page);
        assert!(
            ictrank::util::html::max_depth(&html) > n,
            "the tree is really that deep"
        );
        let root = html.root_element();
        let found: Vec<String> = links(&html, "http://so.thunghiem.gov.vn/")
            .into_iter()
            .map(|l| l.url)
            .collect();
        (visible_text(root), text_blocks(root), found)
    });
    assert_eq!(text, "Liên hệ Đáy");
    assert_eq!(blocks, ["Liên hệ", "Đáy"]);
    assert_eq!(found, ["http://so.thunghiem.gov.vn/lien-he.html"]);
}

/// Writes an evaluation of three departments whose sites are `hosts` into `dir`.
fn write_evaluation(dir: &std::path::Path, hosts: &[&str]) -> Evaluation {
    let rubric = std::fs::read_to_string(repo().join("data/rubrics/binh-dinh-4158-2015.toml")).unwrap();
    std::fs::write(dir.join("rubric.toml"), rubric).unwrap();
    std::fs::write(
        dir.join("evaluation.toml"),
        "id = \"thu-trang-doc-hai\"\ntitle = \"Thử trang độc hại\"\nyear = 2026\nrubric = \"rubric.toml\"\n",
    )
    .unwrap();
    let units: String = hosts
        .iter()
        .enumerate()
        .map(|(i, h)| {
            format!(
                "[[units]]\nid = \"so-{i}\"\nname = \"Sở Thử Nghiệm {i}\"\nkind = \"department\"\nwebsite = \"http://{h}/\"\n\n"
            )
        })
        .collect();
    std::fs::write(dir.join("units.toml"), units).unwrap();
    Evaluation::load(dir).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_unit_does_not_stop_the_run_and_every_unit_gets_its_reports() {
    let hosts = ["sa.thunghiem.gov.vn", "sb.thunghiem.gov.vn", "sc.thunghiem.gov.vn"];
    let fixture = Fixture::start(|host, target, _, _| {
        // The second unit's pages are 100,000 <div>s deep: the shape that once killed the process.
        let deep = if host.starts_with("sb.") {
            bomb("div", 100_000, true)
        } else {
            String::new()
        };
        let path = target.split('?').next().unwrap_or(target);
        match site(&deep, true).into_iter().find(|(p, _, _)| *p == path) {
            Some((_, ct, body)) => reply(200, ct, body),
            None => not_found(),
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let eval_dir = dir.path().join("evaluation");
    std::fs::create_dir_all(&eval_dir).unwrap();
    let eval = write_evaluation(&eval_dir, &hosts);
    let (store, _db) = sqlite_store().await;
    let opts = RunOptions {
        out_dir: dir.path().join("runs"),
        crawl: fixture.config(&hosts),
        // the browser stage has tests of its own (tests/browser_stage.rs)
        browser: ictrank::browser::BrowserConfig {
            mode: ictrank::browser::BrowserMode::Off,
            ..Default::default()
        },
        as_of: as_of(),
        profiles: Profiles::builtin(),
        resume: None,
    };
    let outcome = run_evaluation(&store, &eval, &opts).await.expect("the run finishes");
    let audits = &outcome.results.audits;
    assert_eq!(audits.keys().collect::<Vec<_>>(), ["so-0", "so-1", "so-2"]);
    for (unit, audit) in audits {
        assert_eq!(audit.as_of, as_of(), "{unit}");
        assert_eq!(audit.outcome, "ok", "{unit}");
        assert_eq!(audit.news.latest, Some(d(2026, 11, 27)), "{unit}");
        for ext in ["html", "docx"] {
            let card = outcome.dir.join(format!("scorecards/{unit}.{ext}"));
            assert!(card.is_file(), "{}", card.display());
        }
    }
    // The hostile unit is judged like the others on what its pages say.
    assert_eq!(audits["so-1"].points, audits["so-0"].points);
    assert!(outcome.dir.join("ranking.html").is_file());

    // Resuming the run (a day later, say) audits it again, as of the day it started.
    let run_id = outcome.results.run_id;
    let opts = RunOptions {
        as_of: d(2026, 12, 2),
        resume: Some(run_id),
        ..opts
    };
    let again = run_evaluation(&store, &eval, &opts)
        .await
        .expect("the resumed run finishes");
    assert_eq!((again.results.run_id, again.results.as_of), (run_id, as_of()));
    assert_eq!(again.results.audits.len(), 3);
    assert!(again.results.audits.values().all(|a| a.as_of == as_of()));
}

/// The current regime's checks (blocks searched for a spokesperson or a rating widget, tables and
/// labels read for document dates, metadata) on a site whose every page ends 10^5 levels deep: the
/// audit finishes on a normal stack and still reads the site's host.
#[test]
fn deep_nesting_never_stops_the_current_regime_s_checks() {
    let (audit, took) = on_normal_stack(|| {
        let snap = snapshot("http://so.thunghiem.gov.vn/", site(&bomb("div", 100_000, false), true));
        let unit = ictrank::audit::UnitFacts::named("department", "Sở Thử Nghiệm", Some("Thử Nghiệm"));
        let t = std::time::Instant::now();
        let a = ictrank::audit::audit_unit_site(&snap, &Rubric::current(), &unit, as_of(), &Profiles::builtin());
        (a, t.elapsed())
    });
    assert_eq!(audit.outcome, "ok");
    let domain = audit.criteria.iter().find(|c| c.id == "ten_mien_dung_quy_tac").unwrap();
    assert_eq!(
        domain.outcome,
        ictrank::audit::model::Outcome::Met,
        "{:?}",
        domain.evidence
    );
    eprintln!("current-regime audit of the nested site: {took:?}");
}
