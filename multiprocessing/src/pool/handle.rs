//! What asynchronous calls hand back: [`AsyncResult`].

use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, TryRecvError};

use super::lock;
use crate::error::{GetTimeoutError, TaskError, TaskErrorKind};
use crate::unwind::{drop_each, drop_quietly};

/// The future result of [`Pool::apply_async`](crate::Pool::apply_async) or
/// [`Pool::map_async`](crate::Pool::map_async), like Python's `AsyncResult`.
///
/// ```
/// use multiprocessing::Pool;
///
/// let pool = Pool::new(2)?;
/// let handle = pool.apply_async(|| 6 * 7)?;
/// handle.wait();
/// assert!(handle.ready());
/// assert_eq!(handle.successful(), Some(true));
/// assert_eq!(handle.get()?, 42);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct AsyncResult<R> {
    rx: Receiver<Result<R, TaskError>>,
    /// The result once received. Receiving happens under this lock so that two threads waiting
    /// on the same handle cannot both block on the one message.
    slot: Mutex<Option<Result<R, TaskError>>>,
}

impl<R> fmt::Debug for AsyncResult<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncResult")
            .field("ready", &self.ready())
            .finish()
    }
}

/// The sender dropped without sending: only a job dropped unrun does that, and its reporter
/// sends first, so this is a belt-and-braces answer rather than an expected path.
fn lost<R>() -> Result<R, TaskError> {
    Err(TaskError::new(0, TaskErrorKind::Terminated))
}

impl<R> AsyncResult<R> {
    pub(crate) fn new(rx: Receiver<Result<R, TaskError>>) -> Self {
        AsyncResult {
            rx,
            slot: Mutex::new(None),
        }
    }

    /// Whether the result has arrived (Python's `ready()`). Never blocks: if another thread is
    /// in [`wait`](Self::wait) on this handle, it answers `false`.
    pub fn ready(&self) -> bool {
        let Ok(mut slot) = self.slot.try_lock() else {
            return false;
        };
        if slot.is_none() {
            match self.rx.try_recv() {
                Ok(result) => *slot = Some(result),
                Err(TryRecvError::Empty) => return false,
                Err(TryRecvError::Disconnected) => *slot = Some(lost()),
            }
        }
        true
    }

    /// Whether the task completed without failing, or `None` if it is not ready yet (Python
    /// raises `ValueError` there).
    pub fn successful(&self) -> Option<bool> {
        if !self.ready() {
            return None;
        }
        let slot = lock(&self.slot);
        slot.as_ref().map(Result::is_ok)
    }

    /// Blocks until the result is ready.
    pub fn wait(&self) {
        let mut slot = lock(&self.slot);
        if slot.is_none() {
            *slot = Some(self.rx.recv().unwrap_or_else(|_| lost()));
        }
    }

    /// Blocks until the result is ready or `timeout` has passed; says whether it is ready.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let mut slot = lock(&self.slot);
        if slot.is_none() {
            match self.rx.recv_timeout(timeout) {
                Ok(result) => *slot = Some(result),
                Err(RecvTimeoutError::Timeout) => return false,
                Err(RecvTimeoutError::Disconnected) => *slot = Some(lost()),
            }
        }
        true
    }

    /// Waits for the result and returns it: the value, or the task's error.
    pub fn get(self) -> Result<R, TaskError> {
        self.wait();
        let slot = lock(&self.slot).take();
        slot.unwrap_or_else(lost)
    }

    /// Like [`get`](Self::get) but gives up after `timeout`, handing the handle back in
    /// [`GetTimeoutError::Timeout`] so the caller can wait again.
    ///
    /// ```
    /// use std::time::Duration;
    /// use multiprocessing::{GetTimeoutError, Pool};
    /// use crossbeam_channel::bounded;
    ///
    /// let pool = Pool::new(1)?;
    /// let (go, gate) = bounded::<()>(0);
    /// let handle = pool.apply_async(move || gate.recv().map(|()| "done"))?;
    /// let Err(GetTimeoutError::Timeout(handle)) = handle.get_timeout(Duration::from_millis(10))
    /// else { panic!("the task waits for the gate, so it cannot be ready") };
    /// go.send(())?;
    /// assert_eq!(handle.get()?, Ok("done"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get_timeout(self, timeout: Duration) -> Result<R, GetTimeoutError<Self>> {
        if !self.wait_timeout(timeout) {
            return Err(GetTimeoutError::Timeout(self));
        }
        self.get().map_err(GetTimeoutError::Task)
    }
}

impl<R> Drop for AsyncResult<R> {
    /// A result nobody collected is dropped quietly (see `unwind`): a value whose `Drop`
    /// panics cannot escape from here.
    fn drop(&mut self) {
        let slot = self.slot.get_mut().unwrap_or_else(|e| e.into_inner());
        drop_quietly(slot.take());
        drop_each(self.rx.try_iter());
    }
}
