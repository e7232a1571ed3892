//! `Pool.map` waits for every result before returning. `imap_unordered` hands you
//! each result as soon as it is ready, in completion order; `imap` streams too, but
//! in input order, holding back results that finish early until their turn comes.
//!
//! The returned iterator outlives the call, so the workers cannot be scoped threads
//! borrowing local data: the closure and items must be `'static` (Python pickles
//! them; Rust moves them).

use crossbeam_channel::{Receiver, unbounded};
use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::thread;

// ANCHOR: solution
/// Runs `f` on every item on `workers` threads and yields the results in the order
/// the tasks finish. The iterator ends after the last result.
pub fn imap_unordered<T, R, F>(
    workers: NonZeroUsize,
    items: Vec<T>,
    f: F,
) -> impl Iterator<Item = R>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    imap_indexed(workers, items, f)
        .into_iter()
        .map(|(_, result)| result)
}

/// Like [`imap_unordered`], but yields the results in input order, each as soon as it
/// and every result before it are ready.
pub fn imap<T, R, F>(
    workers: NonZeroUsize,
    items: Vec<T>,
    f: F,
) -> impl Iterator<Item = R>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    let results = imap_indexed(workers, items, f);
    let mut early: BTreeMap<usize, R> = BTreeMap::new();
    let mut next = 0;
    std::iter::from_fn(move || {
        loop {
            // The next result in order may already be waiting.
            if let Some(result) = early.remove(&next) {
                next += 1;
                return Some(result);
            }
            // Otherwise block for the next finished task; `None` once every worker is
            // done.
            let (index, result) = results.recv().ok()?;
            early.insert(index, result);
        }
    })
}

/// Starts the workers; they send `(index, result)` in completion order. The channel
/// closes when the last worker exits, which ends the receiver's iterator.
fn imap_indexed<T, R, F>(
    workers: NonZeroUsize,
    items: Vec<T>,
    f: F,
) -> Receiver<(usize, R)>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    let (job_tx, job_rx) = unbounded();
    let (result_tx, result_rx) = unbounded();
    for job in items.into_iter().enumerate() {
        job_tx.send(job).expect("the receiver is alive");
    }
    drop(job_tx);
    let f = Arc::new(f);
    for _ in 0..workers.get() {
        let (jobs, results, f) = (job_rx.clone(), result_tx.clone(), Arc::clone(&f));
        // Detached: each worker exits when the jobs run out or the iterator is
        // dropped.
        thread::spawn(move || {
            for (index, item) in jobs {
                if results.send((index, f(item))).is_err() {
                    break;
                }
            }
        });
    }
    result_rx
}
// ANCHOR_END: solution
