//! A `compute()` inside a task finishes: every compute has workers of its own, so an inner
//! compute never waits for threads that outer tasks hold. A watchdog turns a hang into a
//! failure.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use lazyarray::{ComputeOptions, Scheduler, ones};

/// Runs `f` on a thread of its own; if it has not returned after `limit`, fails the whole test
/// process (a hung thread cannot be cancelled, and the test would otherwise never end).
fn with_watchdog<R: Send + 'static>(limit: Duration, f: impl FnOnce() -> R + Send + 'static) -> R {
    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(r) => {
            worker.join().expect("the watched thread");
            r
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            eprintln!("watchdog: no result after {limit:?}; the compute hangs");
            std::process::exit(101);
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The closure panicked: re-raise its panic here.
            match worker.join() {
                Err(payload) => std::panic::resume_unwind(payload),
                Ok(()) => unreachable!("the closure sent nothing but returned"),
            }
        }
    }
}

/// 32 outer blocks; each block's task computes a sum of 64 ones (64 blocks) and adds it to
/// every element. (A scheduler whose workers wait on rayon's threads hangs here within a few
/// runs: an outer worker waiting for a task that sits below it on its own thread's stack.)
fn nested_sum(outer: &ComputeOptions, inner: ComputeOptions) -> f64 {
    let x = ones([64], 2).unwrap().map_blocks(move |block| {
        let inner_sum = ones([64], 1)
            .unwrap()
            .sum()
            .compute_scalar_with(&inner)
            .expect("the inner compute");
        block.mapv(|v| v + inner_sum)
    });
    x.sum().compute_scalar_with(outer).unwrap()
}

#[test]
fn a_compute_inside_a_task_finishes_100_times_on_4_workers() {
    let got = with_watchdog(Duration::from_secs(120), || {
        let four = ComputeOptions::new().workers(4);
        // Half the runs fuse each block's source into its nested task, so that nested
        // computes start with the very first tasks.
        (0..100)
            .map(|i| nested_sum(&four.clone().fuse(i % 2 == 0), four.clone()))
            .collect::<Vec<f64>>()
    });
    // 64 elements, each 1 + 64.
    assert_eq!(got, vec![64.0 * 65.0; 100]);
}

#[test]
fn nesting_mixes_schedulers_and_default_workers() {
    let got = with_watchdog(Duration::from_secs(60), || {
        let sync = ComputeOptions::new().scheduler(Scheduler::Synchronous);
        [
            nested_sum(&ComputeOptions::new(), ComputeOptions::new()),
            nested_sum(&sync, ComputeOptions::new().workers(3)),
            nested_sum(&ComputeOptions::new().workers(2), sync.clone()),
        ]
    });
    assert_eq!(got, [64.0 * 65.0; 3]);
}
