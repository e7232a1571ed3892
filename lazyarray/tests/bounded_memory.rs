//! A reduction over an array far bigger than what it holds at once: measured with a counting
//! allocator (the only test in this binary, so nothing else allocates meanwhile).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use lazyarray::{ComputeOptions, ones};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call forwards to `System` unchanged; we only count sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        // SAFETY: the caller's contract is passed on to `System`.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

// ANCHOR: bounded
#[test]
fn summing_160_mb_holds_a_few_chunks() {
    // 20 million f64 = 160 MB in 80 chunks of 2 MB; small enough for a debug build.
    let x = (ones([4000, 5000], [250, 1000]).unwrap() * 0.5).powi(2);
    let total = x.nbytes();
    let s = x.sum();
    let graph_bytes_before = NOW.load(Ordering::SeqCst);
    PEAK.store(graph_bytes_before, Ordering::SeqCst);
    let got = s
        .compute_scalar_with(&ComputeOptions::new().workers(2))
        .unwrap();
    assert_eq!(got, 0.25 * 20e6);
    let peak = PEAK.load(Ordering::SeqCst) - graph_bytes_before;
    // Two workers, each holding an input chunk and making an output chunk of 2 MB: ~8 MB.
    assert!(
        peak < total / 10,
        "peak {peak} bytes for an array of {total} bytes"
    );
    println!(
        "array {} MB, peak {:.1} MB",
        total >> 20,
        peak as f64 / (1 << 20) as f64
    );
}
// ANCHOR_END: bounded
