// ANCHOR: starter
//! Python threads share everything and the GIL makes each bytecode atomic, so CPU-bound threads
//! take turns. Rust threads run truly in parallel, and the compiler only lets them share what is
//! safe to share (`Sync`), or move what is safe to move (`Send`). Two classic ways to split work:
//! a shared atomic counter that hands out the next piece, and per-thread results merged at the end.

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

/// Counts the primes below `limit` on `workers` threads. Each thread takes the next number to test
/// from a shared atomic counter, so fast and slow numbers balance out.
///
/// Hint: scoped threads can borrow an `AtomicU64` (the next number) and an `AtomicUsize` (the
/// count) from this function's stack: no `Arc` needed. Which `Ordering` does a counter need?
pub fn count_primes(limit: u64, workers: NonZeroUsize) -> usize {
    todo!()
}

/// How often each whitespace-separated word occurs in `texts`, counted on `workers` threads. Each
/// thread counts its share of the texts into its own map; the maps are merged at the end, so no
/// lock is held while counting.
///
/// Hint: `texts.chunks(..)`, one scoped thread per chunk returning its `HashMap`, then merge.
pub fn word_counts(texts: &[&str], workers: NonZeroUsize) -> HashMap<String, usize> {
    todo!()
}
// ANCHOR_END: starter
