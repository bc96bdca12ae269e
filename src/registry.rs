//! registry (in progress)
