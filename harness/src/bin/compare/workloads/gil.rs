//! "Mind the GIL!": a CPU-bound function twice on one thread, then once on each of two threads.
//!
//! Rust has no interpreter lock, so two threads on two cores should take about half the time
//! (a speedup near 2, less on a loaded machine); Python's stays near 1. Same algorithm and same
//! limit as `harness/python/gil_threads.py`, so the times compare too.

use std::hint::black_box;
use std::thread;
use std::time::Instant;

use super::{NotWired, Outcome, Sizes};

/// Counts primes below `limit` by trial division (the Python script's algorithm, line for line).
pub(crate) fn count_primes(limit: u64) -> u64 {
    let mut count = 0;
    for n in 2..limit {
        let mut d = 2;
        let mut prime = true;
        while d * d <= n {
            if n % d == 0 {
                prime = false;
                break;
            }
            d += 1;
        }
        count += u64::from(prime);
    }
    count
}

/// The number of primes below `limit`, by a sieve: the check for both versions.
fn sieve_count(limit: u64) -> u64 {
    let limit = limit as usize;
    let mut composite = vec![false; limit.max(2)];
    let mut count = 0;
    for n in 2..limit {
        if !composite[n] {
            count += 1;
            for multiple in (n * n..limit).step_by(n) {
                composite[multiple] = true;
            }
        }
    }
    count
}

fn outcome(s: &Sizes, start: Instant, results: [u64; 2]) -> Outcome {
    let expected = sieve_count(s.gil_limit);
    Outcome::new(s.gil_limit, start.elapsed(), results == [expected; 2])
        .with_value(results[0] as f64)
}

/// Both calls on the main thread. `black_box` keeps the compiler from noticing that the two
/// calls are the same and making only one.
pub(crate) fn one_thread(s: &Sizes) -> Result<Outcome, NotWired> {
    let start = Instant::now();
    let results = [
        count_primes(black_box(s.gil_limit)),
        count_primes(black_box(s.gil_limit)),
    ];
    Ok(outcome(s, start, results))
}

/// One call on each of two scoped threads.
pub(crate) fn two_threads(s: &Sizes) -> Result<Outcome, NotWired> {
    let start = Instant::now();
    let results = thread::scope(|scope| {
        let handles = [0, 1].map(|_| scope.spawn(|| count_primes(black_box(s.gil_limit))));
        handles.map(|h| h.join().expect("count_primes panicked"))
    });
    Ok(outcome(s, start, results))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trial_division_agrees_with_the_sieve() {
        for limit in [0, 1, 2, 3, 10, 100, 2_000] {
            assert_eq!(count_primes(limit), sieve_count(limit), "limit {limit}");
        }
        assert_eq!(count_primes(100), 25);
    }
}
