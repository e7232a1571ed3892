//! Peak memory of computes whose memory is known: an eager result holds the whole array, a lazy
//! reduction of the same array holds a few chunks.
//!
//! The kernel's peak-memory mark is per process, so this file's tests take turns (`serial()`)
//! and nothing else runs in this test binary.

use std::sync::{Mutex, MutexGuard};

use lazyarray::ComputeOptions;
use lazyarray::diagnostics::{PeakMemory, ResourceProfiler, estimate};

fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

const MIB: u64 = 1 << 20;

#[test]
fn an_eager_result_holds_the_whole_array() {
    let _serial = serial();
    if !cfg!(target_os = "linux") {
        return;
    }
    // 4096 x 4096 f64 = 128 MiB, in 64 chunks of 2 MiB.
    let y = lazyarray::ones([4096, 4096], [512, 512]).unwrap();
    assert_eq!(y.nbytes() as u64, 128 * MIB);
    let peak = PeakMemory::new();
    let opts = ComputeOptions::new()
        .workers(2)
        .callback(std::sync::Arc::new(peak.clone()));
    let full = y.compute_with(&opts).unwrap();
    assert_eq!(full.len(), 4096 * 4096);
    let report = peak.last().expect("one report");
    assert!(report.exact, "this kernel cannot reset the peak mark");
    // The result alone is 128 MiB, and it was all alive at the end.
    assert!(
        report.increase_bytes() >= 120 * MIB,
        "peak grew by {} MiB only",
        report.increase_bytes() / MIB
    );
}

// ANCHOR: lazy_bounded
#[test]
fn a_lazy_reduction_holds_a_few_chunks() {
    let _serial = serial();
    if !cfg!(target_os = "linux") {
        return;
    }
    let y = lazyarray::ones([4096, 4096], [512, 512]).unwrap();
    let total = y.sum();
    let opts = ComputeOptions::new().workers(2);
    let est = estimate(&total.graph(), &opts);
    let peak = PeakMemory::new();
    let rprof = ResourceProfiler::new();
    let s = {
        let opts = opts
            .callback(std::sync::Arc::new(peak.clone()))
            .callback(std::sync::Arc::new(rprof.clone()));
        total.compute_scalar_with(&opts).unwrap()
    };
    assert_eq!(s, 4096.0 * 4096.0);
    let report = peak.last().expect("one report");
    assert!(report.exact);
    // Two workers hold two or three 2 MiB chunks at a time; the array is 128 MiB.
    assert!(
        report.increase_bytes() < 32 * MIB,
        "peak grew by {} MiB",
        report.increase_bytes() / MIB
    );
    // The chunk estimate for this graph is exact and far below the array.
    assert!(est.exact);
    assert!((est.peak_bytes as u64) < 16 * MIB, "{est}");
    assert!(rprof.results().len() >= 2);
}
// ANCHOR_END: lazy_bounded
