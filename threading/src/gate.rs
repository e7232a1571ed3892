//! The shutdown gate of [`Queue`](crate::Queue): every put passes through it, and shutdown
//! closes it.
//!
//! `Lib/queue.py` needs no gate: its `put` checks the shutdown flag and adds the item under one
//! lock, and `shutdown(immediate=True)` drains the queue under the same lock, so no put can
//! slip in between. `Queue` has no lock (see `fifo.rs`), so a put could check the flag, be
//! preempted, and add its item *after* an immediate shutdown has drained the queue: the put
//! would report success and nobody would ever get the item.
//!
//! The gate closes that window. It is one atomic word holding the shutdown flag (bit 0) and
//! the number of puts between checking the flag and finishing (the other bits):
//!
//! - a put adds one to the count and, in the same atomic step, reads the flag; if it was set,
//!   it takes its one back and fails; otherwise it holds a [`Pass`] until it has sent its item
//!   (or given up), and dropping the pass takes the one back;
//! - shutdown sets the flag, then [`settle`](Gate::settle) waits for the count to reach zero.
//!
//! Both steps work on the same word, so every put either sees the flag or is counted by the
//! shutdown that set it: after `settle`, every put that got in has finished, and no new put
//! will. An immediate shutdown drains only after that, and a `get` that finds the queue
//! empty and shut down settles before it concludes that nothing more will come.
//!
//! The waiting is a spin, not a sleep: puts inside the gate are short, since a blocked put
//! wakes on shutdown and gives up. `tests` below holds the loom model of this protocol.

use crossbeam_utils::CachePadded;

use crate::sync::wait_until;
use crate::sync::{AtomicBool, AtomicUsize};
use std::sync::atomic::Ordering::{AcqRel, Acquire, Release};

/// Bit 0 of the gate's word: the queue is shut down.
const CLOSED: usize = 1;
/// One put inside the gate, counted in the word's other bits.
const ONE_PUT: usize = 2;

#[derive(Debug, Default)]
pub(crate) struct Gate {
    /// Padded to a cache line of its own: every put writes it, and nothing else should move
    /// with it between cores.
    state: CachePadded<AtomicUsize>,
    /// A copy of the flag for threads that only want to read it, on a line of its own that
    /// is written once: reading `state` instead would pull its line away from the putters
    /// on every check. Set after the flag, so it may lag behind `state` for a moment; see
    /// [`is_closed`](Gate::is_closed).
    closed: CachePadded<AtomicBool>,
}

/// A put's permission to add an item: the gate counts it until it is dropped.
#[derive(Debug)]
pub(crate) struct Pass<'a>(&'a Gate);

impl Gate {
    /// Lets a put in, or returns `None` if the queue is shut down.
    pub(crate) fn enter(&self) -> Option<Pass<'_>> {
        // AcqRel: a put that finds the flag set must also see everything shutdown did before.
        let before = self.state.fetch_add(ONE_PUT, AcqRel);
        if before & CLOSED == 0 {
            Some(Pass(self))
        } else {
            self.state.fetch_sub(ONE_PUT, Release);
            // Shutdown may not have copied the flag yet; copy it here, so that whoever learns
            // of this refusal also sees `is_closed`, as they would in Python.
            self.closed.store(true, Release);
            None
        }
    }

    /// Sets the shutdown flag; puts that are already in carry on until [`settle`](Self::settle).
    pub(crate) fn close(&self) {
        self.state.fetch_or(CLOSED, AcqRel);
        self.closed.store(true, Release);
    }

    /// Whether the gate is closed. May answer `false` for a moment after [`close`](Self::close)
    /// has started, but never after `close` has returned or a put has been refused (both copy
    /// the flag first), so no thread can see a refusal and then a queue that is not shut down.
    /// Only [`enter`](Self::enter) decides whether a put gets in; every wait on this also ends
    /// when shutdown wakes it.
    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Acquire)
    }

    /// Waits until no put is inside the gate. Once the gate is closed, this means no item will
    /// ever be added again. `Acquire` pairs with the `Release` of each [`Pass`]'s drop, so the
    /// items those puts sent are visible to the caller afterwards.
    pub(crate) fn settle(&self) {
        wait_until(|| self.state.load(Acquire) < ONE_PUT);
    }
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        self.0.state.fetch_sub(ONE_PUT, Release);
    }
}

/// Loom models of the gate, run by `.ci/run` with the crate's other loom models.
#[cfg(all(test, loom))]
mod tests {
    use super::*;
    use crate::sync::{Arc, Mutex};

    /// A put racing an immediate shutdown: the item is either refused (and handed back) or
    /// in the queue when shutdown drains it. Never accepted and left behind. A refused put
    /// sees the queue shut down.
    #[test]
    fn put_racing_immediate_shutdown_is_refused_or_drained() {
        loom::model(|| {
            let gate = Arc::new(Gate::default());
            // The channel stands in as a locked vector: what is checked here is the gate.
            let items = Arc::new(Mutex::new(Vec::new()));
            let putter = {
                let (gate, items) = (gate.clone(), items.clone());
                loom::thread::spawn(move || match gate.enter() {
                    Some(_pass) => {
                        items.lock().unwrap().push(7);
                        true
                    }
                    None => {
                        // Refused, so shut down, also for `is_closed`.
                        assert!(gate.is_closed());
                        false
                    }
                })
            };
            gate.close();
            gate.settle();
            let drained: Vec<i32> = std::mem::take(&mut *items.lock().unwrap());
            let accepted = putter.join().unwrap();
            assert_eq!(drained, if accepted { vec![7] } else { vec![] });
            assert!(
                items.lock().unwrap().is_empty(),
                "an item arrived after settle"
            );
            assert!(gate.enter().is_none());
        });
    }

    /// Two puts and a shutdown: the count never loses a pass, so settle ends and every
    /// accepted item is there.
    #[test]
    fn two_puts_and_a_shutdown() {
        loom::model(|| {
            let gate = Arc::new(Gate::default());
            let items = Arc::new(Mutex::new(0));
            let putters: Vec<_> = (0..2)
                .map(|_| {
                    let (gate, items) = (gate.clone(), items.clone());
                    loom::thread::spawn(move || {
                        let pass = gate.enter();
                        if pass.is_some() {
                            *items.lock().unwrap() += 1;
                        }
                        pass.is_some()
                    })
                })
                .collect();
            gate.close();
            gate.settle();
            let seen = *items.lock().unwrap();
            let accepted = putters
                .into_iter()
                .map(|t| t.join().unwrap() as usize)
                .sum::<usize>();
            assert_eq!(seen, accepted);
        });
    }
}
