// ANCHOR: starter
//! This pipeline squares numbers on several threads and collects the squares. It compiles, it
//! looks right, and it never returns: run the tests and watch them time out.
//!
//! There are two separate deadlocks. Find both, explain who waits for whom, and fix them without
//! making the channel unbounded (a bounded channel is what keeps memory small when the producers
//! are faster than the consumer).
//!
//! Hints: when does `rx.iter()` end? What does the end of a `thread::scope` wait for, and what are
//! the producers waiting for at that moment?

use crossbeam_channel::bounded;
use std::num::NonZeroUsize;
use std::thread;

/// Squares every number on `workers` threads and returns the squares in increasing order.
pub fn parallel_squares(numbers: &[u64], workers: NonZeroUsize) -> Vec<u64> {
    let (tx, rx) = bounded(4);
    let chunk_len = numbers.len().div_ceil(workers.get()).max(1);
    thread::scope(|scope| {
        for chunk in numbers.chunks(chunk_len) {
            let tx = tx.clone();
            scope.spawn(move || {
                for n in chunk {
                    tx.send(n * n).expect("the receiver is alive");
                }
            });
        }
    });
    let mut squares: Vec<u64> = rx.iter().collect();
    squares.sort_unstable();
    squares
}
// ANCHOR_END: starter
