//! Accessibility: axe-core (MPL-2.0, shipped pinned in `assets/axe/`, see its README) run on the
//! loaded page with the WCAG 2.0/2.1 A and AA rules; the violations are the evidence.
//!
//! Main items: [`check`], [`AXE_VERSION`], [`rule_vi`] (Vietnamese names of the common rules).

use super::cdp::Tab;
use super::findings::{A11y, Violation};
use anyhow::{Context, Result};
use serde_json::Value;

/// axe-core's script, from the npm package axe-core@4.14.1 (`axe.min.js`).
const AXE: &str = include_str!("../../assets/axe/axe.min.js");
/// The shipped version.
pub const AXE_VERSION: &str = "4.14.1";

const RUN: &str = r#"axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  resultTypes: ['violations']
}).then(r => ({version: axe.version, violations: r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
  targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))
}))}))"#;

/// Runs axe on the page loaded in `tab`.
pub async fn check(tab: &Tab) -> Result<A11y> {
    tab.eval(AXE).await.context("cannot load axe-core into the page")?;
    let v = tab.eval(RUN).await.context("axe-core failed on the page")?;
    let violations = v["violations"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| Violation {
                    id: x["id"].as_str().unwrap_or_default().to_string(),
                    impact: x["impact"].as_str().map(str::to_string),
                    help: x["help"].as_str().unwrap_or_default().to_string(),
                    nodes: x["nodes"].as_u64().unwrap_or(0) as u32,
                    targets: x["targets"]
                        .as_array()
                        .map(|t| t.iter().filter_map(Value::as_str).map(str::to_string).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(A11y {
        axe_version: v["version"].as_str().unwrap_or(AXE_VERSION).to_string(),
        violations,
    })
}

/// The Vietnamese name of a common axe rule (the evidence keeps axe's id and English help too).
pub fn rule_vi(id: &str) -> Option<&'static str> {
    Some(match id {
        "image-alt" => "ảnh thiếu văn bản thay thế (alt)",
        "input-image-alt" => "nút ảnh thiếu văn bản thay thế",
        "area-alt" => "vùng bản đồ ảnh thiếu văn bản thay thế",
        "label" => "ô nhập liệu thiếu nhãn",
        "select-name" => "danh sách chọn thiếu nhãn",
        "button-name" => "nút bấm không có tên",
        "link-name" => "liên kết không có chữ mô tả",
        "color-contrast" => "độ tương phản màu chữ không đủ",
        "html-has-lang" => "trang không khai báo ngôn ngữ (lang)",
        "html-lang-valid" => "mã ngôn ngữ của trang không hợp lệ",
        "document-title" => "trang không có tiêu đề",
        "frame-title" => "khung nhúng (iframe) không có tiêu đề",
        "duplicate-id-aria" => "trùng mã id dùng cho ARIA",
        "list" | "listitem" => "danh sách đánh dấu sai cấu trúc",
        "meta-viewport" => "trang chặn phóng to trên điện thoại",
        "aria-allowed-attr" | "aria-valid-attr-value" | "aria-required-attr" => "thuộc tính ARIA dùng sai",
        "bypass" => "không có cách bỏ qua khối điều hướng lặp lại",
        _ => return None,
    })
}
