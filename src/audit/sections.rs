//! Finding a criterion's section on a site as an evaluator does: every candidate is collected — the
//! per-host override, the home page's menu labels and link texts, the headings of the pages it links
//! to, and the URLs the crawl fetched — matched after [`fold`] against the criterion's synonyms (link
//! text, `title`, image `alt`, page title) and slugs (URL path words). Candidates are ranked first by
//! how strongly they name the criterion ([`Naming`], strongest first: override, menu label, link
//! text, page heading, URL slug only), then by how well. Text that is exactly another criterion's
//! name ("Văn bản quy phạm pháp luật" for the documents) is that criterion's, not a weaker match for
//! this one, and pages below another section's menu entry are its parts. Files for machines
//! (robots.txt, sitemaps, feeds, the not-found probe) are never candidates.
//!
//! Candidates are tried best first until one leads to a live page with content of its own (or one a
//! caller's test accepts, e.g. a site map judged by its links); further live candidates are kept as
//! [`Rival`]s, so that the scorer can let the freshest of comparable ones decide ([`comparable`]) and
//! show them all. Broken links and failed fetches are kept as evidence, and a failed fetch makes the
//! section unverified rather than absent. [`search_trace`] says what was looked at when nothing was
//! found. A found section's sub-lists ([`sub_lists`]: submenu entries, category sub-pages, tabs) are
//! read with it, so its newest item may come from any.
//!
//! Main types: [`Candidate`], [`Naming`], [`Rival`], [`SectionFind`]; entry points [`find_section`],
//! [`find_section_among`], [`find_section_where`], [`search_trace`], [`sub_lists`].

use super::profiles::Detected;
use super::view::{Fetch, SiteView, visible_text};
use crate::rubric::Criterion;
use crate::snapshot::{Page, PageRole};
use crate::util::text::fold;
use std::collections::HashMap;

/// How a candidate names the criterion, weakest first: an evaluator trusts a menu entry in the
/// criterion's own words over a link text, a link text over the heading of the page a link leads to,
/// and any of them over a word in a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Naming {
    /// Only the URL's words match.
    Slug,
    /// The linked page's title or main heading names the criterion.
    Heading,
    /// The text of a link outside the menus names it.
    LinkText,
    /// A menu entry of the home page names it.
    MenuLabel,
    /// The site's own configuration (`selectors/sites/<host>.toml`) says where it is.
    Profile,
}

impl Naming {
    /// What the evidence says about it (Vietnamese).
    pub fn label(self) -> &'static str {
        match self {
            Naming::Slug => "chỉ khớp đường dẫn",
            Naming::Heading => "tiêu đề trang",
            Naming::LinkText => "chữ của liên kết",
            Naming::MenuLabel => "nhãn trình đơn",
            Naming::Profile => "cấu hình riêng",
        }
    }

    /// Its id in the calibration data (`data/calibration.toml`).
    pub fn id(self) -> &'static str {
        match self {
            Naming::Slug => "slug",
            Naming::Heading => "heading",
            Naming::LinkText => "link_text",
            Naming::MenuLabel => "menu_label",
            Naming::Profile => "profile",
        }
    }
}

/// A link that may lead to the section.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub url: String,
    pub label: String,
    /// How it names the criterion: the first ranking key.
    pub naming: Naming,
    /// 0..1: how strongly the label or URL names the section (the second ranking key).
    pub score: f64,
    /// What matched, for the evidence ("nhãn \"Hỏi đáp\"", "đường dẫn hoi-ap").
    pub how: String,
    /// Its submenu's links: the section's parts, tried when the link itself is broken.
    pub children: Vec<String>,
}

/// Another live candidate found after the first: the scorer compares it with the first.
#[derive(Debug, Clone)]
pub struct Rival<'a> {
    pub cand: Candidate,
    pub page: &'a Page,
}

/// Whether `other` names the criterion about as strongly as `first` (same [`Naming`], a score within
/// 0.25): among comparable candidates the freshest decides, as an evaluator credits a unit with its
/// best section for a criterion.
pub fn comparable(first: &Candidate, other: &Candidate) -> bool {
    other.naming == first.naming && other.score >= first.score - 0.25
}

/// The outcome of the search.
#[derive(Debug)]
pub enum SectionFind<'a> {
    /// A live page; `notes` lists candidates tried before it (broken links…).
    Found {
        cand: Candidate,
        page: &'a Page,
        /// Further pages of the section (the live parts of a broken menu entry).
        extra: Vec<&'a Page>,
        /// A broken section URL whose block on the home page still lists its latest items.
        home_block: Option<String>,
        notes: Vec<String>,
        /// Further live candidates, best first (at most [`MAX_RIVALS`]).
        rivals: Vec<Rival<'a>>,
    },
    /// Links were found but every one was broken (404) or led to an empty page.
    Broken {
        notes: Vec<String>,
    },
    /// The best candidates could not be fetched (timeout, block, server error, not crawled).
    Unverified {
        notes: Vec<String>,
    },
    NotFound,
}

fn has_words(hay: &str, needle: &str) -> bool {
    !needle.is_empty() && format!(" {hay} ").contains(&format!(" {needle} "))
}

/// A criterion's synonyms and slugs, folded once.
pub struct Terms<'c> {
    /// (as written, lower case, folded)
    syns: Vec<(&'c str, String, String)>,
    /// (as written, folded with `-`/`_` as spaces)
    slugs: Vec<(&'c str, String)>,
}

impl<'c> Terms<'c> {
    pub fn of(c: &'c Criterion) -> Terms<'c> {
        Terms {
            syns: c
                .synonyms
                .iter()
                .map(|s| (s.as_str(), s.to_lowercase(), fold(s)))
                .filter(|t| !t.2.is_empty())
                .collect(),
            slugs: c
                .slugs
                .iter()
                .map(|s| (s.as_str(), fold(&s.replace(['-', '_'], " "))))
                .filter(|t| !t.1.is_empty())
                .collect(),
        }
    }
}

/// How well a link (label, URL) names the criterion's section.
pub fn match_link(c: &Criterion, label: &str, url: &str) -> Option<(f64, String)> {
    let (last, path) = super::urls::url_words(url);
    match_terms(&Terms::of(c), label, &last, &path)
}

/// [`match_link`] with the terms folded and the URL split already (`last`: words of the last path
/// segment, `path`: words of the whole path).
pub fn match_terms(t: &Terms, label: &str, last: &str, path: &str) -> Option<(f64, String)> {
    let by_label = match_label(t, label);
    let by_url = match_url(t, last, path);
    match (by_label, by_url) {
        (Some(l), Some(u)) => Some(if u.0 > l.0 { u } else { l }),
        (l, u) => l.or(u),
    }
}

/// How well a text (link label, page title) names the criterion.
fn match_label(t: &Terms, label: &str) -> Option<(f64, String)> {
    let mut best: Option<(f64, String)> = None;
    let mut offer = |s: f64, how: String| {
        if best.as_ref().is_none_or(|b| s > b.0) {
            best = Some((s, how));
        }
    };
    if !label.is_empty() {
        let l = fold(label);
        let lower = label.to_lowercase();
        let words = l.split(' ').filter(|w| !w.is_empty()).count();
        for (syn, syn_lower, f) in &t.syns {
            // Folding merges words that differ only by their tone marks ("truyền thông" and
            // "truyền thống"): a match that also holds with the marks is worth more.
            let penalty = if lower.contains(syn_lower.as_str()) { 0.0 } else { 0.1 };
            if &l == f {
                offer(1.0 - penalty, format!("nhãn \"{label}\""));
            } else if words <= 8 && has_words(&l, f) {
                // Longer synonyms are more specific; a short label is more likely a section name.
                let s = 0.7 + 0.02 * f.split(' ').count() as f64 - 0.01 * words as f64 - 2.0 * penalty;
                offer(s.min(0.9), format!("nhãn \"{label}\" chứa \"{syn}\""));
            }
        }
    }
    best
}

/// How well a URL's words name the criterion.
fn match_url(t: &Terms, last: &str, path: &str) -> Option<(f64, String)> {
    let mut best: Option<(f64, String)> = None;
    let mut offer = |s: f64, how: String| {
        if best.as_ref().is_none_or(|b| s > b.0) {
            best = Some((s, how));
        }
    };
    let last_words = last.split(' ').filter(|w| !w.is_empty()).count();
    for (slug, f) in &t.slugs {
        if last == f {
            offer(0.75, format!("đường dẫn \"{slug}\""));
        } else if last_words <= 6 && (last.starts_with(&format!("{f} ")) || has_words(last, f)) && f.contains(' ') {
            offer(0.6, format!("đường dẫn chứa \"{slug}\""));
        } else if has_words(path, f) && path.split(' ').count() <= 8 && f.contains(' ') {
            offer(0.55, format!("đường dẫn chứa \"{slug}\""));
        }
    }
    if last_words <= 6 {
        for (_, _, f) in &t.syns {
            if f.contains(' ') && has_words(last, f) {
                offer(0.6, format!("đường dẫn chứa \"{}\"", f.replace(' ', "-")));
            }
        }
    }
    best
}

/// Whether the crawl fetched `url` as a file for machines (robots.txt, sitemap.xml, a feed, the
/// not-found probe): such a file is never a section, whatever its name says.
fn is_machine_file(view: &SiteView, url: &str) -> bool {
    match view.fetch(url) {
        Fetch::Ok(p) | Fetch::Missing(p) | Fetch::Failed(p) => matches!(
            p.role,
            PageRole::Robots | PageRole::Sitemap | PageRole::Feed | PageRole::NotFoundProbe
        ),
        Fetch::NotFetched => false,
    }
}

/// Candidates for a criterion's section, best first, one per URL.
pub fn candidates(view: &SiteView, prof: &Detected, c: &Criterion) -> Vec<Candidate> {
    candidates_among(view, prof, c, &[])
}

/// [`candidates`], where text that names one of `others` more exactly than `c` is left to it.
pub fn candidates_among(view: &SiteView, prof: &Detected, c: &Criterion, others: &[&Criterion]) -> Vec<Candidate> {
    let mut by_url: HashMap<String, Candidate> = HashMap::new();
    let mut offer = |cand: Candidate| match by_url.get(&cand.url) {
        Some(old) if (old.naming, old.score) >= (cand.naming, cand.score) => {}
        _ => {
            by_url.insert(cand.url.clone(), cand);
        }
    };
    for u in prof.sections.get(&c.id).into_iter().flatten() {
        offer(Candidate {
            url: u.clone(),
            label: String::new(),
            naming: Naming::Profile,
            score: 1.0,
            how: "cấu hình riêng của trang".into(),
            children: vec![],
        });
    }
    let terms = Terms::of(c);
    let rivals: Vec<Terms> = others.iter().filter(|o| o.id != c.id).map(|o| Terms::of(o)).collect();
    let site_name = home_title_segments(view);
    // Home links named exactly as another criterion: the pages below them are that section's parts
    // ("/laws/Ke-hoach/" is a document type of "Văn bản", not the plans section).
    let claimed: Vec<String> = view
        .home_links()
        .iter()
        .filter(|l| view.is_internal(&l.url))
        .filter(|l| {
            let f = fold(&l.label);
            !f.is_empty()
                && rivals.iter().any(|o| o.syns.iter().any(|s| s.2 == f))
                && !terms.syns.iter().any(|s| has_words(&f, &s.2))
        })
        .filter_map(|l| url::Url::parse(&l.url).ok())
        .map(|u| format!("{}/", u.path().trim_end_matches('/')))
        .filter(|p| p.len() > 1)
        .collect();
    let in_claimed = |url: &str| {
        url::Url::parse(url).is_ok_and(|u| {
            let path = u.path();
            claimed
                .iter()
                .any(|c| path.starts_with(c.as_str()) && path.len() > c.len())
        })
    };
    // A page's heading, when it names the criterion: (score, how).
    let heading = |url: &str| -> Option<(f64, String)> {
        let Fetch::Ok(p) = view.fetch(url) else {
            return None;
        };
        // Articles (long slugs) are titled by their own subject, not by their section's name.
        let last_words = view.url_words(url).0.split(' ').filter(|w| !w.is_empty()).count();
        if !p.is_ok_html() || !view.is_internal(url) || last_words > MAX_SECTION_SLUG_WORDS {
            return None;
        }
        headings(view, p, &site_name)
            .into_iter()
            .filter(|h| !claimed_by_other(&terms, &rivals, h))
            .filter_map(|h| match_heading(&terms, &h).map(|s| (s, format!("tiêu đề trang \"{h}\""))))
            .max_by(|a, b| a.0.total_cmp(&b.0))
    };
    for l in view.home_links().iter().cloned() {
        if !view.is_internal(&l.url) && !l.in_menu {
            // Off-site links only count when the site puts them in its menu (e.g. a portal's
            // "Dịch vụ công" pointing to the province's service portal).
            continue;
        }
        if is_machine_file(view, &l.url) {
            continue;
        }
        let words = view.url_words(&l.url);
        let by_label = match_label(&terms, &l.label).filter(|_| !claimed_by_other(&terms, &rivals, &l.label));
        let found = if let Some((s, how)) = by_label {
            let (naming, bonus) = if l.in_menu {
                (Naming::MenuLabel, 0.05)
            } else {
                (Naming::LinkText, 0.0)
            };
            Some((naming, (s + bonus).min(1.0), how))
        } else if let Some((s, how)) = heading(&l.url) {
            // An image banner or a label in other words, leading to a page titled in the criterion's.
            Some((Naming::Heading, s, how))
        } else if in_claimed(&l.url) {
            None
        } else {
            match_url(&terms, &words.0, &words.1).map(|(s, how)| (Naming::Slug, s, how))
        };
        if let Some((naming, score, how)) = found {
            offer(Candidate {
                url: l.url,
                label: l.label,
                naming,
                score,
                how,
                children: l.children,
            });
        }
    }
    for p in &view.snapshot.pages {
        if is_machine_file(view, &p.url) || !view.is_internal(&p.url) {
            continue;
        }
        let words = view.url_words(&p.url);
        if let Some((s, how)) = match_url(&terms, &words.0, &words.1) {
            let cand = match heading(&p.url) {
                Some((hs, hhow)) => (Naming::Heading, hs - 0.1, format!("{how}, {hhow}")),
                None if in_claimed(&p.url) => continue,
                None => (Naming::Slug, s - 0.1, how),
            };
            offer(Candidate {
                url: p.url.clone(),
                label: String::new(),
                naming: cand.0,
                score: cand.1,
                how: cand.2,
                children: vec![],
            });
        }
    }
    let mut v: Vec<Candidate> = by_url.into_values().collect();
    v.sort_by(|a, b| {
        b.naming
            .cmp(&a.naming)
            .then(b.score.total_cmp(&a.score))
            .then(a.url.len().cmp(&b.url.len()))
            .then(a.url.cmp(&b.url))
    });
    v
}

/// Words in the last path segment of a section's URL at most; longer ones are articles' slugs.
const MAX_SECTION_SLUG_WORDS: usize = 6;

/// How well a page heading names the criterion: it must be mostly the criterion's words (a synonym
/// covering at least 60 % of it), as a section's title is, not an article's title that mentions them.
fn match_heading(t: &Terms, heading: &str) -> Option<f64> {
    let h = fold(heading);
    let n = h.split(' ').filter(|w| !w.is_empty()).count();
    if n == 0 {
        return None;
    }
    t.syns
        .iter()
        .filter(|(_, _, f)| has_words(&h, f))
        .map(|(_, _, f)| f.split(' ').count() as f64 / n as f64)
        .filter(|cover| *cover >= 0.6)
        .map(|cover| 0.7 + 0.3 * cover.min(1.0))
        .max_by(f64::total_cmp)
}

/// The parts of the home page's title ("Trang chủ - Sở X"), folded: a page title repeating them
/// names the site, not a section.
fn home_title_segments(view: &SiteView) -> Vec<String> {
    view.home()
        .and_then(|h| view.html(h))
        .and_then(|h| h.select(&TITLE).next().map(|t| visible_text(t)))
        .map(|t| title_segments(&t).into_iter().map(|s| fold(&s)).collect())
        .unwrap_or_default()
}

static TITLE: std::sync::LazyLock<scraper::Selector> = std::sync::LazyLock::new(|| super::view::sel("title"));
static H1: std::sync::LazyLock<scraper::Selector> = std::sync::LazyLock::new(|| super::view::sel("h1"));

/// A title's parts, split where sites join the page's name to the site's ("Kế hoạch - Sở X").
fn title_segments(t: &str) -> Vec<String> {
    t.split([' ', '\u{a0}'])
        .collect::<Vec<_>>()
        .join(" ")
        .split(" - ")
        .flat_map(|p| p.split(" | "))
        .flat_map(|p| p.split(" – "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A page's headings that may name its section: the parts of its title that are not the site's
/// name, and its first `h1` when short.
fn headings(view: &SiteView, page: &Page, site_name: &[String]) -> Vec<String> {
    let Some(html) = view.html(page) else {
        return vec![];
    };
    let mut out: Vec<String> = html
        .select(&TITLE)
        .next()
        .map(|t| title_segments(&visible_text(t)))
        .unwrap_or_default()
        .into_iter()
        .filter(|s| !site_name.contains(&fold(s)))
        .collect();
    if let Some(h) = html.select(&H1).next() {
        let h = super::view::collapse(&visible_text(h));
        if !h.is_empty() && h.split(' ').count() <= 10 && !site_name.contains(&fold(&h)) {
            out.push(h);
        }
    }
    out
}

/// Whether `text` names another criterion more exactly than this one: every synonym of ours it
/// holds is part of a longer synonym of another criterion that it also holds ("Văn bản quy phạm
/// pháp luật" holds "pháp luật" but is the documents' name, not the law-dissemination section's).
fn claimed_by_other(ours: &Terms, others: &[Terms], text: &str) -> bool {
    let f = fold(text);
    if f.is_empty() || others.is_empty() {
        return false;
    }
    let theirs: Vec<&str> = others
        .iter()
        .flat_map(|o| o.syns.iter().map(|s| s.2.as_str()))
        .filter(|s| has_words(&f, s))
        .collect();
    let mine: Vec<&str> = ours
        .syns
        .iter()
        .map(|s| s.2.as_str())
        .filter(|s| has_words(&f, s))
        .collect();
    !mine.is_empty()
        && mine
            .iter()
            .all(|m| theirs.iter().any(|t| t.len() > m.len() && has_words(t, m)))
}

/// Whether a page is about the criterion: its title, headings or breadcrumb name it.
pub fn page_names_topic(view: &SiteView, page: &Page, c: &Criterion) -> bool {
    let Some(html) = view.html(page) else {
        return false;
    };
    let sel = super::view::sel("title, h1, h2, h3, .breadcrumb, .breadcrumbs, [class*=chuyenmuc], [class*=title]");
    let heads: String = html
        .select(&sel)
        .take(60)
        .map(|e| fold(&visible_text(e)))
        .collect::<Vec<_>>()
        .join(" | ");
    c.synonyms
        .iter()
        .map(|s| fold(s))
        .any(|s| !s.is_empty() && has_words(&heads.replace(" | ", " "), &s))
}

/// Sub-lists read with a section at most.
const MAX_SUB_LISTS: usize = 8;

/// A section's sub-lists: its submenu entries and the pages one path level below its page that the
/// page links to (category sub-pages, tabs), when fetched and HTML — not the section's own items
/// (`items`), nor article-looking pages. The section's newest item may sit in any of them.
pub fn sub_lists<'a>(view: &SiteView<'a>, cand: &Candidate, page: &Page, items: &[String]) -> Vec<&'a Page> {
    let Ok(base) = url::Url::parse(&page.final_url) else {
        return vec![];
    };
    let prefix = format!("{}/", base.path().trim_end_matches('/'));
    let below = view.html(page).map_or_else(Vec::new, |h| {
        super::view::links(&h, &page.final_url)
            .into_iter()
            .map(|l| l.url)
            .filter(|u| {
                url::Url::parse(u).is_ok_and(|u| {
                    u.host_str() == base.host_str()
                        && u.path().strip_prefix(prefix.as_str()).is_some_and(|rest| {
                            let rest = rest.trim_end_matches('/');
                            !rest.is_empty() && !rest.contains('/') && !rest.contains('.')
                        })
                })
            })
            .collect()
    });
    let own = super::view::norm_url(&page.final_url);
    let mut seen = std::collections::HashSet::from([own]);
    seen.extend(items.iter().map(|u| super::view::norm_url(u)));
    let mut out = Vec::new();
    for u in cand.children.iter().chain(below.iter()) {
        if out.len() >= MAX_SUB_LISTS || !seen.insert(super::view::norm_url(u)) {
            continue;
        }
        if let Fetch::Ok(p) = view.fetch(u)
            && p.is_ok_html()
            && p.role != PageRole::Article
            && view.is_internal(u)
        {
            out.push(p);
        }
    }
    out
}

/// Further live candidates kept beside the first at most.
pub const MAX_RIVALS: usize = 4;

/// Candidates tried at most.
const MAX_TRIED: usize = 10;

/// Whether a page has content of its own (the default test of a section page).
fn has_own_text(view: &SiteView, p: &Page) -> Result<(), String> {
    if view.own_text(p).chars().count() < 40 {
        Err("trang không có nội dung riêng".into())
    } else {
        Ok(())
    }
}

/// Finds the section: the first candidate leading to a live page with its own text.
pub fn find_section<'a>(view: &SiteView<'a>, prof: &Detected, c: &Criterion) -> SectionFind<'a> {
    find_section_where(view, prof, c, &|p| has_own_text(view, p))
}

/// [`find_section`], leaving to `others` (the rubric's other criteria) the text that names them
/// more exactly.
pub fn find_section_among<'a>(
    view: &SiteView<'a>,
    prof: &Detected,
    c: &Criterion,
    others: &[&Criterion],
) -> SectionFind<'a> {
    search(view, prof, c, others, &|p| has_own_text(view, p))
}

/// Finds the section: the first candidate leading to a live HTML page that `qualifies` accepts;
/// a rejected page is kept as a note with the reason `qualifies` gives (a site map, for one, is
/// judged by its links, not by its own text).
pub fn find_section_where<'a>(
    view: &SiteView<'a>,
    prof: &Detected,
    c: &Criterion,
    qualifies: &dyn Fn(&Page) -> Result<(), String>,
) -> SectionFind<'a> {
    search(view, prof, c, &[], qualifies)
}

fn search<'a>(
    view: &SiteView<'a>,
    prof: &Detected,
    c: &Criterion,
    others: &[&Criterion],
    qualifies: &dyn Fn(&Page) -> Result<(), String>,
) -> SectionFind<'a> {
    let cands = candidates_among(view, prof, c, others);
    let mut notes = Vec::new();
    let mut unverified = false;
    let mut found: Option<SectionFind<'a>> = None;
    let mut rivals: Vec<Rival<'a>> = Vec::new();
    // Once a strong link proved broken, only strong alternatives may stand in for it: a weak match
    // (a word in a long path) is more likely another section.
    let mut floor: f64 = 0.0;
    let home = view.home().map(|h| super::view::norm_url(&h.final_url));
    for cand in cands.into_iter().take(MAX_TRIED) {
        if cand.score < floor || rivals.len() >= MAX_RIVALS {
            continue;
        }
        // A menu entry pointing at the home page ("Tin tức" on a site whose home is the news) is no
        // section of its own; its submenu entries are candidates in their own right.
        if home.as_deref() == Some(super::view::norm_url(&cand.url).as_str()) {
            continue;
        }
        if found.is_some() {
            // After the first find, only further live pages are kept, for the scorer to compare.
            if let Fetch::Ok(p) = view.fetch(&cand.url)
                && p.is_ok_html()
                && qualifies(p).is_ok()
            {
                rivals.push(Rival { cand, page: p });
            }
            continue;
        }
        match view.fetch(&cand.url) {
            Fetch::Ok(p) => {
                if !p.is_ok_html() {
                    // A file download (PDF, image) or a feed: no section page to read.
                    let ct = p.content_type.as_deref().unwrap_or("?");
                    notes.push(format!("{} — không phải trang HTML ({ct})", cand.url));
                    continue;
                }
                if let Err(why) = qualifies(p) {
                    notes.push(format!("{} — {why}", cand.url));
                    continue;
                }
                found = Some(SectionFind::Found {
                    cand,
                    page: p,
                    extra: vec![],
                    home_block: None,
                    notes: vec![],
                    rivals: vec![],
                });
            }
            Fetch::Missing(p) => {
                notes.push(format!(
                    "{} — liên kết hỏng (HTTP {})",
                    cand.url,
                    p.status.unwrap_or(404)
                ));
                let live: Vec<&Page> = cand
                    .children
                    .iter()
                    .filter_map(|u| match view.fetch(u) {
                        Fetch::Ok(p) if p.is_ok_html() && view.is_internal(u) => Some(p),
                        _ => None,
                    })
                    .collect();
                // The home page may still show the broken section's latest items in a block.
                let block = !super::items::home_block_items(view, &cand.url, view.as_of).is_empty();
                if block {
                    notes.push(format!("trang chủ vẫn hiện khối tin của \"{}\"", cand.label));
                }
                let home_block = block.then(|| cand.url.clone());
                if let Some((first, rest)) = live.split_first() {
                    notes.push(format!(
                        "dùng {} mục con của \"{}\" trong trình đơn",
                        live.len(),
                        cand.label
                    ));
                    found = Some(SectionFind::Found {
                        page: first,
                        extra: rest.to_vec(),
                        home_block,
                        cand,
                        notes: vec![],
                        rivals: vec![],
                    });
                    continue;
                }
                if block && let Some(h) = view.home() {
                    found = Some(SectionFind::Found {
                        page: h,
                        extra: vec![],
                        home_block,
                        cand,
                        notes: vec![],
                        rivals: vec![],
                    });
                    continue;
                }
                if cand.score >= 0.7 {
                    floor = floor.max(0.7);
                }
            }
            Fetch::Failed(p) => {
                unverified |= cand.score >= 0.7;
                let why = p
                    .error
                    .map(|e| e.as_str().to_string())
                    .or(p.status.map(|s| format!("HTTP {s}")))
                    .unwrap_or_default();
                notes.push(format!("{} — không tải được ({why})", cand.url));
            }
            Fetch::NotFetched => {
                if view.is_internal(&cand.url) {
                    unverified |= cand.score >= 0.7;
                    notes.push(format!("{} — chưa được thu thập", cand.url));
                } else if cand.score >= 0.7 {
                    // An off-site section (e.g. the province's service portal) is linked, not crawled.
                    found = Some(SectionFind::Found {
                        cand,
                        page: view.home().expect("home exists when links do"),
                        extra: vec![],
                        home_block: None,
                        notes: vec![],
                        rivals: vec![],
                    });
                }
            }
        }
    }
    match found {
        Some(SectionFind::Found {
            cand,
            page,
            extra,
            home_block,
            ..
        }) => SectionFind::Found {
            cand,
            page,
            extra,
            home_block,
            notes,
            rivals,
        },
        Some(other) => other,
        None if unverified => SectionFind::Unverified { notes },
        None if notes.is_empty() => SectionFind::NotFound,
        None => SectionFind::Broken { notes },
    }
}

/// What the search looked at, for an evaluator to confirm an absence in a minute (Vietnamese
/// notes): the home page's menu labels read, the names and URL words tried, and how many pages.
pub fn search_trace(view: &SiteView, c: &Criterion) -> Vec<String> {
    const SHOWN: usize = 40;
    let links = view.home_links();
    let mut labels: Vec<&str> = Vec::new();
    for l in links.iter().filter(|l| l.in_menu && !l.label.is_empty()) {
        if !labels.contains(&l.label.as_str()) {
            labels.push(&l.label);
        }
    }
    let quoted = |v: &[&str]| v.iter().map(|s| format!("«{s}»")).collect::<Vec<_>>().join(", ");
    let more = |n: usize| {
        if n > SHOWN {
            format!(" và {} nhãn khác", n - SHOWN)
        } else {
            String::new()
        }
    };
    let mut out = Vec::new();
    if labels.is_empty() {
        out.push(format!(
            "trang chủ không có trình đơn nhận ra được; đã đọc {} liên kết của trang chủ",
            links.len()
        ));
    } else {
        out.push(format!(
            "đã đọc {} nhãn trình đơn trên trang chủ: {}{}",
            labels.len(),
            quoted(&labels[..labels.len().min(SHOWN)]),
            more(labels.len())
        ));
    }
    let syns: Vec<&str> = c.synonyms.iter().map(String::as_str).collect();
    out.push(format!(
        "đã tìm các cách gọi trong nhãn, chữ liên kết và tiêu đề trang: {}",
        quoted(&syns)
    ));
    let pages = view.snapshot.pages.iter().filter(|p| p.is_ok_html()).count();
    let slugs: Vec<&str> = c.slugs.iter().map(String::as_str).collect();
    out.push(format!(
        "đã thử các đường dẫn {} trên {} liên kết của trang chủ và {pages} trang đã thu thập",
        if slugs.is_empty() {
            "(tiêu chí không có đường dẫn mẫu)".to_string()
        } else {
            quoted(&slugs)
        },
        links.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;
    use std::path::Path;

    fn rubric() -> Rubric {
        Rubric::parse(
            include_str!("../../data/rubrics/binh-dinh-4158-2015.toml"),
            Path::new("r.toml"),
        )
        .unwrap()
    }

    #[test]
    fn labels_and_slugs_match_case_and_diacritic_insensitively() {
        let r = rubric();
        let c = |id: &str| r.criterion(id).unwrap().1.clone();
        let qa = c("hoi_dap");
        assert_eq!(match_link(&qa, "HỎI ĐÁP", "http://x.gov.vn/a").unwrap().0, 1.0);
        // Hanoi's slug for Hỏi đáp lost its "đ": hoi-ap.
        let (s, how) = match_link(&qa, "", "http://x.gov.vn/hoi-ap.html").unwrap();
        assert_eq!((s, how.as_str()), (0.75, "đường dẫn \"hoi-ap\""));
        let map = c("so_do_site");
        assert_eq!(
            match_link(&map, "Sơ đồ cổng", "http://x.gov.vn/so-do-website.html")
                .unwrap()
                .0,
            1.0
        );
        // A label that only folds like a synonym ("Đấu thấu" for "đấu thầu") ranks below an exact one.
        let bid = c("dau_thau_mua_sam");
        let typo = match_link(&bid, "Đấu thấu mua sắm công", "http://x.gov.vn/a")
            .unwrap()
            .0;
        assert!((0.85..1.0).contains(&typo), "{typo}");
        // "truyền thông" is not the history criterion's "truyền thống" any more, and a long article
        // title mentioning a synonym is no section label.
        assert!(
            match_link(
                &c("lich_su_dia_ly"),
                "Báo chí - xuất bản - truyền thông",
                "http://x.gov.vn/b"
            )
            .is_none()
        );
        let long = "Hội nghị triển khai công tác văn bản quy phạm pháp luật năm 2022 của Sở";
        assert!(match_link(&c("van_ban"), long, "http://x.gov.vn/tin/123").is_none());
    }

    use crate::audit::checks::testing::{page, site};
    use crate::audit::model::{CriterionResult, Outcome};
    use crate::snapshot::{PageRole, SiteSnapshot};
    use chrono::NaiveDate;

    const BASE: &str = "http://so.test.gov.vn";

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    /// A page in the site's frame: a menu of `menu` (URL, label), then `main`, then a footer.
    fn framed(title: &str, menu: &[(&str, &str)], main: &str) -> String {
        let items: String = menu
            .iter()
            .map(|(u, l)| format!("<li><a href=\"{u}\">{l}</a></li>"))
            .collect();
        format!(
            "<html lang=\"vi\"><head><title>{title}</title></head><body><nav><ul>{items}</ul></nav>\
             <main>{main}</main><footer><p>Sở Thử nghiệm. Địa chỉ: 1 Trần Phú. Điện thoại: 0256 3822 123</p></footer></body></html>"
        )
    }

    /// A list page of dated items (title links to `/bai/<slug>-<n>`).
    fn list(slug: &str, dates: &[&str]) -> String {
        dates
            .iter()
            .enumerate()
            .map(|(n, d)| {
                format!(
                    "<div class=\"item\"><h3><a href=\"/bai/{slug}-{n}\">Bài số {n} về công việc của cơ quan trong tháng</a></h3>\
                     <span class=\"date\">{d}</span><p>Tóm tắt nội dung bài viết số {n} của chuyên mục.</p></div>"
                )
            })
            .collect()
    }

    fn html(url: &str, body: String) -> crate::snapshot::Page {
        page(
            &format!("{BASE}{url}"),
            PageRole::Page,
            "text/html; charset=utf-8",
            &body,
        )
    }

    fn audit(snap: &SiteSnapshot, id: &str) -> CriterionResult {
        let a = crate::audit::audit_site(
            snap,
            &rubric(),
            "department",
            as_of(),
            &crate::audit::Profiles::builtin(),
        );
        a.criteria.into_iter().find(|c| c.id == id).unwrap()
    }

    #[test]
    fn a_fresh_menu_named_section_beats_a_stale_slug_only_one_and_both_are_in_the_evidence() {
        // The menu names the directions section in the criterion's own words (a long label); a
        // "Xem thêm" link leads to /chi-dao-dieu-hanh, named by its URL only, over a year stale.
        // Scored by match strength alone the two tied (0.75) and the shorter URL, the stale one, won.
        let menu = [("/y-kien-chi-dao-cua-giam-doc-so", "Ý kiến chỉ đạo của Giám đốc Sở")];
        let home = framed(
            "Trang chủ - Sở Thử nghiệm",
            &menu,
            "<h1>Trang chủ</h1><p><a href=\"/chi-dao-dieu-hanh\">Xem thêm</a></p>",
        );
        let snap = site(vec![
            page(&format!("{BASE}/"), PageRole::Home, "text/html", &home),
            html(
                "/y-kien-chi-dao-cua-giam-doc-so",
                framed(
                    "Ý kiến chỉ đạo",
                    &menu,
                    &list("moi", &["20/11/2026", "10/11/2026", "02/11/2026"]),
                ),
            ),
            html(
                "/chi-dao-dieu-hanh",
                framed(
                    "Thông báo",
                    &menu,
                    &list("cu", &["12/08/2025", "03/07/2025", "15/05/2025"]),
                ),
            ),
        ]);
        let view = SiteView::new(&snap, as_of());
        let prof = crate::audit::Profiles::builtin().detect(&view);
        let r = rubric();
        let c = r.criterion("chi_dao_dieu_hanh").unwrap().1;
        let cands = candidates(&view, &prof, c);
        assert_eq!(
            cands.iter().map(|c| (c.url.as_str(), c.naming)).collect::<Vec<_>>(),
            [
                (
                    "http://so.test.gov.vn/y-kien-chi-dao-cua-giam-doc-so",
                    Naming::MenuLabel
                ),
                ("http://so.test.gov.vn/chi-dao-dieu-hanh", Naming::Slug)
            ]
        );
        let got = audit(&snap, "chi_dao_dieu_hanh");
        assert_eq!(
            (got.outcome, got.points, got.latest_date),
            (Outcome::Met, 15.0, NaiveDate::from_ymd_opt(2026, 11, 20)),
            "{:?}",
            got.evidence
        );
        let line = |url: &str, what: &str| {
            got.evidence
                .iter()
                .any(|e| e.url.ends_with(url) && e.note.contains(what))
        };
        assert!(
            line("/y-kien-chi-dao-cua-giam-doc-so", "ứng viên 1: nhãn"),
            "{:?}",
            got.evidence
        );
        assert!(
            line(
                "/chi-dao-dieu-hanh",
                "chỉ khớp đường dẫn); mục mới nhất 12/08/2025 — không chọn: gọi tên tiêu chí yếu hơn"
            ),
            "{:?}",
            got.evidence
        );
    }

    #[test]
    fn among_comparable_sections_the_freshest_decides() {
        // Two menu entries in the criterion's words: the first listed is stale, the second fresh.
        let menu = [
            ("/chi-dao-dieu-hanh", "Chỉ đạo điều hành"),
            ("/thong-tin-chi-dao", "Thông tin chỉ đạo"),
        ];
        let home = framed("Trang chủ - Sở Thử nghiệm", &menu, "<h1>Trang chủ</h1>");
        let snap = site(vec![
            page(&format!("{BASE}/"), PageRole::Home, "text/html", &home),
            html(
                "/chi-dao-dieu-hanh",
                framed("Chỉ đạo điều hành", &menu, &list("cu", &["12/08/2025", "03/07/2025"])),
            ),
            html(
                "/thong-tin-chi-dao",
                framed("Thông tin chỉ đạo", &menu, &list("moi", &["21/11/2026", "01/11/2026"])),
            ),
        ]);
        let got = audit(&snap, "chi_dao_dieu_hanh");
        assert_eq!(
            got.latest_date,
            NaiveDate::from_ymd_opt(2026, 11, 21),
            "{:?}",
            got.evidence
        );
        assert!(
            got.evidence[0].url.ends_with("/thong-tin-chi-dao"),
            "{:?}",
            got.evidence
        );
        assert!(
            got.evidence.iter().any(|e| e.url.ends_with("/thong-tin-chi-dao")
                && e.note
                    .contains("được chọn: gọi tên tiêu chí ngang ứng viên 1 và mới hơn")),
            "{:?}",
            got.evidence
        );
    }

    #[test]
    fn not_found_says_which_labels_names_and_slugs_were_tried() {
        let menu = [("/gioi-thieu", "Giới thiệu"), ("/tin-tuc", "Tin tức")];
        let home = framed("Trang chủ - Sở Thử nghiệm", &menu, "<h1>Trang chủ</h1>");
        let snap = site(vec![page(&format!("{BASE}/"), PageRole::Home, "text/html", &home)]);
        let got = audit(&snap, "lich_lam_viec");
        assert_eq!((got.outcome, got.points), (Outcome::NotMet, 0.0));
        let notes: Vec<&str> = got.evidence.iter().map(|e| e.note.as_str()).collect();
        assert!(
            notes.contains(&"đã đọc 2 nhãn trình đơn trên trang chủ: «Giới thiệu», «Tin tức»"),
            "{notes:?}"
        );
        assert!(
            notes.iter().any(|n| n.contains("«lịch công tác», «lịch làm việc»")),
            "{notes:?}"
        );
        assert!(
            notes.iter().any(
                |n| n.starts_with("đã thử các đường dẫn «lich-cong-tac», «lich-lam-viec»")
                    && n.ends_with("và 1 trang đã thu thập")
            ),
            "{notes:?}"
        );
    }

    #[test]
    fn a_banner_to_a_page_titled_with_the_criterion_is_found_and_another_sections_name_is_left_to_it() {
        // An image banner without text leads to a page titled "Phổ biến, giáo dục pháp luật"; the
        // documents menu entry "Văn bản" (/laws/) holds a field page whose URL and title contain
        // "pháp luật" but name the documents ("Văn bản quy phạm pháp luật").
        let menu = [("/laws/", "Văn bản")];
        let home = framed(
            "Trang chủ - Sở Thử nghiệm",
            &menu,
            "<h1>Trang chủ</h1><a href=\"/luatthudo\"><img src=\"/b.png\"></a><a href=\"/laws/area/van-ban-quy-pham-phap-luat/\">VBQPPL</a>",
        );
        let snap = site(vec![
            page(&format!("{BASE}/"), PageRole::Home, "text/html", &home),
            html(
                "/luatthudo",
                framed(
                    "Phổ biến, giáo dục pháp luật - Sở Thử nghiệm",
                    &menu,
                    &list("pl", &["20/11/2026"]),
                ),
            ),
            html("/laws/", framed("Văn bản", &menu, &list("vb", &["20/11/2026"]))),
            html(
                "/laws/area/van-ban-quy-pham-phap-luat/",
                framed("Văn bản quy phạm pháp luật", &menu, &list("qp", &["20/11/2026"])),
            ),
        ]);
        let view = SiteView::new(&snap, as_of());
        let prof = crate::audit::Profiles::builtin().detect(&view);
        let r = rubric();
        let sections: Vec<&Criterion> = r
            .website_group()
            .unwrap()
            .criteria
            .iter()
            .filter(|c| r.assessment(c) == crate::rubric::Assessment::Section)
            .collect();
        let c = r.criterion("pho_bien_phap_luat").unwrap().1;
        let cands = candidates_among(&view, &prof, c, &sections);
        assert_eq!(
            cands.iter().map(|c| (c.url.as_str(), c.naming)).collect::<Vec<_>>(),
            [("http://so.test.gov.vn/luatthudo", Naming::Heading)],
            "{cands:?}"
        );
        assert_eq!(cands[0].how, "tiêu đề trang \"Phổ biến, giáo dục pháp luật\"");
        // Without the other criteria, the field page is a weak candidate, as before.
        assert!(
            candidates(&view, &prof, c)
                .iter()
                .any(|c| c.url.contains("/laws/area/"))
        );
    }

    #[test]
    fn a_page_of_names_and_titles_is_thin_and_a_page_with_biographies_complete() {
        // As on the labelled sites: photos with names and titles only, many of them, and no prose.
        let captions: String = (1..=8)
            .map(|n| format!("<p>Đồng chí Nguyễn Văn Thứ {n}</p><p>Phó Giám đốc Sở Thử nghiệm tỉnh Bình Định, phụ trách khối {n}</p>"))
            .collect();
        let bio = "<p>Sinh năm 1972, quê quán huyện Phù Cát; thạc sĩ quản lý công; từ năm 2015 là Phó Giám đốc Sở, \
                   phụ trách công tác tổ chức cán bộ, thi đua khen thưởng, cải cách hành chính và chuyển đổi số của ngành.</p>";
        let menu = [("/lanh-dao", "Lãnh đạo")];
        let home = framed("Trang chủ - Sở Thử nghiệm", &menu, "<h1>Trang chủ</h1>");
        for (body, want) in [
            (captions.clone(), Outcome::Partial),
            (format!("{captions}{bio}"), Outcome::Met),
        ] {
            let snap = site(vec![
                page(&format!("{BASE}/"), PageRole::Home, "text/html", &home),
                html("/lanh-dao", framed("Lãnh đạo", &menu, &body)),
            ]);
            let got = audit(&snap, "lanh_dao");
            assert_eq!(got.outcome, want, "{:?}", got.evidence);
            if want == Outcome::Partial {
                assert!(
                    got.evidence.iter().any(|e| e.note.starts_with("chỉ có dòng ngắn")),
                    "{:?}",
                    got.evidence
                );
            }
        }
    }

    #[test]
    fn a_documents_table_with_file_links_lists_its_rows_by_issue_date() {
        let rows: String = [
            ("12/QĐ-S", "20/11/2026", "30/11/2026"),
            ("11/KH-S", "02/11/2026", "02/11/2026"),
        ]
        .iter()
        .map(|(no, issued, effective)| {
            format!(
                "<tr><td>{no}</td><td>{issued}</td><td>{effective}</td><td>Về việc triển khai nhiệm vụ năm 2026</td>\
                     <td><a href=\"/uploads/{}.pdf\">Tải về</a></td></tr>",
                no.replace('/', "-")
            )
        })
        .collect();
        let table = format!(
            "<table><tr><th>Số ký hiệu</th><th>Ngày ban hành</th><th>Ngày hiệu lực</th><th>Trích yếu</th><th>Tải về</th></tr>{rows}</table>"
        );
        let menu = [("/van-ban", "Văn bản")];
        let home = framed("Trang chủ - Sở Thử nghiệm", &menu, "<h1>Trang chủ</h1>");
        let snap = site(vec![
            page(&format!("{BASE}/"), PageRole::Home, "text/html", &home),
            html("/van-ban", framed("Văn bản", &menu, &table)),
        ]);
        let got = audit(&snap, "van_ban");
        // The first row's effective date lies after the evaluation date: its issue date counts.
        assert_eq!(
            got.latest_date,
            NaiveDate::from_ymd_opt(2026, 11, 20),
            "{:?}",
            got.evidence
        );
        assert!(
            got.evidence.iter().any(|e| e.note.starts_with("2 mục (2 có ngày)")),
            "{:?}",
            got.evidence
        );
    }

    #[test]
    fn a_form_offering_feedback_is_a_channel_and_a_footer_without_a_responsible_person_is_not_enough() {
        let menu = [("/lien-he", "Liên hệ")];
        let home = framed("Trang chủ - Sở Thử nghiệm", &menu, "<h1>Trang chủ</h1>").replace(
            "</footer>",
            "<p>Giấy phép số 15/GP-STTTT. Email: so@test.gov.vn</p></footer>",
        );
        let form = "<form><select name=\"chude\"><option>Gửi câu hỏi</option><option>Phản ánh, kiến nghị</option></select>\
                    <textarea name=\"noidung\"></textarea></form>";
        let snap = site(vec![
            page(&format!("{BASE}/"), PageRole::Home, "text/html", &home),
            html("/lien-he", framed("Liên hệ", &menu, form)),
        ]);
        let got = audit(&snap, "phan_anh_kien_nghi");
        assert_eq!(got.outcome, Outcome::Met, "{:?}", got.evidence);
        assert!(got.evidence[0].url.ends_with("/lien-he") && got.evidence[0].note.contains("«Phản ánh, kiến nghị»"));
        let footer = audit(&snap, "ngay_dang_chan_trang");
        assert_eq!(footer.outcome, Outcome::NotMet);
        assert!(
            footer
                .evidence
                .iter()
                .any(|e| e.note.contains("thiếu cơ quan chủ quản/người chịu trách nhiệm")),
            "{:?}",
            footer.evidence
        );
    }
}
