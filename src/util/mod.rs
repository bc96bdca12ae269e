//! Small helpers shared by every stage: Vietnamese text folding, number formatting and reading,
//! Vietnam's calendar day (the evaluation's as-of day), and depth-bounded HTML parsing.

pub mod html;
pub mod text;
pub mod time;
pub mod vnformat;
