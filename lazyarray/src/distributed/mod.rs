//! The same task graph on many processes and hosts, on timely dataflow.
//!
//! dask's answer to "my array outgrows one machine" is `dask.distributed`: a scheduler process
//! that hands tasks to worker processes, and a `Client` that submits graphs to it. lazyarray's
//! answer is SPMD ("single program, multiple data"), the way timely dataflow runs: every
//! process runs the same program, builds the same arrays, and therefore the same graph, and
//! every worker works out for itself which tasks are its own. Nobody hands out tasks; the only
//! traffic is chunks that a task on one worker needs from another.
//!
//! The runtime (`execute`, `execute_from_args`, `Cluster`, `Config`, `DistributedError`,
//! `Report`) is behind the cargo feature `distributed`, so that a build without it compiles
//! no timely. [`Plan`], the placement every process computes, is always here: it is a
//! function of the graph alone.
//!
//! ```
//! # #[cfg(feature = "distributed")] {
//! use lazyarray::distributed::{Config, execute};
//! use lazyarray::random::default_rng;
//!
//! // One process with two workers here; the same closure runs unchanged on a cluster started
//! // with `-n 2 -p 0 -h hosts.txt` and `-n 2 -p 1 -h hosts.txt` (see `execute_from_args`).
//! let mean = execute(Config::single(2)?, |cluster| {
//!     let y = default_rng(42).normal(0.0, 1.0, [1000, 1000], [100, 100])?;
//!     cluster.compute_scalar(&y.mean())
//! })?;
//! // Worker 0 returns the value; it is bit-identical to the local compute.
//! let y = default_rng(42).normal(0.0, 1.0, [1000, 1000], [100, 100])?;
//! assert_eq!(mean, Some(y.mean().compute_scalar()?));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Who runs what, and what moves
//!
//! Each task runs on one worker, by a rule every process computes the same way ([`Plan`]):
//! sources are dealt out evenly, every other task runs where most of its input bytes already
//! are. A chunk is sent only to the workers whose tasks read it (serialised with serde, as
//! timely does), and dropped after its last consumer on each worker. For `Y.mean()` the random
//! blocks never move: only a few partial results (a sum and a count each) cross between
//! processes. `Cluster::report` lists every chunk that moved, with its size on the wire.
//!
//! This works because lazyarray's random numbers depend only on the seed and the position
//! (not on the chunks or the worker): every process agrees on every block without sending it.
//!
//! # Failures
//!
//! A task that panics on one worker makes every worker of every process return
//! `DistributedError::Task` with the task's key. A process that dies closes its connections,
//! and the others return `DistributedError::PeerLost`; a process that stops without dying is
//! caught by `Config::timeout`. A peer that never comes up is
//! `DistributedError::ConnectionRefused` after `Config::connect_timeout`.

mod placement;
pub use placement::Plan;

#[cfg(feature = "distributed")]
mod cluster;
#[cfg(feature = "distributed")]
mod config;
#[cfg(feature = "distributed")]
mod connect;
#[cfg(feature = "distributed")]
mod error;
#[cfg(feature = "distributed")]
mod execute;
#[cfg(feature = "distributed")]
mod report;
#[cfg(feature = "distributed")]
mod wire;

#[cfg(feature = "distributed")]
pub use cluster::Cluster;
#[cfg(feature = "distributed")]
pub use config::{Config, read_hostfile};
#[cfg(feature = "distributed")]
pub use error::DistributedError;
#[cfg(feature = "distributed")]
pub use execute::{execute, execute_from_args};
#[cfg(feature = "distributed")]
pub use report::{Report, Sent};
