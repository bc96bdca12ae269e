//! Vietnam's calendar: the Asia/Ho_Chi_Minh offset (UTC+7 all year, no daylight saving time), the
//! Vietnamese calendar day of an instant, the evaluation's as-of day, and [`parse_user_date`], a date
//! as a person types it on the command line (dd/mm/yyyy as every report prints it, or ISO).
//!
//! Every command resolves its as-of day once, at its entry point, with [`resolve_as_of`] (or, for an
//! audit of a stored crawl, [`vietnam_date`] of the crawl's start) and passes that date down; no
//! stage below picks a default of its own, so a run straddling midnight, or a machine set to UTC,
//! still judges every unit against the same day.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Offset of Asia/Ho_Chi_Minh: UTC+7 all year (Việt Nam has had no daylight saving time since 1975).
pub fn vn_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// The calendar day in Việt Nam at `instant`.
pub fn vietnam_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&vn_offset()).date_naive()
}

/// Today in Việt Nam, whatever the machine's own time zone.
pub fn vietnam_today() -> NaiveDate {
    vietnam_date(Utc::now())
}

/// The as-of day of a command: the date the user gave, else today in Việt Nam.
pub fn resolve_as_of(given: Option<NaiveDate>) -> NaiveDate {
    given.unwrap_or_else(vietnam_today)
}

/// A date as a person writes it: "02/12/2026", "2/12/2026", "02-12-2026", "02.12.2026" (day first,
/// always) or ISO "2026-12-02". The error, in Vietnamese, names the text and the accepted forms.
pub fn parse_user_date(text: &str) -> Result<NaiveDate, String> {
    let s = text.trim();
    let refuse = || {
        format!("ngày \"{text}\" không hợp lệ: hãy viết ngày/tháng/năm (02/12/2026) hoặc năm-tháng-ngày (2026-12-02)")
    };
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(refuse());
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|d| d.is_ascii_digit()))
    {
        return Err(refuse());
    }
    let n = |p: &str| p.parse::<u32>().map_err(|_| refuse());
    // A four-digit first part is ISO (year first); otherwise day/month/year, never month first.
    let (y, m, d) = if a.len() == 4 && s.contains('-') && !s.contains(['/', '.']) {
        (n(a)? as i32, n(b)?, n(c)?)
    } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
        (n(c)? as i32, n(b)?, n(a)?)
    } else {
        return Err(refuse());
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("ngày \"{text}\" không có trên lịch"))
}

/// An instant as a person reads it: Vietnam time, "02/12/2026 12:48".
pub fn datetime_vn(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&vn_offset()).format("%d/%m/%Y %H:%M").to_string()
}

/// A stored RFC 3339 timestamp in Vietnam time ([`datetime_vn`]); anything else as it is.
pub fn timestamp_vn(stored: &str) -> String {
    DateTime::parse_from_rfc3339(stored)
        .map(|t| datetime_vn(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| stored.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_timestamps_read_in_vietnam_time() {
        // 05:48 UTC is 12:48 in Hà Nội; 20:00 UTC on 31/12 is already the next year there.
        assert_eq!(timestamp_vn("2026-12-02T05:48:25.983Z"), "02/12/2026 12:48");
        assert_eq!(timestamp_vn("2025-12-31T20:00:00+00:00"), "01/01/2026 03:00");
        assert_eq!(timestamp_vn("hôm qua"), "hôm qua");
    }
    use chrono::TimeZone;

    #[test]
    fn the_vietnamese_day_starts_at_17_utc() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // 16:59:59 UTC is 23:59:59 in Hà Nội; one second later it is the next day there.
        assert_eq!(
            vietnam_date(Utc.with_ymd_and_hms(2026, 12, 1, 16, 59, 59).unwrap()),
            d(2026, 12, 1)
        );
        assert_eq!(
            vietnam_date(Utc.with_ymd_and_hms(2026, 12, 1, 17, 0, 0).unwrap()),
            d(2026, 12, 2)
        );
        // New Year's Eve in UTC is already New Year's Day in Việt Nam.
        assert_eq!(
            vietnam_date(Utc.with_ymd_and_hms(2025, 12, 31, 20, 0, 0).unwrap()),
            d(2026, 1, 1)
        );
        // Summer and winter alike: no daylight saving time.
        assert_eq!(
            vietnam_date(Utc.with_ymd_and_hms(2026, 7, 1, 17, 0, 0).unwrap()),
            d(2026, 7, 2)
        );
    }

    #[test]
    fn a_given_date_wins_and_the_default_is_today_in_vietnam() {
        let given = NaiveDate::from_ymd_opt(2016, 12, 1).unwrap();
        assert_eq!(resolve_as_of(Some(given)), given);
        let before = vietnam_today();
        let resolved = resolve_as_of(None);
        let after = vietnam_today();
        assert!(
            resolved == before || resolved == after,
            "{resolved} not in {before}..{after}"
        );
    }

    #[test]
    fn dates_are_read_as_people_write_them() {
        let dec2 = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        for text in [
            "02/12/2026",
            "2/12/2026",
            "02-12-2026",
            "02.12.2026",
            "2026-12-02",
            " 2026-12-02 ",
        ] {
            assert_eq!(parse_user_date(text), Ok(dec2), "{text}");
        }
        // Day first always: 12/02/2026 is 12 February, and 02/13/2026 is no date.
        assert_eq!(
            parse_user_date("12/02/2026"),
            Ok(NaiveDate::from_ymd_opt(2026, 2, 12).unwrap())
        );
        assert!(
            parse_user_date("02/13/2026")
                .unwrap_err()
                .contains("không có trên lịch")
        );
        assert!(parse_user_date("31/02/2026").is_err());
        for bad in ["", "2026", "hôm qua", "2026/12/02", "02/12/26", "1/2/3/4"] {
            let e = parse_user_date(bad).unwrap_err();
            assert!(e.contains("02/12/2026"), "{bad}: {e}");
        }
    }
}
