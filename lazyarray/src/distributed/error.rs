//! What can go wrong when a graph runs on several processes: one typed error for all of it.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use thiserror::Error;

use crate::error::{ComputeError, TaskError};

/// Why a distributed run failed: bad arguments, a cluster that could not form, a task that
/// failed on some worker, or a process that went away.
///
/// Every process of a cluster returns one of these when the run fails anywhere: a task that
/// fails on process 2 makes process 0 return [`DistributedError::Task`] with the task's key.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum DistributedError {
    /// The command line does not describe a cluster (`-n 0`, `-p 3` of 2, an unknown flag).
    #[error("bad arguments: {0}")]
    Args(String),
    /// The hostfile cannot be read, has too few lines, or a line is not `host:port`.
    #[error("hostfile {}: {reason}", path.display())]
    Hostfile {
        /// The file given with `-h`.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// This process could not listen on its own address.
    #[error("could not listen on {address}: {source}")]
    Bind {
        /// The address from the hostfile.
        address: String,
        /// The operating system's error.
        source: io::Error,
    },
    /// Nobody listened at a lower-numbered process's address until the connect timeout.
    #[error("process {process} at {address} refused {attempts} connection attempts")]
    ConnectionRefused {
        /// The process connected to.
        process: usize,
        /// Its address.
        address: String,
        /// How many attempts were made before giving up.
        attempts: usize,
    },
    /// Connecting failed for another reason (an unknown host, a network error).
    #[error("could not connect to process {process} at {address}: {source}")]
    Connect {
        /// The process connected to.
        process: usize,
        /// Its address.
        address: String,
        /// The operating system's error.
        source: io::Error,
    },
    /// Higher-numbered processes did not all connect within the connect timeout.
    #[error("processes {missing:?} did not connect within {waited:?}")]
    NotConnected {
        /// The processes never heard from.
        missing: Vec<usize>,
        /// How long this process waited.
        waited: Duration,
    },
    /// A peer spoke something other than this cluster's greeting (another program on the
    /// port, or a hostfile that disagrees about the number of processes).
    #[error("handshake with {peer}: {reason}")]
    Handshake {
        /// The peer's address.
        peer: String,
        /// What was wrong.
        reason: String,
    },
    /// timely dataflow refused to start its workers.
    #[error("timely dataflow could not start: {0}")]
    Timely(String),
    /// A task failed (its code panicked, say) on some worker of the cluster.
    #[error("task {key} failed on worker {worker}: {error}")]
    Task {
        /// The task's key, as in the local scheduler (`mean-chunk-(0, 3)`).
        key: String,
        /// The worker that ran it (global index: `process * workers + local`).
        worker: usize,
        /// What went wrong.
        error: TaskError,
    },
    /// A chunk that must move between workers is of a type lazyarray cannot serialise.
    #[error("the chunk of task {key} must move between workers but its type cannot be serialised")]
    Unsupported {
        /// The task whose output could not be sent.
        key: String,
    },
    /// Another process disconnected in the middle of the run (it was killed, or crashed).
    #[error("lost contact with another process: {0}")]
    PeerLost(String),
    /// Nothing arrived and no task finished for this long: a peer stopped without
    /// disconnecting.
    #[error("no progress for {0:?}: a peer hangs or the timeout is too short for one task")]
    Timeout(Duration),
    /// Building an array inside the closure failed (a bad chunk size, shapes that do not fit).
    #[error("building an array failed: {0}")]
    Array(Box<dyn std::error::Error + Send + Sync>),
    /// Assembling the result failed (`compute_scalar` on an array that is not 0-d, say).
    #[error(transparent)]
    Compute(#[from] ComputeError),
}

macro_rules! from_array_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for DistributedError {
            fn from(e: $t) -> Self {
                DistributedError::Array(Box::new(e))
            }
        }
    )*};
}
from_array_errors!(
    crate::error::ChunkError,
    crate::error::ShapeError,
    crate::error::AxisError,
    crate::error::IndexError
);
