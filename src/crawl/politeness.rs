//! Per-host politeness: a token bucket (governor) per host, a per-host concurrency cap, and an
//! adaptive slow-down that 429/5xx/timeouts push up (Retry-After honoured) and nothing pulls back
//! down, so errors only ever slow a host. Main types: [`HostGates`] and [`HostGate`].

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Longest adaptive slow-down factor applied to a host's interval.
const MAX_SLOW_FACTOR: u32 = 16;

/// The pacing state of one host.
pub struct HostGate {
    concurrency: Arc<Semaphore>,
    pace: Mutex<Pace>,
}

struct Pace {
    /// Minimal spacing between request starts; zero when rate limiting is off.
    interval: Duration,
    limiter: Option<Arc<DefaultDirectRateLimiter>>,
    /// Multiplies `interval` after errors; never decreases.
    slow_factor: u32,
    /// No request starts before this (Retry-After, backoff, slowed spacing).
    not_before: Instant,
}

/// A granted request slot; dropping it frees the host's concurrency slot.
pub struct Slot {
    _permit: OwnedSemaphorePermit,
}

fn limiter_for(interval: Duration) -> Option<Arc<DefaultDirectRateLimiter>> {
    Quota::with_period(interval)
        .map(|q| Arc::new(RateLimiter::direct(q.allow_burst(NonZeroU32::MIN))))
}

impl HostGate {
    fn new(rate: Option<f64>, concurrency: usize) -> HostGate {
        let interval = rate
            .filter(|r| *r > 0.0 && r.is_finite())
            .map(|r| Duration::from_secs_f64(1.0 / r))
            .unwrap_or(Duration::ZERO);
        HostGate {
            concurrency: Arc::new(Semaphore::new(concurrency.max(1))),
            pace: Mutex::new(Pace {
                interval,
                limiter: limiter_for(interval),
                slow_factor: 1,
                not_before: Instant::now(),
            }),
        }
    }

    /// Waits for a concurrency slot and for the host's pace; returns the slot to hold while the
    /// request runs.
    pub async fn acquire(&self) -> Slot {
        let permit = self
            .concurrency
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore never closed");
        loop {
            let (not_before, limiter) = {
                let p = self.pace.lock().unwrap();
                (p.not_before, p.limiter.clone())
            };
            tokio::time::sleep_until(not_before).await;
            if let Some(l) = limiter {
                l.until_ready().await;
            }
            let mut p = self.pace.lock().unwrap();
            let now = Instant::now();
            if now < p.not_before {
                continue; // an error pushed the host back while we waited
            }
            if p.slow_factor > 1 {
                p.not_before = now + p.interval.max(Duration::from_millis(250)) * p.slow_factor;
            }
            return Slot { _permit: permit };
        }
    }

    /// Raises the minimal spacing to `delay` (robots.txt Crawl-delay); never lowers it.
    pub fn set_min_interval(&self, delay: Duration) {
        let mut p = self.pace.lock().unwrap();
        if delay > p.interval {
            p.interval = delay;
            p.limiter = limiter_for(delay);
        }
    }

    pub fn interval(&self) -> Duration {
        self.pace.lock().unwrap().interval
    }

    /// Slows the host after a 429, a 5xx or a transient network error: doubles the spacing factor
    /// and keeps every request back for `wait` (Retry-After) or the backoff.
    pub fn penalize(&self, wait: Duration) {
        let mut p = self.pace.lock().unwrap();
        p.slow_factor = (p.slow_factor * 2).min(MAX_SLOW_FACTOR);
        let until = Instant::now() + wait;
        if until > p.not_before {
            p.not_before = until;
        }
    }

    pub fn slow_factor(&self) -> u32 {
        self.pace.lock().unwrap().slow_factor
    }
}

/// All hosts' gates of one run, keyed by `host:port`.
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
        g.entry(key.to_string())
            .or_insert_with(|| Arc::new(HostGate::new(self.rate, self.concurrency)))
            .clone()
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

    #[tokio::test]
    async fn spaces_requests_and_only_slows_down() {
        let gate = HostGate::new(Some(20.0), 2);
        let t0 = Instant::now();
        for _ in 0..3 {
            drop(gate.acquire().await);
        }
        // three starts at 20/s need at least two 50 ms intervals
        assert!(
            t0.elapsed() >= Duration::from_millis(95),
            "{:?}",
            t0.elapsed()
        );
        gate.set_min_interval(Duration::from_millis(10));
        assert_eq!(
            gate.interval(),
            Duration::from_millis(50),
            "a smaller delay never speeds up"
        );
        gate.penalize(Duration::from_millis(200));
        assert_eq!(gate.slow_factor(), 2);
        let t1 = Instant::now();
        drop(gate.acquire().await);
        assert!(
            t1.elapsed() >= Duration::from_millis(190),
            "{:?}",
            t1.elapsed()
        );
    }
}
