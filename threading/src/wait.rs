//! How long a queue operation may block, and why a put or get failed: shared by every queue's
//! machinery, which the public methods turn into their own error types.

use std::time::{Duration, Instant};

/// How long an operation may block.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Wait {
    /// Not at all (`put_nowait`, `get_nowait`).
    No,
    /// Until it can proceed or the queue is shut down (`put`, `get`).
    Forever,
    /// Until this instant (`put_timeout`, `get_timeout`).
    Until(Instant),
}

impl Wait {
    /// Whether the call may wait at all.
    pub(crate) fn blocks(self) -> bool {
        !matches!(self, Wait::No)
    }

    /// `None` if the call must give up rather than wait (`Wait::No`, or its deadline has
    /// passed); otherwise `Some` of its deadline, `Some(None)` meaning none.
    pub(crate) fn deadline_left(self) -> Option<Option<Instant>> {
        match self {
            Wait::No => None,
            Wait::Forever => Some(None),
            Wait::Until(deadline) if Instant::now() >= deadline => None,
            Wait::Until(deadline) => Some(Some(deadline)),
        }
    }

    /// A deadline `timeout` from now; one so far away that `Instant` overflows means forever.
    pub(crate) fn timeout(timeout: Duration) -> Wait {
        Instant::now()
            .checked_add(timeout)
            .map_or(Wait::Forever, Wait::Until)
    }
}

/// Why a put failed; the item comes back.
pub(crate) enum PutFail<T> {
    Full(T),
    ShutDown(T),
}

/// Why a get failed.
pub(crate) enum GetFail {
    Empty,
    ShutDown,
}
