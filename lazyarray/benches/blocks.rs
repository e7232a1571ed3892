//! The cost per task as the number of blocks along an axis grows:
//! `ones([k], 1).rechunk(2).sum()` for k from 10,000 to 1,000,000 blocks.
//!
//! ```python
//! da.ones(k, chunks=1).rechunk(2).sum().compute()
//! ```
//!
//! Each criterion figure is the time of one compute divided by its number of tasks, so the
//! figures for every `k` are directly comparable: the per-task cost stays flat when nothing
//! a task does (finding its block's offset, its inputs, its key) grows with the number of
//! blocks. Run with `cargo bench -p lazyarray --bench blocks`.

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lazyarray::ones;

const BLOCKS: [usize; 3] = [10_000, 100_000, 1_000_000];

fn per_task(c: &mut Criterion) {
    let mut group = c.benchmark_group("time_per_task");
    group.sample_size(10);
    for k in BLOCKS {
        let tasks = ones([k], 1)
            .unwrap()
            .rechunk(2)
            .unwrap()
            .sum()
            .graph()
            .len();
        group.bench_function(BenchmarkId::new("blocks", k), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    // Building the graph is part of the cost, as in dask.
                    let start = Instant::now();
                    let x = ones([k], 1).unwrap().rechunk(2).unwrap().sum();
                    let s = x.compute_scalar().unwrap();
                    total += start.elapsed();
                    assert_eq!(s, k as f64);
                }
                // The time per task, so that every k reads on one scale.
                total / u32::try_from(tasks).unwrap_or(u32::MAX)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, per_task);
criterion_main!(benches);
