//! `Profiler`: when each task ran, and on which worker (dask's `Profiler`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::callback::{Callback, Registered, TaskInfo, nothing_to_stop};
use super::clock::Clock;

/// One task as the [`Profiler`] saw it: plain data, to print or plot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRecord {
    /// The task's id in its graph.
    pub id: usize,
    /// The task's key, e.g. `normal-(0, 3)`.
    pub key: String,
    /// When it started, on the profiler's clock (zero when the profiler was made).
    pub start: Duration,
    /// When it ended, on the same clock.
    pub end: Duration,
    /// The worker that ran it.
    pub worker: usize,
    /// Bytes of the chunk it produced.
    pub bytes: usize,
}

impl TaskRecord {
    /// How long the task ran.
    pub fn duration(&self) -> Duration {
        self.end.saturating_sub(self.start)
    }
}

/// Records every task of every compute while registered: key, start, end, worker.
///
/// A cheap handle (clones share the records). Register it for a scope, compute, then read
/// [`Profiler::results`]:
///
/// ```
/// use lazyarray::diagnostics::{Callback, Profiler, TaskInfo};
///
/// let prof = Profiler::new();
/// // A scheduler would do this for every task; here by hand.
/// prof.start(2);
/// for (id, key) in ["a", "b"].into_iter().enumerate() {
///     let task = TaskInfo { id, key, worker: id % 2 };
///     prof.pretask(&task);
///     prof.posttask(&task, 800);
/// }
/// prof.finish(true);
///
/// let records = prof.results();
/// assert_eq!(records.len(), 2);
/// assert_eq!(records[1].key, "b");
/// assert_eq!(records[1].worker, 1);
/// assert!(records.iter().all(|r| r.start <= r.end));
/// ```
#[derive(Debug, Clone)]
pub struct Profiler {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    clock: Clock,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Start times of the tasks running now, by id.
    running: HashMap<usize, Duration>,
    records: Vec<TaskRecord>,
}

impl Default for Profiler {
    fn default() -> Self {
        Profiler::new()
    }
}

impl Profiler {
    /// A profiler on the system clock, with no records.
    pub fn new() -> Self {
        Profiler::with_clock(Clock::system())
    }

    /// A profiler reading `clock` (a [`FakeClock`](super::FakeClock) in tests).
    pub fn with_clock(clock: impl Into<Clock>) -> Self {
        Profiler {
            inner: Arc::new(Inner {
                clock: clock.into(),
                state: Mutex::default(),
            }),
        }
    }

    /// Records every compute until the returned guard is dropped.
    pub fn register(&self) -> Registered<Profiler> {
        Registered::new(self, nothing_to_stop)
    }

    /// Runs `f` with this profiler registered, and returns what `f` returns.
    pub fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        Registered::run(self, nothing_to_stop, f)
    }

    /// The finished tasks recorded so far, in the order they started.
    pub fn results(&self) -> Vec<TaskRecord> {
        let mut records = self.lock().records.clone();
        records.sort_by_key(|r| (r.start, r.id));
        records
    }

    /// Forgets every record (dask's `clear`).
    pub fn clear(&self) {
        let mut state = self.lock();
        state.records.clear();
        state.running.clear();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Records are pushed whole; a panic elsewhere leaves them consistent.
        self.inner.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Callback for Profiler {
    fn pretask(&self, task: &TaskInfo<'_>) {
        let now = self.inner.clock.now();
        self.lock().running.insert(task.id, now);
    }

    fn posttask(&self, task: &TaskInfo<'_>, bytes: usize) {
        let end = self.inner.clock.now();
        let mut state = self.lock();
        let start = state.running.remove(&task.id).unwrap_or(end);
        state.records.push(TaskRecord {
            id: task.id,
            key: task.key.to_owned(),
            start,
            end,
            worker: task.worker,
            bytes,
        });
    }

    fn finish(&self, _ok: bool) {
        // Tasks that started but never ended (a failed compute) are not results.
        self.lock().running.clear();
    }
}
