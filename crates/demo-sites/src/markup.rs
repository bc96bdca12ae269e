//! Small markup helpers every platform template shares: HTML escaping, the date formats Vietnamese
//! portals print ("23/11/2026", "Thứ Hai, 23/11/2026", ISO with +07:00) and query strings.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// "23/11/2026".
pub fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// "23/11/2026 08:15".
pub fn dmy_hm(d: NaiveDateTime) -> String {
    d.format("%d/%m/%Y %H:%M").to_string()
}

/// "Thứ Hai, 23/11/2026".
pub fn weekday_dmy(d: NaiveDate) -> String {
    format!("{}, {}", weekday_vi(d.weekday()), dmy(d))
}

/// ISO 8601 with the Vietnamese offset, for `datetime` attributes and Dublin Core.
pub fn iso(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S+07:00").to_string()
}

/// Appends a query parameter to a path that may already have a query.
pub fn with_param(path: &str, param: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}{param}")
}

/// Vietnamese weekday name as printed before dates ("Thứ Hai", "Chủ nhật").
pub fn weekday_vi(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

/// Reads one parameter from a raw query string (percent-decoded, `+` as space).
pub fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}
