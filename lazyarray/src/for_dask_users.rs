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
//!
//! # Not (yet) here
//!
//! | dask | why / instead |
//! |---|---|
//! | `chunks="auto"` | give sizes; `-1` takes a whole axis |
//! | `keepdims=True` in reductions | reductions drop the reduced axes; broadcasting against the result still works (`x - x.mean_axis(0)?`) |
//! | fancy indexing (`x[[1, 5, 7]]`, boolean masks) | `slice` with steps, `index_axis` |
//! | `x.astype(np.float32)` | `x.map(\|v\| v as f32)` |
//! | distributed / process schedulers | threads only; see the `multiprocessing` crate for processes |
