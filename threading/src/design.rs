//! How the queues work, for a reader who wants to know (nothing here is needed to use them).
//!
//! # Two designs
//!
//! [`LifoQueue`](crate::LifoQueue) and [`PriorityQueue`](crate::PriorityQueue) are built like
//! CPython's `Lib/queue.py`: one `Mutex` around the items and three `Condvar`s, `not_empty`
//! (where `get` waits), `not_full` (where `put` waits on a bounded queue) and `all_tasks_done`
//! (where `join` waits). The locking is written once; the two differ only in how they store
//! items, a `Vec` or a binary heap, as Python's subclasses override only `_put`, `_get` and
//! `_qsize`. Two refinements, both for speed: a thread signals a condition variable only when
//! the state counts a sleeper on it that has not been signalled yet, and a blocking call lets
//! go of the lock and spins for a moment before it sleeps.
//!
//! [`Queue`](crate::Queue) is built differently, because one lock makes every `put` and every
//! `get` queue up behind the same cache line. Its items live in an unbounded crossbeam channel,
//! which is lock-free, and beside it sits a *ledger* of three atomic counters that give it the
//! rest of Python's semantics:
//!
#![doc = include_str!("ledger.md")]
//!
//! [`SimpleQueue`](crate::SimpleQueue) is the channel alone: no bound, no tasks, no shutdown.
//!
//! # Waiting: yield, spin, sleep
//!
//! A call that cannot proceed first yields the CPU a few times, then spins for a moment on
//! crossbeam's backoff schedule, and only then sleeps (on a condition variable, or inside the
//! channel). On a busy queue another thread usually makes room or adds an item within
//! microseconds, while sleeping and being woken are system calls for both sides. Yielding
//! comes first because a consumer that spins on an empty queue keeps pulling the producer's
//! cache lines to its own core and slows the producer down.
//!
//! # A priority queue that loses nothing to a panicking `Ord`
//!
//! A priority queue runs the items' `Ord`, which is user code, under its lock. `std`'s
//! `BinaryHeap` drops the popped item if a comparison panics while it reorders the rest. This
//! crate's heap first finds, by comparing only, where each entry must go, and then moves
//! entries without comparing: a comparison that panics stops the step it is in before that
//! step has moved anything. A `put` keeps its entry aside, among the *unplaced* ones, until
//! its place is found, and the next `get` places those first; an immediate shutdown that
//! panics while ordering what it drains puts everything back. So the panic reaches the caller, and every
//! item put is still in the queue, counted, in its order. `tests/panics.rs` checks this
//! against a sequential model with random panicking comparisons.
//!
//! # How it is checked
//!
//! - loom models, which run code under every interleaving of its threads: the lock-based
//!   protocol in `tests/loom.rs`, the ledger's in `src/ledger.rs`;
//! - property tests against plain collections (`tests/model.rs`, `tests/panics.rs`);
//! - stress tests with exact counts: every item delivered exactly once, in order per
//!   producer, with shutdowns racing the traffic (`tests/stress.rs`).
//!
//! # How fast
//!
//! `cargo bench -p threading` compares `Queue` with crossbeam-channel (one producer and one
//! consumer, and four of each, bounded and unbounded), beside the lock-based design and std's
//! `mpsc`. The results are on the crate's benchmark page, `threading/BENCHMARKS.md` in the
//! repository, written by `cargo run --release -p harness --bin bench-page -- threading`.
