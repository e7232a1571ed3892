//! A reduction over an array far bigger than what it holds at once: measured with a counting
//! allocator (the only test in this binary, so nothing else allocates meanwhile).

use lazyarray::{ComputeOptions, ones};

#[path = "common/counting.rs"]
mod counting;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

// ANCHOR: bounded
#[test]
fn summing_160_mb_holds_a_few_chunks() {
    // 20 million f64 = 160 MB in 80 chunks of 2 MB; small enough for a debug build.
    let x = (ones([4000, 5000], [250, 1000]).unwrap() * 0.5).powi(2);
    let total = x.nbytes();
    let s = x.sum();
    let graph_bytes_before = counting::reset_peak();
    let got = s
        .compute_scalar_with(&ComputeOptions::new().workers(2))
        .unwrap();
    assert_eq!(got, 0.25 * 20e6);
    let peak = counting::peak() - graph_bytes_before;
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
