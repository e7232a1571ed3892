//! The course's exercises: five per section of the notebook.
//!
//! Every exercise is one module with two versions and one test file,
//! `tests/<exercise>.rs`:
//!
//! - `src/starter/<exercise>.rs`: the pristine starter (signatures, `todo!()`, or a
//!   bug to find);
//! - `src/solution/<exercise>.rs`: the reference solution.
//!
//! Learners never edit the starters. The runner (`cargo run -p exercises`,
//! `src/main.rs`) copies each starter to `work/<exercise>.rs` (git-ignored) the first
//! time it runs, and tests those working copies under the `learner` feature. The
//! pristine files stay as they are, so:
//!
//! - `cargo test --workspace` (no feature) proves every solution passes;
//! - `cargo run -p book-checks --bin check-exercises` proves, like rustlings'
//!   `dev check`, that every starter (the `starter` feature) compiles and fails its
//!   tests, every solution passes, and both are rustfmt- and clippy-clean;
//!
//! and neither depends on how far a learner has got.
//!
//! The exercises depend only on std, crossbeam-channel, rayon and ndarray: each is
//! self-contained.

// Starters are unfinished on purpose: unused parameters and unreachable code after
// `todo!()` are expected there, not in the solutions.
#![cfg_attr(
    any(feature = "starter", feature = "learner"),
    allow(unused, unreachable_code, missing_docs, clippy::all)
)]

/// The exercises, in the course's order (the order `cargo run -p exercises` offers
/// them in).
pub const EXERCISES: [&str; 15] = [
    "mp1_chunksize",
    "mp2_worker_loop",
    "mp3_imap",
    "mp4_catch_panics",
    "mp5_pool_drop",
    "th1_blocking_put",
    "th2_task_done_join",
    "th3_deadlock",
    "th4_shared_state",
    "th5_priority",
    "la1_chunks",
    "la2_tree_reduction",
    "la3_cull",
    "la4_random",
    "la5_progress",
];

// The learner's working copies (`work/<exercise>.rs`), declared by build.rs.
#[cfg(feature = "learner")]
include!(concat!(env!("OUT_DIR"), "/learner.rs"));

/// Multiprocessing 1: Python's default chunk size and the schedule it gives.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/mp1_chunksize.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/mp1_chunksize.rs")]
pub mod mp1_chunksize;

/// Multiprocessing 2: a pool's worker loop and an ordered `map`.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/mp2_worker_loop.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/mp2_worker_loop.rs")]
pub mod mp2_worker_loop;

/// Multiprocessing 3: streaming results with `imap_unordered` and `imap`.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/mp3_imap.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/mp3_imap.rs")]
pub mod mp3_imap;

/// Multiprocessing 4: a task that panics yields an error, not a dead pool.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/mp4_catch_panics.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/mp4_catch_panics.rs")]
pub mod mp4_catch_panics;

/// Multiprocessing 5: a pool whose `Drop` runs the queued jobs and joins its workers.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/mp5_pool_drop.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/mp5_pool_drop.rs")]
pub mod mp5_pool_drop;

/// Threading 1: a bounded queue whose `put` blocks while it is full.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/th1_blocking_put.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/th1_blocking_put.rs")]
pub mod th1_blocking_put;

/// Threading 2: `task_done` and `join`, waiting until every item is processed.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/th2_task_done_join.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/th2_task_done_join.rs")]
pub mod th2_task_done_join;

/// Threading 3: find and fix the deadlocks in a channel pipeline.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/th3_deadlock.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/th3_deadlock.rs")]
pub mod th3_deadlock;

/// Threading 4: sharing work and results between threads without a GIL.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/th4_shared_state.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/th4_shared_state.rs")]
pub mod th4_shared_state;

/// Threading 5: a priority queue with insertion order among equal priorities.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/th5_priority.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/th5_priority.rs")]
pub mod th5_priority;

/// Lazy arrays 1: normalising chunk specifications like dask.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/la1_chunks.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/la1_chunks.rs")]
pub mod la1_chunks;

/// Lazy arrays 2: a tree reduction (`mean` with `split_every`) in a task graph.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/la2_tree_reduction.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/la2_tree_reduction.rs")]
pub mod la2_tree_reduction;

/// Lazy arrays 3: culling a task graph to what an output needs.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/la3_cull.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/la3_cull.rs")]
pub mod la3_cull;

/// Lazy arrays 4: random numbers that do not depend on the chunking.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/la4_random.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/la4_random.rs")]
pub mod la4_random;

/// Lazy arrays 5: the progress bar's frames, in dask's format.
#[cfg(not(feature = "learner"))]
#[cfg_attr(feature = "starter", path = "starter/la5_progress.rs")]
#[cfg_attr(not(feature = "starter"), path = "solution/la5_progress.rs")]
pub mod la5_progress;
