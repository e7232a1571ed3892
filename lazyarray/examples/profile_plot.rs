//! Draws where the time of the notebook's `Y.mean().compute()` went: one lane per worker, a bar
//! per task coloured by operation, and the process's CPU use and memory below (dask's
//! `visualize([prof, rprof])`).
//!
//! ```python
//! from dask.diagnostics import Profiler, ResourceProfiler, visualize
//! Y = da.random.normal(size=(1000, 1000), chunks=(100, 100))
//! with Profiler() as prof, ResourceProfiler(dt=0.02) as rprof:
//!     mu = Y.mean().compute()
//! visualize([prof, rprof])
//! ```
//!
//! `cargo run --release -p lazyarray --example profile_plot -- profile.svg` writes the SVG to the
//! path given (`profile.svg` without one) and prints a summary of what it drew.

use std::time::Duration;

use lazyarray::diagnostics::{Clock, Profiler, ResourceProfiler, visualize};
use lazyarray::random::default_rng;

// ANCHOR: profile_plot
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "profile.svg".into());
    let y = default_rng(0).normal(0.0, 1.0, [1000, 1000], [100, 100])?;

    // One clock for both, so task bars and resource samples share a time axis.
    let clock = Clock::system();
    let prof = Profiler::with_clock(clock.clone());
    let rprof = ResourceProfiler::new()
        .dt(Duration::from_millis(20))
        .clock(clock);
    let mu = {
        let _p = prof.register();
        let _r = rprof.register();
        y.mean().compute_scalar()?
    };

    std::fs::write(&path, visualize(&prof, Some(&rprof))?)?;
    let records = prof.results();
    let workers = records.iter().map(|r| r.worker).max().map_or(0, |w| w + 1);
    println!(
        "mu = {mu:.6}: {} tasks on {workers} workers, {} resource samples, drawn to {path}",
        records.len(),
        rprof.results().len()
    );
    Ok(())
}
// ANCHOR_END: profile_plot
