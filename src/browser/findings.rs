//! What the browser stage saw of one site, as the audit reads it back from the store: the contract
//! between [`crate::browser`] (which writes it) and the browser checks of [`crate::audit`].
//!
//! Main types: [`SiteFindings`] (one site), [`PageFindings`] (one sampled page) with [`Perf`],
//! [`Mobile`] and [`A11y`]; [`RenderedPage`] (a page the audit reads as the browser built it).

use crate::snapshot::Page;
use serde::{Deserialize, Serialize};

/// The browser stage's findings for one site.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SiteFindings {
    /// The browser that measured ("Chromium 156.0…"), empty when none ran.
    pub browser: String,
    /// The network profile of the load measurements, in Vietnamese (stated in the evidence).
    pub network: String,
    /// Loads per page whose median is reported.
    pub loads: u32,
    /// How the browser's requests were guarded and paced, in Vietnamese (stated in the evidence).
    #[serde(default)]
    pub pacing: String,
    /// Set when the stage could not look at the site (Chromium missing, crashed, timed out): every
    /// browser criterion is then "could not verify" with this cause (Vietnamese).
    pub error: Option<String>,
    pub pages: Vec<PageFindings>,
    /// Pages whose static HTML lacked what the rendered page has: the audit reads these instead.
    #[serde(default)]
    pub rendered: Vec<RenderedPage>,
    /// When the crawl met a script challenge: what the real browser made of it.
    #[serde(default)]
    pub challenge: Option<ChallengePass>,
}

/// Which page of the sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sample {
    Home,
    List,
    Article,
}

impl Sample {
    /// Its Vietnamese name in evidence.
    pub fn label(self) -> &'static str {
        match self {
            Sample::Home => "trang chủ",
            Sample::List => "trang danh sách",
            Sample::Article => "trang bài viết",
        }
    }
}

/// One sampled page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageFindings {
    pub url: String,
    pub sample: Sample,
    pub perf: Option<Perf>,
    pub mobile: Option<Mobile>,
    pub a11y: Option<A11y>,
    /// Why part of this page could not be measured (Vietnamese).
    #[serde(default)]
    pub errors: Vec<String>,
}

/// Load performance: the median over the loads (milliseconds from navigation start).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Perf {
    pub fcp_ms: Option<f64>,
    pub lcp_ms: Option<f64>,
    /// Speed-Index-like full display: the last moment the first screen changed (largest paint,
    /// layout shifts, images and styles of the first screen finished).
    pub full_display_ms: Option<f64>,
    /// The longest main-thread task (0 when none passed the browser's 50 ms long-task mark).
    pub longest_task_ms: f64,
    pub long_tasks: u32,
    /// Each load's numbers, for the evidence.
    pub runs: Vec<PerfRun>,
}

/// One load's numbers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PerfRun {
    pub fcp_ms: Option<f64>,
    pub lcp_ms: Option<f64>,
    pub full_display_ms: Option<f64>,
    pub longest_task_ms: f64,
    pub long_tasks: u32,
}

/// The page at a phone's width.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mobile {
    /// The viewport width used (CSS pixels).
    pub width: u32,
    /// The `<meta name="viewport">` content, when present.
    pub viewport_meta: Option<String>,
    /// The document's scroll width at that viewport: wider means a horizontal scroll.
    pub scroll_width: u32,
    /// Where the screenshot was saved, when it was.
    pub screenshot: Option<String>,
}

impl Mobile {
    /// Fits a phone: a viewport meta tag and no horizontal overflow.
    pub fn fits(&self) -> bool {
        self.viewport_meta.as_deref().is_some_and(|m| m.contains("width")) && self.scroll_width <= self.width + 1
    }
}

/// axe-core's WCAG 2.x A/AA result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct A11y {
    pub axe_version: String,
    pub violations: Vec<Violation>,
}

/// One axe rule the page breaks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    /// The axe rule id ("image-alt", "label").
    pub id: String,
    /// "minor", "moderate", "serious" or "critical".
    pub impact: Option<String>,
    pub help: String,
    /// How many elements break it.
    pub nodes: u32,
    /// CSS selectors of the first few.
    pub targets: Vec<String>,
}

/// A page read as the browser built it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RenderedPage {
    pub url: String,
    /// The rendered DOM (`document.documentElement.outerHTML`).
    pub html: String,
    /// Why (Vietnamese): what the static HTML lacked.
    pub why: String,
}

/// The browser at a script challenge.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChallengePass {
    pub passed: bool,
    /// What happened (Vietnamese).
    pub detail: String,
    /// The site's pages as the browser read them after the challenge (home first).
    pub pages: Vec<Page>,
}
