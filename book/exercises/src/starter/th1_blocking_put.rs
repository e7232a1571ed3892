//! A bounded queue whose `put` blocks. The task, its tests and hints are on the page
//! `book/src/exercises/th1_blocking_put.md`.

use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// A FIFO queue holding at most `maxsize` items.
#[derive(Debug)]
pub struct BoundedQueue<T> {
    state: Mutex<State<T>>,
    /// Signalled when an item is added: a waiting `get` may proceed.
    not_empty: Condvar,
    /// Signalled when an item is removed: a waiting `put` may proceed.
    not_full: Condvar,
    maxsize: usize,
}

#[derive(Debug)]
struct State<T> {
    items: VecDeque<T>,
    /// The most items the queue ever held at once (for the tests).
    high_water: usize,
}

impl<T> BoundedQueue<T> {
    /// An empty queue that holds at most `maxsize` items.
    pub fn new(maxsize: NonZeroUsize) -> Self {
        BoundedQueue {
            state: Mutex::new(State {
                items: VecDeque::new(),
                high_water: 0,
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            maxsize: maxsize.get(),
        }
    }

    /// The number of items in the queue now.
    pub fn qsize(&self) -> usize {
        self.lock().items.len()
    }

    /// The most items the queue ever held at once: never more than `maxsize`.
    pub fn high_water(&self) -> usize {
        self.lock().high_water
    }

    /// Locks the state. A poisoned lock (a thread panicked while holding it) is still
    /// usable: no method here leaves the state half-updated when it panics.
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    // ANCHOR: task
    /// Adds `item` at the back, blocking while the queue is full.
    pub fn put(&self, item: T) {
        todo!()
    }

    /// Removes and returns the front item, blocking while the queue is empty.
    pub fn get(&self) -> T {
        todo!()
    }
    // ANCHOR_END: task
}
