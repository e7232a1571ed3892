//! Python's `callback` and `error_callback`: [`AsyncOptions`], and the pool's one result thread
//! that runs them.
//!
//! As in CPython, callbacks run on one thread per pool (started with the first callback), one
//! at a time, in the order the tasks complete, so they need no locking among themselves, and a
//! slow callback delays the ones after it, not the workers. A handle is ready only after its
//! callback has run. A callback that panics does not end that thread: the panic becomes the
//! task's outcome, [`TaskErrorKind::CallbackPanicked`].

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Sender, unbounded};

use super::lock;
use super::worker::{mark_pool_thread, on_pool_thread};
use crate::error::{SubmitError, TaskError, TaskErrorKind};
use crate::unwind::{drop_quietly, take_message};

/// A callback's work, sent to the result thread.
type Callback = Box<dyn FnOnce() + Send>;

/// Python's `callback`: gets the result.
type OnValue<R> = Box<dyn FnOnce(&R) + Send>;

/// Python's `error_callback`: gets the error.
type OnError = Box<dyn FnOnce(&TaskError) + Send>;

/// The options of Python's `apply_async`, `map_async` and `starmap_async` beyond the function
/// and its items: a chunk size, a `callback` for the result and an `error_callback` for a
/// failure.
///
/// ```
/// use multiprocessing::{AsyncOptions, Pool};
///
/// let pool = Pool::new(2)?;
/// let (tx, rx) = crossbeam_channel::unbounded();
/// let options = AsyncOptions::new()
///     .chunksize(2)
///     .callback(move |squares: &Vec<u32>| tx.send(squares.len()).unwrap());
/// let handle = pool.map_async_with(|x: u32| x * x, 0..5, options)?;
/// assert_eq!(handle.get()?, [0, 1, 4, 9, 16]);
/// assert_eq!(rx.recv()?, 5); // the callback ran before the handle was ready
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct AsyncOptions<R> {
    pub(crate) chunksize: Option<usize>,
    callback: Option<OnValue<R>>,
    error_callback: Option<OnError>,
}

impl<R> fmt::Debug for AsyncOptions<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncOptions")
            .field("chunksize", &self.chunksize)
            .field("callback", &self.callback.is_some())
            .field("error_callback", &self.error_callback.is_some())
            .finish()
    }
}

impl<R> Default for AsyncOptions<R> {
    fn default() -> Self {
        AsyncOptions::new()
    }
}

impl<R> AsyncOptions<R> {
    /// Python's defaults: its chunk size rule ([`default_chunksize`](crate::default_chunksize)),
    /// no callbacks.
    pub fn new() -> Self {
        AsyncOptions {
            chunksize: None,
            callback: None,
            error_callback: None,
        }
    }

    /// Items per chunk (`map_async` and `starmap_async`; ignored by `apply_async`). A chunk
    /// size of 0 is refused by the call, with [`SubmitError::ZeroChunkSize`].
    pub fn chunksize(mut self, chunksize: usize) -> Self {
        self.chunksize = Some(chunksize);
        self
    }

    /// Runs `callback` with the result when the task succeeds (Python's `callback`).
    pub fn callback(mut self, callback: impl FnOnce(&R) + Send + 'static) -> Self {
        self.callback = Some(Box::new(callback));
        self
    }

    /// Runs `error_callback` with the error when the task fails (Python's `error_callback`).
    pub fn error_callback(mut self, callback: impl FnOnce(&TaskError) + Send + 'static) -> Self {
        self.error_callback = Some(Box::new(callback));
        self
    }

    /// The chunk size to use for `len` items over `workers`, or `ZeroChunkSize`.
    pub(crate) fn chunksize_for(&self, len: usize, workers: usize) -> Result<usize, SubmitError> {
        match self.chunksize {
            Some(0) => Err(SubmitError::ZeroChunkSize),
            Some(size) => Ok(size),
            None => Ok(crate::default_chunksize(len, workers)),
        }
    }

    fn has_callbacks(&self) -> bool {
        self.callback.is_some() || self.error_callback.is_some()
    }

    /// Runs the callback that fits `result`; a panic in it replaces the result.
    fn run(self, result: Result<R, TaskError>) -> Result<R, TaskError> {
        let index = result.as_ref().err().map_or(0, TaskError::index);
        let ran = match (&result, self.callback, self.error_callback) {
            (Ok(value), Some(callback), _) => catch_unwind(AssertUnwindSafe(|| callback(value))),
            (Err(error), _, Some(callback)) => catch_unwind(AssertUnwindSafe(|| callback(error))),
            _ => Ok(()),
        };
        match ran {
            Ok(()) => result,
            Err(payload) => {
                drop_quietly(result);
                let kind = TaskErrorKind::CallbackPanicked(take_message(payload));
                Err(TaskError::new(index, kind))
            }
        }
    }
}

/// Where an asynchronous call's one result goes: straight to its handle, or through the
/// pool's result thread when it has callbacks.
pub(crate) struct Delivery<R> {
    tx: Sender<Result<R, TaskError>>,
    callbacks: Option<(AsyncOptions<R>, Sender<Callback>)>,
}

impl<R: Send + 'static> Delivery<R> {
    pub(crate) fn deliver(self, result: Result<R, TaskError>) {
        let Delivery { tx, callbacks } = self;
        match callbacks {
            None => send_or_drop(&tx, result),
            Some((options, thread)) => {
                let job: Callback = Box::new(move || send_or_drop(&tx, options.run(result)));
                // The result thread lives until the pool has joined its workers, and a
                // delivery lives in a job: the send succeeds. Were it gone, run it here.
                if let Err(unsent) = thread.send(job) {
                    (unsent.into_inner())();
                }
            }
        }
    }
}

/// Sends `result` to its handle; if nobody waits for it any more, drops it quietly.
fn send_or_drop<R>(tx: &Sender<Result<R, TaskError>>, result: Result<R, TaskError>) {
    if let Err(unwanted) = tx.send(result) {
        drop_quietly(unwanted.into_inner());
    }
}

/// The pool's result thread, started by the first call with a callback.
#[derive(Default)]
pub(crate) struct ResultThread {
    running: Mutex<Option<(Sender<Callback>, JoinHandle<()>)>>,
}

impl ResultThread {
    /// A delivery to `tx` with `options`' callbacks (through this thread, started if need be).
    pub(crate) fn delivery<R>(
        &self,
        pool_id: usize,
        tx: Sender<Result<R, TaskError>>,
        options: AsyncOptions<R>,
    ) -> Result<Delivery<R>, SubmitError> {
        if !options.has_callbacks() {
            return Ok(Delivery {
                tx,
                callbacks: None,
            });
        }
        let mut running = lock(&self.running);
        if running.is_none() {
            let (jobs, callbacks) = unbounded::<Callback>();
            let handle = thread::Builder::new()
                .name("PoolResultHandler".to_string())
                .spawn(move || {
                    // Joining the pool from a callback would wait for this thread itself.
                    mark_pool_thread(pool_id);
                    for job in callbacks {
                        if let Err(payload) = catch_unwind(AssertUnwindSafe(job)) {
                            drop_quietly(payload);
                        }
                    }
                })
                .map_err(|_| SubmitError::NoResultThread)?;
            *running = Some((jobs, handle));
        }
        let thread = running.as_ref().map(|(jobs, _)| jobs.clone());
        Ok(Delivery {
            tx,
            callbacks: thread.map(|thread| (options, thread)),
        })
    }

    /// Ends the thread once every delivery is gone (the workers have been joined) and waits
    /// for it, unless called on the thread itself.
    pub(crate) fn join(&self, pool_id: usize) {
        let running = lock(&self.running).take();
        if let Some((jobs, handle)) = running {
            drop(jobs);
            if !on_pool_thread(pool_id) {
                let _ = handle.join();
            }
        }
    }
}
