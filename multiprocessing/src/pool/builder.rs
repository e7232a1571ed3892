//! [`PoolBuilder`]: the options of Python's `Pool(...)` beyond the worker count.

use std::fmt;
use std::sync::Arc;

use super::Pool;
use super::worker::{Initializer, NameFn};
use crate::error::PoolError;

/// Builds a [`Pool`] with worker names, an initializer or `maxtasksperchild`.
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
/// use multiprocessing::Pool;
///
/// let inits = Arc::new(AtomicUsize::new(0));
/// let counter = Arc::clone(&inits);
/// let pool = Pool::builder()
///     .processes(2)
///     .thread_name(|n| format!("cruncher-{n}"))
///     .initializer(move || {
///         counter.fetch_add(1, Ordering::SeqCst);
///     })
///     .maxtasksperchild(1) // every task on a fresh worker
///     .build()?;
/// let names = pool.map_chunked(|_: u32| std::thread::current().name().unwrap().to_string(), 0..4, 1)?;
/// assert!(names.iter().all(|n| n.starts_with("cruncher-")));
/// pool.close();
/// pool.join()?;
/// // 2 first workers, then a replacement after each of the 4 tasks.
/// assert_eq!(inits.load(Ordering::SeqCst), 6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PoolBuilder {
    processes: Option<usize>,
    names: Option<NameFn>,
    initializer: Option<Initializer>,
    max_tasks: Option<usize>,
}

impl fmt::Debug for PoolBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PoolBuilder")
            .field("processes", &self.processes)
            .field("names", &self.names.is_some())
            .field("initializer", &self.initializer.is_some())
            .field("maxtasksperchild", &self.max_tasks)
            .finish()
    }
}

impl Default for PoolBuilder {
    fn default() -> Self {
        PoolBuilder::new()
    }
}

impl PoolBuilder {
    /// A builder with Python's defaults: one worker per CPU, workers named `PoolWorker-1`,
    /// `PoolWorker-2`, ..., no initializer, workers that live as long as the pool.
    pub fn new() -> Self {
        PoolBuilder {
            processes: None,
            names: None,
            initializer: None,
            max_tasks: None,
        }
    }

    /// The number of workers (default: `std::thread::available_parallelism`, like Python's
    /// `os.cpu_count()`).
    pub fn processes(mut self, processes: usize) -> Self {
        self.processes = Some(processes);
        self
    }

    /// Names each worker thread from its number (1, 2, ...; replacements get new numbers).
    pub fn thread_name(mut self, name: impl Fn(usize) -> String + Send + Sync + 'static) -> Self {
        self.names = Some(Box::new(name));
        self
    }

    /// Runs `init` once in every worker before its first task (Python's `initializer`; pass
    /// `initargs` by capturing them).
    pub fn initializer(mut self, init: impl Fn() + Send + Sync + 'static) -> Self {
        self.initializer = Some(Arc::new(init));
        self
    }

    /// Replaces a worker with a fresh one after it has run `n` jobs (Python's
    /// `maxtasksperchild`; like Python, a job is one chunk of a `map`).
    pub fn maxtasksperchild(mut self, n: usize) -> Self {
        self.max_tasks = Some(n);
        self
    }

    /// Starts the workers.
    ///
    /// Errors with [`PoolError::ZeroWorkers`], [`PoolError::TooManyWorkers`] (more than
    /// [`Pool::MAX_PROCESSES`]), [`PoolError::ZeroMaxTasks`], [`PoolError::WorkerName`] if
    /// the name function panics or gives a name with a NUL byte, or [`PoolError::Spawn`] if
    /// the OS refuses a thread. The workers already started are joined before it returns.
    pub fn build(self) -> Result<Pool, PoolError> {
        let processes = match self.processes {
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, usize::from),
        };
        if processes == 0 {
            return Err(PoolError::ZeroWorkers);
        }
        if processes > Pool::MAX_PROCESSES {
            return Err(PoolError::TooManyWorkers {
                requested: processes,
                max: Pool::MAX_PROCESSES,
            });
        }
        if self.max_tasks == Some(0) {
            return Err(PoolError::ZeroMaxTasks);
        }
        let names = self
            .names
            .unwrap_or_else(|| Box::new(|n| format!("PoolWorker-{n}")));
        Pool::start(processes, names, self.initializer, self.max_tasks)
    }
}
