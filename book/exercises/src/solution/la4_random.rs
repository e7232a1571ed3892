//! `da.random.normal(size=(1000, 1000), chunks=(100, 100))` seeds one generator per
//! chunk, so the same seed gives different numbers when you change the chunks. A
//! counter-based generator fixes that: element `i`'s value is a pure function of
//! `(seed, i)`, so any chunk can compute its own elements, in any order, on any
//! thread, and the array is the same however it is cut.
//!
//! `splitmix64` (a well-tested 64-bit mixing function) is given. You write the rest.

use ndarray::{Array2, s};
use rayon::prelude::*;

/// SplitMix64's output function: a bijection on `u64` that scrambles its input's
/// bits.
pub fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

// ANCHOR: solution
/// A uniform number in `[0, 1)` for element `index` of the stream `seed`: it depends
/// only on `(seed, index)`. Uses the top 53 bits of a 64-bit hash, the precision of
/// an `f64` mantissa.
pub fn uniform_at(seed: u64, index: u64) -> f64 {
    let bits = splitmix64(seed ^ splitmix64(index));
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal number for element `index` of the stream `seed` (Box–Muller,
/// from the uniforms at `2 * index` and `2 * index + 1`).
pub fn normal_at(seed: u64, index: u64) -> f64 {
    // `1 - u` lies in (0, 1], so the logarithm is finite.
    let u1 = 1.0 - uniform_at(seed, 2 * index);
    let u2 = uniform_at(seed, 2 * index + 1);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// One block of a `shape` array of standard normal numbers: `rows × cols` elements
/// starting at `(row0, col0)`. Element `(r, c)` is `normal_at(seed, r * shape.1 + c)`
/// (its row-major index in the whole array), so it does not depend on the block it is
/// in.
pub fn normal_block(
    seed: u64,
    shape: (usize, usize),
    (row0, col0): (usize, usize),
    (rows, cols): (usize, usize),
) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |(r, c)| {
        let index = (row0 + r) * shape.1 + (col0 + c);
        normal_at(seed, index as u64)
    })
}

/// The whole `shape` array, computed block by block (`chunks` elements per block, the
/// last ones smaller), the blocks in parallel on rayon's pool.
///
/// **Panics** if a chunk size is 0.
pub fn normal_chunked(
    seed: u64,
    shape: (usize, usize),
    chunks: (usize, usize),
) -> Array2<f64> {
    assert!(chunks.0 > 0 && chunks.1 > 0, "chunk sizes must be positive");
    let origins: Vec<(usize, usize)> = (0..shape.0)
        .step_by(chunks.0)
        .flat_map(|r| (0..shape.1).step_by(chunks.1).map(move |c| (r, c)))
        .collect();
    let blocks: Vec<((usize, usize), Array2<f64>)> = origins
        .into_par_iter()
        .map(|(r, c)| {
            let size = (chunks.0.min(shape.0 - r), chunks.1.min(shape.1 - c));
            ((r, c), normal_block(seed, shape, (r, c), size))
        })
        .collect();
    let mut out = Array2::zeros(shape);
    for ((r, c), block) in blocks {
        let (rows, cols) = block.dim();
        out.slice_mut(s![r..r + rows, c..c + cols]).assign(&block);
    }
    out
}
// ANCHOR_END: solution
