//! The same task graph on many processes and hosts, on timely dataflow (feature `distributed`).
//!
//! dask's answer to "my array outgrows one machine" is `dask.distributed`: a scheduler process
//! that hands tasks to worker processes, and a `Client` that submits graphs to it. lazyarray's
//! answer is SPMD ("single program, multiple data"), the way timely dataflow runs: every
//! process runs the same program, builds the same arrays, and therefore the same graph, and
//! every worker works out for itself which tasks are its own. Nobody hands out tasks; the only
//! traffic is chunks that a task on one worker needs from another.
//!
//! ```
//! use lazyarray::distributed::{Config, execute};
//! use lazyarray::random::default_rng;
//!
//! // One process with two workers here; the same closure runs unchanged on a cluster started
//! // with `-n 2 -p 0 -h hosts.txt` / `-n 2 -p 1 -h hosts.txt` (see `execute_from_args`).
//! let mean = execute(Config::single(2)?, |cluster| {
//!     let y = default_rng(42).normal(0.0, 1.0, [1000, 1000], [100, 100])?;
//!     cluster.compute_scalar(&y.mean())
//! })?;
//! // Worker 0 returns the value; it is bit-identical to the local compute.
//! let local = default_rng(42).normal(0.0, 1.0, [1000, 1000], [100, 100])?.mean().compute_scalar()?;
//! assert_eq!(mean, Some(local));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Who runs what, and what moves
//!
//! Each task runs on one worker, by a rule every process computes the same way: sources are
//! dealt out evenly, every other task runs where most of its input bytes already are. A chunk
//! is sent only to the workers whose tasks read it (serialised with serde, as timely does), and
//! dropped after its last consumer on each worker. For `Y.mean()` the random blocks never move:
//! only a few partial results (a sum and a count each) cross between processes.
//! [`Cluster::report`] lists every chunk that moved, with its size on the wire.
//!
//! This works because lazyarray's random numbers depend only on the seed and the position
//! (not on the chunks or the worker): every process agrees on every block without sending it.
//!
//! # Failures
//!
//! A task that panics on one worker makes every worker of every process return
//! [`DistributedError::Task`] with the task's key. A process that dies closes its connections,
//! and the others return [`DistributedError::PeerLost`]; a process that stops without dying is
//! caught by [`Config::timeout`]. A peer that never comes up is
//! [`DistributedError::ConnectionRefused`] after [`Config::connect_timeout`].

mod cluster;
mod config;
mod connect;
mod error;
mod placement;
mod report;
mod wire;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

use timely::WorkerConfig;
use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely::communication::allocator::{AllocatorBuilder, ProcessBuilder};
use timely::communication::{Config as CommunicationConfig, Hooks};

pub use cluster::Cluster;
pub use config::{Config, read_hostfile};
pub use error::DistributedError;
pub use report::{Report, Sent};

/// Runs `work` on every worker of this process, connected to the rest of the cluster that
/// `config` describes, and returns the first `Some` a worker of this process returned: on
/// process 0 that is worker 0's result (for [`Cluster::compute`], the array); on every other
/// process `Ok(None)` once its share is done.
///
/// # Errors
/// Forming the cluster: [`DistributedError::Bind`], [`DistributedError::ConnectionRefused`],
/// [`DistributedError::NotConnected`], [`DistributedError::Handshake`]. Running: the first error
/// of a worker of this process (a task's error before a lost peer's).
pub fn execute<R, F>(mut config: Config, work: F) -> Result<Option<R>, DistributedError>
where
    R: Send + 'static,
    F: Fn(&mut Cluster) -> Result<Option<R>, DistributedError> + Send + Sync + 'static,
{
    let workers = config.workers();
    let timeout = config.get_timeout();
    let (builders, others, sockets) = if config.processes() == 1 {
        let (builders, others) = CommunicationConfig::Process(workers)
            .try_build()
            .map_err(DistributedError::Timely)?;
        (builders, others, None)
    } else {
        let mut sockets = connect::connect(&mut config)?;
        let (streams, sockets) = sockets.take();
        let hooks = Hooks::default();
        let local =
            ProcessBuilder::new_typed_vector(workers, hooks.refill.clone(), hooks.spill.clone());
        let (tcp, guard) =
            initialize_networking_from_sockets(local, streams, config.process(), workers, hooks)
                .map_err(|e| DistributedError::Timely(e.to_string()))?;
        let builders = tcp.into_iter().map(AllocatorBuilder::Tcp).collect();
        (
            builders,
            Box::new(guard) as Box<dyn std::any::Any + Send>,
            Some(sockets),
        )
    };
    // Results come back through a channel, not through timely's join: a worker whose peer
    // died panics again while timely drops its connections, after it has sent its result.
    let (tx, rx) = mpsc::channel();
    let guards =
        timely::execute::execute_from(builders, others, WorkerConfig::default(), move |worker| {
            let index = worker.index();
            let mut cluster = Cluster::new(worker, workers, timeout);
            let result =
                catch_unwind(AssertUnwindSafe(|| work(&mut cluster))).unwrap_or_else(|_| {
                    Err(DistributedError::PeerLost(format!(
                        "worker {index} panicked outside any task"
                    )))
                });
            // The receiver lives until every worker has answered or ended.
            let _ = tx.send((index, result));
        })
        .map_err(DistributedError::Timely)?;
    let mut results: Vec<(usize, Result<Option<R>, DistributedError>)> =
        rx.iter().take(workers).collect();
    results.sort_by_key(|(i, _)| *i);
    let broken = results.len() < workers
        || results.iter().any(|(_, r)| {
            matches!(
                r,
                Err(DistributedError::PeerLost(_) | DistributedError::Timeout(_))
            )
        });
    if broken {
        // Close every connection so timely's network threads (ours and the peers') stop now.
        if let Some(s) = &sockets {
            s.shut_down();
        }
    }
    // Joining can panic when a connection broke (timely's threads report it that way); the
    // results are already in hand.
    let _ = catch_unwind(AssertUnwindSafe(move || drop(guards.join())));
    if results.len() < workers {
        return Err(DistributedError::PeerLost(
            "a worker thread ended without a result".into(),
        ));
    }
    let task_error = results
        .iter()
        .position(|(_, r)| matches!(r, Err(DistributedError::Task { .. })));
    let mut first = None;
    for (k, (_, r)) in results.into_iter().enumerate() {
        match r {
            Err(e) if task_error.is_none_or(|t| t == k) => return Err(e),
            Err(_) => {}
            Ok(v) => {
                if first.is_none() {
                    first = v;
                }
            }
        }
    }
    Ok(first)
}

/// [`execute`] with the cluster read from the command line in timely's style
/// ([`Config::from_args`]): `-n PROCESSES -p INDEX -w WORKERS -h HOSTFILE`.
///
/// ```no_run
/// // The same program on two hosts (hosts.txt: one host:port per line):
/// //   host A: my_program -n 2 -p 0 -h hosts.txt      prints Some(..)
/// //   host B: my_program -n 2 -p 1 -h hosts.txt      gets Ok(None)
/// let mean = lazyarray::distributed::execute_from_args(std::env::args(), |cluster| {
///     let y = lazyarray::random::default_rng(42).normal(0.0, 1.0, [20000, 20000], [1000, 1000])?;
///     cluster.compute_scalar(&y.mean())
/// })?;
/// if let Some(m) = mean {
///     println!("{m}");
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`Config::from_args`] and [`execute`].
pub fn execute_from_args<I, R, F>(args: I, work: F) -> Result<Option<R>, DistributedError>
where
    I: IntoIterator<Item = String>,
    R: Send + 'static,
    F: Fn(&mut Cluster) -> Result<Option<R>, DistributedError> + Send + Sync + 'static,
{
    execute(Config::from_args(args)?, work)
}
