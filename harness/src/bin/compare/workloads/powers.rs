//! Notebook cell 4: the mean of `randn(n) ** power` for power in 1, 2, 12, 15, on two workers.
//!
//! numpy must hold the array (800 MB at the notebook's size) and then its power (another
//! 800 MB). Rust can stream: draw a number, raise it, add it, keep nothing. Both versions are
//! here, so the table shows what streaming buys in time and in memory.
//!
//! Every Rust row draws from rand's `SmallRng` (Xoshiro256++) through rand_distr's ziggurat
//! `StandardNormal`; numpy's legacy `randn` uses MT19937 and the polar method, which is slower.

use std::time::Instant;

use ndarray::Array1;
use ndarray_rand::RandomExt;
use ndarray_rand::rand::rngs::SmallRng;
use ndarray_rand::rand::{Rng, SeedableRng};
use ndarray_rand::rand_distr::StandardNormal;
use rayon::prelude::*;

use super::{Outcome, Sizes};

/// The notebook's powers.
pub(crate) const POWERS: [i32; 4] = [1, 2, 12, 15];

/// Streaming: the mean of `n` standard normals raised to `power`, holding none of them.
/// Sums go through a block of 4096 terms first, so rounding error grows with the number of
/// blocks, not of terms.
pub(crate) fn streamed_mean(power: i32, n: usize, seed: u64) -> f64 {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut total = 0.0;
    let mut remaining = n;
    while remaining > 0 {
        let block = remaining.min(4096);
        let mut block_sum = 0.0;
        for _ in 0..block {
            let x: f64 = rng.sample(StandardNormal);
            block_sum += x.powi(power);
        }
        total += block_sum;
        remaining -= block;
    }
    total / n as f64
}

/// Eager, like numpy: the whole array, then a second array of its powers, then the mean.
pub(crate) fn eager_mean(power: i32, n: usize, seed: u64) -> f64 {
    let mut rng = SmallRng::seed_from_u64(seed);
    let d = Array1::<f64>::random_using(n, StandardNormal, &mut rng);
    let raised = d.mapv(|x| x.powi(power));
    raised.mean().unwrap_or(f64::NAN)
}

/// The check both sides make: the mean for power 2 is within six standard deviations
/// (`sqrt(2 / n)` each) of 1. Returns the outcome with that mean as its value.
pub(crate) fn outcome(s: &Sizes, elapsed: std::time::Duration, means: &[f64]) -> Outcome {
    let n = s.powers_len;
    let square = means.get(1).copied().unwrap_or(f64::NAN);
    let ok = means.len() == POWERS.len() && (square - 1.0).abs() < 6.0 * (2.0 / n as f64).sqrt();
    Outcome::new(n, elapsed, ok).with_value(square)
}

fn on_two_workers(s: &Sizes, mean: fn(i32, usize, u64) -> f64) -> Outcome {
    let pool = super::two_worker_pool();
    let n = s.powers_len;
    let start = Instant::now();
    let means: Vec<f64> = pool.install(|| {
        POWERS
            .par_iter()
            .map(|&p| mean(p, n, 1000 + p as u64))
            .collect()
    });
    outcome(s, start.elapsed(), &means)
}

/// Streaming on a 2-thread rayon pool.
pub(crate) fn rayon_stream(s: &Sizes) -> Outcome {
    on_two_workers(s, streamed_mean)
}

/// Eager ndarray (numpy's memory profile) on a 2-thread rayon pool.
pub(crate) fn rayon_eager(s: &Sizes) -> Outcome {
    on_two_workers(s, eager_mean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_and_eager_agree_on_the_same_numbers() {
        for power in POWERS {
            let (a, b) = (
                streamed_mean(power, 10_000, 7),
                eager_mean(power, 10_000, 7),
            );
            assert!(
                (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                "power {power}: {a} vs {b}"
            );
        }
    }
}
