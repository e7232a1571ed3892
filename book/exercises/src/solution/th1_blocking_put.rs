//! Python's `queue.Queue(maxsize=n)` is a list guarded by one lock and two
//! conditions: `not_full` (where `put` waits) and `not_empty` (where `get` waits).
//! Here is the same design with `std::sync::{Mutex, Condvar}`; you write the blocking
//! `put` and `get`.

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

    // ANCHOR: solution
    /// Adds `item` at the back, blocking while the queue is full.
    pub fn put(&self, item: T) {
        let mut state = self.lock();
        // A loop, not an `if`: wake-ups can be spurious, and another producer may
        // have filled the queue again between the notification and our turn at the
        // lock.
        while state.items.len() >= self.maxsize {
            state = self
                .not_full
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.items.push_back(item);
        state.high_water = state.high_water.max(state.items.len());
        self.not_empty.notify_one();
    }

    /// Removes and returns the front item, blocking while the queue is empty.
    pub fn get(&self) -> T {
        let mut state = self.lock();
        loop {
            if let Some(item) = state.items.pop_front() {
                self.not_full.notify_one();
                return item;
            }
            state = self
                .not_empty
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
    // ANCHOR_END: solution
}
