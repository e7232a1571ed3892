//! Diagnostics for computations: dask's `dask.diagnostics` in Rust (issue 6).
//!
//! The scheduler reports every task through the [`Callback`] trait; a diagnostic (a progress
//! bar, a profiler) is a `Callback`. Register one for a scope with [`register`] (the guard it
//! returns unregisters it on drop, like dask's `with ProgressBar():`), or pass one to a single
//! compute. When no callback is active the scheduler skips all of this: [`active`] is one atomic
//! load.

mod callback;

pub use callback::{Callback, CallbackGuard, TaskInfo, active, register};
