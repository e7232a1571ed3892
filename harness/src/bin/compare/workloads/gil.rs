//! "Mind the GIL!": a CPU-bound function twice on one thread, then once on each of two threads.
//!
//! Rust has no interpreter lock, so two threads on two cores should take about half the time
//! (a speedup near 2, less on a loaded machine); Python's stays near 1. Same algorithm and same
//! limit as `harness/python/gil_threads.py`, so the times compare too.

use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

use super::{Outcome, Sizes};

/// Counts primes below `limit` by trial division (the Python script's algorithm, line for line).
pub(crate) fn count_primes(limit: u64) -> u64 {
    let mut count = 0;
    for n in 2..limit {
        let mut d = 2;
        let mut prime = true;
        while d * d <= n {
            if n % d == 0 {
                prime = false;
                break;
            }
            d += 1;
        }
        count += u64::from(prime);
    }
    count
}

/// The number of primes below `limit`, by a sieve: the check for both versions.
fn sieve_count(limit: u64) -> u64 {
    let limit = limit as usize;
    let mut composite = vec![false; limit.max(2)];
    let mut count = 0;
    for n in 2..limit {
        if !composite[n] {
            count += 1;
            for multiple in (n * n..limit).step_by(n) {
                composite[multiple] = true;
            }
        }
    }
    count
}

/// CPU time of this process so far, all threads together (Python: `time.process_time()`).
fn process_cpu_time() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        t.tv_sec.max(0) as u64,
        t.tv_nsec.clamp(0, 999_999_999) as u32,
    )
}

/// The workload's clocks: wall time and this process's CPU time.
struct Timer(Instant, Duration);

impl Timer {
    fn start() -> Timer {
        Timer(Instant::now(), process_cpu_time())
    }
}

fn outcome(s: &Sizes, timer: Timer, results: [u64; 2]) -> Outcome {
    let (elapsed, cpu) = (
        timer.0.elapsed(),
        process_cpu_time().saturating_sub(timer.1),
    );
    let expected = sieve_count(s.gil_limit);
    let mut outcome = Outcome::new(s.gil_limit, elapsed, results == [expected; 2]);
    outcome.cpu_seconds = Some(cpu.as_secs_f64());
    outcome.with_value(results[0] as f64)
}

/// Both calls on the main thread. `black_box` keeps the compiler from noticing that the two
/// calls are the same and making only one.
pub(crate) fn one_thread(s: &Sizes) -> Outcome {
    let start = Timer::start();
    let results = [
        count_primes(black_box(s.gil_limit)),
        count_primes(black_box(s.gil_limit)),
    ];
    outcome(s, start, results)
}

/// One call on each of two scoped threads.
pub(crate) fn two_threads(s: &Sizes) -> Outcome {
    let start = Timer::start();
    let results = thread::scope(|scope| {
        let handles = [0, 1].map(|_| scope.spawn(|| count_primes(black_box(s.gil_limit))));
        handles.map(|h| h.join().expect("count_primes panicked"))
    });
    outcome(s, start, results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trial_division_agrees_with_the_sieve() {
        for limit in [0, 1, 2, 3, 10, 100, 2_000] {
            assert_eq!(count_primes(limit), sieve_count(limit), "limit {limit}");
        }
        assert_eq!(count_primes(100), 25);
    }
}
