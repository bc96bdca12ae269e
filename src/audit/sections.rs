//! Finding a criterion's section on a site: the links of the home page (menus first) and the URLs the
//! crawl fetched are matched, after [`fold`], against the criterion's synonyms (link text, `title`,
//! image `alt`) and slugs (URL path words); per-host overrides come first. Files for machines
//! (robots.txt, sitemaps, feeds, the not-found probe) are never candidates. Candidates are tried best
//! first until one leads to a live page with content of its own (or one a caller's test accepts, e.g.
//! a site map judged by its links); broken links and failed fetches are kept as evidence, and a failed
//! fetch makes the section unverified rather than absent. A found section's sub-lists ([`sub_lists`]:
//! submenu entries, category sub-pages, tabs) are read with it, so its newest item may come from any.
//!
//! Main types: [`Candidate`], [`SectionFind`]; entry points [`find_section`], [`find_section_where`],
//! [`sub_lists`].

use super::profiles::Detected;
use super::view::{Fetch, SiteView, visible_text};
use crate::rubric::Criterion;
use crate::snapshot::{Page, PageRole};
use crate::util::text::fold;
use std::collections::HashMap;

/// A link that may lead to the section.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub url: String,
    pub label: String,
    /// 0..1: how strongly the label or URL names the section.
    pub score: f64,
    /// What matched, for the evidence ("nhãn \"Hỏi đáp\"", "đường dẫn hoi-ap").
    pub how: String,
    /// Its submenu's links: the section's parts, tried when the link itself is broken.
    pub children: Vec<String>,
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
    let mut by_url: HashMap<String, Candidate> = HashMap::new();
    let mut offer = |cand: Candidate| match by_url.get(&cand.url) {
        Some(old) if old.score >= cand.score => {}
        _ => {
            by_url.insert(cand.url.clone(), cand);
        }
    };
    for u in prof.sections.get(&c.id).into_iter().flatten() {
        offer(Candidate {
            url: u.clone(),
            label: String::new(),
            score: 1.0,
            how: "cấu hình riêng của trang".into(),
            children: vec![],
        });
    }
    let terms = Terms::of(c);
    {
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
            if let Some((s, how)) = match_terms(&terms, &l.label, &words.0, &words.1) {
                let bonus = if l.in_menu { 0.05 } else { 0.0 };
                offer(Candidate {
                    url: l.url,
                    label: l.label,
                    score: (s + bonus).min(1.0),
                    how,
                    children: l.children,
                });
            }
        }
    }
    for p in &view.snapshot.pages {
        if is_machine_file(view, &p.url) {
            continue;
        }
        let words = view.url_words(&p.url);
        if let Some((s, how)) = match_terms(&terms, "", &words.0, &words.1)
            && view.is_internal(&p.url)
        {
            offer(Candidate {
                url: p.url.clone(),
                label: String::new(),
                score: s - 0.1,
                how,
                children: vec![],
            });
        }
    }
    let mut v: Vec<Candidate> = by_url.into_values().collect();
    v.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.url.len().cmp(&b.url.len()))
            .then(a.url.cmp(&b.url))
    });
    v
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

/// Finds the section: the first candidate leading to a live page with its own text.
pub fn find_section<'a>(view: &SiteView<'a>, prof: &Detected, c: &Criterion) -> SectionFind<'a> {
    find_section_where(view, prof, c, &|p| {
        if view.own_text(p).chars().count() < 40 {
            Err("trang không có nội dung riêng".into())
        } else {
            Ok(())
        }
    })
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
    let cands = candidates(view, prof, c);
    let mut notes = Vec::new();
    let mut unverified = false;
    // Once a strong link proved broken, only strong alternatives may stand in for it: a weak match
    // (a word in a long path) is more likely another section.
    let mut floor: f64 = 0.0;
    let home = view.home().map(|h| super::view::norm_url(&h.final_url));
    for cand in cands.into_iter().take(8) {
        if cand.score < floor {
            continue;
        }
        // A menu entry pointing at the home page ("Tin tức" on a site whose home is the news) is no
        // section of its own; its submenu entries are candidates in their own right.
        if home.as_deref() == Some(super::view::norm_url(&cand.url).as_str()) {
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
                return SectionFind::Found {
                    cand,
                    page: p,
                    extra: vec![],
                    home_block: None,
                    notes,
                };
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
                    return SectionFind::Found {
                        page: first,
                        extra: rest.to_vec(),
                        home_block,
                        cand,
                        notes,
                    };
                }
                if block && let Some(h) = view.home() {
                    return SectionFind::Found {
                        page: h,
                        extra: vec![],
                        home_block,
                        cand,
                        notes,
                    };
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
                    return SectionFind::Found {
                        cand,
                        page: view.home().expect("home exists when links do"),
                        extra: vec![],
                        home_block: None,
                        notes,
                    };
                }
            }
        }
    }
    if unverified {
        SectionFind::Unverified { notes }
    } else if notes.is_empty() {
        SectionFind::NotFound
    } else {
        SectionFind::Broken { notes }
    }
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
}
