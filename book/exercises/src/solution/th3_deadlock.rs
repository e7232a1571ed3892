//! This pipeline squares numbers on several threads and collects the squares. It
//! compiles, it looks right, and it never returns: run the tests and watch them time
//! out.
//!
//! There are two separate deadlocks. Find both, explain who waits for whom, and fix
//! them without making the channel unbounded (a bounded channel is what keeps memory
//! small when the producers are faster than the consumer).

use crossbeam_channel::bounded;
use std::num::NonZeroUsize;
use std::thread;

// ANCHOR: solution
/// Squares every number on `workers` threads and returns the squares in increasing
/// order.
pub fn parallel_squares(numbers: &[u64], workers: NonZeroUsize) -> Vec<u64> {
    let (tx, rx) = bounded(4);
    let chunk_len = numbers.len().div_ceil(workers.get()).max(1);
    let mut squares: Vec<u64> = thread::scope(|scope| {
        for chunk in numbers.chunks(chunk_len) {
            let tx = tx.clone();
            scope.spawn(move || {
                for n in chunk {
                    tx.send(n * n).expect("the receiver is alive");
                }
            });
        }
        // Deadlock 1: `rx.iter()` ends only when every sender is dropped. The
        // producers drop their clones when they finish, but this original `tx` lived
        // on until the end of the function, so the loop waited for a message that
        // could never come.
        drop(tx);
        // Deadlock 2: the end of a scope joins every thread in it. Receiving only
        // after the scope meant the producers blocked on the full channel (4 slots)
        // while the scope waited for them to finish. Receive inside the scope, while
        // they run.
        rx.iter().collect()
    });
    squares.sort_unstable();
    squares
}
// ANCHOR_END: solution
