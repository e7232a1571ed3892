//! A global allocator that counts the bytes allocated now and at the peak: how the memory tests
//! and the `mean` benchmark see what a compute holds. Shared by path (`#[path]`), and
//! registered by each binary that uses it:
//!
//! ```ignore
//! #[path = "common/counting.rs"]
//! mod counting;
//! #[global_allocator]
//! static ALLOC: counting::Counting = counting::Counting;
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Forwards to `System` and counts sizes.
pub(crate) struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call forwards to `System` unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // One read-modify-write per counter: exact under any interleaving, whatever the
        // ordering, since each counter is a single atomic.
        let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on to `System`.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Bytes allocated and not yet freed.
pub(crate) fn now() -> usize {
    NOW.load(Ordering::SeqCst)
}

/// Starts a new peak from what is allocated now, and returns that baseline.
pub(crate) fn reset_peak() -> usize {
    let base = now();
    PEAK.store(base, Ordering::SeqCst);
    base
}

/// The most bytes allocated at once since the last [`reset_peak`].
pub(crate) fn peak() -> usize {
    PEAK.load(Ordering::SeqCst)
}
