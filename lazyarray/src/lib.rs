//! Lazy chunked N-dimensional arrays in the spirit of `dask.array`.
//!
//! Being built (issue 5).
#![deny(missing_docs)]

pub mod diagnostics;
