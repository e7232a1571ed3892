//! A worker loop, and an ordered `map`. The task, its tests and hints are on the page
//! `book/src/exercises/mp2_worker_loop.md`.

use crossbeam_channel::{Receiver, Sender, unbounded};
use std::num::NonZeroUsize;
use std::thread;

/// A task as the pool sends it to a worker: the item's position in the input, and the
/// item.
pub type Job<T> = (usize, T);

// ANCHOR: signature
// ANCHOR: task
/// The loop every worker runs: take a job, run `f` on its item, send the result back
/// tagged with the job's index. Returns how many jobs this worker ran (a job whose
/// result nobody received still ran), once the job channel is closed and empty (every
/// sender dropped).
pub fn worker_loop<T, R>(
    jobs: &Receiver<Job<T>>,
    results: &Sender<(usize, R)>,
    f: &impl Fn(T) -> R,
) -> usize {
    todo!()
}
// ANCHOR_END: signature

/// `Pool(workers).map(f, items)`: runs `f` on every item on `workers` threads and
/// returns the results in input order.
pub fn map<T: Send, R: Send>(
    workers: NonZeroUsize,
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    todo!()
}
// ANCHOR_END: task
