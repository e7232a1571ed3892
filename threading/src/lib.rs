//! A thread-safe `Queue` in the spirit of Python's `queue.Queue`, and threads.
#![deny(missing_docs)]
#![deny(missing_debug_implementations)]

mod core;
mod error;
mod queues;
mod storage;
mod sync;
mod thread;

pub use error::{
    GetTimeoutError, PutError, PutTimeoutError, ShutDown, TaskDoneError, TryGetError, TryPutError,
};
pub use queues::{LifoQueue, PriorityQueue, Queue};
pub use thread::{JoinError, StartError, Thread};
