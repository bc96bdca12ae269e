//! Months make the year: the rubric's `website_annual` says how a unit's monthly website scores
//! combine into the annual one — "median" (the default: one bad or lucky month does not decide the
//! year), "mean" or "last".

use anyhow::{Result, bail};
use chrono::NaiveDate;

/// Combines one unit's monthly website points (date of the run, points) by `method`.
/// Returns `None` when there is no month to combine.
pub fn combine(method: &str, monthly: &[(NaiveDate, f64)]) -> Result<Option<f64>> {
    if monthly.is_empty() {
        return Ok(None);
    }
    let mut points: Vec<f64> = monthly.iter().map(|(_, p)| *p).collect();
    Ok(Some(match method {
        "median" => {
            points.sort_by(f64::total_cmp);
            let n = points.len();
            if n % 2 == 1 {
                points[n / 2]
            } else {
                (points[n / 2 - 1] + points[n / 2]) / 2.0
            }
        }
        "mean" => points.iter().sum::<f64>() / points.len() as f64,
        "last" => monthly.iter().max_by_key(|(d, _)| *d).map(|(_, p)| *p).unwrap(),
        other => bail!("phương pháp website_annual \"{other}\" không có (cần median, mean hoặc last)"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, 15).unwrap()
    }

    #[test]
    fn median_mean_and_last() {
        let months = [
            (d(1), 400.0),
            (d(2), 150.0),
            (d(3), 420.0),
            (d(4), 410.0),
            (d(5), 405.0),
        ];
        assert_eq!(combine("median", &months).unwrap(), Some(405.0));
        assert_eq!(combine("mean", &months).unwrap(), Some(357.0));
        assert_eq!(combine("last", &months).unwrap(), Some(405.0));
        assert_eq!(
            combine("median", &months[..4]).unwrap(),
            Some(405.0),
            "even count: mean of the middle two"
        );
        assert_eq!(combine("median", &[]).unwrap(), None);
        assert!(combine("mode", &months).is_err());
    }
}
