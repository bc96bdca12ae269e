//! The process's file descriptors: the open-file limit ([`open_file_limit`]) and a descriptor
//! table grown once before any thread starts ([`reserve_descriptor_table`]).
//!
//! Why grow it early: the kernel grows a process's descriptor table by doubling it as sockets
//! open, and in a process with several threads each growth waits for an RCU grace period
//! (`expand_files` → `synchronize_rcu`). A crawl of 2,000 sites opens its first 2,000
//! connections at once, and both of tokio's workers were seen blocked there for 0.23–0.3 s at
//! the start of every run of the national farm slice (threads in state D sampled every 10 ms,
//! BENCHMARKS.md). Growing the table while the process has one thread costs no wait.

/// Descriptors reserved at most: room for the sites a run keeps in flight (see
/// `crawl::run::sites_in_flight`) for 64 KiB of table.
pub const RESERVED_DESCRIPTORS: u64 = 8192;

/// The soft limit on open files (Linux; `None` elsewhere or when unreadable).
pub fn open_file_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let soft = line.trim_start_matches("Max open files").split_whitespace().next()?;
    soft.parse().ok().or(Some(u64::MAX / 2)) // "unlimited"
}

/// Grows the descriptor table to the soft open-file limit (at most [`RESERVED_DESCRIPTORS`]).
/// Call first thing in `main`, before the async runtime starts its threads; does nothing where
/// it cannot.
pub fn reserve_descriptor_table() {
    #[cfg(unix)]
    {
        use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
        let Some(highest) = open_file_limit()
            .map(|soft| soft.min(RESERVED_DESCRIPTORS))
            .and_then(|n| n.checked_sub(1))
            .and_then(|n| libc::c_int::try_from(n).ok())
        else {
            return;
        };
        let Ok(null) = std::fs::File::open("/dev/null") else {
            return;
        };
        // SAFETY: F_DUPFD_CLOEXEC on a descriptor we own returns a new descriptor (or -1), which
        // OwnedFd then owns and closes; no other descriptor is touched.
        let high = unsafe { libc::fcntl(null.as_raw_fd(), libc::F_DUPFD_CLOEXEC, highest) };
        if high >= 0 {
            // SAFETY: `high` was just returned by fcntl and is owned by nothing else.
            drop(unsafe { OwnedFd::from_raw_fd(high) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table size the kernel reports for this process (Linux).
    fn table_size() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("FDSize:"))?;
        line.trim_start_matches("FDSize:").trim().parse().ok()
    }

    #[test]
    fn the_table_is_grown_to_the_reserve_and_no_descriptor_is_left_open() {
        let (Some(before), Some(limit)) = (table_size(), open_file_limit()) else {
            return; // not Linux: nothing to see
        };
        reserve_descriptor_table();
        let want = limit.min(RESERVED_DESCRIPTORS);
        let after = table_size().unwrap();
        assert!(
            after >= want && after >= before,
            "FDSize {before} → {after}, want ≥ {want}"
        );
        // the duplicate that grew it is closed again
        let highest = std::path::Path::new("/proc/self/fd").join((want - 1).to_string());
        assert!(!highest.exists(), "{} is open", highest.display());
    }
}
