//! A thread-safe `Queue` in the spirit of Python's `queue.Queue`, and threads.
//!
//! Being built (issue 4).
#![deny(missing_docs)]
