//! "Mind the GIL!": a CPU-bound function on one thread, then split over two. In CPython the two
//! threads take turns holding the interpreter lock, so the second run is no faster. In Rust both
//! threads run at once. The speedup printed is measured on your machine, not claimed.
//!
//! Run: `cargo run --release -p book-checks --example gil_speedup [-- <limit>]` (default 2,000,000)

use std::thread;
use std::time::Instant;

// ANCHOR: work
/// CPU-bound work: count the primes in `range` by trial division.
fn count_primes(range: std::ops::Range<u64>) -> usize {
    range
        .filter(|&n| n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count()
}
// ANCHOR_END: work

fn main() {
    let limit = std::env::args()
        .nth(1)
        .map_or(2_000_000, |arg| arg.parse().expect("a limit is a number"));
    run(limit);
}

/// Counts the primes below `limit` on one thread, then on two, and prints the speedup.
fn run(limit: u64) {
    // ANCHOR: split
    let start = Instant::now();
    let one = count_primes(0..limit);
    let one_thread = start.elapsed();

    let start = Instant::now();
    // Interleave the numbers so both halves cost the same (big numbers are slower to test).
    let two = thread::scope(|s| {
        let evens = s.spawn(|| count_primes_step(0, limit));
        let odds = s.spawn(|| count_primes_step(1, limit));
        evens.join().expect("no panic") + odds.join().expect("no panic")
    });
    let two_threads = start.elapsed();
    // ANCHOR_END: split

    assert_eq!(one, two);
    println!("{one} primes below {limit}");
    println!("1 thread:  {:.3} s", one_thread.as_secs_f64());
    println!("2 threads: {:.3} s", two_threads.as_secs_f64());
    println!(
        "speedup:   {:.2}x",
        one_thread.as_secs_f64() / two_threads.as_secs_f64()
    );
}

// ANCHOR: step
/// Primes among `first, first + 2, first + 4, …` below `limit`.
fn count_primes_step(first: u64, limit: u64) -> usize {
    (first..limit)
        .step_by(2)
        .map(|n| count_primes(n..n + 1))
        .sum()
}
// ANCHOR_END: step

// `cargo test` runs this example's test (`test = true` in Cargo.toml), at a small size.
#[test]
fn one_and_two_threads_agree() {
    run(20_000);
    assert_eq!(count_primes(0..100), 25);
}

// The page shows what a run up to 200,000 prints (`book/src/threading/gil_speedup.txt`), times
// masked.
book_checks::shows_output!(run(200_000), "threading/gil_speedup.txt", Exact);
