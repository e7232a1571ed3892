//! loom explores every interleaving of the parallel scheduler's workers on small graphs: each
//! task runs once, after its inputs, and the result is the same as the synchronous one.
//!
//! `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=2 CARGO_TARGET_DIR=target/loom cargo test -p
//! lazyarray --release --test loom_scheduler` (a separate target directory keeps the normal
//! build's cache; the graphs are tiny because the interleavings grow fast).
#![cfg(loom)]

use lazyarray::{ComputeOptions, from_ndarray};

#[test]
fn two_workers_on_a_small_reduction() {
    loom::model(|| {
        // Two source blocks, two chunk sums, one aggregate: five tasks, two ready at once.
        let a = ndarray::arr1(&[1.0, 2.0]).into_dyn();
        let y = from_ndarray(a, 1).unwrap().sum();
        let got = y
            .compute_scalar_with(&ComputeOptions::new().workers(2))
            .unwrap();
        assert_eq!(got, 3.0);
    });
}

#[test]
fn a_failing_task_stops_both_workers() {
    loom::model(|| {
        let x = lazyarray::ones([2], 1).unwrap().map(|v| {
            if v > 0.0 {
                panic!("boom");
            }
            v
        });
        let err = x
            .sum()
            .compute_with(&ComputeOptions::new().workers(2))
            .unwrap_err();
        assert!(err.to_string().contains("boom"));
    });
}

#[test]
fn a_compute_inside_a_task_finishes() {
    loom::model(|| {
        // Two outer blocks on two workers; each block's task runs a compute of its own on the
        // task's thread (one worker, its own lock and condition variable) while the other
        // worker waits or runs the other block.
        let x = lazyarray::ones([2], 1).unwrap().map_blocks(|block| {
            let inner = lazyarray::ones([1], 1)
                .unwrap()
                .sum()
                .compute_scalar_with(&ComputeOptions::new().workers(1))
                .unwrap();
            block.mapv(|v| v + inner)
        });
        let got = x
            .sum()
            .compute_scalar_with(&ComputeOptions::new().workers(2))
            .unwrap();
        assert_eq!(got, 4.0);
    });
}
