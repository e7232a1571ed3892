//! "Mind the GIL!": the same CPU-bound work on 1 thread and on 2 threads.
//!
//! ```python
//! def count_primes(lo, hi): ...                       # pure Python, CPU-bound
//! t1 = threading.Thread(target=count_primes, args=(0, N))
//! t2 = threading.Thread(target=count_primes, args=(0, N))
//! # With the GIL, t1 and t2 take turns: two threads take as long as one doing both jobs.
//! ```
//!
//! Rust threads have no global interpreter lock, so on a machine with two free cores the
//! two-thread run takes about half the time. Run with
//! `cargo run --release -p threading --example gil` (a debug build is much slower, but the ratio
//! is the same).

use std::hint::black_box;
use std::time::{Duration, Instant};

use threading::Thread;

/// Counts the primes below `limit` by trial division: deliberately plain CPU work.
fn count_primes(limit: u64) -> u64 {
    (2..limit)
        .filter(|&n| (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count() as u64
}

const LIMIT: u64 = 300_000;

/// Both jobs, one after the other.
fn one_thread() -> (u64, Duration) {
    let start = Instant::now();
    let a = count_primes(black_box(LIMIT));
    let b = count_primes(black_box(LIMIT));
    (a + b, start.elapsed())
}

// ANCHOR: two_threads
/// Both jobs at once, each on its own `Thread` (the notebook's `threading.Thread(target=…)`).
fn two_threads() -> (u64, Duration) {
    let start = Instant::now();
    let mut t1 = Thread::new(|| count_primes(black_box(LIMIT)));
    let mut t2 = Thread::new(|| count_primes(black_box(LIMIT)));
    t1.start().expect("spawn thread 1");
    t2.start().expect("spawn thread 2");
    let total = t1.join().expect("thread 1") + t2.join().expect("thread 2");
    (total, start.elapsed())
}
// ANCHOR_END: two_threads

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (serial, t_serial) = one_thread();
    let (parallel, t_parallel) = two_threads();
    // The same answer both ways, or the timing means nothing.
    assert_eq!(serial, parallel);
    println!("primes below {LIMIT}, counted twice: {serial}");
    println!("1 thread : {t_serial:>10.3?}");
    println!("2 threads: {t_parallel:>10.3?}");
    println!(
        "speedup  : {:.2}x on {cores} core(s) (CPython with the GIL: about 1.0x)",
        t_serial.as_secs_f64() / t_parallel.as_secs_f64()
    );
}
