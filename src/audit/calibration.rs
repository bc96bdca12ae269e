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
        let c: Calibration = serde_path_to_error::deserialize(de).map_err(|e| format!("{}: {}", e.path(), e.inner()))?;
        if !(0.0..=1.0).contains(&c.target) || !(0.0..=1.0).contains(&c.review_below) {
            return Err("target and review_below must lie between 0 and 1".into());
        }
        if let Some((p, s)) = c.paths.iter().find(|(_, s)| s.right > s.cases) {
            return Err(format!("paths.\"{p}\": right ({}) is more than cases ({})", s.right, s.cases));
        }
        Ok(c)
    }

    /// The confidence to report for a result reached by `path` whose own estimate is `raw`: the
    /// path's measured accuracy once it has `min_cases` cases. A result that asks for an evaluator
    /// by itself (`raw` below the review threshold: half a requirement, a file instead of a page)
    /// keeps its lower estimate.
    pub fn confidence(&self, path: &str, raw: f64) -> f64 {
        match self.paths.get(path) {
            Some(s) if s.cases >= self.min_cases => {
                let measured = s.confidence();
                if raw < self.review_below {
                    raw.min(measured)
                } else {
                    measured
                }
            }
            _ => raw,
        }
    }

    /// The calibration of `cases` (path, right): each path's counts, and the review threshold — the
    /// lowest calibrated confidence at which results at or above it were right at least `target` of
    /// the time (1.0 when none).
    pub fn from_cases(cases: &[(String, bool)], target: f64, min_cases: u32) -> Calibration {
        let mut paths: BTreeMap<String, PathStat> = BTreeMap::new();
        for (p, right) in cases {
            let s = paths.entry(p.clone()).or_default();
            s.cases += 1;
            s.right += u32::from(*right);
        }
        let mut levels: Vec<f64> = paths
            .values()
            .filter(|s| s.cases >= min_cases)
            .map(PathStat::confidence)
            .collect();
        levels.sort_by(f64::total_cmp);
        let review_below = levels
            .iter()
            .copied()
            .find(|&c| {
                let above: Vec<&PathStat> = paths
                    .values()
                    .filter(|s| s.cases >= min_cases && s.confidence() >= c)
                    .collect();
                let n: u32 = above.iter().map(|s| s.cases).sum();
                let r: u32 = above.iter().map(|s| s.right).sum();
                n > 0 && f64::from(r) / f64::from(n) >= target
            })
            .unwrap_or(1.0);
        Calibration {
            target,
            min_cases,
            review_below: (review_below * 100.0).floor() / 100.0,
            paths,
        }
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
        cases.extend((0..10).map(|_| ("section/menu_label".to_string(), true)));
        cases.extend((0..6).map(|i| ("section/slug".to_string(), i < 3)));
        cases.push(("check/rss".to_string(), true));
        let c = Calibration::from_cases(&cases, 0.9, 5);
        assert_eq!(c.paths["section/slug"], PathStat { cases: 6, right: 3 });
        // 11/12 for the menu labels; the slugs' 4/8 would drag the pool below 90 %.
        assert_eq!(c.review_below, 0.91);
        assert_eq!(c.confidence("section/menu_label", 0.75), 11.0 / 12.0);
        assert_eq!(c.confidence("section/slug", 0.75), 0.5);
        // Too few cases: the audit's own estimate stays; a self-declared doubt stays low.
        assert_eq!(c.confidence("check/rss", 0.8), 0.8);
        assert_eq!(c.confidence("section/menu_label", 0.5), 0.5);
        let back = Calibration::parse(&c.to_toml()).unwrap();
        assert_eq!(back, c);
        let e = Calibration::parse("target = 0.9\nmin_cases = 5\nreview_below = 0.5\n[paths.a]\ncases = 1\nright = 2\n")
            .unwrap_err();
        assert!(e.contains("paths.\"a\""), "{e}");
        let e = Calibration::parse("target = 0.9\nmin_cases = 5\nreview_below = 0.5\nextra = 1\n").unwrap_err();
        assert!(e.contains("extra"), "{e}");
    }
}
