//! The diagnostics on real computes: the scheduler calls the hooks, the diagnostics report.
//!
//! Registered diagnostics see every compute in the process, so the tests of this file take
//! turns (`serial()`); diagnostics passed to one compute (`ComputeOptions::callback`) do not.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use lazyarray::diagnostics::{
    ChunkMemory, FakeClock, PeakMemory, Profiler, ProgressBar, ResourceProfiler, estimate, to_dot,
};
use lazyarray::{ComputeError, ComputeOptions, Scheduler, random};

fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

mod common;
use common::Buffer;

fn sync() -> ComputeOptions {
    ComputeOptions::new().scheduler(Scheduler::Synchronous)
}

// ANCHOR: progress_guard
#[test]
fn progress_bar_with_a_guard_like_dask() {
    let _serial = serial();
    let (clock, out) = (FakeClock::new(), Buffer::default());
    let y = random::default_rng(1)
        .normal(0.0, 1.0, [40, 40], [10, 10])
        .unwrap();
    let mu = {
        let _bar = ProgressBar::new()
            .clock(clock.clone())
            .out(out.clone())
            .register();
        y.mean().compute_scalar().unwrap()
    };
    assert!(mu.abs() < 5.0 / 40.0, "{mu}");
    // The clock never moved: no redraw, one final frame.
    assert_eq!(
        out.text(),
        format!("\r[{}] | 100% Completed |  0.0s\n", "#".repeat(40))
    );
}
// ANCHOR_END: progress_guard

// ANCHOR: progress_run
#[test]
fn progress_bar_frames_follow_the_tasks() {
    let _serial = serial();
    let (clock, out) = (FakeClock::new(), Buffer::default());
    // Each block of the map takes 0.1 s of fake time; the synchronous scheduler makes the
    // order of tasks, and so every frame, deterministic.
    let tick = clock.clone();
    let y = lazyarray::ones([8], 2).unwrap().map_blocks(move |b| {
        tick.advance(Duration::from_millis(100));
        b.to_owned()
    });
    let total = y.sum();
    let bar = ProgressBar::new().clock(clock.clone()).out(out.clone());
    let s = bar.run(|| total.compute_scalar_with(&sync()).unwrap());
    assert_eq!(s, 8.0);
    insta::assert_snapshot!(out.frames());
}
// ANCHOR_END: progress_run

#[test]
fn progress_bar_on_a_failing_compute_stops_where_it_failed() {
    let _serial = serial();
    let (clock, out) = (FakeClock::new(), Buffer::default());
    let bad = lazyarray::arange(0.0, 8.0, 1.0, 2).unwrap().map(|v| {
        if v >= 4.0 {
            panic!("boom at {v}");
        }
        v
    });
    let bar = ProgressBar::new().clock(clock.clone()).out(out.clone());
    let err = bar
        .run(|| bad.sum().compute_scalar_with(&sync()))
        .unwrap_err();
    assert!(matches!(err, ComputeError::Task { .. }), "{err}");
    let text = out.text();
    assert!(text.ends_with("\n"), "{text:?}");
    assert!(!text.contains("100% Completed"), "{text:?}");
    insta::assert_snapshot!(out.frames());
}

#[test]
fn profiler_sees_every_task_once() {
    let _serial = serial();
    let y = random::default_rng(2)
        .normal(0.0, 1.0, [60, 60], [10, 20])
        .unwrap();
    let m = y.mean_axis(0).unwrap();
    let graph = m.graph();
    let prof = Profiler::new();
    let opts = ComputeOptions::new().workers(2);
    prof.run(|| m.compute_with(&opts).unwrap());
    let records = prof.results();
    assert_eq!(records.len(), graph.len());
    let keys: BTreeSet<&str> = records.iter().map(|r| r.key.as_str()).collect();
    let expected: BTreeSet<&str> = graph.tasks().iter().map(|t| t.key()).collect();
    assert_eq!(keys, expected);
    assert!(records.iter().all(|r| r.start <= r.end && r.worker < 2));
    for r in &records {
        assert_eq!(r.bytes, graph.tasks()[r.id].bytes(), "{}", r.key);
    }
}

#[test]
fn several_diagnostics_at_once() {
    let _serial = serial();
    let out = Buffer::default();
    let y = random::default_rng(3)
        .normal(0.0, 1.0, [200, 200], [50, 50])
        .unwrap();
    let total = y.sum();
    let n = total.graph().len();
    let bar = ProgressBar::new().out(out.clone());
    let prof = Profiler::new();
    let rprof = ResourceProfiler::new().dt(Duration::from_millis(1));
    let peak = PeakMemory::new();
    let per_compute = Arc::new(Profiler::new());
    {
        let _a = bar.register();
        let _b = prof.register();
        let _c = rprof.register();
        let _d = peak.register();
        let opts = ComputeOptions::new().callback(per_compute.clone());
        total.compute_scalar_with(&opts).unwrap();
    }
    // The last frame is the full bar and its newline (the elapsed time is real, so not checked).
    let text = out.text();
    let last = text.rsplit('\r').next().unwrap_or_default();
    let full = format!("[{}] | 100% Completed |", "#".repeat(40));
    assert!(last.starts_with(&full) && last.ends_with("s\n"), "{text:?}");
    assert_eq!(prof.results().len(), n);
    assert_eq!(per_compute.results().len(), n);
    if cfg!(target_os = "linux") {
        assert!(rprof.results().len() >= 2);
        assert!(rprof.max_rss_bytes() > 0);
        assert_eq!(peak.reports().len(), 1);
    }
    // Unregistered: a later compute reaches none of them.
    total.compute_scalar().unwrap();
    assert_eq!(prof.results().len(), n);
}

#[test]
fn memory_limit_refuses_with_a_typed_error() {
    let _serial = serial();
    let y = lazyarray::ones([100, 100], [10, 10]).unwrap();
    let total = y.sum();
    let opts = ComputeOptions::new().workers(2);
    let est = estimate(&total.graph(), &opts);
    assert_eq!(est.tasks, total.graph().len());
    assert!(est.peak_bytes >= 800, "{est}");
    let too_small = opts.clone().memory_limit(est.peak_bytes - 1);
    match total.compute_scalar_with(&too_small) {
        Err(ComputeError::MemoryLimit(e)) => {
            assert_eq!(e.limit, est.peak_bytes - 1);
            assert!(e.estimate > e.limit);
        }
        other => panic!("expected a memory-limit error, got {other:?}"),
    }
    let enough = opts.memory_limit(est.peak_bytes);
    assert_eq!(total.compute_scalar_with(&enough).unwrap(), 10_000.0);
}

#[test]
fn lazy_reduction_holds_a_few_chunks_not_the_array() {
    let _serial = serial();
    let y = lazyarray::ones([400, 400], [40, 40]).unwrap();
    let total = y.sum();
    let opts = ComputeOptions::new().workers(2);
    let est = estimate(&total.graph(), &opts);
    assert!(est.exact);
    // 100 chunks of 12.8 kB: two workers hold a few at a time, never the 1.28 MB array.
    assert!(est.peak_bytes < y.nbytes() / 10, "{est}");
    let mem = Arc::new(ChunkMemory::new(&total.graph()));
    total
        .compute_scalar_with(&opts.clone().callback(mem.clone()))
        .unwrap();
    assert!(mem.peak_bytes() <= est.peak_bytes);
    assert!(mem.peak_bytes() >= 40 * 40 * 8);
}

#[test]
fn dot_of_a_small_reduction() {
    let y = lazyarray::ones([4, 4], [2, 2]).unwrap();
    insta::assert_snapshot!(to_dot(&y.sum().graph()));
}

#[test]
fn the_notebooks_mean_on_two_workers_holds_two_chunks() {
    // Y = da.random.normal(size=(1000, 1000), chunks=(100, 100)); Y.mean()
    let y = random::default_rng(0)
        .normal(0.0, 1.0, [1000, 1000], [100, 100])
        .unwrap();
    let est = estimate(&y.mean().graph(), &ComputeOptions::new().workers(2));
    assert!(est.exact, "{est}");
    // Two 80 kB chunks (one per worker) and a few hundred bytes of partial results, of 8 MB.
    assert!(est.peak_bytes >= 2 * 80_000, "{est}");
    assert!(est.peak_bytes < 2 * 80_000 + 1_000, "{est}");
}
