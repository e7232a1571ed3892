//! Random arrays whose values do not depend on the chunking.
//!
//! dask draws each chunk from its own generator, so the same seed gives different numbers once
//! you rechunk. Here the value at flat (row-major) position `i` depends only on the seed and
//! `i`: a counter-based generator (SplitMix64's output function applied to `seed + i·γ`) turns
//! each position into 64 uniform bits. A uniform uses them directly; a normal seeds a tiny
//! SplitMix64 stream with them and draws from it with rand_distr's ziggurat (`StandardNormal`),
//! which usually needs a single number. Any chunking, any number of workers, the same numbers:
//!
//! ```
//! use lazyarray::random::default_rng;
//! let a = default_rng(7).normal(0.0, 1.0, [30, 20], [7, 3]).unwrap().compute().unwrap();
//! let b = default_rng(7).normal(0.0, 1.0, [30, 20], [30, 20]).unwrap().compute().unwrap();
//! assert_eq!(a, b);
//! ```

use ndarray::{ArrayD, IxDyn};
use ndarray_rand::rand::RngCore;
use ndarray_rand::rand_distr::{Distribution, StandardNormal};

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

/// A SplitMix64 stream of its own for one position: the ziggurat below usually takes one
/// number from it, occasionally a few more (a rejection).
struct PositionRng {
    state: u64,
}

impl PositionRng {
    fn new(key: u64, i: u64) -> Self {
        // A pseudo-random start per position: the streams of two positions would have to land
        // within a few steps of each other to overlap (odds about 2^-60).
        PositionRng {
            state: bits(key, i),
        }
    }
}

impl RngCore for PositionRng {
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix(self.state)
    }
    fn fill_bytes(&mut self, dst: &mut [u8]) {
        for chunk in dst.chunks_mut(8) {
            let b = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&b[..chunk.len()]);
        }
    }
}

/// The standard normal at flat position `i` of stream `key`: rand_distr's ziggurat
/// (`StandardNormal`) drawing from the position's own stream.
fn normal_at(key: u64, i: u64) -> f64 {
    StandardNormal.sample(&mut PositionRng::new(key, i))
}

/// Fills `out` with the standard normals at flat positions `start..start + out.len()`.
fn fill_normal(key: u64, start: u64, out: &mut [f64]) {
    for (k, x) in out.iter_mut().enumerate() {
        *x = normal_at(key, start + k as u64);
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
    let len: usize = block.iter().product();
    let row = block.last().copied().unwrap_or(1);
    let mut data: Vec<f64> = Vec::with_capacity(len);
    if let Some(rows) = len.checked_div(row) {
        let outer = &block[..block.len().saturating_sub(1)];
        let mut global = offset.to_vec();
        for r in 0..rows {
            // Global index of this row's first element.
            let local = crate::chunks::unravel(r, outer);
            for (axis, l) in local.iter().enumerate() {
                global[axis] = offset[axis] + l;
            }
            let start = ravel(&global, shape) as u64;
            // Grow by one row (zeroed while it is in cache) and fill it: the block is never
            // zeroed as a whole, which would cost a pass over memory.
            let at = data.len();
            data.resize(at + row, 0.0);
            fill(start, &mut data[at..]);
        }
    }
    ArrayD::from_shape_vec(IxDyn(block), data).unwrap_or_else(|_| ArrayD::zeros(IxDyn(block)))
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
    fn runs_and_single_positions_agree() {
        let key = 12345;
        let mut all = vec![0.0; 11];
        fill_normal(key, 3, &mut all);
        for (k, &x) in all.iter().enumerate() {
            assert_eq!(x, normal_at(key, 3 + k as u64));
        }
        let mut later = vec![0.0; 5];
        fill_normal(key, 6, &mut later);
        assert_eq!(later[..], all[3..8]);
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
