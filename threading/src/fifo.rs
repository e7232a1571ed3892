//! [`Queue`](crate::Queue)'s machinery: an unbounded crossbeam channel for the items, and a
//! [`Ledger`] for what Python's queue has and a channel has not.
//!
//! # Why not the lock of `locked.rs`
//!
//! `LifoQueue` and `PriorityQueue` are built like `Lib/queue.py`: one lock around the items.
//! Every `put` and every `get` then takes the same lock, so on a busy queue the lock's cache
//! line travels from core to core twice per item, and threads that find it taken wait. A
//! first-in first-out queue need not work that way: crossbeam-channel's unbounded channel is
//! lock-free (a producer claims a slot at the tail and a consumer one at the head with atomic
//! operations, on different cache lines) and parks a thread only when it really has to wait.
//! The crate's `BENCHMARKS.md` compares the two with crossbeam-channel itself.
//!
//! # What the channel does, and what the ledger does
//!
//! - **The items**: the channel, unbounded whatever `maxsize` is, so that memory grows with
//!   the items queued (crossbeam's bounded channel allocates every slot up front).
//! - **The bound, shutdown and `task_done`/`join`**: the [`Ledger`], which admits each put
//!   before it sends and counts each item taken out. Its module doc states the invariant that
//!   makes the whole queue correct.
//! - **Waking blocked gets**: the channel parks them, and a second channel, `closed`, wakes
//!   them at shutdown: it never carries a message, and its only sender is dropped then. A
//!   blocked get waits in a [`Select`] on the items *and* on `closed`, and a disconnected
//!   channel is ready for every receiver at once. Blocked puts sleep in the ledger.
//!
//! A blocking call first tries without blocking, then yields the CPU a few times
//! ([`yield_briefly`] says why it does not spin), and only then sleeps: the yields catch the
//! common case where another thread frees a slot or adds an item within microseconds.

use std::convert::Infallible;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use crossbeam_channel::{Receiver, Select, SelectedOperation, Sender, bounded, unbounded};

use crate::ledger::{Ledger, Refused, passed};
use crate::sync::{wait_until, yield_briefly};
use crate::wait::{GetFail, PutFail, Wait};

/// See the module doc.
#[derive(Debug)]
pub(crate) struct Fifo<T> {
    tx: Sender<T>,
    rx: Receiver<T>,
    /// 0 means unbounded, as in Python.
    maxsize: usize,
    ledger: Ledger,
    /// The only sender of `closed`, dropped by the first shutdown. It never sends: `Infallible`
    /// has no values. A plain `std` mutex, used once.
    closer: Mutex<Option<Sender<Infallible>>>,
    closed: Receiver<Infallible>,
}

impl<T> Fifo<T> {
    pub(crate) fn new(maxsize: usize) -> Self {
        let (tx, rx) = unbounded();
        let (closer, closed) = bounded(0);
        Fifo {
            tx,
            rx,
            maxsize,
            ledger: Ledger::new(maxsize),
            closer: Mutex::new(Some(closer)),
            closed,
        }
    }

    pub(crate) fn put(&self, item: T, wait: Wait) -> Result<(), PutFail<T>> {
        match self.ledger.admit(wait) {
            Ok(()) => {}
            Err(Refused::Full) => return Err(PutFail::Full(item)),
            Err(Refused::ShutDown) => return Err(PutFail::ShutDown(item)),
        }
        // An unbounded channel never waits to send, and fails only once every receiver is
        // gone; `self` holds one, so this always succeeds.
        self.tx
            .send(item)
            .map_err(|back| PutFail::ShutDown(back.into_inner()))
    }

    pub(crate) fn get(&self, wait: Wait) -> Result<T, GetFail> {
        let mut yielded = false;
        loop {
            if let Ok(item) = self.rx.try_recv() {
                return Ok(self.took(item));
            }
            if self.ledger.is_shut_down() {
                if self.ledger.all_taken() {
                    return Err(GetFail::ShutDown);
                }
                // A put admitted before the shutdown is still sending its item (or another
                // get has it and has not counted it yet): moments away either way.
                wait_until(|| !self.rx.is_empty() || self.ledger.all_taken());
                continue;
            }
            let Some(deadline) = wait.deadline_left() else {
                return Err(GetFail::Empty);
            };
            if !yielded {
                yielded = true;
                yield_briefly(|| {
                    !self.rx.is_empty() || self.ledger.is_shut_down() || passed(deadline)
                });
                continue;
            }
            let mut select = Select::new();
            let recv = select.recv(&self.rx);
            select.recv(&self.closed);
            let Some(op) = select_until(&mut select, deadline) else {
                continue; // timed out: the loop tries once more, then gives up
            };
            if op.index() == recv {
                if let Ok(item) = op.recv(&self.rx) {
                    return Ok(self.took(item));
                }
            } else {
                // `closed` is disconnected: the loop sees the shutdown.
                let _ = op.recv(&self.closed);
            }
        }
    }

    /// Counts `item` taken out and returns it.
    fn took(&self, item: T) -> T {
        self.ledger.took_one();
        item
    }

    /// Returns `false` if there was no unfinished task to mark done.
    pub(crate) fn task_done(&self) -> bool {
        self.ledger.task_done()
    }

    pub(crate) fn join(&self) {
        self.ledger.join()
    }

    /// Shuts the queue down. With `immediate`, removes every item (and counts each as done, so
    /// `join` returns) and returns them.
    pub(crate) fn shutdown(&self, immediate: bool) -> Vec<T> {
        self.ledger.shut_down();
        // Wakes every get parked in a `Select`; yielding ones watch `is_shut_down`.
        drop(
            self.closer
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
        if !immediate {
            return Vec::new();
        }
        // No put is admitted any more; take out every item that was, including those still
        // on their way (gets racing this may take some: each item goes to one of us).
        let mut drained = Vec::new();
        while !self.ledger.all_taken() {
            drained.extend(self.rx.try_iter().map(|item| self.took(item)));
            wait_until(|| !self.rx.is_empty() || self.ledger.all_taken());
        }
        self.ledger.mark_done(drained.len() as u64);
        drained
    }

    pub(crate) fn qsize(&self) -> usize {
        self.rx.len()
    }

    pub(crate) fn full(&self) -> bool {
        self.ledger.full()
    }

    pub(crate) fn is_shut_down(&self) -> bool {
        self.ledger.is_shut_down()
    }

    pub(crate) fn unfinished_tasks(&self) -> usize {
        self.ledger.unfinished()
    }

    pub(crate) fn maxsize(&self) -> usize {
        self.maxsize
    }
}

/// Blocks until one of `select`'s operations is ready, or until `deadline`: `None` then.
fn select_until<'a>(
    select: &mut Select<'a>,
    deadline: Option<Instant>,
) -> Option<SelectedOperation<'a>> {
    match deadline {
        None => Some(select.select()),
        Some(deadline) => select.select_deadline(deadline).ok(),
    }
}
