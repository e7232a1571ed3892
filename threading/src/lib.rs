//! Python's `queue` and `threading` modules, in Rust: a thread-safe [`Queue`] (with
//! [`LifoQueue`], [`PriorityQueue`] and [`SimpleQueue`]) and a [`Thread`] that returns its
//! result.
//!
//! This crate follows the *Threading* section of the course notebook. Each part below is a
//! runnable example that asserts what it shows.
//!
//! # Hello, queue
//!
//! ```python
//! q = queue.Queue()
//! q.put('foo')
//! q.put('bar')
//! q.get(block=False)   # 'foo'
//! ```
//!
//! ```
//! use threading::{Queue, TryGetError};
//!
//! let q = Queue::new();
//! q.put("foo").unwrap();
//! q.put("bar").unwrap();
//! assert_eq!(q.get_nowait(), Ok("foo")); // first in, first out
//! assert_eq!(q.qsize(), 1);
//! assert_eq!(q.get_nowait(), Ok("bar"));
//! assert_eq!(q.get_nowait(), Err(TryGetError::Empty)); // Python raises queue.Empty
//! ```
//!
//! Every operation returns a `Result` whose error says exactly what can go wrong *for that
//! operation*: `get_nowait` can find the queue empty or shut down ([`TryGetError`]), `put` on an
//! unbounded queue can only find it shut down ([`PutError`]). A failed put hands the item back,
//! so nothing is lost by accident.
//!
//! # One type per queue: why the notebook's mix becomes an enum
//!
//! The notebook puts `'foo'`, `5` and a NumPy array on one queue. A Rust `Queue<T>` holds items
//! of a single type `T`, checked at compile time, so whoever calls `get` knows what they get.
//! To hold several kinds of thing, name the kinds in an enum; the compiler then makes every
//! consumer handle each kind, where Python would find a surprise at run time:
//!
//! ```
//! # use threading::Queue;
//! #[derive(Debug, PartialEq)]
//! enum Item {
//!     Str(String),
//!     Int(i64),
//!     Array(Vec<f64>),
//! }
//!
//! let q = Queue::new();
//! q.put(Item::Str("foo".into())).unwrap();
//! q.put(Item::Int(5)).unwrap();
//! q.put(Item::Array(vec![0.5; 1000])).unwrap();
//!
//! let mut total_len = 0;
//! while let Ok(item) = q.get_nowait() {
//!     total_len += match item {
//!         Item::Str(s) => s.len(),
//!         Item::Int(_) => 1,
//!         Item::Array(a) => a.len(),
//!     };
//! }
//! assert_eq!(total_len, 3 + 1 + 1000);
//! ```
//!
//! (`examples/notebook.rs` replays the notebook's cells this way, with an `ndarray` array.)
//!
//! # Threads: `Thread`, and scoped threads
//!
//! ```python
//! def work():
//!     q.put(np.random.randn(1000))
//! t = threading.Thread(target=work)
//! t.start()
//! q.get()
//! ```
//!
//! A [`Queue`] is a cheap handle: `clone` it to give a thread its own handle to the same queue.
//! [`Thread`] mirrors `threading.Thread(target=…)`, and its `join` returns what the target
//! returned:
//!
//! ```
//! use threading::{Queue, Thread};
//!
//! let q = Queue::new();
//! let mut t = Thread::new({
//!     let q = q.clone(); // the thread's own handle to the same queue
//!     move || {
//!         q.put(vec![1.0_f64; 1000]).unwrap();
//!         "done"
//!     }
//! });
//! t.start().unwrap();
//! let array = q.get().unwrap(); // blocks until the thread has put it
//! assert_eq!(array.len(), 1000);
//! assert_eq!(t.join().unwrap(), "done");
//! ```
//!
//! Rust also has *scoped* threads, which Python lacks: they may borrow local variables (here
//! the queue itself, no clone needed) because the scope waits for all of them before it ends:
//!
//! ```
//! use threading::Queue;
//!
//! let q = Queue::new();
//! std::thread::scope(|s| {
//!     for worker in 0..4 {
//!         let q = &q;
//!         s.spawn(move || q.put(worker * 10).unwrap());
//!     }
//! });
//! let mut got: Vec<i32> = std::iter::from_fn(|| q.get_nowait().ok()).collect();
//! got.sort();
//! assert_eq!(got, [0, 10, 20, 30]);
//! ```
//!
//! # Bounded queues, blocking and timeouts
//!
//! [`Queue::with_maxsize`] bounds the queue: `put` waits while it is full, which slows a fast
//! producer down to its consumers' pace. `put_nowait`/`get_nowait` never wait and
//! `put_timeout`/`get_timeout` wait at most a given time:
//!
//! ```
//! use std::time::Duration;
//! use threading::{GetTimeoutError, PutTimeoutError, Queue, TryPutError};
//!
//! let q = Queue::with_maxsize(2);
//! q.put(1).unwrap();
//! q.put(2).unwrap();
//! assert!(q.full());
//! assert_eq!(q.put_nowait(3), Err(TryPutError::Full(3))); // the item comes back
//! let short = Duration::from_millis(10);
//! assert_eq!(q.put_timeout(3, short), Err(PutTimeoutError::Full(3)));
//! assert_eq!(q.get_timeout(short), Ok(1));
//! assert_eq!(q.get_timeout(short), Ok(2));
//! assert_eq!(q.get_timeout(short), Err(GetTimeoutError::Empty));
//! ```
//!
//! # Waiting for the work to be done: `task_done` and `join`
//!
//! Each item put counts as an unfinished task until a consumer calls [`Queue::task_done`];
//! [`Queue::join`] waits until none is left. Calling `task_done` more often than items were put
//! is an error, as in Python.
//!
//! ```
//! use std::sync::atomic::{AtomicU32, Ordering};
//! use threading::{Queue, TaskDoneError};
//!
//! let q = Queue::new();
//! let processed = AtomicU32::new(0);
//! std::thread::scope(|s| {
//!     for _ in 0..2 {
//!         s.spawn(|| {
//!             while let Ok(n) = q.get() {
//!                 processed.fetch_add(n, Ordering::Relaxed);
//!                 q.task_done().unwrap();
//!             }
//!         });
//!     }
//!     for n in 1..=100 {
//!         q.put(n).unwrap();
//!     }
//!     q.join(); // every item has been got *and* processed
//!     assert_eq!(processed.load(Ordering::Relaxed), 5050);
//!     q.shutdown(); // the workers' `get` now fails, ending their loops
//! });
//! assert_eq!(q.task_done(), Err(TaskDoneError));
//! ```
//!
//! # Shutting down (Python 3.13)
//!
//! [`Queue::shutdown`] makes every later put fail; gets hand out what is left and then fail;
//! every thread blocked in `put` or `get` wakes up with an error. [`Queue::shutdown_immediate`]
//! also empties the queue at once (returning the items, which Python discards) and counts them
//! as done, so `join` returns.
//!
//! ```
//! use threading::{PutError, Queue, ShutDown};
//!
//! let q = Queue::new();
//! q.put("left over").unwrap();
//! q.shutdown();
//! assert_eq!(q.put("too late"), Err(PutError("too late")));
//! assert_eq!(q.get(), Ok("left over"));
//! assert_eq!(q.get(), Err(ShutDown));
//!
//! let q = Queue::new();
//! q.put(1).unwrap();
//! q.put(2).unwrap();
//! assert_eq!(q.shutdown_immediate(), [1, 2]);
//! q.join(); // returns: the drained items count as done
//! ```
//!
//! # LIFO and priority queues
//!
//! [`LifoQueue`] hands out the newest item first and [`PriorityQueue`] the lowest; both have
//! exactly the API above. Equal priorities come out in the order they were put.
//!
//! ```
//! use threading::{LifoQueue, PriorityQueue};
//!
//! let stack = LifoQueue::new();
//! let jobs = PriorityQueue::new();
//! for n in [3, 1, 2] {
//!     stack.put(n).unwrap();
//!     jobs.put(n).unwrap();
//! }
//! assert_eq!([stack.get(), stack.get(), stack.get()], [Ok(2), Ok(1), Ok(3)]);
//! assert_eq!([jobs.get(), jobs.get(), jobs.get()], [Ok(1), Ok(2), Ok(3)]);
//! ```
//!
//! # Mind the GIL — and the data race Rust refuses
//!
//! In CPython only one thread runs Python code at a time (the Global Interpreter Lock), so
//! threads speed up waiting (I/O), not computing. Rust has no such lock: two threads computing
//! take about half the time on two cores. `cargo run --release -p threading --example gil`
//! prints the speedup; `cargo bench -p threading --bench gil` measures it (the figures are in
//! the crate's `BENCHMARKS.md`).
//!
//! Without a global lock, what stops two threads from corrupting shared data? The compiler.
//! Two threads that both add to one counter is a data race, and it does not compile:
//!
//! ```compile_fail,E0499
//! let mut total = 0;
//! std::thread::scope(|s| {
//!     s.spawn(|| total += 1);
//!     s.spawn(|| total += 1); // error[E0499]: cannot borrow `total` as mutable more than once
//! });
//! ```
//!
//! The fixes say what is shared and how: an atomic (or a `Mutex`) for a shared counter, or
//! better, let each thread return its part and combine the parts:
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering};
//!
//! let total = AtomicU64::new(0);
//! std::thread::scope(|s| {
//!     s.spawn(|| total.fetch_add(1, Ordering::Relaxed));
//!     s.spawn(|| total.fetch_add(1, Ordering::Relaxed));
//! });
//! assert_eq!(total.into_inner(), 2);
//!
//! let parts = std::thread::scope(|s| {
//!     let a = s.spawn(|| (0..500u64).sum::<u64>());
//!     let b = s.spawn(|| (500..1000u64).sum::<u64>());
//!     [a.join().unwrap(), b.join().unwrap()]
//! });
//! assert_eq!(parts.iter().sum::<u64>(), 499_500);
//! ```
//!
//! # Python to Rust
//!
//! | Python | Rust | Notes |
//! |---|---|---|
//! | `queue.Queue()`, `Queue(maxsize=n)` | [`Queue::new`], [`Queue::with_maxsize`] | `0` means unbounded in both |
//! | `q.put(x)` | [`Queue::put`] | errors only if shut down; the error holds `x` |
//! | `q.put(x, block=False)`, `q.put_nowait(x)` | [`Queue::put_nowait`] | [`TryPutError::Full`] is `queue.Full` |
//! | `q.put(x, timeout=t)` | [`Queue::put_timeout`] | `t` is a [`Duration`](std::time::Duration) |
//! | `q.get()` | [`Queue::get`] | errors only if shut down and empty |
//! | `q.get(block=False)`, `q.get_nowait()` | [`Queue::get_nowait`] | [`TryGetError::Empty`] is `queue.Empty` |
//! | `q.get(timeout=t)` | [`Queue::get_timeout`] | |
//! | `q.qsize()`, `q.empty()`, `q.full()` | [`Queue::qsize`], [`Queue::empty`], [`Queue::full`] | |
//! | `q.task_done()`, `q.join()` | [`Queue::task_done`], [`Queue::join`] | too many `task_done` is [`TaskDoneError`] |
//! | `q.shutdown()`, `q.shutdown(immediate=True)` | [`Queue::shutdown`], [`Queue::shutdown_immediate`] | the latter returns the drained items |
//! | `queue.LifoQueue`, `queue.PriorityQueue` | [`LifoQueue`], [`PriorityQueue`] | same API |
//! | `queue.SimpleQueue()` | [`SimpleQueue::new`] | `put` never fails; gets fail only with [`Empty`] |
//! | `threading.Thread(target=f, name=n)` | `Thread::new(f).with_name(n)` | see [`Thread::new`], [`Thread::with_name`] |
//! | `t.start()`, `t.is_alive()` | [`Thread::start`], [`Thread::is_alive`] | |
//! | `t.join()` | [`Thread::join`] | returns the result, or the panic as [`JoinError::Panicked`] |
//!
//! # How it works
//!
//! [`LifoQueue`] and [`PriorityQueue`] are built like `Lib/queue.py`, one lock and three
//! condition variables; [`Queue`] is a lock-free channel with a ledger of three atomic
//! counters beside it; [`SimpleQueue`] is the channel alone. The [`design`] page explains why
//! and how, including how a priority queue survives a panicking `Ord`, and where the benchmark
//! figures are.
#![deny(missing_docs)]
#![deny(missing_debug_implementations)]

pub mod design;
mod error;
mod fifo;
mod ledger;
mod locked;
mod queues;
mod simple;
mod storage;
mod sync;
mod thread;
mod wait;

pub use error::{
    Empty, GetTimeoutError, PutError, PutTimeoutError, ShutDown, TaskDoneError, TryGetError,
    TryPutError,
};
pub use queues::{LifoQueue, PriorityQueue, Queue};
pub use simple::SimpleQueue;
pub use thread::{JoinError, StartError, Thread};

/// Compiles and runs the README's Rust example as a doctest, so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
