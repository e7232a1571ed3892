//! lazyarray for dask users: the same ideas, side by side (documentation only).
//!
//! | dask | lazyarray | notes |
//! |---|---|---|
//! | `import dask.array as da` | `use lazyarray::{self as la, random}` | |
//! | `da.random.normal(size=(1000, 1000), chunks=(100, 100))` | `random::normal([1000, 1000], [100, 100])?` | creation returns `Result`: bad chunks are a [`ChunkError`](crate::ChunkError) |
//! | `da.random.default_rng(42).normal(0, 1, size, chunks)` | `random::default_rng(42).normal(0.0, 1.0, shape, chunks)?` | values do **not** change with the chunks or the workers; in dask they do |
//! | `da.random.uniform(size=..., chunks=...)` | `random::uniform(shape, chunks)?` | `[0, 1)` |
//! | `da.zeros`, `da.ones`, `da.full`, `da.arange` | [`zeros`](crate::zeros), [`ones`](crate::ones), [`full`](crate::full), [`arange`](crate::arange) | `arange(start, stop, step, chunks)` |
//! | `da.from_array(x, chunks=...)` | [`from_ndarray(x, chunks)`](crate::from_ndarray) | takes an owned `ndarray::Array` |
//! | `chunks=100`, `chunks=(100, -1)`, `chunks=((50, 50), (30, 70))` | `100`, `[100, -1]`, `vec![vec![50, 50], vec![30, 70]]` | see [`ChunkSpec`](crate::ChunkSpec) |
//! | `x.shape`, `x.chunks`, `x.chunksize`, `x.numblocks`, `x.dtype`, `x.nbytes` | `x.shape()`, `x.chunks()`, `x.chunksize()`, `x.numblocks()`, `x.dtype()`, `x.nbytes()` | |
//! | `repr(x)` | `x.to_string()` | `lazyarray<normal, shape=(1000, 1000), dtype=float64, chunksize=(100, 100)>`; the name is the operation, without dask's token |
//! | `x + y`, `x * 2`, `2 - x` | `(&x + &y)?`, `&x * 2.0`, `2.0 - &x` | array ⊕ array returns `Result`: NumPy broadcasting (`x - x.mean_axis(0)?`), else a `ShapeError` |
//! | `x ** 2`, `x ** 0.5` | `x.powi(2)`, `x.powf(0.5)` | |
//! | `x.map_blocks(f)` | `x.map_blocks(f)` / `x.map(f)` | blocks must keep their shape; `map` is elementwise |
//! | `x.sum()`, `x.mean(axis=0)`, `x.var(ddof=1)`, `x.std()` | `x.sum()`, `x.mean_axis(0)?`, `x.var(1)`, `x.std(0)` | full reductions give a 0-d array; `compute_scalar()` reads it |
//! | `x.min()`, `x.max()`, `x.argmin()`, `x.argmax(axis=1)` | `x.min()`, `x.max()`, `x.argmin()`, `x.argmax_axis(1)?` | arg-reductions give `Array<i64>` |
//! | `x.sum(split_every=8)` | `x.reduction(Reduction::Sum, &[0, 1], 8)?` | default 4, as in dask |
//! | `mu[0]`, `x[:, 3]` | `mu.at(0)?`, `x.index_axis(1, 3)?` | an integer index drops the axis |
//! | `x[1:8:3]`, `x[::-1]` | `x.slice(&[Slice::from(1..8).step_by(3)])?`, `x.slice(&[Slice::full().step_by(-1)])?` | Python's rules for bounds and negative steps |
//! | `x.rechunk((500, 500))`, `x.T`, `x.transpose(2, 0, 1)` | `x.rechunk([500, 500])?`, `x.t()`, `x.transpose(&[2, 0, 1])?` | |
//! | `x.compute()` | `x.compute()?` (an `ndarray::ArrayD`), `x.compute_scalar()?` | errors are [`ComputeError`](crate::ComputeError): a panicking task is an error, not a crash |
//! | `x.compute(scheduler="synchronous")` | `x.compute_with(&ComputeOptions::new().scheduler(Scheduler::Synchronous))?` | |
//! | `x.compute(num_workers=4)` | `x.compute_with(&ComputeOptions::new().workers(4))?` | |
//! | `dask.compute(a, b)` | [`compute_many(&[&a, &b])?`](crate::compute_many) | one graph: tasks both need run once; same element type |
//! | `da.store([a, b], [target_a, target_b])` | [`store(&[(&a, target_a), (&b, target_b)])?`](crate::store) | a target is an `Arc` of a [`Target`](crate::Target) (e.g. `Mutex<ArrayD>`); each chunk is written when made, then freed; a failure says which chunks were written ([`StoreError`](crate::StoreError)) |
//! | `da.from_zarr(path)`, `da.from_zarr(path, chunks=...)` | [`from_zarr::<f64>(path)?`](crate::from_zarr), [`from_zarr_chunks::<f64>(path, chunks)?`](crate::from_zarr_chunks) | lazy: a task per block reads its region; `f64`, `f32`, `i64`; typed [`ZarrError`](crate::ZarrError)s name the path |
//! | `x.to_zarr(path)` | [`x.to_zarr(path)?`](crate::Array::to_zarr), `x.to_zarr_gzip(path, level)?` | each chunk written when computed, then freed; never overwrites; a failure says which chunks were written |
//! | `x.persist()` | [`x.persist()?`](crate::Array::persist) | an `Array` whose chunks are held in memory; later computes start from them |
//! | `len(x.__dask_graph__())`, `dask.optimize` culling | `x.graph().len()`, `x.graph().summary()` | `graph()` is already culled |
//! | linear fusion (`optimize_graph=True`) | `x.graph().fuse()`, `ComputeOptions::new().fuse(true)` | off by default: a compute runs exactly `x.graph()` |
//! | `with ProgressBar(): ...` | `let _bar = ProgressBar::new().register();` or `ProgressBar::new().run(\|\| ...)` | see [`diagnostics`](crate::diagnostics); any callback can also go to one compute via `ComputeOptions::callback` |
//! | `with Profiler() as prof, ResourceProfiler() as rprof: ...` then `visualize([prof, rprof])` | `let _p = prof.register(); let _r = rprof.register();` then [`diagnostics::visualize(&prof, Some(&rprof))?`](crate::diagnostics::visualize) | an SVG string (plotters): a lane per worker, a bar per task coloured by operation, CPU and memory below; give both the same `Clock` |
//! | `x.visualize()` | `x.to_dot()` | Graphviz DOT text of the culled graph |
//! | (Cubed's memory planning) | `x.estimate(&opts)`, `ComputeOptions::memory_limit(bytes)` | dask has no equivalent; a compute over the limit is refused with `ComputeError::MemoryLimit` |
//! | `np.abs(x)`, `np.exp(x)`, `np.log(x)`, `np.sqrt(x)`, `np.sin(x)`, `np.cos(x)`, `-x` | `x.abs()`, `x.exp()`, `x.log()`, `x.sqrt()`, `x.sin()`, `x.cos()`, `-&x` | also `ln`, `log10`, `tan`, `tanh` |
//! | `x.clip(0, 1)` | `x.clip(0.0, 1.0)` | |
//! | `x > 0.5`, `x <= y`, `x == y` | `x.greater(0.5)?`, `x.less_equal(&y)?`, `x.equal(&y)?` | an `Array<bool>`; Rust's `>` cannot return an array. A scalar or an array (broadcast) on the right |
//! | `da.where(c, x, y)` | [`where_(&c, &x, &y)?`](crate::where_) | `where` is a Rust keyword |
//! | `x.astype(np.float32)`, `x.astype(bool)` | `x.astype::<f32>()`, `x.astype::<bool>()` | conversions as Rust's `as` ([`AsType`](crate::AsType)) |
//! | `x.prod()`, `x.any()`, `x.all()` | `x.prod()`, `x.any()`, `x.all()` | `any`/`all` give `Array<bool>`; non-zero is true |
//! | `da.nansum(x)`, `nanmean`, `nanvar`, `nanstd`, `nanmin`, `nanmax` | `x.nansum()`, `x.nanmean()`, `x.nanvar(ddof)`, `x.nanstd(ddof)`, `x.nanmin()`, `x.nanmax()` | |
//! | `x.sum(axis=-1, keepdims=True, split_every=8)` | `x.reduce(Reduction::Sum, &ReduceOptions::new().axis(-1).keepdims(true).split_every(8))?` | every [`Reduction`](crate::Reduction); negative axes count from the end |
//! | `x.argmax(axis=0, split_every=8)` | `x.arg_reduce(ArgReduction::ArgMax, &ReduceOptions::new().axis(0).split_every(8))?` | |
//! | `x.min()` of an empty array (`ValueError`) | `ComputeError::Task` with `TaskError::EmptyReduction` | also `max`, `argmin`, `argmax`, as in dask |
//! | `x.cumsum(axis=0)`, `x.cumprod(axis=1)` | `x.cumsum(0)?`, `x.cumprod(1)?` | a blocked scan: a carry per block along the axis |
//! | `x.reshape(4, 6)`, `x.ravel()` | `x.reshape([4, 6])?`, `x.ravel()` | rechunks where axes merge or split, as dask does; no `-1` in the shape |
//! | `da.concatenate([x, y], axis=0)`, `da.stack([x, y], axis=-1)` | [`concatenate(&[&x, &y], 0)?`](crate::concatenate), [`stack(&[&x, &y], -1)?`](crate::stack) | |
//! | `x.squeeze()`, `da.expand_dims(x, 0)`, `da.broadcast_to(x, shape)` | `x.squeeze(&[])?`, `x.expand_dims(0)?`, `x.broadcast_to(shape)?` | |
//! | `da.tensordot(x, y, axes=([1], [0]))`, `x.dot(y)`, `x @ y` | [`tensordot(&x, &y, [1], [0])?`](crate::tensordot), `x.dot(&y)?`, `x.matmul(&y)?` | a product per pair of blocks, summed as a tree ([`tensordot_split_every`](crate::tensordot_split_every)); `matmul` of 1-d and 2-d arrays only |
//! | `chunks=((12, 12), (24, 0))`, `chunks=(5, 5, 2)` on a 1-d shape, `chunks=()` | `vec![vec![12, 12], vec![24, 0]]`, `[5, 5, 2]`, `Vec::<usize>::new()` | zero-length blocks and dask's shorthands, with dask's results |
//! | (a chunk too big for memory: `MemoryError` mid-compute) | `ComputeOptions::chunk_limit(bytes)` | refused before anything runs with `ComputeError::ChunkTooLarge`; the default is [`DEFAULT_CHUNK_LIMIT`](crate::DEFAULT_CHUNK_LIMIT) |
//!
//! # Not (yet) here
//!
//! | dask | why / instead |
//! |---|---|
//! | `chunks="auto"` | give sizes; `-1` takes a whole axis |
//! | fancy indexing (`x[[1, 5, 7]]`, `x[mask]`) | not yet: `slice` with steps, `index_axis`, and `where_(&mask, &x, &fill)` to keep the shape; a boolean mask gives chunks of unknown size, which lazyarray does not model |
//! | `x.reshape(-1, 6)` | give every length; `x.len()` helps |
//! | `matmul` of stacks (more than 2 dimensions) | `TensordotError::Matmul`; `tensordot` over the matrix axes of each |
//! | `da.linspace`, `da.eye`, `da.empty`, `rng.integers` | not yet: `arange`, `full`, `zeros`, `random::uniform` and `astype` |
//! | distributed / process schedulers | threads only; see the `multiprocessing` crate for processes |
//!
//! # Key differences
//!
//! Most dask code translates line by line; four differences change how the code reads.
//!
//! **Errors are values, found early.** dask raises when something goes wrong, often only at
//! `compute()`. lazyarray checks what it can when the array is built and returns a typed error
//! naming the values: chunks that do not fit are a [`ChunkError`](crate::ChunkError), shapes
//! that do not broadcast a [`ShapeError`](crate::ShapeError), a missing axis an
//! [`AxisError`](crate::AxisError). So array-with-array arithmetic returns a `Result`, and `?`
//! carries the error out. What can only fail while running — a panicking closure, `min` of an
//! empty array — is a [`ComputeError`](crate::ComputeError), never a crash; and a chunk too
//! big to allocate is refused before the first task runs.
//!
//! **Keywords become methods and option builders.** Python's `x.sum(axis=0, keepdims=True)`
//! has no Rust spelling; the common cases have methods (`sum`, `sum_axis`), and every keyword
//! lives in a [`ReduceOptions`](crate::ReduceOptions). Comparisons are methods too, because
//! Rust's `>` must return `bool`.
//!
//! **Random numbers do not depend on the chunks.** dask draws each chunk from its own
//! generator, so rechunking changes the numbers; here the value at a position depends on the
//! seed and the position only.
//!
//! **The element type is part of the array's type.** `Array<f64>` and `Array<bool>` are
//! different types, so `astype` names the target type and a comparison's result cannot be
//! added to a float array by accident.
//!
//! The notebook's centring step, with a mask, in both:
//!
//! ```python
//! x = da.random.default_rng(0).normal(0, 1, size=(1000, 100), chunks=(250, 50))
//! centred = x - x.mean(axis=0, keepdims=True)
//! big = da.where(abs(centred) > 2, centred, 0.0)
//! share = (big != 0).mean().compute()
//! ```
//!
//! ```
//! use lazyarray::{ReduceOptions, Reduction, full, random, where_};
//!
//! let x = random::default_rng(0).normal(0.0, 1.0, [1000, 100], [250, 50])?;
//! let mean = x.reduce(Reduction::Mean, &ReduceOptions::new().axis(0).keepdims(true))?;
//! assert_eq!(mean.shape(), &[1, 100]);
//! let centred = (&x - &mean)?;
//! let big = where_(&centred.abs().greater(2.0)?, &centred, &full([], [1], 0.0)?)?;
//! let share = big.not_equal(0.0)?.astype::<f64>().mean().compute_scalar()?;
//! // About 4.6% of normal draws lie beyond two standard deviations.
//! assert!((0.03..0.065).contains(&share), "{share}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
