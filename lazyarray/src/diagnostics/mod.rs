//! Diagnostics for computations: dask's `dask.diagnostics` in Rust (issue 6).
//!
//! The scheduler reports every task through the [`Callback`] trait; a diagnostic (a progress
//! bar, a profiler) is a `Callback`. Register one for a scope with [`register`] (the guard it
//! returns unregisters it on drop, like dask's `with ProgressBar():`), or pass one to a single
//! compute. When no callback is active the scheduler skips all of this: [`active`] is one atomic
//! load.

mod callback;
mod clock;
mod dot;
mod estimate;
mod profiler;
mod progress;
mod resource;

pub use callback::{Callback, CallbackGuard, TaskInfo, active, register};
pub use clock::{Clock, FakeClock};
pub use dot::to_dot;
pub use estimate::{ChunkMemory, Estimate, MemoryLimitError, check_memory, estimate};
pub use profiler::{Profiler, TaskRecord};
pub use progress::{ProgressBar, ProgressGuard, format_time};
pub use resource::{
    MemoryPeak, PeakMemory, ResourceGuard, ResourceProfiler, ResourceSample, Usage, reset_peak,
    usage,
};
