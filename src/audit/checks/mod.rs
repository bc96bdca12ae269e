//! The automatic yes/no checks a rubric names with `check = "…"`, one file per family:
//! `search` (site search, document search), `sections` (feedback channel, Q&A), `contacts`
//! (contact details, the footer), `links` (English version, online services and their statistics,
//! links to other state sites), `print` (print/save on articles), `feeds_and_maps` (site map and
//! sitemap.xml, RSS) and `markup` (Unicode, accessibility, Dublin Core, .gov.vn naming, dates and
//! footer); for the current regime (NĐ 224/2026): `domain` (domain pattern, part of the provincial
//! portal, links to subordinate units), `metadata` (page metadata), `channels` (contact point,
//! spokesperson, social channels, satisfaction rating), `services` (TTHC/DVC integration, service
//! quality), `lag` (publishing lag in working days), the placeholders of the network checks
//! (`https`, `ipv6`), which say "could not verify" until their stage exists, and `browser` (load
//! times, phone layout, WCAG, from the browser stage's findings in [`UnitFacts::browser`]). Every check
//! receives its [`Criterion`] and reads its words there (synonyms, slugs, `markers`); the Rust keeps
//! only structural knowledge (HTML elements and attributes, charset, Dublin Core and OpenGraph names).
//!
//! Main types: [`Check`] (the finding), [`Ctx`] (what a check may read), [`UnitFacts`] (the unit's
//! name and province, for the domain checks, and the browser findings); entry point [`run`], which looks the check up in
//! [`registry`] (one function per [`CheckName`]: the rubric loader refuses any other name).

pub mod browser;
mod channels;
mod contacts;
mod domain;
mod feeds_and_maps;
mod lag;
mod links;
mod markup;
mod metadata;
mod network;
mod print;
mod search;
mod sections;
mod services;
#[cfg(test)]
mod tests_regime;

pub use domain::name_label;

use super::items::Item;
use super::model::Evidence;
use super::profiles::Detected;
use super::view::SiteView;
use crate::rubric::{CheckName, Criterion};
use crate::snapshot::Page;
use crate::util::text::fold;
use scraper::Html;
use url::Url;

/// The finding of one check.
#[derive(Debug, Clone)]
pub struct Check {
    pub met: bool,
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
    /// Nothing could be concluded (pages not fetched).
    pub unverified: bool,
}

impl Check {
    fn yes(confidence: f64, evidence: Vec<Evidence>) -> Check {
        Check {
            met: true,
            confidence,
            evidence,
            unverified: false,
        }
    }
    fn no(confidence: f64, evidence: Vec<Evidence>) -> Check {
        Check {
            met: false,
            confidence,
            evidence,
            unverified: false,
        }
    }
    fn unverified(evidence: Vec<Evidence>) -> Check {
        Check {
            met: false,
            confidence: 0.0,
            evidence,
            unverified: true,
        }
    }
}

/// What the audit knows of the unit whose site it reads: its kind and official name (from the
/// registry) and its province's domain label (from the evaluation), for the domain and
/// provincial-portal checks. Unknown facts make those checks say what they could not verify.
#[derive(Clone, Debug, Default)]
pub struct UnitFacts {
    /// The unit kind ("department", "commune").
    pub kind: String,
    /// The unit's official name ("Phường Quy Nhơn Nam").
    pub name: Option<String>,
    /// The province's label in its domain (`gialai` in gialai.gov.vn).
    pub province_label: Option<String>,
    /// What the browser stage measured on the unit's site (none: it did not run), for the
    /// browser checks.
    pub browser: Option<std::sync::Arc<crate::browser::findings::SiteFindings>>,
}

/// Domain labels the decree fixes otherwise than by the province's name (NĐ 224 Đ11.4.b: "Ủy ban
/// nhân dân Thành phố Hồ Chí Minh sử dụng tên miền truy cập là: hochiminhcity.gov.vn").
const PROVINCE_LABELS: [(&str, &str); 1] = [("ho chi minh", "hochiminhcity")];

impl UnitFacts {
    /// A unit of `kind` named `name` in an evaluation of `province` (its name, "Gia Lai", or
    /// "tỉnh Gia Lai"): the province's label is its full name without diacritics or spaces
    /// ("gialai"), as NĐ 224 Đ11.4.b has it.
    pub fn named(kind: &str, name: &str, province: Option<&str>) -> UnitFacts {
        // Field by field, so that facts other stages add keep their defaults.
        let mut u = UnitFacts::of_kind(kind);
        u.name = Some(name.to_string());
        u.province_label = province.map(province_label);
        u
    }

    /// A unit of `kind` about which nothing else is known.
    pub fn of_kind(kind: &str) -> UnitFacts {
        UnitFacts {
            kind: kind.to_string(),
            ..UnitFacts::default()
        }
    }
}

/// The domain label of a province's name: "Tỉnh Gia Lai" → "gialai", "Thành phố Hồ Chí Minh" →
/// "hochiminhcity".
pub fn province_label(name: &str) -> String {
    let f = fold(name);
    let bare = ["tinh ", "thanh pho "]
        .iter()
        .find_map(|p| f.strip_prefix(p))
        .unwrap_or(&f);
    PROVINCE_LABELS
        .iter()
        .find(|(n, _)| *n == bare)
        .map_or_else(|| bare.replace(' ', ""), |(_, l)| l.to_string())
}

/// What the checks read besides the site.
pub struct Ctx<'v, 'a> {
    pub view: &'v SiteView<'a>,
    pub unit: &'v UnitFacts,
    pub prof: &'v Detected,
    /// Items of the news section (the criterion with role `news`), for "dates on items".
    pub news_items: &'v [Item],
    /// Article URLs seen in the sections' lists (for print/save).
    pub article_urls: &'v [String],
    /// The documents section's page (the criterion with role `documents`), when found.
    pub documents_page: Option<&'a Page>,
}

/// The home page, parsed, that every check starts from.
pub struct Home<'h, 'a> {
    pub page: &'a Page,
    pub html: &'h Html,
    /// Its final URL.
    pub url: &'a str,
}

/// A check: the criterion it decides, what it may read, the home page.
pub type CheckFn = fn(&Criterion, &Ctx, &Home) -> Check;

/// The function of each check the rubric may name.
pub fn registry(name: CheckName) -> CheckFn {
    match name {
        CheckName::SiteSearch => search::site_search,
        CheckName::DocumentSearch => search::document_search,
        CheckName::FeedbackChannel => sections::feedback_channel,
        CheckName::Qa => sections::qa,
        CheckName::ContactDetails => contacts::contact_details,
        CheckName::EnglishVersion => links::english_version,
        CheckName::OnlineServices => links::online_services,
        CheckName::OnlineServiceStats => links::online_service_stats,
        CheckName::GovLinks => links::gov_links,
        CheckName::PrintSave => print::print_save,
        CheckName::Sitemap => feeds_and_maps::sitemap,
        CheckName::Rss => feeds_and_maps::rss,
        CheckName::Unicode => markup::unicode,
        CheckName::Accessibility => markup::accessibility,
        CheckName::DublinCore => markup::dublin_core,
        CheckName::GovDomain => markup::gov_domain,
        CheckName::DatesAndFooter => markup::dates_and_footer,
        CheckName::DomainPattern => domain::domain_pattern,
        CheckName::ProvincialPortal => domain::provincial_portal,
        CheckName::PageMetadata => metadata::page_metadata,
        CheckName::ContactPoint => channels::contact_point,
        CheckName::PublicServicesIntegration => services::public_services_integration,
        CheckName::ServiceQuality => services::service_quality,
        CheckName::SubordinateLinks => domain::subordinate_links,
        CheckName::Spokesperson => channels::spokesperson,
        CheckName::SocialChannels => channels::social_channels,
        CheckName::SatisfactionRating => channels::satisfaction_rating,
        CheckName::PublishingLag => lag::publishing_lag,
        CheckName::Https => network::https,
        CheckName::Ipv6 => network::ipv6,
        CheckName::FirstContentfulPaint
        | CheckName::LargestContentfulPaint
        | CheckName::FullDisplayTime
        | CheckName::LongTasks => browser::load_time,
        CheckName::MobileLayout => browser::mobile_layout,
        CheckName::AccessibilityWcag => browser::accessibility_wcag,
    }
}

/// Runs criterion `c`'s check `name`; a site whose home page cannot be read is unverified.
pub fn run(name: CheckName, c: &Criterion, ctx: &Ctx) -> Check {
    let Some(page) = ctx.view.home().filter(|h| h.is_ok_html()) else {
        return Check::unverified(vec![ev(&ctx.view.snapshot.start_url, "không tải được trang chủ")]);
    };
    let Some(html) = ctx.view.html(page) else {
        return Check::unverified(vec![ev(&page.url, "trang chủ không có nội dung HTML")]);
    };
    let home = Home {
        page,
        html: &html,
        url: page.final_url.as_str(),
    };
    registry(name)(c, ctx, &home)
}

/// A check that can be decided without the site's pages (the network checks, from the crawl's
/// probe), for a site the audit could not read; `None` when it cannot.
pub fn run_without_pages(name: CheckName, ctx: &Ctx) -> Option<Check> {
    network::probed_only(name, ctx)
}

fn ev(url: &str, note: impl Into<String>) -> Evidence {
    Evidence {
        url: url.to_string(),
        note: note.into(),
    }
}

/// Evidence from a section search's note ("<url> — why"), at the URL it is about.
fn note_ev(ctx: &Ctx, note: String) -> Evidence {
    let url = note
        .split_once(" — ")
        .map(|(u, _)| u)
        .filter(|u| Url::parse(u).is_ok())
        .unwrap_or(&ctx.view.snapshot.start_url)
        .to_string();
    ev(&url, note)
}

/// The host of `url`, lower case, without `www.`.
fn host_of(url: &str) -> Option<String> {
    Url::parse(url)
        .ok()?
        .host_str()
        .map(|h| h.trim_start_matches("www.").to_ascii_lowercase())
}

/// Whether `host` is named by a marker: `"dichvucong."` (ending in a dot) names a host that starts
/// with it or has it as a label run ("dichvucong.gialai.gov.vn"); `"facebook.com"` names that host
/// and its subdomains.
fn host_named(host: &str, marker: &str) -> bool {
    let host = host.trim_start_matches("m.");
    if marker.ends_with('.') {
        host.starts_with(marker) || host.contains(&format!(".{marker}"))
    } else {
        let m = marker.trim_start_matches('.');
        !m.is_empty() && (host == m || host.ends_with(&format!(".{m}")))
    }
}

/// An element as evidence names it: `<div id="x" class="a b">`.
fn describe(e: scraper::ElementRef) -> String {
    let v = e.value();
    let mut s = format!("<{}", v.name());
    if let Some(id) = v.id() {
        s.push_str(&format!(" id=\"{id}\""));
    }
    let classes: Vec<&str> = v.classes().collect();
    if !classes.is_empty() {
        s.push_str(&format!(" class=\"{}\"", classes.join(" ")));
    }
    s.push('>');
    s
}

/// Up to `n` chars of `s`, with "…" when cut.
fn excerpt(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// The crawled pages of the site that are live HTML, the home page first.
fn site_pages<'a>(ctx: &Ctx<'_, 'a>) -> Vec<&'a Page> {
    let home = ctx.view.home().map(|h| h.url.clone());
    let mut v: Vec<&'a Page> = ctx
        .view
        .snapshot
        .pages
        .iter()
        .filter(|p| p.is_ok_html() && ctx.view.is_internal(&p.final_url))
        .collect();
    v.sort_by_key(|p| Some(&p.url) != home.as_ref());
    v
}

/// A criterion's words folded for matching (synonyms, or a marker set of text words).
fn folded(words: &[String]) -> Vec<String> {
    words.iter().map(|w| fold(w)).filter(|w| !w.is_empty()).collect()
}

/// A marker set of attribute or URL fragments, in lower case.
fn lower(words: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Pages and sites for the checks' tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::snapshot::{Page, PageRole, SiteOutcome, SiteSnapshot};

    /// A fetched page (200, UTF-8).
    pub fn page(url: &str, role: PageRole, content_type: &str, body: &str) -> Page {
        Page {
            url: url.into(),
            final_url: url.into(),
            role,
            status: Some(200),
            content_type: Some(content_type.into()),
            fetched_at: chrono::Utc::now(),
            text: Some(body.into()),
            charset: Some("utf-8".into()),
            error: None,
            error_detail: None,
            headers: vec![],
        }
    }

    /// A fetched HTML page.
    pub fn html(url: &str, role: PageRole, body: &str) -> Page {
        page(url, role, "text/html; charset=utf-8", body)
    }

    /// A crawled site of `pages`, the first its home.
    pub fn site(pages: Vec<Page>) -> SiteSnapshot {
        SiteSnapshot {
            probe: None,
            start_url: pages[0].url.clone(),
            crawled_at: chrono::Utc::now(),
            outcome: SiteOutcome::Ok,
            pages,
        }
    }
}
