//! Random numbers that do not change when you rechunk (dask's do).
//!
//! ```python
//! x = da.random.default_rng(42).normal(size=(6, 6), chunks=(3, 3))
//! y = da.random.default_rng(42).normal(size=(6, 6), chunks=(2, 6))
//! (x == y).all().compute()   # False in dask: each chunk has its own generator
//! ```
//!
//! Run with `cargo run -p lazyarray --example chunk_invariance`.

use lazyarray::{ComputeOptions, random::default_rng};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let x = default_rng(42)
        .normal(0.0, 1.0, [6, 6], [3, 3])?
        .compute()?;
    let y = default_rng(42)
        .normal(0.0, 1.0, [6, 6], [2, 6])?
        .compute_with(&ComputeOptions::new().workers(3))?;
    println!("chunks (3, 3), default workers:\n{x:.3}");
    println!("chunks (2, 6), 3 workers:\n{y:.3}");
    assert_eq!(x, y);
    println!("identical: the value at each position depends only on the seed and the position");
    Ok(())
}
