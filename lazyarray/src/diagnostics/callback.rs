//! The contract between the schedulers and the diagnostics.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What a scheduler says about one task as it runs it.
#[derive(Debug, Clone, Copy)]
pub struct TaskInfo<'a> {
    /// The task's position in the graph's task list (stable for one compute).
    pub id: usize,
    /// The task's key as people read it, e.g. `normal-(0, 3)`.
    pub key: &'a str,
    /// Which worker runs it (`0` for the synchronous scheduler).
    pub worker: usize,
}

/// Hooks a scheduler calls during `compute`; every method has an empty default.
///
/// The calls for one compute come in this order: one `start`, then for each task a `pretask` and
/// later its `posttask` (tasks on different workers interleave), then one `finish`, also when a
/// task fails. Implementations must be cheap: they run on the workers' hot path.
pub trait Callback: Send + Sync {
    /// Before the first task: how many tasks will run (after culling).
    fn start(&self, _tasks: usize) {}
    /// Just before a task runs.
    fn pretask(&self, _task: &TaskInfo<'_>) {}
    /// Just after a task ran; `bytes` is the size of the chunk it produced.
    fn posttask(&self, _task: &TaskInfo<'_>, _bytes: usize) {}
    /// After the last task, or after the first failure (`ok == false`).
    fn finish(&self, _ok: bool) {}
}

static REGISTRY: Mutex<Vec<(usize, Arc<dyn Callback>)>> = Mutex::new(Vec::new());
static ACTIVE: AtomicUsize = AtomicUsize::new(0);
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// Keeps a callback registered; dropping it unregisters the callback.
#[must_use = "the callback is unregistered when the guard is dropped"]
pub struct CallbackGuard {
    id: usize,
}

impl fmt::Debug for CallbackGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackGuard")
            .field("id", &self.id)
            .finish()
    }
}

/// Registers `callback` for every compute until the returned guard is dropped.
pub fn register(callback: Arc<dyn Callback>) -> CallbackGuard {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let mut registry = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    registry.push((id, callback));
    ACTIVE.store(registry.len(), Ordering::Release);
    CallbackGuard { id }
}

impl Drop for CallbackGuard {
    fn drop(&mut self) {
        let mut registry = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
        registry.retain(|(id, _)| *id != self.id);
        ACTIVE.store(registry.len(), Ordering::Release);
    }
}

/// The callbacks registered right now (empty, without locking, when there are none).
pub fn active() -> Vec<Arc<dyn Callback>> {
    if ACTIVE.load(Ordering::Acquire) == 0 {
        return Vec::new();
    }
    let registry = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    registry.iter().map(|(_, c)| Arc::clone(c)).collect()
}

/// Keeps a diagnostic registered for every compute until dropped: what each diagnostic's
/// `register()` returns, the Rust spelling of Python's `with ProgressBar():`.
///
/// Dropping it unregisters the diagnostic and first calls the diagnostic's stop function, which
/// ends a drawing or sampling thread that a compute left running (one that never called
/// `finish`).
#[must_use = "the diagnostic is unregistered when the guard is dropped"]
pub struct Registered<D: Callback + Clone + 'static> {
    diagnostic: D,
    stop: fn(&D),
    _registration: CallbackGuard,
}

impl<D: Callback + Clone + 'static> Registered<D> {
    /// Registers a clone of `diagnostic`; `stop` runs when the guard is dropped.
    pub(crate) fn new(diagnostic: &D, stop: fn(&D)) -> Self {
        Registered {
            diagnostic: diagnostic.clone(),
            stop,
            _registration: register(Arc::new(diagnostic.clone())),
        }
    }

    /// Runs `f` with `diagnostic` registered, and returns what `f` returns: each
    /// diagnostic's `run(|| ...)`.
    pub(crate) fn run<R>(diagnostic: &D, stop: fn(&D), f: impl FnOnce() -> R) -> R {
        let _guard = Registered::new(diagnostic, stop);
        f()
    }

    /// The registered diagnostic (a handle sharing its records).
    pub fn diagnostic(&self) -> &D {
        &self.diagnostic
    }
}

impl<D: Callback + Clone + fmt::Debug + 'static> fmt::Debug for Registered<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registered")
            .field("diagnostic", &self.diagnostic)
            .field("registration", &self._registration)
            .finish()
    }
}

impl<D: Callback + Clone + 'static> Drop for Registered<D> {
    fn drop(&mut self) {
        (self.stop)(&self.diagnostic);
    }
}

/// The stop function of a diagnostic without a background thread.
pub(crate) fn nothing_to_stop<D>(_: &D) {}
