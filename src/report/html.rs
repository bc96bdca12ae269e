//! The ranking as one self-contained HTML page (inline CSS, inline SVG, no script, no external
//! resource), lang="vi": every table laid out as in the decision, the tier-share figure after each
//! overall table (Hình 1, Hình 2…), a bar chart of points per unit for each group table, and — from
//! [`HtmlExtras`] — a freshness timeline per unit, the changes since the last run and the units
//! flagged for review.
//!
//! Main function: [`html_report`].

use super::markup::escape;
use super::svg::{self, Bar};
use super::{column_headers, overall_tables, row_cells, table_heading, tier_counts, tier_sections};
use crate::rank::{Ranking, Table};
use chrono::NaiveDate;
use std::fmt::Write;

/// A unit's website freshness over time.
#[derive(Clone, Debug, Default)]
pub struct UnitFreshness {
    pub unit_id: String,
    pub agency: String,
    /// The website score of each run (date of the run, points).
    pub scores: Vec<(NaiveDate, f64)>,
    /// The score's maximum (the website group's maximum for the unit's kind).
    pub max_score: f64,
    /// Dates of the news items found on the site.
    pub news_dates: Vec<NaiveDate>,
}

/// A change between two runs (a section gone, freshness lost, a score moved).
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub agency: String,
    pub what: String,
    pub before: String,
    pub after: String,
}

/// A unit an evaluator should look at, and why.
#[derive(Clone, Debug, Default)]
pub struct ReviewFlag {
    pub agency: String,
    pub reason: String,
}

/// What the report shows besides the tables; every part is optional.
#[derive(Clone, Debug, Default)]
pub struct HtmlExtras {
    /// A line under the title, e.g. when and how the run was made.
    pub note: Option<String>,
    pub freshness: Vec<UnitFreshness>,
    pub changes: Vec<Change>,
    pub review: Vec<ReviewFlag>,
}

pub(crate) const STYLE: &str = "body{font-family:'DejaVu Sans','Noto Sans',Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}\
h1{font-size:1.5em;text-align:center}h2{font-size:1.15em;margin-top:2em}\
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #999;padding:4px 8px}\
thead th{background:#d9e1f2}td.num{text-align:right}tr.tier th{background:#f2f2f2;text-align:left;font-style:italic}\
figure{margin:1em 0}figcaption{font-style:italic;margin-top:.3em}.note{color:#555}\
.unranked{font-size:.95em;color:#444}svg{max-width:100%;height:auto}\
table.standing td,table.standing th{font-size:1.1em}table.standing td.total,table.standing td.tier{font-weight:bold}\
tr.lost td{background:#fde8e8}tr.lost td:nth-child(3){font-weight:bold}.lost-list{border-left:4px solid #b71c1c;padding:.2em .8em;background:#fff5f5}\
@page{size:A4;margin:14mm 12mm}\
@media print{nav{display:none}h2{break-after:avoid}figure{break-inside:avoid}tr{break-inside:avoid}thead{display:table-header-group}\
article.scorecard{break-after:page}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

/// The whole report page.
pub fn html_report(ranking: &Ranking, extras: &HtmlExtras) -> String {
    let mut body = String::new();
    let _ = write!(body, "<h1>{}</h1>", escape(&ranking.title));
    if let Some(note) = &extras.note {
        let _ = write!(body, r#"<p class="note">{}</p>"#, escape(note));
    }
    body += &contents(ranking);
    let overall: Vec<&str> = overall_tables(ranking).map(|t| t.id.as_str()).collect();
    for table in &ranking.tables {
        body += &table_section(ranking, table);
        if let Some(i) = overall.iter().position(|id| *id == table.id) {
            body += &tier_figure(ranking, table, i + 1);
        } else {
            body += &bars_figure(ranking, table);
        }
    }
    body += &not_evaluated(ranking);
    body += &freshness_section(&extras.freshness);
    body += &changes_section(&extras.changes);
    body += &review_section(&extras.review);
    page(&ranking.title, &body)
}

/// A complete HTML document around `body`.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        escape(title)
    )
}

/// The anchor of a table's section: "bang-1-3b".
pub fn table_anchor(table: &Table) -> String {
    format!("bang-{}", table.id.replace('.', "-"))
}

fn contents(ranking: &Ranking) -> String {
    let items: String = ranking
        .tables
        .iter()
        .map(|t| {
            format!(
                r##"<li><a href="#{}">{}</a></li>"##,
                table_anchor(t),
                escape(&table_heading(t))
            )
        })
        .collect();
    format!(r#"<nav><h2>Mục lục</h2><ul>{items}</ul></nav>"#)
}

pub(crate) fn table_section(ranking: &Ranking, table: &Table) -> String {
    let headers = column_headers(ranking, table);
    let mut s = format!(
        r#"<section id="{}"><h2>{}</h2>"#,
        table_anchor(table),
        escape(&table_heading(table))
    );
    if table.group.is_none() {
        let _ = write!(
            s,
            r#"<p class="note">Điểm tối đa: {}</p>"#,
            super::points_text(table.max_points)
        );
    }
    let _ = write!(
        s,
        r#"<table class="ranking" data-table="{}"><thead><tr>"#,
        escape(&table.id)
    );
    for h in &headers {
        let _ = write!(s, "<th>{}</th>", escape(h));
    }
    s += "</tr></thead><tbody>";
    for section in tier_sections(ranking, table) {
        let _ = write!(
            s,
            r#"<tr class="tier" data-tier="{}"><th colspan="{}">{}</th></tr>"#,
            escape(section.tier_id),
            headers.len(),
            escape(&section.heading)
        );
        for (n, r) in section.rows {
            let _ = write!(
                s,
                r#"<tr class="unit" data-unit="{}" data-tier="{}">"#,
                escape(&r.unit_id),
                escape(&r.tier)
            );
            for (i, c) in row_cells(ranking, table, n, r).iter().enumerate() {
                let class = if i == 1 { "" } else { r#" class="num""# };
                let _ = write!(s, "<td{class}>{}</td>", escape(c));
            }
            s += "</tr>";
        }
    }
    s += "</tbody></table>";
    if table.rows.is_empty() {
        s += r#"<p class="unranked">Không có đơn vị nào được xếp hạng.</p>"#;
    }
    if !table.unranked.is_empty() {
        let _ = write!(
            s,
            r#"<div class="unranked"><p>Không xếp hạng trong bảng này ({} đơn vị):</p><ul>"#,
            table.unranked.len()
        );
        for u in &table.unranked {
            let _ = write!(s, "<li>{}: {}</li>", escape(&u.agency), escape(&u.reason));
        }
        s += "</ul></div>";
    }
    s + "</section>"
}

fn tier_figure(ranking: &Ranking, table: &Table, number: usize) -> String {
    let caption = super::figure_caption(ranking, table, number);
    format!(
        r#"<figure class="tier-share" data-table="{}">{}<figcaption>{}</figcaption></figure>"#,
        escape(&table.id),
        svg::tier_pie(&caption, &tier_counts(ranking, table)),
        escape(&caption)
    )
}

fn bars_figure(ranking: &Ranking, table: &Table) -> String {
    if table.rows.is_empty() {
        return String::new();
    }
    let bars: Vec<Bar> = table
        .rows
        .iter()
        .map(|r| Bar {
            label: &r.agency,
            value: r.points,
            tier_index: ranking
                .tiers
                .iter()
                .position(|(id, _)| id == &r.tier)
                .unwrap_or(ranking.tiers.len()),
        })
        .collect();
    let caption = format!("Điểm của từng đơn vị — Bảng {}", table.id);
    format!(
        r#"<figure class="points" data-table="{}">{}<figcaption>{}</figcaption></figure>"#,
        escape(&table.id),
        svg::points_bars(&caption, table.max_points, &bars),
        escape(&caption)
    )
}

fn not_evaluated(ranking: &Ranking) -> String {
    if ranking.not_evaluated.is_empty() {
        return String::new();
    }
    let items: String = ranking
        .not_evaluated
        .iter()
        .map(|u| format!("<li>{}: {}</li>", escape(&u.agency), escape(&u.reason)))
        .collect();
    format!(r#"<section id="khong-danh-gia"><h2>Đơn vị không đánh giá</h2><ul>{items}</ul></section>"#)
}

/// One timeline per unit with a trend to show (two website scores or more); no empty plots: after a
/// single run the section only says so.
fn freshness_section(units: &[UnitFreshness]) -> String {
    if units.is_empty() {
        return String::new();
    }
    let plotted: Vec<&UnitFreshness> = units.iter().filter(|u| u.scores.len() >= 2).collect();
    let mut s = String::from(r#"<section id="cap-nhat"><h2>Mức độ cập nhật trang thông tin điện tử</h2>"#);
    if plotted.is_empty() {
        return s
            + r#"<p class="note">Chưa đủ dữ liệu để vẽ diễn biến cập nhật: cần điểm trang thông tin điện tử của ít nhất hai lượt đánh giá.</p></section>"#;
    }
    s += r#"<p class="note">Đường: điểm trang thông tin điện tử qua các lượt đánh giá; vạch: ngày đăng các tin tìm thấy. Chỉ vẽ các đơn vị có từ hai lượt đánh giá trở lên.</p>"#;
    for u in plotted {
        let caption = format!("Diễn biến cập nhật — {}", u.agency);
        let _ = write!(
            s,
            r#"<figure class="freshness" data-unit="{}">{}<figcaption>{}</figcaption></figure>"#,
            escape(&u.unit_id),
            svg::freshness_timeline(&caption, &u.scores, u.max_score, &u.news_dates),
            escape(&caption)
        );
    }
    s + "</section>"
}

fn changes_section(changes: &[Change]) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        r#"<section id="thay-doi"><h2>Thay đổi so với lượt đánh giá trước</h2><table class="changes"><thead><tr><th>Tên cơ quan</th><th>Nội dung</th><th>Trước</th><th>Sau</th></tr></thead><tbody>"#,
    );
    for c in changes {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&c.agency),
            escape(&c.what),
            escape(&c.before),
            escape(&c.after)
        );
    }
    s + "</tbody></table></section>"
}

fn review_section(review: &[ReviewFlag]) -> String {
    if review.is_empty() {
        return String::new();
    }
    let items: String = review
        .iter()
        .map(|r| format!("<li>{}: {}</li>", escape(&r.agency), escape(&r.reason)))
        .collect();
    format!(
        r#"<section id="can-xem-xet"><h2>Đơn vị cần xem xét lại ({})</h2><ul>{items}</ul></section>"#,
        review.len()
    )
}

#[cfg(test)]
mod tests {
    use super::super::join_and;
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">Sở & 'Ban'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Sở &amp; &#39;Ban&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn tiers_are_joined_the_vietnamese_way() {
        let t = |v: &[&str]| join_and(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(t(&["Tốt", "Khá", "Trung bình"]), "Tốt, Khá và Trung bình");
        assert_eq!(t(&["Đạt", "Không đạt"]), "Đạt và Không đạt");
        assert_eq!(t(&["Tốt"]), "Tốt");
    }
}
