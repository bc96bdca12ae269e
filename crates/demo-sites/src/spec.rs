//! Which demo site belongs to which unit, on which platform and in which condition: the table of
//! data/sites.toml, bundled in the crate and read once.
//!
//! Main types: [`SiteSpec`] (one row), [`Platform`], [`Condition`], [`UnitKind`], [`Transport`]; main
//! items: [`SITES`] (the 2016-rules demo), [`SITES_2026`] (the current-regime demo) and [`site_of_unit`].

use serde::Deserialize;
use std::sync::LazyLock;

/// The kind of unit a site belongs to (sets a few words of the content).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Department,
    District,
    /// UBND xã, phường, đặc khu (the current regime's local level).
    Commune,
}

/// How a site is reached (the current-regime demo's network checks: HTTPS and IPv6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Transport {
    /// Plain HTTP on 127.0.0.1; no HTTPS service.
    #[default]
    Http,
    /// HTTPS with a certificate of the demo CA; http:// redirects to https://.
    Https,
    /// HTTPS with an expired certificate; http:// serves the pages without redirecting.
    BrokenCertificate,
    /// Plain HTTP on the IPv6 loopback `[::1]` only.
    Ipv6,
}

/// The platform whose public templates a site's markup follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum Platform {
    Liferay,
    SharePoint,
    /// NukeViet 4; `rewrite` says whether URLs are rewritten (`/news/tin-tuc/`) or not
    /// (`/index.php?language=vi&nv=news&op=tin-tuc`).
    NukeViet {
        rewrite: bool,
    },
    Inet,
    WordPress,
    DotNetNuke,
    /// Hand-written HTML matching no known platform.
    Generic,
}

impl Platform {
    /// The selector profile id the auditor should recognise ("generic" for none).
    pub fn profile(self) -> &'static str {
        match self {
            Platform::Liferay => "liferay",
            Platform::SharePoint => "sharepoint",
            Platform::NukeViet { .. } => "nukeviet",
            Platform::Inet => "inet",
            Platform::WordPress => "wordpress",
            Platform::DotNetNuke => "dotnetnuke",
            Platform::Generic => "generic",
        }
    }
}

impl TryFrom<String> for Platform {
    type Error = String;

    /// The platform's name in data/sites.toml: its profile id, or "nukeviet-rewrite".
    fn try_from(name: String) -> Result<Platform, String> {
        Ok(match name.as_str() {
            "liferay" => Platform::Liferay,
            "sharepoint" => Platform::SharePoint,
            "nukeviet" => Platform::NukeViet { rewrite: false },
            "nukeviet-rewrite" => Platform::NukeViet { rewrite: true },
            "inet" => Platform::Inet,
            "wordpress" => Platform::WordPress,
            "dotnetnuke" => Platform::DotNetNuke,
            "generic" => Platform::Generic,
            _ => {
                return Err(format!(
                    "unknown platform \"{name}\" (liferay, sharepoint, nukeviet, nukeviet-rewrite, inet, wordpress, \
                     dotnetnuke, generic)"
                ));
            }
        })
    }
}

/// The state a demo site is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    /// Every section present, updated within days of the evaluation date.
    Fresh,
    /// Every section present, but the newest news item is 200 days old and the newest document 400.
    Stale,
    /// Fresh, but without Hỏi đáp, Lịch công tác, RSS, site map (page and sitemap.xml) and search.
    MissingSections,
    /// Every page answers a script that sets a cookie and reloads (an anti-bot wall).
    Challenge,
    /// The host resolves to a loopback port where nothing listens.
    Unreachable,
}

/// One demo site: the unit it belongs to, its host and what it is like.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSpec {
    pub unit_id: String,
    pub host: String,
    pub agency: String,
    pub english_name: String,
    /// The territory (districts) or the province (departments), for geography pages.
    pub place: String,
    pub kind: UnitKind,
    pub platform: Platform,
    pub condition: Condition,
    /// Varies numbers and ids between sites.
    pub seed: u32,
    /// The issuing code in document numbers ("QĐ-STTTT").
    pub doc_code: String,
    /// How the site is reached (plain HTTP on 127.0.0.1 when absent).
    #[serde(default)]
    pub transport: Transport,
    /// Days between a document's issue and its posting, shown in a "Ngày đăng" column of the
    /// documents table (none: the column is not shown, as on the 2015 demo's sites).
    #[serde(default)]
    pub posting_lag_days: Option<i64>,
}

impl SiteSpec {
    /// The agency's name without its administrative prefix, as news items cite their source.
    pub fn short_name(&self) -> &str {
        &self.doc_code
    }

    pub fn mail_domain(&self) -> &str {
        self.host.trim_start_matches("www.")
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.host)
    }
}

/// Every demo site, in the order of data/sites.toml.
pub static SITES: LazyLock<Vec<SiteSpec>> = LazyLock::new(|| {
    parse_sites(include_str!("../data/sites.toml")).unwrap_or_else(|e| panic!("data/sites.toml (bundled): {e}"))
});

/// The sites of the current-regime demo (NĐ 224/2026: departments and communes under the domain
/// patterns, some over HTTPS, one with a broken certificate, one on IPv6), in the order of
/// data/sites-2026.toml.
pub static SITES_2026: LazyLock<Vec<SiteSpec>> = LazyLock::new(|| {
    parse_sites(include_str!("../data/sites-2026.toml"))
        .unwrap_or_else(|e| panic!("data/sites-2026.toml (bundled): {e}"))
});

/// The demo site of a unit, if it has one.
pub fn site_of_unit(unit_id: &str) -> Option<&'static SiteSpec> {
    SITES.iter().find(|s| s.unit_id == unit_id)
}

/// Reads a sites table; hosts must be distinct.
fn parse_sites(text: &str) -> Result<Vec<SiteSpec>, String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Table {
        site: Vec<SiteSpec>,
    }
    let sites = toml::from_str::<Table>(text).map_err(|e| e.to_string())?.site;
    let mut hosts = std::collections::HashSet::new();
    if let Some(dup) = sites.iter().find(|s| !hosts.insert(s.host.as_str())) {
        return Err(format!("host {} appears twice", dup.host));
    }
    Ok(sites)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_reads_with_every_platform_and_condition() {
        assert_eq!(SITES.len(), 12);
        let nv = site_of_unit("ubnd-thi-xa-dong-phu").unwrap();
        assert_eq!(nv.platform, Platform::NukeViet { rewrite: true });
        assert_eq!(nv.kind, UnitKind::District);
        assert_eq!(nv.place, "UBND thị xã Đông Phú");
        for c in [
            Condition::Fresh,
            Condition::Stale,
            Condition::MissingSections,
            Condition::Challenge,
            Condition::Unreachable,
        ] {
            assert!(SITES.iter().any(|s| s.condition == c), "{c:?}");
        }
        assert!(site_of_unit("so-khong-co").is_none());
    }

    #[test]
    fn a_bad_row_is_named() {
        let row = |platform: &str, host: &str| {
            format!(
                "[[site]]\nunit_id = \"u\"\nhost = \"{host}\"\nagency = \"A\"\nenglish_name = \"A\"\nplace = \"P\"\n\
                 kind = \"department\"\nplatform = \"{platform}\"\ncondition = \"fresh\"\nseed = 1\ndoc_code = \"A\"\n"
            )
        };
        let e = parse_sites(&row("joomla", "a.vn")).unwrap_err();
        assert!(e.contains("unknown platform \"joomla\""), "{e}");
        let e = parse_sites(&(row("generic", "a.vn") + &row("inet", "a.vn"))).unwrap_err();
        assert!(e.contains("host a.vn appears twice"), "{e}");
    }
}
