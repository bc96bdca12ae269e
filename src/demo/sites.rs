//! The demo sites: which unit has which site, on which platform and in which condition, and the
//! generated pages of each, kept in memory and answered by [`Site::respond`].
//!
//! Main types: [`SiteSpec`] (one row of [`SITES`]), [`Platform`], [`Condition`], [`Site`] (the pages of
//! one site built for an evaluation date) and [`Reply`] (what the server sends back).

use super::content::{self, Content};
use super::platforms;
use super::render;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The kind of unit a site belongs to (sets a few words of the content).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Department,
    District,
}

/// The platform whose public templates a site's markup follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// The state a demo site is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug)]
pub struct SiteSpec {
    pub unit_id: &'static str,
    pub host: &'static str,
    pub agency: &'static str,
    pub english_name: &'static str,
    /// The territory (districts) or the province (departments), for geography pages.
    pub place: &'static str,
    pub kind: UnitKind,
    pub platform: Platform,
    pub condition: Condition,
    /// Varies numbers and ids between sites.
    pub seed: u32,
    /// The issuing code in document numbers ("QĐ-STTTT").
    pub doc_code: &'static str,
}

impl SiteSpec {
    /// The agency's name without its administrative prefix, as news items cite their source.
    pub fn short_name(&self) -> &'static str {
        self.doc_code
    }

    pub fn mail_domain(&self) -> &'static str {
        self.host.trim_start_matches("www.")
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.host)
    }
}

#[allow(clippy::too_many_arguments)] // a table row: one argument per column
const fn site(
    unit_id: &'static str,
    host: &'static str,
    agency: &'static str,
    english_name: &'static str,
    kind: UnitKind,
    platform: Platform,
    condition: Condition,
    seed: u32,
    doc_code: &'static str,
) -> SiteSpec {
    SiteSpec {
        unit_id,
        host,
        agency,
        english_name,
        place: match kind {
            UnitKind::Department => "Tỉnh Thử Nghiệm",
            UnitKind::District => agency,
        },
        kind,
        platform,
        condition,
        seed,
        doc_code,
    }
}

use Condition::*;
use UnitKind::*;

/// Every demo site, one per unit with a website in data/evaluations/demo/units.toml.
pub const SITES: &[SiteSpec] = &[
    site(
        "so-thong-tin-va-truyen-thong",
        "stttt.thunghiem.gov.vn",
        "Sở Thông tin và Truyền thông",
        "Department of Information and Communications",
        Department,
        Platform::Liferay,
        Fresh,
        1,
        "STTTT",
    ),
    site(
        "so-tu-phap",
        "stp.thunghiem.gov.vn",
        "Sở Tư pháp",
        "Department of Justice",
        Department,
        Platform::SharePoint,
        Fresh,
        2,
        "STP",
    ),
    site(
        "so-ke-hoach-va-dau-tu",
        "skhdt.thunghiem.gov.vn",
        "Sở Kế hoạch và Đầu tư",
        "Department of Planning and Investment",
        Department,
        Platform::NukeViet { rewrite: false },
        Fresh,
        3,
        "SKHĐT",
    ),
    site(
        "so-tai-chinh",
        "stc.thunghiem.gov.vn",
        "Sở Tài chính",
        "Department of Finance",
        Department,
        Platform::Inet,
        Fresh,
        4,
        "STC",
    ),
    site(
        "so-noi-vu",
        "snv.thunghiem.gov.vn",
        "Sở Nội vụ",
        "Department of Home Affairs",
        Department,
        Platform::Generic,
        Stale,
        5,
        "SNV",
    ),
    site(
        "so-y-te",
        "syt.thunghiem.gov.vn",
        "Sở Y tế",
        "Department of Health",
        Department,
        Platform::DotNetNuke,
        MissingSections,
        6,
        "SYT",
    ),
    site(
        "so-xay-dung",
        "sxd.thunghiem.gov.vn",
        "Sở Xây dựng",
        "Department of Construction",
        Department,
        Platform::Generic,
        Challenge,
        7,
        "SXD",
    ),
    site(
        "van-phong-ubnd-tinh",
        "vpubnd.thunghiem.gov.vn",
        "Văn phòng UBND tỉnh",
        "Office of the Provincial People's Committee",
        Department,
        Platform::Generic,
        Fresh,
        8,
        "VPUBND",
    ),
    site(
        "ubnd-thanh-pho-thu-nghiem",
        "tpthunghiem.thunghiem.gov.vn",
        "UBND thành phố Thử Nghiệm",
        "People's Committee of Thu Nghiem City",
        District,
        Platform::Liferay,
        Fresh,
        9,
        "UBND",
    ),
    site(
        "ubnd-huyen-an-binh",
        "anbinh.thunghiem.gov.vn",
        "UBND huyện An Bình",
        "People's Committee of An Binh District",
        District,
        Platform::WordPress,
        Fresh,
        10,
        "UBND",
    ),
    site(
        "ubnd-thi-xa-dong-phu",
        "dongphu.thunghiem.gov.vn",
        "UBND thị xã Đông Phú",
        "People's Committee of Dong Phu Town",
        District,
        Platform::NukeViet { rewrite: true },
        Fresh,
        11,
        "UBND",
    ),
    site(
        "ubnd-huyen-song-xanh",
        "songxanh.thunghiem.gov.vn",
        "UBND huyện Sông Xanh",
        "People's Committee of Song Xanh District",
        District,
        Platform::Generic,
        Unreachable,
        12,
        "UBND",
    ),
];

/// The demo site of a unit, if it has one.
pub fn site_of_unit(unit_id: &str) -> Option<&'static SiteSpec> {
    SITES.iter().find(|s| s.unit_id == unit_id)
}

/// The cookie the challenge page sets; a client sending it back gets the real pages.
pub const CHALLENGE_COOKIE: &str = "D0N=7c3f0a91d2b84e65";

/// What the server answers to one request.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    /// Target of a redirect.
    pub location: Option<String>,
}

impl Reply {
    pub fn html(body: String) -> Reply {
        Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body,
            location: None,
        }
    }

    pub fn typed(content_type: &'static str, body: String) -> Reply {
        Reply {
            status: 200,
            content_type,
            body,
            location: None,
        }
    }

    pub fn redirect(to: String) -> Reply {
        Reply {
            status: 302,
            content_type: "text/html; charset=utf-8",
            body: format!("<html><body><a href=\"{to}\">{to}</a></body></html>"),
            location: Some(to),
        }
    }

    pub fn not_found() -> Reply {
        Reply {
            status: 404,
            content_type: "text/html; charset=utf-8",
            body: "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>404 - Không tìm thấy trang</title></head>\
                   <body><h1>Không tìm thấy trang</h1><p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa.</p></body></html>"
                .into(),
            location: None,
        }
    }
}

/// The pages of one site, generated for one evaluation date.
pub struct Site {
    pub spec: SiteSpec,
    pub content: Content,
    /// Path (with query, as linked) → reply.
    pages: HashMap<String, Reply>,
}

impl Site {
    /// Generates every page of `spec`'s site as of `as_of`.
    pub fn build(spec: &SiteSpec, as_of: NaiveDate) -> Site {
        let links = SITES
            .iter()
            .filter(|s| s.host != spec.host)
            .take(6)
            .map(|s| (s.agency.to_string(), s.url()))
            .collect();
        let content = content::build(spec, as_of, links);
        let pages = render::pages(&content, platforms::skin(spec.platform));
        Site {
            spec: spec.clone(),
            content,
            pages,
        }
    }

    /// The paths this site serves (without the search results, which answer any query).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.pages.keys().map(String::as_str)
    }

    /// Answers a GET of `path` with `query` (raw, without `?`); `cookie` is the request's Cookie header.
    pub fn respond(&self, path: &str, query: Option<&str>, cookie: Option<&str>) -> Reply {
        if self.spec.condition == Condition::Challenge
            && path != "/robots.txt"
            && !cookie.is_some_and(|c| c.split(';').any(|kv| kv.trim() == CHALLENGE_COOKIE))
        {
            return Reply::html(challenge_page());
        }
        let skin = platforms::skin(self.spec.platform);
        if let Some(q) = skin.search_query(path, query) {
            return render::search_results(&self.content, skin, &q);
        }
        if let Some(q) = query
            && let Some(r) = self.pages.get(&format!("{path}?{q}"))
        {
            return r.clone();
        }
        // Unknown parameters are ignored, as most portals do (tracking tags, session ids).
        self.pages.get(path).cloned().unwrap_or_else(Reply::not_found)
    }
}

/// A page like the anti-bot walls some government hosts put in front of their portal: a script that
/// sets a cookie and reloads, nothing else (cf. corpus/real/chinhphu.vn/root-commoncrawl-2018-13.html).
fn challenge_page() -> String {
    let (name, value) = CHALLENGE_COOKIE.split_once('=').unwrap();
    format!(
        "<html><body><script>document.cookie=\"{name}={value}\"+\"; path=/\";window.location.reload(true);</script></body></html>"
    )
}
