//! The Rust side of every workload, run in a child process (`compare --workload NAME`).
//!
//! Each workload is a plain `fn(&Sizes) -> Outcome`: it times its own work with
//! [`std::time::Instant`] (process start-up and worker start-up stay outside the timed region, as
//! in the Python scripts), checks its own result, and the child prints one line, `RESULT {json}`,
//! in the same format as `harness/python/_common.py`.
//!
//! The rows for our own crates live in [`ours`]: one small function each.

mod dask;
mod gil;
mod ours;
mod pool;
mod powers;
mod queue;
mod sleep;

use std::process::ExitCode;
use std::time::Duration;

/// Workers on both sides: the notebook's `Pool(2)`.
pub(crate) const WORKERS: usize = 2;

/// Problem sizes. The Python scripts hold the same numbers (see `harness/python/*.py`); every
/// result line carries its size so the two sides are never compared at different sizes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    /// Factor applied to the notebook's sleeps (1.0 in a full run).
    pub(crate) sleep_scale: f64,
    /// Items mapped in the pool-overhead workload.
    pub(crate) pool_items: u64,
    /// Length of each random array in cell 4.
    pub(crate) powers_len: usize,
    /// Items moved through the queue.
    pub(crate) queue_items: u64,
    /// Count primes below this, in the GIL workload.
    pub(crate) gil_limit: u64,
    /// The notebook's dask array: side and chunk side.
    pub(crate) dask_small: (usize, usize),
    /// The large dask array: side and chunk side.
    pub(crate) dask_large: (usize, usize),
}

impl Sizes {
    /// The sizes of a full run: the notebook's own (cell 2's sleeps, cell 4's 10⁸ numbers, its
    /// 1000² dask array), a 20000² array for the lazy scheduler, and counts large enough that a
    /// run takes well over a millisecond.
    pub(crate) const FULL: Sizes = Sizes {
        sleep_scale: 1.0,
        pool_items: 100_000,
        powers_len: 100_000_000,
        queue_items: 1_000_000,
        gil_limit: 1_000_000,
        dask_small: (1000, 100),
        dask_large: (20000, 1000),
    };

    /// Tiny sizes for `--quick` (the test that keeps the command from rotting).
    pub(crate) const QUICK: Sizes = Sizes {
        sleep_scale: 0.05,
        pool_items: 1_000,
        powers_len: 100_000,
        queue_items: 10_000,
        gil_limit: 2_000,
        dask_small: (100, 10),
        dask_large: (2000, 100),
    };

    pub(crate) fn new(quick: bool) -> Sizes {
        if quick { Sizes::QUICK } else { Sizes::FULL }
    }
}

/// What a workload reports: its own timing, its own check, and the problem size.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// The problem size, formatted exactly as the Python script formats it.
    pub(crate) size: String,
    /// Seconds spent in the timed region.
    pub(crate) seconds: f64,
    /// Did the workload's own check pass (order, exact counts, a plausible mean)?
    pub(crate) ok: bool,
    /// A number worth showing (a mean, a count), if any.
    pub(crate) value: Option<f64>,
    /// The process's CPU time (all threads) over the timed region, where it tells something.
    pub(crate) cpu_seconds: Option<f64>,
}

impl Outcome {
    pub(crate) fn new(size: impl ToString, elapsed: Duration, ok: bool) -> Outcome {
        Outcome {
            size: size.to_string(),
            seconds: elapsed.as_secs_f64(),
            ok,
            value: None,
            cpu_seconds: None,
        }
    }

    pub(crate) fn with_value(mut self, value: f64) -> Outcome {
        self.value = Some(value);
        self
    }
}

type Workload = fn(&Sizes) -> Outcome;

/// Every Rust workload, by the name the catalogue (and `--workload`) uses.
pub(crate) const RUST_WORKLOADS: &[(&str, Workload)] = &[
    ("sleep.threads_channel", sleep::threads_channel),
    ("sleep.rayon", sleep::rayon),
    ("sleep.ours_pool", ours::sleep_pool),
    ("pool.sequential", pool::sequential),
    ("pool.rayon", pool::rayon),
    ("pool.ours_pool", ours::pool_map),
    ("pool.ours_process_pool", ours::process_pool_map),
    ("powers.rayon_stream", powers::rayon_stream),
    ("powers.rayon_eager", powers::rayon_eager),
    ("powers.ours_pool", ours::powers_pool),
    ("queue.crossbeam_1x1", queue::crossbeam_1x1),
    ("queue.mpsc_1x1", queue::mpsc_1x1),
    ("queue.ours_1x1", ours::queue_1x1),
    ("queue.crossbeam_4x4", queue::crossbeam_4x4),
    ("queue.ours_4x4", ours::queue_4x4),
    ("gil.threads_1", gil::one_thread),
    ("gil.threads_2", gil::two_threads),
    ("dask.small.ndarray", dask::small_ndarray),
    ("dask.small.rayon", dask::small_rayon),
    ("dask.small.lazyarray", ours::dask_small_lazyarray),
    ("dask.large.ndarray", dask::large_ndarray),
    ("dask.large.rayon", dask::large_rayon),
    ("dask.large.lazyarray", ours::dask_large_lazyarray),
];

pub(crate) fn find(name: &str) -> Option<Workload> {
    RUST_WORKLOADS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
}

/// The child's side of the protocol: run one workload and print its `RESULT` line.
pub(crate) fn run_child(name: &str, quick: bool) -> ExitCode {
    let Some(workload) = find(name) else {
        eprintln!(
            "compare: unknown workload {name:?}; known: {}",
            names().join(", ")
        );
        return ExitCode::from(2);
    };
    let outcome = workload(&Sizes::new(quick));
    let line = serde_json::json!({
        "workload": name,
        "size": outcome.size,
        "seconds": outcome.seconds,
        "ok": outcome.ok,
        "value": outcome.value,
        "cpu_seconds": outcome.cpu_seconds,
    });
    println!("RESULT {line}");
    ExitCode::SUCCESS
}

pub(crate) fn names() -> Vec<&'static str> {
    RUST_WORKLOADS.iter().map(|(n, _)| *n).collect()
}

/// A rayon pool with the notebook's two workers (not the machine's core count), so both
/// languages use the same number of workers on any machine.
pub(crate) fn two_worker_pool() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(WORKERS)
        .build()
        .expect("the OS refused to start two threads")
}

/// The schedule's minimum makespan for cell 2 at this size (1.9 s in a full run).
pub(crate) fn sleep_minimum(quick: bool) -> f64 {
    sleep::minimum_makespan(WORKERS, Sizes::new(quick).sleep_scale)
}
