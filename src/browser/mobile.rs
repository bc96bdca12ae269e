//! The phone check: the page loaded at a phone's width (390 CSS pixels, touch, mobile), its
//! `<meta name="viewport">`, whether it scrolls sideways, and a screenshot of the first screen
//! kept as evidence.
//!
//! Main item: [`check`].

use super::cdp::Tab;
use super::findings::Mobile;
use super::performance::{NetworkProfile, load};
use anyhow::{Context, Result};
use base64::Engine;
use serde_json::{Value, json};
use std::path::Path;

/// A phone's width (CSS pixels): an iPhone 12 to 15, inside the 360–412 px the criterion names.
pub const PHONE_WIDTH: u32 = 390;
const PHONE_HEIGHT: u32 = 844;

/// Loads `url` at phone size in `tab`; the screenshot goes to `shot` when given.
pub async fn check(tab: &Tab, url: &str, network: NetworkProfile, shot: Option<&Path>) -> Result<Mobile> {
    tab.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": PHONE_WIDTH, "height": PHONE_HEIGHT, "deviceScaleFactor": 1, "mobile": true}),
    )
    .await?;
    tab.call(
        "Emulation.setTouchEmulationEnabled",
        json!({"enabled": true, "maxTouchPoints": 5}),
    )
    .await?;
    load(tab, url, network).await?;
    let v = tab
        .eval(
            r#"(() => {
  const m = document.querySelector('meta[name="viewport" i]');
  const d = document.documentElement, b = document.body;
  return {meta: m ? m.getAttribute('content') : null,
          width: Math.max(d ? d.scrollWidth : 0, b ? b.scrollWidth : 0)};
})()"#,
        )
        .await?;
    let screenshot = match shot {
        Some(path) => {
            let s = tab
                .call("Page.captureScreenshot", json!({"format": "jpeg", "quality": 70}))
                .await?;
            let data = s.get("data").and_then(Value::as_str).context("no screenshot data")?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data)
                .context("the screenshot is not base64")?;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            }
            std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
            Some(path.display().to_string())
        }
        None => None,
    };
    Ok(Mobile {
        width: PHONE_WIDTH,
        viewport_meta: v["meta"].as_str().map(str::to_string),
        scroll_width: v["width"].as_u64().unwrap_or(0) as u32,
        screenshot,
    })
}
