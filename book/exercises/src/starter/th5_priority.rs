// ANCHOR: starter
//! `queue.PriorityQueue` returns the lowest priority first. Python stores `(priority, item)` tuples
//! in a heap, so equal priorities compare the items: in an unspecified order for numbers, and with
//! a `TypeError` for items that cannot be compared. Here equal priorities come out in insertion
//! order, and items need no ordering at all: you write the `Ord` that makes it so.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One queued item with its priority and its insertion number.
#[derive(Debug)]
struct Entry<T> {
    priority: i64,
    /// Increases with every `put`: breaks ties in insertion order.
    seq: u64,
    item: T,
}

/// A priority queue: lowest priority first, equal priorities in insertion order.
#[derive(Debug)]
pub struct PriorityQueue<T> {
    heap: BinaryHeap<Entry<T>>,
    next_seq: u64,
}

impl<T> Default for PriorityQueue<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> PriorityQueue<T> {
    /// An empty queue.
    pub fn new() -> Self {
        PriorityQueue {
            heap: BinaryHeap::new(),
            next_seq: 0,
        }
    }

    /// How many items are queued.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether the queue is empty.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

// `BinaryHeap` is a max-heap: the "greatest" entry comes out first. Which entry must be the
// greatest? Compare `(priority, seq)` pairs; tuples compare field by field.
impl<T> Ord for Entry<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        todo!()
    }
}

impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        todo!()
    }
}

// Equality must agree with `cmp` (`BinaryHeap` relies on it). Why can't it be derived here?
impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        todo!()
    }
}

impl<T> Eq for Entry<T> {}

impl<T> PriorityQueue<T> {
    /// Queues `item` with `priority` (lower comes out first).
    pub fn put(&mut self, priority: i64, item: T) {
        todo!()
    }

    /// Removes and returns the item with the lowest priority (the earliest put among equals),
    /// with its priority; `None` when empty.
    pub fn get(&mut self) -> Option<(i64, T)> {
        todo!()
    }
}
// ANCHOR_END: starter
