//! Property tests for `audit::dates`: every supported format parses back to the date and time it
//! was made from, numeric dates are only ever read day first, and no input makes anything panic.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike, Weekday};
use ictrank::audit::dates::{DateKind, find_dates, is_clock_text, item_date, parse_iso, parse_rfc2822_local};
use proptest::prelude::*;

fn any_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1995, 1, 1).unwrap();
    (0i64..=38_000).prop_map(move |days| first + Duration::days(days))
}

fn any_time() -> impl Strategy<Value = NaiveTime> {
    (0u32..24, 0u32..60).prop_map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

fn weekday_vi(w: Weekday, short: bool) -> &'static str {
    let i = w.num_days_from_monday() as usize;
    if short {
        ["T2", "T3", "T4", "T5", "T6", "T7", "CN"][i]
    } else {
        [
            "Thứ hai",
            "Thứ Ba",
            "Thứ tư",
            "Thứ năm",
            "Thứ Sáu",
            "Thứ bảy",
            "Chủ nhật",
        ][i]
    }
}

/// 12-hour hour and marker: 00:xx is 12:xx AM.
fn twelve(t: NaiveTime, vi: bool) -> (u32, &'static str) {
    let (pm, h) = t.hour12();
    let marker = match (pm, vi) {
        (false, false) => "AM",
        (true, false) => "PM",
        (false, true) => "SA",
        (true, true) => "CH",
    };
    (h, marker)
}

/// `d` (and `t` when the format shows a time) in format number `form`, and whether a time is shown.
fn render(form: usize, d: NaiveDate, t: NaiveTime) -> (String, bool) {
    let (dd, mm, y) = (d.day(), d.month(), d.year());
    let (hh, mi) = (t.hour(), t.minute());
    match form {
        0 => (format!("{dd:02}/{mm:02}/{y}"), false),
        1 => (format!("{dd}/{mm}/{y}"), false),
        2 => (format!("{dd:02}-{mm:02}-{y}"), false),
        3 => (format!("{dd:02}.{mm:02}.{y}"), false),
        4 => (format!("({dd:02}/{mm:02}/{y})"), false),
        5 => {
            let (h, m) = twelve(t, false);
            (format!("{dd:02}/{mm:02}/{y} | {h:02}:{mi:02} {m}"), true)
        }
        6 => {
            let (h, m) = twelve(t, true);
            (format!("{dd:02}/{mm:02}/{y} {h}:{mi:02}:00 {m}"), true)
        }
        7 => (
            format!(
                "{}, {dd:02}/{mm:02}/{y} {hh:02}:{mi:02}",
                weekday_vi(d.weekday(), false)
            ),
            true,
        ),
        8 => (
            format!("{} - {dd:02}/{mm:02}/{y} {hh}:{mi:02}", weekday_vi(d.weekday(), false)),
            true,
        ),
        9 => (format!("{} {dd}/{mm}/{y}", weekday_vi(d.weekday(), true)), false),
        10 => (format!("{hh:02}:{mi:02} {dd:02}/{mm:02}/{y}"), true),
        11 => (format!("Ngày đăng: {dd:02}/{mm:02}/{y} {hh:02}:{mi:02}"), true),
        12 => (format!("Cập nhật lúc {hh:02}:{mi:02} {dd:02}/{mm:02}/{y}"), true),
        13 => (format!("Ngày ban hành {dd:02}/{mm:02}/{y}"), false),
        14 => (format!("Hà Nội, ngày {dd:02} tháng {mm:02} năm {y}"), false),
        15 => (format!("ngày {dd} tháng {mm} năm {y}"), false),
        16 => (format!("{y}-{mm:02}-{dd:02}T{hh:02}:{mi:02}:00+07:00"), true),
        17 => (format!("Publish date {dd:02}/{mm:02}/{y} | {hh:02}h{mi:02}"), true),
        _ => unreachable!(),
    }
}

const FORMS: usize = 18;

/// Words around the date, as titles and summaries have them (random letters would make up weekday
/// abbreviations such as "CN" and contradict the date).
const WORDS: &[&str] = &[
    "",
    "Thông báo",
    "Sở Thông tin và Truyền thông",
    "Hội nghị tổng kết năm",
    "xã Ia Demo",
    "UBND tỉnh",
    "Đã xem: 12",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn every_format_parses_back(d in any_date(), t in any_time(), form in 0..FORMS,
                                before in prop::sample::select(WORDS), after in prop::sample::select(WORDS)) {
        let (shown, timed) = render(form, d, t);
        // Surrounding words never touch the date, and a fixed word after it keeps random letters
        // from reading as an AM/PM marker.
        let text = format!("Tiêu đề {before} {shown} nội dung {after}");
        let found: Vec<_> = find_dates(&text).into_iter().filter(|f| f.kind.may_date_item()).collect();
        prop_assert_eq!(found.len(), 1, "{:?}: {:?}", text, found);
        let f = &found[0];
        prop_assert_eq!(f.date, d, "{:?}", text);
        prop_assert_eq!(f.time, timed.then_some(t), "{:?}", text);
        prop_assert_eq!(f.weekday.is_some(), matches!(form, 7..=9), "{:?}", text);
        if f.weekday.is_some() {
            prop_assert!(f.weekday_agrees(), "{:?}", text);
        }
        prop_assert!(text[f.start..f.end].contains(&format!("{}", d.year())), "{:?}", text);
        prop_assert_eq!(item_date(&text, d), Some(d));
        prop_assert_eq!(item_date(&text, d.pred_opt().unwrap()), None, "after as_of: {:?}", text);
    }

    #[test]
    fn two_digit_years_read_in_this_century(d in any_date().prop_filter("20xx", |d| d.year() >= 2000 && d.year() < 2100)) {
        let text = format!("{:02}/{:02}/{:02}", d.day(), d.month(), d.year() % 100);
        prop_assert_eq!(find_dates(&text).first().map(|f| f.date), Some(d));
    }

    #[test]
    fn numeric_dates_are_only_read_day_first(a in 1u32..=31, b in 1u32..=31, y in 1995i32..2100, sep in "[/.-]") {
        let text = format!("{a}{sep}{b}{sep}{y}");
        let found = find_dates(&text);
        for f in &found {
            prop_assert_eq!((f.date.day(), f.date.month()), (a, b), "{}", text);
        }
        // Month 13 and up never turns into a month-first reading.
        prop_assert_eq!(found.is_empty(), NaiveDate::from_ymd_opt(y, b, a).is_none(), "{}", text);
    }

    #[test]
    fn iso_with_any_offset_is_local_time(d in any_date(), t in any_time(), minutes in -720i32..=840) {
        let offset = FixedOffset::east_opt(minutes / 15 * 15 * 60).unwrap();
        let at = offset.from_local_datetime(&d.and_time(t)).unwrap();
        let local = at.with_timezone(&FixedOffset::east_opt(7 * 3600).unwrap()).naive_local();
        prop_assert_eq!(parse_iso(&at.to_rfc3339()), Some(local));
        prop_assert_eq!(parse_rfc2822_local(&at.to_rfc2822()), Some(local));
    }

    #[test]
    fn no_panic_and_valid_spans_on_any_text(text in "\\PC{0,120}") {
        check_total(&text);
    }

    #[test]
    fn no_panic_and_valid_spans_on_date_like_text(text in "[0-9/.:\\- |,()ngàyth́ángămSACHPMTứhaiCN]{0,60}") {
        check_total(&text);
    }
}

/// Everything runs without panicking and every span is a non-empty slice of the input.
fn check_total(text: &str) {
    let as_of = NaiveDate::from_ymd_opt(2022, 8, 27).unwrap();
    for f in find_dates(text) {
        assert!(f.start < f.end && f.end <= text.len(), "{text:?}: {f:?}");
        assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
            "{text:?}: {f:?}"
        );
        assert!(text[f.start..f.end].bytes().any(|b| b.is_ascii_digit()));
        let _ = f.kind == DateKind::Plain;
    }
    if let Some(d) = item_date(text, as_of) {
        assert!(d <= as_of && d.year() >= 1995, "{text:?}: {d}");
    }
    let _ = is_clock_text(text, as_of);
    let _ = parse_iso(text);
    let _ = parse_rfc2822_local(text);
}
