//! Lists read to the window, through the real crawl and audit (`audit_url`) on a loopback site: a
//! news list of 12 pages, one item a day over 120 days, is followed page by page until its items
//! are older than the rubric's longest window, so the counts in the last 30 and 90 days are exact
//! and the pages beyond the window are never fetched.

mod support;

use chrono::{Days, NaiveDate};
use ictrank::audit::Profiles;
use ictrank::pipeline::audit_runs::{AuditSetup, audit_url};
use ictrank::rubric::Rubric;
use ictrank::util::time::vietnam_today;
use support::*;

const HOST: &str = "tin.gov.vn";
const PER_PAGE: u32 = 10;
const PAGES: u32 = 12;

/// Item `k` (0 = newest) of the list is `k` days old.
fn item_date(today: NaiveDate, k: u32) -> NaiveDate {
    today - Days::new(u64::from(k))
}

/// Page `n` (1-based) of the news list: ten items, then links to every page and to the next one.
fn list_page(today: NaiveDate, n: u32) -> String {
    let items: String = (PER_PAGE * (n - 1)..PER_PAGE * n)
        .map(|k| {
            format!(
                "<li class=\"news-item\"><a href=\"/tin-tuc/bai-viet-so-{k}-ve-hoat-dong-cua-so.html\">Bài viết số {k} về hoạt động của Sở trong tháng</a> <span class=\"date\">{}</span></li>",
                item_date(today, k).format("%d/%m/%Y")
            )
        })
        .collect();
    let numbers: String = (1..=PAGES)
        .map(|p| format!("<a href=\"/tin-tuc?page={p}\">{p}</a> "))
        .collect();
    let next = if n < PAGES {
        format!("<a href=\"/tin-tuc?page={}\">Sau</a>", n + 1)
    } else {
        String::new()
    };
    format!(
        "<html><head><title>Tin tức</title></head><body><h1>Tin tức</h1><ul class=\"news-list\">{items}</ul><div class=\"pager\">{numbers}{next}</div></body></html>"
    )
}

async fn site(today: NaiveDate) -> Fixture {
    let page_param = regex::Regex::new(r"^/tin-tuc\?page=(\d+)$").unwrap();
    Fixture::start(move |_, target, _, _| match target {
        "/robots.txt" => not_found(),
        "/" => html(
            "<html><head><title>Sở Thông tin và Truyền thông</title></head><body><h1>Cổng thông tin điện tử Sở Thông tin và Truyền thông</h1><nav><a href=\"/tin-tuc\">Tin tức</a> <a href=\"/gioi-thieu\">Giới thiệu</a></nav></body></html>",
        ),
        "/tin-tuc" => html(&list_page(today, 1)),
        "/gioi-thieu" => page_with_links("Giới thiệu", &["/"]),
        t if t.starts_with("/tin-tuc/bai-viet-so-") => page_with_links("Bài viết", &["/tin-tuc"]),
        t => match page_param.captures(t).and_then(|c| c[1].parse::<u32>().ok()) {
            Some(n) if (1..=PAGES).contains(&n) => html(&list_page(today, n)),
            _ => not_found(),
        },
    })
    .await
}

/// Crawls the fixture's site alone (no audit) and checks it was crawled.
async fn crawl_alone(store: &ictrank::store::Store, cfg: &ictrank::crawl::CrawlConfig) {
    let target = ictrank::crawl::CrawlTarget {
        unit_id: None,
        url: format!("http://{HOST}/"),
    };
    let summary = ictrank::crawl::crawl(store, vec![target], cfg).await.unwrap();
    assert_eq!(summary.sites_ok, 1, "{summary}");
}

#[tokio::test]
async fn a_twelve_page_list_is_read_to_the_window_and_no_further() {
    let today = vietnam_today();
    let fx = site(today).await;
    let (store, _dir, _) = temp_store().await;
    let rubric = Rubric::builtin();
    let window = rubric.list_window_days();
    // the builtin rubric's longest window is 90 days (+ 7 days margin): pages 1 to 10 reach it
    assert_eq!(window, 97);
    let profiles = Profiles::builtin();
    let setup = AuditSetup {
        rubric: &rubric,
        evaluation: None,
        default_kind: "department",
        as_of: Some(today),
        profiles: &profiles,
    };
    let audit = audit_url(&store, &format!("http://{HOST}/"), &fx.config(&[HOST]), None, &setup)
        .await
        .unwrap();
    assert_eq!(audit.news.latest, Some(today));
    // ages 0..=30 and 0..=90: every item of the windows was read
    assert_eq!(audit.news.items_last_30_days, 31, "{:?}", audit.news);
    assert_eq!(audit.news.items_last_90_days, 91, "{:?}", audit.news);
    // page 10 holds the items 90 to 99 days old, past the window: it is the last one fetched
    for n in 2..=10 {
        assert_eq!(
            fx.count(HOST, &format!("/tin-tuc?page={n}")),
            1,
            "page {n} fetched once"
        );
    }
    for n in 11..=PAGES {
        assert_eq!(
            fx.count(HOST, &format!("/tin-tuc?page={n}")),
            0,
            "page {n} is beyond the window"
        );
    }
}

#[tokio::test]
async fn a_wider_window_reads_further_and_the_depth_cap_stops_a_list() {
    let today = vietnam_today();
    let fx = site(today).await;
    let (store, _dir, _) = temp_store().await;
    // the crawl alone, with a window of 200 days but pages up to 11 only
    let mut cfg = fx.config(&[HOST]);
    cfg.list_window_days = 200;
    cfg.max_list_depth = 11;
    crawl_alone(&store, &cfg).await;
    assert_eq!(fx.count(HOST, "/tin-tuc?page=11"), 1);
    assert_eq!(fx.count(HOST, "/tin-tuc?page=12"), 0, "page 12 is past max_list_depth");
}

#[tokio::test]
async fn lists_are_read_back_from_the_as_of_day_not_from_today() {
    let today = vietnam_today();
    let fx = site(today).await;
    let (store, _dir, _) = temp_store().await;
    // as of 20 days ago, the 97-day window reaches items 117 days old: pages 11 and 12 too
    let mut cfg = fx.config(&[HOST]);
    cfg.list_window_days = 97;
    cfg.list_as_of = Some(today - Days::new(20));
    crawl_alone(&store, &cfg).await;
    assert_eq!(
        fx.count(HOST, "/tin-tuc?page=11"),
        1,
        "page 11 is inside the as-of window"
    );
    assert_eq!(
        fx.count(HOST, "/tin-tuc?page=12"),
        1,
        "page 12 is inside the as-of window"
    );
}

/// A news section whose own list is ten days old, with tabs for two sub-lists; the newest item (two
/// days old) sits in the second tab.
async fn section_with_sub_lists(today: NaiveDate) -> Fixture {
    let entries = move |dir: &str, ages: std::ops::Range<u32>| -> String {
        ages.map(|k| {
            format!(
                "<li><a href=\"/tin-tuc/{dir}bai-viet-so-{k}-ve-hoat-dong-cua-so-trong-thang.html\">Bài viết số {k} về hoạt động của Sở trong tháng</a> <span>{}</span></li>",
                item_date(today, k).format("%d/%m/%Y")
            )
        })
        .collect()
    };
    let tabs = "<div class=\"tabs\"><a href=\"/tin-tuc/trong-tinh\">Tin trong tỉnh</a> <a href=\"/tin-tuc/trong-nuoc\">Tin trong nước</a></div>";
    let page = move |title: &str, items: String| {
        html(&format!(
            "<html><head><title>{title}</title></head><body><h1>{title}</h1>{tabs}<ul>{items}</ul></body></html>"
        ))
    };
    Fixture::start(move |_, target, _, _| match target {
        "/" => html(
            "<html><head><title>Sở Thông tin và Truyền thông</title></head><body><h1>Cổng thông tin điện tử Sở Thông tin và Truyền thông</h1><nav><a href=\"/tin-tuc\">Tin tức</a> <a href=\"/gioi-thieu\">Giới thiệu</a></nav></body></html>",
        ),
        "/tin-tuc" => page("Tin tức", entries("", 10..16)),
        "/tin-tuc/trong-tinh" => page("Tin trong tỉnh", entries("trong-tinh/", 12..18)),
        "/tin-tuc/trong-nuoc" => page("Tin trong nước", entries("trong-nuoc/", 2..8)),
        "/gioi-thieu" => page_with_links("Giới thiệu", &["/"]),
        t if t.starts_with("/tin-tuc/") && t.ends_with(".html") => page_with_links("Bài viết", &["/tin-tuc"]),
        _ => not_found(),
    })
    .await
}

#[tokio::test]
async fn a_section_is_dated_by_the_newest_item_of_its_sub_lists_and_says_which() {
    let today = vietnam_today();
    let fx = section_with_sub_lists(today).await;
    let (store, _dir, _) = temp_store().await;
    let rubric = Rubric::builtin();
    let profiles = Profiles::builtin();
    let setup = AuditSetup {
        rubric: &rubric,
        evaluation: None,
        default_kind: "department",
        as_of: Some(today),
        profiles: &profiles,
    };
    let host = "lr.gov.vn";
    let audit = audit_url(&store, &format!("http://{host}/"), &fx.config(&[host]), None, &setup)
        .await
        .unwrap();
    assert_eq!(audit.news.latest, Some(item_date(today, 2)), "{:?}", audit.news);
    // 6 items of the section's own list and 6 of each tab, all within 30 days
    assert_eq!(audit.news.items_last_30_days, 18, "{:?}", audit.news);
    let news = audit
        .criteria
        .iter()
        .find(|c| c.latest_date == Some(item_date(today, 2)))
        .expect("the news criterion is dated by the sub-list's item");
    let notes: Vec<&str> = news.evidence.iter().map(|e| e.note.as_str()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("mục mới nhất từ danh sách con http://lr.gov.vn/tin-tuc/trong-nuoc")),
        "{notes:?}"
    );
}
