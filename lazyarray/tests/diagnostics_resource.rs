//! The resource profiler's sampling thread: when it samples (fake clock, exact), and what it
//! reads (the real process). `/proc/self` is Linux's: elsewhere these tests are not built, and
//! `usage_is_an_error_off_linux` checks that the profiler says so instead of inventing figures.

use std::time::{Duration, Instant};

use lazyarray::diagnostics::{Callback, FakeClock, ResourceProfiler, usage};

const MS: Duration = Duration::from_millis(1);

#[test]
#[cfg(not(target_os = "linux"))]
fn usage_is_an_error_off_linux() {
    assert!(usage().is_err());
    let rprof = ResourceProfiler::new();
    rprof.start(1);
    rprof.finish(true);
    assert!(rprof.results().is_empty());
}

#[test]
#[cfg(target_os = "linux")]
fn usage_reads_the_process() {
    let u = usage().unwrap();
    assert!(u.rss_bytes > 0 && u.peak_rss_bytes >= u.rss_bytes);
}

#[test]
#[cfg(target_os = "linux")]
fn samples_at_start_every_dt_and_at_finish() {
    let clock = FakeClock::new();
    let rprof = ResourceProfiler::new().dt(100 * MS).clock(clock.clone());
    rprof.start(1);
    clock.advance(100 * MS);
    clock.advance(100 * MS);
    clock.advance(50 * MS);
    rprof.finish(true);
    // A stopped sampler samples no more.
    clock.advance(1000 * MS);
    let times: Vec<Duration> = rprof.results().iter().map(|s| s.time).collect();
    assert_eq!(times, [Duration::ZERO, 100 * MS, 200 * MS, 250 * MS]);
    assert!(rprof.results().iter().all(|s| s.rss_bytes > 0));
}

#[test]
#[cfg(target_os = "linux")]
fn a_late_wake_up_takes_one_sample() {
    let clock = FakeClock::new();
    let rprof = ResourceProfiler::new().dt(100 * MS).clock(clock.clone());
    rprof.start(1);
    clock.advance(350 * MS); // three sampling times passed while the thread was asleep
    rprof.finish(true);
    let times: Vec<Duration> = rprof.results().iter().map(|s| s.time).collect();
    assert_eq!(times, [Duration::ZERO, 350 * MS, 350 * MS]);
}

#[test]
#[cfg(target_os = "linux")]
fn a_busy_compute_shows_cpu_use() {
    let rprof = ResourceProfiler::new().dt(50 * MS);
    rprof.start(1);
    // Burn CPU on this thread for 300 ms of wall time.
    let until = Instant::now() + 300 * MS;
    let mut x = 0u64;
    while Instant::now() < until {
        x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
    }
    rprof.finish(true);
    let samples = rprof.results();
    assert!(samples.len() >= 2);
    assert_eq!(samples[0].cpu_percent, 0.0);
    assert!(
        samples[1..].iter().any(|s| s.cpu_percent > 0.0),
        "{samples:?}"
    );
}
