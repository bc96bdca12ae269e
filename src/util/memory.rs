//! The allocator's handling of page-sized blocks. Main function: [`return_large_blocks_to_the_system`].
//!
//! Why: the crawler holds every page it fetches a few times over for a moment (the body, its
//! decoded text, its compressed copy: 30–200 KB each), from many threads. glibc's malloc serves
//! blocks that size from its heaps (below its default 128 KiB mmap threshold, which it also raises
//! as big blocks are freed) and keeps what they free for later: a national run's peak RSS grew
//! ~40 MB above what its pages in hand need (2,000 sites: 241 against 200 MB, BENCHMARKS.md).
//! Blocks from 32 KiB up are now mapped on their own and returned when freed, at the cost of a
//! map and an unmap for each. Other allocators and platforms are left as they are.

/// Blocks at least this large are mapped on their own and returned to the system when freed.
pub const MMAP_THRESHOLD: usize = 32 * 1024;

/// Makes glibc's malloc return blocks of [`MMAP_THRESHOLD`] and more to the system when they are
/// freed. Call once, early, before the threads that allocate start.
pub fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only sets a tunable of glibc's allocator; M_MMAP_THRESHOLD with a value
        // within its documented range (0 to 32 MiB on 64-bit) has no other effect.
        let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int) };
        if ok != 1 {
            tracing::debug!("mallopt(M_MMAP_THRESHOLD) refused; glibc keeps its default");
        }
    }
}
