//! rubric (in progress)
