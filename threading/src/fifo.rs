//! [`Queue`](crate::Queue)'s machinery: a crossbeam channel, plus what Python's queue has and a
//! channel has not.
//!
//! # Why not the lock of `core.rs`
//!
//! `LifoQueue` and `PriorityQueue` are built like `Lib/queue.py`: one lock around the items.
//! Every `put` and every `get` then takes the same lock, so on a busy queue the lock's cache
//! line travels from core to core twice per item, and threads that find it taken wait. A
//! first-in first-out queue need not work that way: crossbeam-channel's channels are lock-free
//! (a producer claims a slot at the tail and a consumer one at the head with atomic operations,
//! mostly on different cache lines) and park a thread only when it really has to wait. Measured
//! with `cargo bench -p threading --bench queues`, the lock-based queue took 4–6× crossbeam's
//! time with a bounded queue and 2–3× unbounded; this one takes 1.3–2.0× bounded and 1.1–1.3×
//! unbounded (every figure, with dates, in the crate README).
//!
//! So `Queue` keeps its items in a crossbeam channel (`bounded(maxsize)`, or `unbounded()` for
//! `maxsize == 0`; a bound over [`PREALLOCATED_UP_TO`] is the exception) and adds, around it,
//! the parts of Python's API a channel does not have:
//!
//! - **shutdown**: the [`Gate`] every put passes through, so that no put slips in after an
//!   immediate shutdown has drained the queue; and a second channel, `closed`, that never
//!   carries a message: its only sender is dropped at shutdown. A blocked call waits in a
//!   [`Select`] on the items *and* on `closed`, and a disconnected channel is ready for every
//!   receiver at once, so dropping that one sender wakes every blocked thread.
//! - **`task_done`/`join`**: the gate also counts the items put, per thread, and [`Tasks`]
//!   counts the tasks done, with a condition variable for `join`.
//! - **`qsize`/`full`**: the channel's `len`.
//!
//! None of this writes to memory another producer writes: a put touches only its own thread's
//! slot in the gate (and the channel). Everything shared that Python's semantics need is paid
//! for by the rarer calls, `task_done`, `join` and shutdown. That is what brought `Queue` close
//! to a bare channel; see `gate.rs` for the measurements that led there.
//!
//! A blocking call first tries without blocking, then yields the CPU a few times
//! ([`yield_until`], which says why it does not spin), and only then parks in a `Select`: the
//! yields catch the common case where another thread frees a slot or adds an item within
//! microseconds.

use std::convert::Infallible;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use crossbeam_channel::{
    Receiver, Select, SelectedOperation, Sender, TryRecvError, TrySendError, bounded, unbounded,
};

use crate::core::{Core, GetFail, PutFail, Wait};
use crate::gate::Gate;
use crate::storage::Fifo;
use crate::sync::yield_until;
use crate::tasks::Tasks;

/// The largest bound for which `Queue` uses a bounded crossbeam channel. Such a channel
/// allocates a slot for every item up front; Python allows any bound and allocates as items
/// arrive. So a larger bound (`with_maxsize(usize::MAX)` included) gets the lock-based machinery
/// of `core.rs` over a `VecDeque` that grows as needed: slower under contention, but it neither
/// reserves gigabytes nor aborts on a failed allocation. 65,536 slots of a `u64` are 1 MiB.
pub(crate) const PREALLOCATED_UP_TO: usize = 1 << 16;

/// `Queue`'s machinery: a channel (unbounded, or bounded up to [`PREALLOCATED_UP_TO`]), or the
/// lock-based core for larger bounds. Both have the same methods.
#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per queue, already behind the handle's Arc; boxing the channel variant would \
              add a pointer hop to every put and get to save memory on the rare huge bound"
)]
pub(crate) enum FifoCore<T> {
    Channel(ChannelCore<T>),
    Locked(Core<Fifo<T>>),
}

/// Calls the same method on whichever machinery the queue has.
macro_rules! dispatch {
    ($self:ident, $core:ident => $call:expr) => {
        match $self {
            FifoCore::Channel($core) => $call,
            FifoCore::Locked($core) => $call,
        }
    };
}

impl<T> FifoCore<T> {
    pub(crate) fn new(maxsize: usize) -> Self {
        if maxsize <= PREALLOCATED_UP_TO {
            FifoCore::Channel(ChannelCore::new(maxsize))
        } else {
            FifoCore::Locked(Core::new(maxsize))
        }
    }

    pub(crate) fn put(&self, item: T, wait: Wait) -> Result<(), PutFail<T>> {
        dispatch!(self, core => core.put(item, wait))
    }

    pub(crate) fn get(&self, wait: Wait) -> Result<T, GetFail> {
        dispatch!(self, core => core.get(wait))
    }

    pub(crate) fn task_done(&self) -> bool {
        dispatch!(self, core => core.task_done())
    }

    pub(crate) fn join(&self) {
        dispatch!(self, core => core.join())
    }

    pub(crate) fn shutdown(&self, immediate: bool) -> Vec<T> {
        dispatch!(self, core => core.shutdown(immediate))
    }

    pub(crate) fn qsize(&self) -> usize {
        dispatch!(self, core => core.qsize())
    }

    pub(crate) fn full(&self) -> bool {
        dispatch!(self, core => core.full())
    }

    pub(crate) fn is_shut_down(&self) -> bool {
        dispatch!(self, core => core.is_shut_down())
    }

    pub(crate) fn unfinished_tasks(&self) -> usize {
        dispatch!(self, core => core.unfinished_tasks())
    }

    pub(crate) fn maxsize(&self) -> usize {
        dispatch!(self, core => core.maxsize())
    }
}

/// The channel-based machinery; see the module doc.
#[derive(Debug)]
pub(crate) struct ChannelCore<T> {
    tx: Sender<T>,
    rx: Receiver<T>,
    /// 0 means unbounded, as in Python.
    maxsize: usize,
    gate: Gate,
    tasks: Tasks,
    /// The only sender of `closed`, dropped by the first shutdown. It never sends: `Infallible`
    /// has no values. A plain `std` mutex, used once: not part of the protocol loom checks.
    closer: Mutex<Option<Sender<Infallible>>>,
    closed: Receiver<Infallible>,
}

impl<T> ChannelCore<T> {
    pub(crate) fn new(maxsize: usize) -> Self {
        let (tx, rx) = if maxsize == 0 {
            unbounded()
        } else {
            bounded(maxsize)
        };
        let (closer, closed) = bounded(0);
        ChannelCore {
            tx,
            rx,
            maxsize,
            gate: Gate::default(),
            tasks: Tasks::default(),
            closer: Mutex::new(Some(closer)),
            closed,
        }
    }

    pub(crate) fn put(&self, item: T, wait: Wait) -> Result<(), PutFail<T>> {
        // The gate counts the item before it is sent: a consumer may get it and call
        // `task_done` before `send` has even returned. A put that fails counts itself done.
        let Some(_pass) = self.gate.enter() else {
            return Err(PutFail::ShutDown(item));
        };
        let sent = self.send(item, wait);
        if sent.is_err() {
            self.tasks.done(&self.gate);
        }
        sent
    }

    /// Sends `item` (the caller holds a pass through the gate), waiting for room as `wait`
    /// allows.
    fn send(&self, mut item: T, wait: Wait) -> Result<(), PutFail<T>> {
        let mut spun = false;
        loop {
            match self.tx.try_send(item) {
                Ok(()) => return Ok(()),
                Err(TrySendError::Full(back)) => item = back,
                // The core holds a receiver, so this cannot happen; treat it as shut down.
                Err(TrySendError::Disconnected(back)) => return Err(PutFail::ShutDown(back)),
            }
            // Python checks for shutdown before a put (here: the gate) and after every wait.
            // Checking only once the queue is found full keeps the check off the fast path.
            if self.gate.is_closed() {
                return Err(PutFail::ShutDown(item));
            }
            let Some(deadline) = wait.deadline_left() else {
                return Err(PutFail::Full(item));
            };
            if !spun {
                spun = true;
                yield_until(|| !self.tx.is_full() || self.gate.is_closed() || passed(deadline));
                continue;
            }
            let mut select = Select::new();
            let send = select.send(&self.tx);
            select.recv(&self.closed);
            let Some(op) = select_until(&mut select, deadline) else {
                continue; // timed out: the loop tries once more, then gives up
            };
            // If room appears just as shutdown disconnects `closed` (here, or between a wait
            // and the next `try_send`), the put may go through, where Python (deciding under
            // its lock) would refuse it. Nothing is lost: the item is in the queue, and gets
            // after a plain shutdown hand it out; an immediate shutdown waits for this put at
            // the gate and drains it.
            if op.index() == send {
                return op
                    .send(&self.tx, item)
                    .map_err(|back| PutFail::ShutDown(back.into_inner()));
            }
            // `closed` is disconnected: the loop sees the shutdown.
            let _ = op.recv(&self.closed);
        }
    }

    pub(crate) fn get(&self, wait: Wait) -> Result<T, GetFail> {
        let mut spun = false;
        loop {
            match self.rx.try_recv() {
                Ok(item) => return Ok(item),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => return Err(GetFail::ShutDown),
            }
            if self.gate.is_closed() {
                return self.get_after_shutdown();
            }
            let Some(deadline) = wait.deadline_left() else {
                return Err(GetFail::Empty);
            };
            if !spun {
                spun = true;
                yield_until(|| !self.rx.is_empty() || self.gate.is_closed() || passed(deadline));
                continue;
            }
            let mut select = Select::new();
            let recv = select.recv(&self.rx);
            select.recv(&self.closed);
            let Some(op) = select_until(&mut select, deadline) else {
                continue;
            };
            if op.index() == recv {
                return op.recv(&self.rx).map_err(|_| GetFail::ShutDown);
            }
            let _ = op.recv(&self.closed);
        }
    }

    /// A get on a shut-down queue that looked empty. Puts that passed the gate before the
    /// shutdown may still be sending; once they are done, nothing new can arrive, and what is
    /// left is handed out (Python: gets drain the queue, then raise `ShutDown`).
    fn get_after_shutdown(&self) -> Result<T, GetFail> {
        self.gate.settle();
        self.rx.try_recv().map_err(|_| GetFail::ShutDown)
    }

    /// Returns `false` if there was no unfinished task to mark done.
    pub(crate) fn task_done(&self) -> bool {
        self.tasks.done(&self.gate)
    }

    pub(crate) fn join(&self) {
        self.tasks.join(&self.gate)
    }

    /// Shuts the queue down. With `immediate`, removes every item (and counts each as done, so
    /// `join` returns) and returns them.
    pub(crate) fn shutdown(&self, immediate: bool) -> Vec<T> {
        self.gate.close();
        // Wakes every thread parked in a `Select`. Yielding threads watch `is_closed`.
        drop(
            self.closer
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
        if !immediate {
            return Vec::new();
        }
        self.gate.settle();
        let drained: Vec<T> = self.rx.try_iter().collect();
        self.tasks.done_up_to(&self.gate, drained.len());
        drained
    }

    pub(crate) fn qsize(&self) -> usize {
        self.rx.len()
    }

    pub(crate) fn full(&self) -> bool {
        self.maxsize > 0 && self.rx.len() >= self.maxsize
    }

    pub(crate) fn is_shut_down(&self) -> bool {
        self.gate.is_closed()
    }

    pub(crate) fn unfinished_tasks(&self) -> usize {
        self.tasks.unfinished(&self.gate)
    }

    pub(crate) fn maxsize(&self) -> usize {
        self.maxsize
    }
}

/// Whether `deadline` (`None`: no deadline) has passed.
fn passed(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() >= d)
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

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::Queue;

    /// A bound too large to allocate up front takes the lock-based path, which behaves the
    /// same (the property tests in `tests/model.rs` check that path's machinery through
    /// `LifoQueue` and `PriorityQueue`, and the channel path through `Queue`).
    #[test]
    fn huge_bounds_are_a_growable_lock_based_queue() {
        let q = Queue::with_maxsize(usize::MAX);
        assert_eq!(q.maxsize(), usize::MAX);
        for i in 0..1000 {
            q.put_nowait(i).unwrap();
        }
        assert!(!q.full());
        assert_eq!(q.get(), Ok(0));
        assert_eq!(q.qsize(), 999);

        let just_over = FifoCore::<u8>::new(PREALLOCATED_UP_TO + 1);
        assert!(matches!(just_over, FifoCore::Locked(_)));
        assert!(matches!(
            FifoCore::<u8>::new(PREALLOCATED_UP_TO),
            FifoCore::Channel(_)
        ));
        assert!(matches!(FifoCore::<u8>::new(0), FifoCore::Channel(_)));
    }

    /// The lock-based path, built small enough to fill: first in, first out, and full at its
    /// bound.
    #[test]
    fn the_lock_based_path_is_fifo_and_bounded() {
        let q: FifoCore<u32> = FifoCore::Locked(Core::new(2));
        q.put(1, Wait::No).ok().unwrap();
        q.put(2, Wait::No).ok().unwrap();
        assert!(q.full());
        assert!(matches!(q.put(3, Wait::No), Err(PutFail::Full(3))));
        assert_eq!(q.get(Wait::No).ok(), Some(1));
        assert_eq!(q.get(Wait::No).ok(), Some(2));
        assert_eq!(q.unfinished_tasks(), 2);
        assert!(q.task_done() && q.task_done() && !q.task_done());
        q.put(4, Wait::No).ok().unwrap();
        assert_eq!(q.shutdown(true), [4]);
        assert!(q.is_shut_down());
        assert_eq!(q.unfinished_tasks(), 0, "the drained item counts as done");
    }
}
