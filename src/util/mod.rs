//! Small helpers shared by every stage: Vietnamese text folding and number formatting.

pub mod text;
pub mod vnformat;
