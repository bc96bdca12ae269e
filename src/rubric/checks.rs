//! The catalogue of automatic checks a rubric's yes/no criteria may name (`check = "…"`), with what
//! each reads from its criterion: the marker sets it needs under `markers` and whether it reads the
//! criterion's synonyms. The audit implements one function per [`CheckName`] (an exhaustive match in
//! `crate::audit::checks`, so a name without an implementation does not compile); the loader refuses
//! any other name, a missing marker set and a marker set no check reads.
//!
//! Also the [`Role`]s a criterion may play for the others (the news list whose items the checks
//! sample, the documents page document search starts from): code finds criteria by role, never by id.
//!
//! Main types: [`CheckName`], [`Role`].

use serde::Deserialize;

/// An automatic check, as the rubric names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckName {
    /// A visible search box on the home page. Synonyms: words of an input's placeholder, value or
    /// title; `markers.inputs`: fragments of an input's name, id or class.
    SiteSearch,
    /// A document search form on the documents page (role `documents`) or a page linked as document
    /// search. Synonyms: link labels (contained); slugs: link URLs; `markers.inputs` as for
    /// site_search, `markers.input_words`: words of a search box's placeholder, value or title;
    /// `markers.fields`: words of a form that searches documents.
    DocumentSearch,
    /// The criterion's section, live, with a form or an e-mail address to write to.
    FeedbackChannel,
    /// The criterion's section, live.
    Qa,
    /// Address, phone and e-mail in the footer or on the criterion's section (a contact page).
    /// `markers.address`, `markers.phone`: words that label an address and a phone number.
    ContactDetails,
    /// A link to an English page that reads as English. Synonyms: link labels (whole label);
    /// slugs: URL path segments; `markers.classes`: link class or id fragments;
    /// `markers.path_suffixes`: endings of a path segment; `markers.words`: English words counted
    /// on the target page.
    EnglishVersion,
    /// A home link to online services: by synonyms and slugs, or `markers.urls` (URL fragments).
    OnlineServices,
    /// A home link named by the synonyms or slugs, or `markers.text` (phrases) on the home page.
    OnlineServiceStats,
    /// Home links to other state sites: `markers.domains` (a host equal to one or under it).
    GovLinks,
    /// A print or save control on article pages. Synonyms: a control's whole label (text, title or
    /// alt); `markers.attrs`: fragments of its class, id, onclick, href, title or alt.
    PrintSave,
    /// An HTML site map (the criterion's section, judged by its links; `markers.feeds`: URL
    /// fragments of feed links, which do not make a map) and sitemap.xml.
    Sitemap,
    /// A feed that parses. Synonyms: a link's whole label, and words of an HTML comment that hides
    /// a feed link; slugs: fragments of a link's URL.
    Rss,
    /// The home page's declared character set is Unicode.
    Unicode,
    /// Image alt texts, the `lang` attribute and headings.
    Accessibility,
    /// Dublin Core `DC.*` meta elements on the home page or an article.
    DublinCore,
    /// The site's host under one of `markers.domains`, with agency and province labels before it.
    GovDomain,
    /// Dated news items (role `news`) and a footer naming the owner (synonyms, contained) with an
    /// address and a phone or e-mail (`markers.address`, `markers.phone`).
    DatesAndFooter,
    /// The host follows NĐ 224 Đ11.4: `<agency>.<province>.gov.vn` for a department,
    /// `<commune>.<province>.gov.vn` for a commune, the commune's label being its official name
    /// without diacritics. `markers.domains`: the state suffixes (gov.vn); `markers.name_prefixes`:
    /// words of a unit's name that are not in its label ("xã", "phường").
    DomainPattern,
    /// A component of the provincial portal (NĐ 224 Đ11.1): the host under the province's domain, a
    /// link to the province portal, header or footer naming it (`markers.text`), and a link back
    /// when the province portal's pages were crawled.
    ProvincialPortal,
    /// Metadata on the home page and articles (NĐ 224 Đ11.5): title, description, `DC.*`,
    /// OpenGraph, JSON-LD.
    PageMetadata,
    /// The agency's address, phone and e-mail and the focal point for information requests (Luật
    /// TCTT Đ19.1.đ). Synonyms, slugs: the contact page; `markers.address`, `markers.phone` as for
    /// contact_details; `markers.focal`: phrases naming the focal point.
    ContactPoint,
    /// A TTHC/DVC section or links going to the national or provincial DVC portal. Synonyms and
    /// slugs: the section; `markers.hosts`: hosts (or host fragments) of DVC portals, the first
    /// the national portal's.
    PublicServicesIntegration,
    /// The Luật CĐS Đ34.2 items on service quality, as candidates for a person to confirm: one
    /// marker set of phrases per item (`markers.commitment`, `realtime`, `incidents`,
    /// `improvement`, `effectiveness`, `satisfaction`).
    ServiceQuality,
    /// Links to the sites of subordinate units or the parent portal (Luật TCTT Đ19.4):
    /// `markers.domains`: state suffixes a linked host must end with.
    SubordinateLinks,
    /// The spokesperson published with a phone or e-mail (NĐ 244/2026 Đ4). Synonyms: words naming
    /// the spokesperson; slugs: URL fragments of the spokesperson page.
    Spokesperson,
    /// Links to official social-media channels (NĐ 244/2026 Đ5.2): `markers.hosts` (social hosts),
    /// `markers.exclude` (URL fragments of share buttons, which are not channels).
    SocialChannels,
    /// A widget to rate satisfaction with information (NĐ 224 Đ10.3.b). Synonyms: its phrases;
    /// `markers.attrs`: class, id or name fragments of a rating control.
    SatisfactionRating,
    /// Documents' issue dates against their posting dates, in working days (Luật TCTT Đ18.4):
    /// `markers.issued`, `markers.posted`: labels of the two dates; the criterion's
    /// `max_working_days` and `threshold_percent` (share of documents in time).
    PublishingLag,
    /// A valid certificate, http → https, no mixed content (probed at crawl time).
    Https,
    /// An AAAA record and a page served over IPv6 (probed at crawl time).
    Ipv6,
    /// First contentful paint under the threshold (browser stage).
    FirstContentfulPaint,
    /// Largest contentful paint under the threshold (browser stage).
    LargestContentfulPaint,
    /// Full display time (≈ Speed Index) under the threshold (browser stage).
    FullDisplayTime,
    /// No task longer than the threshold while loading (browser stage).
    LongTasks,
    /// A mobile viewport without horizontal scroll (browser stage).
    MobileLayout,
    /// Automated WCAG 2.x checks (browser stage).
    AccessibilityWcag,
}

impl CheckName {
    /// The browser's load-time checks, which read the criterion's `limit_ms`.
    pub fn is_load_time(self) -> bool {
        matches!(
            self,
            CheckName::FirstContentfulPaint
                | CheckName::LargestContentfulPaint
                | CheckName::FullDisplayTime
                | CheckName::LongTasks
        )
    }

    /// Every check, for messages.
    pub const ALL: [CheckName; 36] = [
        CheckName::SiteSearch,
        CheckName::DocumentSearch,
        CheckName::FeedbackChannel,
        CheckName::Qa,
        CheckName::ContactDetails,
        CheckName::EnglishVersion,
        CheckName::OnlineServices,
        CheckName::OnlineServiceStats,
        CheckName::GovLinks,
        CheckName::PrintSave,
        CheckName::Sitemap,
        CheckName::Rss,
        CheckName::Unicode,
        CheckName::Accessibility,
        CheckName::DublinCore,
        CheckName::GovDomain,
        CheckName::DatesAndFooter,
        CheckName::DomainPattern,
        CheckName::ProvincialPortal,
        CheckName::PageMetadata,
        CheckName::ContactPoint,
        CheckName::PublicServicesIntegration,
        CheckName::ServiceQuality,
        CheckName::SubordinateLinks,
        CheckName::Spokesperson,
        CheckName::SocialChannels,
        CheckName::SatisfactionRating,
        CheckName::PublishingLag,
        CheckName::Https,
        CheckName::Ipv6,
        CheckName::FirstContentfulPaint,
        CheckName::LargestContentfulPaint,
        CheckName::FullDisplayTime,
        CheckName::LongTasks,
        CheckName::MobileLayout,
        CheckName::AccessibilityWcag,
    ];

    /// The name as written in a rubric.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckName::SiteSearch => "site_search",
            CheckName::DocumentSearch => "document_search",
            CheckName::FeedbackChannel => "feedback_channel",
            CheckName::Qa => "qa",
            CheckName::ContactDetails => "contact_details",
            CheckName::EnglishVersion => "english_version",
            CheckName::OnlineServices => "online_services",
            CheckName::OnlineServiceStats => "online_service_stats",
            CheckName::GovLinks => "gov_links",
            CheckName::PrintSave => "print_save",
            CheckName::Sitemap => "sitemap",
            CheckName::Rss => "rss",
            CheckName::Unicode => "unicode",
            CheckName::Accessibility => "accessibility",
            CheckName::DublinCore => "dublin_core",
            CheckName::GovDomain => "gov_domain",
            CheckName::DatesAndFooter => "dates_and_footer",
            CheckName::DomainPattern => "domain_pattern",
            CheckName::ProvincialPortal => "provincial_portal",
            CheckName::PageMetadata => "page_metadata",
            CheckName::ContactPoint => "contact_point",
            CheckName::PublicServicesIntegration => "public_services_integration",
            CheckName::ServiceQuality => "service_quality",
            CheckName::SubordinateLinks => "subordinate_links",
            CheckName::Spokesperson => "spokesperson",
            CheckName::SocialChannels => "social_channels",
            CheckName::SatisfactionRating => "satisfaction_rating",
            CheckName::PublishingLag => "publishing_lag",
            CheckName::Https => "https",
            CheckName::Ipv6 => "ipv6",
            CheckName::FirstContentfulPaint => "first_contentful_paint",
            CheckName::LargestContentfulPaint => "largest_contentful_paint",
            CheckName::FullDisplayTime => "full_display_time",
            CheckName::LongTasks => "long_tasks",
            CheckName::MobileLayout => "mobile_layout",
            CheckName::AccessibilityWcag => "accessibility_wcag",
        }
    }

    /// The check named `name` in a rubric.
    pub fn parse(name: &str) -> Option<CheckName> {
        CheckName::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The marker sets the check reads (each required, none other allowed).
    pub fn markers(self) -> &'static [&'static str] {
        match self {
            CheckName::SiteSearch => &["inputs"],
            CheckName::DocumentSearch => &["inputs", "input_words", "fields"],
            CheckName::ContactDetails => &["address", "phone"],
            CheckName::DatesAndFooter => &["address", "phone", "responsible"],
            CheckName::EnglishVersion => &["classes", "path_suffixes", "words"],
            CheckName::OnlineServices => &["urls"],
            CheckName::OnlineServiceStats => &["text"],
            CheckName::GovLinks | CheckName::GovDomain => &["domains"],
            CheckName::PrintSave => &["attrs"],
            CheckName::Sitemap => &["feeds"],
            CheckName::DomainPattern => &["domains", "name_prefixes"],
            CheckName::ProvincialPortal => &["domains", "text"],
            CheckName::ContactPoint => &["address", "phone", "focal"],
            CheckName::PublicServicesIntegration => &["hosts"],
            CheckName::ServiceQuality => &[
                "commitment",
                "realtime",
                "incidents",
                "improvement",
                "effectiveness",
                "satisfaction",
            ],
            CheckName::SubordinateLinks => &["domains"],
            CheckName::SocialChannels => &["hosts", "exclude"],
            CheckName::SatisfactionRating => &["attrs"],
            CheckName::PublishingLag => &["issued", "posted"],
            CheckName::FeedbackChannel
            | CheckName::Qa
            | CheckName::Rss
            | CheckName::Unicode
            | CheckName::Accessibility
            | CheckName::DublinCore
            | CheckName::PageMetadata
            | CheckName::Spokesperson
            | CheckName::Https
            | CheckName::Ipv6
            | CheckName::FirstContentfulPaint
            | CheckName::LargestContentfulPaint
            | CheckName::FullDisplayTime
            | CheckName::LongTasks
            | CheckName::MobileLayout
            | CheckName::AccessibilityWcag => &[],
        }
    }

    /// Whether the check reads the criterion's synonyms (so an empty list would make it blind).
    pub fn reads_synonyms(self) -> bool {
        !matches!(
            self,
            CheckName::GovLinks
                | CheckName::Unicode
                | CheckName::Accessibility
                | CheckName::DublinCore
                | CheckName::GovDomain
                | CheckName::DomainPattern
                | CheckName::ProvincialPortal
                | CheckName::PageMetadata
                | CheckName::ServiceQuality
                | CheckName::SubordinateLinks
                | CheckName::SocialChannels
                | CheckName::PublishingLag
                | CheckName::Https
                | CheckName::Ipv6
                | CheckName::FirstContentfulPaint
                | CheckName::LargestContentfulPaint
                | CheckName::FullDisplayTime
                | CheckName::LongTasks
                | CheckName::MobileLayout
                | CheckName::AccessibilityWcag
        )
    }

    /// Where the check's facts come from: the stored pages, crawl-time network probes, or the
    /// browser stage.
    pub fn stage(self) -> Stage {
        match self {
            CheckName::Https | CheckName::Ipv6 => Stage::Network,
            CheckName::FirstContentfulPaint
            | CheckName::LargestContentfulPaint
            | CheckName::FullDisplayTime
            | CheckName::LongTasks
            | CheckName::MobileLayout
            | CheckName::AccessibilityWcag => Stage::Browser,
            _ => Stage::Pages,
        }
    }

    /// The role another criterion must play for this check to have its input.
    pub fn needs_role(self) -> Option<Role> {
        match self {
            CheckName::DatesAndFooter => Some(Role::News),
            _ => None,
        }
    }
}

/// Where a check's facts come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// The stored HTML pages of the crawl.
    Pages,
    /// Facts probed at crawl time (TLS, IPv6).
    Network,
    /// A headless browser's measurements.
    Browser,
}

/// A part a criterion plays for other criteria (at most one criterion per role).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The news section: its items are the site's dated articles (dates on items, articles to
    /// print, Dublin Core) and its freshness is the site's news summary.
    News,
    /// The documents section: where document search is looked for first.
    Documents,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::News => "news",
            Role::Documents => "documents",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_name_reads_back() {
        for c in CheckName::ALL {
            assert_eq!(CheckName::parse(c.as_str()), Some(c));
            let via_serde: CheckName = serde_json::from_value(serde_json::json!(c.as_str())).unwrap();
            assert_eq!(via_serde, c);
        }
        assert_eq!(CheckName::parse("sitemapp"), None);
    }
}
