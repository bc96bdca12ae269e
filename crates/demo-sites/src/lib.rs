//! The fixture websites of ictrank's demo: a fictional province ("tỉnh Thử Nghiệm") whose agencies'
//! sites are generated in memory for an evaluation date, in the markup of the platforms Vietnamese
//! agencies use (Liferay, SharePoint, NukeViet, iNet, WordPress, DotNetNuke, hand-written HTML), and
//! served on loopback, so that a crawl and an audit can run offline. A site can be fresh, stale,
//! missing sections, behind an anti-bot challenge, or unreachable.
//!
//! The crate knows nothing of ictrank: it says which unit id each site belongs to, and ictrank wires
//! the sites to its pipeline. What the sites say is data: data/sites.toml (which site, on which
//! platform, in which condition) and data/prose.toml (every text), both bundled.
//!
//! Modules, lowest first: [`spec`] (the sites table), [`prose`] (the texts), [`markup`] (escaping,
//! date formats), [`reply`]; [`content`] (what one site says), [`skin`] (what a platform template is)
//! and [`platforms`] (one per platform); [`render`] (content through a skin into pages); [`site`] (a
//! site's pages, answering requests), [`server`] (the loopback server) and [`front`] (HTTPS, the
//! http → https redirect and IPv6 before it, for the current-regime demo). Main items: [`serve`],
//! [`serve_current`], [`serve_sites`], [`DemoServer`], [`SITES`], [`SITES_2026`], [`SiteSpec`], [`Site`].

pub mod content;
pub mod front;
pub mod markup;
pub mod platforms;
pub mod prose;
pub mod render;
pub mod reply;
pub mod server;
pub mod site;
pub mod skin;
pub mod spec;

pub use reply::Reply;
pub use server::{DemoServer, serve, serve_current, serve_sites};
pub use site::{CHALLENGE_COOKIE, Site};
pub use spec::{Condition, Platform, SITES, SITES_2026, SiteSpec, Transport, UnitKind, site_of_unit};
