//! Writes the task graph of the notebook's `mu[0]` as Graphviz DOT (dask's `visualize()`).
//!
//! ```python
//! Y = da.random.normal(size=(1000, 1000), chunks=(100, 100))
//! mu = Y.mean(axis=0)
//! mu[0].visualize()
//! ```
//!
//! `cargo run -p lazyarray --example diagnostics_dot > mu0.dot && dot -Tsvg mu0.dot -o mu0.svg`
//! (`dot` is Graphviz's). The graph is culled: only the first column of blocks is computed.

use lazyarray::diagnostics::to_dot;
use lazyarray::random::default_rng;

// ANCHOR: dot
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let y = default_rng(0).normal(0.0, 1.0, [1000, 1000], [100, 100])?;
    let mu = y.mean_axis(0)?;
    let first = mu.at(0)?;
    let graph = first.graph();
    eprintln!("{}", graph.summary());
    print!("{}", to_dot(&graph));
    Ok(())
}
// ANCHOR_END: dot
