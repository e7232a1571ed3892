//! A priority queue with stable ties. The task, its tests and hints are on the page
//! `book/src/exercises/th5_priority.md`.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

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

// ANCHOR: task
/// One queued item with its priority and its insertion number.
#[derive(Debug)]
struct Entry<T> {
    priority: i64,
    /// Increases with every `put`: breaks ties in insertion order.
    seq: u64,
    item: T,
}

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

    /// Removes and returns the item with the lowest priority (the earliest put among
    /// equals), with its priority; `None` when empty.
    pub fn get(&mut self) -> Option<(i64, T)> {
        todo!()
    }
}
// ANCHOR_END: task
