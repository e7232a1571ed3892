//! `imap_unordered` and `imap`: results as they come. The task, its tests and hints:
//! `book/src/exercises/mp3_imap.md`.

use crossbeam_channel::{Receiver, unbounded};
use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::thread;

// ANCHOR: task
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
    todo!();
    std::iter::empty()
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
    todo!();
    std::iter::empty()
}
// ANCHOR_END: task
