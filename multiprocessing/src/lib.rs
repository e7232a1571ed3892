//! A worker pool in the spirit of Python's `multiprocessing.Pool`.
#![deny(missing_docs)]
#![deny(missing_debug_implementations)]

mod error;
mod pool;
#[cfg(unix)]
mod process;

pub use error::{
    GetTimeoutError, JoinError, MapError, PoolError, SubmitError, TaskError, TaskErrorKind,
};
pub use pool::{
    AsyncResult, IMap, IMapUnordered, Pool, PoolBuilder, StarFn, default_chunksize,
};
#[cfg(unix)]
pub use process::{ProcessPool, worker_entry};
