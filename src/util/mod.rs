//! Small helpers shared by every stage: Vietnamese text folding ([`text`], the `ictrank-text`
//! crate) and number formatting ([`vnformat`]).

pub use ictrank_text as text;
pub mod vnformat;
