//! "Mind the GIL": the same CPU-bound work, twice, on 1 thread and on 2 threads.
//!
//! In CPython the two threads take turns (the GIL), so both take about as long. In Rust the
//! 2-thread run takes about half as long on two free cores. The speedup is the ratio of the two
//! times criterion prints, and the bench prints it at the end from a quick side-by-side run.
//!
//! `cargo bench -p threading --bench gil`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use threading::Thread;

/// Counts the primes below `limit` by trial division: plain CPU work.
fn count_primes(limit: u64) -> u64 {
    (2..limit)
        .filter(|&n| (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count() as u64
}

const LIMIT: u64 = 100_000;

fn one_thread() -> u64 {
    count_primes(black_box(LIMIT)) + count_primes(black_box(LIMIT))
}

fn two_threads() -> u64 {
    let mut t1 = Thread::new(|| count_primes(black_box(LIMIT)));
    let mut t2 = Thread::new(|| count_primes(black_box(LIMIT)));
    t1.start().unwrap();
    t2.start().unwrap();
    t1.join().unwrap() + t2.join().unwrap()
}

/// Median wall time of `runs` calls.
fn median_time(runs: usize, f: fn() -> u64) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn gil(c: &mut Criterion) {
    // The serial and parallel versions must agree, or the timing means nothing.
    let expected = 2 * count_primes(LIMIT);
    assert_eq!(one_thread(), expected);
    assert_eq!(two_threads(), expected);
    let mut group = c.benchmark_group("gil_cpu_bound_x2");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("1_thread", |b| b.iter(one_thread));
    group.bench_function("2_threads", |b| b.iter(two_threads));
    group.finish();

    // Criterion reports the two times; the speedup is their ratio, printed here from a quick
    // side-by-side measurement (medians of 11 runs each).
    let serial = median_time(11, one_thread);
    let parallel = median_time(11, two_threads);
    println!(
        "gil: 1 thread {serial:.2?}, 2 threads {parallel:.2?}: speedup {:.2}x on {} core(s) \
         (CPython with the GIL: about 1.0x)",
        serial.as_secs_f64() / parallel.as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}

criterion_group!(benches, gil);
criterion_main!(benches);
