//! A worker pool that Python's `multiprocessing` users recognise: a thread-backed [`Pool`] and
//! a process-backed [`ProcessPool`].
//!
//! # Hello, pool
//!
//! The notebook's first example hands eight items to `multiprocessing.Pool(2).map`. In Rust:
//!
//! ```
//! use multiprocessing::Pool;
//!
//! let pool = Pool::new(2)?; // two worker threads
//! let doubled = pool.map(|s: &str| s.repeat(2), ["a", "b", "c"])?;
//! assert_eq!(doubled, ["aa", "bb", "cc"]); // always in input order
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `map` cuts the input into chunks: it sends one job per chunk into one shared queue (a
//! crossbeam channel), and a worker that takes a job takes the next chunk of the input, so a
//! worker that finishes early takes the next chunk. The chunk size is
//! Python's rule, `ceil(len / (4 * workers))` ([`default_chunksize`]), or your choice with
//! [`Pool::map_chunked`]:
//!
//! ```
//! # use multiprocessing::Pool;
//! # let pool = Pool::new(2)?;
//! let squares = pool.map_chunked(|x: u64| x * x, 0..10, 3)?; // chunks of 3 items
//! assert_eq!(squares, [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
//! assert_eq!(multiprocessing::default_chunksize(8, 2), 1); // the notebook's 8 items
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Borrowing instead of copying
//!
//! Python pickles every item to send it to a worker. Threads share memory, and `map` returns
//! only when every chunk is done, so the function and the items may borrow from the caller:
//!
//! ```
//! # use multiprocessing::Pool;
//! # let pool = Pool::new(2)?;
//! let prices = vec![10.0, 20.0, 30.0];
//! let rate = 1.2; // borrowed by the closure
//! let with_tax = pool.map(|p: &f64| p * rate, &prices)?;
//! assert_eq!(with_tax, [12.0, 24.0, 36.0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # When a task panics
//!
//! A panic is caught in the worker and becomes that task's [`TaskError`]; the worker and the
//! pool carry on. Like Python, `map` reports the error only after every chunk has finished, and
//! it names the task (its index) and the panic's message:
//!
//! ```
//! # use multiprocessing::Pool;
//! # let pool = Pool::new(2)?;
//! let result = pool.map(|x: i32| 100 / x, [5, 0, 10]); // 100 / 0 panics
//! let error = result.unwrap_err();
//! let task = error.task_error().unwrap();
//! assert_eq!(task.index(), 1);
//! assert_eq!(task.panic_message(), Some("attempt to divide by zero"));
//! assert_eq!(pool.map(|x: i32| 100 / x, [5, 10])?, [20, 10]); // still usable
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Streaming and asynchronous results
//!
//! [`Pool::imap`] yields results in order as soon as each (and all before it) is ready;
//! [`Pool::imap_unordered`] yields them as they finish. Both read their input lazily, a few
//! chunks ahead of the results, so the input may be endless. [`Pool::apply_async`] and
//! [`Pool::map_async`] return an [`AsyncResult`] at once, with Python's `get`, `wait`,
//! `ready` and `successful`:
//!
//! ```
//! # use multiprocessing::Pool;
//! # let pool = Pool::new(2)?;
//! let lengths: Vec<usize> = pool
//!     .imap(|w: &'static str| w.len(), ["pool", "of", "workers"])?
//!     .collect::<Result<_, _>>()?;
//! assert_eq!(lengths, [4, 2, 7]);
//!
//! let sum = pool.apply_async(|| (1..=100).sum::<u32>())?;
//! let squares = pool.map_async(|x: u32| x * x, 1..=3)?;
//! assert_eq!(sum.get()?, 5050);
//! assert_eq!(squares.get()?, [1, 4, 9]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Functions of several arguments take tuples with [`Pool::starmap`] (Python's `starmap`).
//!
//! What may cross to a worker is checked by the compiler: `apply_async` wants a `Send`
//! closure, so one that holds an `Rc` (a reference count that is not thread-safe) does not
//! compile, where Python would only fail at run time, when pickling:
//!
//! ```compile_fail,E0277
//! # use multiprocessing::Pool;
//! # let pool = Pool::new(2)?;
//! let shared = std::rc::Rc::new(5);
//! let handle = pool.apply_async(move || *shared + 1)?; // error: `Rc<i32>` cannot be sent
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `Arc` (atomic reference counting) is the thread-safe one, and compiles.
//!
//! # Shutting down
//!
//! [`Pool::close`] stops new work and lets queued work finish; [`Pool::terminate`] also drops
//! the queued work (those tasks report [`TaskErrorKind::Terminated`]); [`Pool::join`] waits
//! for the workers and is an error on a running pool, as in Python. Dropping a pool closes and
//! joins it, so no worker thread outlives its pool.
//!
//! ```
//! use multiprocessing::{JoinError, Pool, SubmitError};
//!
//! let pool = Pool::new(2)?;
//! let late = pool.apply_async(|| "queued before close")?;
//! assert_eq!(pool.join(), Err(JoinError::StillRunning));
//! pool.close();
//! assert_eq!(pool.apply_async(|| ()).unwrap_err(), SubmitError::NotRunning);
//! pool.join()?;
//! assert_eq!(late.get()?, "queued before close"); // close let it finish
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Worker names, an `initializer` and `maxtasksperchild` are set with [`Pool::builder`].
//!
//! # Processes
//!
//! Threads share one address space: a task that corrupts memory or aborts takes the whole
//! program with it. [`ProcessPool`] runs tasks in separate worker processes, which is what
//! Python's `multiprocessing` does. The workers are this same executable started again, so the
//! program calls [`worker_entry`] first thing in `main` (tests invoke
//! [`enable_test_worker!`]); tasks are plain `fn` items whose argument and result are serde
//! types, sent as JSON over pipes.
//!
//! If a worker dies mid-task (killed by a signal, aborted, out of memory), that one task gives
//! [`TaskErrorKind::WorkerDied`] with the worker's exit status, a new worker takes its place
//! and every other task completes. Python's `multiprocessing.Pool` hangs forever in that case
//! (CPython issue gh-66587) and `concurrent.futures.ProcessPoolExecutor` fails every pending
//! task with `BrokenProcessPool`. See `tests/process.rs` for a worker killed by `SIGKILL`.
//!
//! # Python to Rust
//!
//! | Python | here | notes |
//! |---|---|---|
//! | `Pool(2)` | [`Pool::new(2)`](Pool::new) | 0 workers is an error, not a hang |
//! | `Pool(2, initializer, initargs, maxtasksperchild)` | [`Pool::builder`] | capture `initargs` in the closure |
//! | `p.map(f, xs)` / `p.map(f, xs, 4)` | [`Pool::map`] / [`Pool::map_chunked`] | may borrow; one error for the first failed task |
//! | (no equivalent) | [`Pool::map_slice`] | a borrowed slice cut into sub-slices, no copy |
//! | `p.imap`, `p.imap_unordered` | [`Pool::imap`], [`Pool::imap_unordered`] | iterators of `Result` per task; the input is read lazily, a few chunks ahead |
//! | `it.next(timeout)` | [`IMap::next_timeout`] | `Err(TimeoutError)` leaves the iterator as it was |
//! | `tqdm(p.imap(f, xs))` | `p.imap(f, xs)?.progress()` | indicatif's `ProgressIterator`; see `examples/imap_progress.rs` |
//! | `p.starmap(f, pairs)` | [`Pool::starmap`] | tuples of up to 4 arguments |
//! | `p.apply(f, args)` | [`Pool::apply`]`(move \|\| f(args))` | a closure carries the arguments |
//! | `p.apply_async`, `p.map_async`, `p.starmap_async` | [`Pool::apply_async`], [`Pool::map_async`], [`Pool::starmap_async`] | [`AsyncResult`] |
//! | `callback=`, `error_callback=`, `chunksize=` | [`Pool::apply_async_with`], [`Pool::map_async_with`], [`Pool::starmap_async_with`] | [`AsyncOptions`]; callbacks run on one result thread, in completion order |
//! | `p.starmap(f, pairs, 4)` | [`Pool::starmap_chunked`] | |
//! | `r.get(timeout)` | [`AsyncResult::get_timeout`] | hands the handle back on timeout |
//! | `p.close()`, `p.join()`, `p.terminate()` | same names | `Drop` closes and joins |
//! | a worker process killed | [`ProcessPool`] | only its task fails |
#![deny(missing_docs)]
#![deny(missing_debug_implementations)]

mod error;
mod pool;
#[cfg(unix)]
mod process;
mod unwind;

pub use error::{
    GetTimeoutError, JoinError, MapError, PoolError, SubmitError, TaskError, TaskErrorKind,
    TimeoutError,
};
pub use pool::{
    AsyncOptions, AsyncResult, IMap, IMapUnordered, Pool, PoolBuilder, StarFn, default_chunksize,
};
#[cfg(unix)]
pub use process::{ProcessPool, worker_entry};
