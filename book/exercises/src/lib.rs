//! The course's exercises: five per section of the notebook.
//!
//! Every exercise is one module with two versions:
//!
//! - `src/starter/<exercise>.rs`: what a learner edits (signatures, `todo!()`, or a bug to find);
//! - `src/solution/<exercise>.rs`: the reference solution.
//!
//! Both share one test file, `tests/<exercise>.rs`. By default the crate builds the solutions, so
//! `cargo test --workspace` proves every solution passes. The `starter` feature swaps every module to
//! its starter; a learner checks one exercise with
//!
//! ```text
//! cargo test -p exercises --features starter --test <exercise>
//! ```
//!
//! `cargo run -p book-checks --bin check-exercises` proves, like rustlings' `dev check`, that every
//! starter compiles and fails its tests and every solution passes and is rustfmt- and clippy-clean.
//!
//! The exercises depend only on std, crossbeam-channel, rayon and ndarray: each is self-contained.

// Starters are unfinished on purpose: unused parameters and unreachable code after `todo!()` are
// expected there, not in the solutions.
#![cfg_attr(feature = "starter", allow(unused, unreachable_code, clippy::all))]

/// Multiprocessing 1: Python's default chunk size and the schedule it gives.
#[cfg_attr(feature = "starter", path = "starter/mp1_chunksize.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/mp1_chunksize.rs")]
pub mod mp1_chunksize;

/// Multiprocessing 2: a pool's worker loop and an ordered `map`.
#[cfg_attr(feature = "starter", path = "starter/mp2_worker_loop.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/mp2_worker_loop.rs")]
pub mod mp2_worker_loop;

/// Multiprocessing 3: streaming results with `imap_unordered` and `imap`.
#[cfg_attr(feature = "starter", path = "starter/mp3_imap.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/mp3_imap.rs")]
pub mod mp3_imap;

/// Multiprocessing 4: a task that panics yields an error, not a dead pool.
#[cfg_attr(feature = "starter", path = "starter/mp4_catch_panics.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/mp4_catch_panics.rs")]
pub mod mp4_catch_panics;

/// Multiprocessing 5: a pool whose `Drop` runs the queued jobs and joins its workers.
#[cfg_attr(feature = "starter", path = "starter/mp5_pool_drop.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/mp5_pool_drop.rs")]
pub mod mp5_pool_drop;

/// Threading 1: a bounded queue whose `put` blocks while it is full.
#[cfg_attr(feature = "starter", path = "starter/th1_blocking_put.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/th1_blocking_put.rs")]
pub mod th1_blocking_put;

/// Threading 2: `task_done` and `join`, waiting until every item is processed.
#[cfg_attr(feature = "starter", path = "starter/th2_task_done_join.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/th2_task_done_join.rs")]
pub mod th2_task_done_join;

/// Threading 3: find and fix the deadlocks in a channel pipeline.
#[cfg_attr(feature = "starter", path = "starter/th3_deadlock.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/th3_deadlock.rs")]
pub mod th3_deadlock;

/// Threading 4: sharing work and results between threads without a GIL.
#[cfg_attr(feature = "starter", path = "starter/th4_shared_state.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/th4_shared_state.rs")]
pub mod th4_shared_state;

/// Threading 5: a priority queue with insertion order among equal priorities.
#[cfg_attr(feature = "starter", path = "starter/th5_priority.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/th5_priority.rs")]
pub mod th5_priority;

/// Lazy arrays 1: normalising chunk specifications like dask.
#[cfg_attr(feature = "starter", path = "starter/la1_chunks.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/la1_chunks.rs")]
pub mod la1_chunks;

/// Lazy arrays 2: a tree reduction (`mean` with `split_every`) in a task graph.
#[cfg_attr(feature = "starter", path = "starter/la2_tree_reduction.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/la2_tree_reduction.rs")]
pub mod la2_tree_reduction;

/// Lazy arrays 3: culling a task graph to what an output needs.
#[cfg_attr(feature = "starter", path = "starter/la3_cull.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/la3_cull.rs")]
pub mod la3_cull;

/// Lazy arrays 4: random numbers that do not depend on the chunking.
#[cfg_attr(feature = "starter", path = "starter/la4_random.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/la4_random.rs")]
pub mod la4_random;

/// Lazy arrays 5: the progress bar's frames, in dask's format.
#[cfg_attr(feature = "starter", path = "starter/la5_progress.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/la5_progress.rs")]
pub mod la5_progress;
