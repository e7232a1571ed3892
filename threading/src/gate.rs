//! The shutdown gate of [`Queue`](crate::Queue): every put passes through it, and shutdown
//! closes it.
//!
//! `Lib/queue.py` needs no gate: its `put` checks the shutdown flag and adds the item under one
//! lock, and `shutdown(immediate=True)` drains the queue under the same lock, so no put can
//! slip in between. `Queue` has no lock (see `fifo.rs`), so a put could check the flag, be
//! preempted, and add its item *after* an immediate shutdown has drained the queue: the put
//! would report success and nobody would ever get the item.
//!
//! The gate closes that window with two things:
//!
//! - **the shutdown flag**, which lives in the word of the task count (`tasks.rs`): the atomic
//!   step with which a put counts its task also reads the flag, and a put that finds it set is
//!   refused;
//! - **a "putting" flag per thread** (per queue), which a put raises before that step and lowers
//!   once it has sent its item or given up.
//!
//! Shutdown sets the shutdown flag, then [`settle`](Gate::settle) reads every thread's putting
//! flag and waits for each to be lowered. Why that finds every put that got in: the task word
//! is only ever changed by read-modify-writes, and those happen one after another, each reading
//! the result of the one before. A put that got in made its step before shutdown's, so
//! shutdown's step reads (a value that came after) the put's and, both being `AcqRel`,
//! *synchronises with* it: whatever the put did before its step, raising its flag included, is
//! visible to shutdown afterwards. So `settle` sees the flag raised (and waits) or already
//! lowered (the item is sent). A put whose step came after shutdown's finds the flag set. After
//! `settle`, every put that got in has finished and no new one will: an immediate shutdown
//! drains only then, and a `get` that finds the queue empty and shut down settles before it
//! concludes that nothing more will come.
//!
//! A put pays for the gate with two plain stores to a cache line that only its own thread
//! writes. The first version of this gate counted the puts inside it in a shared atomic word:
//! two more read-modify-writes per put, on a line every producer fought over, which measured as
//! most of `Queue`'s cost over crossbeam-channel's (crate README). Shutdown pays instead: it
//! reads one flag per thread that has ever put to the queue.
//!
//! The waiting is a spin, not a sleep: puts inside the gate are short, since a blocked put
//! wakes on shutdown and gives up. `tests` below holds the loom models of this protocol.

use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};

use crossbeam_utils::CachePadded;

use crate::sync::{AtomicBool, PerThread, wait_until};
use crate::tasks::Tasks;

/// A thread's "putting" flag, on a cache line of its own: only that thread writes it.
type Flag = CachePadded<AtomicBool>;

/// How a put holds on to its thread's flag: a reference (under loom, a stand-in for one).
#[cfg(not(loom))]
type FlagRef<'a> = &'a Flag;
#[cfg(loom)]
type FlagRef<'a> = crate::sync::Borrowed<'a, Flag>;

#[derive(Debug, Default)]
pub(crate) struct Gate {
    putting: PerThread<Flag>,
}

/// A put's permission to add an item: its thread's flag stays raised until this is dropped.
#[derive(Debug)]
pub(crate) struct Pass<'a>(FlagRef<'a>);

impl Gate {
    /// Lets a put in, counting its task in `tasks`, or returns `None` if the queue is shut
    /// down.
    pub(crate) fn enter(&self, tasks: &Tasks) -> Option<Pass<'_>> {
        let flag = self.putting.get_or_default();
        // Relaxed: the `AcqRel` step in `add_unless_closed` publishes it (see the module doc).
        flag.store(true, Relaxed);
        let pass = Pass(flag);
        // A refusal drops `pass`, which lowers the flag.
        tasks.add_unless_closed().then_some(pass)
    }

    /// Waits until no put is inside the gate. Call only once the shutdown flag is set
    /// ([`Tasks::close`], or having seen [`Tasks::is_closed`]): then it means no item will
    /// ever be added again. `Acquire` pairs with the `Release` of each [`Pass`]'s drop, so the
    /// items those puts sent are visible to the caller afterwards.
    pub(crate) fn settle(&self) {
        for flag in self.putting.iter() {
            wait_until(|| !flag.load(Acquire));
        }
    }
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        self.0.store(false, Release);
    }
}

/// Loom models of the gate, run by `.ci/run` with the crate's other loom models.
#[cfg(all(test, loom))]
mod tests {
    use super::*;
    use crate::sync::{Arc, Mutex};

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
            match self.gate.enter(&self.tasks) {
                Some(_pass) => {
                    self.items.lock().unwrap().push(item);
                    true
                }
                None => {
                    assert!(self.tasks.is_closed(), "refused, so shut down");
                    false
                }
            }
        }

        /// An immediate shutdown: close, settle, drain.
        fn shutdown_immediate(&self) -> Vec<i32> {
            self.tasks.close();
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
            assert_eq!(q.tasks.unfinished(), usize::from(accepted));
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
