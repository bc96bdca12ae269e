//! Confidence that means what it says: each way the audit reaches a criterion's result (its *path*:
//! a section found by a menu label, by a page heading, not found, a named check…) is calibrated on
//! the labelled corpus (tests/corpus/labels, checked by tests/agreement.rs), and a result on a path
//! measured often enough reports that path's accuracy as its confidence, so that results reported at
//! confidence ≥ c are right at least c of the time on the corpus. The review threshold is set from
//! the same measurement. The numbers are data: `data/calibration.toml`, bundled.
//!
//! Main type: [`Calibration`] ([`Calibration::builtin`], [`Calibration::from_cases`],
//! [`Calibration::confidence`], [`Calibration::review_below`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::LazyLock;

/// An audit's own estimate below this asks for an evaluator by itself; calibration never raises it.
pub const SELF_DOUBT: f64 = 0.6;

/// How often one path was right on the labelled corpus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathStat {
    /// Labelled criteria reached by this path.
    pub cases: u32,
    /// Of them, those whose every labelled fact (points, outcome, newest date) the audit got right.
    pub right: u32,
}

impl PathStat {
    /// The path's accuracy, smoothed towards ½ by one right and one wrong case (Laplace): a path seen
    /// right 4 times out of 4 claims 5/6, not certainty.
    pub fn confidence(&self) -> f64 {
        f64::from(self.right + 1) / f64::from(self.cases + 2)
    }
}

/// The calibration table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// The share of results above the review threshold that must be right.
    pub target: f64,
    /// A path needs this many labelled cases before its measured accuracy replaces the audit's own
    /// estimate.
    pub min_cases: u32,
    /// Results below this confidence go to an evaluator (with the rubric's own threshold, the higher).
    pub review_below: f64,
    #[serde(default)]
    pub paths: BTreeMap<String, PathStat>,
}

static BUILTIN: LazyLock<Calibration> = LazyLock::new(|| {
    Calibration::parse(include_str!("../../data/calibration.toml"))
        .unwrap_or_else(|e| panic!("data/calibration.toml (bundled): {e}"))
});

impl Calibration {
    /// The bundled table (data/calibration.toml).
    pub fn builtin() -> &'static Calibration {
        &BUILTIN
    }

    /// Reads a table; the error names the key at fault.
    pub fn parse(text: &str) -> Result<Calibration, String> {
        let de = toml::Deserializer::parse(text).map_err(|e| e.to_string())?;
        let c: Calibration =
            serde_path_to_error::deserialize(de).map_err(|e| format!("{}: {}", e.path(), e.inner()))?;
        if !(0.0..=1.0).contains(&c.target) || !(0.0..=1.0).contains(&c.review_below) {
            return Err("target and review_below must lie between 0 and 1".into());
        }
        if let Some((p, s)) = c.paths.iter().find(|(_, s)| s.right > s.cases) {
            return Err(format!(
                "paths.\"{p}\": right ({}) is more than cases ({})",
                s.right, s.cases
            ));
        }
        Ok(c)
    }

    /// The confidence to report for a result reached by `path` whose own estimate is `raw`: the
    /// path's measured accuracy once it has `min_cases` cases. A result that asks for an evaluator
    /// by itself (`raw` below [`SELF_DOUBT`]: half a requirement, a file instead of a page) keeps its
    /// lower estimate.
    pub fn confidence(&self, path: &str, raw: f64) -> f64 {
        match self.paths.get(path) {
            Some(s) if s.cases >= self.min_cases => {
                let measured = s.confidence();
                if raw < SELF_DOUBT { raw.min(measured) } else { measured }
            }
            _ => raw,
        }
    }

    /// The calibration of `cases` (path, the audit's own estimate, right): each path's counts, and
    /// the review threshold — the lowest reported confidence at which the results at or above it
    /// were right at least `target` of the time (1.0 when none).
    pub fn from_cases(cases: &[(String, f64, bool)], target: f64, min_cases: u32) -> Calibration {
        let mut paths: BTreeMap<String, PathStat> = BTreeMap::new();
        for (p, _, right) in cases {
            let s = paths.entry(p.clone()).or_default();
            s.cases += 1;
            s.right += u32::from(*right);
        }
        let mut cal = Calibration {
            target,
            min_cases,
            review_below: 1.0,
            paths,
        };
        let reported: Vec<(f64, bool)> = cases.iter().map(|(p, raw, r)| (cal.confidence(p, *raw), *r)).collect();
        let mut levels: Vec<f64> = reported.iter().map(|x| x.0).collect();
        levels.sort_by(f64::total_cmp);
        levels.dedup();
        let review_below = levels
            .into_iter()
            .find(|&c| {
                let above: Vec<bool> = reported.iter().filter(|x| x.0 >= c).map(|x| x.1).collect();
                let right = above.iter().filter(|r| **r).count();
                !above.is_empty() && right as f64 / above.len() as f64 >= target
            })
            .unwrap_or(1.0);
        cal.review_below = (review_below * 100.0).floor() / 100.0;
        cal
    }

    /// The table as data/calibration.toml holds it.
    pub fn to_toml(&self) -> String {
        let mut s = String::from(
            "# Calibration of the audit's confidence, per path, on the labelled corpus (tests/corpus/labels and\n\
             # the demo's sites). Written by `ICTRANK_WRITE_CALIBRATION=1 cargo test --test agreement`; the\n\
             # test fails when the measurement and this file disagree. See TRUST.md.\n",
        );
        let _ = writeln!(s, "target = {}", self.target);
        let _ = writeln!(s, "min_cases = {}", self.min_cases);
        let _ = writeln!(s, "review_below = {}", self.review_below);
        for (p, st) in &self.paths {
            let _ = writeln!(s, "\n[paths.\"{p}\"]\ncases = {}\nright = {}", st.cases, st.right);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measured_paths_replace_estimates_and_set_the_review_threshold() {
        let mut cases = vec![];
        cases.extend((0..10).map(|_| ("section/menu_label".to_string(), 0.9, true)));
        cases.extend((0..6).map(|i| ("section/slug".to_string(), 0.75, i < 3)));
        cases.push(("check/rss".to_string(), 0.8, true));
        let c = Calibration::from_cases(&cases, 0.9, 5);
        assert_eq!(c.paths["section/slug"], PathStat { cases: 6, right: 3 });
        // Slugs measure 4/8, menu labels 11/12: only at 0.8 and above are 90 % right.
        assert_eq!(c.confidence("section/menu_label", 0.75), 11.0 / 12.0);
        assert_eq!(c.confidence("section/slug", 0.9), 0.5);
        assert_eq!(c.review_below, 0.8);
        // Too few cases: the audit's own estimate stays; a self-declared doubt stays low.
        assert_eq!(c.confidence("check/rss", 0.8), 0.8);
        assert_eq!(c.confidence("section/menu_label", 0.5), 0.5);
        let back = Calibration::parse(&c.to_toml()).unwrap();
        assert_eq!(back, c);
        let e =
            Calibration::parse("target = 0.9\nmin_cases = 5\nreview_below = 0.5\n[paths.a]\ncases = 1\nright = 2\n")
                .unwrap_err();
        assert!(e.contains("paths.\"a\""), "{e}");
        let e = Calibration::parse("target = 0.9\nmin_cases = 5\nreview_below = 0.5\nextra = 1\n").unwrap_err();
        assert!(e.contains("extra"), "{e}");
    }
}
