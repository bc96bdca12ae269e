//! The website audit: from a stored [`crate::snapshot::SiteSnapshot`] (never the network), find the
//! sections and functions the rubric asks for and score the Website/Portal group with evidence.
//!
//! [`model`] holds the result types every later stage reads; [`audit_site`] is the entry point.
//! The stages: [`view`] (pages parsed once) → [`profiles`] (which CMS, where things are) →
//! [`sections`] and [`items`] (content criteria, with [`dates`]) → [`checks`] (yes/no criteria, with [`contacts`]) →
//! [`score`] (points, outcome, confidence, evidence); [`explain`](mod@explain) renders a result in Vietnamese.
//! [`urls`] holds the URL words both [`view`] and [`sections`] read.

pub mod checks;
pub mod contacts;
pub use crate::util::dates;
pub mod explain;
pub mod items;
pub mod model;
pub mod profiles;
pub mod score;
pub mod sections;
pub mod urls;
pub mod view;

pub use checks::{UnitFacts, province_label};
pub use explain::explain;
pub use profiles::Profiles;
pub use score::{audit_site, audit_unit_site};
