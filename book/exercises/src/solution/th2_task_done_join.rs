//! `queue.Queue` counts unfinished tasks: `put` adds one, `task_done` removes one,
//! and `join` blocks until the count is back to zero, that is until every item put
//! has been processed (not just taken). Calling `task_done` more often than `put` is
//! a `ValueError` in Python; here it is a typed error.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// `task_done` was called more times than there were items put.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyTaskDone;

impl fmt::Display for TooManyTaskDone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("task_done() called too many times")
    }
}

impl std::error::Error for TooManyTaskDone {}

/// An unbounded FIFO queue with `task_done` and `join`.
#[derive(Debug)]
pub struct JoinableQueue<T> {
    state: Mutex<State<T>>,
    not_empty: Condvar,
    /// Signalled when the count of unfinished tasks drops to zero.
    all_tasks_done: Condvar,
}

#[derive(Debug)]
struct State<T> {
    items: VecDeque<T>,
    /// Items put and not yet marked done.
    unfinished: usize,
}

impl<T> Default for JoinableQueue<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> JoinableQueue<T> {
    /// An empty queue.
    pub fn new() -> Self {
        JoinableQueue {
            state: Mutex::new(State {
                items: VecDeque::new(),
                unfinished: 0,
            }),
            not_empty: Condvar::new(),
            all_tasks_done: Condvar::new(),
        }
    }

    /// Adds `item` at the back; it counts as unfinished until someone calls
    /// `task_done` for it.
    pub fn put(&self, item: T) {
        let mut state = self.lock();
        state.items.push_back(item);
        state.unfinished += 1;
        self.not_empty.notify_one();
    }

    /// Removes and returns the front item, blocking while the queue is empty.
    pub fn get(&self) -> T {
        let mut state = self.lock();
        loop {
            if let Some(item) = state.items.pop_front() {
                return item;
            }
            state = self
                .not_empty
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Locks the state; a poisoned lock is still consistent (no method panics
    /// mid-update).
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    // ANCHOR: solution
    /// Marks one item taken with `get` as processed. When none are left unfinished,
    /// wakes every thread blocked in `join`.
    pub fn task_done(&self) -> Result<(), TooManyTaskDone> {
        let mut state = self.lock();
        state.unfinished = state.unfinished.checked_sub(1).ok_or(TooManyTaskDone)?;
        if state.unfinished == 0 {
            // Every joiner must wake, not just one.
            self.all_tasks_done.notify_all();
        }
        Ok(())
    }

    /// Blocks until every item put has been marked done with `task_done`.
    pub fn join(&self) {
        let mut state = self.lock();
        while state.unfinished > 0 {
            state = self
                .all_tasks_done
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
    // ANCHOR_END: solution
}
