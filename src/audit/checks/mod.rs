//! The automatic yes/no checks a rubric names with `check = "…"`, one file per family:
//! `search` (site search, document search), `sections` (feedback channel, Q&A), `contacts`
//! (contact details, the footer), `links` (English version, online services and their statistics,
//! links to other state sites), `print` (print/save on articles), `feeds_and_maps` (site map and
//! sitemap.xml, RSS) and `markup` (Unicode, accessibility, Dublin Core, .gov.vn naming, dates and
//! footer). Every check receives its [`Criterion`] and reads its words there (synonyms, slugs,
//! `markers`); the Rust keeps only structural knowledge (HTML elements and attributes, charset and
//! Dublin Core names).
//!
//! Main types: [`Check`] (the finding), [`Ctx`] (what a check may read); entry point [`run`], which
//! looks the check up in [`registry`] (one function per [`CheckName`]: the rubric loader refuses any
//! other name).

mod browser;
mod contacts;
mod feeds_and_maps;
mod links;
mod markup;
mod network;
mod print;
mod regime;
mod search;
mod sections;

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
}

impl UnitFacts {
    /// A unit of `kind` about which nothing else is known.
    pub fn of_kind(kind: &str) -> UnitFacts {
        UnitFacts {
            kind: kind.to_string(),
            ..UnitFacts::default()
        }
    }
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
        CheckName::DomainPattern => regime::domain_pattern,
        CheckName::ProvincialPortal => regime::provincial_portal,
        CheckName::PageMetadata => regime::page_metadata,
        CheckName::ContactPoint => regime::contact_point,
        CheckName::PublicServicesIntegration => regime::public_services_integration,
        CheckName::ServiceQuality => regime::service_quality,
        CheckName::SubordinateLinks => regime::subordinate_links,
        CheckName::Spokesperson => regime::spokesperson,
        CheckName::SocialChannels => regime::social_channels,
        CheckName::SatisfactionRating => regime::satisfaction_rating,
        CheckName::PublishingLag => regime::publishing_lag,
        CheckName::Https => network::https,
        CheckName::Ipv6 => network::ipv6,
        CheckName::FirstContentfulPaint
        | CheckName::LargestContentfulPaint
        | CheckName::FullDisplayTime
        | CheckName::LongTasks
        | CheckName::MobileLayout
        | CheckName::AccessibilityWcag => browser::needs_browser,
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
