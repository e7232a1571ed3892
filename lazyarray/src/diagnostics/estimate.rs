//! How much memory a graph's chunks can hold at once, before running it — and after.
//!
//! Both schedulers keep a chunk from the moment its task starts until the last task reading it
//! has finished (outputs until the end). [`estimate`] computes the most bytes that rule can keep
//! at once; [`ChunkMemory`] follows the same rule during a real compute, so a test can check that
//! the estimate is never below what happened.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::sync::{Mutex, MutexGuard};

use super::callback::{Callback, TaskInfo};
use crate::compute::{ComputeOptions, Scheduler};
use crate::graph::Graph;

/// What a compute will do, known before it runs: see [`estimate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// Tasks the compute runs (after culling).
    pub tasks: usize,
    /// The most bytes its chunks can hold at once under the chosen scheduler: an upper bound.
    pub peak_bytes: usize,
    /// Workers the bound was computed for.
    pub workers: usize,
    /// `true` when `peak_bytes` is the exact worst case (every order the scheduler can take was
    /// examined); `false` when the graph was too big for that and `peak_bytes` is the sum of
    /// every chunk, a looser bound.
    pub exact: bool,
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} tasks, at most {} bytes of chunks at once on {} worker{}{}",
            self.tasks,
            self.peak_bytes,
            self.workers,
            if self.workers == 1 { "" } else { "s" },
            if self.exact {
                ""
            } else {
                " (sum of all chunks)"
            },
        )
    }
}

/// A compute refused because its [`Estimate`] exceeds the memory limit it was given
/// ([`ComputeOptions::memory_limit`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryLimitError {
    /// The estimate, in bytes.
    pub estimate: usize,
    /// The limit, in bytes.
    pub limit: usize,
}

impl fmt::Display for MemoryLimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the computation may hold {} bytes of chunks at once, over the limit of {} bytes",
            self.estimate, self.limit
        )
    }
}

impl std::error::Error for MemoryLimitError {}

/// How many states of the parallel scheduler [`estimate`] examines before it settles for the
/// sum of all chunks: about a second and 100 MB at most (`examples/diagnostics_estimate_cost.rs`).
const STATE_BUDGET: usize = 2_000_000;

/// Counts `graph`'s tasks and bounds the bytes its chunks hold at once when run with `opts`.
///
/// For the synchronous scheduler (or one worker) the order is fixed and the figure exact. For
/// the parallel scheduler it is the worst case over every order in which tasks may finish on
/// `opts.get_workers()` workers that always start the ready task with the smallest id, which is
/// what the scheduler does. Only chunks are counted — a running fused chain counts its
/// intermediate chunks too ([`Task::peak_bytes`](crate::Task::peak_bytes)) — and a task's scratch
/// memory is not.
///
/// Why a search and not a formula: with task times unknown, one slow task can hold back the
/// tasks that read its output while the other workers run ahead, and what piles up meanwhile
/// depends on the graph's shape. For a reduction it is little (each chunk is reduced as soon as
/// it is made); for `x * s`, where `s` is a slow scalar task, every chunk of `x` may wait for
/// `s`. The search tries every order, so it is exact and never below what a compute holds.
/// It grows with the number of workers: on 2 workers a 939-task reduction of a 3.2 GB array
/// takes about half a second and finds 16 MB; on 3 or more workers a graph of a few hundred
/// tasks is already past the budget, and the estimate falls back to the sum of all chunks —
/// still an upper bound, but a loose one (see [`Estimate::exact`]).
pub fn estimate(graph: &Graph, opts: &ComputeOptions) -> Estimate {
    let plan = Plan::new(graph);
    let workers = match opts.get_scheduler() {
        Scheduler::Synchronous => 1,
        _ => opts.get_workers().max(1),
    };
    // Whatever is alive at once is at most every task's chunk together: when that sum does
    // not fit in a `usize`, neither might the search's counters, and the estimate saturates.
    let total = plan
        .running
        .iter()
        .try_fold(0usize, |s, &b| s.checked_add(b));
    let (peak_bytes, exact) = match total.and_then(|_| plan.worst_peak(workers, STATE_BUDGET)) {
        _ if total.is_none() => (usize::MAX, false),
        Some(peak) => (peak, true),
        // Every task at its largest (a fused chain with its intermediates) at once.
        None => (plan.running.iter().sum(), false),
    };
    Estimate {
        tasks: graph.len(),
        peak_bytes,
        workers,
        exact,
    }
}

/// Refuses, before anything runs, a graph whose [`estimate`] exceeds `opts`' memory limit.
/// Without a limit it is free: nothing is estimated.
pub fn check_memory(graph: &Graph, opts: &ComputeOptions) -> Result<(), MemoryLimitError> {
    let Some(limit) = opts.get_memory_limit() else {
        return Ok(());
    };
    let estimate = estimate(graph, opts).peak_bytes;
    if estimate > limit {
        return Err(MemoryLimitError { estimate, limit });
    }
    Ok(())
}

/// A graph reduced to what memory depends on.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) deps: Vec<Vec<usize>>,
    /// Bytes of each task's output chunk.
    pub(crate) bytes: Vec<usize>,
    /// Bytes each task holds while it runs (more than its output for a fused chain).
    pub(crate) running: Vec<usize>,
    pub(crate) outputs: Vec<usize>,
}

impl Plan {
    fn new(graph: &Graph) -> Plan {
        Plan {
            deps: graph.tasks().iter().map(|t| t.deps().to_vec()).collect(),
            bytes: graph.tasks().iter().map(|t| t.bytes()).collect(),
            running: graph
                .tasks()
                .iter()
                .map(|t| t.peak_bytes().max(t.bytes()))
                .collect(),
            outputs: graph.outputs().to_vec(),
        }
    }

    fn consumers(&self) -> Vec<Vec<usize>> {
        let mut consumers = vec![Vec::new(); self.deps.len()];
        for (t, deps) in self.deps.iter().enumerate() {
            for &d in deps {
                consumers[d].push(t);
            }
        }
        consumers
    }

    /// The most bytes alive at once over every run of `workers` priority workers, or `None`
    /// if more than `budget` scheduler states would have to be examined.
    ///
    /// A state is (finished tasks, running tasks). From a state, either any running task
    /// finishes, or — if a worker is free — the ready task with the smallest id starts. Free
    /// workers may be slow to start (the real ones take a lock first), so both moves are always
    /// allowed: the search covers every order the real scheduler can produce. Alive in a state:
    /// every running task's chunk, and every finished chunk that is an output or still has an
    /// unfinished reader.
    ///
    /// The search is depth first and updates one state in place (apply a move, explore, undo
    /// it), so a step costs a few counter updates rather than a pass over the graph; states
    /// already seen are remembered by a 128-bit hash of (finished, running).
    pub(crate) fn worst_peak(&self, workers: usize, budget: usize) -> Option<usize> {
        let mut search = Search::new(self, workers.max(1));
        let mut seen: HashSet<u128> = HashSet::new();
        seen.insert(search.key);
        let mut peak = search.alive;
        // Each frame: the moves out of a state, the next one to try, and how we got here.
        let mut frames = vec![(search.moves(), 0usize, None::<(Move, usize)>)];
        while let Some((moves, next, _)) = frames.last_mut() {
            if let Some(&mv) = moves.get(*next) {
                *next += 1;
                let undo = search.apply(mv);
                if seen.insert(search.key) {
                    if seen.len() > budget {
                        return None;
                    }
                    peak = peak.max(search.alive);
                    frames.push((search.moves(), 0, Some((mv, undo))));
                } else {
                    search.undo(mv, undo);
                }
            } else if let Some((_, _, Some((mv, undo)))) = frames.pop() {
                search.undo(mv, undo);
            }
        }
        Some(peak)
    }

    #[cfg(test)]
    /// [`Plan::worst_peak`] written plainly (a whole state per step): the specification the
    /// fast search is tested against.
    ///
    /// A state is (finished tasks, running tasks). From a state, either any running task
    /// finishes, or — if a worker is free — the ready task with the smallest id starts. Free
    /// workers may be slow to start (the real ones take a lock first), so both moves are always
    /// allowed: the search covers every order the real scheduler can produce. Alive in a state:
    /// every running task's chunk, and every finished chunk that is an output or still has an
    /// unfinished reader.
    fn worst_peak_reference(&self, workers: usize, budget: usize) -> Option<usize> {
        let n = self.deps.len();
        let consumers = self.consumers();
        let mut is_output = vec![false; n];
        for &o in &self.outputs {
            is_output[o] = true;
        }
        let words = n.div_ceil(64);
        let has = |set: &[u64], i: usize| set[i / 64] >> (i % 64) & 1 == 1;
        // The ready task with the smallest id: not started, every input finished.
        let next_ready = |finished: &[u64], running: &[usize]| {
            (0..n).find(|&t| {
                !has(finished, t)
                    && !running.contains(&t)
                    && self.deps[t].iter().all(|&d| has(finished, d))
            })
        };
        let alive = |finished: &[u64], running: &[usize]| -> usize {
            let held: usize = (0..n)
                .filter(|&d| has(finished, d))
                .filter(|&d| is_output[d] || consumers[d].iter().any(|&c| !has(finished, c)))
                .map(|d| self.bytes[d])
                .sum();
            held + running.iter().map(|&t| self.running[t]).sum::<usize>()
        };

        let mut seen: HashSet<(Vec<u64>, Vec<usize>)> = HashSet::new();
        let mut stack = vec![(vec![0u64; words], Vec::new())];
        let mut peak = 0;
        while let Some((finished, running)) = stack.pop() {
            if !seen.insert((finished.clone(), running.clone())) {
                continue;
            }
            if seen.len() > budget {
                return None;
            }
            peak = peak.max(alive(&finished, &running));
            if running.len() < workers
                && let Some(t) = next_ready(&finished, &running)
            {
                let mut r = running.clone();
                r.push(t);
                r.sort_unstable();
                stack.push((finished.clone(), r));
            }
            for (i, &t) in running.iter().enumerate() {
                let mut f = finished.clone();
                f[t / 64] |= 1 << (t % 64);
                let mut r = running.clone();
                r.remove(i);
                stack.push((f, r));
            }
        }
        Some(peak)
    }
}

/// One step of the scheduler: a task starts, or a running task finishes.
#[derive(Debug, Clone, Copy)]
enum Move {
    Start(usize),
    Finish(usize),
}

/// The scheduler's state during [`Plan::worst_peak`], updated in place.
struct Search<'p> {
    plan: &'p Plan,
    workers: usize,
    consumers: Vec<Vec<usize>>,
    is_output: Vec<bool>,
    /// Unfinished inputs, per task.
    waiting: Vec<usize>,
    /// Unfinished readers, per task.
    readers_left: Vec<usize>,
    /// Ready and not started, smallest id first.
    ready: BTreeSet<usize>,
    running: Vec<usize>,
    /// Bytes of chunks alive in this state.
    alive: usize,
    /// Hash of (finished, running): XOR of a random key per finished and per running task.
    key: u128,
    finished_keys: Vec<u128>,
    running_keys: Vec<u128>,
}

impl<'p> Search<'p> {
    fn new(plan: &'p Plan, workers: usize) -> Self {
        let n = plan.deps.len();
        let mut is_output = vec![false; n];
        for &o in &plan.outputs {
            is_output[o] = true;
        }
        let consumers = plan.consumers();
        let waiting: Vec<usize> = plan.deps.iter().map(Vec::len).collect();
        let mut seed = 0x5eed_u64;
        let mut key =
            || (u128::from(splitmix64(&mut seed)) << 64) | u128::from(splitmix64(&mut seed));
        Search {
            plan,
            workers,
            readers_left: consumers.iter().map(Vec::len).collect(),
            ready: (0..n).filter(|&t| waiting[t] == 0).collect(),
            waiting,
            consumers,
            is_output,
            running: Vec::with_capacity(workers),
            alive: 0,
            key: 0,
            finished_keys: (0..n).map(|_| key()).collect(),
            running_keys: (0..n).map(|_| key()).collect(),
        }
    }

    fn moves(&self) -> Vec<Move> {
        let mut moves = Vec::with_capacity(self.workers + 1);
        if self.running.len() < self.workers
            && let Some(&t) = self.ready.first()
        {
            moves.push(Move::Start(t));
        }
        moves.extend(self.running.iter().map(|&t| Move::Finish(t)));
        moves
    }

    /// Applies `mv`; returns what [`Search::undo`] needs (the finished task's place in
    /// `running`).
    fn apply(&mut self, mv: Move) -> usize {
        match mv {
            Move::Start(t) => {
                self.ready.remove(&t);
                self.running.push(t);
                self.key ^= self.running_keys[t];
                self.alive += self.plan.running[t];
                0
            }
            Move::Finish(t) => {
                let i = self.running.iter().position(|&r| r == t).unwrap_or(0);
                self.running.remove(i);
                self.key ^= self.running_keys[t] ^ self.finished_keys[t];
                // A fused chain's intermediates die with it; its output stays.
                self.alive -= self.plan.running[t] - self.plan.bytes[t];
                for &d in &self.plan.deps[t] {
                    self.readers_left[d] -= 1;
                    if self.readers_left[d] == 0 && !self.is_output[d] {
                        self.alive -= self.plan.bytes[d];
                    }
                }
                for &c in &self.consumers[t] {
                    self.waiting[c] -= 1;
                    if self.waiting[c] == 0 {
                        self.ready.insert(c);
                    }
                }
                i
            }
        }
    }

    fn undo(&mut self, mv: Move, place: usize) {
        match mv {
            Move::Start(t) => {
                self.running.pop();
                self.ready.insert(t);
                self.key ^= self.running_keys[t];
                self.alive -= self.plan.running[t];
            }
            Move::Finish(t) => {
                for &c in &self.consumers[t] {
                    if self.waiting[c] == 0 {
                        self.ready.remove(&c);
                    }
                    self.waiting[c] += 1;
                }
                for &d in &self.plan.deps[t] {
                    if self.readers_left[d] == 0 && !self.is_output[d] {
                        self.alive += self.plan.bytes[d];
                    }
                    self.readers_left[d] += 1;
                }
                self.alive += self.plan.running[t] - self.plan.bytes[t];
                self.running.insert(place, t);
                self.key ^= self.running_keys[t] ^ self.finished_keys[t];
            }
        }
    }
}

/// A small, well-mixed pseudo-random generator (Steele, Lea and Flood's SplitMix64), for the
/// state hashes: deterministic, so an estimate is the same on every run.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Follows the chunks a compute holds, by the schedulers' rule, and records the most bytes held
/// at once: the measured counterpart of [`estimate`].
///
/// Make it from the same graph the compute runs (`array.graph()`) and pass it to that compute
/// only (`ComputeOptions::callback`): it knows tasks by their ids in that graph.
pub struct ChunkMemory {
    plan: Plan,
    is_output: Vec<bool>,
    state: Mutex<ChunkState>,
}

#[derive(Debug, Default)]
struct ChunkState {
    remaining: Vec<usize>,
    alive: usize,
    peak: usize,
}

impl fmt::Debug for ChunkMemory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChunkMemory")
            .field("tasks", &self.plan.deps.len())
            .field("peak_bytes", &self.peak_bytes())
            .finish()
    }
}

impl ChunkMemory {
    /// A tracker for computes of `graph`.
    pub fn new(graph: &Graph) -> Self {
        ChunkMemory::from_plan(Plan::new(graph))
    }

    pub(crate) fn from_plan(plan: Plan) -> Self {
        let mut is_output = vec![false; plan.deps.len()];
        for &o in &plan.outputs {
            is_output[o] = true;
        }
        ChunkMemory {
            plan,
            is_output,
            state: Mutex::default(),
        }
    }

    /// The most bytes of chunks held at once in the last compute.
    pub fn peak_bytes(&self) -> usize {
        self.lock().peak
    }

    fn lock(&self) -> MutexGuard<'_, ChunkState> {
        // Counters updated together under the lock; recover from a poisoned one.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Callback for ChunkMemory {
    fn start(&self, _tasks: usize) {
        let consumers = self.plan.consumers();
        *self.lock() = ChunkState {
            remaining: consumers.iter().map(Vec::len).collect(),
            alive: 0,
            peak: 0,
        };
    }

    fn pretask(&self, task: &TaskInfo<'_>) {
        let Some(&bytes) = self.plan.running.get(task.id) else {
            return;
        };
        let mut s = self.lock();
        s.alive += bytes;
        s.peak = s.peak.max(s.alive);
    }

    fn posttask(&self, task: &TaskInfo<'_>, _bytes: usize) {
        let Some(deps) = self.plan.deps.get(task.id) else {
            return;
        };
        let mut s = self.lock();
        s.alive -= self.plan.running[task.id] - self.plan.bytes[task.id];
        for &d in deps {
            s.remaining[d] -= 1;
            if s.remaining[d] == 0 && !self.is_output[d] {
                s.alive -= self.plan.bytes[d];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` leaves of `leaf` bytes, each read by a 1-byte "chunk mean", all combined by one
    /// 1-byte task: a reduction in the order the graph builder numbers it (leaf, its mean, ...).
    fn reduction(n: usize, leaf: usize) -> Plan {
        let mut deps = Vec::new();
        let mut bytes = Vec::new();
        let mut means = Vec::new();
        for _ in 0..n {
            deps.push(vec![]);
            bytes.push(leaf);
            deps.push(vec![deps.len() - 1]);
            bytes.push(1);
            means.push(deps.len() - 1);
        }
        deps.push(means);
        bytes.push(1);
        Plan {
            outputs: vec![deps.len() - 1],
            running: bytes.clone(),
            deps,
            bytes,
        }
    }

    #[test]
    fn one_worker_holds_one_leaf_at_a_time() {
        // Leaf i and its mean are alive together, plus the means so far.
        let plan = reduction(10, 1000);
        assert_eq!(plan.worst_peak(1, 1000), Some(1000 + 10));
    }

    #[test]
    fn more_workers_hold_more_but_never_all() {
        let plan = reduction(10, 1000);
        let two = plan.worst_peak(2, 100_000).unwrap();
        let four = plan.worst_peak(4, 100_000).unwrap();
        assert!(two > 1010, "{two}");
        assert!(four > two, "{four} vs {two}");
        assert!(four < 10 * 1000, "{four}");
    }

    #[test]
    fn a_notebook_sized_reduction_is_examined_in_full_on_two_workers() {
        let t = std::time::Instant::now();
        let plan = reduction(100, 80_000);
        let peak = plan.worst_peak(2, STATE_BUDGET);
        eprintln!("{:?} {:?}", peak, t.elapsed());
        assert!(peak.is_some());
    }

    #[test]
    fn too_big_gives_up() {
        let plan = reduction(30, 1000);
        assert_eq!(plan.worst_peak(4, 10), None);
    }

    /// Random graphs as the graph builder makes them: inputs have smaller ids, and every task
    /// that nobody reads is an output.
    fn plans() -> impl proptest::strategy::Strategy<Value = Plan> {
        use proptest::prelude::*;
        (1usize..=10)
            .prop_flat_map(|n| {
                let deps = (0..n)
                    .map(|t| {
                        proptest::sample::subsequence((0..t).collect::<Vec<_>>(), 0..=t.min(3))
                    })
                    .collect::<Vec<_>>();
                (
                    deps,
                    proptest::collection::vec(1usize..100, n),
                    // Extra bytes while running, as a fused chain has.
                    proptest::collection::vec(prop_oneof![Just(0usize), 1usize..100], n),
                    proptest::collection::vec(any::<bool>(), n),
                )
            })
            .prop_map(|(deps, bytes, extra, extra_outputs)| {
                let n = deps.len();
                let mut read = vec![false; n];
                for d in deps.iter().flatten() {
                    read[*d] = true;
                }
                let outputs = (0..n).filter(|&t| !read[t] || extra_outputs[t]).collect();
                Plan {
                    running: bytes.iter().zip(&extra).map(|(b, e)| b + e).collect(),
                    deps,
                    bytes,
                    outputs,
                }
            })
    }

    proptest::proptest! {
        #[test]
        fn the_fast_search_agrees_with_the_plain_one(plan in plans(), workers in 1usize..=3) {
            proptest::prop_assert_eq!(
                plan.worst_peak(workers, 1 << 20),
                plan.worst_peak_reference(workers, 1 << 20)
            );
        }
    }

    #[test]
    fn chunk_memory_follows_the_sequential_order() {
        let plan = reduction(3, 100);
        let expected = plan.worst_peak(1, 1000).unwrap();
        let mem = ChunkMemory::from_plan(plan.clone());
        mem.start(plan.deps.len());
        for id in 0..plan.deps.len() {
            let info = TaskInfo {
                id,
                key: "t",
                worker: 0,
            };
            mem.pretask(&info);
            mem.posttask(&info, plan.bytes[id]);
        }
        mem.finish(true);
        assert_eq!(mem.peak_bytes(), expected);
        assert_eq!(expected, 100 + 3);
    }
}
