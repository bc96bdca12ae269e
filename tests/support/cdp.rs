//! Headless Chromium for the web app's end-to-end test, driven over the DevTools protocol with
//! tokio-tungstenite (the crate the browser stage's `src/browser/cdp.rs` uses; once both are on
//! one branch this helper can give way to that module): launch, one tab, navigate, evaluate, and
//! wait for the page a form submission leads to.
#![allow(dead_code)]

use anyhow::{Context, Result, anyhow, bail};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Result<Value, String>>>>>;

/// A running headless Chromium with one tab attached.
pub struct Chromium {
    _child: tokio::process::Child,
    _profile: tempfile::TempDir,
    out: mpsc::UnboundedSender<Message>,
    pending: Pending,
    next: AtomicU64,
    session: String,
}

/// The Chromium binary, if installed (Debian's chromium; .ci/run installs it).
pub fn chromium_binary() -> Option<std::path::PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(std::path::PathBuf::from)
    .find(|p| p.is_file())
}

impl Chromium {
    pub async fn launch(binary: &std::path::Path) -> Result<Chromium> {
        let profile = tempfile::tempdir()?;
        let mut cmd = tokio::process::Command::new(binary);
        cmd.args([
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1",
            "--window-size=420,900",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()));
        // Chromium's sandbox needs user namespaces, which root in a container does not have.
        if std::env::var("USER").is_ok_and(|u| u == "root") || is_root() {
            cmd.arg("--no-sandbox");
        }
        cmd.arg("about:blank")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true);
        let mut child = cmd.spawn().context("cannot start Chromium")?;
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let ws = tokio::time::timeout(Duration::from_secs(30), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    return Ok(url.trim().to_string());
                }
            }
            bail!("Chromium exited before opening DevTools")
        })
        .await
        .context("Chromium did not open DevTools within 30 s")??;
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let (socket, _) = tokio_tungstenite::connect_async(ws.as_str()).await?;
        let (mut sink, mut stream) = socket.split();
        let (out, mut rx) = mpsc::unbounded_channel::<Message>();
        tokio::spawn(async move {
            while let Some(m) = rx.recv().await {
                if sink.send(m).await.is_err() {
                    break;
                }
            }
        });
        let pending: Pending = Arc::default();
        let p = pending.clone();
        tokio::spawn(async move {
            while let Some(Ok(m)) = stream.next().await {
                let Message::Text(text) = m else { continue };
                let Ok(v) = serde_json::from_str::<Value>(text.as_str()) else {
                    continue;
                };
                let Some(id) = v.get("id").and_then(Value::as_u64) else {
                    continue;
                };
                let Some(tx) = p.lock().unwrap().remove(&id) else {
                    continue;
                };
                let answer = match v.get("error") {
                    Some(e) => Err(e.to_string()),
                    None => Ok(v.get("result").cloned().unwrap_or(Value::Null)),
                };
                let _ = tx.send(answer);
            }
        });
        let mut c = Chromium {
            _child: child,
            _profile: profile,
            out,
            pending,
            next: AtomicU64::new(1),
            session: String::new(),
        };
        let t = c
            .call(None, "Target.createTarget", json!({"url": "about:blank"}))
            .await?;
        let target = t["targetId"].as_str().context("no targetId")?.to_string();
        let a = c
            .call(
                None,
                "Target.attachToTarget",
                json!({"targetId": target, "flatten": true}),
            )
            .await?;
        c.session = a["sessionId"].as_str().context("no sessionId")?.to_string();
        Ok(c)
    }

    async fn call(&self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        self.out
            .send(Message::Text(msg.to_string().into()))
            .map_err(|_| anyhow!("the browser connection is closed"))?;
        match tokio::time::timeout(Duration::from_secs(30), rx).await {
            Ok(Ok(Ok(v))) => Ok(v),
            Ok(Ok(Err(e))) => Err(anyhow!("{method}: {e}")),
            _ => Err(anyhow!("no answer to {method}")),
        }
    }

    /// Evaluates `expr` in the page and returns its value.
    pub async fn eval(&self, expr: &str) -> Result<Value> {
        let r = self
            .call(
                Some(&self.session.clone()),
                "Runtime.evaluate",
                json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
            )
            .await?;
        if let Some(e) = r.get("exceptionDetails") {
            bail!("script failed in the page: {e}");
        }
        Ok(r.pointer("/result/value").cloned().unwrap_or(Value::Null))
    }

    /// Opens `url` and waits until it is loaded.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.eval("window.__old = true").await.ok();
        self.call(Some(&self.session.clone()), "Page.navigate", json!({"url": url}))
            .await?;
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

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}
