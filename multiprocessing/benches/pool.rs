//! Benchmarks, side by side in one run: `cargo bench -p multiprocessing`.
//!
//! - `map_1m`: `Pool::map` (and `Pool::map_slice`) of a trivial function over 1,000,000 items
//!   vs rayon's `par_iter().map().collect()` vs a sequential loop.
//! - `map_after`: `Pool::map` of a trivial function over 1,000,000 owned `u64` right after a
//!   map of 0, 10, 1,000, 10,000 or 100,000 items on the same pool, vs rayon's
//!   `into_par_iter().map().collect()` after the same earlier map: a map's time must not
//!   depend on the maps before it.
//! - `cell2_sleep`: the notebook's sleeping `mp_worker` on `Pool(2)`; the schedule's minimum is
//!   1.9 s (the data's sleeps split over two workers).
//! - `cell4_powers`: the notebook's random-array workload (at 4,000,000 numbers per power) on
//!   `Pool(2)` and `ProcessPool` with 2 workers vs one core.
//! - `process_overhead`: 1,000 tiny tasks on a `ProcessPool` vs the thread `Pool`: what
//!   sending every task through a pipe as JSON costs.
//!
//! Every pair first checks that both sides compute the same answer.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group};
use multiprocessing::{Pool, ProcessPool};
use ndarray::Array1;
use ndarray_rand::RandomExt;
use ndarray_rand::rand::SeedableRng;
use ndarray_rand::rand::rngs::SmallRng;
use ndarray_rand::rand_distr::StandardNormal;
use rayon::prelude::*;

fn trivial(x: &u64) -> u64 {
    x.wrapping_mul(2_654_435_761) ^ 7
}

fn map_1m(c: &mut Criterion) {
    let data: Vec<u64> = (0..1_000_000).collect();
    let pool = Pool::new(2).unwrap();
    let sequential: Vec<u64> = data.iter().map(trivial).collect();
    assert_eq!(pool.map(trivial, &data).unwrap(), sequential);
    assert_eq!(pool.map_slice(trivial, &data).unwrap(), sequential);
    assert_eq!(data.par_iter().map(trivial).collect::<Vec<_>>(), sequential);

    let mut group = c.benchmark_group("map_1m");
    group.bench_function("sequential", |b| {
        b.iter(|| black_box(&data).iter().map(trivial).collect::<Vec<_>>())
    });
    group.bench_function("rayon_par_iter", |b| {
        b.iter(|| black_box(&data).par_iter().map(trivial).collect::<Vec<_>>())
    });
    group.bench_function("pool_map", |b| {
        b.iter(|| pool.map(trivial, black_box(&data)).unwrap())
    });
    group.bench_function("pool_map_slice", |b| {
        b.iter(|| pool.map_slice(trivial, black_box(&data)).unwrap())
    });
    group.finish();
}

fn owned_trivial(x: u64) -> u64 {
    trivial(&x)
}

/// The sizes of the map run just before each timed one.
const EARLIER: [usize; 5] = [0, 10, 1_000, 10_000, 100_000];

fn map_after(c: &mut Criterion) {
    let data: Vec<u64> = (0..1_000_000).collect();
    let sequential: Vec<u64> = data.iter().map(trivial).collect();
    let pool = Pool::new(2).unwrap();
    assert_eq!(pool.map(owned_trivial, data.clone()).unwrap(), sequential);

    let mut group = c.benchmark_group("map_after");
    for earlier in EARLIER {
        let small: Vec<u64> = (0..earlier as u64).collect();
        // Each sample: the earlier map and a fresh copy of the input, untimed, then the
        // timed map.
        group.bench_function(BenchmarkId::new("multiprocessing", earlier), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    black_box(pool.map(owned_trivial, small.clone()).unwrap());
                    let input = data.clone();
                    let start = std::time::Instant::now();
                    black_box(pool.map(owned_trivial, input).unwrap());
                    total += start.elapsed();
                }
                total
            })
        });
        group.bench_function(BenchmarkId::new("rayon", earlier), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let earlier: Vec<u64> =
                        small.clone().into_par_iter().map(owned_trivial).collect();
                    black_box(earlier);
                    let input = data.clone();
                    let start = std::time::Instant::now();
                    let out: Vec<u64> = input.into_par_iter().map(owned_trivial).collect();
                    black_box(out);
                    total += start.elapsed();
                }
                total
            })
        });
    }
    group.finish();
}

const SLEEP_DATA: [(&str, f64); 8] = [
    ("a", 0.2),
    ("b", 0.4),
    ("c", 0.6),
    ("d", 0.8),
    ("e", 0.1),
    ("f", 0.3),
    ("g", 0.5),
    ("h", 0.7),
];

fn cell2_sleep(c: &mut Criterion) {
    let pool = Pool::new(2).unwrap();
    let mut group = c.benchmark_group("cell2_sleep");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.bench_function("pool2_map", |b| {
        b.iter(|| {
            pool.map(
                |(name, secs): (&str, f64)| {
                    std::thread::sleep(Duration::from_secs_f64(secs));
                    format!("{name}{name}")
                },
                SLEEP_DATA,
            )
            .unwrap()
        })
    });
    group.finish();
}

fn power_mean(power: i32, len: usize) -> f64 {
    let mut rng = SmallRng::seed_from_u64(power as u64);
    Array1::<f64>::random_using(len, StandardNormal, &mut rng)
        .mapv_into(|x| x.powi(power))
        .mean()
        .unwrap()
}

const CELL4_LEN: usize = 4_000_000;

/// The cell-4 task as a plain `fn`, as a `ProcessPool` needs.
fn cell4_task(power: i32) -> f64 {
    power_mean(power, CELL4_LEN)
}

fn cell4_powers(c: &mut Criterion) {
    const LEN: usize = CELL4_LEN;
    let powers = [1, 2, 12, 15];
    let pool = Pool::new(2).unwrap();
    let processes = ProcessPool::new(2).unwrap();
    let one_core: Vec<f64> = powers.iter().map(|&p| power_mean(p, LEN)).collect();
    assert_eq!(pool.map(|p| power_mean(p, LEN), powers).unwrap(), one_core);
    assert_eq!(processes.map(cell4_task, powers).unwrap(), one_core);

    let mut group = c.benchmark_group("cell4_powers");
    group.sample_size(10);
    group.bench_function("one_core", |b| {
        b.iter(|| {
            powers
                .iter()
                .map(|&p| power_mean(p, LEN))
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("pool2_map", |b| {
        b.iter(|| pool.map(|p| power_mean(p, LEN), powers).unwrap())
    });
    group.bench_function("process_pool2_map", |b| {
        b.iter(|| processes.map(cell4_task, powers).unwrap())
    });
    group.finish();
}

fn square(x: u64) -> u64 {
    x * x
}

fn process_overhead(c: &mut Criterion) {
    const TASKS: u64 = 1_000;
    let processes = ProcessPool::new(2).unwrap();
    let threads = Pool::new(2).unwrap();
    let expected: Vec<u64> = (0..TASKS).map(square).collect();
    assert_eq!(processes.map(square, 0..TASKS).unwrap(), expected);

    let mut group = c.benchmark_group("process_overhead");
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("process_pool_map", TASKS), |b| {
        b.iter(|| processes.map(square, 0..TASKS).unwrap())
    });
    group.bench_function(
        BenchmarkId::new("thread_pool_map_chunksize_1", TASKS),
        |b| b.iter(|| threads.map_chunked(square, 0..TASKS, 1).unwrap()),
    );
    group.finish();
}

criterion_group!(
    benches,
    map_1m,
    map_after,
    cell2_sleep,
    cell4_powers,
    process_overhead
);

// `criterion_main!` would write this `main`, but the ProcessPool's workers are this bench binary
// started again, so `main` must first let them enter worker mode.
fn main() {
    multiprocessing::worker_entry();
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
