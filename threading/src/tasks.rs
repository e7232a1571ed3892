//! `task_done` and `join` for [`Queue`](crate::Queue), without the queue's lock.
//!
//! Python keeps `unfinished_tasks` under the queue's lock and `join` waits on the
//! `all_tasks_done` condition. `Queue` has no lock on its fast path (see `fifo.rs`), and no
//! shared counter either: the items put are counted per thread, by the gate (`gate.rs`), so
//! that a put writes nothing another producer writes. Here is the other half: the count of
//! tasks *done*, one atomic. Python's `unfinished_tasks` is the difference:
//!
//! - a put counts its item (in the gate) *before* sending it, so that a consumer who gets it
//!   and calls `task_done` at once finds it counted; a put that then fails counts itself done;
//! - `task_done` reads the tasks done, then adds up the puts, and counts one more done unless
//!   that would exceed the puts (Python's `ValueError`); the call that makes the two equal
//!   wakes the joiners, if there are any. An immediate shutdown counts the items it drains
//!   done the same way;
//! - `join` registers as a joiner under the lock, then compares the two, then sleeps on the
//!   condition variable.
//!
//! Why the difference never comes out too low: each thread's count of puts only grows, and the
//! count of tasks done only changes by read-modify-writes (`AcqRel`), so whoever reads it
//! also sees every put that any earlier `task_done` saw. Reading the done count *first* and
//! the puts after can only over-count puts that race with the call, never miss one that
//! happened before. (The other order could miss a put that a racing `task_done` has already
//! matched.)
//!
//! Adding up the puts reads one cache line per thread that has put to the queue. `join`,
//! `unfinished_tasks` and shutdown always do; `task_done` only when it must. It keeps the last
//! sum it read beside the count of tasks done ([`Done`]), and while the tasks done stay well
//! under that sum, one more cannot be too many nor the last, so it just counts. Only near the
//! end of a batch, when the consumers catch up with the producers, does it add up again.
//!
//! No wake-up of `join` is lost. The joiner registers *before* it reads the done count, and
//! `task_done` counts *before* it reads the number of joiners. The joiner's read of the count
//! is a read-modify-write that changes nothing (`fetch_add(0)`), and a read-modify-write reads
//! the latest value and, with `AcqRel`, synchronises with the write it follows. So either the
//! joiner reads the count before `task_done`'s increment, and then that increment follows it
//! and sees everything the joiner did before, its registration included (it wakes the joiner);
//! or the joiner reads the incremented count (and does not wait). Plain loads on both sides
//! would not do: each could miss the other's write. (`SeqCst` loads would do, by a subtler
//! argument that loom cannot check: it treats `SeqCst` loads as `AcqRel`.) The waker takes the
//! lock before signalling, and the joiner lets go of it only by starting to wait, so the signal
//! finds it waiting. Counting joiners spares `task_done` a lock and a system call each time the
//! consumers catch up with the producers.
//! `tests` below holds the loom models of this protocol.

use std::sync::atomic::Ordering::{AcqRel, Acquire};

use crossbeam_utils::CachePadded;

use crate::gate::Gate;
use crate::sync::{AtomicUsize, Condvar, Mutex, lock};

#[derive(Debug, Default)]
pub(crate) struct Tasks {
    /// Tasks marked done, and a lower bound of the puts (see [`Done`]).
    done: CachePadded<Done>,
    /// Threads inside `join`; changed only with `lock` held.
    joiners: AtomicUsize,
    lock: Mutex<()>,
    all_tasks_done: Condvar,
}

/// The count of tasks done, beside the puts counted when it was last compared with them: the
/// two are read together by every `task_done`, so they share a cache line.
#[derive(Debug, Default)]
struct Done {
    /// Tasks marked done, plus puts that counted themselves and then failed, plus items an
    /// immediate shutdown drained. Never more than the gate's count of puts.
    count: AtomicUsize,
    /// The largest sum of the gate's counts any call has read so far. The puts only grow, so
    /// this is never more than their sum now: while the tasks done stay under it, `task_done`
    /// knows its call is neither one too many nor the last, without adding up the counts.
    puts_seen: AtomicUsize,
}

impl Tasks {
    /// Marks one task done; `false` if there was none to mark (every item put is done).
    pub(crate) fn done(&self, gate: &Gate) -> bool {
        // The fast path: well under the puts seen, this call cannot be one too many, and it
        // cannot bring the count to zero, so nobody needs waking. Read `count` first, as in
        // `done_up_to`.
        let mut done = self.done.count.load(Acquire);
        while done + 1 < self.done.puts_seen.load(Acquire) {
            match self
                .done
                .count
                .compare_exchange_weak(done, done + 1, AcqRel, Acquire)
            {
                Ok(_) => return true,
                Err(now) => done = now,
            }
        }
        self.done_up_to(gate, 1) == 1
    }

    /// Marks up to `n` tasks done, stopping when every item put is done, and returns how many
    /// it marked. An immediate shutdown counts each item it drains this way (Python:
    /// `if self.unfinished_tasks: self.unfinished_tasks -= 1`).
    pub(crate) fn done_up_to(&self, gate: &Gate, n: usize) -> usize {
        let mut done = self.done.count.load(Acquire);
        loop {
            // After reading `done`: see the module doc.
            let puts = gate.puts();
            self.done.puts_seen.fetch_max(puts, AcqRel);
            let marked = n.min(puts.saturating_sub(done));
            if marked == 0 {
                return 0;
            }
            match self
                .done
                .count
                .compare_exchange_weak(done, done + marked, AcqRel, Acquire)
            {
                Ok(_) => {
                    if done + marked == puts {
                        self.wake_joiners();
                    }
                    return marked;
                }
                Err(now) => done = now,
            }
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

    /// Waits until every item put is marked done.
    pub(crate) fn join(&self, gate: &Gate) {
        // A quick way out when there is nothing to wait for; the check that counts is below.
        if self.unfinished(gate) == 0 {
            return;
        }
        let mut guard = lock(&self.lock);
        self.joiners.fetch_add(1, AcqRel);
        // A read-modify-write, not a load: see the module doc.
        while outstanding(gate, self.done.count.fetch_add(0, AcqRel)) > 0 {
            guard = self
                .all_tasks_done
                .wait(guard)
                .unwrap_or_else(|e| e.into_inner());
        }
        self.joiners.fetch_sub(1, AcqRel);
    }

    /// Python's `unfinished_tasks`: items put and not yet marked done.
    pub(crate) fn unfinished(&self, gate: &Gate) -> usize {
        outstanding(gate, self.done.count.load(Acquire))
    }
}

/// The puts minus `done`, the tasks done. The caller reads `done` (to pass it) before this adds
/// up the puts: see the module doc for why in that order.
fn outstanding(gate: &Gate, done: usize) -> usize {
    gate.puts().saturating_sub(done)
}

/// Loom models of `task_done`/`join`, run by `.ci/run` with the crate's other loom models. A
/// lost wake-up shows as a deadlock: loom reports every interleaving in which `join` never
/// returns.
#[cfg(all(test, loom))]
mod tests {
    use super::*;
    use crate::sync::Arc;

    /// A gate and a task count: a queue without its items, which these models do not need.
    #[derive(Default)]
    struct Counts {
        gate: Gate,
        tasks: Tasks,
    }

    impl Counts {
        /// A put that gets in (the queue is never shut down here).
        fn put(&self) {
            drop(self.gate.enter().expect("not shut down"));
        }

        fn task_done(&self) -> bool {
            self.tasks.done(&self.gate)
        }

        fn join(&self) {
            self.tasks.join(&self.gate)
        }
    }

    #[test]
    fn task_done_releases_join() {
        loom::model(|| {
            let q = Arc::new(Counts::default());
            // Three, so that the middle `task_done` can take the fast path.
            q.put();
            q.put();
            q.put();
            let worker = {
                let q = q.clone();
                loom::thread::spawn(move || {
                    assert!(q.task_done());
                    assert!(q.task_done());
                    assert!(q.task_done());
                    assert!(!q.task_done(), "more task_done calls than tasks");
                })
            };
            q.join();
            assert_eq!(q.tasks.unfinished(&q.gate), 0);
            worker.join().unwrap();
        });
    }

    #[test]
    fn two_joiners_both_released() {
        loom::model(|| {
            let q = Arc::new(Counts::default());
            q.put();
            let joiner = {
                let q = q.clone();
                loom::thread::spawn(move || q.join())
            };
            let worker = {
                let q = q.clone();
                loom::thread::spawn(move || assert!(q.task_done()))
            };
            q.join();
            joiner.join().unwrap();
            worker.join().unwrap();
        });
    }

    /// Puts from two threads, each counted in its own slot, and a consumer marking them done
    /// as it "gets" them (here: as soon as they are counted): `task_done` never refuses a put
    /// that happened before it, and `join`, once the puts are in, returns only when both are
    /// done.
    #[test]
    fn puts_from_two_threads_then_join() {
        loom::model(|| {
            let q = Arc::new(Counts::default());
            let (tx, rx) = loom::sync::mpsc::channel();
            let producers: Vec<_> = (0..2)
                .map(|_| {
                    let (q, tx) = (q.clone(), tx.clone());
                    loom::thread::spawn(move || {
                        q.put();
                        tx.send(()).unwrap(); // the item, handed to the consumer
                    })
                })
                .collect();
            let consumer = {
                let q = q.clone();
                loom::thread::spawn(move || {
                    for _ in 0..2 {
                        rx.recv().unwrap();
                        assert!(q.task_done(), "a task_done refused for an item got");
                    }
                })
            };
            for p in producers {
                p.join().unwrap();
            }
            q.join();
            assert_eq!(q.tasks.unfinished(&q.gate), 0);
            consumer.join().unwrap();
        });
    }

    /// The reason `task_done` reads the done count before the puts. One thread puts and marks
    /// its own item done; another marks done an item the main thread put and handed to it. The
    /// second must see the first thread's put once it sees the first's `task_done`, or it
    /// would count one put, two tasks done, and refuse.
    #[test]
    fn task_done_sees_the_puts_earlier_task_dones_saw() {
        loom::model(|| {
            let q = Arc::new(Counts::default());
            let (tx, rx) = loom::sync::mpsc::channel();
            let own = {
                let q = q.clone();
                loom::thread::spawn(move || {
                    q.put();
                    assert!(q.task_done());
                })
            };
            let handed = {
                let q = q.clone();
                loom::thread::spawn(move || {
                    rx.recv().unwrap();
                    assert!(q.task_done(), "refused a task_done for an item got");
                })
            };
            q.put();
            tx.send(()).unwrap();
            q.join();
            own.join().unwrap();
            handed.join().unwrap();
            assert_eq!(q.tasks.unfinished(&q.gate), 0);
        });
    }

    /// The same for `unfinished` (and `join`, which reads in the same order): once it sees
    /// another thread's `task_done`, it sees the put that call matched, so an item this thread
    /// put and still holds is always counted.
    #[test]
    fn unfinished_never_misses_an_item_held() {
        loom::model(|| {
            let q = Arc::new(Counts::default());
            q.put(); // held by this thread, never marked done
            let other = {
                let q = q.clone();
                loom::thread::spawn(move || {
                    q.put();
                    assert!(q.task_done());
                })
            };
            assert!(
                q.tasks.unfinished(&q.gate) >= 1,
                "an item held is not counted"
            );
            other.join().unwrap();
            assert_eq!(q.tasks.unfinished(&q.gate), 1);
        });
    }

    /// A put that counts its task and then fails counts itself done; an immediate shutdown
    /// counts the drained items done. Either may be what releases `join`.
    #[test]
    fn failed_put_and_drain_release_join() {
        loom::model(|| {
            let q = Arc::new(Counts::default());
            q.put(); // an item in the queue
            q.put(); // a put in flight that will fail
            let failed_put = {
                let q = q.clone();
                loom::thread::spawn(move || assert!(q.task_done()))
            };
            let shutdown = {
                let q = q.clone();
                // Drains the one item (both may still be unfinished, or one).
                loom::thread::spawn(move || assert_eq!(q.tasks.done_up_to(&q.gate, 1), 1))
            };
            q.join();
            failed_put.join().unwrap();
            shutdown.join().unwrap();
            assert_eq!(q.tasks.unfinished(&q.gate), 0);
        });
    }
}
