//! Which worker runs which task: a rule every process computes the same way, with no talking.
//!
//! Every process builds the same graph, so every process can work out the whole placement by
//! itself. Sources (tasks that read nothing: random blocks, `ones`) are dealt out evenly in id
//! order, so each worker gets one contiguous run of them; ids number the graph depth first, so
//! a contiguous run is a subtree of the reduction. Every other task runs on the worker that
//! already holds most of its input bytes (the lowest such worker on a tie). A chunk is then
//! sent exactly to the other workers that run one of its consumers.

use crate::graph::Graph;

/// Where every task of a graph runs on `workers` workers, and where each chunk is sent: what
/// every process of a cluster works out for itself before anything runs.
///
/// It needs no network and no feature: it is a function of the graph, so it can be inspected
/// (and drawn, as the book does) on one machine.
///
/// ```
/// use lazyarray::distributed::Plan;
/// let y = lazyarray::random::default_rng(0).normal(0.0, 1.0, [1000, 1000], [100, 100])?;
/// let graph = y.mean().graph();
/// let plan = Plan::new(&graph, 2);
/// // The 100 random blocks: 50 on each worker.
/// let on_1 = graph.tasks().iter().filter(|t| t.name() == "normal" && plan.worker_of()[t.id()] == 1);
/// assert_eq!(on_1.count(), 50);
/// // Only partial results are sent anywhere, and only a few of them.
/// let sent: Vec<&str> = graph.tasks().iter()
///     .filter(|t| !plan.send_to(t.id()).is_empty())
///     .map(|t| t.name())
///     .collect();
/// assert!(sent.iter().all(|n| n.starts_with("mean")) && sent.len() < 10);
/// # Ok::<(), lazyarray::ChunkError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    worker_of: Vec<usize>,
    send_to: Vec<Vec<usize>>,
}

impl Plan {
    /// The placement of `graph` on `workers` workers (at least one).
    pub fn new(graph: &Graph, workers: usize) -> Plan {
        let worker_of = place(graph, workers.max(1));
        let send_to = destinations(graph, &worker_of);
        Plan { worker_of, send_to }
    }
    /// The worker of every task, by task id.
    pub fn worker_of(&self) -> &[usize] {
        &self.worker_of
    }
    /// The other workers that task `task`'s chunk is sent to (empty for an unknown task).
    pub fn send_to(&self, task: usize) -> &[usize] {
        self.send_to.get(task).map_or(&[], Vec::as_slice)
    }
}

// ANCHOR: place
/// The worker of every task, by task id.
fn place(graph: &Graph, workers: usize) -> Vec<usize> {
    let tasks = graph.tasks();
    let sources = tasks.iter().filter(|t| t.deps().is_empty()).count();
    let mut worker_of = Vec::with_capacity(tasks.len());
    let mut nth_source = 0;
    let mut bytes_on = vec![0usize; workers];
    for t in tasks {
        let w = if t.deps().is_empty() {
            // Source k of S goes to worker floor(k * W / S): runs of equal length.
            let w = nth_source * workers / sources.max(1);
            nth_source += 1;
            w
        } else {
            bytes_on.fill(0);
            for &d in t.deps() {
                bytes_on[worker_of[d]] += tasks[d].bytes();
            }
            // The first maximum: the lowest worker among those holding the most bytes.
            let most = bytes_on.iter().copied().max().unwrap_or(0);
            bytes_on.iter().position(|&b| b == most).unwrap_or(0)
        };
        worker_of.push(w);
    }
    worker_of
}
// ANCHOR_END: place

/// For every task, the other workers its chunk must be sent to: those running one of its
/// consumers, and worker 0 (which assembles the result) for an output.
fn destinations(graph: &Graph, worker_of: &[usize]) -> Vec<Vec<usize>> {
    let consumers = graph.consumers();
    let mut out: Vec<Vec<usize>> = consumers
        .iter()
        .enumerate()
        .map(|(t, cs)| {
            let mut ws: Vec<usize> = cs
                .iter()
                .map(|&c| worker_of[c])
                .filter(|&w| w != worker_of[t])
                .collect();
            ws.sort_unstable();
            ws.dedup();
            ws
        })
        .collect();
    for &o in graph.outputs() {
        if worker_of[o] != 0 && !out[o].contains(&0) {
            out[o].insert(0, 0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_dealt_out_evenly_and_the_mean_stays_local_until_the_top() {
        let y = crate::random::default_rng(1)
            .normal(0.0, 1.0, [1000, 1000], [100, 100])
            .unwrap();
        let g = y.mean().graph();
        let w = place(&g, 2);
        let per_worker = |k: usize| {
            g.tasks()
                .iter()
                .filter(|t| t.deps().is_empty() && w[t.id()] == k)
                .count()
        };
        assert_eq!((per_worker(0), per_worker(1)), (50, 50));
        // Every chunk mean runs beside its random block.
        for t in g.tasks().iter().filter(|t| t.name() == "mean-chunk") {
            assert_eq!(w[t.id()], w[t.deps()[0]], "{}", t.key());
        }
        // What crosses is partial results only: never a random block or its chunk mean's input.
        let dest = destinations(&g, &w);
        let crossing: Vec<&str> = g
            .tasks()
            .iter()
            .filter(|t| !dest[t.id()].is_empty())
            .map(|t| t.name())
            .collect();
        assert!(!crossing.is_empty() && crossing.len() <= 8, "{crossing:?}");
        assert!(
            crossing.iter().all(|n| n.starts_with("mean")),
            "{crossing:?}"
        );
    }
}
