//! The shutdown gate of [`Queue`](crate::Queue), and the count of items put: every put passes
//! through the gate, and shutdown closes it.
//!
//! `Lib/queue.py` needs no gate: its `put` checks the shutdown flag and adds the item under one
//! lock, and `shutdown(immediate=True)` drains the queue under the same lock, so no put can
//! slip in between. `Queue` has no lock (see `fifo.rs`), so a put could check the flag, be
//! preempted, and add its item *after* an immediate shutdown has drained the queue: the put
//! would report success and nobody would ever get the item.
//!
//! The gate closes that window with a shutdown flag and, for each thread that puts, a
//! *putting* flag (per queue):
//!
//! - a put raises its putting flag, then reads the shutdown flag; if that is set, the put
//!   lowers its flag and fails; otherwise it sends its item and lowers its flag after;
//! - shutdown sets the shutdown flag, then [`settle`](Gate::settle) reads every thread's
//!   putting flag and waits for each to be lowered.
//!
//! Each side writes one flag and then reads the other's, with a `SeqCst` fence in between.
//! `SeqCst` fences are ordered one after the other in a single order that every thread agrees
//! on. If the put's fence comes first, shutdown reads the put's flag raised (and waits for it)
//! or already lowered (the item is sent); if shutdown's comes first, the put reads the shutdown
//! flag set (and fails). Never neither: without the fences, each side could read the other's
//! flag before its write arrived. This is Dekker's old mutual-exclusion idea, and loom checks
//! it (loom models `SeqCst` fences faithfully, though not `SeqCst` loads and stores). A get
//! that finds the queue empty and shut down settles too, with a fence of its own, before it
//! concludes that nothing more will come: after `settle`, every put that got in has finished
//! and no new one will.
//!
//! **Counting the items put** (Python's `unfinished_tasks` is that count minus the tasks done,
//! see `tasks.rs`) also happens here, per thread: each thread's flags sit next to the number of
//! items it has put, which only that thread writes. `puts` adds them up.
//!
//! Why per thread: a put writes only to its own thread's cache line, plus the fence. The
//! previous version of this gate had one shared word for the shutdown flag and the puts inside
//! the gate, and a second for the count: three read-modify-writes per put on lines every
//! producer fought over, which measured as nearly all of `Queue`'s cost over crossbeam-channel's
//! (crate README).
//! Shutdown and `task_done` pay instead: they read one slot per thread that has put to the
//! queue.
//!
//! The waiting in `settle` is a spin, not a sleep: puts inside the gate are short, since a
//! blocked put wakes on shutdown and gives up. `tests` below holds the loom models.

use std::sync::atomic::Ordering::{Acquire, Relaxed, Release, SeqCst};

use crossbeam_utils::CachePadded;

use crate::sync::{AtomicBool, AtomicUsize, PerThread, fence, wait_until};

/// One thread's slot, on a cache line of its own: only that thread writes it.
#[derive(Debug, Default)]
struct Putter {
    /// Raised while this thread is inside the gate.
    putting: AtomicBool,
    /// Items this thread has put (counted as it enters the gate: a put that then fails is
    /// counted done instead, see `tasks.rs`).
    puts: AtomicUsize,
}

type Slot = CachePadded<Putter>;

/// How a put holds on to its thread's slot: a reference (under loom, a stand-in for one).
#[cfg(not(loom))]
type SlotRef<'a> = &'a Slot;
#[cfg(loom)]
type SlotRef<'a> = crate::sync::Borrowed<'a, Slot>;

#[derive(Debug, Default)]
pub(crate) struct Gate {
    /// Set once, by the first shutdown; on a line of its own, so that reading it costs the
    /// putters nothing.
    closed: CachePadded<AtomicBool>,
    putters: PerThread<Slot>,
}

/// A put's permission to add an item: its thread's putting flag stays raised until this is
/// dropped.
#[derive(Debug)]
pub(crate) struct Pass<'a>(SlotRef<'a>);

impl Gate {
    /// Lets a put in and counts its item, or returns `None` if the queue is shut down.
    pub(crate) fn enter(&self) -> Option<Pass<'_>> {
        let me = self.putters.get_or_default();
        me.putting.store(true, Relaxed);
        fence(SeqCst);
        // Acquire: a refused put sees everything shutdown did before it set the flag.
        if self.closed.load(Acquire) {
            me.putting.store(false, Relaxed);
            return None;
        }
        // Only this thread writes its count, so a load and a store do (no read-modify-write).
        // Release: a consumer who gets this item sees the count (`tasks.rs` relies on that).
        me.puts.store(me.puts.load(Relaxed) + 1, Release);
        Some(Pass(me))
    }

    /// Sets the shutdown flag: every put that reads it afterwards fails. Call
    /// [`settle`](Self::settle) to wait for the puts already inside.
    pub(crate) fn close(&self) {
        self.closed.store(true, Release);
    }

    /// Whether the queue is shut down.
    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Acquire)
    }

    /// Waits until no put is inside the gate. Call only once the shutdown flag is set (by
    /// [`close`](Self::close), or having seen [`is_closed`](Self::is_closed)): then it means no
    /// item will ever be added again. `Acquire` pairs with the `Release` of each [`Pass`]'s
    /// drop, so the items those puts sent are visible to the caller afterwards.
    pub(crate) fn settle(&self) {
        // The fence on this side of the Dekker pair (see the module doc).
        fence(SeqCst);
        for slot in self.putters.iter() {
            wait_until(|| !slot.putting.load(Acquire));
        }
    }

    /// The number of items put so far, over all threads. Every count that happened before the
    /// call is in it (each thread's count only grows, and is read with `Acquire`); counts
    /// racing with it may or may not be.
    pub(crate) fn puts(&self) -> usize {
        self.putters
            .iter()
            .map(|slot| slot.puts.load(Acquire))
            .sum()
    }
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        self.0.putting.store(false, Release);
    }
}

/// Loom models of the gate, run by `.ci/run` with the crate's other loom models.
#[cfg(all(test, loom))]
mod tests {
    use super::*;
    use crate::sync::{Arc, Mutex};
    use crate::tasks::Tasks;

    /// A gate, its task count, and a locked vector standing in for the channel: what is
    /// checked here is the gate.
    #[derive(Default)]
    struct Queue {
        gate: Gate,
        tasks: Tasks,
        items: Mutex<Vec<i32>>,
    }

    impl Queue {
        /// A put: `true` if the item went in. A refused put sees the queue shut down.
        fn put(&self, item: i32) -> bool {
            match self.gate.enter() {
                Some(_pass) => {
                    self.items.lock().unwrap().push(item);
                    true
                }
                None => {
                    assert!(self.gate.is_closed(), "refused, so shut down");
                    false
                }
            }
        }

        /// An immediate shutdown: close, settle, drain.
        fn shutdown_immediate(&self) -> Vec<i32> {
            self.gate.close();
            self.gate.settle();
            std::mem::take(&mut *self.items.lock().unwrap())
        }
    }

    /// A put racing an immediate shutdown: the item is either refused (and handed back) or
    /// in the queue when shutdown drains it. Never accepted and left behind. The task count
    /// agrees.
    #[test]
    fn put_racing_immediate_shutdown_is_refused_or_drained() {
        loom::model(|| {
            let q = Arc::new(Queue::default());
            let putter = {
                let q = q.clone();
                loom::thread::spawn(move || q.put(7))
            };
            let drained = q.shutdown_immediate();
            let accepted = putter.join().unwrap();
            assert_eq!(drained, if accepted { vec![7] } else { vec![] });
            assert!(
                q.items.lock().unwrap().is_empty(),
                "an item arrived after settle"
            );
            assert_eq!(q.tasks.unfinished(&q.gate), usize::from(accepted));
            assert!(!q.put(8), "no put gets in after shutdown");
        });
    }

    /// Two threads, one of which puts twice (its flag goes up, down and up again), and a
    /// shutdown: every accepted item is there when shutdown drains, and only those.
    #[test]
    fn three_puts_from_two_threads_and_a_shutdown() {
        loom::model(|| {
            let q = Arc::new(Queue::default());
            let twice = {
                let q = q.clone();
                loom::thread::spawn(move || vec![q.put(1), q.put(2)])
            };
            let once = {
                let q = q.clone();
                loom::thread::spawn(move || vec![q.put(3)])
            };
            let drained = q.shutdown_immediate();
            let accepted: Vec<i32> = [(twice, vec![1, 2]), (once, vec![3])]
                .into_iter()
                .flat_map(|(t, items)| {
                    let got_in = t.join().unwrap();
                    items
                        .into_iter()
                        .zip(got_in)
                        .filter(|&(_, ok)| ok)
                        .map(|(i, _)| i)
                })
                .collect();
            let mut drained = drained;
            drained.sort();
            assert_eq!(drained, accepted);
            assert!(
                q.items.lock().unwrap().is_empty(),
                "an item arrived after settle"
            );
        });
    }
}
