//! [`SimpleQueue`]: Python's `queue.SimpleQueue`.

use std::fmt;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, unbounded};

use crate::error::Empty;

/// An unbounded first-in, first-out queue without `task_done`/`join` or shutdown: Python's
/// `queue.SimpleQueue`.
///
/// A put never waits and never fails, and a get fails only by finding the queue empty. It is
/// a crossbeam unbounded channel, whose sending end and receiving end every handle holds, so
/// the channel is never disconnected while anyone can use it. As in Python, `put` is
/// reentrant: it takes no lock and runs no code of yours, so it may be called from anywhere,
/// a `Drop` impl included.
///
/// ```
/// use threading::{Empty, SimpleQueue};
///
/// let q = SimpleQueue::new();          // q = queue.SimpleQueue()
/// q.put("foo");                        // q.put('foo')
/// q.put_nowait("bar");                 // q.put_nowait('bar')
/// assert_eq!(q.qsize(), 2);
/// assert_eq!(q.get(), "foo");          // q.get()
/// assert_eq!(q.get_nowait(), Ok("bar"));
/// assert_eq!(q.get_nowait(), Err(Empty)); // Python raises queue.Empty
/// assert!(q.empty());
/// ```
pub struct SimpleQueue<T> {
    tx: Sender<T>,
    rx: Receiver<T>,
}

impl<T> SimpleQueue<T> {
    /// An empty queue (Python's `queue.SimpleQueue()`).
    pub fn new() -> Self {
        let (tx, rx) = unbounded();
        SimpleQueue { tx, rx }
    }

    /// Puts `item` (Python's `q.put(item)`); never waits, never fails.
    pub fn put(&self, item: T) {
        // Fails only once every receiver is gone, and `self` holds one.
        let _always_sent = self.tx.send(item);
    }

    /// The same as [`put`](Self::put) (Python's `q.put_nowait(item)`, which exists for
    /// compatibility with `Queue`).
    pub fn put_nowait(&self, item: T) {
        self.put(item);
    }

    /// Removes and returns the next item, waiting while the queue is empty (Python's
    /// `q.get()`).
    pub fn get(&self) -> T {
        match self.rx.recv() {
            Ok(item) => item,
            // `recv` fails only once every sender is gone, and `self` holds one.
            Err(_) => unreachable!("a SimpleQueue holds a sender of its own channel"),
        }
    }

    /// Removes and returns the next item if there is one now (Python's `q.get_nowait()` or
    /// `q.get(block=False)`).
    ///
    /// Errors with [`Empty`] if the queue is empty.
    pub fn get_nowait(&self) -> Result<T, Empty> {
        self.rx.try_recv().map_err(|_| Empty)
    }

    /// Removes and returns the next item, waiting at most `timeout` for one (Python's
    /// `q.get(timeout=t)`).
    ///
    /// Errors with [`Empty`] if none came in time.
    ///
    /// ```
    /// use std::time::Duration;
    /// let q = threading::SimpleQueue::<u8>::new();
    /// assert!(q.get_timeout(Duration::from_millis(1)).is_err());
    /// ```
    pub fn get_timeout(&self, timeout: Duration) -> Result<T, Empty> {
        self.rx.recv_timeout(timeout).map_err(|_| Empty)
    }

    /// How many items the queue holds now (Python's `q.qsize()`). Other threads may change it
    /// at once, so use it for reports, not for deciding whether `get` blocks.
    pub fn qsize(&self) -> usize {
        self.rx.len()
    }

    /// Whether the queue holds no items now (Python's `q.empty()`); see
    /// [`qsize`](Self::qsize) for the caveat.
    pub fn empty(&self) -> bool {
        self.rx.is_empty()
    }
}

/// Another handle to the same queue: no items are copied.
impl<T> Clone for SimpleQueue<T> {
    fn clone(&self) -> Self {
        SimpleQueue {
            tx: self.tx.clone(),
            rx: self.rx.clone(),
        }
    }
}

impl<T> Default for SimpleQueue<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Shows the queue's size, never its items.
impl<T> fmt::Debug for SimpleQueue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimpleQueue")
            .field("qsize", &self.qsize())
            .finish()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    /// Not `Debug`: the queue's `Debug` must neither need nor show its items.
    struct Secret;

    #[test]
    fn debug_shows_the_size_only() {
        let q = SimpleQueue::new();
        q.put(Secret);
        assert_eq!(format!("{q:?}"), "SimpleQueue { qsize: 1 }");
    }

    #[test]
    fn clones_are_the_same_queue() {
        let a = SimpleQueue::new();
        let b = a.clone();
        a.put(1);
        assert_eq!(b.get_nowait(), Ok(1));
        assert!(a.empty());
        assert_eq!(a.get_nowait(), Err(Empty));
    }
}
