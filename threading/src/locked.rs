//! The machinery of `LifoQueue` and `PriorityQueue`, written once for both removal orders: one
//! lock and three condition variables, exactly as `Lib/queue.py` does it. (`Queue` is built
//! differently, on a lock-free channel: see `fifo.rs` for why.)
//!
//! - `not_empty` is where `get` waits; `put` signals it.
//! - `not_full` is where `put` waits on a bounded queue; `get` signals it.
//! - `all_tasks_done` is where `join` waits; `task_done` signals it when the count reaches zero.
//!
//! `shutdown` sets a flag and wakes everyone on all three. Every wait sits in a loop that
//! re-checks its condition after waking, so spurious wake-ups and races between waking and
//! re-locking are harmless.
//!
//! One difference from Python, for speed: the state counts, for each condition variable, the
//! threads asleep on it and how many of them have been signalled and not yet woken up
//! ([`Waiters`]). `put`, `get`, `task_done` and `shutdown` signal only when some sleeper has not
//! been signalled yet. Signalling a condition variable is a system call even when nobody
//! listens: a consumer that drains a queue would otherwise signal a producer that is already
//! waking up once per item, and `task_done` would signal `all_tasks_done` every time a fast
//! consumer catches up with the producer, with nobody in `join`. Skipping those calls saves a
//! system call per item on a busy queue.
//! The loom models in `tests/loom.rs` check that no wake-up is lost this way.
//!
//! A second difference, also for speed: a blocking call that finds it cannot proceed first lets
//! go of the lock and spins for a moment ([`spin_briefly`]), watching lock-free copies of the
//! item count and the shutdown flag, before it goes to sleep on a condition variable. Sleeping
//! and being woken are system calls and a trip through the scheduler (microseconds); a queue
//! under load is usually emptied or refilled sooner than that. crossbeam-channel does the same.
//! The spin only ever ends in taking the lock again and re-checking, exactly like a spurious
//! wake-up, so it changes no rule above; spinners are not counted as sleepers, so nobody
//! signals them.

use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

use crossbeam_utils::CachePadded;

use crate::storage::Storage;
use crate::sync::{AtomicBool, AtomicUsize, Condvar, Mutex, MutexGuard, lock, spin_briefly};
use crate::wait::{GetFail, PutFail, Wait};

/// Who sleeps on one condition variable; see the module doc. Only touched with the lock held.
#[derive(Debug, Default)]
struct Waiters {
    /// Threads inside `wait` on this condition variable.
    asleep: usize,
    /// Signals sent that no thread has woken up from yet. A thread that wakes for another reason
    /// (timeout, spurious wake-up) also takes one off: the count may then be too low, which only
    /// costs an extra signal; it is never too high, so a sleeper is never left unsignalled.
    signalled: usize,
}

impl Waiters {
    /// Wakes one sleeper, unless every sleeper has been signalled already.
    fn wake_one(&mut self, cv: &Condvar) {
        if self.asleep > self.signalled {
            self.signalled += 1;
            cv.notify_one();
        }
    }

    /// Wakes every sleeper, unless every sleeper has been signalled already.
    fn wake_all(&mut self, cv: &Condvar) {
        if self.asleep > self.signalled {
            self.signalled = self.asleep;
            cv.notify_all();
        }
    }
}

#[derive(Debug)]
struct State<S> {
    items: S,
    /// Items put and not yet marked with `task_done` (Python's `unfinished_tasks`).
    unfinished: usize,
    shut_down: bool,
    getters: Waiters,
    putters: Waiters,
    joiners: Waiters,
}

#[derive(Debug)]
pub(crate) struct Locked<S> {
    state: Mutex<State<S>>,
    not_empty: Condvar,
    not_full: Condvar,
    all_tasks_done: Condvar,
    /// 0 means unbounded, as in Python.
    maxsize: usize,
    /// `items.len()` and `shut_down`, copied here under the lock after every change so that a
    /// spinning thread can watch them without taking the lock. Only ever a hint: whoever acts
    /// on it takes the lock and checks again, so `Relaxed` is enough. Padded to a cache line
    /// of their own, so that spinning threads reading them do not slow down the lock's owner.
    len_hint: CachePadded<AtomicUsize>,
    shut_down_hint: AtomicBool,
}

impl<S: Storage> Locked<S> {
    pub(crate) fn new(maxsize: usize) -> Self {
        Locked {
            state: Mutex::new(State {
                items: S::default(),
                unfinished: 0,
                shut_down: false,
                getters: Waiters::default(),
                putters: Waiters::default(),
                joiners: Waiters::default(),
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            all_tasks_done: Condvar::new(),
            maxsize,
            len_hint: CachePadded::new(AtomicUsize::new(0)),
            shut_down_hint: AtomicBool::new(false),
        }
    }

    /// Locks the state. A poisoned lock means a thread panicked while holding it, and the only
    /// code that runs under the lock is ours plus the item's `Ord` (priority queue); the state
    /// is still consistent, so carry on rather than turn one panic into many.
    fn lock(&self) -> MutexGuard<'_, State<S>> {
        lock(&self.state)
    }

    /// Waits on `cv` until notified or until `wait`'s deadline, counting the waiter in
    /// `waiters` meanwhile. Returns `true` instead of waiting when the caller must give up
    /// (`Wait::No`, or the deadline has passed). The caller re-checks its condition after every
    /// wake-up, so a notification that races with a timeout is never lost: the timed-out thread
    /// sees the item and takes it.
    fn wait<'a>(
        cv: &Condvar,
        mut guard: MutexGuard<'a, State<S>>,
        wait: Wait,
        waiters: fn(&mut State<S>) -> &mut Waiters,
    ) -> (MutexGuard<'a, State<S>>, bool) {
        let timeout = match wait {
            Wait::No => return (guard, true),
            Wait::Forever => None,
            Wait::Until(deadline) => match deadline.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => Some(left),
                _ => return (guard, true),
            },
        };
        waiters(&mut guard).asleep += 1;
        guard = match timeout {
            None => cv.wait(guard).unwrap_or_else(|e| e.into_inner()),
            Some(left) => {
                cv.wait_timeout(guard, left)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
        };
        let w = waiters(&mut guard);
        w.asleep -= 1;
        w.signalled = w.signalled.saturating_sub(1);
        (guard, false)
    }

    /// Whether a queue holding `len` items is full.
    fn is_full(&self, len: usize) -> bool {
        self.maxsize > 0 && len >= self.maxsize
    }

    /// Releases the lock, spins until `ready` (given the item count), a shutdown or `wait`'s
    /// deadline may let the caller proceed, or the spin is over, and takes the lock again; see
    /// the module doc.
    fn spin<'a>(
        &'a self,
        guard: MutexGuard<'a, State<S>>,
        wait: Wait,
        ready: impl Fn(usize) -> bool,
    ) -> MutexGuard<'a, State<S>> {
        drop(guard);
        self.spin_unlocked(wait, ready);
        self.lock()
    }

    /// The spin of [`spin`](Self::spin), without the lock.
    fn spin_unlocked(&self, wait: Wait, ready: impl Fn(usize) -> bool) {
        spin_briefly(|| {
            ready(self.len_hint.load(Relaxed))
                || self.shut_down_hint.load(Relaxed)
                || matches!(wait, Wait::Until(deadline) if Instant::now() >= deadline)
        });
    }

    /// Spins before taking the lock at all if the hints say the call would have to wait, saving
    /// a lock round trip that would only find the queue full (or empty) again; returns whether
    /// it spun. The check under the lock that follows is what counts.
    fn spin_if_blocked(&self, wait: Wait, ready: impl Fn(usize) -> bool) -> bool {
        let blocked = !ready(self.len_hint.load(Relaxed)) && !self.shut_down_hint.load(Relaxed);
        if blocked {
            self.spin_unlocked(wait, ready);
        }
        blocked
    }

    pub(crate) fn put(&self, item: S::Item, wait: Wait) -> Result<(), PutFail<S::Item>> {
        let room = |len| !self.is_full(len);
        // A call that may not wait never spins.
        let mut spun = !wait.blocks() || self.spin_if_blocked(wait, room);
        let mut state = self.lock();
        loop {
            if state.shut_down {
                return Err(PutFail::ShutDown(item));
            }
            if room(state.items.len()) {
                break;
            }
            if !spun {
                spun = true;
                state = self.spin(state, wait, room);
                continue;
            }
            let give_up;
            (state, give_up) = Self::wait(&self.not_full, state, wait, |s| &mut s.putters);
            if give_up {
                return Err(PutFail::Full(item));
            }
        }
        // A priority queue's `push` runs the items' `Ord`, which may panic; the item is stored
        // even then (see `storage.rs`), so it is counted and announced first. Nobody sees the
        // order of these steps: the lock is held throughout.
        state.unfinished += 1;
        self.len_hint.store(state.items.len() + 1, Relaxed);
        state.getters.wake_one(&self.not_empty);
        state.items.push(item);
        Ok(())
    }

    pub(crate) fn get(&self, wait: Wait) -> Result<S::Item, GetFail> {
        let some = |len| len > 0;
        let mut spun = !wait.blocks() || self.spin_if_blocked(wait, some);
        let mut state = self.lock();
        loop {
            // Items first: after a (non-immediate) shutdown, gets drain what is left. A
            // priority queue's `pop` runs the items' `Ord`; if that panics, the panic goes to
            // the caller and the items stay as they were (see `storage.rs`).
            if let Some(item) = state.items.pop() {
                self.len_hint.store(state.items.len(), Relaxed);
                state.putters.wake_one(&self.not_full);
                return Ok(item);
            }
            if state.shut_down {
                return Err(GetFail::ShutDown);
            }
            if !spun {
                spun = true;
                state = self.spin(state, wait, some);
                continue;
            }
            let give_up;
            (state, give_up) = Self::wait(&self.not_empty, state, wait, |s| &mut s.getters);
            if give_up {
                return Err(GetFail::Empty);
            }
        }
    }

    /// Returns `false` if there was no unfinished task to mark done.
    pub(crate) fn task_done(&self) -> bool {
        let mut state = self.lock();
        if state.unfinished == 0 {
            return false;
        }
        state.unfinished -= 1;
        if state.unfinished == 0 {
            state.joiners.wake_all(&self.all_tasks_done);
        }
        true
    }

    pub(crate) fn join(&self) {
        let mut state = self.lock();
        while state.unfinished > 0 {
            // A wait without deadline never gives up.
            (state, _) = Self::wait(&self.all_tasks_done, state, Wait::Forever, |s| {
                &mut s.joiners
            });
        }
    }

    /// Shuts the queue down. With `immediate`, removes every item (and counts each as done, so
    /// `join` returns) and returns them; they are dropped by the caller, outside the lock.
    pub(crate) fn shutdown(&self, immediate: bool) -> Vec<S::Item> {
        let mut state = self.lock();
        state.shut_down = true;
        self.shut_down_hint.store(true, Relaxed);
        state.getters.wake_all(&self.not_empty);
        state.putters.wake_all(&self.not_full);
        if !immediate {
            return Vec::new();
        }
        // A priority queue orders what it drains with the items' `Ord`; if that panics, the
        // panic goes to the caller with every item still stored and counted (see `storage.rs`).
        let drained = state.items.drain();
        // Python: `if self.unfinished_tasks: self.unfinished_tasks -= 1`, per item.
        state.unfinished = state.unfinished.saturating_sub(drained.len());
        self.len_hint.store(0, Relaxed);
        state.joiners.wake_all(&self.all_tasks_done);
        drained
    }

    pub(crate) fn qsize(&self) -> usize {
        self.lock().items.len()
    }

    pub(crate) fn full(&self) -> bool {
        self.is_full(self.lock().items.len())
    }

    pub(crate) fn is_shut_down(&self) -> bool {
        self.lock().shut_down
    }

    pub(crate) fn unfinished_tasks(&self) -> usize {
        self.lock().unfinished
    }

    pub(crate) fn maxsize(&self) -> usize {
        self.maxsize
    }
}
