//! `normal(shape, chunks).mean()`: lazyarray vs eager ndarray vs a hand-written rayon loop.
//!
//! ```python
//! Y = da.random.normal(size=(1000, 1000), chunks=(100, 100))
//! Y.mean().compute()
//! ```
//!
//! Run with `cargo bench -p lazyarray --bench mean`. It first prints a table of wall time and
//! peak heap (a counting global allocator, reset before each run) for every variant at both
//! sizes, then criterion's timings. The three variants compute the same statistic; lazyarray
//! and the rayon loop draw the very same numbers (the same counter-based generator) and are
//! checked to agree.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use lazyarray::random::{default_rng, fill_standard_normal};
use ndarray::Array2;
use ndarray_rand::RandomExt;
use ndarray_rand::rand::SeedableRng;
use ndarray_rand::rand::rngs::SmallRng;
use ndarray_rand::rand_distr::StandardNormal;
use rayon::prelude::*;

#[path = "../tests/common/counting.rs"]
mod counting;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

const SEED: u64 = 2024;

/// lazyarray: the notebook's code.
fn lazy(n: usize, chunk: usize) -> f64 {
    let y = default_rng(SEED)
        .normal(0.0, 1.0, [n, n], [chunk, chunk])
        .unwrap();
    y.mean().compute_scalar().unwrap()
}

/// Eager ndarray: the whole array in memory (one thread: ndarray-rand draws sequentially).
fn eager(n: usize) -> f64 {
    let mut rng = SmallRng::seed_from_u64(SEED);
    let y = Array2::<f64>::random_using((n, n), StandardNormal, &mut rng);
    y.mean().unwrap()
}

/// The limit: a rayon loop over rows with one reused buffer per thread, the same generator.
fn rayon_loop(n: usize) -> f64 {
    let sum: f64 = (0..n)
        .into_par_iter()
        .map_init(
            || vec![0.0; n],
            |row, r| {
                fill_standard_normal(SEED, (r * n) as u64, row);
                row.iter().sum::<f64>()
            },
        )
        .sum();
    sum / (n * n) as f64
}

/// Runs `f` once; returns its result, wall time and peak heap above the starting point.
fn measure(f: impl FnOnce() -> f64) -> (f64, Duration, usize) {
    let base = counting::reset_peak();
    let t = Instant::now();
    let v = black_box(f());
    let elapsed = t.elapsed();
    (v, elapsed, counting::peak() - base)
}

fn memory_table() {
    println!("threads: {}", rayon::current_num_threads());
    println!(
        "{:<34} {:>10} {:>14} {:>12}",
        "variant", "time", "peak heap", "mean"
    );
    for (n, chunk) in [(1000, 100), (20_000, 1000)] {
        let l = measure(|| lazy(n, chunk));
        let r = measure(|| rayon_loop(n));
        let e = measure(|| eager(n));
        // Same numbers, summed in another order.
        assert!((l.0 - r.0).abs() < 1e-12, "{} vs {}", l.0, r.0);
        for (name, (v, t, peak)) in [("lazyarray", l), ("rayon loop", r), ("eager ndarray", e)] {
            println!(
                "{:<34} {:>9.3}s {:>11.1} MB {:>12.2e}",
                format!("{name} {n}x{n} ({chunk}x{chunk})"),
                t.as_secs_f64(),
                peak as f64 / 1e6,
                v
            );
        }
        println!(
            "ratios {n}x{n}: lazyarray/rayon time {:.2}, lazyarray/eager time {:.2}, lazyarray/eager peak {:.4}",
            l.1.as_secs_f64() / r.1.as_secs_f64(),
            l.1.as_secs_f64() / e.1.as_secs_f64(),
            l.2 as f64 / e.2 as f64
        );
    }
}

fn bench_1000(c: &mut Criterion) {
    let mut g = c.benchmark_group("mean 1000x1000 (100x100)");
    g.warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("lazyarray", |b| b.iter(|| lazy(1000, 100)));
    g.bench_function("rayon loop", |b| b.iter(|| rayon_loop(1000)));
    g.bench_function("eager ndarray", |b| b.iter(|| eager(1000)));
    g.finish();
}

fn bench_20000(c: &mut Criterion) {
    let mut g = c.benchmark_group("mean 20000x20000 (1000x1000)");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("lazyarray", |b| b.iter(|| lazy(20_000, 1000)));
    g.bench_function("rayon loop", |b| b.iter(|| rayon_loop(20_000)));
    g.finish();
}

criterion_group!(benches, bench_1000, bench_20000);

fn main() {
    // `cargo test --benches` runs this binary in test mode: skip the big, slow table there.
    let test_mode = std::env::args().any(|a| a == "--test");
    if !test_mode {
        memory_table();
        // `LAZYARRAY_TABLE_ONLY=1 cargo bench -p lazyarray --bench mean`: the table, no criterion.
        if std::env::var_os("LAZYARRAY_TABLE_ONLY").is_some() {
            return;
        }
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
