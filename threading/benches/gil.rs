//! "Mind the GIL": the same CPU-bound work, twice, on 1 thread and on 2 threads.
//!
//! In CPython the two threads take turns (the GIL), so both take about as long. In Rust the
//! 2-thread run takes about half as long on two free cores. The speedup is the ratio of the two
//! times criterion prints; `cargo run --release -p threading --example gil` prints it directly.
//!
//! `cargo bench -p threading --bench gil`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use threading::Thread;

/// Counts the primes below `limit` by trial division: plain CPU work.
fn count_primes(limit: u64) -> u64 {
    (2..limit)
        .filter(|&n| (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count() as u64
}

const LIMIT: u64 = 100_000;

fn gil(c: &mut Criterion) {
    // The serial and parallel versions must agree, or the timing means nothing.
    let expected = 2 * count_primes(LIMIT);
    let mut group = c.benchmark_group("gil_cpu_bound_x2");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("1_thread", |b| {
        b.iter(|| {
            let total = count_primes(black_box(LIMIT)) + count_primes(black_box(LIMIT));
            assert_eq!(total, expected);
        })
    });
    group.bench_function("2_threads", |b| {
        b.iter(|| {
            let mut t1 = Thread::new(|| count_primes(black_box(LIMIT)));
            let mut t2 = Thread::new(|| count_primes(black_box(LIMIT)));
            t1.start().unwrap();
            t2.start().unwrap();
            let total = t1.join().unwrap() + t2.join().unwrap();
            assert_eq!(total, expected);
        })
    });
    group.finish();
}

criterion_group!(benches, gil);
criterion_main!(benches);
