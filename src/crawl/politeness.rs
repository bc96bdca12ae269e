//! Per-host politeness: each host's requests are spaced on their actual send time (the moment a
//! request leaves for the wire, after every wait; moved later when the answer shows the request
//! reached the server late), a per-host concurrency cap, and an adaptive
//! slow-down that 429/5xx/timeouts push up (Retry-After honoured) and nothing pulls back down, so
//! errors only ever slow a host. The run-wide cap counts requests on the wire and the answers
//! not yet analysed: a request takes a global place after its host's turn has come, never while
//! waiting for it, and the crawler may keep it ([`Slot::into_place`]) until it has read the
//! answer, so bodies never pile up faster than pages are parsed.
//! Main types: [`HostGates`], [`HostGate`] and [`Slot`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Longest adaptive slow-down factor applied to a host's interval.
const MAX_SLOW_FACTOR: u32 = 16;
/// Spacing a slowed-down host gets even when rate limiting is off.
const MIN_SLOWED_INTERVAL: Duration = Duration::from_millis(250);
/// The pacing state of one host.
pub struct HostGate {
    concurrency: Arc<Semaphore>,
    /// One request of the host at a time goes through pacing and the global cap, so two
    /// requests can never both see the same "last send" and leave less than an interval apart.
    turn: tokio::sync::Mutex<()>,
    pace: Mutex<Pace>,
}

struct Pace {
    /// Minimal spacing between request starts; zero when rate limiting is off.
    interval: Duration,
    /// Multiplies the spacing after errors; never decreases.
    slow_factor: u32,
    /// When the last request of this host was sent (or, from its answer, reached the server).
    last_send: Option<Instant>,
    /// The quickest answer seen from this host (send to response headers), the first answer
    /// left out: it also waited for the connection to open.
    quickest: Option<Duration>,
    /// Answers seen from this host.
    answers: u32,
    /// No request starts before this (Retry-After, backoff).
    not_before: Instant,
}

impl Pace {
    fn spacing(&self) -> Duration {
        if self.slow_factor > 1 {
            self.interval.max(MIN_SLOWED_INTERVAL) * self.slow_factor
        } else {
            self.interval
        }
    }

    /// The earliest moment the next request may be sent.
    fn ready_at(&self) -> Instant {
        match self.last_send {
            Some(last) => self.not_before.max(last + self.spacing()),
            None => self.not_before,
        }
    }
}

/// A granted request: the host's concurrency slot and a place on the wire. Dropping it (when
/// the response has been read) frees both.
pub struct Slot {
    _host: OwnedSemaphorePermit,
    wire: OwnedSemaphorePermit,
    /// When the request was cleared to go (its send time for pacing).
    pub sent_at: Instant,
}

impl Slot {
    /// Frees the host's concurrency slot and keeps the place under the run-wide cap: the answer is
    /// off the wire but not yet analysed.
    pub fn into_place(self) -> OwnedSemaphorePermit {
        self.wire
    }
}

/// Why no slot was granted.
#[derive(Debug, PartialEq, Eq)]
pub struct PastDeadline {
    /// When the host would have been ready.
    pub ready_at: Instant,
}

impl HostGate {
    fn new(rate: Option<f64>, concurrency: usize) -> HostGate {
        let interval = rate
            .filter(|r| *r > 0.0 && r.is_finite())
            .map(|r| Duration::from_secs_f64(1.0 / r))
            .unwrap_or(Duration::ZERO);
        HostGate {
            concurrency: Arc::new(Semaphore::new(concurrency.max(1))),
            turn: tokio::sync::Mutex::new(()),
            pace: Mutex::new(Pace {
                interval,
                slow_factor: 1,
                last_send: None,
                quickest: None,
                answers: 0,
                not_before: Instant::now(),
            }),
        }
    }

    /// Waits for a concurrency slot, the host's pace, then a place on the wire (`wire`, the
    /// run-wide cap), and stamps the send time. Gives up, without sending, when the host would
    /// only be ready after `deadline`.
    pub async fn acquire(&self, wire: &Arc<Semaphore>, deadline: Option<Instant>) -> Result<Slot, PastDeadline> {
        let past = |ready_at| deadline.is_some_and(|d| ready_at > d);
        let host = match deadline {
            Some(d) => tokio::time::timeout_at(d, self.concurrency.clone().acquire_owned())
                .await
                .map_err(|_| PastDeadline { ready_at: d })?,
            None => self.concurrency.clone().acquire_owned().await,
        }
        .expect("semaphore never closed");
        let _turn = match deadline {
            Some(d) => tokio::time::timeout_at(d, self.turn.lock())
                .await
                .map_err(|_| PastDeadline { ready_at: d })?,
            None => self.turn.lock().await,
        };
        loop {
            let ready_at = self.pace.lock().unwrap().ready_at();
            if past(ready_at) {
                return Err(PastDeadline { ready_at });
            }
            tokio::time::sleep_until(ready_at).await;
            let on_wire = wire.clone().acquire_owned().await.expect("semaphore never closed");
            let mut p = self.pace.lock().unwrap();
            let now = Instant::now();
            if now < p.ready_at() {
                continue; // an error pushed the host back while we waited for the wire
            }
            p.last_send = Some(now);
            return Ok(Slot {
                _host: host,
                wire: on_wire,
                sent_at: now,
            });
        }
    }

    /// Notes the answer to a request sent at `sent_at` (its response headers came `ttfb` later).
    /// The server may have read the request as late as its answer left: an answer slower than
    /// the host's quickest moves the send time later by all of the difference, since a server
    /// that stalled before reading it counts the next gap from when it did. (When this was capped
    /// at a quarter of the interval, a national farm run's nginx, stalled 0.4-1.05 s on a cold
    /// disk cache, saw gaps of 0.73 of the interval, 2026-12-02.) Until a quickest is known (the
    /// first answer also waited for the connection to open) the whole wait counts.
    pub fn answered(&self, sent_at: Instant, ttfb: Duration) {
        let mut p = self.pace.lock().unwrap();
        let late = ttfb.saturating_sub(p.quickest.unwrap_or(Duration::ZERO));
        if p.answers > 0 {
            p.quickest = Some(p.quickest.map_or(ttfb, |q| q.min(ttfb)));
        }
        p.answers = p.answers.saturating_add(1);
        let arrived = sent_at + late;
        if p.last_send.is_none_or(|last| arrived > last) {
            p.last_send = Some(arrived);
        }
    }

    /// Raises the minimal spacing to `delay` (robots.txt Crawl-delay); never lowers it.
    pub fn set_min_interval(&self, delay: Duration) {
        let mut p = self.pace.lock().unwrap();
        p.interval = p.interval.max(delay);
    }

    pub fn interval(&self) -> Duration {
        self.pace.lock().unwrap().interval
    }

    /// The spacing between this host's requests now: the interval, slowed down after errors.
    pub fn spacing(&self) -> Duration {
        self.pace.lock().unwrap().spacing()
    }

    /// Slows the host after a 429, a 5xx or a transient network error: doubles the spacing factor
    /// and keeps every request back for `wait` (Retry-After) or the backoff.
    pub fn penalize(&self, wait: Duration) {
        let mut p = self.pace.lock().unwrap();
        p.slow_factor = (p.slow_factor * 2).min(MAX_SLOW_FACTOR);
        let until = Instant::now() + wait;
        p.not_before = p.not_before.max(until);
    }

    pub fn slow_factor(&self) -> u32 {
        self.pace.lock().unwrap().slow_factor
    }
}

/// All hosts' gates of one run, keyed by `host:port`. A gate is a few dozen bytes, made when the
/// host is first requested.
pub struct HostGates {
    rate: Option<f64>,
    concurrency: usize,
    gates: Mutex<HashMap<String, Arc<HostGate>>>,
}

impl HostGates {
    pub fn new(rate: Option<f64>, concurrency: usize) -> HostGates {
        HostGates {
            rate,
            concurrency,
            gates: Mutex::new(HashMap::new()),
        }
    }

    pub fn gate(&self, key: &str) -> Arc<HostGate> {
        let mut g = self.gates.lock().unwrap();
        if let Some(gate) = g.get(key) {
            return gate.clone();
        }
        let gate = Arc::new(HostGate::new(self.rate, self.concurrency));
        g.insert(key.to_string(), gate.clone());
        gate
    }
}

/// The politeness key of a URL: host and port.
pub fn host_key(url: &url::Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or("").to_ascii_lowercase(),
        url.port_or_known_default().unwrap_or(0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(n: usize) -> Arc<Semaphore> {
        Arc::new(Semaphore::new(n))
    }

    #[tokio::test]
    async fn spaces_requests_and_only_slows_down() {
        let gate = HostGate::new(Some(20.0), 2);
        let w = wire(4);
        let t0 = Instant::now();
        for _ in 0..3 {
            drop(gate.acquire(&w, None).await.unwrap());
        }
        // three starts at 20/s need at least two 50 ms intervals
        assert!(t0.elapsed() >= Duration::from_millis(95), "{:?}", t0.elapsed());
        gate.set_min_interval(Duration::from_millis(10));
        assert_eq!(
            gate.interval(),
            Duration::from_millis(50),
            "a smaller delay never speeds up"
        );
        gate.penalize(Duration::from_millis(200));
        assert_eq!(gate.slow_factor(), 2);
        let t1 = Instant::now();
        drop(gate.acquire(&w, None).await.unwrap());
        assert!(t1.elapsed() >= Duration::from_millis(190), "{:?}", t1.elapsed());
    }

    #[tokio::test]
    async fn paces_on_the_send_time_not_on_the_turn() {
        // The wire is busy for 120 ms after the first request: the second request of the host
        // leaves when the wire frees, and the third is still a full interval after the second.
        let gate = Arc::new(HostGate::new(Some(10.0), 3));
        let w = wire(1);
        let first = gate.acquire(&w, None).await.unwrap();
        let t_first = first.sent_at;
        let hold = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(120)).await;
            drop(first);
        });
        let second = gate.acquire(&w, None).await.unwrap();
        assert!(second.sent_at - t_first >= Duration::from_millis(119));
        let t_second = second.sent_at;
        drop(second);
        let third = gate.acquire(&w, None).await.unwrap();
        assert!(
            third.sent_at - t_second >= Duration::from_millis(100),
            "{:?}",
            third.sent_at - t_second
        );
        hold.await.unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_answer_moves_the_send_time_by_all_its_lateness() {
        let gate = HostGate::new(Some(10.0), 1);
        let w = wire(1);
        // sends request after request; answers each `ttfb` after it left and returns the gap
        // to the next one
        let mut sent = gate.acquire(&w, None).await.unwrap().sent_at;
        let mut next_gap = async |ttfb: u64| {
            gate.answered(sent, Duration::from_millis(ttfb));
            let before = sent;
            sent = gate.acquire(&w, None).await.unwrap().sent_at; // the slot freed at once
            sent - before
        };
        // the first request opened the connection: the next counts from its answer
        assert_eq!(next_gap(20).await, Duration::from_millis(120));
        // no quickest answer known yet (the first does not count): the whole wait is lateness
        assert_eq!(next_gap(2).await, Duration::from_millis(102));
        // 3 ms slower than the quickest (2 ms): the next request leaves 103 ms after this one
        assert_eq!(next_gap(5).await, Duration::from_millis(103));
        // a server that read the request 3 s late: the interval counts from then
        assert_eq!(next_gap(3_000).await, Duration::from_millis(3_098));
        // back to the quickest: the plain interval
        assert_eq!(next_gap(2).await, Duration::from_millis(100));
    }

    #[tokio::test]
    async fn waiting_for_a_host_holds_no_place_on_the_wire() {
        let slow = HostGate::new(Some(2.0), 1);
        let fast = HostGate::new(None, 1);
        let w = wire(1);
        drop(slow.acquire(&w, None).await.unwrap());
        // the slow host waits half a second for its turn; meanwhile the only wire permit is free
        let waiting = slow.acquire(&w, None);
        let other = async {
            let t = Instant::now();
            drop(fast.acquire(&w, None).await.unwrap());
            t.elapsed()
        };
        let (slot, other_wait) = tokio::join!(waiting, other);
        assert!(slot.is_ok());
        assert!(other_wait < Duration::from_millis(250), "{other_wait:?}");
    }

    #[tokio::test]
    async fn gives_up_when_the_host_is_ready_only_after_the_deadline() {
        let gate = HostGate::new(Some(10.0), 1);
        let w = wire(1);
        gate.penalize(Duration::from_secs(60));
        let deadline = Instant::now() + Duration::from_millis(50);
        let t = Instant::now();
        let refused = gate.acquire(&w, Some(deadline)).await;
        assert!(refused.is_err());
        assert!(t.elapsed() < Duration::from_millis(40), "returns at once, no waiting");
    }
}
