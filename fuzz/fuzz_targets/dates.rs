//! Fuzzes the Vietnamese date finder: no input may panic it, every span it returns must be a
//! non-empty slice of the input on character boundaries, and no item date may follow the as-of date.
#![no_main]

use chrono::{Datelike, NaiveDate};
use ictrank::audit::dates::{find_dates, is_clock_text, item_date, parse_iso, parse_rfc2822_local};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for f in find_dates(text) {
        assert!(f.start < f.end && f.end <= text.len());
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
    }
    let as_of = NaiveDate::from_ymd_opt(2022, 8, 27).unwrap();
    if let Some(d) = item_date(text, as_of) {
        assert!(d <= as_of && d.year() >= 1995);
    }
    let _ = is_clock_text(text, as_of);
    let _ = parse_iso(text);
    let _ = parse_rfc2822_local(text);
});
