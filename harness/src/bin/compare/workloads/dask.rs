//! Dask: the mean of normal random numbers. The notebook's 1000×1000 in 100×100 chunks, and a
//! 20000×20000 array (3.2 GB if held) in 1000×1000 chunks.
//!
//! Two Rust yardsticks for lazyarray: eager ndarray (`Array2::random_using` then `mean`, what
//! numpy does, holding everything) and a hand-written rayon loop over the chunks that draws and
//! sums without storing anything (the limit a lazy array can approach).

use std::time::Instant;

use ndarray::Array2;
use ndarray_rand::RandomExt;
use ndarray_rand::rand::rngs::SmallRng;
use ndarray_rand::rand::{Rng, SeedableRng};
use ndarray_rand::rand_distr::StandardNormal;
use rayon::prelude::*;

use super::{Outcome, Sizes};

/// The size string both sides print: `side x side / chunk`.
pub(crate) fn size((side, chunk): (usize, usize)) -> String {
    format!("{side}x{side}/{chunk}")
}

/// The check both sides make: the mean of `side²` standard normals is within six standard
/// deviations (`1 / side`) of 0.
pub(crate) fn outcome(shape: (usize, usize), elapsed: std::time::Duration, mean: f64) -> Outcome {
    let ok = mean.abs() < 6.0 / shape.0 as f64;
    Outcome::new(size(shape), elapsed, ok).with_value(mean)
}

fn eager((side, _): (usize, usize)) -> f64 {
    let mut rng = SmallRng::seed_from_u64(17);
    let y = Array2::<f64>::random_using((side, side), StandardNormal, &mut rng);
    y.mean().unwrap_or(f64::NAN)
}

/// One chunk at a time on a 2-thread pool: each chunk draws from its own generator (seeded by
/// the chunk's index) and sums as it draws; the chunk sums are added at the end.
fn chunked(pool: &rayon::ThreadPool, (side, chunk): (usize, usize)) -> f64 {
    let per_axis = side.div_ceil(chunk);
    let extent = |i: usize| chunk.min(side - i * chunk);
    let total: f64 = pool.install(|| {
        (0..per_axis * per_axis)
            .into_par_iter()
            .map(|index| {
                let len = extent(index / per_axis) * extent(index % per_axis);
                let mut rng = SmallRng::seed_from_u64(
                    17 ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
                );
                (0..len)
                    .map(|_| rng.sample::<f64, _>(StandardNormal))
                    .sum::<f64>()
            })
            .sum()
    });
    total / (side * side) as f64
}

/// Times `mean` over an array of this shape and checks the result.
pub(crate) fn timed(shape: (usize, usize), mean: impl FnOnce((usize, usize)) -> f64) -> Outcome {
    let start = Instant::now();
    let mu = mean(shape);
    outcome(shape, start.elapsed(), mu)
}

/// The notebook's array, eagerly with ndarray (one thread, like numpy).
pub(crate) fn small_ndarray(s: &Sizes) -> Outcome {
    timed(s.dask_small, eager)
}

/// The notebook's array, chunk by chunk with rayon on two threads.
pub(crate) fn small_rayon(s: &Sizes) -> Outcome {
    let pool = super::two_worker_pool();
    timed(s.dask_small, |shape| chunked(&pool, shape))
}

/// The large array, eagerly with ndarray: holds all of it.
pub(crate) fn large_ndarray(s: &Sizes) -> Outcome {
    timed(s.dask_large, eager)
}

/// The large array, chunk by chunk with rayon on two threads: holds none of it.
pub(crate) fn large_rayon(s: &Sizes) -> Outcome {
    let pool = super::two_worker_pool();
    timed(s.dask_large, |shape| chunked(&pool, shape))
}
