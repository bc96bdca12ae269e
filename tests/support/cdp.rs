//! Headless Chromium for the web app's end-to-end test: the browser stage's own launcher and
//! DevTools client (`ictrank::browser::pool::launch`, `ictrank::browser::cdp`), one tab 420 px
//! wide, with navigation helpers: open a page, act on it and wait for the page it leads to.
#![allow(dead_code)]

use anyhow::{Result, bail};
use ictrank::browser::BrowserConfig;
use ictrank::browser::cdp::Tab;
use ictrank::browser::pool::{Running, find_chromium, launch};
use serde_json::{Value, json};
use std::time::Duration;

/// A running headless Chromium with one tab.
pub struct Chromium {
    tab: Tab,
    _running: Running,
}

/// The Chromium binary, if installed (Debian's chromium; .ci/run installs it).
pub fn chromium_binary() -> Option<std::path::PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .find_map(|p| find_chromium(std::path::Path::new(p)))
}

impl Chromium {
    pub async fn launch(binary: &std::path::Path) -> Result<Chromium> {
        let cfg = BrowserConfig {
            // the app under test is served on loopback
            allow_private: true,
            ..BrowserConfig::default()
        };
        let running = launch(binary, &cfg).await?;
        let tab = running.cdp.open_tab().await?;
        // the window of a phone-sized screen: the pages must work at 420 px
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 420, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
        )
        .await?;
        Ok(Chromium { tab, _running: running })
    }

    /// Evaluates `expr` in the page and returns its value.
    pub async fn eval(&self, expr: &str) -> Result<Value> {
        self.tab.eval(expr).await
    }

    /// Opens `url` and waits until it is loaded.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.eval("window.__old = true").await.ok();
        self.tab.call("Page.navigate", json!({"url": url})).await?;
        self.wait_new_page().await
    }

    /// Runs `action` (a script that submits a form or follows a link) and waits for the page it
    /// leads to.
    pub async fn act(&self, action: &str) -> Result<()> {
        self.eval(&format!("window.__old = true; {action}")).await?;
        self.wait_new_page().await
    }

    async fn wait_new_page(&self) -> Result<()> {
        for _ in 0..300 {
            let v = self
                .eval("window.__old === undefined && document.readyState === 'complete'")
                .await
                .unwrap_or(Value::Bool(false));
            if v == Value::Bool(true) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("the page did not load within 15 s")
    }

    /// The current address.
    pub async fn location(&self) -> String {
        self.eval("location.href")
            .await
            .unwrap()
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// The text of the first element matching `css` ("" when none).
    pub async fn text(&self, css: &str) -> String {
        let expr = format!(
            "(document.querySelector({}) || {{innerText: ''}}).innerText",
            serde_json::to_string(css).unwrap()
        );
        self.eval(&expr).await.unwrap().as_str().unwrap_or("").to_string()
    }
}
