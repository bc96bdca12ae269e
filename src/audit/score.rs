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

use super::checks::{self, Ctx, UnitFacts};
use super::contacts::contact_entries;
use super::items::{Freshness, Item, ItemList, freshness, home_block_items, list_items};
use super::model::{CriterionResult, Evidence, NewsSummary, Outcome, SiteAudit};
use super::profiles::{Detected, Profiles};
use super::sections::{SectionFind, find_section, page_names_topic, sub_lists};
use super::view::SiteView;
use crate::rubric::{Assessment, Criterion, Entries, Family, Grade, Mode, Reading, Role, Rubric, RuleType};
use crate::snapshot::{Page, SiteOutcome, SiteSnapshot};
use chrono::NaiveDate;

/// Own text (characters) that makes a static content page complete rather than thin.
const CONTENT_PRESENT_CHARS: usize = 500;

/// Entries (people or offices with a phone or e-mail) that make a directory complete rather than thin.
const CONTACT_ENTRIES_PRESENT: usize = 3;

fn ev(url: &str, note: impl Into<String>) -> Evidence {
    Evidence {
        url: url.to_string(),
        note: note.into(),
    }
}

fn fetched_note(p: &Page) -> String {
    format!("tải lúc {} UTC", p.fetched_at.format("%Y-%m-%d %H:%M"))
}

/// A criterion's finding before the review flag is set.
struct Finding {
    outcome: Outcome,
    points: f64,
    latest: Option<NaiveDate>,
    confidence: f64,
    evidence: Vec<Evidence>,
}

impl Finding {
    fn unverified(evidence: Vec<Evidence>) -> Finding {
        Finding {
            outcome: Outcome::Unverified,
            points: 0.0,
            latest: None,
            confidence: 0.0,
            evidence,
        }
    }
}

/// What a section search gave a content or freshness criterion.
struct SectionResult<'a> {
    find: SectionFind<'a>,
    items: Vec<Item>,
    fresh: Freshness,
    list_how: String,
}

/// Audits one site. `kind` selects the criteria and maxima; `as_of` is the evaluation date.
pub fn audit_site(
    snapshot: &SiteSnapshot,
    rubric: &Rubric,
    kind: &str,
    as_of: NaiveDate,
    profiles: &Profiles,
) -> SiteAudit {
    audit(snapshot, rubric, &UnitFacts::of_kind(kind), as_of, profiles, None)
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
    audit(snapshot, rubric, unit, as_of, profiles, None)
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
}

/// The finding of a yes/no check.
fn check_finding(rule: &RuleType, ck: checks::Check) -> Finding {
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
    }
}

fn audit(
    snapshot: &SiteSnapshot,
    rubric: &Rubric,
    unit: &UnitFacts,
    as_of: NaiveDate,
    profiles: &Profiles,
    failed: Option<String>,
) -> SiteAudit {
    let kind = unit.kind.as_str();
    let view = SiteView::new(snapshot, as_of);
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

    // Sections first: their items feed the checks (dates on items, articles to print).
    let mut sections: Vec<(usize, SectionResult)> = Vec::new();
    if blocked.is_none() {
        for (i, c) in criteria.iter().enumerate() {
            if rubric.assessment(c) == Assessment::Section {
                let find = find_section(&view, &prof, c);
                let dated = rubric.rule(c).family() == Family::DatedSection;
                let (items, list_how) = match &find {
                    SectionFind::Found {
                        cand,
                        page,
                        extra,
                        home_block,
                        ..
                    } if dated && page.is_ok_html() => {
                        let on_home = view.home().is_some_and(|h| h.url == page.url);
                        let mut l = if on_home && home_block.is_some() {
                            ItemList {
                                how: "khối tin trên trang chủ".into(),
                                ..Default::default()
                            }
                        } else {
                            list_items(&view, page, &prof.selectors, as_of)
                        };
                        let mut more: Vec<Item> = extra
                            .iter()
                            .flat_map(|p| list_items(&view, p, &prof.selectors, as_of).items)
                            .collect();
                        if let Some(u) = home_block {
                            more.extend(home_block_items(&view, u, as_of));
                        }
                        for it in more {
                            if !l.items.iter().any(|x| x.url == it.url) {
                                l.items.push(it);
                            }
                        }
                        // sub-lists (category sub-pages, tabs): the newest item may be in any
                        let own: Vec<String> = l.items.iter().map(|i| i.url.clone()).collect();
                        let mut newest_sub: Option<(NaiveDate, String)> = None;
                        for sub in sub_lists(&view, cand, page, &own) {
                            for it in list_items(&view, sub, &prof.selectors, as_of).items {
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
            },
            // the crawl's probe still decides the network checks of a site it could not read
            (Assessment::Check(name), Some(why)) => match checks::run_without_pages(name, &ctx) {
                Some(ck) => check_finding(rule, ck),
                None => Finding::unverified(vec![ev(&snapshot.start_url, why.clone())]),
            },
            (_, Some(why)) => Finding::unverified(vec![ev(&snapshot.start_url, why.clone())]),
            (Assessment::Section, None) => {
                let s = &sections.iter().find(|(j, _)| *j == i).expect("section searched").1;
                score_section(&view, c, rule, s, as_of)
            }
            (Assessment::Check(name), None) => check_finding(rule, checks::run(name, c, &ctx)),
        };
        // A semi-automatic criterion's finding is a candidate a person confirms.
        let needs_review = match finding.outcome {
            Outcome::Unverified => true,
            Outcome::Declared => false,
            _ => finding.confidence < rubric.review_confidence || rubric.mode(c) == Mode::SemiAutomatic,
        };
        results.push(CriterionResult {
            id: c.id.clone(),
            outcome: finding.outcome,
            points: round2(finding.points * scale),
            max_points: max,
            latest_date: finding.latest,
            confidence: round2(finding.confidence),
            evidence: finding.evidence,
            needs_review,
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
    SiteAudit {
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
    }
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
            };
        }
        SectionFind::NotFound => {
            let missing = rule.points(Reading::Missing).unwrap_or(0.0);
            return Finding {
                outcome: Outcome::NotMet,
                points: missing,
                latest: None,
                confidence: 0.7,
                evidence: vec![ev(
                    &view.snapshot.start_url,
                    "không tìm thấy chuyên mục trong trình đơn, liên kết và đường dẫn",
                )],
            };
        }
    };
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
        format!("chuyên mục tìm thấy theo {}; {}", cand.how, fetched_note(page)),
    )];
    evidence.extend(notes.iter().map(|n| ev(&view.snapshot.start_url, n.clone())));
    let points = |r: Reading| rule.points(r).unwrap_or(0.0);
    match rule.family() {
        Family::Section => {
            let own = view.own_text(page).chars().count();
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
            }
        }
        Family::YesNo | Family::Progress | Family::Measure => {
            unreachable!("score_section is called for criteria assessed by their section only")
        }
    }
}
