//! User code that panics inside a queue operation loses nothing: a property test with random
//! panicking comparisons against a sequential model, and the case that `BinaryHeap` gets wrong.
//!
//! `PriorityQueue` runs the items' `Ord` under its lock. When a comparison panics, the panic
//! reaches the caller, and the queue is as if the operation had not happened, except that a
//! panicking put has stored (and counted) its item. `Queue` and `LifoQueue` never compare
//! items; the same test checks that they never panic.

use std::cell::Cell;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::time::Duration;

use proptest::prelude::*;
use threading::{LifoQueue, PriorityQueue, Queue};

thread_local! {
    /// Comparisons left before the next one panics; `None`: never.
    static FUSE: Cell<Option<u8>> = const { Cell::new(None) };
}

/// The payload of the comparisons' panics; the hook below keeps quiet about it.
struct Boom;

fn quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !info.payload().is::<Boom>() {
                default(info);
            }
        }));
    });
}

/// Ordered by `prio` alone (so equal priorities must come out in insertion order); its
/// comparison panics when the fuse burns out.
#[derive(Debug, Clone, Copy)]
struct Job {
    prio: u8,
    id: u32,
}

impl Ord for Job {
    fn cmp(&self, other: &Self) -> Ordering {
        if let Some(left) = FUSE.get() {
            if left == 0 {
                FUSE.set(None);
                panic::panic_any(Boom);
            }
            FUSE.set(Some(left - 1));
        }
        self.prio.cmp(&other.prio)
    }
}
impl PartialOrd for Job {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Job {
    fn eq(&self, other: &Self) -> bool {
        self.prio == other.prio
    }
}
impl Eq for Job {}

#[derive(Debug, Clone, Copy)]
enum Op {
    Put(u8),
    Get,
    GetNowait,
    TaskDone,
    Shutdown,
    ShutdownImmediate,
}

fn op() -> impl Strategy<Value = (Op, Option<u8>)> {
    let op = prop_oneof![
        5 => (0..4u8).prop_map(Op::Put),
        2 => Just(Op::Get),
        2 => Just(Op::GetNowait),
        2 => Just(Op::TaskDone),
        1 => Just(Op::Shutdown),
        1 => Just(Op::ShutdownImmediate),
    ];
    // Half the operations have a fuse: the comparison after `n` others panics.
    (op, prop::option::of(0..6u8))
}

/// What an operation returned, items reduced to their ids; `Panicked` if it panicked.
#[derive(Debug, PartialEq, Eq)]
enum Res {
    Ok,
    Refused(u32),
    Got(u32),
    NoItem,
    TooManyTaskDone,
    Drained(Vec<u32>),
    Panicked,
}

/// The three queue kinds, seen through one interface.
trait Kind {
    fn new() -> Self;
    fn put(&self, job: Job) -> Res;
    fn get(&self) -> Res;
    fn get_nowait(&self) -> Res;
    fn task_done(&self) -> Res;
    fn shutdown(&self);
    fn shutdown_immediate(&self) -> Res;
    fn qsize(&self) -> usize;
    fn unfinished_tasks(&self) -> usize;
    fn join(&self);
}

macro_rules! kind {
    ($queue:ident) => {
        impl Kind for $queue<Job> {
            fn new() -> Self {
                $queue::new()
            }
            fn put(&self, job: Job) -> Res {
                self.put(job)
                    .map_or_else(|e| Res::Refused(e.into_inner().id), |()| Res::Ok)
            }
            fn get(&self) -> Res {
                self.get().map_or(Res::NoItem, |j| Res::Got(j.id))
            }
            fn get_nowait(&self) -> Res {
                self.get_nowait().map_or(Res::NoItem, |j| Res::Got(j.id))
            }
            fn task_done(&self) -> Res {
                self.task_done().map_or(Res::TooManyTaskDone, |()| Res::Ok)
            }
            fn shutdown(&self) {
                self.shutdown()
            }
            fn shutdown_immediate(&self) -> Res {
                Res::Drained(self.shutdown_immediate().iter().map(|j| j.id).collect())
            }
            fn qsize(&self) -> usize {
                self.qsize()
            }
            fn unfinished_tasks(&self) -> usize {
                self.unfinished_tasks()
            }
            fn join(&self) {
                self.join()
            }
        }
    };
}

kind!(Queue);
kind!(LifoQueue);
kind!(PriorityQueue);

/// The items in the model, in the order each kind hands them out.
#[derive(Clone, Copy, PartialEq)]
enum Order {
    Fifo,
    Lifo,
    Priority,
}

struct Model {
    order: Order,
    /// (prio, id); ids grow, so (prio, id) order is the priority queue's order.
    items: BTreeSet<(u8, u32)>,
    unfinished: usize,
    shut_down: bool,
}

impl Model {
    fn next(&self) -> Option<(u8, u32)> {
        match self.order {
            Order::Fifo => self.items.iter().min_by_key(|&&(_, id)| id).copied(),
            Order::Lifo => self.items.iter().max_by_key(|&&(_, id)| id).copied(),
            Order::Priority => self.items.first().copied(),
        }
    }
    fn take(&mut self) -> Option<u32> {
        let next = self.next()?;
        self.items.remove(&next);
        Some(next.1)
    }
}

fn check<Q: Kind>(order: Order, ops: &[(Op, Option<u8>)]) -> Result<(), TestCaseError> {
    quiet_hook();
    let q = Q::new();
    let mut m = Model {
        order,
        items: BTreeSet::new(),
        unfinished: 0,
        shut_down: false,
    };
    for (id, &(op, fuse)) in (0u32..).zip(ops) {
        if matches!(op, Op::Get) && m.items.is_empty() && !m.shut_down {
            continue; // would block forever
        }
        FUSE.set(fuse);
        let got = panic::catch_unwind(AssertUnwindSafe(|| match op {
            Op::Put(prio) => q.put(Job { prio, id }),
            Op::Get => q.get(),
            Op::GetNowait => q.get_nowait(),
            Op::TaskDone => q.task_done(),
            Op::Shutdown => {
                q.shutdown();
                Res::Ok
            }
            Op::ShutdownImmediate => q.shutdown_immediate(),
        }))
        .unwrap_or(Res::Panicked);
        FUSE.set(None);
        let want = if got == Res::Panicked {
            prop_assert!(order == Order::Priority, "only a priority queue compares");
            // As if nothing happened, except that a put stores its item and an immediate
            // shutdown has shut the queue.
            match op {
                Op::Put(prio) => {
                    prop_assert!(!m.shut_down, "a refused put compares nothing");
                    m.items.insert((prio, id));
                    m.unfinished += 1;
                }
                Op::ShutdownImmediate => m.shut_down = true,
                _ => {}
            }
            Res::Panicked
        } else {
            match op {
                Op::Put(_) if m.shut_down => Res::Refused(id),
                Op::Put(prio) => {
                    m.items.insert((prio, id));
                    m.unfinished += 1;
                    Res::Ok
                }
                Op::Get | Op::GetNowait => m.take().map_or(Res::NoItem, Res::Got),
                Op::TaskDone if m.unfinished == 0 => Res::TooManyTaskDone,
                Op::TaskDone => {
                    m.unfinished -= 1;
                    Res::Ok
                }
                Op::Shutdown => {
                    m.shut_down = true;
                    Res::Ok
                }
                Op::ShutdownImmediate => {
                    m.shut_down = true;
                    let drained: Vec<u32> = std::iter::from_fn(|| m.take()).collect();
                    m.unfinished = m.unfinished.saturating_sub(drained.len());
                    Res::Drained(drained)
                }
            }
        };
        prop_assert_eq!(&got, &want, "step {} ({:?}, fuse {:?})", id, op, fuse);
        prop_assert_eq!(q.qsize(), m.items.len());
        prop_assert_eq!(q.unfinished_tasks(), m.unfinished);
    }
    // Whatever panicked, the rest comes out in order, and `join` returns once each is done.
    let rest: Vec<Res> = std::iter::from_fn(|| Some(q.get_nowait()))
        .take_while(|r| *r != Res::NoItem)
        .collect();
    let want: Vec<Res> = std::iter::from_fn(|| m.take()).map(Res::Got).collect();
    prop_assert_eq!(rest, want);
    while q.task_done() == Res::Ok {}
    q.join();
    Ok(())
}

proptest! {
    #[test]
    fn priority_queue_loses_nothing_to_a_panicking_ord(ops in prop::collection::vec(op(), 0..40)) {
        check::<PriorityQueue<Job>>(Order::Priority, &ops)?;
    }

    #[test]
    fn lifo_queue_never_compares(ops in prop::collection::vec(op(), 0..40)) {
        check::<LifoQueue<Job>>(Order::Lifo, &ops)?;
    }

    #[test]
    fn fifo_queue_never_compares(ops in prop::collection::vec(op(), 0..40)) {
        check::<Queue<Job>>(Order::Fifo, &ops)?;
    }
}

/// The case `std`'s `BinaryHeap` gets wrong: a get whose comparison panics. The items stay in
/// order, `unfinished_tasks` counts exactly them, and `join` returns once they are done (on
/// another thread, with a watchdog, so that a hang is a failure).
#[test]
fn a_get_whose_comparison_panics_keeps_every_item_in_order() {
    quiet_hook();
    let q = PriorityQueue::new();
    for (prio, id) in [(2, 0), (1, 1), (3, 2)] {
        q.put(Job { prio, id }).unwrap();
    }
    FUSE.set(Some(0));
    let get = panic::catch_unwind(AssertUnwindSafe(|| q.get()));
    FUSE.set(None);
    assert!(get.is_err(), "the panic reaches the caller");
    assert_eq!(q.qsize(), 3);
    assert_eq!(q.unfinished_tasks(), 3);
    let order: Vec<u8> = std::iter::from_fn(|| q.get_nowait().ok())
        .map(|j| j.prio)
        .collect();
    assert_eq!(order, [1, 2, 3]);
    // Not a scoped thread: a scope would wait for a `join` that hangs instead of failing.
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let joiner = q.clone();
    std::thread::spawn(move || {
        joiner.join();
        let _ = done_tx.send(());
    });
    for _ in 0..3 {
        q.task_done().unwrap();
    }
    let joined = done_rx.recv_timeout(Duration::from_secs(30));
    assert!(joined.is_ok(), "join did not return");
}
