//! Random numbers that ignore the chunks. The task, its tests and hints:
//! `book/src/exercises/la4_random.md`.

use ndarray::{Array2, s};
use rayon::prelude::*;

// ANCHOR: given
/// SplitMix64's output function: a bijection on `u64` that scrambles its input's
/// bits.
pub fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
// ANCHOR_END: given

// ANCHOR: task
/// A uniform number in `[0, 1)` for element `index` of the stream `seed`: it depends
/// only on `(seed, index)`. Uses the top 53 bits of a 64-bit hash, the precision of
/// an `f64` mantissa.
pub fn uniform_at(seed: u64, index: u64) -> f64 {
    todo!()
}

/// A standard normal number for element `index` of the stream `seed` (Box–Muller,
/// from the uniforms at `2 * index` and `2 * index + 1`):
/// `sqrt(-2 ln u1) * cos(2π u2)`.
///
/// Careful: `ln(0)` is `-inf`. Which of `u` and `1 - u` can be 0?
pub fn normal_at(seed: u64, index: u64) -> f64 {
    todo!()
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
    todo!()
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
    todo!()
}
// ANCHOR_END: task
