//! Lazy chunked N-dimensional arrays in the spirit of `dask.array`.
//!
//! An [`Array`] is a recipe: a shape, a way of cutting it into chunks, and a graph of tasks
//! that make those chunks. Building arrays and combining them computes nothing;
//! [`Array::compute`] runs the graph on a thread pool, a chunk per task, and frees every chunk
//! as soon as nothing needs it any more. That is how a computation over an array much larger
//! than memory runs in a few chunks' worth of memory.
//!
//! # The notebook, in Rust
//!
//! ```python
//! Y = da.random.normal(size=(1000, 1000), chunks=(100, 100))
//! mu = Y.mean(axis=0)
//! mu[0].compute()
//! ```
//!
//! ```
//! use lazyarray::random;
//!
//! let y = random::default_rng(42).normal(0.0, 1.0, [1000, 1000], [100, 100])?;
//! assert_eq!(
//!     y.to_string(),
//!     "lazyarray<normal, shape=(1000, 1000), dtype=float64, chunksize=(100, 100)>"
//! );
//!
//! let mu = y.mean_axis(0)?; // nothing computed yet
//! assert_eq!(mu.to_string(), "lazyarray<mean, shape=(1000,), dtype=float64, chunksize=(100,)>");
//!
//! let first = mu.at(0)?.compute_scalar()?; // the mean of the first column
//! // 1000 draws of N(0, 1): within 5 standard errors (5 / sqrt(1000)) of 0.
//! assert!(first.abs() < 5.0 / 1000f64.sqrt());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Only what is needed runs
//!
//! `mu.at(0)` needs the first column of blocks only. [`Array::graph`] shows the tasks a compute
//! would run, after culling: 10 blocks of random numbers, 10 chunk means, 3 combines (the tree
//! reduction merges 4 partial results at a time), 1 final mean and 1 index — 25 tasks, as in
//! dask, instead of the 240 tasks that compute all of `mu` (`mu.graph().len()`).
//!
//! ```
//! # let y = lazyarray::random::default_rng(42).normal(0.0, 1.0, [1000, 1000], [100, 100])?;
//! # let mu = y.mean_axis(0)?;
//! let g = mu.at(0)?.graph();
//! assert_eq!(g.len(), 25);
//! assert_eq!(g.summary(), "25 tasks: normal 10, mean-chunk 10, mean-combine 3, mean 1, getitem 1");
//! assert_eq!(mu.graph().len(), 240);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Random numbers that do not depend on the chunks
//!
//! dask's random arrays change when you change the chunks. Here the value at each position
//! depends only on the seed and the position, so any chunking and any number of workers gives
//! the very same numbers:
//!
//! ```
//! use lazyarray::{ComputeOptions, random::default_rng};
//! let a = default_rng(1).normal(0.0, 1.0, [50, 40], [50, 40])?.compute()?;
//! let b = default_rng(1).normal(0.0, 1.0, [50, 40], [7, 13])?
//!     .compute_with(&ComputeOptions::new().workers(3))?;
//! assert_eq!(a, b);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Arithmetic, rechunking and errors
//!
//! Arrays with different chunks line up automatically, shapes broadcast as in NumPy, and shapes
//! that do not fit are a typed error naming them, never a panic.
//!
//! ```
//! use lazyarray::{ShapeError, ones, arange};
//! let x = arange(0.0, 6.0, 1.0, 4)?;        // chunks (4, 2)
//! let y = ones([6], 3)? * 10.0;             // chunks (3, 3)
//! let z = (&x + &y)?;                       // chunks (3, 1, 2): both boundaries
//! assert_eq!(z.chunks(), &[vec![3, 1, 2]]);
//! assert_eq!(z.sum().compute_scalar()?, 75.0);
//!
//! let err = (&x + &ones([5], 5)?).unwrap_err();
//! assert_eq!(err, ShapeError { op: "add", left: vec![6], right: vec![5] });
//! assert_eq!(err.to_string(), "shapes [6] and [5] do not match for `add`");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Array ⊕ array is a `Result` because shapes may not fit; the compiler will not let you forget:
//!
//! ```compile_fail,E0308
//! let x = lazyarray::ones([3], 3).unwrap();
//! let z: lazyarray::Array = &x + &x; // error: expected `Array`, found `Result<Array, ShapeError>`
//! ```
//!
//! # Reductions, indexing, reshaping
//!
//! Reductions work over every axis (a 0-d array; read it with
//! [`compute_scalar`](Array::compute_scalar)) or over chosen axes, as a tree: a partial result
//! per chunk, merged [`SPLIT_EVERY`] at a time. Integer indices drop an axis; slices take
//! ranges with steps.
//!
//! ```
//! use lazyarray::{Slice, from_ndarray};
//! let a = ndarray::Array2::from_shape_fn((4, 6), |(i, j)| (10 * i + j) as f64);
//! let x = from_ndarray(a, [3, 4])?;
//! let rows = x.sum_axis(1)?.compute()?;
//! assert_eq!(rows.iter().copied().collect::<Vec<_>>(), [15.0, 75.0, 135.0, 195.0]);
//! assert!((x.var(0).compute_scalar()? - (125.0 + 35.0 / 12.0)).abs() < 1e-9);
//! assert_eq!(x.argmax().compute_scalar()?, 23);
//! let column = x.index_axis(1, 2)?.compute()?;
//! assert_eq!(column.iter().copied().collect::<Vec<_>>(), [2.0, 12.0, 22.0, 32.0]);
//! let corners = x.slice(&[Slice::from(0..4).step_by(3), Slice::from(0..6).step_by(5)])?;
//! assert_eq!(corners.compute()?.into_raw_vec_and_offset().0, vec![0.0, 5.0, 30.0, 35.0]);
//! assert_eq!(x.t().rechunk([6, 1])?.shape(), &[6, 4]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Memory stays bounded
//!
//! The schedulers run the ready task with the smallest id — ids number the graph depth first —
//! and drop each chunk right after its last consumer has run. A mean over an array of many
//! gigabytes holds a few chunks per worker at a time: `cargo bench -p lazyarray --bench mean`
//! measures it (see the crate README), and `tests/bounded_memory.rs` checks it with a counting
//! allocator.
//!
//! # Schedulers and diagnostics
//!
//! The parallel scheduler (threads of each compute's own, so a compute inside a task works) is
//! the default; [`Scheduler::Synchronous`] runs every task on
//! the calling thread, for debugging. Both call the [`diagnostics::Callback`] hooks for every
//! task, so a progress bar or a profiler sees the work as it happens.
//!
//! Coming from dask? See [`for_dask_users`].
#![deny(missing_docs)]

mod array;
mod chunks;
mod compare;
mod compute;
mod concat;
mod creation;
pub mod diagnostics;
pub mod distributed;
mod element;
mod elementwise;
mod error;
pub mod for_dask_users;
mod graph;
mod index;
pub mod random;
mod rechunk;
mod reduce;
mod reshape;
mod scan;
mod storage;
mod tensordot;
mod ufunc;

pub use array::{Array, DEFAULT_CHUNK_LIMIT};
pub use chunks::{AxisChunks, ChunkSpec};
pub use compare::{Operand, where_};
pub use compute::{ComputeOptions, Scheduler};
pub use concat::{concatenate, stack};
pub use creation::{arange, from_ndarray, full, ones, zeros};
pub use diagnostics::MemoryLimitError;
pub use element::{AsType, Element, Float};
pub use error::{
    AxisError, ChunkError, ComputeError, ConcatError, IndexError, ShapeError, TaskError,
    TensordotError,
};
pub use graph::{Graph, Task};
pub use index::Slice;
pub use reduce::{ArgReduction, IntoAxes, ReduceOptions, Reduction, SPLIT_EVERY, Truthy};
pub use storage::{
    StoreError, Target, WriteError, ZarrError, compute_many, compute_many_with, graph_many, store,
    store_with,
};
#[cfg(not(loom))]
pub use storage::{ZarrElement, from_zarr, from_zarr_chunks};
pub use tensordot::{tensordot, tensordot_split_every};
