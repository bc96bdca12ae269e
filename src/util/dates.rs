//! Vietnamese dates in page text, meta tags and feeds, read day first in Asia/Ho_Chi_Minh.
//!
//! [`find_dates`] lists every candidate date in a text as a [`FoundDate`] with a [`DateKind`] telling
//! what it is: a publication date behind a label ("Ngày đăng", "Cập nhật lúc", "Ngày ban hành"), a plain
//! date as news lists print it, the long form "ngày 07 tháng 02 năm 2017", an ISO date, or one that is
//! *not* an item's date — the date of a quoted document ("Kế hoạch số 34/KH-UBND ngày 29/01/2019"), a
//! date in running prose ("Sáng ngày 17/01/2019, …") or either end of a range ("27/7/1947 - 27/7/2022").
//! [`item_date`] picks the one date that dates an item; [`is_clock_text`] recognises a "today" clock
//! in a header bar; [`parse_iso`] and [`parse_rfc2822_local`] read meta tags, JSON-LD and RSS;
//! [`plausible_item_date`] is the one test every item date passes (1995 to the as-of day).
//!
//! Numeric dates are always day/month/year: "05/13/2022" is no date at all, never 13 May. Impossible
//! dates (31/02) are never produced. Input is expected in Unicode NFC, as the snapshot layer stores it.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use regex::Regex;

pub use crate::util::time::vn_offset;

/// What a found date is, which decides whether it may date an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateKind {
    /// Behind a publication label: "Ngày đăng", "Cập nhật lúc", "Ngày ban hành", "Publish date", "Ngày:".
    Labelled,
    /// A bare numeric date, as news lists and article headers print it ("27/07/2022 | 04:04 PM").
    Plain,
    /// "ngày 07 tháng 02 năm 2017" (not a document reference).
    Long,
    /// ISO 8601 ("2026-11-18T15:20:00+07:00"), as hidden microdata spans carry it.
    Iso,
    /// The date of a quoted document: "Quyết định số 123/QĐ-UBND ngày …", "Căn cứ … ngày …".
    Quoted,
    /// A date inside running prose or a deadline: "Ngày 11/7/2022, Thanh tra …", "hiệu lực …".
    Mention,
    /// An end of a range or one of a list: "(27/7/1947 - 27/7/2022)", "Từ 20/08/2024 - Đến
    /// 20/09/2024", "các ngày 15/10/2026 và 25/10/2026", "ngày 13 và 14/01/2018".
    Range,
}

impl DateKind {
    /// Whether a date of this kind can be an item's own date.
    pub fn may_date_item(self) -> bool {
        matches!(
            self,
            DateKind::Labelled | DateKind::Plain | DateKind::Long | DateKind::Iso
        )
    }
}

/// One date found in a text. `start..end` is the byte span of the date expression in the text given
/// to [`find_dates`], including a weekday before it and a time before or after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Calendar date, local to Asia/Ho_Chi_Minh.
    pub date: NaiveDate,
    /// Local time of day when one is printed next to the date.
    pub time: Option<NaiveTime>,
    /// Weekday printed before the date ("Thứ bảy", "T7", "CN"), whether or not it agrees with it.
    pub weekday: Option<Weekday>,
    pub start: usize,
    pub end: usize,
    pub kind: DateKind,
}

impl FoundDate {
    /// True when a weekday is printed and it is the date's weekday.
    pub fn weekday_agrees(&self) -> bool {
        self.weekday == Some(self.date.weekday())
    }
}

/// Earliest year an item on a website can carry; older dates are anniversaries, history or a
/// placeholder (`0000-00-00`, the Unix epoch, `1900-01-01`).
pub const FIRST_WEB_YEAR: i32 = 1995;

/// Whether `date` may date an item as of `as_of`: not before [`FIRST_WEB_YEAR`] and not after
/// `as_of`. Every carrier — page text, `<time>` tags, meta tags, microdata, JSON-LD, feeds — goes
/// through this one test.
pub fn plausible_item_date(date: NaiveDate, as_of: NaiveDate) -> bool {
    date.year() >= FIRST_WEB_YEAR && date <= as_of
}

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,2})(\s?[/.\-]\s?)(\d{1,2})(\s?[/.\-]\s?)(\d{2,4})").expect("numeric date regex")
});

static LONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)ng[àa]y\s+(\d{1,2})\s+th[áa]ng\s+(\d{1,2})\s*,?\s+n[ăa]m\s+(\d{4})").expect("long date regex")
});

static ISO_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{4})-(\d{2})-(\d{2})(?:(?:[T ]|[+-]\d{2}(?::?\d{2})?)\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?",
    )
    .expect("iso date regex")
});

/// A time printed after a date: "| 04:04 PM", " 15:20", ", lúc 8h30", " 03:20:00 PM".
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:[|,\-–]\s*)?(?:l[úu]c\s*)?(\d{1,2})\s?[:hg]\s?(\d{2})(?::(\d{2}))?(?:\s?(chi[ềe]u|s[áa]ng|t[ốo]i|a\.?m\.?|p\.?m\.?|sa|ch))?",
    )
    .expect("time-after regex")
});

/// A time printed before a date: "09:00 15/09/2026", "10:20 AM, 27/08/2022".
static TIME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\d:])(\d{1,2})\s?[:h]\s?(\d{2})(?::(\d{2}))?(?:\s?(a\.?m\.?|p\.?m\.?|sa|ch))?\s*[,|\-–]?\s*$",
    )
    .expect("time-before regex")
});

static WEEKDAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\p{L}\d])(th[ứu]\s*(hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảa]y|[2-7])|ch[ủu]\s*nh[ậa]t|t([2-7])|cn)\s*[,\-–:]?\s*(?:ng[àa]y\s*)?$",
    )
    .expect("weekday regex")
});

/// A publication label right before the date.
static LABEL_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:ng[àa]y\s*(?:đ[ăa]ng|c[ậa]p\s*nh[ậa]t|ban\s*h[àa]nh|xu[ấa]t\s*b[ảa]n|g[ửu]i|t[ạa]o)|c[ậa]p\s*nh[ậa]t(?:\s*(?:l[úu]c|ng[àa]y|l[ầa]n\s*cu[ốo]i))?|đ[ăa]ng\s*(?:l[úu]c|ng[àa]y|t[ảa]i)|th[ờo]i\s*gian\s*(?:đ[ăa]ng|c[ậa]p\s*nh[ậa]t|ban\s*h[àa]nh)|publish(?:ed)?(?:\s*(?:date|on))?|posted(?:\s*on)?|(?:last\s*)?updated(?:\s*on)?|ng[àa]y\s*:)\s*[:\-]?\s*$",
    )
    .expect("label regex")
});

/// A quoted document's number or a legal basis before "ngày": the date is that document's. Run on
/// at most [`QUOTED_REACH`] bytes; its repetitions are unbounded because bounded ones over Unicode
/// classes blow up the lazy DFA (and the window bounds them anyway).
static QUOTED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:[\p{L}\d]+\s?/\s?[\p{L}\d][\p{L}\d\-/.&]*|s[ốo]\s*:?\s*\d+[\p{L}\d\-/.]*|c[ăa]n\s*c[ứu][^.;\n]*|(?:quy[ếe]t\s*đ[ịi]nh|ngh[ịi]\s*(?:đ[ịi]nh|quy[ếe]t)|th[ôo]ng\s*t[ưu]|ch[ỉi]\s*th[ịi]|c[ôo]ng\s*(?:v[ăa]n|đi[ệe]n)|k[ếe]\s*ho[ạa]ch|lu[ậa]t|ph[áa]p\s*l[ệe]nh|t[ờo]\s*tr[ìi]nh|gi[ấa]y\s*ph[ée]p|v[ăa]n\s*b[ảa]n)[^.;\n]*?)\s*,?\s*(?:c[ủu]a\s[^.;\n]+?\s*)?(?:ban\s*h[àa]nh\s*|k[ýy]\s*)?ng[àa]y\s*$",
    )
    .expect("quoted-document regex")
});

/// Words that put a date in running prose, make it a deadline or an effect date: never a
/// publication date, even with a time beside it. A time in hours ("9 giờ 00 ngày …") also does.
static MENTION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?:^|[^\p{L}])(?:ng[àa]y|h[ạa]n(?:\s*ch[óo]t|\s*cu[ốo]i)?|s[áa]ng|chi[ềe]u|tr[ưu]a|t[ốo]i|đ[êe]m|h[ôo]m|m[ùu]ng|hi[ệe]u\s*l[ựu]c|k[ếe]t\s*th[úu]c|b[ắa]t\s*đ[ầa]u|phi[êe]n\s*b[ảa]n|version|ver)|\d\s*gi[ờo](?:\s*\d{1,2})?(?:\s*ph[úu]t)?)\s*(?:ng[àa]y\s*)?[:.,]?\s*$",
    )
    .expect("mention regex")
});

/// Prepositions that put a date in prose ("từ 5/9/2016", "trước 30/9"), but that may also end a
/// news title printed just before its list date; they count only for a date without a time.
static WEAK_MENTION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{L}])(?:t[ừu]|đ[ếe]n|t[ớo]i|tr[ưu][ớo]c|sau|kho[ảa]ng|v[àa]o)\s*(?:ng[àa]y\s*)?[:.]?\s*$")
        .expect("weak mention regex")
});

/// A day before the date's own day: "ngày 15 -17/3/2019", "13 và 14/01/2018", "06,13,20,27/11/2012".
static DAY_LIST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\d/.:])\d{1,2}\s*(?:[-–,]|v[àa]|đ[ếe]n|t[ớo]i)\s*$").expect("day-list regex")
});

/// What may sit between the two ends of a range.
static RANGE_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s(]*(?:[-–—~,]|ndash;|mdash;|&ndash;|đ[ếe]n|t[ớo]i|to|v[àa])\s*(?:đ[ếe]n\s*)?(?:h[ếe]t\s*)?(?:ng[àa]y\s*)?$")
        .expect("range regex")
});

/// Finds every date in `text`, in order of position, each with its [`DateKind`].
///
/// Numeric dates are read day first (`dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, and
/// `dd/mm/yy` when day and month have two digits), optionally with a weekday before and a time
/// before or after (24 h, or 12 h with AM/PM/SA/CH); also "ngày 7 tháng 2 năm 2017" and ISO dates.
/// A string of digits and separators longer than a date (a version, a phone number, an IP address, a
/// URL slug) yields nothing.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    for caps in NUMERIC.captures_iter(text) {
        let whole = caps.get(0).expect("group 0");
        let (s1, s2) = (caps[2].trim(), caps[4].trim());
        if s1 != s2 || (s1 != "/" && (caps[2].len() > 1 || caps[4].len() > 1)) {
            continue;
        }
        let sep = s1.as_bytes()[0];
        if !standalone(bytes, whole.start(), whole.end(), sep) {
            continue;
        }
        let (d, m, y) = (&caps[1], &caps[3], &caps[5]);
        let year: i32 = match y.len() {
            4 => y.parse().unwrap_or(0),
            2 if d.len() == 2 && m.len() == 2 => 2000 + y.parse::<i32>().unwrap_or(0),
            _ => continue,
        };
        if !(1900..=2100).contains(&year) {
            continue;
        }
        let Some(date) = ymd(year, m, d) else {
            continue;
        };
        found.push(classify(text, date, whole.start(), whole.start(), whole.end(), false));
    }
    for caps in LONG.captures_iter(text) {
        let whole = caps.get(0).expect("group 0");
        let year: i32 = caps[3].parse().unwrap_or(0);
        // A letter glued before "ngày" makes another word (the regex has no Unicode `\b`: it is slow).
        let glued = text[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if glued || !(1900..=2100).contains(&year) || followed_by_digit(bytes, whole.end()) {
            continue;
        }
        let Some(date) = ymd(year, &caps[2], &caps[1]) else {
            continue;
        };
        // The context test sees "… ngày" so document references are recognised as for numeric dates.
        let day_start = caps.get(1).expect("day").start();
        found.push(classify(text, date, whole.start(), day_start, whole.end(), true));
    }
    for m in ISO_IN_TEXT.find_iter(text) {
        if (m.start() > 0 && (bytes[m.start() - 1].is_ascii_digit() || bytes[m.start() - 1] == b'-'))
            || followed_by_digit(bytes, m.end())
        {
            continue;
        }
        if let Some(dt) = parse_iso(m.as_str()) {
            let time = (m.as_str().len() > 10).then(|| dt.time());
            found.push(FoundDate {
                date: dt.date(),
                time,
                weekday: None,
                start: m.start(),
                end: m.end(),
                kind: DateKind::Iso,
            });
        }
    }
    found.sort_by_key(|f| f.start);
    mark_ranges(text, &mut found);
    found
}

fn ymd(year: i32, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
}

fn followed_by_digit(bytes: &[u8], end: usize) -> bool {
    bytes.get(end).is_some_and(u8::is_ascii_digit)
}

/// Rejects a numeric match that is part of a longer token: more digits, another separator-and-digit
/// (versions, IP addresses, phone numbers), or a slug/path joined to a word ("liet-sy-27-7-2022").
fn standalone(bytes: &[u8], start: usize, end: usize, sep: u8) -> bool {
    let before = start.checked_sub(1).map(|i| bytes[i]);
    let before2 = start.checked_sub(2).map(|i| bytes[i]);
    let after = bytes.get(end).copied();
    let after2 = bytes.get(end + 1).copied();
    let joined = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c >= 0x80);
    let joiner = |c: Option<u8>| c.is_some_and(|c| c == sep || c == b'_' || c == b':');
    if before.is_some_and(|c| c.is_ascii_alphanumeric()) || after.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    if (joiner(before) && joined(before2)) || (joiner(after) && joined(after2)) {
        return false;
    }
    // "1.2.2022." ends a sentence; "1.2.2022.5" is a version.
    !(after == Some(b'.') && after2.is_some_and(|c| c.is_ascii_digit()))
}

/// Looks at what surrounds a date found at `start..end` (`context_end` is where the text before it,
/// used to classify it, stops) and builds the [`FoundDate`].
fn classify(text: &str, date: NaiveDate, start: usize, context_end: usize, end: usize, long: bool) -> FoundDate {
    let mut found = FoundDate {
        date,
        time: None,
        weekday: None,
        start,
        end,
        kind: if long { DateKind::Long } else { DateKind::Plain },
    };
    if let Some((t, len)) = time_after(&text[end..]) {
        found.time = Some(t);
        found.end = end + len;
    }
    // Document references reach far back ("Quyết định số 123/QĐ-UBND của UBND tỉnh ngày"); every
    // other test needs only the last few words, and running it on those alone keeps this fast.
    let window_start = text.floor_char_boundary(context_end.saturating_sub(QUOTED_REACH));
    let mut before = &text[window_start..if long { start } else { context_end }];
    if found.time.is_none() {
        let (near, offset) = near_end(before);
        if let Some(caps) = TIME_BEFORE.captures(near)
            && let Some(t) = time_of(&caps)
        {
            let at = offset + caps.get(1).expect("hour").start();
            found.time = Some(t);
            found.start = window_start + at;
            before = &before[..at];
        }
    }
    let (near, offset) = near_end(before);
    if let Some(caps) = WEEKDAY_BEFORE.captures(near) {
        let at = offset + caps.get(1).expect("weekday").start();
        found.weekday = weekday_of(caps.get(1).expect("weekday").as_str());
        found.start = found.start.min(window_start + at);
        before = &before[..at];
    }
    let untrimmed = near_end(before).0;
    let before = before.trim_end_matches([' ', '\t', '\n', '\r', '(', '|', ',', '\u{a0}']);
    let near = near_end(before).0;
    let quoted = || {
        if long {
            QUOTED_BEFORE.is_match(&text[window_start..context_end])
        } else {
            ends_with_ngay(before) && QUOTED_BEFORE.is_match(before)
        }
    };
    if LABEL_BEFORE.is_match(near) {
        found.kind = DateKind::Labelled;
    } else if quoted() {
        found.kind = DateKind::Quoted;
    } else if !long && DAY_LIST_BEFORE.is_match(untrimmed) {
        found.kind = DateKind::Range;
    } else if MENTION_BEFORE.is_match(near) || (found.time.is_none() && WEAK_MENTION_BEFORE.is_match(near)) {
        found.kind = DateKind::Mention;
    }
    found
}

/// How far back (bytes) a quoted document's number may sit before its date.
const QUOTED_REACH: usize = 120;
/// How far back (bytes) labels, weekdays, times and prose words are looked for.
const NEAR_REACH: usize = 48;

/// The last words of `s` (at most [`NEAR_REACH`] bytes, starting at a white space so no word is cut)
/// and where they start in `s`.
fn near_end(s: &str) -> (&str, usize) {
    if s.len() <= NEAR_REACH {
        return (s, 0);
    }
    let cut = s.ceil_char_boundary(s.len() - NEAR_REACH);
    let at = s[cut..].find(char::is_whitespace).map_or(cut, |i| cut + i);
    (&s[at..], at)
}

/// Whether `s` ends with the word "ngày" (any case, with or without its accent).
fn ends_with_ngay(s: &str) -> bool {
    let tail = &s[s.floor_char_boundary(s.len().saturating_sub(6))..];
    let lower = tail.to_lowercase();
    lower.ends_with("ngày") || lower.ends_with("ngay")
}

/// A time at the start of `rest` (what follows a date): the time and the bytes it spans. A marker
/// glued to a following word ("15:20 Chủ tịch") is a word, not "CH".
fn time_after(rest: &str) -> Option<(NaiveTime, usize)> {
    let caps = TIME_AFTER.captures(rest)?;
    let digits_end = caps.get(3).or(caps.get(2)).expect("minutes").end();
    if rest[digits_end..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let marker_glued = caps
        .get(4)
        .is_some_and(|m| rest[m.end()..].starts_with(|c: char| c.is_alphanumeric()));
    if marker_glued {
        let hour: u32 = caps[1].parse().ok()?;
        let minute: u32 = caps[2].parse().ok()?;
        let second = caps.get(3).map_or(Some(0), |s| s.as_str().parse().ok())?;
        return NaiveTime::from_hms_opt(hour, minute, second).map(|t| (t, digits_end));
    }
    Some((time_of(&caps)?, caps.get(0).expect("group 0").end()))
}

fn time_of(caps: &regex::Captures) -> Option<NaiveTime> {
    let mut hour: u32 = caps[1].parse().ok()?;
    let minute: u32 = caps[2].parse().ok()?;
    let second: u32 = caps.get(3).map_or(Some(0), |s| s.as_str().parse().ok())?;
    if let Some(marker) = caps.get(4) {
        let folded = crate::util::text::fold(marker.as_str());
        let pm = matches!(folded.as_str(), "pm" | "p m" | "ch" | "chieu" | "toi");
        // "13:05 PM" is a 24-hour time with a stray marker; read it as printed.
        if (1..=12).contains(&hour) {
            hour = match (pm, hour) {
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, 12) => 0,
                (false, h) => h,
            };
        }
    }
    NaiveTime::from_hms_opt(hour, minute, second)
}

fn weekday_of(word: &str) -> Option<Weekday> {
    let folded = crate::util::text::fold(word).replace(' ', "");
    Some(match folded.as_str() {
        "thuhai" | "thu2" | "t2" => Weekday::Mon,
        "thuba" | "thu3" | "t3" => Weekday::Tue,
        "thutu" | "thu4" | "t4" => Weekday::Wed,
        "thunam" | "thu5" | "t5" => Weekday::Thu,
        "thusau" | "thu6" | "t6" => Weekday::Fri,
        "thubay" | "thu7" | "t7" => Weekday::Sat,
        "chunhat" | "cn" => Weekday::Sun,
        _ => return None,
    })
}

/// Marks both ends of "d1 - d2", "từ d1 đến d2", "(27/7/1947 – 27/7/2022)", "d1 và d2" as
/// [`DateKind::Range`].
fn mark_ranges(text: &str, found: &mut [FoundDate]) {
    for i in 1..found.len() {
        let (a, b) = (found[i - 1].end, found[i].start);
        if a <= b && b - a <= 24 && RANGE_GAP.is_match(&text[a..b]) {
            for f in [i - 1, i] {
                if found[f].kind != DateKind::Quoted {
                    found[f].kind = DateKind::Range;
                }
            }
        }
    }
}

/// The date that dates an item, from the text of a news entry or the text around its title.
///
/// Skips dates that cannot date an item (quoted documents, prose mentions, ranges), dates after
/// `as_of` and dates before 1995. Prefers a labelled date, then a plain date printed with a time, then
/// any plain date, then an ISO date, then the long form; among equals, the first in the text.
/// A "today" clock looks like a plain date: leave header bars out of `text` (see [`is_clock_text`]).
pub fn item_date(text: &str, as_of: NaiveDate) -> Option<NaiveDate> {
    best_item_date(&find_dates(text), as_of).map(|f| f.date)
}

/// Like [`item_date`] over dates already found, returning the chosen [`FoundDate`] (for evidence).
pub fn best_item_date(found: &[FoundDate], as_of: NaiveDate) -> Option<&FoundDate> {
    let rank = |f: &FoundDate| match f.kind {
        DateKind::Labelled => 0,
        DateKind::Plain if f.time.is_some() => 1,
        DateKind::Plain => 2,
        DateKind::Iso => 3,
        _ => 4,
    };
    found
        .iter()
        .filter(|f| f.kind.may_date_item() && plausible_item_date(f.date, as_of))
        .min_by_key(|f| (rank(f), f.start))
}

/// True when `text` is a "today" clock such as a header bar shows ("Thứ bảy, 27/08/2022",
/// "Hôm nay: 27/08/2022 10:15"): one date, equal to `today` or the day before (the clock may run
/// in another time zone than the crawl), any weekday agreeing with it, and only a few words besides.
/// `today` is the local date the page was fetched.
pub fn is_clock_text(text: &str, today: NaiveDate) -> bool {
    let found = find_dates(text);
    let [only] = found.as_slice() else {
        return false;
    };
    let near_today = only.date == today || Some(only.date) == today.pred_opt();
    if !near_today || (only.weekday.is_some() && !only.weekday_agrees()) {
        return false;
    }
    let rest = format!("{} {}", &text[..only.start], &text[only.end..]);
    let words = crate::util::text::fold(&rest);
    words.split(' ').filter(|w| !w.is_empty()).count() <= 4
}

/// Parses an ISO 8601 date or date-time as found in meta tags (article:published_time, DC.date,
/// dcterms.*) and JSON-LD (datePublished), returning local Asia/Ho_Chi_Minh wall time.
///
/// A value with an offset or `Z` is converted to UTC+7; one without is taken as local; a bare date
/// is midnight. NukeViet's malformed `2026-11-18+0715:20:00` (offset glued between date and time) is
/// read as 15:20 at +07.
pub fn parse_iso(s: &str) -> Option<NaiveDateTime> {
    static ISO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(\d{4})-(\d{2})-(\d{2})(?:(?:[T ]|([+-]\d{2}(?::?\d{2})?)|([a-z]{3,5}))(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?)?$",
        )
        .expect("iso regex")
    });
    let caps = ISO.captures(s.trim())?;
    let date = ymd(caps[1].parse().ok()?, &caps[2], &caps[3])?;
    let Some(hour) = caps.get(6) else {
        return Some(date.and_time(NaiveTime::MIN));
    };
    let time = NaiveTime::from_hms_opt(
        hour.as_str().parse().ok()?,
        caps[7].parse().ok()?,
        caps.get(8).map_or(Some(0), |m| m.as_str().parse().ok())?,
    )?;
    let local = date.and_time(time);
    let offset = match caps.get(9).or(caps.get(4)) {
        Some(o) => parse_offset(o.as_str())?,
        None => return Some(local),
    };
    let utc = offset.from_local_datetime(&local).single()?;
    Some(utc.with_timezone(&vn_offset()).naive_local())
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    if s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("utc") || s.eq_ignore_ascii_case("gmt") {
        return FixedOffset::east_opt(0);
    }
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Some(0), |m| m.parse().ok())?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// Parses an RFC 2822 date as RSS `pubDate` carries it ("Wed, 18 Nov 2026 08:11:00 GMT", day with or
/// without a leading zero, weekday optional) and returns local Asia/Ho_Chi_Minh wall time.
pub fn parse_rfc2822_local(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let parsed = DateTime::parse_from_rfc2822(s).ok().or_else(|| {
        // Some feeds write "+07:00" or a bare "UTC"; normalise those two forms and retry.
        let fixed = s.replace(" UTC", " +0000");
        let fixed = match fixed.rfind(['+', '-']) {
            Some(i) if fixed[i..].len() == 6 && fixed.as_bytes()[i + 3] == b':' => {
                format!("{}{}", &fixed[..i + 3], &fixed[i + 4..])
            }
            _ => fixed,
        };
        DateTime::parse_from_rfc2822(&fixed).ok()
    })?;
    Some(parsed.with_timezone(&vn_offset()).naive_local())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// (date, time, kind) of every date found, for compact assertions.
    fn summary(text: &str) -> Vec<(NaiveDate, Option<NaiveTime>, DateKind)> {
        find_dates(text).into_iter().map(|f| (f.date, f.time, f.kind)).collect()
    }

    #[test]
    fn liferay_list_entry_with_12_hour_time() {
        // sites/sotttt.hanoi.gov.vn/index.html, "Tin tức - Sự kiện" list
        let text = "Triển khai chiến lược phát triển thông tin cơ sở 27/07/2022 | 04:04 PM Sáng 27/7, Phó Giám đốc Sở";
        assert_eq!(summary(text), vec![(d(2022, 7, 27), Some(t(16, 4)), DateKind::Plain)]);
        // sites/sotttt.hanoi.gov.vn, a list whose hour has no leading zero
        let text = "TP Hà Nội triển khai nhiệm vụ năm 2022 21/01/2022 | 2:17 PM Chiều 21/1, Sở";
        assert_eq!(summary(text)[0].1, Some(t(14, 17)));
        // 12:00 AM is midnight (sotttt, old items imported without a time)
        let text = "Ngày đăng 18/11/2015 | 12:00 AM | View count: 514";
        assert_eq!(
            summary(text),
            vec![(d(2015, 11, 18), Some(t(0, 0)), DateKind::Labelled)]
        );
    }

    #[test]
    fn labels_vietnamese_and_english() {
        // sites/sotttt.hanoi.gov.vn/cai-cach-hanh-chinh1377.html
        let text = "Publish date 17/05/2022 | 07:00 PM |\u{a0}View count: 26";
        assert_eq!(
            summary(text),
            vec![(d(2022, 5, 17), Some(t(19, 0)), DateKind::Labelled)]
        );
        // sites/nukeviet-demo laws list: "Ngày ban hành: 09/11/2026"
        assert_eq!(summary("Ngày ban hành: 09/11/2026")[0].2, DateKind::Labelled);
        assert_eq!(
            summary("Cập nhật lúc 10:20 27/08/2022"),
            vec![(d(2022, 8, 27), Some(t(10, 20)), DateKind::Labelled)]
        );
        assert_eq!(summary("Ngày: 05/03/2021")[0].2, DateKind::Labelled);
        assert_eq!(summary("Đăng ngày 5/3/2021")[0].2, DateKind::Labelled);
    }

    #[test]
    fn weekday_prefixes() {
        // real/ncov.moh.gov.vn (Liferay 7.3): "(Thứ hai, 19/04/2021 15:17)"
        let f = &find_dates("tiêm vắc xin phòng COVID-19 (Thứ hai, 19/04/2021 15:17) Tin đọc nhiều")[0];
        assert_eq!((f.date, f.time), (d(2021, 4, 19), Some(t(15, 17))));
        assert_eq!(f.weekday, Some(Weekday::Mon));
        assert!(f.weekday_agrees());
        // sites/nukeviet-demo news detail: "Thứ tư - 18/11/2026 15:20"
        let text = "Thứ tư - 18/11/2026 15:20";
        let f = &find_dates(text)[0];
        assert_eq!(
            (f.date, f.weekday, f.start, f.end),
            (d(2026, 11, 18), Some(Weekday::Wed), 0, text.len())
        );
        // sites/nukeviet-demo /page/lich-lam-viec.html: "Chủ nhật, 29/11/2026", "Thứ Hai, 23/11/2026 08h00:"
        assert_eq!(find_dates("Chủ nhật, 29/11/2026")[0].weekday, Some(Weekday::Sun));
        let f = &find_dates("Thứ Hai, 23/11/2026 08h00: Chủ tịch UBND")[0];
        assert_eq!((f.weekday, f.time), (Some(Weekday::Mon), Some(t(8, 0))));
        assert_eq!(find_dates("Thứ 2, 22/08/2022")[0].weekday, Some(Weekday::Mon));
        assert_eq!(find_dates("T7, 27/08/2022")[0].weekday, Some(Weekday::Sat));
        assert_eq!(find_dates("CN 28/08/2022")[0].weekday, Some(Weekday::Sun));
        assert!(!find_dates("Thứ ba, 27/08/2022")[0].weekday_agrees());
    }

    #[test]
    fn nukeviet_list_and_block_formats() {
        // sites/nukeviet-demo category list: "18/11/2026 03:20:00 PM" (LABELS.json date_signals)
        assert_eq!(
            summary("18/11/2026 03:20:00 PM Đã xem: 12"),
            vec![(d(2026, 11, 18), Some(t(15, 20)), DateKind::Plain)]
        );
        // /groups/… pages print the time first: "09:00 15/09/2026"
        let f = &find_dates("Chủ tịch UBND xã làm việc 09:00 15/09/2026")[0];
        assert_eq!((f.date, f.time), (d(2026, 9, 15), Some(t(9, 0))));
        assert_eq!(f.start, "Chủ tịch UBND xã làm việc ".len());
        // Home tab blocks: "\u{a0}18/11/2026 15:20"
        assert_eq!(summary("\u{a0}18/11/2026 15:20")[0].1, Some(t(15, 20)));
        // Related lists: "(18/11/2026)"
        assert_eq!(summary("Tin khác (18/11/2026)")[0].2, DateKind::Plain);
    }

    #[test]
    fn sa_ch_and_vietnamese_day_parts() {
        assert_eq!(summary("27/08/2022 09:05 SA")[0].1, Some(t(9, 5)));
        assert_eq!(summary("27/08/2022 9:05 CH")[0].1, Some(t(21, 5)));
        assert_eq!(summary("27/08/2022 12:30 CH")[0].1, Some(t(12, 30)));
        assert_eq!(summary("27/08/2022 12:30 SA")[0].1, Some(t(0, 30)));
        assert_eq!(summary("27/08/2022, lúc 3:15 chiều")[0].1, Some(t(15, 15)));
        // "15:20 Chủ tịch": "Ch" starts a word, it is no PM marker.
        assert_eq!(summary("18/11/2026 15:20 Chủ tịch")[0].1, Some(t(15, 20)));
        // A 24-hour time with a stray marker is read as printed; an impossible time is dropped.
        assert_eq!(summary("27/08/2022 13:05 PM")[0].1, Some(t(13, 5)));
        assert_eq!(summary("27/08/2022 25:05")[0].1, None);
    }

    #[test]
    fn other_separators_and_short_forms() {
        // sites/sotttt.hanoi.gov.vn: "năm 2022 (21-4-2022)."
        assert_eq!(summary("lần thứ nhất năm 2022 (21-4-2022).")[0].0, d(2022, 4, 21));
        assert_eq!(summary("Cập nhật: 27.08.2022")[0].0, d(2022, 8, 27));
        assert_eq!(summary("27/08/22")[0].0, d(2022, 8, 27));
        // Two-digit years need a two-digit day and month; three-digit years are typos
        // (sotttt: "ngày 08/01/218 v/v đề nghị").
        assert!(find_dates("2-9-17").is_empty());
        assert!(find_dates("ngày 08/01/218 v/v").is_empty());
    }

    #[test]
    fn long_form() {
        // sites/sotttt.hanoi.gov.vn: "Hà Nội, ngày 05 tháng 4 năm 2016"
        let f = &find_dates("Hà Nội, ngày 05 tháng 4 năm 2016")[0];
        assert_eq!((f.date, f.kind), (d(2016, 4, 5), DateKind::Long));
        assert_eq!(
            &"Hà Nội, ngày 05 tháng 4 năm 2016"[f.start..f.end],
            "ngày 05 tháng 4 năm 2016"
        );
        assert_eq!(summary("NGÀY 07 THÁNG 02 NĂM 2017")[0].0, d(2017, 2, 7));
        // A document's own date in long form is still a quoted date.
        let text = "Quyết định số 12/QĐ-UBND ngày 07 tháng 02 năm 2017 của UBND";
        assert_eq!(summary(text)[0].2, DateKind::Quoted);
    }

    #[test]
    fn quoted_documents_are_not_item_dates() {
        // sites/sotttt.hanoi.gov.vn: list entry whose summary quotes a plan
        let text = "một cửa liên thông năm 2019” Ngày đăng 27/09/2019 | 10:52 AM | View count: 1107 \
                    Thực hiện Kế hoạch số 34/KH-UBND ngày 29/01/2019 của UBND Thành phố về tổ chức cuộc thi";
        let kinds = summary(text);
        assert_eq!(kinds[0].2, DateKind::Labelled);
        assert_eq!((kinds[1].0, kinds[1].2), (d(2019, 1, 29), DateKind::Quoted));
        let as_of = d(2022, 8, 27);
        assert_eq!(item_date(text, as_of), Some(d(2019, 9, 27)));
        // Without the label the quoted date still never dates the item.
        assert_eq!(
            item_date("Thực hiện Kế hoạch số 34/KH-UBND ngày 29/01/2019 của UBND", as_of),
            None
        );
        for quoted in [
            // sotttt: legal bases in procedure pages
            "Căn cứ Nghị định số 60/2014/NĐ-CP ngày 19/6/2014 của Chính phủ",
            "Chỉ thị số 30-CT/TW ngày 18/2/1998 của Bộ Chính trị",
            "Nghị định số 88/2012/ NĐ-CP ngày 23/10/2012 của Chính phủ",
            "Công văn số 2027 /STTTT-BCVT ngày 10/10/2017 của Sở TT&TT",
            "Kế hoạch 174/KH-UBND ngày 27/7/2021",
            // nukeviet-demo footer on every page
            "Giấy phép thiết lập trang thông tin điện tử số 15/GP-STTTT ngày 12/03/2021",
            "Quyết định số 359/QĐ-UBND, ngày 18/01/2017",
        ] {
            assert_eq!(summary(quoted)[0].2, DateKind::Quoted, "{quoted}");
        }
    }

    #[test]
    fn prose_mentions_and_ranges_are_not_item_dates() {
        // sotttt home page summary: "Ngày 11/7/2022, Thanh tra Sở …"
        assert_eq!(summary("Ngày 11/7/2022, Thanh tra Sở")[0].2, DateKind::Mention);
        assert_eq!(summary("Sáng ngày 17/01/2019, đoàn viên")[0].2, DateKind::Mention);
        // sotttt: anniversary in a title, then the list date
        let text = "Hướng dẫn tuyên truyền kỷ niệm 75 năm Ngày Thương binh - Liệt sỹ (27/7/1947 - 27/7/2022) 11/07/2022 | 10:02 AM";
        let s = summary(text);
        assert_eq!(s[0].2, DateKind::Range);
        assert_eq!(s[1].2, DateKind::Range);
        assert_eq!((s[2].0, s[2].2), (d(2022, 7, 11), DateKind::Plain));
        assert_eq!(item_date(text, d(2022, 8, 27)), Some(d(2022, 7, 11)));
        // sotttt: a range written without spaces
        let s = summary("Đoàn Thanh niên (26/3/1931-26/3/2019) và");
        assert_eq!(
            s.iter().map(|x| x.2).collect::<Vec<_>>(),
            [DateKind::Range, DateKind::Range]
        );
        // nukeviet-demo opinions list: a comment period, not a publish date
        let s = summary("Từ 20/08/2024 - Đến 20/09/2024");
        assert_eq!(
            s.iter().map(|x| x.2).collect::<Vec<_>>(),
            [DateKind::Range, DateKind::Range]
        );
        // nukeviet-demo laws detail: an effect date
        let s = summary("Ngày ban hành 06/01/2026 Ngày bắt đầu hiệu lực 06/01/2026");
        assert_eq!(
            s.iter().map(|x| x.2).collect::<Vec<_>>(),
            [DateKind::Labelled, DateKind::Mention]
        );
    }

    #[test]
    fn day_lists_deadlines_and_titles_ending_in_a_preposition() {
        // sotttt: "dự kiến sẽ diễn ra từ ngày 15 -17/3/2019", "trong hai ngày 13 và 14/01/2018",
        // "(ngày 06,13,20,27/11/2012 và ngày 04/12/2012)"
        for text in [
            "dự kiến sẽ diễn ra từ ngày 15 -17/3/2019 tại Bảo tàng",
            "trong hai ngày 13 và 14/01/2018,",
            "Khóa học diễn ra trong 5 ngày (ngày 06,13,20,27/11/2012",
        ] {
            assert_eq!(summary(text)[0].2, DateKind::Range, "{text}");
        }
        // sotttt: "hạn nộp HSĐX là 9 giờ 00 ngày 17 tháng 9 năm 2015"
        let s = summary("thời điểm hết hạn nộp HSĐX là 9 giờ 00 ngày 17 tháng 9 năm 2015.");
        assert_eq!((s[0].0, s[0].2), (d(2015, 9, 17), DateKind::Mention));
        assert_eq!(summary("Từ 5/9/2016: 31 thủ tục")[0].2, DateKind::Mention);
        // sotttt list: a title ending in "sau" right before its list date and time
        let text = "ưu tiên cộng đồng trước, công nghệ sau 13/12/2012 | 12:00 AM Mã nguồn";
        assert_eq!(summary(text)[0].2, DateKind::Plain);
    }

    #[test]
    fn item_date_prefers_label_then_timed_plain_date() {
        let as_of = d(2022, 8, 27);
        // sotttt: "Tuyên truyền Ngày môi trường Thế giới 5/6/2012 15/05/2012 | 12:00 AM"
        let text = "Tuyên truyền Ngày môi trường Thế giới 5/6/2012 15/05/2012 | 12:00 AM Với chủ đề";
        assert_eq!(item_date(text, as_of), Some(d(2012, 5, 15)));
        // sotttt: "Hội sách Thiếu nhi 01/6/2017 Ngày đăng 31/05/2017 | 03:55 AM"
        let text = "Hội sách Thiếu nhi 01/6/2017 Ngày đăng 31/05/2017 | 03:55 AM Thiết thực";
        assert_eq!(item_date(text, as_of), Some(d(2017, 5, 31)));
        // sotttt home page: "(24/08/2022)" after a title
        assert_eq!(
            item_date("công chức năm 2022 (24/08/2022)", as_of),
            Some(d(2022, 8, 24))
        );
    }

    #[test]
    fn future_impossible_and_ancient_dates_are_skipped() {
        let as_of = d(2026, 11, 26);
        // nukeviet-demo: a deadline after the evaluation date in a body
        assert_eq!(item_date("hoàn thành trước 31/12/2026", as_of), None);
        assert_eq!(item_date("Lịch 29/11/2026", as_of), None);
        assert!(find_dates("31/02/2022").is_empty());
        assert!(find_dates("29/02/2023").is_empty());
        assert_eq!(find_dates("29/02/2024")[0].date, d(2024, 2, 29));
        assert_eq!(item_date("(18/11/1930)", as_of), None);
    }

    #[test]
    fn day_first_never_month_first() {
        assert!(find_dates("05/13/2022").is_empty());
        assert_eq!(find_dates("13/05/2022")[0].date, d(2022, 5, 13));
        assert_eq!(find_dates("05/12/2022")[0].date, d(2022, 12, 5));
    }

    #[test]
    fn versions_phones_and_slugs_are_not_dates() {
        for not_a_date in [
            "NukeViet 1.2.02",
            "phiên bản 4.4.02.2020",
            "192.168.10.10",
            "ĐT: 024.3825.6789",
            "0912.12.10.20",
            "kỷ-niem-75-nam-27-7-1947-27-7-2022-.html",
            "/files/2022/08/27/a.pdf",
            "Mã 12/10/20221",
            "Phụ lục 1.10.2022.3",
        ] {
            let kinds: Vec<_> = find_dates(not_a_date)
                .into_iter()
                .filter(|f| f.kind.may_date_item())
                .collect();
            assert!(kinds.is_empty(), "{not_a_date}: {kinds:?}");
        }
    }

    #[test]
    fn clock_in_header_bar() {
        let today = d(2022, 8, 27);
        assert!(is_clock_text("Thứ bảy, 27/08/2022", today));
        assert!(is_clock_text("Hôm nay: Thứ Bảy, ngày 27/08/2022 10:15", today));
        assert!(is_clock_text("Thứ sáu, 26/08/2022", today));
        // A weekday that disagrees, another day, or a news entry is no clock.
        assert!(!is_clock_text("Thứ hai, 27/08/2022", today));
        assert!(!is_clock_text("Thứ bảy, 20/08/2022", today));
        assert!(!is_clock_text(
            "Thông báo lịch tổ chức thi tuyển công chức năm 2022 (27/08/2022)",
            today
        ));
    }

    #[test]
    fn iso_meta_and_json_ld() {
        let dt = |y, mo, day, h, mi| d(y, mo, day).and_hms_opt(h, mi, 0).unwrap();
        // nukeviet-demo microdata
        assert_eq!(parse_iso("2026-11-18T15:20:00+07:00"), Some(dt(2026, 11, 18, 15, 20)));
        // nukeviet-demo article:published_time, malformed by PHP date('Y-m-dTH:i:s')
        assert_eq!(parse_iso("2026-11-18+0715:20:00"), Some(dt(2026, 11, 18, 15, 20)));
        // UTC late evening is the next local day
        assert_eq!(parse_iso("2022-08-26T18:30:00Z"), Some(dt(2022, 8, 27, 1, 30)));
        assert_eq!(parse_iso("2022-08-26T18:30:00.000+0000"), Some(dt(2022, 8, 27, 1, 30)));
        assert_eq!(parse_iso("2022-08-27"), Some(dt(2022, 8, 27, 0, 0)));
        assert_eq!(parse_iso(" 2022-08-27 10:15 "), Some(dt(2022, 8, 27, 10, 15)));
        assert_eq!(parse_iso("2022-02-30"), None);
        assert_eq!(parse_iso("27/08/2022"), None);
        // in text, as hidden microdata spans print it
        let f = &find_dates("<span>2026-11-18T15:20:00+07:00</span>")[0];
        assert_eq!(
            (f.date, f.time, f.kind),
            (d(2026, 11, 18), Some(t(15, 20)), DateKind::Iso)
        );
    }

    #[test]
    fn rss_pub_dates() {
        let dt = |y, mo, day, h, mi| d(y, mo, day).and_hms_opt(h, mi, 0).unwrap();
        // nukeviet-demo /rss/: day without a leading zero, UTC; 17:11 UTC is the next local day
        assert_eq!(
            parse_rfc2822_local("Sun, 8 Nov 2026 17:11:00 GMT"),
            Some(dt(2026, 11, 9, 0, 11))
        );
        assert_eq!(
            parse_rfc2822_local("Wed, 18 Nov 2026 08:11:00 GMT"),
            Some(dt(2026, 11, 18, 15, 11))
        );
        assert_eq!(
            parse_rfc2822_local("Sat, 27 Aug 2022 10:15:00 +0700"),
            Some(dt(2022, 8, 27, 10, 15))
        );
        assert_eq!(
            parse_rfc2822_local("Sat, 27 Aug 2022 10:15:00 +07:00"),
            Some(dt(2022, 8, 27, 10, 15))
        );
        assert_eq!(parse_rfc2822_local("27/08/2022"), None);
    }
}
