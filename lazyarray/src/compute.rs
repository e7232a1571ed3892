//! Running a [`Graph`]: the synchronous and the parallel (threaded) schedulers.
//!
//! Both run tasks in priority order (smallest id first among the ready ones) and free every
//! chunk as soon as its last consumer has run, so a reduction holds only a few chunks per worker
//! at a time, however big the array.

use std::any::Any;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
// Under `--cfg loom` the scheduler's lock and condition variable are loom's, and its workers are
// loom threads, so `tests/loom_scheduler.rs` can explore every interleaving of a small graph.
#[cfg(loom)]
use loom::sync::{Condvar, Mutex};
#[cfg(not(loom))]
use std::sync::{Condvar, Mutex};

use crate::diagnostics::{self, Callback, TaskInfo};
use crate::error::{ComputeError, TaskError};
use crate::graph::{Chunk, Graph};

// ANCHOR: scheduler
/// Which scheduler runs a compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Scheduler {
    /// Worker threads (the default), like dask's `"threads"` scheduler: the calling thread and
    /// threads started for this compute, so a compute inside a task runs too.
    #[default]
    Parallel,
    /// Every task on the calling thread, in priority order: dask's `"synchronous"`, for
    /// debugging (a panic's backtrace points at your code).
    Synchronous,
}
// ANCHOR_END: scheduler

/// How to run one compute: scheduler, workers, extra callbacks, memory limit.
///
/// ```
/// use lazyarray::{ComputeOptions, Scheduler};
/// let y = lazyarray::ones([10], 3).unwrap();
/// let opts = ComputeOptions::new().scheduler(Scheduler::Synchronous);
/// assert_eq!(y.sum().compute_scalar_with(&opts).unwrap(), 10.0);
/// ```
#[derive(Clone, Default)]
pub struct ComputeOptions {
    scheduler: Scheduler,
    workers: Option<usize>,
    callbacks: Vec<Arc<dyn Callback>>,
    memory_limit: Option<usize>,
    chunk_limit: Option<usize>,
    fuse: bool,
}

impl fmt::Debug for ComputeOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ComputeOptions")
            .field("scheduler", &self.scheduler)
            .field("workers", &self.workers)
            .field("callbacks", &self.callbacks.len())
            .field("memory_limit", &self.memory_limit)
            .field("chunk_limit", &self.chunk_limit)
            .field("fuse", &self.fuse)
            .finish()
    }
}

impl ComputeOptions {
    /// The defaults: the parallel scheduler with a worker per core, no limit.
    pub fn new() -> Self {
        ComputeOptions::default()
    }
    /// Chooses the scheduler.
    pub fn scheduler(mut self, scheduler: Scheduler) -> Self {
        self.scheduler = scheduler;
        self
    }
    /// Runs the parallel scheduler on `n` workers instead of one per core (rayon's count,
    /// which `RAYON_NUM_THREADS` sets). `0` makes `compute` fail with
    /// [`ComputeError::ZeroWorkers`].
    pub fn workers(mut self, n: usize) -> Self {
        self.workers = Some(n);
        self
    }
    /// Adds a callback for this compute only (after the registered ones).
    pub fn callback(mut self, callback: Arc<dyn Callback>) -> Self {
        self.callbacks.push(callback);
        self
    }
    /// Refuses to run a graph whose memory estimate exceeds `bytes`.
    pub fn memory_limit(mut self, bytes: usize) -> Self {
        self.memory_limit = Some(bytes);
        self
    }
    /// Refuses to run a graph with a chunk larger than `bytes` (or to assemble a result larger
    /// than that), with [`ComputeError::ChunkTooLarge`], before anything runs; the default is
    /// [`DEFAULT_CHUNK_LIMIT`](crate::DEFAULT_CHUNK_LIMIT). A chunk that does not fit in memory
    /// would otherwise abort the process in the allocator.
    pub fn chunk_limit(mut self, bytes: usize) -> Self {
        self.chunk_limit = Some(bytes);
        self
    }
    /// The chunk limit: the one set, or [`DEFAULT_CHUNK_LIMIT`](crate::DEFAULT_CHUNK_LIMIT).
    pub fn get_chunk_limit(&self) -> usize {
        self.chunk_limit
            .unwrap_or(crate::array::DEFAULT_CHUNK_LIMIT)
    }
    /// Fuses linear chains of tasks before running ([`Graph::fuse`]): fewer, bigger tasks.
    /// Off by default, so that a compute runs exactly [`Array::graph`](crate::Array::graph).
    pub fn fuse(mut self, fuse: bool) -> Self {
        self.fuse = fuse;
        self
    }
    /// Whether linear chains are fused.
    pub fn get_fuse(&self) -> bool {
        self.fuse
    }
    /// The scheduler chosen.
    pub fn get_scheduler(&self) -> Scheduler {
        self.scheduler
    }
    /// How many workers will run tasks: 1 for the synchronous scheduler, else the number
    /// chosen or rayon's current number of threads.
    pub fn get_workers(&self) -> usize {
        match self.scheduler {
            Scheduler::Synchronous => 1,
            Scheduler::Parallel => self.workers.unwrap_or_else(rayon::current_num_threads),
        }
    }
    /// The memory limit, if any.
    pub fn get_memory_limit(&self) -> Option<usize> {
        self.memory_limit
    }
}

type Shared = Arc<dyn Any + Send + Sync>;

/// Runs `graph` and returns its output chunks, in [`Graph::outputs`] order.
pub(crate) fn run(graph: &Graph, opts: &ComputeOptions) -> Result<Vec<Shared>, ComputeError> {
    diagnostics::check_memory(graph, opts)?;
    let mut callbacks = diagnostics::active();
    callbacks.extend(opts.callbacks.iter().cloned());
    for cb in &callbacks {
        cb.start(graph.len());
    }
    let result = match opts.scheduler {
        Scheduler::Synchronous => run_sync(graph, &callbacks),
        Scheduler::Parallel => run_parallel(graph, &callbacks, opts.workers),
    };
    for cb in &callbacks {
        // `finish` runs on the caller's thread after the workers are done: a panic here
        // reaches the caller, like any panic in its own code.
        cb.finish(result.is_ok());
    }
    result
}

/// Runs one task, turning a panic into a [`TaskError`] and calling the callbacks around it.
fn run_task(
    graph: &Graph,
    id: usize,
    inputs: &[Shared],
    worker: usize,
    callbacks: &[Arc<dyn Callback>],
) -> Result<Chunk, ComputeError> {
    let task = &graph.tasks()[id];
    let info = TaskInfo {
        id,
        key: task.key(),
        worker,
    };
    // The callbacks run inside the same guard as the task: a panicking diagnostic fails this
    // task like a panicking closure would, instead of killing a worker and leaving the others
    // waiting for a task that will never finish.
    let refs: Vec<&(dyn Any + Send + Sync)> = inputs.iter().map(|a| &**a).collect();
    let guarded = catch_unwind(AssertUnwindSafe(|| {
        for cb in callbacks {
            cb.pretask(&info);
        }
        let out = task.run(&refs);
        if out.is_ok() {
            for cb in callbacks {
                cb.posttask(&info, task.bytes());
            }
        }
        out
    }));
    let out = guarded.unwrap_or_else(|payload| Err(TaskError::Panicked(panic_message(&*payload))));
    out.map_err(|error| ComputeError::Task {
        key: task.key().to_string(),
        error,
    })
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a non-string panic payload".to_string()
    }
}

/// Which chunks are still needed: a count of unfinished consumers per task.
struct Lifetimes {
    consumers: Vec<Vec<usize>>,
    remaining: Vec<usize>,
    is_output: Vec<bool>,
}

impl Lifetimes {
    fn new(graph: &Graph) -> Self {
        let consumers = graph.consumers();
        let remaining = consumers.iter().map(Vec::len).collect();
        let mut is_output = vec![false; graph.len()];
        for &o in graph.outputs() {
            is_output[o] = true;
        }
        Lifetimes {
            consumers,
            remaining,
            is_output,
        }
    }

    /// Task `id` finished: calls `release` on each input that no one needs any more.
    fn release_inputs(&mut self, graph: &Graph, id: usize, mut release: impl FnMut(usize)) {
        for &d in graph.tasks()[id].deps() {
            self.remaining[d] -= 1;
            if self.remaining[d] == 0 && !self.is_output[d] {
                release(d);
            }
        }
    }
}

/// Clones the inputs of task `id` out of `results`. Ids are a topological order, so every
/// input exists unless it was freed too early (a bug, reported as an internal error).
fn inputs_of(
    graph: &Graph,
    id: usize,
    results: &[Option<Shared>],
) -> Result<Vec<Shared>, ComputeError> {
    let task = &graph.tasks()[id];
    task.deps()
        .iter()
        .map(|&d| results[d].clone())
        .collect::<Option<Vec<Shared>>>()
        .ok_or_else(|| ComputeError::Task {
            key: task.key().to_string(),
            error: TaskError::Internal("an input chunk was freed early".into()),
        })
}

fn collect_outputs(graph: &Graph, results: &[Option<Shared>]) -> Result<Vec<Shared>, ComputeError> {
    graph
        .outputs()
        .iter()
        .map(|&o| {
            results[o].clone().ok_or_else(|| ComputeError::Task {
                key: graph.tasks()[o].key().to_string(),
                error: TaskError::Internal("output chunk missing".to_string()),
            })
        })
        .collect()
}

fn run_sync(graph: &Graph, callbacks: &[Arc<dyn Callback>]) -> Result<Vec<Shared>, ComputeError> {
    let mut results: Vec<Option<Shared>> = vec![None; graph.len()];
    let mut lifetimes = Lifetimes::new(graph);
    for task in graph.tasks() {
        let inputs = inputs_of(graph, task.id(), &results)?;
        let out = run_task(graph, task.id(), &inputs, 0, callbacks)?;
        drop(inputs);
        results[task.id()] = Some(Arc::from(out));
        lifetimes.release_inputs(graph, task.id(), |d| results[d] = None);
    }
    collect_outputs(graph, &results)
}

/// The parallel scheduler's shared state, behind one mutex (held only between tasks).
struct State {
    ready: BinaryHeap<Reverse<usize>>,
    waiting_on: Vec<usize>,
    results: Vec<Option<Shared>>,
    lifetimes: Lifetimes,
    done: usize,
    failed: Option<ComputeError>,
}

fn run_parallel(
    graph: &Graph,
    callbacks: &[Arc<dyn Callback>],
    workers: Option<usize>,
) -> Result<Vec<Shared>, ComputeError> {
    if workers == Some(0) {
        return Err(ComputeError::ZeroWorkers(0));
    }
    let lifetimes = Lifetimes::new(graph);
    let waiting_on: Vec<usize> = graph.tasks().iter().map(|t| t.deps().len()).collect();
    let ready = waiting_on
        .iter()
        .enumerate()
        .filter(|&(_, &n)| n == 0)
        .map(|(i, _)| Reverse(i))
        .collect();
    let state = Mutex::new(State {
        ready,
        waiting_on,
        results: vec![None; graph.len()],
        lifetimes,
        done: 0,
        failed: None,
    });
    let wake = Condvar::new();
    let n = workers.unwrap_or_else(rayon::current_num_threads).max(1);
    #[cfg(loom)]
    {
        // loom threads need `'static` closures: share everything through an `Arc`.
        let shared = Arc::new((graph.clone(), callbacks.to_vec(), state, wake));
        let handles: Vec<_> = (1..n)
            .map(|worker| {
                let shared = Arc::clone(&shared);
                loom::thread::spawn(move || {
                    let (graph, callbacks, state, wake) = &*shared;
                    worker_loop(graph, callbacks, worker, state, wake);
                })
            })
            .collect();
        {
            let (graph, callbacks, state, wake) = &*shared;
            worker_loop(graph, callbacks, 0, state, wake);
        }
        for h in handles {
            h.join().map_err(|_| ComputeError::Pool {
                workers: n,
                message: "a loom worker panicked".into(),
            })?;
        }
        let Ok((_, _, state, _)) = Arc::try_unwrap(shared) else {
            return Err(ComputeError::Pool {
                workers: n,
                message: "a loom worker is still running".into(),
            });
        };
        finish_parallel(graph, state)
    }
    #[cfg(not(loom))]
    {
        run_on_threads(graph, callbacks, n, &state, &wake);
        finish_parallel(graph, state)
    }
}

/// The results once every worker has returned: the first failure, or the output chunks.
fn finish_parallel(graph: &Graph, state: Mutex<State>) -> Result<Vec<Shared>, ComputeError> {
    let mut state = state.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(e) = state.failed.take() {
        return Err(e);
    }
    collect_outputs(graph, &state.results)
}

// ANCHOR: threads
/// Runs `n` worker loops: the calling thread is worker 0, and `n - 1` threads of this compute's
/// own, scoped to it, are the others.
///
/// Why not rayon's pool: a worker waits on the condition variable when no task is ready, and a
/// rayon thread that waits cannot run the pool's other jobs. A `compute()` inside a task (a
/// `map_blocks` closure that computes) then deadlocks once every pool thread is an outer worker
/// waiting for the inner compute, or the inner compute's waiting workers sit on the threads the
/// outer tasks need. Threads of its own make every compute independent of who calls it: a
/// nested compute starts its own workers, and a waiting worker blocks nobody else's work.
/// Starting a thread costs tens of microseconds, small beside a compute's tasks.
#[cfg(not(loom))]
fn run_on_threads(
    graph: &Graph,
    callbacks: &[Arc<dyn Callback>],
    n: usize,
    state: &Mutex<State>,
    wake: &Condvar,
) {
    std::thread::scope(|s| {
        for worker in 1..n {
            let spawned = std::thread::Builder::new()
                .name(format!("lazyarray-worker-{worker}"))
                .spawn_scoped(s, move || {
                    worker_loop(graph, callbacks, worker, state, wake)
                });
            if let Err(e) = spawned {
                // The workers already running stop at their next task; the compute fails.
                let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
                st.failed.get_or_insert(ComputeError::Pool {
                    workers: n,
                    message: e.to_string(),
                });
                drop(st);
                wake.notify_all();
                break;
            }
        }
        worker_loop(graph, callbacks, 0, state, wake);
    });
}
// ANCHOR_END: threads

fn worker_loop(
    graph: &Graph,
    callbacks: &[Arc<dyn Callback>],
    worker: usize,
    state: &Mutex<State>,
    wake: &Condvar,
) {
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    // Chunks nobody needs any more: taken out under the lock, dropped after it. One vector for
    // the worker's whole life, so finishing a task allocates nothing while holding the lock.
    let mut freed: Vec<Shared> = Vec::new();
    loop {
        // Take the ready task with the smallest id, with clones of its inputs.
        let (id, inputs) = {
            let mut st = lock();
            loop {
                if st.failed.is_some() || st.done == graph.len() {
                    return;
                }
                if let Some(Reverse(id)) = st.ready.pop() {
                    match inputs_of(graph, id, &st.results) {
                        Ok(inputs) => break (id, inputs),
                        Err(e) => {
                            st.failed = Some(e);
                            wake.notify_all();
                            return;
                        }
                    }
                }
                st = wake.wait(st).unwrap_or_else(|e| e.into_inner());
            }
        };
        let out = run_task(graph, id, &inputs, worker, callbacks);
        drop(inputs);
        let mut newly_ready = 0;
        let mut st = lock();
        match out {
            Ok(chunk) => {
                st.results[id] = Some(Arc::from(chunk));
                st.done += 1;
                let st = &mut *st;
                for &c in &st.lifetimes.consumers[id] {
                    st.waiting_on[c] -= 1;
                    if st.waiting_on[c] == 0 {
                        st.ready.push(Reverse(c));
                        newly_ready += 1;
                    }
                }
                let results = &mut st.results;
                st.lifetimes
                    .release_inputs(graph, id, |d| freed.extend(results[d].take()));
            }
            Err(e) => {
                if st.failed.is_none() {
                    st.failed = Some(e);
                }
            }
        }
        // Wake only the workers there is work for: this one takes a ready task itself when it
        // loops, so `newly_ready - 1` others are needed; everyone must wake to leave when the
        // graph is done or has failed. (Waking all after every task woke idle workers only for
        // them to find nothing and sleep again.)
        let finished = st.failed.is_some() || st.done == graph.len();
        drop(st);
        match newly_ready {
            _ if finished => wake.notify_all(),
            0 | 1 => {}
            2 => wake.notify_one(),
            _ => wake.notify_all(),
        }
        freed.clear(); // drops the chunks, outside the lock
    }
}
