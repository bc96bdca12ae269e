//! Every selector profile in every condition: the demo's fixture templates (Liferay, SharePoint,
//! NukeViet with and without URL rewriting, iNet, WordPress, DotNetNuke) generated stale and with
//! sections missing, crawled on loopback and audited. Staleness and absence must read the same on
//! every platform.

use chrono::{Days, NaiveDate};
use ictrank::audit::model::{Outcome, SiteAudit};
use ictrank::audit::{Profiles, audit_site};
use ictrank::crawl::{CrawlConfig, CrawlTarget, crawl};
use ictrank::rubric::Rubric;
use ictrank::store::{Store, crawl::load_snapshot};
use ictrank_demo_sites::{Condition, Platform, SiteSpec, UnitKind};

const PLATFORMS: [Platform; 7] = [
    Platform::Liferay,
    Platform::SharePoint,
    Platform::NukeViet { rewrite: true },
    Platform::NukeViet { rewrite: false },
    Platform::Inet,
    Platform::WordPress,
    Platform::DotNetNuke,
];

fn spec(i: usize, platform: Platform, condition: Condition) -> SiteSpec {
    SiteSpec {
        unit_id: format!("unit-{i}"),
        host: format!("s{i}.thunghiem.gov.vn"),
        agency: "Sở Thông tin và Truyền thông".into(),
        english_name: "Department of Information and Communications".into(),
        place: "Tỉnh Thử Nghiệm".into(),
        kind: UnitKind::Department,
        platform,
        condition,
        seed: i as u32 + 1,
        doc_code: "STTTT".into(),
        transport: Default::default(),
        posting_lag_days: None,
    }
}

fn criterion<'a>(a: &'a SiteAudit, id: &str) -> &'a ictrank::audit::model::CriterionResult {
    a.criteria.iter().find(|c| c.id == id).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn stale_and_missing_sections_read_alike_on_every_platform() {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut specs = Vec::new();
    for (i, platform) in PLATFORMS.iter().enumerate() {
        specs.push(spec(2 * i, *platform, Condition::Stale));
        specs.push(spec(2 * i + 1, *platform, Condition::MissingSections));
    }
    let server = ictrank_demo_sites::serve_sites(as_of, &specs).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap();
    let cfg = CrawlConfig {
        resolve: server.resolve.iter().cloned().collect(),
        per_host_rate: None,
        progress: false,
        ..Default::default()
    };
    let targets = specs
        .iter()
        .map(|s| CrawlTarget {
            unit_id: Some(s.unit_id.clone()),
            url: s.url(),
        })
        .collect();
    let run = crawl(&store, targets, &cfg).await.unwrap().run_id;
    let rubric = Rubric::builtin();
    let profiles = Profiles::builtin();
    for (i, platform) in PLATFORMS.iter().enumerate() {
        let profile = platform.profile();
        let stale = &specs[2 * i];
        let snap = load_snapshot(&store, run, &stale.url()).await.unwrap();
        let a = audit_site(&snap, &rubric, "department", as_of, &profiles);
        assert_eq!(a.profile, profile, "{}", stale.host);
        // News 200 days old: outdated (5), dated from the list.
        let news = criterion(&a, "tin_tuc");
        assert_eq!(
            (news.outcome, news.points),
            (Outcome::Partial, 5.0),
            "{profile}: {news:?}"
        );
        assert_eq!(news.latest_date, Some(as_of - Days::new(200)), "{profile}");
        assert_eq!(a.news.items_last_90_days, 0, "{profile}");
        // Documents 400 days old: past the 90-day stale window.
        let docs = criterion(&a, "van_ban");
        assert_eq!(docs.points, 5.0, "{profile}: {docs:?}");
        assert!(
            docs.latest_date.is_some_and(|d| (as_of - d).num_days() > 365),
            "{profile}: {docs:?}"
        );

        let missing = &specs[2 * i + 1];
        let snap = load_snapshot(&store, run, &missing.url()).await.unwrap();
        let a = audit_site(&snap, &rubric, "department", as_of, &profiles);
        assert_eq!(a.profile, profile, "{}", missing.host);
        for id in ["hoi_dap", "lich_lam_viec", "rss", "tim_kiem"] {
            let c = criterion(&a, id);
            assert_eq!((c.outcome, c.points), (Outcome::NotMet, 0.0), "{profile}: {id} {c:?}");
        }
        // What the site does have is still found: fresh news, met.
        let news = criterion(&a, "tin_tuc");
        assert_eq!((news.outcome, news.points), (Outcome::Met, 15.0), "{profile}: {news:?}");
    }
    server.shutdown().await;
}
