//! Scoring a site against the rubric's website group: [`audit_site`] finds each content criterion's
//! section and items, runs each yes/no check, and turns the findings into points by the criterion's
//! rule against the evaluation date, with an outcome, a confidence and the evidence behind it. A
//! content section is complete by its own prose, or, for a criterion with `entries = "contacts"`, by
//! listing enough people or offices with a phone or e-mail ([`super::contacts`]).
//!
//! Nothing is silently zero: a site that could not be fetched, or a section whose pages failed, is
//! [`Outcome::Unverified`] and flagged for review; so is any result below the rubric's
//! `review_confidence`. Criteria the unit declares ([`Assessment::Declared`]: status, deployment,
//! measures, a yes/no criterion without a check) come out as [`Outcome::Declared`] with 0 points and
//! no review flag: the ranking stage merges the unit's declared value (and any evaluator's override,
//! which wins) into the group total. Which criteria are read how, and their points, come from
//! [`crate::rubric::rules`]; the news and documents sections are the criteria with those roles.

use super::calibration::Calibration;
use super::checks::{self, Ctx, UnitFacts};
use super::contacts::contact_entries;
use super::items::{Freshness, Item, ItemList, freshness, home_block_items, list_items};
use super::model::{CriterionResult, Evidence, NewsSummary, Outcome, SiteAudit};
use super::profiles::{Detected, Profiles};
use super::sections::{
    Candidate, Rival, SectionFind, comparable, find_section_among, page_names_topic, search_trace, sub_lists,
};
use super::view::SiteView;
use crate::rubric::{Assessment, Criterion, Entries, Family, Grade, Mode, Reading, Role, Rubric, RuleType};
use crate::snapshot::{Page, SiteOutcome, SiteSnapshot};
use chrono::NaiveDate;

/// Own text (characters) that makes a static content page complete rather than thin.
const CONTENT_PRESENT_CHARS: usize = 500;

/// Characters of the longest own text block below which a page is captions, not prose.
const PARAGRAPH_CHARS: usize = 150;

/// Entries (people or offices with a phone or e-mail) that make a directory complete rather than thin.
const CONTACT_ENTRIES_PRESENT: usize = 3;

fn ev(url: &str, note: impl Into<String>) -> Evidence {
    Evidence {
        url: url.to_string(),
        note: note.into(),
    }
}

fn fetched_note(p: &Page) -> String {
    let vn = p.fetched_at.with_timezone(&crate::util::time::vn_offset());
    format!("tải lúc {} giờ Việt Nam", vn.format("%H:%M ngày %d/%m/%Y"))
}

/// A criterion's finding before the review flag is set.
struct Finding {
    outcome: Outcome,
    points: f64,
    latest: Option<NaiveDate>,
    /// The audit's own estimate, before calibration.
    confidence: f64,
    evidence: Vec<Evidence>,
    /// How the result was reached, the key of its calibration ([`super::calibration`]).
    path: String,
}

impl Finding {
    fn unverified(evidence: Vec<Evidence>) -> Finding {
        Finding {
            outcome: Outcome::Unverified,
            points: 0.0,
            latest: None,
            confidence: 0.0,
            evidence,
            path: "unverified".into(),
        }
    }
}

/// What a section search gave a content or freshness criterion.
struct SectionResult<'a> {
    find: SectionFind<'a>,
    items: Vec<Item>,
    fresh: Freshness,
    list_how: String,
    /// The candidates weighed, as evidence (only when there was more than one).
    seen: Vec<Evidence>,
}

/// Audits one site. `kind` selects the criteria and maxima; `as_of` is the evaluation date.
pub fn audit_site(
    snapshot: &SiteSnapshot,
    rubric: &Rubric,
    kind: &str,
    as_of: NaiveDate,
    profiles: &Profiles,
) -> SiteAudit {
    audit(snapshot, rubric, &UnitFacts::of_kind(kind), as_of, profiles, None).0
}

/// Audits the site of a unit whose official name and province label are known (the domain and
/// provincial-portal checks read them); `unit.kind` selects the criteria and maxima.
pub fn audit_unit_site(
    snapshot: &SiteSnapshot,
    rubric: &Rubric,
    unit: &UnitFacts,
    as_of: NaiveDate,
    profiles: &Profiles,
) -> SiteAudit {
    audit(snapshot, rubric, unit, as_of, profiles, None).0
}

/// How one criterion's result was reached: what the calibration (tests/agreement.rs) measures.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// "section/menu_label", "section/not_found", "check/rss"…
    pub path: String,
    /// The audit's own confidence estimate, before calibration.
    pub raw_confidence: f64,
}

/// [`audit_site`], with the [`Trace`] of each criterion's result, in the order of its criteria.
pub fn audit_site_traced(
    snapshot: &SiteSnapshot,
    rubric: &Rubric,
    kind: &str,
    as_of: NaiveDate,
    profiles: &Profiles,
) -> (SiteAudit, Vec<Trace>) {
    audit(snapshot, rubric, &UnitFacts::of_kind(kind), as_of, profiles, None)
}

/// The audit of a site whose pages could not be read (the audit itself failed): every criterion the
/// site would show is unverified with `why` (Vietnamese) as evidence, as for an unreachable site.
pub fn could_not_verify(
    snapshot: &SiteSnapshot,
    rubric: &Rubric,
    kind: &str,
    as_of: NaiveDate,
    why: &str,
) -> SiteAudit {
    audit(
        snapshot,
        rubric,
        &UnitFacts::of_kind(kind),
        as_of,
        &Profiles::default(),
        Some(why.to_string()),
    )
    .0
}

/// The finding of a yes/no check.
fn check_finding(rule: &RuleType, name: crate::rubric::CheckName, ck: checks::Check) -> Finding {
    if ck.unverified {
        return Finding::unverified(ck.evidence);
    }
    let points = rule
        .points(if ck.met { Reading::Yes } else { Reading::No })
        .unwrap_or(0.0);
    Finding {
        outcome: outcome_of(rule, points),
        points,
        latest: None,
        confidence: ck.confidence,
        evidence: ck.evidence,
        path: format!("check/{}", name.as_str()),
    }
}

fn audit(
    snapshot: &SiteSnapshot,
    rubric: &Rubric,
    unit: &UnitFacts,
    as_of: NaiveDate,
    profiles: &Profiles,
    failed: Option<String>,
) -> (SiteAudit, Vec<Trace>) {
    let kind = unit.kind.as_str();
    let view = SiteView::new(snapshot, as_of);
    let calibration = Calibration::builtin();
    let review_below = rubric.review_confidence.max(calibration.review_below);
    let criteria: Vec<&Criterion> = rubric
        .website_group()
        .map(|g| g.criteria.iter().filter(|c| c.applies_to(kind)).collect())
        .unwrap_or_default();
    let home_ok = view.home().is_some_and(|h| h.is_ok_html());
    let blocked = failed.or_else(|| match &snapshot.outcome {
        SiteOutcome::CouldNotVerify { kind, detail } => {
            Some(format!("không kiểm tra được trang ({}: {detail})", kind.as_str()))
        }
        SiteOutcome::Ok if !home_ok => Some("không tải được trang chủ".to_string()),
        SiteOutcome::Ok => None,
    });
    let prof = if blocked.is_none() {
        profiles.detect(&view)
    } else {
        Detected {
            id: "generic".into(),
            selectors: Default::default(),
            sections: Default::default(),
            evidence: vec![],
        }
    };

    // Sections compete with sections for the text that names them (a check's words name a function).
    let section_criteria: Vec<&Criterion> = criteria
        .iter()
        .copied()
        .filter(|c| rubric.assessment(c) == Assessment::Section)
        .collect();
    // Sections first: their items feed the checks (dates on items, articles to print).
    let mut sections: Vec<(usize, SectionResult)> = Vec::new();
    if blocked.is_none() {
        for (i, c) in criteria.iter().enumerate() {
            if rubric.assessment(c) == Assessment::Section {
                let mut find = find_section_among(&view, &prof, c, &section_criteria);
                let dated = rubric.rule(c).family() == Family::DatedSection;
                let mut seen = Vec::new();
                let (items, list_how) = match &mut find {
                    SectionFind::Found {
                        cand,
                        page,
                        extra,
                        home_block,
                        rivals,
                        notes,
                    } if dated && page.is_ok_html() => {
                        let first = read_list(&view, &prof, cand, page, extra, home_block.as_deref(), as_of);
                        let newest = |l: &(Vec<Item>, String)| freshness(&l.0, as_of).newest;
                        let first_newest = newest(&first);
                        let mut best = (first, None::<usize>);
                        let mut read: Vec<Option<NaiveDate>> = Vec::new();
                        for (k, r) in rivals.iter().enumerate() {
                            let l = read_list(&view, &prof, &r.cand, r.page, &[], None, as_of);
                            let d = newest(&l);
                            read.push(d);
                            // Among comparable candidates the freshest decides; a weaker naming
                            // never beats a stronger one, however fresh.
                            if comparable(cand, &r.cand) && d > newest(&best.0) {
                                best = (l, Some(k));
                            }
                        }
                        seen = candidate_evidence(cand, page, first_newest, rivals, &read, best.1);
                        if let Some(k) = best.1 {
                            let won = rivals.remove(k);
                            let lost = std::mem::replace(cand, won.cand);
                            notes.push(format!(
                                "\"{}\" mới hơn ứng viên xếp trước ({}) nên được chọn",
                                cand.url, lost.url
                            ));
                            *page = won.page;
                            extra.clear();
                            *home_block = None;
                        }
                        best.0
                    }
                    SectionFind::Found { cand, page, rivals, .. } => {
                        seen = candidate_evidence(cand, page, None, rivals, &[], None);
                        (Vec::new(), String::new())
                    }
                    _ => (Vec::new(), String::new()),
                };
                let fresh = freshness(&items, as_of);
                sections.push((
                    i,
                    SectionResult {
                        find,
                        items,
                        fresh,
                        list_how,
                        seen,
                    },
                ));
            }
        }
    }
    let news_idx = criteria.iter().position(|c| c.role == Some(Role::News));
    let news_items: Vec<Item> = sections
        .iter()
        .find(|(i, _)| Some(*i) == news_idx)
        .map(|(_, s)| s.items.clone())
        .unwrap_or_default();
    let mut article_urls: Vec<String> = news_items.iter().map(|i| i.url.clone()).collect();
    for (_, s) in &sections {
        article_urls.extend(s.items.iter().take(3).map(|i| i.url.clone()));
    }
    let documents_page = criteria
        .iter()
        .position(|c| c.role == Some(Role::Documents))
        .and_then(|di| {
            sections
                .iter()
                .find(|(i, _)| *i == di)
                .and_then(|(_, s)| match &s.find {
                    SectionFind::Found { page, .. } => Some(*page),
                    _ => None,
                })
        });
    let ctx = Ctx {
        view: &view,
        unit,
        prof: &prof,
        news_items: &news_items,
        article_urls: &article_urls,
        documents_page,
    };

    let mut results = Vec::new();
    let mut paths = Vec::new();
    for (i, c) in criteria.iter().enumerate() {
        let max = rubric.criterion_max(c, kind);
        let rule = rubric.rule(c);
        let top = rule.top_points();
        let scale = if top > 0.0 { max / top } else { 0.0 };
        let finding = match (rubric.assessment(c), &blocked) {
            (Assessment::Declared, _) => Finding {
                outcome: Outcome::Declared,
                points: 0.0,
                latest: None,
                confidence: 1.0,
                evidence: vec![ev(
                    &snapshot.start_url,
                    "tiêu chí theo số liệu đơn vị kê khai; điểm được ghép ở bước xếp hạng",
                )],
                path: "declared".into(),
            },
            // the crawl's probe still decides the network checks of a site it could not read
            (Assessment::Check(name), Some(why)) => match checks::run_without_pages(name, &ctx) {
                Some(ck) => check_finding(rule, name, ck),
                None => Finding::unverified(vec![ev(&snapshot.start_url, why.clone())]),
            },
            (_, Some(why)) => Finding::unverified(vec![ev(&snapshot.start_url, why.clone())]),
            (Assessment::Section, None) => {
                let s = &sections.iter().find(|(j, _)| *j == i).expect("section searched").1;
                score_section(&view, c, rule, s, as_of)
            }
            (Assessment::Check(name), None) => check_finding(rule, name, checks::run(name, c, &ctx)),
        };
        let confidence = match finding.outcome {
            Outcome::Unverified | Outcome::Declared => finding.confidence,
            _ => calibration.confidence(&finding.path, finding.confidence),
        };
        // A semi-automatic criterion's finding is a candidate a person confirms.
        let needs_review = match finding.outcome {
            Outcome::Unverified => true,
            Outcome::Declared => false,
            _ => confidence < review_below || rubric.mode(c) == Mode::SemiAutomatic,
        };
        results.push(CriterionResult {
            id: c.id.clone(),
            outcome: finding.outcome,
            points: round2(finding.points * scale),
            max_points: max,
            latest_date: finding.latest,
            confidence: round2(confidence),
            evidence: finding.evidence,
            needs_review,
        });
        paths.push(Trace {
            path: finding.path,
            raw_confidence: finding.confidence,
        });
    }

    let news = news_idx
        .and_then(|ni| sections.iter().find(|(i, _)| *i == ni))
        .map(|(_, s)| NewsSummary {
            latest: s.fresh.newest,
            items_last_30_days: s.fresh.items_last_30_days,
            items_last_90_days: s.fresh.items_last_90_days,
        })
        .unwrap_or_default();
    let audit = SiteAudit {
        site: snapshot.start_url.clone(),
        as_of,
        pages_fetched: snapshot.pages.iter().filter(|p| p.status.is_some()).count() as u32,
        outcome: if blocked.is_some() {
            "could_not_verify".into()
        } else {
            "ok".into()
        },
        profile: prof.id.clone(),
        news,
        points: round2(results.iter().map(|r| r.points).sum()),
        max_points: results.iter().map(|r| r.max_points).sum(),
        criteria: results,
    };
    (audit, paths)
}

/// The outcome of some (unscaled) points by the rule's range.
fn outcome_of(rule: &RuleType, points: f64) -> Outcome {
    match rule.grade(points) {
        Grade::Full => Outcome::Met,
        Grade::Partial => Outcome::Partial,
        Grade::None => Outcome::NotMet,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn fmt_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A section's items: its page's list, the live parts of a broken menu entry, the home page's block
/// of a broken section, and its sub-lists (category sub-pages, tabs), where the newest item may be.
/// Returns the items and how the list was read.
fn read_list(
    view: &SiteView,
    prof: &Detected,
    cand: &Candidate,
    page: &Page,
    extra: &[&Page],
    home_block: Option<&str>,
    as_of: NaiveDate,
) -> (Vec<Item>, String) {
    let on_home = view.home().is_some_and(|h| h.url == page.url);
    let mut l = if on_home && home_block.is_some() {
        ItemList {
            how: "khối tin trên trang chủ".into(),
            ..Default::default()
        }
    } else {
        list_items(view, page, &prof.selectors, as_of)
    };
    let mut more: Vec<Item> = extra
        .iter()
        .flat_map(|p| list_items(view, p, &prof.selectors, as_of).items)
        .collect();
    if let Some(u) = home_block {
        more.extend(home_block_items(view, u, as_of));
    }
    for it in more {
        if !l.items.iter().any(|x| x.url == it.url) {
            l.items.push(it);
        }
    }
    let own: Vec<String> = l.items.iter().map(|i| i.url.clone()).collect();
    let mut newest_sub: Option<(NaiveDate, String)> = None;
    for sub in sub_lists(view, cand, page, &own) {
        for it in list_items(view, sub, &prof.selectors, as_of).items {
            if l.items.iter().any(|x| x.url == it.url) {
                continue;
            }
            if let Some(d) = it.date
                && newest_sub.as_ref().is_none_or(|(n, _)| d > *n)
            {
                newest_sub = Some((d, sub.final_url.clone()));
            }
            l.items.push(it);
        }
    }
    let newest_own = own
        .iter()
        .filter_map(|u| l.items.iter().find(|i| &i.url == u)?.date)
        .max();
    if let Some((d, sub)) = newest_sub
        && newest_own.is_none_or(|o| d > o)
    {
        l.how = format!("{}; mục mới nhất từ danh sách con {sub}", l.how);
    }
    (l.items, l.how)
}

/// The evidence of a choice among candidates: one line per candidate (how it names the criterion,
/// its newest item when read) and which one won and why. Empty when there was no choice to make.
fn candidate_evidence(
    first: &Candidate,
    page: &Page,
    first_newest: Option<NaiveDate>,
    rivals: &[Rival],
    newest: &[Option<NaiveDate>],
    winner: Option<usize>,
) -> Vec<Evidence> {
    if rivals.is_empty() {
        return vec![];
    }
    let dated = |d: Option<NaiveDate>, read: bool| match d {
        Some(d) => format!("; mục mới nhất {}", fmt_date(d)),
        None if read => "; không đọc được ngày".to_string(),
        None => String::new(),
    };
    let read = !newest.is_empty();
    let mut out = vec![ev(
        &page.final_url,
        format!(
            "ứng viên 1: {} ({}){}",
            first.how,
            first.naming.label(),
            dated(first_newest, read)
        ),
    )];
    for (k, r) in rivals.iter().enumerate() {
        let why = if Some(k) == winner {
            " — được chọn: gọi tên tiêu chí ngang ứng viên 1 và mới hơn"
        } else if !comparable(first, &r.cand) {
            " — không chọn: gọi tên tiêu chí yếu hơn ứng viên 1"
        } else if read {
            " — không chọn: không mới hơn"
        } else {
            " — không chọn: xếp sau ứng viên 1"
        };
        out.push(ev(
            &r.page.final_url,
            format!(
                "ứng viên {}: {} ({}){}{why}",
                k + 2,
                r.cand.how,
                r.cand.naming.label(),
                dated(newest.get(k).copied().flatten(), read)
            ),
        ));
    }
    if winner.is_none() {
        out.push(ev(
            &page.final_url,
            if read {
                "chọn ứng viên 1: gọi tên tiêu chí mạnh nhất, và không ứng viên ngang hàng nào mới hơn".to_string()
            } else {
                "chọn ứng viên 1: gọi tên tiêu chí mạnh nhất".to_string()
            },
        ));
    }
    out
}

/// Points for a content or freshness criterion from its section.
fn score_section(view: &SiteView, c: &Criterion, rule: &RuleType, s: &SectionResult, as_of: NaiveDate) -> Finding {
    let (cand, page, notes) = match &s.find {
        SectionFind::Found { cand, page, notes, .. } => (cand, *page, notes),
        SectionFind::Unverified { notes } => {
            return Finding::unverified(notes.iter().map(|n| ev(&view.snapshot.start_url, n.clone())).collect());
        }
        SectionFind::Broken { notes } => {
            let missing = rule.points(Reading::Missing).unwrap_or(0.0);
            // A section link that leads to a file (PDF, image) may be how the site publishes it:
            // absent as a section, but an evaluator should look.
            let file = notes.iter().any(|n| n.contains("không phải trang HTML"));
            return Finding {
                outcome: Outcome::NotMet,
                points: missing,
                latest: None,
                confidence: if file { 0.5 } else { 0.7 },
                evidence: notes.iter().map(|n| ev(&view.snapshot.start_url, n.clone())).collect(),
                path: "section/broken".into(),
            };
        }
        SectionFind::NotFound => {
            let missing = rule.points(Reading::Missing).unwrap_or(0.0);
            return Finding {
                outcome: Outcome::NotMet,
                points: missing,
                latest: None,
                confidence: 0.7,
                evidence: std::iter::once(
                    "không tìm thấy chuyên mục trong trình đơn, liên kết, tiêu đề trang và đường dẫn".to_string(),
                )
                .chain(search_trace(view, c))
                .map(|n| ev(&view.snapshot.start_url, n))
                .collect(),
                path: "section/not_found".into(),
            };
        }
    };
    let found_path = format!("section/{}", cand.naming.id());
    let on_topic = page_names_topic(view, page, c) || cand.score >= 0.95;
    // A section found only by a word in a URL may be another section: below the review threshold.
    let mut confidence: f64 = if cand.score >= 0.95 {
        0.9
    } else if cand.score >= 0.7 {
        0.75
    } else {
        0.5
    };
    if !on_topic {
        confidence -= 0.15;
    }
    let mut evidence = vec![ev(
        &cand.url,
        format!(
            "chuyên mục tìm thấy theo {} ({}); {}",
            cand.how,
            cand.naming.label(),
            fetched_note(page)
        ),
    )];
    evidence.extend(notes.iter().map(|n| ev(&view.snapshot.start_url, n.clone())));
    evidence.extend(s.seen.iter().cloned());
    let points = |r: Reading| rule.points(r).unwrap_or(0.0);
    match rule.family() {
        Family::Section => {
            let blocks = view.own_blocks(page);
            let own: usize = blocks.iter().map(|b| b.chars().count()).sum::<usize>() + blocks.len().saturating_sub(1);
            // Prose has paragraphs; a page of captions (names and titles under photos, table cells)
            // has only short lines, however many.
            let longest = blocks.iter().map(|b| b.chars().count()).max().unwrap_or(0);
            // A directory is complete by its entries, not by its prose.
            let entries = c.entries.map(|Entries::Contacts| contact_entries(view, page).len());
            let (reading, note) = if let Some(n) = entries.filter(|n| *n >= CONTACT_ENTRIES_PRESENT) {
                (
                    Reading::Present,
                    format!("danh sách {n} người hoặc đơn vị có điện thoại hoặc thư điện tử"),
                )
            } else if let Some(n) = entries.filter(|n| *n > 0) {
                (
                    Reading::Thin,
                    format!("chỉ {n} người hoặc đơn vị có điện thoại hoặc thư điện tử ({own} ký tự riêng)"),
                )
            } else if own >= CONTENT_PRESENT_CHARS && longest < PARAGRAPH_CHARS {
                (
                    Reading::Thin,
                    format!(
                        "chỉ có dòng ngắn (tên, chức danh, ô bảng), không có đoạn văn nào từ {PARAGRAPH_CHARS} ký tự ({own} ký tự riêng)"
                    ),
                )
            } else if own >= CONTENT_PRESENT_CHARS {
                (Reading::Present, format!("có nội dung ({own} ký tự riêng)"))
            } else if own > 0 {
                (Reading::Thin, format!("nội dung sơ sài ({own} ký tự riêng)"))
            } else {
                (Reading::Missing, "trang không có nội dung riêng".to_string())
            };
            evidence.push(ev(&page.final_url, note));
            let points = points(reading);
            Finding {
                outcome: outcome_of(rule, points),
                points,
                latest: None,
                confidence,
                evidence,
                path: found_path.clone(),
            }
        }
        Family::DatedSection => {
            let f = &s.fresh;
            let outdated = points(Reading::Outdated);
            if !page.is_ok_html() {
                // An off-site section: linked, but its items are not in this crawl.
                evidence.push(ev(&cand.url, "chuyên mục nằm ngoài trang, không đọc được ngày các tin"));
                return Finding {
                    outcome: Outcome::Partial,
                    points: outdated,
                    latest: None,
                    confidence: 0.4,
                    evidence,
                    path: "section/offsite".into(),
                };
            }
            evidence.push(ev(
                &page.final_url,
                format!(
                    "{} mục ({} có ngày) đọc theo {}; {} trong 30 ngày, {} trong 90 ngày{}",
                    f.total,
                    f.dated,
                    s.list_how,
                    f.items_last_30_days,
                    f.items_last_90_days,
                    f.longest_gap_days
                        .map(|g| format!("; khoảng cách dài nhất {g} ngày"))
                        .unwrap_or_default()
                ),
            ));
            let mut newest: Vec<&Item> = s.items.iter().filter(|i| i.date.is_some_and(|d| d <= as_of)).collect();
            newest.sort_by_key(|i| std::cmp::Reverse(i.date));
            for it in newest.iter().take(3) {
                evidence.push(ev(
                    &it.url,
                    format!(
                        "{} — {} (ngày lấy từ {})",
                        fmt_date(it.date.expect("dated")),
                        it.title,
                        it.date_source.unwrap_or("?")
                    ),
                ));
            }
            // A page without a list, or with no datable item: present but undated, scored as
            // outdated for an evaluator to confirm.
            let undated = match (s.items.is_empty(), f.newest) {
                (true, _) => Some("không nhận ra danh sách tin bài trên trang"),
                (false, None) => Some("không xác định được ngày đăng của các mục"),
                (false, Some(_)) => None,
            };
            if let Some(why) = undated {
                evidence.push(ev(&page.final_url, why));
                return Finding {
                    outcome: Outcome::Partial,
                    points: outdated,
                    latest: None,
                    confidence: confidence.min(0.5),
                    evidence,
                    path: "section/undated".into(),
                };
            }
            let latest = f.newest.expect("dated items checked above");
            let age = (as_of - latest).num_days();
            let timely_days = c.timely_days.unwrap_or(0);
            let reading = RuleType::freshness_reading(c, age, f.items_last_30_days);
            let said = match reading {
                Reading::Stale if age <= i64::from(timely_days) => format!(
                    "mới nhất {} ({age} ngày), chưa đủ {} tin trong 30 ngày",
                    fmt_date(latest),
                    c.rich_items_30d.unwrap_or(0)
                ),
                Reading::Stale => format!("mới nhất {} ({age} ngày), quá {timely_days} ngày", fmt_date(latest)),
                Reading::Outdated => format!(
                    "mới nhất {} ({age} ngày), quá {} ngày: lỗi thời",
                    fmt_date(latest),
                    c.stale_days.unwrap_or(0)
                ),
                _ => format!("mới nhất {} ({age} ngày), kịp thời", fmt_date(latest)),
            };
            let points = points(reading);
            evidence.insert(1, ev(&page.final_url, said));
            Finding {
                outcome: outcome_of(rule, points),
                points,
                latest: Some(latest),
                confidence,
                evidence,
                path: found_path,
            }
        }
        Family::YesNo | Family::Progress | Family::Measure => {
            unreachable!("score_section is called for criteria assessed by their section only")
        }
    }
}
