//! One error type per operation, so a caller matches only on what can really happen.

use std::fmt;

// ANCHOR: task_error
/// Why one task gave no value.
///
/// Every task submitted to a pool yields exactly one outcome: its value or a `TaskError` that
/// says which task it was (its index in the input) and what went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("task {index} {kind}")]
pub struct TaskError {
    index: usize,
    kind: TaskErrorKind,
}

/// What went wrong with a task; see [`TaskError::kind`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TaskErrorKind {
    /// The task panicked; the panic's message (or a note that the payload was not a string).
    Panicked(String),
    /// The pool was terminated before the task could run (or, for `imap`, closed before the
    /// item was taken from the input).
    Terminated,
    /// The worker process running the task died (killed by a signal, aborted, ran out of
    /// memory); its exit status as the OS reported it. [`ProcessPool`](crate::ProcessPool) only.
    WorkerDied(String),
    /// The task could not be sent to a worker process or its result could not be read back
    /// (serialisation failed, a worker could not be started). [`ProcessPool`](crate::ProcessPool)
    /// only.
    Transport(String),
    /// The input iterator panicked while producing this item (its message): the tasks before
    /// it were delivered, nothing after it was taken. [`Pool::imap`](crate::Pool::imap) and
    /// [`Pool::imap_unordered`](crate::Pool::imap_unordered) only.
    InputPanicked(String),
    /// The task succeeded but its `callback` (or `error_callback`) panicked; its message.
    CallbackPanicked(String),
}
// ANCHOR_END: task_error

impl fmt::Display for TaskErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskErrorKind::Panicked(message) => write!(f, "panicked: {message}"),
            TaskErrorKind::Terminated => f.write_str("did not run: the pool was terminated"),
            TaskErrorKind::WorkerDied(status) => write!(f, "failed: its worker died ({status})"),
            TaskErrorKind::Transport(why) => write!(f, "failed in transport: {why}"),
            TaskErrorKind::InputPanicked(message) => {
                write!(
                    f,
                    "was not produced: the input iterator panicked: {message}"
                )
            }
            TaskErrorKind::CallbackPanicked(message) => {
                write!(f, "ran, but its callback panicked: {message}")
            }
        }
    }
}

impl TaskError {
    pub(crate) fn new(index: usize, kind: TaskErrorKind) -> Self {
        TaskError { index, kind }
    }

    /// The task's position in the input (0 for [`Pool::apply`](crate::Pool::apply)).
    pub fn index(&self) -> usize {
        self.index
    }

    /// What went wrong.
    pub fn kind(&self) -> &TaskErrorKind {
        &self.kind
    }

    /// The panic message, if the task panicked.
    pub fn panic_message(&self) -> Option<&str> {
        match &self.kind {
            TaskErrorKind::Panicked(message) => Some(message),
            _ => None,
        }
    }
}

/// A pool could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PoolError {
    /// A pool needs at least one worker (Python raises `ValueError` here).
    #[error("a pool needs at least one worker")]
    ZeroWorkers,
    /// More workers than [`Pool::MAX_PROCESSES`](crate::Pool::MAX_PROCESSES): refused before
    /// anything is allocated or started.
    #[error("{requested} workers asked for; a pool has at most {max}")]
    TooManyWorkers {
        /// The number asked for.
        requested: usize,
        /// The most a pool accepts.
        max: usize,
    },
    /// `maxtasksperchild` must be at least 1.
    #[error("maxtasksperchild must be at least 1")]
    ZeroMaxTasks,
    /// The worker name function gave a name with a NUL byte (threads cannot have one), or
    /// panicked; what it was.
    #[error("bad worker name: {0}")]
    WorkerName(String),
    /// The OS refused to start a worker thread or process.
    #[error("could not start a worker: {0}")]
    Spawn(#[from] std::io::Error),
    /// A worker process refused to serve: it does not run its parent's executable file (the
    /// function addresses a [`ProcessPool`](crate::ProcessPool) sends would not match);
    /// why, as the worker said.
    #[error("a worker process refused to serve: {0}")]
    WorkerRefused(String),
}

/// Work could not be submitted ([`Pool::apply_async`](crate::Pool::apply_async),
/// [`Pool::imap`](crate::Pool::imap), ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SubmitError {
    /// The pool was closed or terminated (Python: `ValueError: Pool not running`).
    #[error("the pool is not running: it was closed or terminated")]
    NotRunning,
    /// A chunk size of 0 would never make progress.
    #[error("chunk size must be at least 1")]
    ZeroChunkSize,
    /// The OS refused the thread that runs callbacks.
    #[error("could not start the thread that runs callbacks")]
    NoResultThread,
}

/// [`Pool::map`](crate::Pool::map) (and `starmap`, `apply`) gave no result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MapError {
    /// The work could not be submitted.
    #[error(transparent)]
    Submit(#[from] SubmitError),
    /// A task failed. Like Python, this is reported only after every chunk has finished; it is
    /// the failed task with the smallest index, and `failed` counts them all.
    #[error("{error} ({failed} task(s) failed in all)")]
    Task {
        /// The first failed task, in input order.
        error: TaskError,
        /// How many tasks failed.
        failed: usize,
    },
}

impl MapError {
    /// The first failed task, if a task failed.
    pub fn task_error(&self) -> Option<&TaskError> {
        match self {
            MapError::Task { error, .. } => Some(error),
            MapError::Submit(_) => None,
        }
    }
}

/// [`AsyncResult::get_timeout`](crate::AsyncResult::get_timeout) gave no result.
#[derive(thiserror::Error)]
pub enum GetTimeoutError<T> {
    /// Not ready in time; the handle is handed back so the caller can wait again.
    #[error("timed out waiting for the result")]
    Timeout(T),
    /// The task failed.
    #[error(transparent)]
    Task(TaskError),
}

// Like crossbeam-channel's errors: `Debug` does not require (or show) the handed-back handle.
impl<T> fmt::Debug for GetTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GetTimeoutError::Timeout(_) => f.write_str("Timeout(..)"),
            GetTimeoutError::Task(e) => f.debug_tuple("Task").field(e).finish(),
        }
    }
}

/// [`IMap::next_timeout`](crate::IMap::next_timeout) found no result in time (Python's
/// `multiprocessing.TimeoutError`); the iterator is unchanged, so it can wait again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("timed out waiting for the next result")]
pub struct TimeoutError;

/// [`Pool::join`](crate::Pool::join) was called on a pool that is still running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JoinError {
    /// Call [`close`](crate::Pool::close) or [`terminate`](crate::Pool::terminate) first
    /// (Python: `ValueError` from `join` on a running pool).
    #[error("join called on a running pool: call close or terminate first")]
    StillRunning,
    /// `join` was called by one of the pool's own workers (from inside a task or a callback),
    /// which would wait for itself. [`close`](crate::Pool::close) and
    /// [`terminate`](crate::Pool::terminate) work there; the workers end on their own.
    #[error("join called from inside one of the pool's own tasks: it would wait for itself")]
    FromWorker,
}

/// The text of a panic payload: `panic!("...")` gives a `&str` or a `String`.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic payload that is not a string".to_string()
    }
}
