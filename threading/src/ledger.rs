#![doc = include_str!("ledger.md")]

use std::sync::PoisonError;
use std::sync::atomic::Ordering::{AcqRel, Acquire};
use std::time::Instant;

use crossbeam_utils::CachePadded;

use crate::sync::{AtomicU64, Condvar, Mutex, lock, spin_briefly, yield_briefly};
use crate::wait::Wait;

/// The flag bit of each word.
const FLAG: u64 = 1 << 63;
/// The count bits of each word. 2^63 puts would take centuries, so no count reaches the flag.
const COUNT: u64 = FLAG - 1;

/// Why [`Ledger::admit`] refused a put.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    Full,
    ShutDown,
}

/// See the module doc.
#[derive(Debug)]
pub(crate) struct Ledger {
    puts: CachePadded<AtomicU64>,
    takes: CachePadded<AtomicU64>,
    unfinished: CachePadded<AtomicU64>,
    /// The bound; `COUNT`, more items than memory can hold, for an unbounded queue.
    maxsize: u64,
    /// Held by a thread from setting a flag until it sleeps, and taken by whoever wakes it.
    lock: Mutex<()>,
    /// Where puts sleep, waiting for room.
    room: Condvar,
    /// Where `join` sleeps.
    all_tasks_done: Condvar,
}

impl Ledger {
    /// A ledger for a queue of at most `maxsize` items; 0 means unbounded, as in Python.
    pub(crate) fn new(maxsize: usize) -> Self {
        let maxsize = match u64::try_from(maxsize) {
            Ok(0) | Err(_) => COUNT,
            Ok(n) => n.min(COUNT),
        };
        Ledger {
            puts: CachePadded::new(AtomicU64::new(0)),
            takes: CachePadded::new(AtomicU64::new(0)),
            unfinished: CachePadded::new(AtomicU64::new(0)),
            maxsize,
            lock: Mutex::new(()),
            room: Condvar::new(),
            all_tasks_done: Condvar::new(),
        }
    }

    /// Admits one item, waiting for room as `wait` allows, and counts it unfinished. The caller
    /// must send the item straight after (see the invariant).
    pub(crate) fn admit(&self, wait: Wait) -> Result<(), Refused> {
        let mut tries = 0;
        loop {
            match self.try_admit() {
                Err(Refused::Full) => {}
                admitted_or_shut_down => return admitted_or_shut_down,
            }
            let Some(deadline) = wait.deadline_left() else {
                return Err(Refused::Full);
            };
            // A get usually makes room within moments: let it run, then watch for a while,
            // before sleeping (sleeping and being woken are system calls, for both sides).
            let ready = || !self.full() || self.is_shut_down() || passed(deadline);
            tries += 1;
            match tries {
                1 => yield_briefly(ready),
                // Under loom, straight to sleep: a spin there would only yield (see
                // `sync.rs`), and the models would never see a put go to sleep.
                2 if !cfg!(loom) => spin_briefly(ready),
                _ => self.sleep_until_room(deadline),
            }
        }
    }

    /// Admits one item if there is room now.
    fn try_admit(&self) -> Result<(), Refused> {
        let mut puts = self.puts.load(Acquire);
        loop {
            if puts & FLAG != 0 {
                return Err(Refused::ShutDown);
            }
            // An unbounded queue skips reading `takes`, the consumers' cache line.
            if self.maxsize != COUNT
                && puts.saturating_sub(self.takes.load(Acquire) & COUNT) >= self.maxsize
            {
                return Err(Refused::Full);
            }
            match self
                .puts
                .compare_exchange_weak(puts, puts + 1, AcqRel, Acquire)
            {
                Ok(_) => break,
                Err(now) => puts = now,
            }
        }
        // Before the item is sent: a consumer may get it and call `task_done` at once.
        self.unfinished.fetch_add(1, AcqRel);
        Ok(())
    }

    /// Sleeps until a take may have made room, a shutdown, or `deadline`; returns at once if
    /// either has happened since the caller looked. The caller tries again either way.
    fn sleep_until_room(&self, deadline: Option<Instant>) {
        let guard = lock(&self.lock);
        // The flag first, then the check: see the module doc.
        let takes = self.takes.fetch_or(FLAG, AcqRel) & COUNT;
        let puts = self.puts.load(Acquire);
        if puts & FLAG != 0 || puts.saturating_sub(takes) < self.maxsize {
            return;
        }
        match deadline {
            None => drop(
                self.room
                    .wait(guard)
                    .unwrap_or_else(PoisonError::into_inner),
            ),
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                drop(self.room.wait_timeout(guard, left));
            }
        }
    }

    /// Counts one item taken out of the channel, and wakes the puts waiting for room, if any.
    pub(crate) fn took_one(&self) {
        if self.takes.fetch_add(1, AcqRel) & FLAG != 0 {
            self.takes.fetch_and(COUNT, AcqRel);
            wake_all(&self.lock, &self.room);
        }
    }

    /// Sets the shutdown flag, so that every later put is refused, and wakes the puts waiting
    /// for room.
    pub(crate) fn shut_down(&self) {
        self.puts.fetch_or(FLAG, AcqRel);
        wake_all(&self.lock, &self.room);
    }

    /// Whether the queue is shut down.
    pub(crate) fn is_shut_down(&self) -> bool {
        self.puts.load(Acquire) & FLAG != 0
    }

    /// Whether the queue is shut down and every item admitted has been taken out: then none is
    /// left, and none will come.
    pub(crate) fn all_taken(&self) -> bool {
        // `puts` first: once it shows the flag it never changes, and `takes` only grows to it.
        let puts = self.puts.load(Acquire);
        puts & FLAG != 0 && self.takes.load(Acquire) & COUNT == puts & COUNT
    }

    /// Whether the queue holds `maxsize` items (admitted and not taken out).
    pub(crate) fn full(&self) -> bool {
        // `takes` first, so that it is never ahead of the `puts` read after it.
        let takes = self.takes.load(Acquire) & COUNT;
        (self.puts.load(Acquire) & COUNT).saturating_sub(takes) >= self.maxsize
    }

    /// Marks one task done (Python's `task_done`); `false` if none was unfinished.
    pub(crate) fn task_done(&self) -> bool {
        self.mark_done(1) == 1
    }

    /// Marks up to `n` tasks done, stopping when none is unfinished, and returns how many it
    /// marked: an immediate shutdown marks the items it drains this way (Python:
    /// `if self.unfinished_tasks: self.unfinished_tasks -= 1`). The call that brings the count
    /// to zero clears the flag and wakes the joiners.
    pub(crate) fn mark_done(&self, n: u64) -> u64 {
        let update = self.unfinished.fetch_update(AcqRel, Acquire, |word| {
            let count = word & COUNT;
            if count == 0 {
                return None;
            }
            let left = count.saturating_sub(n);
            Some(if left == 0 { 0 } else { (word & FLAG) | left })
        });
        let Ok(before) = update else {
            return 0;
        };
        let count = before & COUNT;
        if count <= n && before & FLAG != 0 {
            wake_all(&self.lock, &self.all_tasks_done);
        }
        count.min(n)
    }

    /// Waits until no task is unfinished (Python's `join`).
    pub(crate) fn join(&self) {
        if self.unfinished() == 0 {
            return;
        }
        let mut guard = lock(&self.lock);
        // Sets the flag only while some task is unfinished: see the module doc.
        while self
            .unfinished
            .fetch_update(AcqRel, Acquire, |word| {
                (word & COUNT != 0).then_some(word | FLAG)
            })
            .is_ok()
        {
            guard = self
                .all_tasks_done
                .wait(guard)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Python's `unfinished_tasks`.
    pub(crate) fn unfinished(&self) -> usize {
        let count = self.unfinished.load(Acquire) & COUNT;
        usize::try_from(count).unwrap_or(usize::MAX)
    }
}

/// Wakes every thread sleeping on `cv`. Taking `lock` first waits for a thread that has set its
/// flag but not yet started to sleep.
fn wake_all(lock_: &Mutex<()>, cv: &Condvar) {
    drop(lock(lock_));
    cv.notify_all();
}

/// Whether `deadline` (`None`: no deadline) has passed.
pub(crate) fn passed(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() >= d)
}

/// Loom models of the ledger, run by `.ci/run` with the crate's other loom models. A lost
/// wake-up shows as a deadlock: loom reports the interleaving in which a thread sleeps forever.
#[cfg(all(test, loom))]
mod tests {
    use super::*;
    use crate::sync::Arc;
    use std::collections::VecDeque;

    /// A ledger beside a locked `VecDeque` that stands in for the channel (loom cannot run
    /// crossbeam's): what is checked here is the ledger.
    struct Queue {
        ledger: Ledger,
        items: Mutex<VecDeque<i32>>,
    }

    impl Queue {
        fn new(maxsize: usize) -> Arc<Self> {
            Arc::new(Queue {
                ledger: Ledger::new(maxsize),
                items: Mutex::new(VecDeque::new()),
            })
        }

        fn put(&self, item: i32) -> Result<(), Refused> {
            self.ledger.admit(Wait::Forever)?;
            self.items.lock().unwrap().push_back(item);
            Ok(())
        }

        /// A blocking get, polling the stand-in channel: `None` once shut down and empty.
        fn get(&self) -> Option<i32> {
            loop {
                if let Some(item) = self.items.lock().unwrap().pop_front() {
                    self.ledger.took_one();
                    return Some(item);
                }
                if self.ledger.all_taken() {
                    return None;
                }
                loom::thread::yield_now();
            }
        }

        /// An immediate shutdown: shut, then drain until every admitted item is taken out.
        fn shutdown_immediate(&self) -> Vec<i32> {
            self.ledger.shut_down();
            let mut drained = Vec::new();
            while !self.ledger.all_taken() {
                match self.items.lock().unwrap().pop_front() {
                    Some(item) => {
                        self.ledger.took_one();
                        drained.push(item);
                    }
                    None => loom::thread::yield_now(),
                }
            }
            self.ledger.mark_done(drained.len() as u64);
            drained
        }
    }

    /// A put on a full queue sleeps until a get makes room (the `takes` flag), then goes in.
    #[test]
    fn put_on_a_full_queue_waits_for_room() {
        loom::model(|| {
            let q = Queue::new(1);
            q.put(1).unwrap();
            let putter = {
                let q = q.clone();
                loom::thread::spawn(move || q.put(2))
            };
            assert_eq!(q.get(), Some(1));
            assert_eq!(q.get(), Some(2));
            assert_eq!(putter.join().unwrap(), Ok(()));
            assert!(!q.ledger.full());
        });
    }

    /// A put racing an immediate shutdown is refused, or its item is drained (or got): never
    /// admitted and left behind. The count of unfinished tasks agrees.
    #[test]
    fn put_racing_immediate_shutdown_is_refused_or_drained() {
        loom::model(|| {
            let q = Queue::new(0);
            let putter = {
                let q = q.clone();
                loom::thread::spawn(move || q.put(7))
            };
            let drained = q.shutdown_immediate();
            let admitted = putter.join().unwrap().is_ok();
            assert_eq!(drained, if admitted { vec![7] } else { vec![] });
            assert!(q.items.lock().unwrap().is_empty(), "an item came after");
            assert_eq!(q.ledger.unfinished(), 0);
            assert_eq!(q.put(8), Err(Refused::ShutDown));
        });
    }

    /// A shutdown wakes a put sleeping on a full queue, which is then refused; a get after the
    /// shutdown still hands out the item that was there.
    #[test]
    fn shutdown_wakes_a_put_waiting_for_room() {
        loom::model(|| {
            let q = Queue::new(1);
            q.put(1).unwrap();
            let putter = {
                let q = q.clone();
                loom::thread::spawn(move || q.put(2))
            };
            q.ledger.shut_down();
            assert_eq!(putter.join().unwrap(), Err(Refused::ShutDown));
            assert_eq!(q.get(), Some(1));
            assert_eq!(q.get(), None);
        });
    }

    /// `join` returns once every item put is marked done, whichever thread marks it; two
    /// joiners are both released.
    #[test]
    fn task_done_releases_two_joiners() {
        loom::model(|| {
            let q = Queue::new(0);
            q.put(1).unwrap();
            let joiner = {
                let q = q.clone();
                loom::thread::spawn(move || q.ledger.join())
            };
            let worker = {
                let q = q.clone();
                loom::thread::spawn(move || {
                    assert_eq!(q.get(), Some(1));
                    assert!(q.ledger.task_done());
                    assert!(!q.ledger.task_done(), "one item, one task_done");
                })
            };
            q.ledger.join();
            assert_eq!(q.ledger.unfinished(), 0);
            joiner.join().unwrap();
            worker.join().unwrap();
        });
    }

    /// An item put by a worker (a crawler's follow-up) is counted before the worker marks its
    /// own item done, so `join` cannot return in between.
    #[test]
    fn join_waits_for_items_the_workers_put() {
        loom::model(|| {
            let q = Queue::new(0);
            q.put(1).unwrap();
            let worker = {
                let q = q.clone();
                loom::thread::spawn(move || {
                    assert_eq!(q.get(), Some(1));
                    q.put(2).unwrap();
                    assert!(q.ledger.task_done());
                    assert_eq!(q.get(), Some(2));
                    assert!(q.ledger.task_done());
                })
            };
            q.ledger.join();
            assert!(q.items.lock().unwrap().is_empty(), "join returned early");
            assert_eq!(q.ledger.unfinished(), 0);
            worker.join().unwrap();
        });
    }
}
