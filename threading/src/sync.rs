//! The synchronisation primitives the queue is built on, switchable to loom's model checker.
//!
//! A normal build uses `std::sync`. Built with `RUSTFLAGS="--cfg loom"`, the same names come from
//! [loom](https://docs.rs/loom), which runs `tests/loom.rs` under every interleaving of threads
//! (up to `LOOM_MAX_PREEMPTIONS` preemptions) and so checks the hand-written Mutex + Condvar
//! protocol in `core.rs` for lost wake-ups and deadlocks. Only the queue's code goes through this
//! module; everything else uses `std` directly.

#[cfg(loom)]
pub(crate) use loom::sync::{Arc, Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::{Arc, Condvar, Mutex, MutexGuard};
