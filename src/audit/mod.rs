//! The website audit: from a stored [`crate::snapshot::SiteSnapshot`] (never the network), find the
//! sections and functions the rubric asks for and score the Website/Portal group with evidence.
//!
//! [`model`] holds the result types every later stage reads.

pub mod dates;
pub mod model;
