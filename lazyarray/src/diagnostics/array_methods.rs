//! `Array::estimate` and `Array::to_dot`: the diagnostics that read an array's graph, as methods.
//! (A second inherent `impl` block, kept here so that the diagnostics live in one place.)

use super::dot::to_dot;
use super::estimate::{Estimate, estimate};
use crate::{Array, ComputeOptions, Element};

impl<T: Element> Array<T> {
    /// What `self.compute_with(opts)` would run, before running it: its task count and the most
    /// bytes its chunks can hold at once (see [`diagnostics::estimate`](super::estimate)).
    /// Follows `opts`: the scheduler, the workers, and fusion.
    ///
    /// ```
    /// use lazyarray::{ComputeOptions, Scheduler};
    ///
    /// // Y = da.random.normal(size=(1000, 1000), chunks=(100, 100)): 8 MB in 100 chunks.
    /// let y = lazyarray::random::default_rng(0).normal(0.0, 1.0, [1000, 1000], [100, 100])?;
    /// let sync = ComputeOptions::new().scheduler(Scheduler::Synchronous);
    /// let est = y.mean().estimate(&sync);
    /// assert_eq!(est.tasks, y.mean().graph().len());
    /// assert!(est.peak_bytes < 100_000); // about one 80 kB chunk at a time
    /// assert_eq!(y.estimate(&sync).peak_bytes, 8_000_000); // the whole array is the result
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn estimate(&self, opts: &ComputeOptions) -> Estimate {
        let graph = if opts.get_fuse() {
            self.graph().fuse()
        } else {
            self.graph()
        };
        estimate(&graph, opts)
    }

    /// The task graph `compute()` would run, as Graphviz DOT (dask's `visualize()`); see
    /// [`diagnostics::to_dot`](super::to_dot).
    ///
    /// ```
    /// let x = lazyarray::ones([4], 2)?;
    /// assert_eq!(x.to_dot().matches(" -> ").count(), 0); // two independent chunks
    /// assert_eq!(x.sum().to_dot().matches(" -> ").count(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_dot(&self) -> String {
        to_dot(&self.graph())
    }
}
