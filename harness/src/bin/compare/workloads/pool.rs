//! Pool overhead: a trivial function mapped over 100,000 items, so the cost measured is the
//! pool's own (splitting, sending, collecting in order), not the work.

use std::time::Instant;

use rayon::prelude::*;

use super::{Outcome, Sizes};

/// The trivial function (Python: `def trivial(x): return x * 2`).
pub(crate) fn trivial(x: u64) -> u64 {
    x * 2
}

/// The items, `0..n`, made before the timer starts (Python: `list(range(n))`).
pub(crate) fn items(s: &Sizes) -> Vec<u64> {
    (0..s.pool_items).collect()
}

/// Every result present and in order sums to `n * (n - 1)`; also checks the length.
pub(crate) fn check(s: &Sizes, results: &[u64]) -> bool {
    let n = s.pool_items;
    results.len() as u64 == n && results.iter().sum::<u64>() == n * (n - 1)
}

/// A plain loop, the baseline for both pools.
pub(crate) fn sequential(s: &Sizes) -> Outcome {
    let items = items(s);
    let start = Instant::now();
    let results: Vec<u64> = items.iter().map(|&x| trivial(x)).collect();
    Outcome::new(s.pool_items, start.elapsed(), check(s, &results))
}

/// rayon's `par_iter().map().collect()` on a 2-thread pool: the yardstick for our `Pool`.
pub(crate) fn rayon(s: &Sizes) -> Outcome {
    let items = items(s);
    let pool = super::two_worker_pool();
    let start = Instant::now();
    let results: Vec<u64> = pool.install(|| items.par_iter().map(|&x| trivial(x)).collect());
    Outcome::new(s.pool_items, start.elapsed(), check(s, &results))
}
