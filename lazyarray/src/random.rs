//! Random arrays whose values do not depend on the chunking.
//!
//! dask draws each chunk from its own generator, so the same seed gives different numbers once
//! you rechunk. Here the value at flat (row-major) position `i` depends only on the seed and
//! `i`: a counter-based generator (SplitMix64's output function applied to `seed + i·γ`) turns
//! each position into uniform bits, and Box–Muller turns each pair of positions `(2k, 2k+1)`
//! into two normals. Any chunking, any number of workers, the same numbers:
//!
//! ```
//! use lazyarray::random::default_rng;
//! let a = default_rng(7).normal(0.0, 1.0, [30, 20], [7, 3]).unwrap().compute().unwrap();
//! let b = default_rng(7).normal(0.0, 1.0, [30, 20], [30, 20]).unwrap().compute().unwrap();
//! assert_eq!(a, b);
//! ```

use ndarray::{ArrayD, IxDyn};

use crate::array::Array;
use crate::chunks::{ChunkSpec, ravel};
use crate::creation::from_block_fn;
use crate::error::ChunkError;

const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: a bijective mixer with good avalanche.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `i`-th 64 random bits of stream `key`.
fn bits(key: u64, i: u64) -> u64 {
    mix(key.wrapping_add(i.wrapping_add(1).wrapping_mul(GAMMA)))
}

/// A uniform in `[0, 1)` with 53 random bits.
fn unit(b: u64) -> f64 {
    (b >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// The standard normal at flat position `i` of stream `key` (Box–Muller on the pair
/// containing `i`).
fn normal_at(key: u64, i: u64) -> f64 {
    let pair = i / 2;
    // 1 - u is in (0, 1], so the logarithm is finite.
    let u1 = 1.0 - unit(bits(key, 2 * pair));
    let u2 = unit(bits(key, 2 * pair + 1));
    let r = (-2.0 * u1.ln()).sqrt();
    let theta = std::f64::consts::TAU * u2;
    if i % 2 == 0 { r * theta.cos() } else { r * theta.sin() }
}

/// Fills `out` with the standard normals at flat positions `start..start + out.len()`,
/// computing each Box–Muller pair once.
fn fill_normal(key: u64, start: u64, out: &mut [f64]) {
    let mut i = 0;
    let n = out.len();
    if n > 0 && start % 2 == 1 {
        out[0] = normal_at(key, start);
        i = 1;
    }
    while i + 1 < n {
        let pair = (start + i as u64) / 2;
        let u1 = 1.0 - unit(bits(key, 2 * pair));
        let u2 = unit(bits(key, 2 * pair + 1));
        let r = (-2.0 * u1.ln()).sqrt();
        let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
        out[i] = r * c;
        out[i + 1] = r * s;
        i += 2;
    }
    if i < n {
        out[i] = normal_at(key, start + i as u64);
    }
}

/// A block of an array of `shape`, at `offset`, whose element at global flat position `i` is
/// `fill(i..)`: each row of the block (the last axis) is one contiguous run of positions.
fn block_by_runs(
    shape: &[usize],
    offset: &[usize],
    block: &[usize],
    fill: impl Fn(u64, &mut [f64]),
) -> ArrayD<f64> {
    let mut out = ArrayD::<f64>::zeros(IxDyn(block));
    if block.is_empty() {
        // A 0-d array: one element at position 0.
        if let Some(x) = out.first_mut() {
            fill(0, std::slice::from_mut(x));
        }
        return out;
    }
    let row = *block.last().unwrap_or(&0);
    if row == 0 || out.is_empty() {
        return out;
    }
    let slice = out.as_slice_mut().expect("a fresh array is contiguous");
    let outer = &block[..block.len() - 1];
    let rows: usize = outer.iter().product();
    let mut global = offset.to_vec();
    for r in 0..rows {
        // Global index of this row's first element.
        let local = crate::chunks::unravel(r, outer);
        for (axis, l) in local.iter().enumerate() {
            global[axis] = offset[axis] + l;
        }
        let start = ravel(&global, shape) as u64;
        fill(start, &mut slice[r * row..(r + 1) * row]);
    }
    out
}

/// Makes random arrays from one seed, like dask's `da.random.default_rng(seed)`.
///
/// Each call draws a new stream, so two arrays from one generator differ; the same seed and
/// the same sequence of calls give the same arrays.
#[derive(Debug, Clone)]
pub struct Generator {
    seed: u64,
    calls: u64,
}

/// A generator with a fixed seed.
pub fn default_rng(seed: u64) -> Generator {
    Generator { seed, calls: 0 }
}

impl Generator {
    /// A generator seeded from the operating system, like NumPy without a seed.
    pub fn from_entropy() -> Generator {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        default_rng(h.finish())
    }

    fn next_key(&mut self) -> u64 {
        let key = mix(self.seed ^ mix(self.calls.wrapping_add(GAMMA)));
        self.calls += 1;
        key
    }

    /// Normal numbers with mean `loc` and standard deviation `scale`.
    ///
    /// # Errors
    /// [`ChunkError`] for chunks that do not fit, or a negative or non-finite `scale`.
    pub fn normal(
        &mut self,
        loc: f64,
        scale: f64,
        shape: impl AsRef<[usize]>,
        chunks: impl Into<ChunkSpec>,
    ) -> Result<Array<f64>, ChunkError> {
        if !(scale >= 0.0 && scale.is_finite() && loc.is_finite()) {
            return Err(ChunkError::InvalidArgument(format!(
                "normal(loc={loc}, scale={scale}) needs a finite loc and scale >= 0"
            )));
        }
        let key = self.next_key();
        let shape = shape.as_ref().to_vec();
        let global = shape.clone();
        from_block_fn("normal", &shape, &chunks.into(), move |offset, block| {
            Ok(block_by_runs(&global, offset, block, |start, out| {
                fill_normal(key, start, out);
                if loc != 0.0 || scale != 1.0 {
                    out.iter_mut().for_each(|x| *x = loc + scale * *x);
                }
            }))
        })
    }

    /// Standard normal numbers (mean 0, standard deviation 1).
    ///
    /// # Errors
    /// [`ChunkError`] for chunks that do not fit.
    pub fn standard_normal(
        &mut self,
        shape: impl AsRef<[usize]>,
        chunks: impl Into<ChunkSpec>,
    ) -> Result<Array<f64>, ChunkError> {
        self.normal(0.0, 1.0, shape, chunks)
    }

    /// Uniform numbers in `[low, high)`.
    ///
    /// # Errors
    /// [`ChunkError`] for chunks that do not fit, or `low > high`, or a non-finite bound.
    pub fn uniform(
        &mut self,
        low: f64,
        high: f64,
        shape: impl AsRef<[usize]>,
        chunks: impl Into<ChunkSpec>,
    ) -> Result<Array<f64>, ChunkError> {
        if !(low <= high && low.is_finite() && high.is_finite()) {
            return Err(ChunkError::InvalidArgument(format!(
                "uniform(low={low}, high={high}) needs finite bounds with low <= high"
            )));
        }
        let key = self.next_key();
        let shape = shape.as_ref().to_vec();
        let global = shape.clone();
        from_block_fn("uniform", &shape, &chunks.into(), move |offset, block| {
            Ok(block_by_runs(&global, offset, block, |start, out| {
                for (k, x) in out.iter_mut().enumerate() {
                    *x = low + (high - low) * unit(bits(key, start + k as u64));
                }
            }))
        })
    }
}

/// Standard normal numbers from a fresh OS seed (dask's `da.random.normal(size=..., chunks=...)`).
///
/// ```
/// let y = lazyarray::random::normal([1000, 1000], [100, 100]).unwrap();
/// assert_eq!(
///     y.to_string(),
///     "lazyarray<normal, shape=(1000, 1000), dtype=float64, chunksize=(100, 100)>"
/// );
/// ```
///
/// # Errors
/// [`ChunkError`] for chunks that do not fit.
pub fn normal(
    shape: impl AsRef<[usize]>,
    chunks: impl Into<ChunkSpec>,
) -> Result<Array<f64>, ChunkError> {
    Generator::from_entropy().standard_normal(shape, chunks)
}

/// Uniform numbers in `[0, 1)` from a fresh OS seed.
///
/// # Errors
/// [`ChunkError`] for chunks that do not fit.
pub fn uniform(
    shape: impl AsRef<[usize]>,
    chunks: impl Into<ChunkSpec>,
) -> Result<Array<f64>, ChunkError> {
    Generator::from_entropy().uniform(0.0, 1.0, shape, chunks)
}

/// The standard normal at flat position `i` of a one-off `normal` array with this key: exposed
/// for the benchmarks' hand-written loop, which must draw the very same numbers.
#[doc(hidden)]
pub fn fill_standard_normal(seed: u64, start: u64, out: &mut [f64]) {
    let key = default_rng(seed).next_key();
    fill_normal(key, start, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_and_singles_agree() {
        let key = 12345;
        let mut all = vec![0.0; 11];
        fill_normal(key, 3, &mut all);
        for (k, &x) in all.iter().enumerate() {
            assert_eq!(x, normal_at(key, 3 + k as u64));
        }
    }

    #[test]
    fn moments_look_normal() {
        let mut xs = vec![0.0; 200_000];
        fill_normal(99, 0, &mut xs);
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        // 5 standard errors: sd(mean) = 1/sqrt(n), sd(var) = sqrt(2/n).
        assert!(mean.abs() < 5.0 / n.sqrt(), "{mean}");
        assert!((var - 1.0).abs() < 5.0 * (2.0 / n).sqrt(), "{var}");
    }
}
