//! A small Chrome DevTools Protocol client over the browser's WebSocket (tokio-tungstenite): JSON
//! commands with ids, answers matched back to their callers, flattened sessions (one per tab).
//! Events are not needed (the stage polls the page), so they are dropped.
//!
//! Main types: [`Cdp`] (the connection) and [`Tab`] (a page target in its own browser context);
//! [`Tab::navigate`] opens a page at its host's turn under the proxy's [`Guard`].

use super::proxy::Guard;
use anyhow::{Context, Result, anyhow, bail};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Result<Value, String>>>>>;

/// A DevTools connection to one browser.
pub struct Cdp {
    out: mpsc::UnboundedSender<Message>,
    pending: Pending,
    next: AtomicU64,
    /// The address policy and navigation pace of the tabs (none: navigations are not checked).
    guard: Option<Arc<Guard>>,
}

impl Cdp {
    /// Connects to the browser's `ws://` DevTools address; the tabs navigate under `guard`.
    pub async fn connect(ws_url: &str, guard: Option<Arc<Guard>>) -> Result<Cdp> {
        let mut config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default();
        // screenshots and rendered pages come back in one message
        config.max_message_size = Some(256 << 20);
        config.max_frame_size = Some(256 << 20);
        let (ws, _) = tokio_tungstenite::connect_async_with_config(ws_url, Some(config), false)
            .await
            .with_context(|| format!("cannot connect to the browser's DevTools at {ws_url}"))?;
        let (mut sink, mut stream) = ws.split();
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
                    continue; // an event
                };
                let Some(tx) = p.lock().unwrap().remove(&id) else {
                    continue;
                };
                let answer = match v.get("error") {
                    Some(e) => Err(e
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("unknown DevTools error")
                        .to_string()),
                    None => Ok(v.get("result").cloned().unwrap_or(Value::Null)),
                };
                let _ = tx.send(answer);
            }
            // the browser is gone: every caller still waiting gets an error
            p.lock().unwrap().clear();
        });
        Ok(Cdp {
            out,
            pending,
            next: AtomicU64::new(1),
            guard,
        })
    }

    /// Sends `method` (to the tab of `session`, or to the browser) and waits for its result.
    pub async fn call(&self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        if self.out.send(Message::Text(msg.to_string().into())).is_err() {
            self.pending.lock().unwrap().remove(&id);
            bail!("the browser connection is closed ({method})");
        }
        match rx.await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(anyhow!("{method}: {e}")),
            Err(_) => Err(anyhow!("the browser closed the connection during {method}")),
        }
    }

    /// Opens a blank tab in a browser context of its own (no cookies or cache shared with other
    /// tabs) and attaches to it.
    pub async fn open_tab(self: &Arc<Self>) -> Result<Tab> {
        let ctx = self
            .call(None, "Target.createBrowserContext", json!({"disposeOnDetach": true}))
            .await?;
        let context = str_field(&ctx, "browserContextId")?;
        let t = self
            .call(
                None,
                "Target.createTarget",
                json!({"url": "about:blank", "browserContextId": context}),
            )
            .await?;
        let target = str_field(&t, "targetId")?;
        let a = self
            .call(
                None,
                "Target.attachToTarget",
                json!({"targetId": target, "flatten": true}),
            )
            .await?;
        let session = str_field(&a, "sessionId")?;
        Ok(Tab {
            cdp: self.clone(),
            session,
            target,
            context,
        })
    }
}

fn str_field(v: &Value, name: &str) -> Result<String> {
    v.get(name)
        .and_then(Value::as_str)
        .map(str::to_string)
        .with_context(|| format!("the browser's answer has no {name}: {v}"))
}

/// One tab in its own browser context; [`Tab::close`] disposes of both.
pub struct Tab {
    cdp: Arc<Cdp>,
    session: String,
    target: String,
    context: String,
}

impl Tab {
    /// Sends a command to this tab.
    pub async fn call(&self, method: &str, params: Value) -> Result<Value> {
        self.cdp.call(Some(&self.session), method, params).await
    }

    /// Opens `url` in this tab: under a guard, its address is checked first (a refusal is an
    /// error with the reason, in Vietnamese) and the navigation waits for its host's turn, as
    /// the crawler's requests do. Returns the navigation's answer (`errorText` on failure).
    pub async fn navigate(&self, url: &str) -> Result<Value> {
        let Some(g) = &self.cdp.guard else {
            return self.call("Page.navigate", json!({ "url": url })).await;
        };
        let parsed = url::Url::parse(url).with_context(|| format!("địa chỉ không hợp lệ: {url}"))?;
        let turn = g
            .turn(&parsed)
            .await
            .map_err(|why| anyhow!("không mở trang {url}: {why}"))?;
        let mark = g.mark();
        let mut nav = self.call("Page.navigate", json!({ "url": url })).await;
        // Page.navigate answers once the response has come, so the request reached the server
        // before now: the host's next navigation leaves a whole interval after this moment (the
        // browser's own delay before the wire varies too much to count from the send)
        g.answered(&parsed);
        drop(turn);
        // a failed navigation (the page or a redirect refused or unreachable): the proxy's reason
        if let Ok(v) = nav.as_mut()
            && let Some(e) = v.get("errorText").and_then(Value::as_str)
        {
            let why = g.notes_since(mark);
            if !why.is_empty() {
                v["errorText"] = json!(format!("{e}; bộ kiểm soát kết nối: {}", why.join("; ")));
            }
        }
        nav
    }

    /// Evaluates `expr` in the page (promises awaited) and returns its value as JSON.
    pub async fn eval(&self, expr: &str) -> Result<Value> {
        let r = self
            .call(
                "Runtime.evaluate",
                json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
            )
            .await?;
        if let Some(e) = r.get("exceptionDetails") {
            let text = e
                .pointer("/exception/description")
                .or_else(|| e.get("text"))
                .and_then(Value::as_str)
                .unwrap_or("exception");
            bail!("script failed in the page: {text}");
        }
        Ok(r.pointer("/result/value").cloned().unwrap_or(Value::Null))
    }

    /// Closes the tab and its browser context.
    pub async fn close(self) {
        let _ = self
            .cdp
            .call(None, "Target.closeTarget", json!({"targetId": self.target}))
            .await;
        let _ = self
            .cdp
            .call(
                None,
                "Target.disposeBrowserContext",
                json!({"browserContextId": self.context}),
            )
            .await;
    }
}
