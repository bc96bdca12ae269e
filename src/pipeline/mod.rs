//! The whole job: crawl every unit's site, audit, merge with declared data and overrides, rank and
//! report — and what a year of monthly runs adds: the annual website score and changes between runs.
//!
//! Submodules: [`merge`] (a unit's website group from audit, declarations and overrides),
//! [`annual`] (monthly scores → annual), [`changes`] (what moved between two runs), [`lock`] (one
//! run at a time).

pub mod annual;
pub mod changes;
pub mod lock;
pub mod merge;
pub mod overrides;
