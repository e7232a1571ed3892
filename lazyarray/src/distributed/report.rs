//! What a distributed compute did: who ran which task, and every chunk that moved.

pub use super::wire::Sent;

/// The record of one [`Cluster::compute`](super::Cluster::compute), complete on worker 0.
///
/// ```
/// use lazyarray::distributed::{Config, execute};
/// let report = execute(Config::single(2)?, |cluster| {
///     let y = lazyarray::random::default_rng(1).normal(0.0, 1.0, [400, 400], [100, 100])?;
///     cluster.compute(&y.mean())?;
///     Ok(cluster.report().cloned())
/// })?.unwrap();
/// // One process: chunks move between its two workers, never between processes.
/// assert_eq!(report.bytes_between_processes(), 0);
/// assert_eq!(report.tasks_per_worker().iter().sum::<usize>(), report.worker_of().len());
/// # Ok::<(), lazyarray::distributed::DistributedError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub(crate) workers_per_process: usize,
    pub(crate) worker_of: Vec<usize>,
    pub(crate) outputs: Vec<usize>,
    pub(crate) keys: Vec<String>,
    pub(crate) tasks_per_worker: Vec<usize>,
    pub(crate) sent: Vec<Sent>,
}

impl Report {
    /// The worker (global index) that ran each task, by task id.
    pub fn worker_of(&self) -> &[usize] {
        &self.worker_of
    }
    /// The process that ran each task, by task id.
    pub fn process_of(&self, task: usize) -> Option<usize> {
        self.worker_of
            .get(task)
            .map(|w| w / self.workers_per_process.max(1))
    }
    /// Each task's key, by task id.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }
    /// How many tasks each worker ran, by worker. (On workers other than 0, only its own.)
    pub fn tasks_per_worker(&self) -> &[usize] {
        &self.tasks_per_worker
    }
    /// Every chunk that moved, in no particular order.
    pub fn sent(&self) -> &[Sent] {
        &self.sent
    }
    /// The chunks that moved from one process to another.
    pub fn between_processes(&self) -> impl Iterator<Item = &Sent> {
        let w = self.workers_per_process.max(1);
        self.sent.iter().filter(move |s| s.from / w != s.to / w)
    }
    /// Bytes that crossed between processes (the network).
    pub fn bytes_between_processes(&self) -> u64 {
        self.between_processes().map(|s| s.bytes).sum()
    }
    /// The fewest bytes any placement moves between processes for a graph with one output
    /// chunk (a full reduction such as `Y.mean()`): every process that ran a task, but the one
    /// that ends with the output, must send at least one partial result, and no partial result
    /// is smaller than the smallest that crossed here.
    pub fn lower_bound_bytes_between_processes(&self) -> u64 {
        let w = self.workers_per_process.max(1);
        let mut processes: Vec<usize> = self.worker_of.iter().map(|x| x / w).collect();
        processes.sort_unstable();
        processes.dedup();
        let partial = self
            .between_processes()
            .filter(|s| !self.outputs.contains(&s.task))
            .map(|s| s.bytes)
            .min();
        let smallest = partial
            .or_else(|| self.between_processes().map(|s| s.bytes).min())
            .unwrap_or(0);
        processes.len().saturating_sub(1) as u64 * smallest
    }
    /// Bytes handed between workers of the same process (timely passes them without
    /// serialising; counted at the size they would have on the wire).
    pub fn bytes_within_processes(&self) -> u64 {
        let w = self.workers_per_process.max(1);
        self.sent
            .iter()
            .filter(|s| s.from / w == s.to / w)
            .map(|s| s.bytes)
            .sum()
    }
}
