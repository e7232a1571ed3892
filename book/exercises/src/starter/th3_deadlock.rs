//! Find the deadlocks. The task, its tests and hints are on the page
//! `book/src/exercises/th3_deadlock.md`.

use crossbeam_channel::bounded;
use std::num::NonZeroUsize;
use std::thread;

// ANCHOR: task
/// Squares every number on `workers` threads and returns the squares in increasing
/// order.
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
// ANCHOR_END: task
