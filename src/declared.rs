//! declared (in progress)
