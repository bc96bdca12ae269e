//! The agreement suite: the audit against ground truth on every worked example the project carries —
//! the sotttt.hanoi.gov.vn mirror and the NukeViet site (labelled by hand in tests/corpus/labels, the
//! NukeViet dates checked against its LABELS.json), and the demo's sites, whose truth is generated
//! with them from what crates/demo-sites knows each one holds. For every labelled criterion three
//! facts are compared — points, outcome, newest date (when labelled) — and agreement is printed per
//! site and per criterion; any site below 97 % of its facts fails the test. The same run measures
//! each path's accuracy on the real sites (how a result was reached: "section/menu_label", "check/rss"…) and fails when
//! data/calibration.toml says otherwise (`ICTRANK_WRITE_CALIBRATION=1` rewrites it), and checks that
//! results reported at confidence ≥ c are right at least c of the time. TRUST.md summarises the output.
#[path = "support/mirror.rs"]
mod mirror;

use chrono::{Duration, NaiveDate};
use ictrank::audit::Profiles;
use ictrank::audit::calibration::Calibration;
use ictrank::audit::model::{CriterionResult, Outcome};
use ictrank::audit::score::audit_site_traced;
use ictrank::rubric::{Reading, Rubric, RuleType};
use ictrank::snapshot::{Page, PageRole, SiteOutcome, SiteSnapshot};
use ictrank_demo_sites::content::{Body, Content};
use ictrank_demo_sites::{Condition, SITES, Site, UnitKind};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::LazyLock;

/// The share of a site's labelled facts the audit must get right.
const MIN_AGREEMENT: f64 = 0.97;

static RUBRIC: LazyLock<Rubric> = LazyLock::new(|| {
    Rubric::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rubrics/binh-dinh-4158-2015.toml"))
        .unwrap()
});

/// One labelled criterion.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Truth {
    points: Option<f64>,
    outcome: Option<String>,
    newest: Option<NaiveDate>,
    /// A LABELS.json key (dotted) that must hold `newest`.
    labels_key: Option<String>,
    why: Option<String>,
    /// Why an evaluator could not settle it from the pages: listed, not counted.
    unclear: Option<String>,
}

/// A labels file of tests/corpus/labels.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelFile {
    site: String,
    base: String,
    archive: String,
    labels_json: Option<String>,
    kind: String,
    as_of: NaiveDate,
    criteria: BTreeMap<String, Truth>,
}

/// One site's comparison.
struct SiteRun {
    name: String,
    /// A demo site, whose pages were generated with their truth: counted for agreement, not for
    /// calibration (its easy, regular pages would make every path look surer than on real sites).
    generated: bool,
    rows: Vec<Row>,
    unclear: Vec<(String, String)>,
}

/// One criterion's comparison.
struct Row {
    id: String,
    truth: Truth,
    got: CriterionResult,
    path: String,
    raw: f64,
}

impl Row {
    fn points_ok(&self) -> Option<bool> {
        self.truth.points.map(|p| (p - self.got.points).abs() < 1e-9)
    }
    fn outcome_ok(&self) -> Option<bool> {
        self.truth.outcome.as_ref().map(|o| *o == outcome_id(self.got.outcome))
    }
    fn newest_ok(&self) -> Option<bool> {
        self.truth.newest.map(|d| self.got.latest_date == Some(d))
    }
    fn facts(&self) -> Vec<bool> {
        [self.points_ok(), self.outcome_ok(), self.newest_ok()]
            .into_iter()
            .flatten()
            .collect()
    }
    fn right(&self) -> bool {
        self.facts().iter().all(|x| *x)
    }
}

fn outcome_id(o: Outcome) -> String {
    serde_json::to_value(o).unwrap().as_str().unwrap().to_string()
}

fn labelled(file: &str) -> SiteRun {
    let path = mirror::fixture("../corpus/labels").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let labels: LabelFile = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if let Some(lj) = &labels.labels_json {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(mirror::corpus(lj)).unwrap()).unwrap();
        for (id, t) in &labels.criteria {
            if let Some(key) = &t.labels_key {
                let mut v = &json;
                for k in key.split('.') {
                    v = &v[k];
                }
                let want = t.newest.map(|d| d.to_string());
                assert_eq!(v.as_str().map(str::to_string), want, "{file}: {id}: LABELS.json {key}");
            }
        }
    }
    let snap = mirror::crawl(
        &mirror::corpus(&labels.archive),
        &labels.base,
        mirror::at(
            labels.as_of.format("%Y").to_string().parse().unwrap(),
            labels.as_of.format("%m").to_string().parse().unwrap(),
            labels.as_of.format("%d").to_string().parse().unwrap(),
            4,
        ),
    );
    compare(&labels.site, &snap, &labels.kind, labels.as_of, labels.criteria)
}

fn compare(name: &str, snap: &SiteSnapshot, kind: &str, as_of: NaiveDate, truth: BTreeMap<String, Truth>) -> SiteRun {
    let (audit, paths) = audit_site_traced(snap, &RUBRIC, kind, as_of, &Profiles::builtin());
    let mut rows = vec![];
    let mut unclear = vec![];
    for (id, t) in truth {
        let k = audit
            .criteria
            .iter()
            .position(|c| c.id == id)
            .unwrap_or_else(|| panic!("{name}: no criterion {id} in the audit"));
        if let Some(why) = &t.unclear {
            unclear.push((id, why.clone()));
            continue;
        }
        rows.push(Row {
            id,
            truth: t,
            got: audit.criteria[k].clone(),
            path: paths[k].path.clone(),
            raw: paths[k].raw_confidence,
        });
    }
    SiteRun {
        name: name.to_string(),
        generated: name.starts_with("demo "),
        rows,
        unclear,
    }
}

/// Crawls a demo site in memory, through its own request handler (no socket).
fn crawl_demo(site: &Site, crawled_at: chrono::DateTime<chrono::Utc>) -> SiteSnapshot {
    let base = url::Url::parse(&site.spec.url()).unwrap();
    let a = scraper::Selector::parse("a[href], link[rel=alternate][href]").unwrap();
    let mut pages = vec![];
    let mut seen = HashSet::new();
    let mut queue: VecDeque<(url::Url, PageRole)> = VecDeque::from([
        (base.clone(), PageRole::Home),
        (base.join("/robots.txt").unwrap(), PageRole::Robots),
        (base.join("/sitemap.xml").unwrap(), PageRole::Sitemap),
    ]);
    while let Some((url, role)) = queue.pop_front() {
        if !seen.insert(url.to_string()) || pages.len() > 1500 {
            continue;
        }
        let mut reply = site.respond(url.path(), url.query(), None);
        let mut final_url = url.clone();
        for _ in 0..3 {
            let Some(to) = reply.location.clone() else { break };
            final_url = final_url.join(&to).unwrap();
            reply = site.respond(final_url.path(), final_url.query(), None);
        }
        let feed = reply.content_type.contains("xml") && reply.body.contains("<rss");
        let role = if role == PageRole::Page && feed {
            PageRole::Feed
        } else {
            role
        };
        if reply.content_type.starts_with("text/html") {
            let html = scraper::Html::parse_document(&reply.body);
            for l in html.select(&a) {
                let Ok(mut u) = final_url.join(l.value().attr("href").unwrap_or("")) else {
                    continue;
                };
                u.set_fragment(None);
                let asset = u.path().rsplit('.').next().is_some_and(|e| {
                    [
                        "css", "js", "png", "jpg", "gif", "pdf", "doc", "docx", "xlsx", "zip", "ico", "svg",
                    ]
                    .contains(&e)
                });
                if u.host_str() == base.host_str() && !asset && !seen.contains(u.as_str()) {
                    queue.push_back((u, PageRole::Page));
                }
            }
        }
        let found = reply.status < 400;
        pages.push(Page {
            url: url.to_string(),
            final_url: final_url.to_string(),
            role,
            status: Some(reply.status),
            content_type: Some(reply.content_type.to_string()),
            fetched_at: crawled_at,
            text: Some(reply.body),
            charset: Some("utf-8".into()),
            error: (!found).then_some(ictrank::snapshot::ErrorKind::HttpStatus),
            error_detail: (!found).then(|| format!("HTTP {}", reply.status)),
            headers: vec![],
        });
    }
    SiteSnapshot {
        start_url: base.to_string(),
        crawled_at,
        outcome: SiteOutcome::Ok,
        pages,
        probe: None,
    }
}

/// The demo's sections and the criteria they stand for.
const DEMO_DATED: &[(&str, &str)] = &[
    ("tin-tuc", "tin_tuc"),
    ("chi-dao-dieu-hanh", "chi_dao_dieu_hanh"),
    ("tra-loi-kien-nghi", "tra_loi_kien_nghi"),
    ("thi-dua-khen-thuong", "khen_thuong_xu_phat"),
    ("pho-bien-phap-luat", "pho_bien_phap_luat"),
    ("quy-hoach-ke-hoach", "chien_luoc_quy_hoach"),
    ("dau-thau", "dau_thau_mua_sam"),
    ("lay-y-kien-du-thao", "lay_y_kien_du_thao"),
    ("de-tai-khoa-hoc", "de_tai_khoa_hoc"),
    ("so-lieu-thong-ke", "thong_ke"),
    ("van-ban", "van_ban"),
];

/// The truth of a demo site, from what it was generated with: each dated section's newest date and
/// points by the rubric's rule, and the functions the site has or lacks.
fn demo_truth(c: &Content) -> BTreeMap<String, Truth> {
    let as_of = c.as_of;
    let mut out = BTreeMap::new();
    let yes_no = |present: bool, why: &str| Truth {
        points: Some(if present { 15.0 } else { 0.0 }),
        outcome: Some(if present { "met" } else { "not_met" }.into()),
        why: Some(why.into()),
        ..Default::default()
    };
    for (slug, id) in DEMO_DATED {
        let crit = RUBRIC.criterion(id).unwrap().1;
        let dates: Vec<NaiveDate> = match c.section(slug).map(|s| &s.body) {
            Some(Body::Items(items)) => items.iter().map(|i| i.published.date()).collect(),
            Some(Body::Documents(docs)) => docs.iter().map(|d| d.issued).collect(),
            _ => vec![],
        };
        let dates: Vec<NaiveDate> = dates.into_iter().filter(|d| *d <= as_of).collect();
        let Some(newest) = dates.iter().max().copied() else {
            out.insert(id.to_string(), yes_no(false, "section not generated"));
            continue;
        };
        let in_30 = dates.iter().filter(|d| **d >= as_of - Duration::days(30)).count() as u32;
        let reading = RuleType::freshness_reading(crit, (as_of - newest).num_days(), in_30);
        let points = RUBRIC.rule(crit).points(reading).unwrap();
        let outcome = match reading {
            Reading::Rich | Reading::Timely => "met",
            _ => "partial",
        };
        out.insert(
            id.to_string(),
            Truth {
                points: Some(points),
                outcome: Some(outcome.into()),
                newest: Some(newest),
                why: Some(format!("generated section {slug}: newest {newest}, {in_30} in 30 days")),
                ..Default::default()
            },
        );
    }
    let has = |slug: &str| c.section(slug).is_some();
    out.insert("gioi_thieu".into(), yes_no(has("gioi-thieu"), "generated introduction"));
    out.insert("hoi_dap".into(), yes_no(has("hoi-dap"), "generated Hỏi đáp (optional)"));
    out.insert("rss".into(), yes_no(c.has_rss, "generated feeds"));
    out.insert("tim_kiem".into(), yes_no(c.has_search, "generated search"));
    out.insert(
        "so_do_site".into(),
        yes_no(
            c.has_sitemap && has("so-do-cong"),
            "generated site map page and sitemap.xml",
        ),
    );
    if !has("lich-cong-tac") {
        out.insert("lich_lam_viec".into(), yes_no(false, "no schedule generated"));
    }
    out
}

fn demo_runs() -> Vec<SiteRun> {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    SITES
        .iter()
        .filter(|s| {
            matches!(
                s.condition,
                Condition::Fresh | Condition::Stale | Condition::MissingSections
            )
        })
        .map(|spec| {
            let site = Site::build(spec, as_of);
            let snap = crawl_demo(&site, mirror::at(2026, 11, 26, 4));
            let kind = match spec.kind {
                UnitKind::Department => "department",
                UnitKind::District => "district",
                UnitKind::Commune => "commune",
            };
            compare(
                &format!("demo {}", spec.host),
                &snap,
                kind,
                as_of,
                demo_truth(&site.content),
            )
        })
        .collect()
}

fn pct(r: usize, n: usize) -> f64 {
    if n == 0 { 1.0 } else { r as f64 / n as f64 }
}

fn mark(x: Option<bool>) -> &'static str {
    match x {
        Some(true) => "=",
        Some(false) => "≠",
        None => " ",
    }
}

#[test]
fn the_audit_agrees_with_the_labelled_sites_and_its_confidence_is_calibrated() {
    let mut runs = vec![
        labelled("sotttt.hanoi.gov.vn.toml"),
        labelled("ubnd-nvdemo.gialai.gov.vn.toml"),
    ];
    runs.extend(demo_runs());

    let mut per_criterion: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = vec![];
    println!("AGREEMENT (facts: points, outcome, newest date)");
    for run in &runs {
        println!("\n== {}", run.name);
        let (mut pr, mut pn, mut or, mut on, mut dr, mut dn) = (0, 0, 0, 0, 0, 0);
        for row in &run.rows {
            let count = |x: Option<bool>, r: &mut usize, n: &mut usize| {
                if let Some(x) = x {
                    *n += 1;
                    *r += usize::from(x);
                }
            };
            count(row.points_ok(), &mut pr, &mut pn);
            count(row.outcome_ok(), &mut or, &mut on);
            count(row.newest_ok(), &mut dr, &mut dn);
            let e = per_criterion.entry(row.id.clone()).or_default();
            e.0 += usize::from(row.right());
            e.1 += 1;
            if !row.right() {
                println!(
                    "  MISS {:<22} truth {:?}/{:?}/{:?} · audit {}/{}/{:?} · {} · {}",
                    row.id,
                    row.truth.points,
                    row.truth.outcome,
                    row.truth.newest,
                    row.got.points,
                    outcome_id(row.got.outcome),
                    row.got.latest_date,
                    row.path,
                    row.truth.why.as_deref().unwrap_or("")
                );
                if std::env::var("AGREEMENT_EVIDENCE").is_ok() {
                    for e in &row.got.evidence {
                        println!("         - {} <{}>", e.note, e.url);
                    }
                }
            } else {
                println!(
                    "  ok   {:<22} {} pts {} out {} date · {} ({:.2})",
                    row.id,
                    mark(row.points_ok()),
                    mark(row.outcome_ok()),
                    mark(row.newest_ok()),
                    row.path,
                    row.got.confidence
                );
            }
        }
        for (id, why) in &run.unclear {
            println!("  ---  {id:<22} unclear: {why}");
        }
        let (r, n) = (pr + or + dr, pn + on + dn);
        let share = pct(r, n);
        println!(
            "  {}: {r}/{n} facts = {:.1} % (points {pr}/{pn}, outcome {or}/{on}, newest date {dr}/{dn}); {} criteria, {} unclear",
            run.name,
            share * 100.0,
            run.rows.len(),
            run.unclear.len()
        );
        if share < MIN_AGREEMENT {
            failures.push(format!("{}: {:.1} %", run.name, share * 100.0));
        }
    }
    println!("\nPER CRITERION (criteria with every fact right / labelled, over all sites)");
    for (id, (r, n)) in &per_criterion {
        println!("  {id:<22} {r}/{n}");
    }

    // Calibration: every labelled result of the real sites, its path and whether it was right.
    let real = || runs.iter().filter(|r| !r.generated).flat_map(|r| r.rows.iter());
    let cases: Vec<(String, f64, bool)> = real()
        .filter(|r| !matches!(r.got.outcome, Outcome::Declared | Outcome::Unverified))
        .map(|r| (r.path.clone(), r.raw, r.right()))
        .collect();
    let bundled = Calibration::builtin();
    let measured = Calibration::from_cases(&cases, bundled.target, bundled.min_cases);
    println!("\nRELIABILITY (path: cases, right, calibrated confidence)");
    for (p, s) in &measured.paths {
        let used = if s.cases >= measured.min_cases {
            ""
        } else {
            " (too few: own estimate kept)"
        };
        println!("  {p:<28} {:>3} {:>3} {:.2}{used}", s.cases, s.right, s.confidence());
    }
    println!(
        "  review below {:.2} (target {:.0} % right above it)",
        measured.review_below,
        measured.target * 100.0
    );
    // Results reported at confidence ≥ c are right at least c of the time.
    let reported: Vec<(f64, bool)> = real()
        .filter(|r| !matches!(r.got.outcome, Outcome::Declared | Outcome::Unverified))
        .map(|r| (r.got.confidence, r.right()))
        .collect();
    let mut levels: Vec<f64> = reported.iter().map(|x| x.0).collect();
    levels.sort_by(f64::total_cmp);
    levels.dedup();
    println!("\nAT OR ABOVE CONFIDENCE c: right / reported");
    let mut overclaims = vec![];
    for c in levels {
        let above: Vec<bool> = reported.iter().filter(|x| x.0 >= c).map(|x| x.1).collect();
        let share = pct(above.iter().filter(|x| **x).count(), above.len());
        println!(
            "  ≥ {c:.2}: {}/{} = {:.1} %",
            above.iter().filter(|x| **x).count(),
            above.len(),
            share * 100.0
        );
        if share + 1e-9 < c {
            overclaims.push(format!("≥ {c:.2}: {:.1} %", share * 100.0));
        }
    }
    if std::env::var("ICTRANK_WRITE_CALIBRATION").is_ok() {
        std::fs::write(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/calibration.toml"),
            measured.to_toml(),
        )
        .unwrap();
    } else {
        assert_eq!(
            &measured,
            bundled,
            "data/calibration.toml is not what the labelled corpus measures; rerun with ICTRANK_WRITE_CALIBRATION=1:\n{}",
            measured.to_toml()
        );
    }
    assert!(
        overclaims.is_empty(),
        "confidence claims more than it delivers: {overclaims:?}"
    );
    assert!(
        failures.is_empty(),
        "agreement below {:.0} %: {failures:?}",
        MIN_AGREEMENT * 100.0
    );
}
