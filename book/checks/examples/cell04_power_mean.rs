//! The notebook's cells 3–4: the mean of `randn(n) ** power` for four powers, two at a time, with
//! ndarray and ndarray-rand on a rayon pool of two threads.
//!
//! ```python
//! def mp_worker(power):
//!     d = np.random.randn(100000000)**power
//!     print("Raising random array to the {0}th power".format(power))
//!     return d.mean()
//!
//! data = [1, 2, 12, 15]
//! ```
//!
//! Run: `cargo run --release -p book-checks --example cell04_power_mean [-- <n>]`. The default
//! `n` is 10,000,000; the notebook's 100,000,000 needs 800 MB per array, two arrays at a time.

use ndarray::Array1;
use ndarray_rand::RandomExt;
use ndarray_rand::rand_distr::StandardNormal;
use rayon::prelude::*;

// ANCHOR: worker
/// `np.random.randn(n) ** power`, then its mean.
fn mp_worker(power: i32, n: usize) -> f64 {
    let d = Array1::<f64>::random(n, StandardNormal).mapv_into(|x| x.powi(power));
    println!("Raising random array to the {power}th power");
    d.mean().expect("the array is not empty")
}
// ANCHOR_END: worker

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|arg| arg.parse().expect("n is a number of elements"))
        .unwrap_or(10_000_000);
    run(n);
}

/// The four powers' means, on a pool of two threads, for arrays of `n` numbers.
fn run(n: usize) {
    // ANCHOR: handler
    let data = [1, 2, 12, 15];
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("two threads can be started");
    let means: Vec<f64> = pool.install(|| data.par_iter().map(|&p| mp_worker(p, n)).collect());
    println!("{means:#?}");
    // ANCHOR_END: handler
    // E[x] = 0 and E[x²] = 1 for a standard normal x: loose checks that hold at any n ≥ 10⁴.
    assert!(means[0].abs() < 0.1 && (means[1] - 1.0).abs() < 0.1);
}

// `cargo test` runs this example's test (`test = true` in Cargo.toml), at a small size.
#[test]
fn runs_and_the_low_moments_are_right() {
    run(20_000);
}

// The page shows what a run on 1,000,000 numbers prints
// (`book/src/multiprocessing/cell04_power_mean.txt`), random means and all: the two threads
// print in either order, and the means are compared with every decimal masked.
book_checks::shows_output!(
    run(1_000_000),
    "multiprocessing/cell04_power_mean.txt",
    DecimalsAnyOrder
);
