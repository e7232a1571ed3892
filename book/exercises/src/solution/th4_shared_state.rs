//! Python threads share everything and the GIL makes each bytecode atomic, so
//! CPU-bound threads take turns. Rust threads run truly in parallel, and the compiler
//! only lets them share what is safe to share (`Sync`), or move what is safe to move
//! (`Send`). Two classic ways to split work: a shared atomic counter that hands out
//! the next piece, and per-thread results merged at the end.

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

// ANCHOR: solution
/// Counts the primes below `limit` on `workers` threads. Each thread takes the next
/// number to test from a shared atomic counter, so fast and slow numbers balance out.
pub fn count_primes(limit: u64, workers: NonZeroUsize) -> usize {
    let next = AtomicU64::new(0);
    let found = AtomicUsize::new(0);
    thread::scope(|scope| {
        for _ in 0..workers.get() {
            scope.spawn(|| {
                // Count locally, publish once: one atomic add per thread instead of
                // per prime.
                let mut mine = 0;
                loop {
                    // `Relaxed` is enough: the counter only has to hand out each
                    // number once.
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= limit {
                        break;
                    }
                    if is_prime(n) {
                        mine += 1;
                    }
                }
                found.fetch_add(mine, Ordering::Relaxed);
            });
        }
    });
    found.into_inner()
}

/// How often each whitespace-separated word occurs in `texts`, counted on `workers`
/// threads. Each thread counts its share of the texts into its own map; the maps are
/// merged at the end, so no lock is held while counting.
pub fn word_counts(texts: &[&str], workers: NonZeroUsize) -> HashMap<String, usize> {
    let share = texts.len().div_ceil(workers.get()).max(1);
    let partial_maps: Vec<HashMap<String, usize>> = thread::scope(|scope| {
        let handles: Vec<_> = texts
            .chunks(share)
            .map(|chunk| {
                scope.spawn(move || {
                    let mut counts = HashMap::new();
                    for word in chunk.iter().flat_map(|text| text.split_whitespace())
                    {
                        *counts.entry(word.to_string()).or_insert(0) += 1;
                    }
                    counts
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("counting does not panic"))
            .collect()
    });
    let mut total = HashMap::new();
    for counts in partial_maps {
        for (word, n) in counts {
            *total.entry(word).or_insert(0) += n;
        }
    }
    total
}
// ANCHOR_END: solution
