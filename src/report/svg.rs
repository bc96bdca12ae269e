//! Inline SVG charts for the HTML report, drawn by hand (no script, no external resource):
//! [`tier_pie`] (the tier shares of Hình 1 and Hình 2), [`points_bars`] (points per unit of a table)
//! and [`freshness_timeline`] (a unit's website scores over time and the dates of its news).
//!
//! Every text is escaped; every chart carries `class` and `data-*` attributes naming what it shows.
//! The charts survive a black-and-white printout: adjacent tiers differ in luminance by a ratio of
//! at least 3 ([`TIER_COLORS`]), slices carry their count and share as text, and every shape has
//! a dark outline.

use super::markup::escape;
use crate::util::vnformat;
use chrono::NaiveDate;
use std::fmt::Write;

/// Tier colours, best first: dark green, mid blue, pale orange (luminance 0.03, 0.24, 0.89), so
/// Tốt, Khá and Trung bình stay apart in grey; a fourth and fifth tier, if a rubric has them, get
/// purple and brown.
pub const TIER_COLORS: [&str; 5] = ["#0d3b12", "#1e88e5", "#fff0d9", "#8e24aa", "#6d4c41"];

/// The colour of a tier, by its position (best first).
pub fn tier_color(index: usize) -> &'static str {
    TIER_COLORS[index.min(TIER_COLORS.len() - 1)]
}

/// WCAG relative luminance of a "#rrggbb" colour (0 black … 1 white).
pub fn relative_luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = u8::from_str_radix(hex.get(1 + 2 * i..3 + 2 * i).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

/// Black text on a light fill, white on a dark one.
fn text_on(fill: &str) -> &'static str {
    if relative_luminance(fill) > 0.3 {
        "#000000"
    } else {
        "#ffffff"
    }
}

/// A pie of the tier counts with a legend: `counts` are (tier id, tier name, count), best first.
pub fn tier_pie(caption: &str, counts: &[(&str, &str, usize)]) -> String {
    let total: usize = counts.iter().map(|c| c.2).sum();
    let (cx, cy, r) = (110.0, 110.0, 100.0);
    let height = (counts.len() * 26 + 20).max(220);
    let mut svg = format!(
        r#"<svg class="chart tier-share" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 460 {height}" width="460" height="{height}" role="img" aria-label="{}">"#,
        escape(caption)
    );
    let mut angle = -std::f64::consts::FRAC_PI_2;
    for (i, (id, name, count)) in counts.iter().enumerate() {
        if *count == 0 || total == 0 {
            continue;
        }
        let share = *count as f64 / total as f64;
        let title = format!("{name}: {count} ({}%)", vnformat::decimal(share * 100.0, 1));
        let attrs = format!(
            r##"class="slice" data-tier="{}" data-count="{count}" fill="{}" stroke="#222" stroke-width="1""##,
            escape(id),
            tier_color(i)
        );
        // The slice's label sits at two thirds of the radius, in the middle of its arc.
        let label = format!("{count} ({}%)", vnformat::decimal(share * 100.0, 1));
        let end = angle + share * std::f64::consts::TAU;
        let mid = if *count == total {
            std::f64::consts::FRAC_PI_2
        } else {
            (angle + end) / 2.0
        };
        let (lx, ly) = (cx + r * 0.62 * mid.cos(), cy + r * 0.62 * mid.sin() + 5.0);
        let text = format!(
            r#"<text class="slice-label" x="{lx:.1}" y="{ly:.1}" font-size="13" font-weight="bold" text-anchor="middle" fill="{}">{}</text>"#,
            text_on(tier_color(i)),
            escape(&label)
        );
        if *count == total {
            let _ = write!(
                svg,
                r#"<circle {attrs} cx="{cx}" cy="{cy}" r="{r}"><title>{}</title></circle>{text}"#,
                escape(&title)
            );
            continue;
        }
        let (x1, y1) = (cx + r * angle.cos(), cy + r * angle.sin());
        let (x2, y2) = (cx + r * end.cos(), cy + r * end.sin());
        let large = if share > 0.5 { 1 } else { 0 };
        let _ = write!(
            svg,
            r#"<path {attrs} d="M{cx},{cy} L{x1:.2},{y1:.2} A{r},{r} 0 {large} 1 {x2:.2},{y2:.2} Z"><title>{}</title></path>{text}"#,
            escape(&title)
        );
        angle = end;
    }
    if total == 0 {
        let _ = write!(svg, r##"<circle cx="{cx}" cy="{cy}" r="{r}" fill="#e0e0e0"/>"##);
    }
    for (i, (_, name, count)) in counts.iter().enumerate() {
        let y = 30 + i * 26;
        let pct = if total > 0 {
            *count as f64 * 100.0 / total as f64
        } else {
            0.0
        };
        let _ = write!(
            svg,
            r##"<rect x="240" y="{}" width="16" height="16" fill="{}" stroke="#222"/><text class="legend" x="264" y="{}" font-size="14">{}: {} đơn vị ({}%)</text>"##,
            y - 13,
            tier_color(i),
            y,
            escape(name),
            count,
            vnformat::decimal(pct, 1)
        );
    }
    svg + "</svg>"
}

/// One bar of [`points_bars`].
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: f64,
    pub tier_index: usize,
}

/// Horizontal bars of points against the table's maximum, one per unit, coloured by tier.
pub fn points_bars(caption: &str, max: f64, bars: &[Bar]) -> String {
    let (label_w, bar_w, row_h) = (300.0, 420.0, 22.0);
    let height = bars.len() as f64 * row_h + 30.0;
    let mut svg = format!(
        r#"<svg class="chart points-bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {height}" width="{w}" height="{height}" role="img" aria-label="{}" data-bars="{}">"#,
        escape(caption),
        bars.len(),
        w = label_w + bar_w + 80.0
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 10.0 + i as f64 * row_h;
        let w = if max > 0.0 {
            (b.value / max).clamp(0.0, 1.0) * bar_w
        } else {
            0.0
        };
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" font-size="12" text-anchor="end">{}</text><rect class="bar" x="{label_w}" y="{y}" width="{w:.1}" height="{}" fill="{}" stroke="#222" stroke-width="0.5"/><text x="{}" y="{}" font-size="12">{}</text>"##,
            label_w - 6.0,
            y + 14.0,
            escape(b.label),
            row_h - 6.0,
            tier_color(b.tier_index),
            label_w + w + 4.0,
            y + 14.0,
            super::points_text(b.value)
        );
    }
    let _ = write!(
        svg,
        r##"<line x1="{x}" y1="4" x2="{x}" y2="{}" stroke="#999" stroke-dasharray="4 3"/><text x="{x}" y="{}" font-size="11" text-anchor="end">Tối đa: {}</text>"##,
        height - 12.0,
        height - 2.0,
        super::points_text(max),
        x = label_w + bar_w
    );
    svg + "</svg>"
}

/// A time axis from the first to the last date shown: website scores as a line (against
/// `max_score`) and news dates as ticks under it.
pub fn freshness_timeline(caption: &str, scores: &[(NaiveDate, f64)], max_score: f64, news: &[NaiveDate]) -> String {
    let (left, width, top, plot_h) = (50.0, 640.0, 20.0, 120.0);
    let dates: Vec<NaiveDate> = scores.iter().map(|s| s.0).chain(news.iter().copied()).collect();
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return format!(
            r#"<svg class="chart freshness" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 740 40" width="740" height="40" role="img" aria-label="{}"><text x="10" y="24" font-size="13">Không có dữ liệu</text></svg>"#,
            escape(caption)
        );
    };
    let span = (*last - *first).num_days().max(1) as f64;
    let x = |d: NaiveDate| left + (d - *first).num_days() as f64 / span * width;
    let y = |v: f64| {
        top + plot_h
            - if max_score > 0.0 {
                (v / max_score).clamp(0.0, 1.0) * plot_h
            } else {
                0.0
            }
    };
    let mut svg = format!(
        r#"<svg class="chart freshness" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 740 220" width="740" height="220" role="img" aria-label="{}" data-scores="{}" data-news="{}">"#,
        escape(caption),
        scores.len(),
        news.len()
    );
    let base = top + plot_h;
    let _ = write!(
        svg,
        r##"<line x1="{left}" y1="{base}" x2="{}" y2="{base}" stroke="#555"/><line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#555"/><text x="{}" y="{}" font-size="11" text-anchor="end">{}</text><text x="{}" y="{base}" font-size="11" text-anchor="end">0</text>"##,
        left + width,
        left - 4.0,
        top + 4.0,
        super::points_text(max_score),
        left - 4.0
    );
    let mut sorted: Vec<&(NaiveDate, f64)> = scores.iter().collect();
    sorted.sort_by_key(|s| s.0);
    if !sorted.is_empty() {
        let points: Vec<String> = sorted
            .iter()
            .map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v)))
            .collect();
        let _ = write!(
            svg,
            r##"<polyline class="scores" fill="none" stroke="#1565c0" stroke-width="2" points="{}"/>"##,
            points.join(" ")
        );
        for (d, v) in &sorted {
            let _ = write!(
                svg,
                r##"<circle class="score" cx="{:.1}" cy="{:.1}" r="3.5" fill="#1565c0"><title>{}: {}</title></circle>"##,
                x(*d),
                y(*v),
                d.format("%d/%m/%Y"),
                super::points_text(*v)
            );
        }
    }
    let ticks_y = base + 22.0;
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" font-size="11" text-anchor="end">Tin</text>"#,
        left - 4.0,
        ticks_y + 8.0
    );
    for d in news {
        let _ = write!(
            svg,
            r##"<line class="news" x1="{0:.1}" y1="{ticks_y}" x2="{0:.1}" y2="{1}" stroke="#ef6c00" stroke-width="2"><title>{2}</title></line>"##,
            x(*d),
            ticks_y + 12.0,
            d.format("%d/%m/%Y")
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{left}" y="{0}" font-size="11">{1}</text><text x="{2}" y="{0}" font-size="11" text-anchor="end">{3}</text>"#,
        ticks_y + 34.0,
        first.format("%d/%m/%Y"),
        left + width,
        last.format("%d/%m/%Y")
    );
    svg + "</svg>"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pie_of_one_tier_is_a_full_circle_and_an_empty_pie_has_no_slice() {
        let one = tier_pie(
            "Hình",
            &[("tot", "Tốt", 0), ("kha", "Khá", 4), ("trung_binh", "Trung bình", 0)],
        );
        assert_eq!(one.matches("class=\"slice\"").count(), 1);
        assert!(
            one.contains(r#"<circle class="slice" data-tier="kha" data-count="4""#),
            "{one}"
        );
        assert!(one.contains("Khá: 4 đơn vị (100,0%)"));
        let empty = tier_pie("Hình", &[("tot", "Tốt", 0), ("kha", "Khá", 0)]);
        assert_eq!(empty.matches("class=\"slice\"").count(), 0);
        assert!(empty.contains("Tốt: 0 đơn vị (0,0%)"));
    }

    #[test]
    fn slices_take_their_share_of_the_circle() {
        // Two equal halves: each arc ends opposite where it starts (top → bottom → top).
        let pie = tier_pie("Hình", &[("tot", "Tốt", 2), ("kha", "Khá", 2)]);
        assert!(
            pie.contains("M110,110 L110.00,10.00 A100,100 0 0 1 110.00,210.00 Z"),
            "{pie}"
        );
        assert!(
            pie.contains("M110,110 L110.00,210.00 A100,100 0 0 1 110.00,10.00 Z"),
            "{pie}"
        );
    }

    #[test]
    fn tiers_stay_apart_in_grey() {
        let ratio = |a: &str, b: &str| {
            let (la, lb) = (relative_luminance(a), relative_luminance(b));
            (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
        };
        assert!((relative_luminance("#ffffff") - 1.0).abs() < 1e-9 && relative_luminance("#000000") == 0.0);
        // Tốt vs Khá and Khá vs Trung bình: at least 3:1 (the old green/blue pair was 1.12).
        assert!(
            ratio(tier_color(0), tier_color(1)) >= 3.0,
            "{}",
            ratio(tier_color(0), tier_color(1))
        );
        assert!(
            ratio(tier_color(1), tier_color(2)) >= 3.0,
            "{}",
            ratio(tier_color(1), tier_color(2))
        );
        assert!(ratio("#2e7d32", "#1565c0") < 1.2);
        // Slices carry their numbers as text, readable on their fill.
        let pie = tier_pie("Hình", &[("tot", "Tốt", 3), ("kha", "Khá", 1)]);
        assert!(pie.contains(r##"fill="#ffffff">3 (75,0%)</text>"##), "{pie}");
        assert!(pie.contains(">1 (25,0%)</text>"), "{pie}");
    }

    #[test]
    fn chart_text_is_escaped() {
        let bars = points_bars(
            "<b>",
            10.0,
            &[Bar {
                label: "A & B <x>",
                value: 12.0,
                tier_index: 0,
            }],
        );
        assert!(bars.contains("A &amp; B &lt;x&gt;") && !bars.contains("<x>") && !bars.contains("<b>"));
        // A value above the maximum does not overflow the plot.
        assert!(bars.contains(r#"width="420.0""#), "{bars}");
    }

    #[test]
    fn a_timeline_places_dates_on_one_axis() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let svg = freshness_timeline(
            "T",
            &[(d("2026-01-01"), 0.0), (d("2026-01-11"), 100.0)],
            100.0,
            &[d("2026-01-06")],
        );
        assert!(svg.contains(r#"points="50.0,140.0 690.0,20.0""#), "{svg}");
        assert!(svg.contains(r#"x1="370.0""#), "{svg}");
        assert!(freshness_timeline("T", &[], 100.0, &[]).contains("Không có dữ liệu"));
    }
}
