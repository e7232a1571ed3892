//! Inside `multiprocessing.Pool` every worker runs the same loop: take a task from
//! the task queue, run it, put the result on the result queue, repeat until told to
//! stop. Here the queues are crossbeam channels and the workers are scoped threads;
//! `map` puts the results back in input order.

use crossbeam_channel::{Receiver, Sender, unbounded};
use std::num::NonZeroUsize;
use std::thread;

/// A task as the pool sends it to a worker: the item's position in the input, and the
/// item.
pub type Job<T> = (usize, T);

// ANCHOR: solution
/// The loop every worker runs: take a job, run `f` on its item, send the result back
/// tagged with the job's index. Returns how many jobs this worker ran (a job whose
/// result nobody received still ran), once the job channel is closed and empty (every
/// sender dropped).
pub fn worker_loop<T, R>(
    jobs: &Receiver<Job<T>>,
    results: &Sender<(usize, R)>,
    f: &impl Fn(T) -> R,
) -> usize {
    let mut ran = 0;
    // `iter()` blocks for the next job and ends when the channel is closed and
    // drained.
    for (index, item) in jobs.iter() {
        let result = f(item);
        ran += 1;
        if results.send((index, result)).is_err() {
            // Nobody is listening any more: stop instead of computing results nobody
            // reads.
            break;
        }
    }
    ran
}

/// `Pool(workers).map(f, items)`: runs `f` on every item on `workers` threads and
/// returns the results in input order.
///
/// Unlike Python's, `f` and the items may borrow local data: the scope joins every
/// worker before `map` returns.
pub fn map<T: Send, R: Send>(
    workers: NonZeroUsize,
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let len = items.len();
    let (job_tx, job_rx) = unbounded();
    let (result_tx, result_rx) = unbounded();
    for job in items.into_iter().enumerate() {
        job_tx.send(job).expect("the receiver is alive");
    }
    // Closing the job channel is how workers learn there is no more work.
    drop(job_tx);
    thread::scope(|scope| {
        for _ in 0..workers.get() {
            let (jobs, results, f) = (&job_rx, result_tx.clone(), &f);
            scope.spawn(move || worker_loop(jobs, &results, f));
        }
    });
    drop(result_tx);
    // Results arrive in completion order: put each in its slot.
    let mut slots: Vec<Option<R>> = (0..len).map(|_| None).collect();
    for (index, result) in result_rx {
        slots[index] = Some(result);
    }
    slots
        .into_iter()
        .map(|slot| slot.expect("every job yields exactly one result"))
        .collect()
}
// ANCHOR_END: solution
