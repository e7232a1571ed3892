// ANCHOR: starter
//! Inside `multiprocessing.Pool` every worker runs the same loop: take a task from the task queue,
//! run it, put the result on the result queue, repeat until told to stop. Here the queues are
//! crossbeam channels and the workers are scoped threads; `map` puts the results back in input
//! order.

use crossbeam_channel::{Receiver, Sender, unbounded};
use std::num::NonZeroUsize;
use std::thread;

/// A task as the pool sends it to a worker: the item's position in the input, and the item.
pub type Job<T> = (usize, T);

// ANCHOR: signature
/// The loop every worker runs: take a job, run `f` on its item, send the result back tagged with
/// the job's index. Returns how many jobs this worker ran (a job whose result nobody received
/// still ran), once the job channel is closed and empty (every sender dropped).
///
/// Hint: `jobs.iter()` blocks for the next job and ends when the channel is closed and drained.
/// If sending a result fails, nobody is listening any more: stop.
pub fn worker_loop<T, R>(
    jobs: &Receiver<Job<T>>,
    results: &Sender<(usize, R)>,
    f: &impl Fn(T) -> R,
) -> usize {
    todo!()
}
// ANCHOR_END: signature

/// `Pool(workers).map(f, items)`: runs `f` on every item on `workers` threads and returns the
/// results in input order.
///
/// Steps: send every `(index, item)` on a job channel and close it (drop the sender); start
/// `workers` scoped threads running [`worker_loop`]; after the scope, put each result in its slot.
/// Why must the result channel's last sender be dropped before you read the results?
pub fn map<T: Send, R: Send>(
    workers: NonZeroUsize,
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    todo!()
}
// ANCHOR_END: starter
