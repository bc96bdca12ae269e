//! Load performance from the browser's own performance entries: first contentful paint, largest
//! contentful paint, long tasks and a Speed-Index-like full-display time, each load in a cold
//! browser context, the median over several loads; plus the navigation and settling every other
//! measurement shares ([`load`]).
//!
//! Main items: [`NetworkProfile`], [`load`], [`read_run`], [`median`].

use super::cdp::Tab;
use super::findings::{Perf, PerfRun};
use anyhow::{Result, bail};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The network conditions of the loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum NetworkProfile {
    /// The measuring machine's own network, not throttled.
    Real,
    /// Lighthouse's "slow 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
    Slow4g,
}

impl NetworkProfile {
    /// Its statement in the evidence.
    pub fn describe(self) -> &'static str {
        match self {
            NetworkProfile::Real => "mạng thực của máy đo (không giả lập), bộ nhớ đệm trống mỗi lần tải",
            NetworkProfile::Slow4g => {
                "giả lập 4G chậm như Lighthouse (trễ 150 ms, tải xuống 1,6 Mbit/s, tải lên 750 kbit/s), bộ nhớ đệm trống mỗi lần tải"
            }
        }
    }

    async fn apply(self, tab: &Tab) -> Result<()> {
        if self == NetworkProfile::Slow4g {
            tab.call("Network.enable", json!({})).await?;
            tab.call(
                "Network.emulateNetworkConditions",
                json!({"offline": false, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 93_750}),
            )
            .await?;
        }
        Ok(())
    }
}

/// Installed before any page script: observers that keep the entries the browser reports only to
/// observers (largest paint, long tasks, layout shifts).
const OBSERVE: &str = r#"(() => {
  const m = window.__ictrank = {lcp: null, tasks: [], shift: 0};
  const watch = (type, f) => { try { new PerformanceObserver(l => l.getEntries().forEach(f)).observe({type, buffered: true}); } catch (e) {} };
  watch('largest-contentful-paint', e => { m.lcp = e.startTime; });
  watch('longtask', e => { m.tasks.push(e.duration); });
  watch('layout-shift', e => { if (!e.hadRecentInput) m.shift = Math.max(m.shift, e.startTime); });
})();"#;

/// Reads one load's numbers. Full display: the last change to the first screen that the entries
/// show (largest paint, layout shift, the first screen's images, style sheets and fonts done).
/// Observers report asynchronously (and a loaded machine paints late): it waits up to 3 s for the
/// first paints to be reported.
const READ: &str = r#"(async () => {
  const m = window.__ictrank || {lcp: null, tasks: [], shift: 0};
  for (let i = 0; i < 30 && (m.lcp === null || !performance.getEntriesByName('first-contentful-paint').length); i++) {
    await new Promise(r => setTimeout(r, 100));
  }
  const fcpE = performance.getEntriesByName('first-contentful-paint')[0];
  const fcp = fcpE ? fcpE.startTime : null;
  const res = performance.getEntriesByType('resource');
  const end = name => { const r = res.find(x => x.name === name); return r ? r.responseEnd : 0; };
  let full = Math.max(fcp || 0, m.lcp || 0, m.shift || 0);
  for (const img of document.images) {
    const b = img.getBoundingClientRect();
    if (b.width > 0 && b.height > 0 && b.top < innerHeight && b.left < innerWidth && b.bottom > 0) full = Math.max(full, end(img.currentSrc));
  }
  for (const r of res) if (r.initiatorType === 'link' || r.initiatorType === 'css' || /\.(woff2?|ttf|otf)(\?|$)/.test(r.name)) full = Math.max(full, r.responseEnd);
  return {fcp, lcp: m.lcp, full: fcp === null ? null : full, tasks: m.tasks};
})()"#;

/// Navigates `tab` to `url` (with the observers installed and `network` applied) and waits until
/// the page has loaded and no new resource came for half a second.
pub async fn load(tab: &Tab, url: &str, network: NetworkProfile) -> Result<()> {
    tab.call("Page.enable", json!({})).await?;
    tab.call("Page.setBypassCSP", json!({"enabled": true})).await?;
    tab.call("Page.addScriptToEvaluateOnNewDocument", json!({"source": OBSERVE}))
        .await?;
    network.apply(tab).await?;
    let nav = tab.navigate(url).await?;
    if let Some(e) = nav.get("errorText").and_then(Value::as_str) {
        bail!("trình duyệt không mở được trang ({e})");
    }
    settle(tab).await
}

/// Waits for `document.readyState == "complete"`, then for the resource list to stay the same for
/// 500 ms (scripts that fetch a list after the load are given their time).
pub async fn settle(tab: &Tab) -> Result<()> {
    let probe = "[document.readyState, performance.getEntriesByType('resource').length, document.documentElement ? document.documentElement.outerHTML.length : 0]";
    let mut last: Option<(i64, i64)> = None;
    let mut stable_since = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let v = match tab.eval(probe).await {
            Ok(v) => v,
            // a navigation in progress (a script reload) destroys the context: try again
            Err(_) => continue,
        };
        let state = v.get(0).and_then(Value::as_str).unwrap_or("");
        if state != "complete" {
            last = None;
            continue;
        }
        let now = (v[1].as_i64().unwrap_or(0), v[2].as_i64().unwrap_or(0));
        if last != Some(now) {
            last = Some(now);
            stable_since = Instant::now();
        } else if stable_since.elapsed() >= Duration::from_millis(500) {
            return Ok(());
        }
    }
}

/// The numbers of the load now in `tab`.
pub async fn read_run(tab: &Tab) -> Result<PerfRun> {
    let v = tab.eval(READ).await?;
    let tasks: Vec<f64> = v["tasks"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    Ok(PerfRun {
        fcp_ms: v["fcp"].as_f64().map(round),
        lcp_ms: v["lcp"].as_f64().map(round),
        full_display_ms: v["full"].as_f64().map(round),
        longest_task_ms: round(tasks.iter().copied().fold(0.0, f64::max)),
        long_tasks: tasks.len() as u32,
    })
}

fn round(ms: f64) -> f64 {
    ms.round()
}

/// The median of each number over `runs` (none when no run had it).
pub fn median(runs: Vec<PerfRun>) -> Perf {
    fn med(mut v: Vec<f64>) -> Option<f64> {
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        Some(if n % 2 == 1 {
            v[n / 2]
        } else {
            ((v[n / 2 - 1] + v[n / 2]) / 2.0).round()
        })
    }
    Perf {
        fcp_ms: med(runs.iter().filter_map(|r| r.fcp_ms).collect()),
        lcp_ms: med(runs.iter().filter_map(|r| r.lcp_ms).collect()),
        full_display_ms: med(runs.iter().filter_map(|r| r.full_display_ms).collect()),
        longest_task_ms: med(runs.iter().map(|r| r.longest_task_ms).collect()).unwrap_or(0.0),
        long_tasks: med(runs.iter().map(|r| r.long_tasks as f64).collect()).unwrap_or(0.0) as u32,
        runs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(fcp: f64, lcp: f64, task: f64) -> PerfRun {
        PerfRun {
            fcp_ms: Some(fcp),
            lcp_ms: Some(lcp),
            full_display_ms: Some(lcp + 10.0),
            longest_task_ms: task,
            long_tasks: u32::from(task > 0.0),
        }
    }

    #[test]
    fn the_median_of_three_loads_ignores_one_slow_load() {
        let p = median(vec![
            run(900.0, 1200.0, 0.0),
            run(5000.0, 9000.0, 700.0),
            run(1000.0, 1300.0, 60.0),
        ]);
        assert_eq!(p.fcp_ms, Some(1000.0));
        assert_eq!(p.lcp_ms, Some(1300.0));
        assert_eq!(p.full_display_ms, Some(1310.0));
        assert_eq!(p.longest_task_ms, 60.0);
        assert_eq!(p.runs.len(), 3);
    }

    #[test]
    fn a_number_no_load_reported_stays_unknown() {
        let mut r = run(900.0, 1200.0, 0.0);
        r.lcp_ms = None;
        let p = median(vec![r.clone(), r]);
        assert_eq!(p.lcp_ms, None);
        assert_eq!(p.fcp_ms, Some(900.0));
    }
}
