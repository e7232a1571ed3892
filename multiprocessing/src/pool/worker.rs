//! The worker threads: one loop that takes jobs from a shared channel until it is closed.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};

use super::lock;
use crate::error::PoolError;
use crate::unwind::{drop_quietly, take_message};
use crossbeam_channel::Receiver;

/// A unit of work for a worker: one chunk of a `map` (or `imap`, `map_async`), or one `apply`.
/// Jobs report their own outcome, also when dropped unrun, so a worker only runs them.
pub(crate) type Job = Box<dyn FnOnce() + Send + 'static>;

/// Names a worker from its number (1, 2, ... in the order workers are started).
pub(crate) type NameFn = Box<dyn Fn(usize) -> String + Send + Sync>;

/// Runs once in each new worker before it takes any job.
pub(crate) type Initializer = Arc<dyn Fn() + Send + Sync>;

/// Pool ids, so that a thread can tell whether it is one of a given pool's workers.
static POOL_IDS: AtomicUsize = AtomicUsize::new(1);

thread_local! {
    /// The id of the pool this thread works for (0: none).
    static WORKER_OF: Cell<usize> = const { Cell::new(0) };
}

/// A fresh pool id.
pub(crate) fn new_pool_id() -> usize {
    POOL_IDS.fetch_add(1, Ordering::Relaxed)
}

/// Whether the current thread is one of pool `id`'s workers (or its result thread), where
/// joining the pool would wait for the current thread itself.
pub(crate) fn on_pool_thread(id: usize) -> bool {
    WORKER_OF.with(Cell::get) == id
}

/// Marks the current thread as working for pool `id`.
pub(crate) fn mark_pool_thread(id: usize) {
    WORKER_OF.with(|w| w.set(id));
}

/// What every worker of one pool shares.
pub(crate) struct Shared {
    /// This pool's id (see [`on_pool_thread`]).
    pub(crate) id: usize,
    /// The job queue: every worker receives from the same channel (crossbeam channels are
    /// multi-consumer), so an idle worker takes the next job. When the pool's sender is dropped
    /// (`close`) and the queue is empty, `recv` fails and the worker ends.
    pub(crate) jobs: Receiver<Job>,
    /// Set by `terminate`: workers drop the jobs still queued instead of running them.
    pub(crate) terminated: AtomicBool,
    pub(crate) initializer: Option<Initializer>,
    pub(crate) max_tasks: Option<usize>,
    pub(crate) names: NameFn,
    /// Workers started so far, for names.
    pub(crate) started: AtomicUsize,
    /// The handles of workers not joined yet. A worker that retires (`maxtasksperchild`)
    /// starts its replacement and pushes the replacement's handle here before it ends, so
    /// `join` finds it. (A list, not one slot per worker: a replacement may itself retire and
    /// push its own replacement before its creator has pushed its handle.)
    pub(crate) handles: Mutex<Vec<JoinHandle<()>>>,
    /// Makes `spawn` fail as if the OS refused a thread (unit tests only).
    #[cfg(test)]
    pub(crate) refuse_spawns: AtomicBool,
}

impl Shared {
    /// Starts a worker and records its handle.
    ///
    /// Errors if the name function panics or gives a name with a NUL byte (which
    /// `std::thread::Builder::name` would panic on), or if the OS refuses a thread.
    pub(crate) fn spawn(self: &Arc<Self>) -> Result<(), PoolError> {
        #[cfg(test)]
        if self.refuse_spawns.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("thread refused by a test").into());
        }
        let number = self.started.fetch_add(1, Ordering::Relaxed) + 1;
        let name = catch_unwind(AssertUnwindSafe(|| (self.names)(number))).map_err(|payload| {
            let message = take_message(payload);
            PoolError::WorkerName(format!("the name function panicked: {message}"))
        })?;
        if name.contains('\0') {
            return Err(PoolError::WorkerName(format!(
                "{name:?} contains a NUL byte"
            )));
        }
        let shared = Arc::clone(self);
        let handle = thread::Builder::new()
            .name(name)
            .spawn(move || shared.work())?;
        lock(&self.handles).push(handle);
        Ok(())
    }

    // ANCHOR: worker_loop
    fn work(self: Arc<Self>) {
        mark_pool_thread(self.id);
        if let Some(init) = &self.initializer {
            // A panicking initializer must not take the pool down with it; the worker serves
            // tasks all the same (the panic message is on stderr from the panic hook).
            if let Err(payload) = catch_unwind(AssertUnwindSafe(|| init())) {
                drop_quietly(payload);
            }
        }
        let mut done = 0;
        while let Ok(job) = self.jobs.recv() {
            if self.terminated.load(Ordering::Acquire) {
                // A job dropped unrun reports its tasks as terminated (or, for `map`, leaves
                // its chunk unclaimed, which `map` counts the same way).
                drop(job);
                continue;
            }
            // Jobs catch their tasks' panics; this outer catch keeps the worker alive even if
            // a result's destructor panics.
            if let Err(payload) = catch_unwind(AssertUnwindSafe(job)) {
                drop_quietly(payload);
            }
            done += 1;
            if self.max_tasks == Some(done) {
                // Retire: a fresh thread takes our place (fresh thread-locals, like Python's
                // fresh process). If the replacement cannot start (the OS refuses a thread,
                // the name function fails), keep working and count again: a pool that lost
                // its workers this way would leave every pending task waiting forever.
                if self.spawn().is_ok() {
                    return;
                }
                done = 0;
            }
        }
    }
    // ANCHOR_END: worker_loop
}

/// Counts jobs down to zero; `map` over borrowed data waits on it before returning.
#[derive(Debug)]
pub(crate) struct Latch {
    count: Mutex<usize>,
    zero: Condvar,
}

impl Latch {
    pub(crate) fn new(count: usize) -> Self {
        Latch {
            count: Mutex::new(count),
            zero: Condvar::new(),
        }
    }

    /// One more job to wait for.
    pub(crate) fn increment(&self) {
        *lock(&self.count) += 1;
    }

    fn count_down(&self) {
        let mut count = lock(&self.count);
        *count -= 1;
        if *count == 0 {
            self.zero.notify_all();
        }
    }

    pub(crate) fn wait(&self) {
        let mut count = lock(&self.count);
        while *count > 0 {
            count = self.zero.wait(count).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// A job that borrows from its caller's stack, made to look `'static` so a long-lived worker
/// can run it.
///
/// Sound because the caller waits on the latch before the borrowed data can go away, and the
/// latch is counted down only after the borrowing job has been dropped, whether it ran or not
/// (`Drop` below drops the job first). The waiting is itself in a `Drop` guard
/// ([`WaitOnDrop`]), so it happens even if the caller unwinds. This is the technique behind
/// `std::thread::scope` and `rayon::scope`.
struct ScopedJob {
    job: Option<Job>,
    latch: Arc<Latch>,
}

impl Drop for ScopedJob {
    fn drop(&mut self) {
        drop(self.job.take());
        self.latch.count_down();
    }
}

/// Wraps a borrowing job so it can be sent to a worker; see [`ScopedJob`].
pub(crate) fn scoped_job<'a>(job: Box<dyn FnOnce() + Send + 'a>, latch: &Arc<Latch>) -> Job {
    // SAFETY: only the lifetime changes (the layout of a boxed trait object does not depend
    // on it). The job is dropped before `latch` counts down, and the owner of the borrowed data
    // waits for the latch (through `WaitOnDrop`) before that data can be freed.
    let job: Job = unsafe {
        std::mem::transmute::<Box<dyn FnOnce() + Send + 'a>, Box<dyn FnOnce() + Send + 'static>>(
            job,
        )
    };
    let mut scoped = ScopedJob {
        job: Some(job),
        latch: Arc::clone(latch),
    };
    Box::new(move || {
        if let Some(job) = scoped.job.take() {
            job();
        }
        drop(scoped);
    })
}

/// Waits for a latch when dropped, so borrowed jobs finish even if the caller unwinds.
pub(crate) struct WaitOnDrop(pub(crate) Arc<Latch>);

impl Drop for WaitOnDrop {
    fn drop(&mut self) {
        self.0.wait();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    use crate::Pool;

    #[test]
    fn a_worker_whose_replacement_is_refused_keeps_working() {
        let pool = Pool::builder()
            .processes(1)
            .maxtasksperchild(2)
            .build()
            .unwrap();
        pool.shared.refuse_spawns.store(true, Ordering::Relaxed);
        // Four jobs (`map_async` cuts 10 items into chunks of 3): the only worker reaches its
        // limit of two jobs twice, and each time its replacement is refused. It must go on
        // serving rather than leave the pool empty.
        // (The timeout turns a pool left without workers, a wait for ever, into a failure.)
        let handle = pool
            .map_async(
                |_: u32| std::thread::current().name().map(String::from),
                0..10,
            )
            .unwrap();
        let names = handle.get_timeout(Duration::from_secs(20)).unwrap();
        assert!(
            names.iter().all(|n| n.as_deref() == Some("PoolWorker-1")),
            "{names:?}"
        );
        // Once threads are allowed again, the next retirement hands over to a replacement.
        pool.shared.refuse_spawns.store(false, Ordering::Relaxed);
        let names = pool
            .map_chunked(
                |_: u32| std::thread::current().name().map(String::from),
                0..4,
                1,
            )
            .unwrap();
        assert!(
            names.iter().any(|n| n.as_deref() != Some("PoolWorker-1")),
            "{names:?}"
        );
    }
}
