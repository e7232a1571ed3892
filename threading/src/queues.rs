//! The three public queue types with Python's full `Queue` API. Each is a cheap handle (`Arc`)
//! to its machinery: `Queue` to a [`Fifo`] (a crossbeam channel and a ledger, `fifo.rs`),
//! `LifoQueue` and `PriorityQueue` to a [`Locked`] over their own storage (one lock, as in
//! `Lib/queue.py`, `locked.rs`). Both kinds of machinery have the same methods, so a macro
//! writes the thin, identical public API for all three, and the docs say the same thing for
//! each.

use std::fmt;
use std::time::Duration;

use crate::error::{
    GetTimeoutError, PutError, PutTimeoutError, ShutDown, TaskDoneError, TryGetError, TryPutError,
};
use crate::fifo::Fifo;
use crate::locked::Locked;
use crate::storage::{Lifo, Priority};
use crate::sync::Arc;
use crate::wait::{GetFail, PutFail, Wait};

macro_rules! queue_type {
    (
        $(#[$attr:meta])*
        $name:ident, $machinery:ty, $python:literal, [$($bound:tt)*]
    ) => {
        $(#[$attr])*
        pub struct $name<T: $($bound)*> {
            inner: Arc<$machinery>,
        }

        impl<T: $($bound)*> $name<T> {
            #[doc = concat!("An unbounded queue (Python's `", $python, "()`).")]
            pub fn new() -> Self {
                Self::with_maxsize(0)
            }

            #[doc = concat!("A queue that holds at most `maxsize` items (Python's `", $python, "(maxsize)`);")]
            /// `put` blocks while it is full. As in Python, `maxsize == 0` means unbounded.
            ///
            /// ```
            #[doc = concat!("let q = threading::", stringify!($name), "::with_maxsize(1);")]
            /// q.put_nowait(1).unwrap();
            /// assert!(q.full());
            /// assert!(q.put_nowait(2).unwrap_err().is_full());
            /// ```
            pub fn with_maxsize(maxsize: usize) -> Self {
                $name {
                    inner: Arc::new(<$machinery>::new(maxsize)),
                }
            }

            /// The bound given to [`with_maxsize`](Self::with_maxsize); 0 means unbounded.
            pub fn maxsize(&self) -> usize {
                self.inner.maxsize()
            }

            /// Puts `item`, waiting while the queue is full (Python's `q.put(item)`).
            ///
            /// Errors if the queue is shut down, before or while waiting; the error holds `item`.
            pub fn put(&self, item: T) -> Result<(), PutError<T>> {
                self.inner.put(item, Wait::Forever).map_err(|fail| match fail {
                    // A wait without deadline only ends in success or shutdown.
                    PutFail::Full(item) | PutFail::ShutDown(item) => PutError(item),
                })
            }

            /// Puts `item` if there is room now (Python's `q.put_nowait(item)` or
            /// `q.put(item, block=False)`).
            ///
            /// Errors with [`TryPutError::Full`] or [`TryPutError::ShutDown`], holding `item`.
            pub fn put_nowait(&self, item: T) -> Result<(), TryPutError<T>> {
                self.inner.put(item, Wait::No).map_err(|fail| match fail {
                    PutFail::Full(item) => TryPutError::Full(item),
                    PutFail::ShutDown(item) => TryPutError::ShutDown(item),
                })
            }

            /// Puts `item`, waiting at most `timeout` for room (Python's
            /// `q.put(item, timeout=t)`).
            ///
            /// Errors with [`PutTimeoutError::Full`] if the queue is still full after `timeout`,
            /// or [`PutTimeoutError::ShutDown`]; the error holds `item`.
            pub fn put_timeout(&self, item: T, timeout: Duration) -> Result<(), PutTimeoutError<T>> {
                self.inner.put(item, Wait::timeout(timeout)).map_err(|fail| match fail {
                    PutFail::Full(item) => PutTimeoutError::Full(item),
                    PutFail::ShutDown(item) => PutTimeoutError::ShutDown(item),
                })
            }

            /// Removes and returns the next item, waiting while the queue is empty (Python's
            /// `q.get()`).
            ///
            /// Errors once the queue is shut down and empty: after [`shutdown`](Self::shutdown)
            /// the remaining items are still handed out first.
            pub fn get(&self) -> Result<T, ShutDown> {
                self.inner.get(Wait::Forever).map_err(|_| ShutDown)
            }

            /// Removes and returns the next item if there is one now (Python's
            /// `q.get_nowait()` or `q.get(block=False)`).
            ///
            /// Errors with [`TryGetError::Empty`], or [`TryGetError::ShutDown`] if the queue is
            /// shut down and empty.
            pub fn get_nowait(&self) -> Result<T, TryGetError> {
                self.inner.get(Wait::No).map_err(|fail| match fail {
                    GetFail::Empty => TryGetError::Empty,
                    GetFail::ShutDown => TryGetError::ShutDown,
                })
            }

            /// Removes and returns the next item, waiting at most `timeout` for one (Python's
            /// `q.get(timeout=t)`).
            ///
            /// Errors with [`GetTimeoutError::Empty`] if none came in time, or
            /// [`GetTimeoutError::ShutDown`] if the queue is shut down and empty.
            pub fn get_timeout(&self, timeout: Duration) -> Result<T, GetTimeoutError> {
                self.inner.get(Wait::timeout(timeout)).map_err(|fail| match fail {
                    GetFail::Empty => GetTimeoutError::Empty,
                    GetFail::ShutDown => GetTimeoutError::ShutDown,
                })
            }

            /// How many items the queue holds now (Python's `q.qsize()`). Other threads may
            /// change it at once, so use it for reports, not for deciding whether `get` blocks.
            pub fn qsize(&self) -> usize {
                self.inner.qsize()
            }

            /// Whether the queue holds no items now (Python's `q.empty()`); see
            /// [`qsize`](Self::qsize) for the caveat.
            pub fn empty(&self) -> bool {
                self.qsize() == 0
            }

            /// Whether a bounded queue holds `maxsize` items now (Python's `q.full()`); always
            /// `false` for an unbounded queue.
            pub fn full(&self) -> bool {
                self.inner.full()
            }

            /// Marks one item that was put as processed (Python's `q.task_done()`): consumers
            /// call it once per item they got, and [`join`](Self::join) returns when every item
            /// put has been marked.
            ///
            /// Errors if called more times than items were put.
            pub fn task_done(&self) -> Result<(), TaskDoneError> {
                if self.inner.task_done() {
                    Ok(())
                } else {
                    Err(TaskDoneError)
                }
            }

            /// Waits until every item ever put has been marked with
            /// [`task_done`](Self::task_done) (Python's `q.join()`).
            ///
            /// As in Python, a plain [`shutdown`](Self::shutdown) does not end the wait;
            /// [`shutdown_immediate`](Self::shutdown_immediate) does, if nobody still holds an
            /// item they got.
            pub fn join(&self) {
                self.inner.join()
            }

            /// How many items were put and not yet marked with [`task_done`](Self::task_done)
            /// (Python's `q.unfinished_tasks`).
            pub fn unfinished_tasks(&self) -> usize {
                self.inner.unfinished_tasks()
            }

            /// Shuts the queue down (Python 3.13's `q.shutdown()`): every later put fails, gets
            /// hand out the remaining items and then fail, and every blocked caller wakes up.
            pub fn shutdown(&self) {
                // Nothing is drained without `immediate`.
                let _empty = self.inner.shutdown(false);
            }

            /// Shuts the queue down and empties it (Python 3.13's
            /// `q.shutdown(immediate=True)`): puts and gets fail at once, every blocked caller
            /// wakes, and each removed item counts as done so that [`join`](Self::join)
            /// returns.
            ///
            /// Python discards the removed items; here they are returned, so nothing put is
            /// lost without the caller deciding so.
            pub fn shutdown_immediate(&self) -> Vec<T> {
                self.inner.shutdown(true)
            }

            /// Whether [`shutdown`](Self::shutdown) or
            /// [`shutdown_immediate`](Self::shutdown_immediate) was called (Python's
            /// `q.is_shutdown`).
            pub fn is_shut_down(&self) -> bool {
                self.inner.is_shut_down()
            }
        }

        /// Another handle to the same queue (an `Arc` clone: no items are copied).
        impl<T: $($bound)*> Clone for $name<T> {
            fn clone(&self) -> Self {
                $name {
                    inner: Arc::clone(&self.inner),
                }
            }
        }

        impl<T: $($bound)*> Default for $name<T> {
            fn default() -> Self {
                Self::new()
            }
        }

        /// Shows the queue's size and state, never its items.
        impl<T: $($bound)*> fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("qsize", &self.qsize())
                    .field("maxsize", &self.maxsize())
                    .field("unfinished_tasks", &self.unfinished_tasks())
                    .field("is_shut_down", &self.is_shut_down())
                    .finish()
            }
        }
    };
}

queue_type! {
    /// A first-in, first-out queue shared between threads: Python's `queue.Queue`.
    ///
    /// Clone the handle to share it (every clone is the same queue), or borrow it into scoped
    /// threads. See the [crate docs](crate) for a tutorial.
    ///
    /// The items live in a lock-free crossbeam channel (see the crate docs' "How it works").
    /// Memory grows with the items queued, whatever `maxsize` is: a bound reserves nothing up
    /// front, as in Python.
    ///
    /// ```
    /// let q = threading::Queue::new();
    /// q.put("foo").unwrap();
    /// q.put("bar").unwrap();
    /// assert_eq!(q.get_nowait(), Ok("foo"));
    /// assert_eq!(q.get(), Ok("bar"));
    /// ```
    Queue, Fifo<T>, "queue.Queue", []
}

queue_type! {
    /// A last-in, first-out queue (a stack) shared between threads: Python's `queue.LifoQueue`.
    ///
    /// ```
    /// let q = threading::LifoQueue::new();
    /// q.put("foo").unwrap();
    /// q.put("bar").unwrap();
    /// assert_eq!(q.get_nowait(), Ok("bar"));
    /// assert_eq!(q.get(), Ok("foo"));
    /// ```
    LifoQueue, Locked<Lifo<T>>, "queue.LifoQueue", []
}

queue_type! {
    /// A queue that hands out its lowest item first: Python's `queue.PriorityQueue`.
    ///
    /// Items that compare equal come out in the order they were put (Python's `heapq` does not
    /// promise that). Python code puts `(priority, data)` tuples; in Rust, put a tuple too, or
    /// wrap a value in [`std::cmp::Reverse`] to get the highest first.
    ///
    /// The items' `Ord` runs with the queue's lock held. If it panics, the panic reaches the
    /// caller of `put`, `get` or `shutdown_immediate` (as an exception in `__lt__` does in
    /// Python), and nothing is lost: a put's item is stored and counted all the same, a get or
    /// an immediate shutdown leaves every item where it was, and the order stays right.
    ///
    /// ```
    /// let q = threading::PriorityQueue::new();
    /// q.put((2, "write")).unwrap();
    /// q.put((1, "read")).unwrap();
    /// q.put((2, "close")).unwrap();
    /// assert_eq!(q.get(), Ok((1, "read")));
    /// assert_eq!(q.get(), Ok((2, "close"))); // tuples compare their second field too
    /// assert_eq!(q.get(), Ok((2, "write")));
    /// ```
    PriorityQueue, Locked<Priority<T>>, "queue.PriorityQueue", [Ord]
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    /// Not `Debug`: the queue's `Debug` must neither need nor show its items.
    struct Secret;

    #[test]
    fn debug_shows_state_not_items() {
        let q = Queue::new();
        q.put(Secret).unwrap();
        assert_eq!(
            format!("{q:?}"),
            "Queue { qsize: 1, maxsize: 0, unfinished_tasks: 1, is_shut_down: false }"
        );
        let p: PriorityQueue<u8> = PriorityQueue::with_maxsize(3);
        p.shutdown();
        assert_eq!(
            format!("{p:?}"),
            "PriorityQueue { qsize: 0, maxsize: 3, unfinished_tasks: 0, is_shut_down: true }"
        );
    }

    #[test]
    fn clones_are_the_same_queue() {
        let a = LifoQueue::new();
        let b = a.clone();
        a.put(1).unwrap();
        assert_eq!(b.get_nowait(), Ok(1));
        assert!(a.empty());
    }
}
