//! rank (in progress)
