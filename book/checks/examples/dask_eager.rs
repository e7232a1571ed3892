//! The notebook's dask cells (17–22) done eagerly with ndarray: the whole array is made at once,
//! in memory, and every step runs when it is written. This is what `lazyarray` improves on.
//!
//! ```python
//! Y = da.random.normal(size=(1000, 1000), chunks=(100, 100))
//! mu = Y.mean(axis=0)
//! mu[0].compute()
//! with ProgressBar():
//!     mu = Y.mean().compute()
//! ```
//!
//! Run: `cargo run --release -p book-checks --example dask_eager`

// ANCHOR: cell15
use ndarray::{Array2, Axis};
use ndarray_rand::RandomExt;
use ndarray_rand::rand_distr::StandardNormal;
// ANCHOR_END: cell15

fn main() {
    // ANCHOR: eager
    // ANCHOR: cell17
    // All 1,000,000 numbers are drawn now, into one 8 MB allocation.
    let y = Array2::<f64>::random((1000, 1000), StandardNormal);
    // ANCHOR_END: cell17
    // ANCHOR: cell18
    // The column means, computed now, all 1000 of them.
    let mu = y.mean_axis(Axis(0)).expect("axis 0 is not empty");
    // ANCHOR_END: cell18
    // ANCHOR: cell19
    // Element 0 was computed with the 999 others, though we wanted only it.
    println!("{}", mu[0]);
    // ANCHOR_END: cell19
    // ANCHOR: cell21
    let mean = y.mean().expect("the array is not empty");
    println!("{mean}");
    // ANCHOR_END: cell21
    // ANCHOR_END: eager
    assert_eq!(mu.len(), 1000);
    assert!(
        mean.abs() < 0.01,
        "a million standard normals average near 0"
    );
}

// `cargo test` runs this example (`test = true` in Cargo.toml): its assertions are checked.
#[test]
fn runs() {
    main();
}

// The page shows what `main` prints (`book/src/lazy/dask_eager.txt`), compared with every decimal
// masked: they are random.
book_checks::shows_output!(main(), "lazy/dask_eager.txt", Decimals);
