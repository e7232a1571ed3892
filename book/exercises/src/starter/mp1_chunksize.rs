//! Chunk sizes and schedules. The task, its tests and hints are on the page
//! `book/src/exercises/mp1_chunksize.md`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::num::NonZeroUsize;
use std::ops::Range;

// ANCHOR: signatures
// ANCHOR: task
/// The chunk size `multiprocessing.Pool.map` uses when you give none:
/// `ceil(len / (4 * workers))` (so 0 for no items).
///
/// Python computes it with `divmod(len, 4 * workers)` and adds one when there is a
/// remainder. Look for an integer method that rounds up.
pub fn default_chunksize(len: usize, workers: NonZeroUsize) -> usize {
    todo!("ceil(len / (4 * workers))")
}

/// Cuts the indices `0..len` into consecutive ranges of `chunksize`; only the last
/// may be shorter.
pub fn chunk_ranges(len: usize, chunksize: NonZeroUsize) -> Vec<Range<usize>> {
    todo!()
}

/// How long `Pool(workers).map(sleep, durations_ms)` takes, in milliseconds, when the
/// chunks are handed out in order and each goes to the worker that becomes free
/// first.
pub fn makespan(
    durations_ms: &[u64],
    workers: NonZeroUsize,
    chunksize: NonZeroUsize,
) -> u64 {
    todo!()
}
// ANCHOR_END: signatures
// ANCHOR_END: task
