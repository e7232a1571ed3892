//! `queue.PriorityQueue` returns the lowest priority first. Python stores
//! `(priority, item)` tuples in a heap, so equal priorities compare the items: in an
//! unspecified order for numbers, and with a `TypeError` for items that cannot be
//! compared. Here equal priorities come out in insertion order, and items need no
//! ordering at all: you write the `Ord` that makes it so.

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

// ANCHOR: solution
// `BinaryHeap` is a max-heap: the "greatest" entry comes out first. So the greatest
// entry must be the one with the lowest priority, and among equal priorities the
// lowest `seq`.
impl<T> Ord for Entry<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        (other.priority, other.seq).cmp(&(self.priority, self.seq))
    }
}

impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

// Equality must agree with `cmp`: two entries are equal when their (priority, seq)
// are. Since `seq` is unique, that only happens for an entry and itself.
impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<T> Eq for Entry<T> {}

impl<T> PriorityQueue<T> {
    /// Queues `item` with `priority` (lower comes out first).
    pub fn put(&mut self, priority: i64, item: T) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Entry {
            priority,
            seq,
            item,
        });
    }

    /// Removes and returns the item with the lowest priority (the earliest put among
    /// equals), with its priority; `None` when empty.
    pub fn get(&mut self) -> Option<(i64, T)> {
        self.heap.pop().map(|entry| (entry.priority, entry.item))
    }
}
// ANCHOR_END: solution
