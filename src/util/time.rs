//! Vietnam's calendar: the Asia/Ho_Chi_Minh offset (UTC+7 all year, no daylight saving time), the
//! Vietnamese calendar day of an instant, and the evaluation's as-of day.
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
}
