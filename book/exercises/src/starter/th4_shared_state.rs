//! Sharing work between threads without a GIL. The task, its tests and hints:
//! `book/src/exercises/th4_shared_state.md`.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::thread;

/// Whether `n` is prime (trial division: slow on purpose, it is the CPU-bound work).
pub fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

// ANCHOR: task
/// Counts the primes below `limit` on `workers` threads. Each thread takes the next
/// number to test from a shared atomic counter, so fast and slow numbers balance out.
pub fn count_primes(limit: u64, workers: NonZeroUsize) -> usize {
    todo!()
}

/// How often each whitespace-separated word occurs in `texts`, counted on `workers`
/// threads. Each thread counts its share of the texts into its own map; the maps are
/// merged at the end, so no lock is held while counting.
pub fn word_counts(texts: &[&str], workers: NonZeroUsize) -> HashMap<String, usize> {
    todo!()
}
// ANCHOR_END: task
