//! Small helpers shared by every stage: body decoding ([`charset`], for the crawler and the store),
//! Vietnamese text folding ([`text`], the `ictrank-text` crate), number formatting and reading
//! ([`vnformat`]), Vietnam's calendar day (the evaluation's as-of day, [`time`]), depth-bounded
//! HTML parsing ([`html`]), Vietnamese dates in page text ([`dates`]: the audit dates items with
//! it, the crawler reads how far back a news list page reaches) the allocator's handling of
//! page-sized blocks ([`memory`]) and the process's descriptor table ([`fds`]).

pub mod charset;
pub mod dates;
pub mod fds;
pub mod html;
pub mod memory;
pub use ictrank_text as text;
pub mod time;
pub mod vnformat;
