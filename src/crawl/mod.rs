//! The polite, concurrent crawler (issue: crawler). Fetches each unit's site and stores what it saw
//! as a [`crate::snapshot::SiteSnapshot`].
