//! The mean of an array bigger than you would want in memory, in a few chunks' worth of it.
//!
//! ```python
//! Y = da.random.normal(size=(20000, 20000), chunks=(1000, 1000))   # 3.2 GB as float64
//! Y.mean().compute()
//! ```
//!
//! Run with `cargo run --release -p lazyarray --example big_mean` (a few seconds on 2 cores).
//! It prints the process's peak resident memory (Linux's `VmHWM`), which stays far below the
//! array's size because each chunk is dropped as soon as its partial mean is taken.

use std::time::Instant;

use lazyarray::random::default_rng;

/// Peak resident set size in MB, from `/proc/self/status` (Linux only).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

// ANCHOR: main
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let y = default_rng(0).normal(0.0, 1.0, [20_000, 20_000], [1000, 1000])?;
    println!(
        "{y}: {:.1} GB if it were in memory",
        y.nbytes() as f64 / 1e9
    );
    let start = Instant::now();
    let mean = y.mean().compute_scalar()?;
    println!("mean = {mean:.3e} in {:.2?}", start.elapsed());
    match peak_rss_mb() {
        Some(mb) => println!("peak resident memory of this process: {mb:.0} MB"),
        None => println!("peak resident memory: not available on this platform"),
    }
    Ok(())
}
// ANCHOR_END: main
