//! Notebook cells 3 and 4: two workers each raise a big random array to a power and average it.
//!
//! ```python
//! def mp_worker(power):
//!     d = np.random.randn(100000000)**power
//!     print("Raising random array to the {0}th power".format(power))
//!     return d.mean()
//!
//! data = [1, 2, 12, 15]
//! multiprocessing.Pool(2).map(mp_worker, data)
//! ```
//!
//! Run with `cargo run --release -p multiprocessing --example cell4 [LEN]` (LEN defaults to the
//! notebook's 100,000,000; each array then takes 800 MB, two at a time).

use multiprocessing::Pool;
use ndarray::Array1;
use ndarray_rand::RandomExt;
use ndarray_rand::rand_distr::StandardNormal;

// ANCHOR: worker
fn mp_worker(power: i32, len: usize) -> f64 {
    // `np.random.randn(len) ** power`: draw, then raise every element in place.
    let d = Array1::<f64>::random(len, StandardNormal).mapv_into(|x| x.powi(power));
    println!("Raising random array to the {power}th power");
    d.mean().expect("the array is not empty")
}
// ANCHOR_END: worker

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let len: usize = match std::env::args().nth(1) {
        Some(arg) => arg.parse()?,
        None => 100_000_000,
    };
    // ANCHOR: pool
    let data = [1, 2, 12, 15];
    let p = Pool::new(2)?;
    let means = p.map(|power| mp_worker(power, len), data)?;
    println!("{means:#?}");
    // E[Z] = 0, E[Z^2] = 1: loose sanity checks that hold for any reasonable length.
    assert!(means[0].abs() < 0.1 && (means[1] - 1.0).abs() < 0.1);
    // ANCHOR_END: pool
    Ok(())
}
