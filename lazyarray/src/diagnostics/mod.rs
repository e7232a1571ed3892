//! Diagnostics for computations: dask's `dask.diagnostics`, in Rust.
//!
//! A compute runs many small tasks on worker threads; the diagnostics watch them. Each one is a
//! [`Callback`]: the scheduler calls `start(tasks)`, then `pretask`/`posttask` around every task
//! on the worker that runs it, then `finish(ok)`. Attach a diagnostic in one of two ways:
//!
//! - to **one compute**, with [`ComputeOptions::callback`](crate::ComputeOptions::callback);
//! - to **every compute in a scope**, with its `register()` method, whose guard detaches it when
//!   dropped — the Rust spelling of Python's `with ProgressBar():` — or with its `run(|| ...)`.
//!
//! When nothing is registered the scheduler pays one atomic load per compute ([`active`]).
//!
//! # A progress bar
//!
//! ```python
//! from dask.diagnostics import ProgressBar
//! with ProgressBar():
//!     mu = Y.mean().compute()
//! ```
//!
//! ```standalone_crate
//! use lazyarray::diagnostics::ProgressBar;
//!
//! let y = lazyarray::random::default_rng(0).normal(0.0, 1.0, [400, 400], [100, 100])?;
//! let mu = {
//!     let _bar = ProgressBar::new().register(); // prints to stdout while in scope
//!     y.mean().compute_scalar()?
//! };
//! assert!(mu.abs() < 5.0 / 400.0); // 160 000 draws: within 5 standard errors of 0
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! It prints `[########################################] | 100% Completed |  0.1s`, redrawn in
//! place every 0.1 s while the work lasts. To test what it prints, give it a buffer and a
//! [`FakeClock`]; time then moves only when you say, and every frame is exact:
//!
//! ```standalone_crate
//! use lazyarray::diagnostics::{FakeClock, ProgressBar};
//! use lazyarray::{ComputeOptions, Scheduler};
//! use std::sync::{Arc, Mutex};
//! use std::time::Duration;
//!
//! # #[derive(Clone, Default)] struct Buffer(Arc<Mutex<Vec<u8>>>);
//! # impl std::io::Write for Buffer {
//! #     fn write(&mut self, b: &[u8]) -> std::io::Result<usize> { self.0.lock().unwrap().write(b) }
//! #     fn flush(&mut self) -> std::io::Result<()> { Ok(()) }
//! # }
//! let (clock, out) = (FakeClock::new(), Buffer::default());
//! let tick = clock.clone();
//! // Four blocks, each taking 0.1 s of fake time.
//! let slow = lazyarray::ones([8], 2)?.map_blocks(move |block| {
//!     tick.advance(Duration::from_millis(100));
//!     block.to_owned()
//! });
//! let bar = ProgressBar::new().clock(clock).out(out.clone());
//! let opts = ComputeOptions::new().scheduler(Scheduler::Synchronous);
//! let total = bar.run(|| slow.sum().compute_scalar_with(&opts))?;
//! assert_eq!(total, 8.0);
//!
//! let text = String::from_utf8(out.0.lock().unwrap().clone())?;
//! let last = text.rsplit('\r').next().unwrap();
//! assert_eq!(last, format!("[{}] | 100% Completed |  0.4s\n", "#".repeat(40)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Where the time went: `Profiler`
//!
//! [`Profiler`] records each task's key, start, end and worker as plain data ([`TaskRecord`]):
//!
//! ```standalone_crate
//! use lazyarray::diagnostics::Profiler;
//!
//! let y = lazyarray::ones([100, 100], [50, 50])?;
//! let total = y.sum();
//! let prof = Profiler::new();
//! let s = prof.run(|| total.compute_scalar())?;
//! assert_eq!(s, 10_000.0);
//!
//! let records = prof.results();
//! assert_eq!(records.len(), total.graph().len()); // every task, once
//! for r in &records {
//!     println!("{:>16} on worker {} for {:?}", r.key, r.worker, r.duration());
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The profile, drawn: `visualize`
//!
//! [`visualize`] draws a profiler's records as an SVG (dask's `visualize([prof, rprof])`): a
//! lane per worker, a bar per task coloured by operation, on a time axis; with a
//! [`ResourceProfiler`] on the same [`Clock`], the CPU use and memory below. The example
//! `profile_plot` draws the notebook's `Y.mean().compute()`.
//!
//! ```standalone_crate
//! use lazyarray::diagnostics::{Clock, Profiler, ResourceProfiler, visualize};
//!
//! let clock = Clock::system();
//! let (prof, rprof) = (Profiler::with_clock(clock.clone()), ResourceProfiler::new().clock(clock));
//! let y = lazyarray::ones([400, 400], [100, 100])?;
//! let total = {
//!     let (_p, _r) = (prof.register(), rprof.register());
//!     y.sum().compute_scalar()?
//! };
//! assert_eq!(total, 160_000.0);
//! let svg = visualize(&prof, Some(&rprof))?;
//! assert!(svg.contains("viewBox=\"0 0 680 "));
//! // std::fs::write("profile.svg", svg)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Memory: measured, and estimated before running
//!
//! The notebook's point about lazy arrays is memory: a reduction over chunks never holds the
//! whole array. [`ResourceProfiler`] samples the process's memory and CPU while a compute runs;
//! [`PeakMemory`] reads the kernel's exact peak (Linux). [`estimate`] needs no running at all:
//! from the graph it bounds the bytes the chunks can hold at once under the chosen scheduler,
//! and [`ComputeOptions::memory_limit`](crate::ComputeOptions::memory_limit) refuses a compute
//! whose bound is too high, with a [`MemoryLimitError`] (Cubed does this; dask does not).
//!
//! ```
//! use lazyarray::diagnostics::estimate;
//! use lazyarray::{ComputeError, ComputeOptions, Scheduler};
//!
//! // 1000 x 1000 f64 is 8 MB, in 100 chunks of 80 kB.
//! let y = lazyarray::ones([1000, 1000], [100, 100])?;
//! let opts = ComputeOptions::new().scheduler(Scheduler::Synchronous);
//!
//! let mean = y.mean();
//! let est = estimate(&mean.graph(), &opts);
//! // One 80 kB chunk at a time, plus the small partial (sum, count) records waiting to be combined.
//! assert_eq!(est.peak_bytes, 80_160);
//! assert!(mean.compute_scalar_with(&opts.clone().memory_limit(1_000_000)).is_ok());
//!
//! // Keeping the whole array (compute() returns it) needs all 8 MB.
//! assert!(matches!(
//!     y.compute_with(&opts.memory_limit(1_000_000)),
//!     Err(ComputeError::MemoryLimit(_))
//! ));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The graph, drawn
//!
//! [`to_dot`] writes the task graph in Graphviz's DOT language (dask's `visualize()`):
//!
//! ```
//! let y = lazyarray::ones([4], 2)?;
//! let dot = lazyarray::diagnostics::to_dot(&y.sum().graph());
//! assert!(dot.starts_with("digraph lazyarray {"));
//! assert!(dot.contains("t0 -> t1;"));
//! // Save it and run `dot -Tsvg sum.dot -o sum.svg` to see it.
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Writing your own
//!
//! Any `Send + Sync` type implementing [`Callback`] is a diagnostic; every method has an empty
//! default. Keep the methods cheap: they run on the workers, between tasks.

mod array_methods;
mod callback;
mod clock;
mod dot;
mod estimate;
mod plot;
mod profiler;
mod progress;
mod resource;

pub use callback::{Callback, CallbackGuard, Registered, TaskInfo, active, register};
pub use clock::{Clock, FakeClock};
pub use dot::to_dot;
pub use estimate::{ChunkMemory, Estimate, MemoryLimitError, check_memory, estimate};
pub use plot::{
    MAX_LANES, PALETTE, PlotError, operation_colours, operation_of, profile_svg, visualize,
};
pub use profiler::{Profiler, TaskRecord};
pub use progress::{ProgressBar, ProgressGuard, format_time};
pub use resource::{
    MemoryPeak, PeakMemory, ResourceGuard, ResourceProfiler, ResourceSample, Usage, reset_peak,
    usage,
};
