//! Small helpers shared by every stage: body decoding ([`charset`], for the crawler and the store),
//! Vietnamese text folding ([`text`], the `ictrank-text` crate) and number formatting ([`vnformat`]).

pub mod charset;
pub use ictrank_text as text;
pub mod vnformat;
