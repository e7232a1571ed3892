//! A worker pool in the spirit of Python's `multiprocessing.Pool`.
//!
//! Being built (issue 3): a thread-backed `Pool` with `map`, `imap`, `apply_async`, and a
//! process-backed `ProcessPool` that survives a worker that dies.
#![deny(missing_docs)]
