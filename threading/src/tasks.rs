//! `task_done`, `join` and the shutdown flag for [`Queue`](crate::Queue), without the queue's lock.
//!
//! Python keeps `unfinished_tasks` under the queue's lock and `join` waits on the
//! `all_tasks_done` condition. `Queue` has no lock on its fast path (see `fifo.rs`), so the count
//! is an atomic that every put increments, and only `join` ever takes a lock:
//!
//! - a put counts its item *before* sending it, so that a consumer who gets it and calls
//!   `task_done` at once never finds the count at zero;
//! - `task_done` decrements, refusing to go below zero (Python's `ValueError`), and the call
//!   that brings the count to zero wakes the joiners, if there are any;
//! - `join` registers as a joiner under the lock, then checks the count, then sleeps on the
//!   condition variable.
//!
//! **The shutdown flag lives in the same word** (bit 0; the count is in the other bits). So the
//! one atomic step with which a put counts its task also tells it whether the queue is shut
//! down, and shutdown sets the flag with an atomic step on that same word. Every put is then
//! either refused or ordered before the shutdown, which is what the gate (`gate.rs`) builds on.
//! A separate flag would cost every put a second atomic step on a second shared cache line.
//!
//! No wake-up of `join` is lost. The joiner registers *before* it reads the count, and
//! `task_done` decrements *before* it reads the number of joiners. The joiner's read of the
//! count is a read-modify-write that changes nothing (`fetch_add(0)`), and a read-modify-write
//! reads the latest value and, with `AcqRel`, synchronises with the write it follows. So either
//! the joiner reads the count before `task_done`'s decrement, and then `task_done`'s decrement
//! follows it and sees everything the joiner did before, its registration included (it wakes
//! the joiner); or the joiner reads the decremented count (and does not wait). Plain loads on
//! both sides would not do: each could miss the other's write. (`SeqCst` loads would do, by a
//! subtler argument that loom cannot check: it treats `SeqCst` as `AcqRel`.) The waker takes the
//! lock before signalling, and the joiner lets go of it only by starting to wait, so the signal
//! finds it waiting. Counting joiners spares `task_done` a lock and a system call each time the
//! consumers catch up with the producers.
//! `tests` below holds the loom models of this protocol.

use std::sync::atomic::Ordering::{AcqRel, Acquire, Release};

use crossbeam_utils::CachePadded;

use crate::sync::{AtomicBool, AtomicUsize, Condvar, Mutex, lock};

/// Bit 0 of the word: the queue is shut down.
const CLOSED: usize = 1;
/// One unfinished task, counted in the word's other bits.
const ONE_TASK: usize = 2;

#[derive(Debug, Default)]
pub(crate) struct Tasks {
    /// The shutdown flag (bit 0) and the number of items put and not yet marked done
    /// (Python's `unfinished_tasks`, in the other bits). Every put writes it, so it has a cache
    /// line of its own. Only ever changed by read-modify-writes: `gate.rs` relies on that.
    state: CachePadded<AtomicUsize>,
    /// A copy of the shutdown flag for threads that only want to read it, on a line of its own
    /// that is written once: reading `state` instead would pull its line away from the putters
    /// on every check. Set after the flag, so it may lag behind `state` for a moment; see
    /// [`is_closed`](Tasks::is_closed).
    closed: CachePadded<AtomicBool>,
    /// Threads inside `join`; changed only with `lock` held.
    joiners: AtomicUsize,
    lock: Mutex<()>,
    all_tasks_done: Condvar,
}

impl Tasks {
    /// Counts one more unfinished task (a put that is about to send its item) unless the queue
    /// is shut down: then counts nothing and returns `false`. One atomic step decides, on the
    /// same word as [`close`](Self::close).
    pub(crate) fn add_unless_closed(&self) -> bool {
        // AcqRel: a put that finds the flag set must also see everything shutdown did before,
        // and the shutdown that comes after this put must see everything the put did before
        // (its flag in `gate.rs`).
        let before = self.state.fetch_add(ONE_TASK, AcqRel);
        if before & CLOSED == 0 {
            return true;
        }
        // Shut down: take the task back (this may be what brings the count to zero), and copy
        // the flag, so that whoever learns of this refusal also sees `is_closed`, as they would
        // in Python.
        self.done();
        self.closed.store(true, Release);
        false
    }

    /// Sets the shutdown flag: every later [`add_unless_closed`](Self::add_unless_closed) fails.
    pub(crate) fn close(&self) {
        self.state.fetch_or(CLOSED, AcqRel);
        self.closed.store(true, Release);
    }

    /// Whether the queue is shut down. May answer `false` for a moment after
    /// [`close`](Self::close) has started, but never after `close` has returned or a put has
    /// been refused (both copy the flag first), so no thread can see a refusal and then a queue
    /// that is not shut down. Only `add_unless_closed` decides whether a put gets in; every wait
    /// on this also ends when shutdown wakes it.
    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Acquire)
    }

    /// Marks one task done; `false` if there was none to mark.
    pub(crate) fn done(&self) -> bool {
        match self
            .state
            .fetch_update(AcqRel, Acquire, |w| w.checked_sub(ONE_TASK))
        {
            Ok(before) => {
                if before / ONE_TASK == 1 {
                    self.wake_joiners();
                }
                true
            }
            Err(_) => false,
        }
    }

    /// Marks up to `n` tasks done, stopping at zero: an immediate shutdown counts each item
    /// it drains (Python: `if self.unfinished_tasks: self.unfinished_tasks -= 1`).
    pub(crate) fn done_up_to(&self, n: usize) {
        if n == 0 {
            return;
        }
        // The closure never returns `None`, so this is always `Ok`.
        let before = match self.state.fetch_update(AcqRel, Acquire, |w| {
            Some((w & CLOSED) | ((w / ONE_TASK).saturating_sub(n) * ONE_TASK))
        }) {
            Ok(before) | Err(before) => before / ONE_TASK,
        };
        if before > 0 && before <= n {
            self.wake_joiners();
        }
    }

    /// Wakes every joiner, if there is one; see the module doc for why none is missed.
    fn wake_joiners(&self) {
        if self.joiners.load(Acquire) > 0 {
            // Taking the lock waits for a joiner that has registered but not started waiting.
            drop(lock(&self.lock));
            self.all_tasks_done.notify_all();
        }
    }

    /// Waits until every counted task is marked done.
    pub(crate) fn join(&self) {
        // A quick way out when there is nothing to wait for; the check that counts is below.
        if self.unfinished() == 0 {
            return;
        }
        let mut guard = lock(&self.lock);
        self.joiners.fetch_add(1, AcqRel);
        // A read-modify-write, not a load: see the module doc.
        while self.state.fetch_add(0, AcqRel) / ONE_TASK > 0 {
            guard = self
                .all_tasks_done
                .wait(guard)
                .unwrap_or_else(|e| e.into_inner());
        }
        self.joiners.fetch_sub(1, AcqRel);
    }

    pub(crate) fn unfinished(&self) -> usize {
        self.state.load(Acquire) / ONE_TASK
    }
}

/// Loom models of `task_done`/`join`, run by `.ci/run` with the crate's other loom models. A
/// lost wake-up shows as a deadlock: loom reports every interleaving in which `join` never
/// returns.
#[cfg(all(test, loom))]
mod tests {
    use super::*;
    use crate::sync::Arc;

    #[test]
    fn task_done_releases_join() {
        loom::model(|| {
            let tasks = Arc::new(Tasks::default());
            assert!(tasks.add_unless_closed());
            assert!(tasks.add_unless_closed());
            let worker = {
                let tasks = tasks.clone();
                loom::thread::spawn(move || {
                    assert!(tasks.done());
                    assert!(tasks.done());
                    assert!(!tasks.done(), "more task_done calls than tasks");
                })
            };
            tasks.join();
            assert_eq!(tasks.unfinished(), 0);
            worker.join().unwrap();
        });
    }

    #[test]
    fn two_joiners_both_released() {
        loom::model(|| {
            let tasks = Arc::new(Tasks::default());
            assert!(tasks.add_unless_closed());
            let joiner = {
                let tasks = tasks.clone();
                loom::thread::spawn(move || tasks.join())
            };
            let worker = {
                let tasks = tasks.clone();
                loom::thread::spawn(move || assert!(tasks.done()))
            };
            tasks.join();
            joiner.join().unwrap();
            worker.join().unwrap();
        });
    }

    /// A put that counts its task and then fails takes it back with `done`; an immediate
    /// shutdown counts the drained items done. Either may be what releases `join`.
    #[test]
    fn failed_put_and_drain_release_join() {
        loom::model(|| {
            let tasks = Arc::new(Tasks::default());
            assert!(tasks.add_unless_closed()); // an item in the queue
            assert!(tasks.add_unless_closed()); // a put in flight that will fail
            let failed_put = {
                let tasks = tasks.clone();
                loom::thread::spawn(move || assert!(tasks.done()))
            };
            let shutdown = {
                let tasks = tasks.clone();
                // Drains the one item (the count may already be 1 or still 2).
                loom::thread::spawn(move || tasks.done_up_to(1))
            };
            tasks.join();
            failed_put.join().unwrap();
            shutdown.join().unwrap();
            assert_eq!(tasks.unfinished(), 0);
        });
    }
}
