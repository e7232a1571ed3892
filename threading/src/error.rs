//! One error type per queue operation, in crossbeam-channel's style.
//!
//! Python raises `queue.Full`, `queue.Empty` and `queue.ShutDown` (3.13). In Rust each operation
//! returns only the failures it can have, and a failed put hands the item back, so nothing put on
//! a queue is ever lost silently. `Debug` never prints the item: `T` need not be `Debug`, and a
//! log line should not dump a payload.

use std::error::Error;
use std::fmt;

/// [`put`](crate::Queue::put) failed: the queue was shut down. The item is handed back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PutError<T>(pub T);

impl<T> PutError<T> {
    /// The item that could not be put.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// [`put_nowait`](crate::Queue::put_nowait) failed. The item is handed back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TryPutError<T> {
    /// The queue was full (Python's `queue.Full`).
    Full(T),
    /// The queue was shut down (Python's `queue.ShutDown`).
    ShutDown(T),
}

/// [`put_timeout`](crate::Queue::put_timeout) failed. The item is handed back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PutTimeoutError<T> {
    /// The queue was still full when the time ran out (Python's `queue.Full`).
    Full(T),
    /// The queue was shut down (Python's `queue.ShutDown`).
    ShutDown(T),
}

/// [`get`](crate::Queue::get) failed: the queue was shut down and is empty (Python's
/// `queue.ShutDown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShutDown;

/// [`get_nowait`](crate::Queue::get_nowait) failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TryGetError {
    /// The queue was empty (Python's `queue.Empty`).
    Empty,
    /// The queue was shut down and is empty (Python's `queue.ShutDown`).
    ShutDown,
}

/// [`get_timeout`](crate::Queue::get_timeout) failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GetTimeoutError {
    /// The queue was still empty when the time ran out (Python's `queue.Empty`).
    Empty,
    /// The queue was shut down and is empty (Python's `queue.ShutDown`).
    ShutDown,
}

/// [`SimpleQueue::get_nowait`](crate::SimpleQueue::get_nowait) or
/// [`get_timeout`](crate::SimpleQueue::get_timeout) found no item (Python's `queue.Empty`). A
/// `SimpleQueue` cannot be shut down, so this is the only way its gets fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Empty;

/// [`task_done`](crate::Queue::task_done) was called more times than items were put (Python
/// raises `ValueError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaskDoneError;

impl<T> TryPutError<T> {
    /// The item that could not be put.
    pub fn into_inner(self) -> T {
        match self {
            TryPutError::Full(item) | TryPutError::ShutDown(item) => item,
        }
    }
    /// Whether the queue was full.
    pub fn is_full(&self) -> bool {
        matches!(self, TryPutError::Full(_))
    }
    /// Whether the queue was shut down.
    pub fn is_shut_down(&self) -> bool {
        matches!(self, TryPutError::ShutDown(_))
    }
}

impl<T> PutTimeoutError<T> {
    /// The item that could not be put.
    pub fn into_inner(self) -> T {
        match self {
            PutTimeoutError::Full(item) | PutTimeoutError::ShutDown(item) => item,
        }
    }
    /// Whether the time ran out while the queue was full.
    pub fn is_full(&self) -> bool {
        matches!(self, PutTimeoutError::Full(_))
    }
    /// Whether the queue was shut down.
    pub fn is_shut_down(&self) -> bool {
        matches!(self, PutTimeoutError::ShutDown(_))
    }
}

impl TryGetError {
    /// Whether the queue was empty (and not shut down).
    pub fn is_empty(&self) -> bool {
        matches!(self, TryGetError::Empty)
    }
    /// Whether the queue was shut down and empty.
    pub fn is_shut_down(&self) -> bool {
        matches!(self, TryGetError::ShutDown)
    }
}

impl GetTimeoutError {
    /// Whether the time ran out while the queue was empty.
    pub fn is_empty(&self) -> bool {
        matches!(self, GetTimeoutError::Empty)
    }
    /// Whether the queue was shut down and empty.
    pub fn is_shut_down(&self) -> bool {
        matches!(self, GetTimeoutError::ShutDown)
    }
}

impl<T> From<PutError<T>> for TryPutError<T> {
    fn from(err: PutError<T>) -> Self {
        TryPutError::ShutDown(err.0)
    }
}

impl<T> From<PutError<T>> for PutTimeoutError<T> {
    fn from(err: PutError<T>) -> Self {
        PutTimeoutError::ShutDown(err.0)
    }
}

impl From<ShutDown> for TryGetError {
    fn from(_: ShutDown) -> Self {
        TryGetError::ShutDown
    }
}

impl From<ShutDown> for GetTimeoutError {
    fn from(_: ShutDown) -> Self {
        GetTimeoutError::ShutDown
    }
}

// `Debug` by hand so that it neither needs `T: Debug` nor shows the item.
impl<T> fmt::Debug for PutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PutError(..)")
    }
}

impl<T> fmt::Debug for TryPutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryPutError::Full(_) => f.write_str("Full(..)"),
            TryPutError::ShutDown(_) => f.write_str("ShutDown(..)"),
        }
    }
}

impl<T> fmt::Debug for PutTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PutTimeoutError::Full(_) => f.write_str("Full(..)"),
            PutTimeoutError::ShutDown(_) => f.write_str("ShutDown(..)"),
        }
    }
}

const PUT_SHUT_DOWN: &str = "putting on a shut-down queue";
const GET_SHUT_DOWN: &str = "getting from a shut-down and empty queue";

impl<T> fmt::Display for PutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(PUT_SHUT_DOWN)
    }
}

impl<T> fmt::Display for TryPutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TryPutError::Full(_) => "putting on a full queue",
            TryPutError::ShutDown(_) => PUT_SHUT_DOWN,
        })
    }
}

impl<T> fmt::Display for PutTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PutTimeoutError::Full(_) => "timed out putting on a full queue",
            PutTimeoutError::ShutDown(_) => PUT_SHUT_DOWN,
        })
    }
}

impl fmt::Display for ShutDown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(GET_SHUT_DOWN)
    }
}

impl fmt::Display for TryGetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TryGetError::Empty => "getting from an empty queue",
            TryGetError::ShutDown => GET_SHUT_DOWN,
        })
    }
}

impl fmt::Display for GetTimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GetTimeoutError::Empty => "timed out getting from an empty queue",
            GetTimeoutError::ShutDown => GET_SHUT_DOWN,
        })
    }
}

impl fmt::Display for Empty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("getting from an empty queue")
    }
}

impl fmt::Display for TaskDoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("task_done() called too many times")
    }
}

impl<T> Error for PutError<T> {}
impl<T> Error for TryPutError<T> {}
impl<T> Error for PutTimeoutError<T> {}
impl Error for ShutDown {}
impl Error for TryGetError {}
impl Error for GetTimeoutError {}
impl Error for Empty {}
impl Error for TaskDoneError {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    /// A type without `Debug`: the errors must still be `Debug` and must not show it.
    struct Secret;

    #[test]
    fn debug_hides_the_item_and_display_is_lowercase() {
        assert_eq!(format!("{:?}", PutError(Secret)), "PutError(..)");
        assert_eq!(format!("{:?}", TryPutError::Full(Secret)), "Full(..)");
        assert_eq!(
            format!("{:?}", PutTimeoutError::ShutDown(Secret)),
            "ShutDown(..)"
        );
        let messages = [
            PutError(()).to_string(),
            TryPutError::Full(()).to_string(),
            PutTimeoutError::Full(()).to_string(),
            ShutDown.to_string(),
            TryGetError::Empty.to_string(),
            GetTimeoutError::Empty.to_string(),
            TaskDoneError.to_string(),
            Empty.to_string(),
        ];
        for m in &messages {
            assert!(m.chars().next().unwrap().is_lowercase(), "{m}");
        }
        assert_eq!(
            TryGetError::Empty.to_string(),
            "getting from an empty queue"
        );
    }

    #[test]
    fn items_come_back() {
        assert_eq!(PutError(1).into_inner(), 1);
        assert_eq!(TryPutError::Full(2).into_inner(), 2);
        assert_eq!(TryPutError::ShutDown(3).into_inner(), 3);
        assert_eq!(PutTimeoutError::Full(4).into_inner(), 4);
        assert_eq!(TryPutError::from(PutError(5)), TryPutError::ShutDown(5));
        assert_eq!(TryGetError::from(ShutDown), TryGetError::ShutDown);
    }

    /// Every predicate, on every variant: each is true for its own variant only.
    #[test]
    fn predicates_in_both_polarities() {
        use TryPutError as T;
        assert_eq!(
            [T::Full(()).is_full(), T::ShutDown(()).is_full()],
            [true, false]
        );
        assert_eq!(
            [T::Full(()).is_shut_down(), T::ShutDown(()).is_shut_down()],
            [false, true]
        );
        use PutTimeoutError as P;
        assert_eq!(
            [P::Full(()).is_full(), P::ShutDown(()).is_full()],
            [true, false]
        );
        assert_eq!(
            [P::Full(()).is_shut_down(), P::ShutDown(()).is_shut_down()],
            [false, true]
        );
        use TryGetError as G;
        assert_eq!([G::Empty.is_empty(), G::ShutDown.is_empty()], [true, false]);
        assert_eq!(
            [G::Empty.is_shut_down(), G::ShutDown.is_shut_down()],
            [false, true]
        );
        use GetTimeoutError as W;
        assert_eq!([W::Empty.is_empty(), W::ShutDown.is_empty()], [true, false]);
        assert_eq!(
            [W::Empty.is_shut_down(), W::ShutDown.is_shut_down()],
            [false, true]
        );
    }
}
