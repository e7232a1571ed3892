//! The notebook's Dask cells, in Rust.
//!
//! ```python
//! import dask.array as da
//! Y = da.random.normal(size=(1000, 1000), chunks=(100, 100))
//! Y                      # dask.array<da.rand..., shape=(1000, 1000), dtype=float64, chunksize=(100, 100)>
//! mu = Y.mean(axis=0)
//! mu                     # dask.array<mean_ag..., shape=(1000,), dtype=float64, chunksize=(100,)>
//! mu[0].compute()        # 0.00071773141474024626
//! mu = Y.mean().compute()
//! ```
//!
//! Run with `cargo run --release -p lazyarray --example dask_notebook`.

use lazyarray::random;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // ANCHOR: cell17
    let y = random::normal([1000, 1000], [100, 100])?;
    println!("Y = {y}");
    // ANCHOR_END: cell17

    // ANCHOR: cell18
    let mu = y.mean_axis(0)?;
    println!("mu = {mu}   (nothing computed yet)");
    // ANCHOR_END: cell18

    // ANCHOR: cell19
    let first = mu.at(0)?;
    let graph = first.graph();
    println!("mu[0] runs {}", graph.summary());
    println!("mu[0].compute() = {}", first.compute_scalar()?);
    // ANCHOR_END: cell19

    let all = y.mean();
    println!("Y.mean() runs {} tasks", all.graph().len());
    println!("Y.mean().compute() = {}", all.compute_scalar()?);
    Ok(())
}
