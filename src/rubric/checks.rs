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
}

impl CheckName {
    /// Every check, for messages.
    pub const ALL: [CheckName; 17] = [
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
            CheckName::FeedbackChannel
            | CheckName::Qa
            | CheckName::Rss
            | CheckName::Unicode
            | CheckName::Accessibility
            | CheckName::DublinCore => &[],
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
        )
    }

    /// The role another criterion must play for this check to have its input.
    pub fn needs_role(self) -> Option<Role> {
        match self {
            CheckName::DatesAndFooter => Some(Role::News),
            _ => None,
        }
    }
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
