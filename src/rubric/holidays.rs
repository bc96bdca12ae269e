//! The public-holiday calendar that working-day deadlines are counted against (Luật TCTT Đ18.4: "05
//! ngày làm việc"), as data: data/holidays/vn.toml lists, per year it covers, the weekdays off
//! (Tết, 30/4–1/5, 2/9…) and the Saturdays worked to make up a swapped day. A date outside the covered
//! years has no known working-day status, so a lag across it is not counted rather than guessed.
//!
//! Main type: [`Holidays`]; [`Holidays::working_days_after`] counts a lag.

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

/// The bundled calendar's file name and text.
pub const BUILTIN_NAME: &str = "data/holidays/vn.toml";
const BUILTIN_TEXT: &str = include_str!("../../data/holidays/vn.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    first_year: i32,
    last_year: i32,
    #[serde(default)]
    days_off: Vec<DaysOff>,
    #[serde(default)]
    working_weekends: Vec<WorkingWeekend>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DaysOff {
    #[allow(dead_code)] // read by people: what the days are
    name: String,
    from: String,
    to: String,
    #[allow(dead_code)]
    status: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkingWeekend {
    date: String,
    #[allow(dead_code)]
    name: String,
    #[allow(dead_code)]
    status: String,
}

/// Which days state agencies work, for the covered years.
#[derive(Clone, Debug)]
pub struct Holidays {
    pub first_year: i32,
    pub last_year: i32,
    off: BTreeSet<NaiveDate>,
    worked_weekends: BTreeSet<NaiveDate>,
}

impl Holidays {
    /// The bundled Vietnamese calendar.
    pub fn builtin() -> Holidays {
        Self::parse(BUILTIN_TEXT, Path::new(BUILTIN_NAME)).expect("the bundled holiday calendar is valid")
    }

    /// Loads a calendar file.
    pub fn load(path: &Path) -> Result<Holidays> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("không đọc được lịch ngày nghỉ {}", path.display()))?;
        Self::parse(&text, path)
    }

    /// Parses a calendar; errors name the file and the entry.
    pub fn parse(text: &str, path: &Path) -> Result<Holidays> {
        let file = path.display();
        let f: File = toml::from_str(text).map_err(|e| anyhow::anyhow!("{file}: {}", e.to_string().trim_end()))?;
        if f.first_year > f.last_year {
            bail!("{file}: first_year {} sau last_year {}", f.first_year, f.last_year);
        }
        let date = |key: String, s: &str| -> Result<NaiveDate> {
            let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| anyhow::anyhow!("{file}: {key}: \"{s}\" không phải là ngày (yyyy-mm-dd)"))?;
            if !(f.first_year..=f.last_year).contains(&d.year()) {
                bail!(
                    "{file}: {key}: {s} nằm ngoài các năm của lịch {}–{}",
                    f.first_year,
                    f.last_year
                );
            }
            Ok(d)
        };
        let mut off = BTreeSet::new();
        for (i, d) in f.days_off.iter().enumerate() {
            let (from, to) = (
                date(format!("days_off[{i}].from"), &d.from)?,
                date(format!("days_off[{i}].to"), &d.to)?,
            );
            if from > to {
                bail!("{file}: days_off[{i}]: from {} sau to {}", d.from, d.to);
            }
            off.extend(from.iter_days().take_while(|x| *x <= to).filter(|x| !is_weekend(*x)));
        }
        let mut worked_weekends = BTreeSet::new();
        for (i, w) in f.working_weekends.iter().enumerate() {
            let d = date(format!("working_weekends[{i}].date"), &w.date)?;
            if !is_weekend(d) {
                bail!(
                    "{file}: working_weekends[{i}].date: {} không phải thứ Bảy hay Chủ nhật",
                    w.date
                );
            }
            worked_weekends.insert(d);
        }
        Ok(Holidays {
            first_year: f.first_year,
            last_year: f.last_year,
            off,
            worked_weekends,
        })
    }

    /// Whether the calendar knows `d`'s year.
    pub fn covers(&self, d: NaiveDate) -> bool {
        (self.first_year..=self.last_year).contains(&d.year())
    }

    /// Whether `d` is a working day (`None` outside the covered years).
    pub fn is_working_day(&self, d: NaiveDate) -> Option<bool> {
        self.covers(d)
            .then(|| self.worked_weekends.contains(&d) || (!is_weekend(d) && !self.off.contains(&d)))
    }

    /// The working days after `from` up to and including `to`: a document issued on `from` and
    /// posted on `to` is posted that many working days after it (0 the same day or the next day off;
    /// negative when `to` is before `from`). `None` when a day in between is outside the calendar.
    pub fn working_days_after(&self, from: NaiveDate, to: NaiveDate) -> Option<i64> {
        let (a, b, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
        if !self.covers(a) || !self.covers(b) {
            return None;
        }
        let n = a
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= b)
            .filter(|d| self.is_working_day(*d) == Some(true))
            .count();
        Some(sign * n as i64)
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn working_days_skip_tet_2026() {
        let h = Holidays::builtin();
        // Tết Bính Ngọ: 17/02/2026; offices close 14/02 (Sat) to 22/02 (Sun).
        for day in 16..=20 {
            assert_eq!(h.is_working_day(d(2026, 2, day)), Some(false), "{day}/02/2026");
        }
        assert_eq!(h.is_working_day(d(2026, 2, 13)), Some(true));
        assert_eq!(h.is_working_day(d(2026, 2, 23)), Some(true));
        // Issued Friday 13/02, posted Monday 23/02: one working day, not six.
        assert_eq!(h.working_days_after(d(2026, 2, 13), d(2026, 2, 23)), Some(1));
        // Issued Thursday 12/02, posted Friday 27/02: 1 (13/02) + 5 (23–27/02) = 6, late for Đ18.4.
        assert_eq!(h.working_days_after(d(2026, 2, 12), d(2026, 2, 27)), Some(6));
        // Without the calendar (weekdays only) the same lag would read 11.
        let weekdays = d(2026, 2, 12)
            .iter_days()
            .skip(1)
            .take_while(|x| *x <= d(2026, 2, 27))
            .filter(|x| !is_weekend(*x))
            .count();
        assert_eq!(weekdays, 11);
    }

    #[test]
    fn working_days_skip_30_4_and_1_5_and_count_make_up_saturdays() {
        let h = Holidays::builtin();
        // 2026: 30/4 (Thu) and 1/5 (Fri) off; Giỗ Tổ on Sunday 26/4 made up on Monday 27/4.
        assert_eq!(h.working_days_after(d(2026, 4, 29), d(2026, 5, 4)), Some(1));
        assert_eq!(h.working_days_after(d(2026, 4, 24), d(2026, 4, 29)), Some(2));
        assert_eq!(h.is_working_day(d(2026, 4, 27)), Some(false));
        // 2025: 30/4, 1/5 and the swapped 2/5 off; Saturday 26/4/2025 worked instead.
        assert_eq!(h.is_working_day(d(2025, 5, 2)), Some(false));
        assert_eq!(h.is_working_day(d(2025, 4, 26)), Some(true));
        assert_eq!(h.working_days_after(d(2025, 4, 25), d(2025, 4, 28)), Some(2));
        // Same day, reversed, outside the calendar.
        assert_eq!(h.working_days_after(d(2026, 3, 2), d(2026, 3, 2)), Some(0));
        assert_eq!(h.working_days_after(d(2026, 3, 6), d(2026, 3, 2)), Some(-4));
        assert_eq!(h.working_days_after(d(2023, 12, 29), d(2024, 1, 3)), None);
        assert_eq!(h.is_working_day(d(2028, 1, 3)), None);
    }

    #[test]
    fn a_bad_calendar_names_the_file_and_entry() {
        let bad = BUILTIN_TEXT.replacen("from = \"2026-02-16\"", "from = \"2026-02-30\"", 1);
        let e = Holidays::parse(&bad, Path::new("h.toml")).unwrap_err().to_string();
        assert!(e.starts_with("h.toml: days_off[") && e.contains("2026-02-30"), "{e}");
        let bad = BUILTIN_TEXT.replacen("date = \"2025-04-26\"", "date = \"2025-04-28\"", 1);
        let e = Holidays::parse(&bad, Path::new("h.toml")).unwrap_err().to_string();
        assert!(
            e.contains("working_weekends[1].date: 2025-04-28 không phải thứ Bảy"),
            "{e}"
        );
        let bad = BUILTIN_TEXT.replacen("status = \"derived\"", "status = \"derived\"\nnote = \"x\"", 1);
        let e = Holidays::parse(&bad, Path::new("h.toml")).unwrap_err().to_string();
        assert!(e.contains("h.toml") && e.contains("note"), "{e}");
    }
}
