// ANCHOR: starter
//! `Pool.map` waits for every result before returning. `imap_unordered` hands you each result as
//! soon as it is ready, in completion order; `imap` streams too, but in input order, holding back
//! results that finish early until their turn comes.
//!
//! The returned iterator outlives the call, so the workers cannot be scoped threads borrowing
//! local data: the closure and items must be `'static` (Python pickles them; Rust moves them).

use crossbeam_channel::{Receiver, unbounded};
use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::thread;

/// Runs `f` on every item on `workers` threads and yields the results in the order the tasks
/// finish. The iterator ends after the last result.
///
/// Hint: send the jobs on a channel and close it; share `f` between `std::thread::spawn`ed
/// workers with an `Arc`; workers send `(index, result)` on a result channel. A crossbeam
/// `Receiver` is itself an iterator source (`into_iter()`) that ends when every sender is gone.
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
    todo!();
    std::iter::empty()
}

/// Like [`imap_unordered`], but yields the results in input order, each as soon as it and every
/// result before it are ready.
///
/// Hint: keep results that arrive early in a `BTreeMap<usize, R>` and the index you must yield
/// next; `std::iter::from_fn` turns a closure into an iterator.
pub fn imap<T, R, F>(workers: NonZeroUsize, items: Vec<T>, f: F) -> impl Iterator<Item = R>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    todo!();
    std::iter::empty()
}
// ANCHOR_END: starter
