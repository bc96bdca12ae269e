//! The headless Chromium the stage drives: launched once with the crawler's honest user agent,
//! every connection through the address-guarding proxy ([`super::proxy`]), a pool of a few tabs (each in a fresh browser context: cold cache, own cookies),
//! a memory cap on the whole process tree (over it, the browser is restarted between pages) and a
//! per-page timeout applied by [`Browser::with_tab`].
//!
//! Main type: [`Browser`]; [`find_chromium`] says whether one is installed, [`launch`] starts one.

use super::BrowserConfig;
use super::cdp::{Cdp, Tab};
use super::proxy::{Guard, Proxy};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::{Mutex, RwLock, Semaphore};

/// The Chromium binary to use: `configured` when it exists, else none.
pub fn find_chromium(configured: &Path) -> Option<PathBuf> {
    configured.is_file().then(|| configured.to_path_buf())
}

/// A running Chromium (killed when dropped).
pub struct Running {
    pub child: Child,
    pub cdp: Arc<Cdp>,
    /// Its profile folder, removed with it.
    _profile: tempfile::TempDir,
    /// The proxy it connects through, stopped with it.
    _proxy: Proxy,
}

/// The browser and its tab pool.
pub struct Browser {
    cfg: Arc<BrowserConfig>,
    binary: PathBuf,
    running: RwLock<Running>,
    tabs: Semaphore,
    /// The address policy, navigation pace and counters, kept across restarts.
    guard: Arc<Guard>,
    /// "Chromium 156.0.…", for the evidence.
    pub version: String,
    restarts: Mutex<u32>,
}

impl Browser {
    /// Launches Chromium at `binary`.
    pub async fn launch(binary: &Path, cfg: Arc<BrowserConfig>) -> Result<Browser> {
        let guard = Guard::new(&cfg);
        let running = launch_guarded(binary, &cfg, guard.clone()).await?;
        let v = running
            .cdp
            .call(None, "Browser.getVersion", serde_json::json!({}))
            .await?;
        let version = v
            .get("product")
            .and_then(|p| p.as_str())
            .unwrap_or("Chromium")
            .replace('/', " ");
        Ok(Browser {
            tabs: Semaphore::new(cfg.tabs.max(1)),
            guard,
            cfg,
            binary: binary.to_path_buf(),
            running: RwLock::new(running),
            version,
            restarts: Mutex::new(0),
        })
    }

    /// Runs `work` on a fresh tab within the per-page timeout; the tab is closed afterwards, and
    /// the browser restarted first when its memory passed the cap.
    pub async fn with_tab<T, F>(&self, what: &str, work: F) -> Result<T>
    where
        F: AsyncFnOnce(&Tab) -> Result<T>,
    {
        self.with_tab_for(what, self.cfg.page_timeout, work).await
    }

    /// [`Browser::with_tab`] for work of several pages, within `limit`.
    pub async fn with_tab_for<T, F>(&self, what: &str, limit: Duration, work: F) -> Result<T>
    where
        F: AsyncFnOnce(&Tab) -> Result<T>,
    {
        let _permit = self.tabs.acquire().await.context("the tab pool is closed")?;
        self.enforce_memory_cap().await?;
        let running = self.running.read().await;
        let tab = tokio::time::timeout(Duration::from_secs(10), running.cdp.open_tab())
            .await
            .context("the browser did not open a tab within 10 s")??;
        let out = tokio::time::timeout(limit, work(&tab)).await;
        let _ = tokio::time::timeout(Duration::from_secs(5), tab.close()).await;
        match out {
            Ok(r) => r,
            Err(_) => bail!("quá thời gian {} giây ({what})", limit.as_secs()),
        }
    }

    /// Restarts Chromium when its process tree holds more than the cap (waiting for the tabs
    /// in use to finish).
    async fn enforce_memory_cap(&self) -> Result<()> {
        let pid = self.running.read().await.child.id();
        let Some(pid) = pid else { return Ok(()) };
        let rss = tree_rss_bytes(pid);
        if rss <= self.cfg.memory_mb << 20 {
            return Ok(());
        }
        let mut running = self.running.write().await;
        // another tab may have restarted it already
        if running.child.id() == Some(pid) {
            tracing::warn!(
                rss_mb = rss >> 20,
                cap_mb = self.cfg.memory_mb,
                "Chromium passed its memory cap; restarting it"
            );
            let _ = running.child.kill().await;
            *running = launch_guarded(&self.binary, &self.cfg, self.guard.clone()).await?;
            *self.restarts.lock().await += 1;
        }
        Ok(())
    }

    /// Resident memory of the browser's process tree now (bytes).
    pub async fn rss_bytes(&self) -> u64 {
        self.running.read().await.child.id().map_or(0, tree_rss_bytes)
    }

    /// What the browser's proxy let through and refused, and the navigations' pace.
    pub fn guard(&self) -> &Arc<Guard> {
        &self.guard
    }

    /// Stops the browser.
    pub async fn close(self) {
        let mut r = self.running.into_inner();
        let _ = r.child.kill().await;
    }
}

/// The flags every Chromium ictrank starts shares (the stage's and the PDF printer's): headless,
/// no GPU, and none of the traffic of its own (first-run, background networking, component
/// updates, sync) that would leave the machine behind our back.
pub const QUIET_HEADLESS: [&str; 6] = [
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Starts Chromium at `binary` headless with `cfg`'s user agent, its connections held to `cfg`'s
/// address policy, and connects to its DevTools (the web app's end-to-end test's browser).
pub async fn launch(binary: &Path, cfg: &BrowserConfig) -> Result<Running> {
    launch_guarded(binary, cfg, Guard::new(cfg)).await
}

/// [`launch`] under `guard`: every connection Chromium makes goes through a proxy that resolves
/// and checks it, loopback included (`<-loopback>` removes Chromium's implicit bypass); QUIC and
/// WebRTC, which would not go through it, are off.
pub async fn launch_guarded(binary: &Path, cfg: &BrowserConfig, guard: Arc<Guard>) -> Result<Running> {
    let profile = tempfile::Builder::new()
        .prefix("ictrank-chromium-")
        .tempdir()
        .context("cannot create a profile folder for Chromium")?;
    let proxy = Proxy::start(guard.clone())
        .await
        .context("cannot start the browser's proxy on 127.0.0.1")?;
    let mut cmd = Command::new(binary);
    cmd.args(QUIET_HEADLESS)
        .args([
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-default-apps",
            "--mute-audio",
            "--hide-scrollbars",
            "--disable-dev-shm-usage",
            "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1",
            "--window-size=1366,768",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--user-agent={}", cfg.user_agent))
        // one renderer per tab at most, whatever the pages open
        .arg(format!("--renderer-process-limit={}", cfg.tabs.max(1) + 1))
        .arg(format!(
            "--js-flags=--max-old-space-size={}",
            (cfg.memory_mb / cfg.tabs.max(1) as u64).clamp(64, 1024)
        ));
    // Chromium's sandbox needs user namespaces, which root in a container does not have.
    if running_as_root() {
        cmd.arg("--no-sandbox");
    }
    if cfg.extra_roots {
        cmd.arg("--ignore-certificate-errors");
    }
    cmd.arg(format!("--proxy-server=http://{}", proxy.addr))
        .arg("--proxy-bypass-list=<-loopback>")
        .arg("--disable-quic")
        .arg("--force-webrtc-ip-handling-policy=disable_non_proxied_udp");
    cmd.arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = cmd
        .spawn()
        .with_context(|| format!("cannot start Chromium at {}", binary.display()))?;
    let stderr = child.stderr.take().context("Chromium's stderr is not piped")?;
    let mut lines = BufReader::new(stderr).lines();
    let ws = tokio::time::timeout(Duration::from_secs(30), async {
        let mut seen = Vec::new();
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(url) = line.strip_prefix("DevTools listening on ") {
                return Ok(url.trim().to_string());
            }
            seen.push(line);
        }
        bail!(
            "Chromium exited before opening DevTools: {}",
            seen.iter().rev().take(5).cloned().collect::<Vec<_>>().join(" | ")
        )
    })
    .await
    .context("Chromium did not open DevTools within 30 s")??;
    // keep draining its log so it never blocks on a full pipe
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    let cdp = Arc::new(Cdp::connect(&ws, Some(guard)).await?);
    Ok(Running {
        child,
        cdp,
        _profile: profile,
        _proxy: proxy,
    })
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(1))
            == Some("0")
    })
}

/// Memory of process `root` and all its descendants (Linux /proc; 0 elsewhere): the proportional
/// set size where the kernel gives it (Chromium's processes share much of their memory, which a
/// plain sum of resident sizes would count several times), else the resident size.
pub fn tree_rss_bytes(root: u32) -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc") else { return 0 };
    let mut procs: Vec<(u32, u32, u64)> = Vec::new();
    for e in dir.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // the fields after the command name, which may hold spaces and parentheses
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ppid = f.get(1).and_then(|p| p.parse().ok()).unwrap_or(0);
        let rss_pages: u64 = f.get(21).and_then(|p| p.parse().ok()).unwrap_or(0);
        procs.push((pid, ppid, rss_pages * 4096));
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(procs.iter().filter(|p| p.1 == parent).map(|p| p.0));
        i += 1;
    }
    procs
        .iter()
        .filter(|p| tree.contains(&p.0))
        .map(|p| pss_bytes(p.0).unwrap_or(p.2))
        .sum()
}

/// A process's proportional set size, from `/proc/<pid>/smaps_rollup`.
fn pss_bytes(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let line = text.lines().find(|l| l.starts_with("Pss:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
