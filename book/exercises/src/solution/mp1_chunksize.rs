//! Python's `Pool.map` does not hand items to workers one at a time: it cuts them
//! into chunks of `chunksize` items, and each idle worker takes the next chunk.
//! Bigger chunks mean fewer messages, smaller chunks mean better balance. Here you
//! compute Python's default chunk size, cut the work into chunks, and predict how
//! long the notebook's cell 2 takes.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::num::NonZeroUsize;
use std::ops::Range;

// ANCHOR: solution
/// The chunk size `multiprocessing.Pool.map` uses when you give none:
/// `ceil(len / (4 * workers))` (so 0 for no items).
///
/// ```
/// # use std::num::NonZeroUsize;
/// # use exercises::mp1_chunksize::default_chunksize;
/// let two = NonZeroUsize::new(2).unwrap();
/// assert_eq!(default_chunksize(8, two), 1); // the notebook's cell 2
/// assert_eq!(default_chunksize(100, two), 13);
/// ```
pub fn default_chunksize(len: usize, workers: NonZeroUsize) -> usize {
    len.div_ceil(4 * workers.get())
}

/// Cuts the indices `0..len` into consecutive ranges of `chunksize`; only the last
/// may be shorter.
pub fn chunk_ranges(len: usize, chunksize: NonZeroUsize) -> Vec<Range<usize>> {
    (0..len)
        .step_by(chunksize.get())
        .map(|start| start..len.min(start + chunksize.get()))
        .collect()
}

/// How long `Pool(workers).map(sleep, durations_ms)` takes, in milliseconds, when the
/// chunks are handed out in order and each goes to the worker that becomes free
/// first.
pub fn makespan(
    durations_ms: &[u64],
    workers: NonZeroUsize,
    chunksize: NonZeroUsize,
) -> u64 {
    // The time at which each worker is next free, earliest first.
    let mut free_at: BinaryHeap<Reverse<u64>> =
        (0..workers.get()).map(|_| Reverse(0)).collect();
    for chunk in chunk_ranges(durations_ms.len(), chunksize) {
        let Reverse(start) = free_at.pop().expect("there is at least one worker");
        let work: u64 = durations_ms[chunk].iter().sum();
        free_at.push(Reverse(start + work));
    }
    free_at.into_iter().map(|Reverse(t)| t).max().unwrap_or(0)
}
// ANCHOR_END: solution
