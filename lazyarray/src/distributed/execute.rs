//! Starting the workers: the cluster's connections, timely's runtime, and every worker's result.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

use timely::WorkerConfig;
use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely::communication::allocator::{AllocatorBuilder, ProcessBuilder};
use timely::communication::{Config as CommunicationConfig, Hooks};

use super::{Cluster, Config, DistributedError, connect};

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
