//! Property test: on one thread, each queue kind behaves exactly like a plain collection
//! (`VecDeque` for `Queue`, `Vec` for `LifoQueue`, `BinaryHeap` for `PriorityQueue`) plus the
//! counters Python keeps (`maxsize`, `unfinished_tasks`, the shutdown flag).

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};
use std::time::Duration;

use proptest::prelude::*;
use threading::{
    GetTimeoutError, LifoQueue, PriorityQueue, PutTimeoutError, Queue, TryGetError, TryPutError,
};

/// An item whose order is its priority alone, so that the priority model also checks that
/// equal priorities come out in insertion order (`id` counts up as items are made).
#[derive(Debug, Clone, Copy)]
struct Job {
    prio: u8,
    id: u32,
}

impl PartialEq for Job {
    fn eq(&self, other: &Self) -> bool {
        self.prio == other.prio
    }
}
impl Eq for Job {}
impl PartialOrd for Job {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Job {
    fn cmp(&self, other: &Self) -> Ordering {
        self.prio.cmp(&other.prio)
    }
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Put(u8),
    PutNowait(u8),
    PutTimeout(u8),
    Get,
    GetNowait,
    GetTimeout,
    TaskDone,
    Join,
    Shutdown,
    ShutdownImmediate,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..4u8).prop_map(Op::Put),
        4 => (0..4u8).prop_map(Op::PutNowait),
        1 => (0..4u8).prop_map(Op::PutTimeout),
        3 => Just(Op::Get),
        3 => Just(Op::GetNowait),
        1 => Just(Op::GetTimeout),
        3 => Just(Op::TaskDone),
        1 => Just(Op::Join),
        1 => Just(Op::Shutdown),
        1 => Just(Op::ShutdownImmediate),
    ]
}

/// What an operation returned, with items reduced to their ids.
#[derive(Debug, PartialEq, Eq)]
enum Res {
    Done,
    Full(u32),
    ShutDown(u32),
    Got(u32),
    Empty,
    GetShutDown,
    TooManyTaskDone,
    Drained(Vec<u32>),
    Skipped,
}

/// The collection a queue kind is modelled by.
trait Store: Default {
    fn push(&mut self, job: Job);
    fn pop(&mut self) -> Option<Job>;
    fn len(&self) -> usize;
}

impl Store for VecDeque<Job> {
    fn push(&mut self, job: Job) {
        self.push_back(job)
    }
    fn pop(&mut self) -> Option<Job> {
        self.pop_front()
    }
    fn len(&self) -> usize {
        VecDeque::len(self)
    }
}

impl Store for Vec<Job> {
    fn push(&mut self, job: Job) {
        Vec::push(self, job)
    }
    fn pop(&mut self) -> Option<Job> {
        Vec::pop(self)
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
}

/// Min-heap on (priority, id): lowest priority first, then the oldest.
#[derive(Default)]
struct Heap(BinaryHeap<Reverse<(u8, u32)>>);

impl Store for Heap {
    fn push(&mut self, job: Job) {
        self.0.push(Reverse((job.prio, job.id)))
    }
    fn pop(&mut self) -> Option<Job> {
        self.0.pop().map(|Reverse((prio, id))| Job { prio, id })
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

/// Python's queue semantics over a plain collection, sequentially.
struct Model<S> {
    items: S,
    maxsize: usize,
    unfinished: usize,
    shut_down: bool,
}

impl<S: Store> Model<S> {
    fn full(&self) -> bool {
        self.maxsize > 0 && self.items.len() >= self.maxsize
    }
    fn put(&mut self, job: Job) -> Res {
        if self.shut_down {
            Res::ShutDown(job.id)
        } else if self.full() {
            Res::Full(job.id)
        } else {
            self.items.push(job);
            self.unfinished += 1;
            Res::Done
        }
    }
    fn get(&mut self) -> Res {
        match self.items.pop() {
            Some(job) => Res::Got(job.id),
            None if self.shut_down => Res::GetShutDown,
            None => Res::Empty,
        }
    }
}

/// The operations every queue kind has; implemented below for the three by one macro.
trait Kind {
    type Model: Store;
    fn with_maxsize(n: usize) -> Self;
    fn apply(&self, op: Op, job: Job, model: &Model<Self::Model>) -> Res;
    fn qsize(&self) -> usize;
    fn full(&self) -> bool;
    fn empty(&self) -> bool;
    fn unfinished_tasks(&self) -> usize;
    fn is_shut_down(&self) -> bool;
}

macro_rules! kind {
    ($queue:ident, $model:ty) => {
        impl Kind for $queue<Job> {
            type Model = $model;
            fn with_maxsize(n: usize) -> Self {
                $queue::with_maxsize(n)
            }
            fn apply(&self, op: Op, job: Job, model: &Model<$model>) -> Res {
                let zero = Duration::ZERO;
                let would_block_put = model.full() && !model.shut_down;
                let would_block_get = model.items.len() == 0 && !model.shut_down;
                match op {
                    Op::Put(_) if would_block_put => Res::Skipped,
                    Op::Put(_) => match self.put(job) {
                        Ok(()) => Res::Done,
                        Err(e) => Res::ShutDown(e.into_inner().id),
                    },
                    Op::PutNowait(_) => match self.put_nowait(job) {
                        Ok(()) => Res::Done,
                        Err(TryPutError::Full(j)) => Res::Full(j.id),
                        Err(TryPutError::ShutDown(j)) => Res::ShutDown(j.id),
                    },
                    Op::PutTimeout(_) => match self.put_timeout(job, zero) {
                        Ok(()) => Res::Done,
                        Err(PutTimeoutError::Full(j)) => Res::Full(j.id),
                        Err(PutTimeoutError::ShutDown(j)) => Res::ShutDown(j.id),
                    },
                    Op::Get if would_block_get => Res::Skipped,
                    Op::Get => match self.get() {
                        Ok(j) => Res::Got(j.id),
                        Err(_) => Res::GetShutDown,
                    },
                    Op::GetNowait => match self.get_nowait() {
                        Ok(j) => Res::Got(j.id),
                        Err(TryGetError::Empty) => Res::Empty,
                        Err(TryGetError::ShutDown) => Res::GetShutDown,
                    },
                    Op::GetTimeout => match self.get_timeout(zero) {
                        Ok(j) => Res::Got(j.id),
                        Err(GetTimeoutError::Empty) => Res::Empty,
                        Err(GetTimeoutError::ShutDown) => Res::GetShutDown,
                    },
                    Op::TaskDone => match self.task_done() {
                        Ok(()) => Res::Done,
                        Err(_) => Res::TooManyTaskDone,
                    },
                    Op::Join if model.unfinished > 0 => Res::Skipped,
                    Op::Join => {
                        self.join();
                        Res::Done
                    }
                    Op::Shutdown => {
                        self.shutdown();
                        Res::Done
                    }
                    Op::ShutdownImmediate => {
                        Res::Drained(self.shutdown_immediate().iter().map(|j| j.id).collect())
                    }
                }
            }
            fn qsize(&self) -> usize {
                $queue::qsize(self)
            }
            fn full(&self) -> bool {
                $queue::full(self)
            }
            fn empty(&self) -> bool {
                $queue::empty(self)
            }
            fn unfinished_tasks(&self) -> usize {
                $queue::unfinished_tasks(self)
            }
            fn is_shut_down(&self) -> bool {
                $queue::is_shut_down(self)
            }
        }
    };
}

kind!(Queue, VecDeque<Job>);
kind!(LifoQueue, Vec<Job>);
kind!(PriorityQueue, Heap);

/// Runs `ops` on a real queue and on the model; every result and every observable counter must
/// agree after every step.
fn check<Q: Kind>(maxsize: usize, ops: &[Op]) -> Result<(), TestCaseError> {
    let queue = Q::with_maxsize(maxsize);
    let mut model = Model {
        items: Q::Model::default(),
        maxsize,
        unfinished: 0,
        shut_down: false,
    };
    for (id, &op) in (0u32..).zip(ops) {
        let prio = match op {
            Op::Put(p) | Op::PutNowait(p) | Op::PutTimeout(p) => p,
            _ => 0,
        };
        let job = Job { prio, id };
        let got = queue.apply(op, job, &model);
        let want = match op {
            _ if got == Res::Skipped => Res::Skipped,
            Op::Put(_) | Op::PutNowait(_) | Op::PutTimeout(_) => model.put(job),
            Op::Get | Op::GetNowait | Op::GetTimeout => model.get(),
            Op::TaskDone if model.unfinished == 0 => Res::TooManyTaskDone,
            Op::TaskDone => {
                model.unfinished -= 1;
                Res::Done
            }
            Op::Join => Res::Done,
            Op::Shutdown => {
                model.shut_down = true;
                Res::Done
            }
            Op::ShutdownImmediate => {
                model.shut_down = true;
                let drained: Vec<u32> = std::iter::from_fn(|| model.items.pop())
                    .map(|j| j.id)
                    .collect();
                model.unfinished = model.unfinished.saturating_sub(drained.len());
                Res::Drained(drained)
            }
        };
        prop_assert_eq!(&got, &want, "step {} ({:?})", id, op);
        prop_assert_eq!(queue.qsize(), model.items.len());
        prop_assert_eq!(queue.empty(), model.items.len() == 0);
        prop_assert_eq!(queue.full(), model.full());
        prop_assert_eq!(queue.unfinished_tasks(), model.unfinished);
        prop_assert_eq!(queue.is_shut_down(), model.shut_down);
    }
    Ok(())
}

fn cases() -> impl Strategy<Value = (usize, Vec<Op>)> {
    (0..4usize, prop::collection::vec(op(), 0..60))
}

proptest! {
    #[test]
    fn fifo_queue_matches_vecdeque((maxsize, ops) in cases()) {
        check::<Queue<Job>>(maxsize, &ops)?;
    }

    #[test]
    fn lifo_queue_matches_vec((maxsize, ops) in cases()) {
        check::<LifoQueue<Job>>(maxsize, &ops)?;
    }

    #[test]
    fn priority_queue_matches_binary_heap((maxsize, ops) in cases()) {
        check::<PriorityQueue<Job>>(maxsize, &ops)?;
    }
}

/// `SimpleQueue`'s operations; it has no bound, no `task_done` and no shutdown.
#[derive(Debug, Clone, Copy)]
enum SimpleOp {
    Put,
    PutNowait,
    Get,
    GetNowait,
    GetTimeout,
}

fn simple_op() -> impl Strategy<Value = SimpleOp> {
    prop_oneof![
        Just(SimpleOp::Put),
        Just(SimpleOp::PutNowait),
        Just(SimpleOp::Get),
        Just(SimpleOp::GetNowait),
        Just(SimpleOp::GetTimeout),
    ]
}

proptest! {
    /// `SimpleQueue` behaves like a `VecDeque`: every get returns the oldest item, or `Empty`.
    #[test]
    fn simple_queue_matches_vecdeque(ops in prop::collection::vec(simple_op(), 0..60)) {
        let queue = threading::SimpleQueue::new();
        let mut model = VecDeque::new();
        for (id, &op) in (0u32..).zip(&ops) {
            let (got, want) = match op {
                SimpleOp::Put => {
                    queue.put(id);
                    model.push_back(id);
                    (None, None)
                }
                SimpleOp::PutNowait => {
                    queue.put_nowait(id);
                    model.push_back(id);
                    (None, None)
                }
                // A blocking get on an empty queue would wait forever: skipped.
                SimpleOp::Get if model.is_empty() => (None, None),
                SimpleOp::Get => (Some(Ok(queue.get())), Some(model.pop_front().ok_or(threading::Empty))),
                SimpleOp::GetNowait => (Some(queue.get_nowait()), Some(model.pop_front().ok_or(threading::Empty))),
                SimpleOp::GetTimeout => (
                    Some(queue.get_timeout(Duration::ZERO)),
                    Some(model.pop_front().ok_or(threading::Empty)),
                ),
            };
            prop_assert_eq!(got, want, "step {} ({:?})", id, op);
            prop_assert_eq!(queue.qsize(), model.len());
            prop_assert_eq!(queue.empty(), model.is_empty());
        }
    }
}
