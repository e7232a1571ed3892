// ANCHOR: starter
//! Python's `Pool.map` does not hand items to workers one at a time: it cuts them into chunks of
//! `chunksize` items, and each idle worker takes the next chunk. Bigger chunks mean fewer messages,
//! smaller chunks mean better balance. Here you compute Python's default chunk size, cut the work
//! into chunks, and predict how long the notebook's cell 2 takes.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::num::NonZeroUsize;
use std::ops::Range;

// ANCHOR: signatures
/// The chunk size `multiprocessing.Pool.map` uses when you give none: `ceil(len / (4 * workers))`
/// (so 0 for no items).
///
/// Python computes it with `divmod(len, 4 * workers)` and adds one when there is a remainder.
/// Look for an integer method that rounds up.
pub fn default_chunksize(len: usize, workers: NonZeroUsize) -> usize {
    todo!("ceil(len / (4 * workers))")
}

/// Cuts the indices `0..len` into consecutive ranges of `chunksize`; only the last may be shorter.
pub fn chunk_ranges(len: usize, chunksize: NonZeroUsize) -> Vec<Range<usize>> {
    todo!("hint: (0..len).step_by(..)")
}

/// How long `Pool(workers).map(sleep, durations_ms)` takes, in milliseconds, when the chunks are
/// handed out in order and each goes to the worker that becomes free first.
///
/// Hint: keep, for each worker, the time at which it is next free, in a
/// `BinaryHeap<Reverse<u64>>` (a min-heap); each chunk starts when the earliest worker is free.
pub fn makespan(durations_ms: &[u64], workers: NonZeroUsize, chunksize: NonZeroUsize) -> u64 {
    todo!()
}
// ANCHOR_END: signatures
// ANCHOR_END: starter
