//! Benchmark support: runs a command to its end and measures it from outside: wall time, and the
//! child's own CPU time and peak RSS from `wait4` (std's `Child::wait` does not report them).
//! Main items: [`run`] → [`Measured`].
#![allow(dead_code)]

use std::process::Command;
use std::time::Instant;

/// What one run of a command took.
pub struct Measured {
    pub wall_s: f64,
    /// user + system CPU seconds of the child
    pub cpu_s: f64,
    pub peak_rss_mb: f64,
}

/// Runs `cmd` and waits for it; panics, naming the command, when it cannot start or fails.
#[allow(clippy::zombie_processes)] // reaped by wait4, which std's Child::wait cannot replace
pub fn run(cmd: &mut Command) -> Measured {
    let t0 = Instant::now();
    let child = cmd.spawn().unwrap_or_else(|e| panic!("{cmd:?} does not start: {e}"));
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall_s = t0.elapsed().as_secs_f64();
    assert!(
        pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{:?} failed (wait status {status})",
        cmd.get_args().next().unwrap_or_default()
    );
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Measured {
        wall_s,
        cpu_s: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        peak_rss_mb: usage.ru_maxrss as f64 / 1024.0,
    }
}
